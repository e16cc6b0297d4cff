/**
 * The one interface every cryptographic operation of the SDK goes through.
 *
 * GSMA RSP uses exactly two curves (SGP.22 §2.6.5: NIST P-256 and brainpoolP256r1), ECDSA with
 * SHA-256, ECKA (plain ECDH, BSI TR-03111), the ANSI X9.63 KDF, AES-128 in CBC mode without
 * padding and AES-CMAC (SCP03t, SGP.22 §2.5.4). Two implementations give identical results:
 * the pure-TypeScript default (browsers included) and a native Node provider (`sgp32/node`).
 *
 * All operations are synchronous: both backends (noble and node:crypto) are synchronous, and a
 * synchronous interface keeps the hot paths of an eIM free of promise overhead.
 *
 * @module
 */
import { concatBytes } from '../der/bytes.js';

/** The curves GSMA RSP allows (SGP.22 §2.6.5). */
export type Curve = 'P-256' | 'brainpoolP256r1';

/**
 * How an ECDSA signature is laid out.
 * - `'raw'`: r‖s, 32 bytes each, big-endian (BSI TR-03111), as GSMA carries it inside tag 5F37.
 * - `'der'`: the X.509 `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }`.
 */
export type SignatureForm = 'raw' | 'der';

/** An EC private key: the curve and the 32-byte big-endian scalar. */
export interface EcPrivateKey {
  readonly kind: 'private';
  readonly curve: Curve;
  /** 32 bytes, big-endian. */
  readonly d: Uint8Array;
}

/** An EC public key: the curve and the point, uncompressed (`04‖x‖y`, 65 bytes). */
export interface EcPublicKey {
  readonly kind: 'public';
  readonly curve: Curve;
  /** 65 bytes, uncompressed SEC1 form. */
  readonly point: Uint8Array;
}

/** A freshly generated key pair. */
export interface EcKeyPair {
  readonly privateKey: EcPrivateKey;
  readonly publicKey: EcPublicKey;
}

/**
 * AES-128 under one key, set up once: the key schedule (pure TypeScript) or the native cipher
 * contexts (node:crypto) are made on first use and reused by every later call, so a stream of
 * SCP03t segments pays the set-up once per session key instead of three or four times per
 * segment. Each call gives exactly what the provider's stateless operation of the same name
 * gives; calls are independent of one another (no chaining state leaks between them).
 * Returned arrays are fresh and owned by the caller.
 */
export interface Aes128Key {
  /** AES-128 of one 16-byte block (ECB). */
  encryptBlock(block: Uint8Array): Uint8Array;
  /** AES-128-ECB of each 16-byte block of `data` (length a multiple of 16). */
  ecbEncrypt(data: Uint8Array): Uint8Array;
  /** AES-128-CBC without padding; `data.length` must be a multiple of 16. */
  cbcEncrypt(iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** AES-128-CBC decryption without padding; `data.length` must be a multiple of 16. */
  cbcDecrypt(iv: Uint8Array, data: Uint8Array): Uint8Array;
  /**
   * AES-CMAC (RFC 4493), full 16-byte tag, of `data` — or of the concatenation of all the
   * arguments, which spares the caller a copy when the message comes in pieces (SCP03t MACs
   * the chaining value followed by the segment).
   */
  cmac(data: Uint8Array, ...more: Uint8Array[]): Uint8Array;
}

/** The operations both providers implement. Every argument is checked at the door. */
export interface CryptoProvider {
  /** `'noble'` for the pure-TypeScript provider, `'node'` for the native one. */
  readonly name: string;

  sha256(data: Uint8Array): Uint8Array;

  /** ECDSA with SHA-256 over `message` (the provider hashes). */
  ecdsaSign(key: EcPrivateKey, message: Uint8Array, form: SignatureForm): Uint8Array;
  /** Returns false for any signature that does not verify, including malformed ones. */
  ecdsaVerify(key: EcPublicKey, message: Uint8Array, signature: Uint8Array, form: SignatureForm): boolean;

  /** ECKA / ECDH: the x-coordinate of d·Q, 32 bytes (BSI TR-03111 §4.3.1). */
  ecdh(privateKey: EcPrivateKey, publicKey: EcPublicKey): Uint8Array;

  generateKeyPair(curve: Curve): EcKeyPair;
  /** Derives the public key of a private key. */
  publicKeyOf(privateKey: EcPrivateKey): EcPublicKey;

  /** AES-128-CBC, no padding: data length must be a multiple of 16. */
  aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** AES-128 of one 16-byte block (ECB), used to derive SCP03t ICVs. */
  aesEcbEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array;
  /** AES-CMAC (RFC 4493), full 16-byte tag. */
  aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array;
  /**
   * Prepares `key` (16 bytes, copied) for many AES operations; see {@link Aes128Key}. Optional
   * so that a provider written against the earlier interface still works: callers fall back to
   * the stateless operations through {@link aes128KeyOf}.
   */
  aes128Key?(key: Uint8Array): Aes128Key;

  randomBytes(length: number): Uint8Array;
}

/**
 * The prepared AES-128 key of `provider` when it offers one, else an adapter over its stateless
 * operations (same results, no speed-up).
 *
 * @throws TypeError/RangeError when `key` is not 16 bytes.
 */
export function aes128KeyOf(provider: CryptoProvider, key: Uint8Array): Aes128Key {
  if (typeof provider.aes128Key === 'function') return provider.aes128Key(key);
  if (!(key instanceof Uint8Array)) throw new TypeError('key: expected a Uint8Array');
  if (key.length !== 16) throw new RangeError(`key: expected 16 bytes, got ${key.length}`);
  const k = new Uint8Array(key);
  return {
    encryptBlock: (block) => provider.aesEcbEncryptBlock(k, block),
    ecbEncrypt: (data) => {
      if (!(data instanceof Uint8Array) || data.length % 16 !== 0) throw new RangeError('data: expected a Uint8Array whose length is a multiple of 16');
      const out = new Uint8Array(data.length);
      for (let o = 0; o < data.length; o += 16) out.set(provider.aesEcbEncryptBlock(k, data.subarray(o, o + 16)), o);
      return out;
    },
    cbcEncrypt: (iv, data) => provider.aesCbcEncrypt(k, iv, data),
    cbcDecrypt: (iv, data) => provider.aesCbcDecrypt(k, iv, data),
    cmac: (data, ...more) => {
      for (const m of more) if (!(m instanceof Uint8Array)) throw new TypeError('data: expected Uint8Array pieces');
      return provider.aesCmac(k, more.length === 0 ? data : concatBytes([data, ...more]));
    },
  };
}

