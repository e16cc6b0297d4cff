/**
 * The pure-TypeScript crypto provider, on the audited noble libraries: @noble/curves (P-256,
 * brainpoolP256r1) and @noble/hashes (SHA-256). AES-128 (CBC, ECB, CMAC per RFC 4493) is this
 * library's own table-driven implementation in `aes-js.ts`, written for SCP03t's long runs of
 * blocks and tested against node:crypto, @noble/ciphers and the NIST and RFC vectors. Runs
 * unchanged in browsers and on Node; randomness comes from `globalThis.crypto.getRandomValues`.
 *
 * ECDSA policy (same in the native provider):
 * - signing is deterministic (RFC 6979 nonces) and does not normalise s, exactly like plain
 *   X9.62 / BSI TR-03111 ECDSA; OpenSSL and every GSMA verifier accept the result;
 * - verification accepts both low and high s (signatures made by eUICCs and OpenSSL have either),
 *   requires 1 ≤ r, s < n, and reads DER signatures with the strict reader of
 *   {@link ecdsaDerToRaw}: a signature that is not strict DER does not verify.
 *
 * @module
 */
import { p256 } from '@noble/curves/nist.js';
import { brainpoolP256r1 } from '@noble/curves/misc.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Aes128Key, CryptoProvider, Curve, EcKeyPair, EcPrivateKey, EcPublicKey, SignatureForm } from './provider.js';
import {
  CURVES,
  assertBytes,
  assertCurve,
  assertForm,
  assertPrivateKey,
  assertPublicKey,
  assertRandomLength,
  assertSameCurve,
  bytesToBigInt,
} from './curves.js';
import { CryptoKeyFormatError, SignatureFormatError } from './errors.js';
import { ecdsaDerToRaw, ecdsaRawToDer } from './signature-form.js';
import { jsAes128Key } from './aes-js.js';

const IMPL = { 'P-256': p256, brainpoolP256r1 } as const;

/** Public keys already checked to lie on their curve (keyed by the key object). */
const checkedPublicKeys = new WeakSet<EcPublicKey>();

function checkPoint(key: EcPublicKey, name: string): void {
  if (checkedPublicKeys.has(key)) return;
  const { Point } = IMPL[key.curve];
  const p = CURVES[key.curve].p;
  const x = bytesToBigInt(key.point.subarray(1, 33));
  const y = bytesToBigInt(key.point.subarray(33));
  if (x >= p || y >= p) throw new CryptoKeyFormatError('point-not-on-curve', `${name}.point: coordinate not below the field prime of ${key.curve}`);
  try {
    Point.fromBytes(key.point).assertValidity();
  } catch (cause) {
    throw new CryptoKeyFormatError('point-not-on-curve', `${name}.point: not a point on ${key.curve} (${(cause as Error).message})`);
  }
  checkedPublicKeys.add(key);
}

/** Signature bytes as raw r‖s, or undefined when the DER form is malformed. */
function toRaw(signature: Uint8Array, form: SignatureForm): Uint8Array | undefined {
  if (form === 'raw') return signature.length === 64 ? signature : undefined;
  try {
    return ecdsaDerToRaw(signature);
  } catch (e) {
    if (e instanceof SignatureFormatError) return undefined;
    throw e;
  }
}

function fillRandom(out: Uint8Array): Uint8Array {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (!c || typeof c.getRandomValues !== 'function') {
    throw new Error('randomBytes: globalThis.crypto.getRandomValues is not available in this environment');
  }
  // getRandomValues fills at most 65536 bytes per call.
  for (let i = 0; i < out.length; i += 65536) c.getRandomValues(out.subarray(i, Math.min(out.length, i + 65536)));
  return out;
}

/**
 * The pure-TypeScript {@link CryptoProvider} (also exported as `defaultProvider`).
 *
 * @example
 * ```ts
 * import { nobleProvider } from 'sgp32/crypto';
 * const { privateKey, publicKey } = nobleProvider.generateKeyPair('brainpoolP256r1');
 * const sig = nobleProvider.ecdsaSign(privateKey, message, 'raw');
 * nobleProvider.ecdsaVerify(publicKey, message, sig, 'raw'); // true
 * ```
 */
export const nobleProvider: CryptoProvider = {
  name: 'noble',

  sha256(data: Uint8Array): Uint8Array {
    assertBytes(data, 'data');
    return sha256(data);
  },

  ecdsaSign(key: EcPrivateKey, message: Uint8Array, form: SignatureForm): Uint8Array {
    assertPrivateKey(key, 'key');
    assertBytes(message, 'message');
    assertForm(form);
    const raw = IMPL[key.curve].sign(message, key.d, { prehash: true, lowS: false, format: 'compact' });
    return form === 'raw' ? raw : ecdsaRawToDer(raw);
  },

  ecdsaVerify(key: EcPublicKey, message: Uint8Array, signature: Uint8Array, form: SignatureForm): boolean {
    assertPublicKey(key, 'key');
    assertBytes(message, 'message');
    assertBytes(signature, 'signature');
    assertForm(form);
    checkPoint(key, 'key');
    const raw = toRaw(signature, form);
    if (raw === undefined) return false;
    const n = CURVES[key.curve].n;
    const r = bytesToBigInt(raw.subarray(0, 32));
    const s = bytesToBigInt(raw.subarray(32));
    if (r === 0n || s === 0n || r >= n || s >= n) return false;
    return IMPL[key.curve].verify(raw, message, key.point, { prehash: true, lowS: false, format: 'compact' });
  },

  ecdh(privateKey: EcPrivateKey, publicKey: EcPublicKey): Uint8Array {
    assertPrivateKey(privateKey, 'privateKey');
    assertPublicKey(publicKey, 'publicKey');
    assertSameCurve(privateKey, publicKey);
    checkPoint(publicKey, 'publicKey');
    // Compressed output is 02|03 ‖ x: drop the prefix to keep the x-coordinate (TR-03111 §4.3.1).
    return IMPL[privateKey.curve].getSharedSecret(privateKey.d, publicKey.point, true).slice(1);
  },

  generateKeyPair(curve: Curve): EcKeyPair {
    assertCurve(curve);
    const d = IMPL[curve].utils.randomSecretKey();
    const privateKey: EcPrivateKey = { kind: 'private', curve, d };
    return { privateKey, publicKey: nobleProvider.publicKeyOf(privateKey) };
  },

  publicKeyOf(privateKey: EcPrivateKey): EcPublicKey {
    assertPrivateKey(privateKey, 'privateKey');
    const publicKey: EcPublicKey = { kind: 'public', curve: privateKey.curve, point: IMPL[privateKey.curve].getPublicKey(privateKey.d, false) };
    checkedPublicKeys.add(publicKey);
    return publicKey;
  },

  // The stateless AES calls prepare the key for the one call (key expansion is a few hundred
  // nanoseconds) and run the same block loops as a prepared key, which also checks the
  // arguments (key, then iv, then data; the same messages as everywhere else).
  aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
    return jsAes128Key(key).cbcEncrypt(iv, data);
  },

  aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
    return jsAes128Key(key).cbcDecrypt(iv, data);
  },

  aesEcbEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
    return jsAes128Key(key).encryptBlock(block);
  },

  aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array {
    return jsAes128Key(key).cmac(data);
  },

  aes128Key(key: Uint8Array): Aes128Key {
    return jsAes128Key(key);
  },

  randomBytes(length: number): Uint8Array {
    assertRandomLength(length);
    return fillRandom(new Uint8Array(length));
  },
};
