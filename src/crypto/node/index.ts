/**
 * `sgp32/node` — the native crypto provider, on node:crypto (OpenSSL). Same operations and the
 * same results as the pure-TypeScript provider (SGP.22 §2.6.5 curves, ECDSA-SHA256, ECKA,
 * AES-128-CBC/ECB, AES-CMAC), several times faster for EC operations.
 *
 * Raw keys are turned into OpenSSL KeyObjects once (through PKCS#8 / SPKI DER built by this
 * package) and cached per key object in a WeakMap, so signing or verifying repeatedly with the
 * same key object costs one native call. Key objects are treated as immutable: do not modify
 * `d` or `point` in place after first use.
 *
 * ECDSA policy, identical to the noble provider: signatures are not normalised to low s, both
 * low and high s verify, r and s must lie in [1, n-1], and DER signatures must be strict DER
 * (checked by our own reader before OpenSSL sees them, so both providers accept exactly the
 * same inputs).
 *
 * @module
 */
import {
  createCipheriv,
  createDecipheriv,
  createECDH,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  randomFillSync,
  sign as nodeSign,
  verify as nodeVerify,
  type ECDH,
  type KeyObject,
} from 'node:crypto';
import * as nodeCrypto from 'node:crypto';
import type { Aes128Key, CryptoProvider, Curve, EcKeyPair, EcPrivateKey, EcPublicKey, SignatureForm } from '../provider.js';
import {
  CURVES,
  assertAesArgs,
  assertBytes,
  assertCurve,
  assertForm,
  assertLength,
  assertPrivateKey,
  assertPublicKey,
  assertRandomLength,
  assertSameCurve,
  below,
  isZero,
  limitBytes,
} from '../curves.js';
import { CryptoKeyFormatError, SignatureFormatError } from '../errors.js';
import { ecdsaDerToRaw, ecdsaRawToDer } from '../signature-form.js';
import { pkcs8Der, spkiDer } from '../key-der.js';
import { nodeAes128Key } from './aes.js';

/** `crypto.hash` (Node 20.12+): a one-shot digest without a Hash object, ~40 % faster for short inputs. */
const oneShotHash = (nodeCrypto as { hash?: (alg: string, data: Uint8Array, enc: 'buffer') => Buffer }).hash;

const privateKeyObjects = new WeakMap<EcPrivateKey, KeyObject>();
/**
 * ECDH contexts per private key. Key agreement goes through `ECDH.computeSecret`, which takes
 * the peer's point as bytes: no SPKI encoding and no KeyObject per peer key, which matters
 * because the peer key of RSP key agreement is a fresh one-time key every time.
 */
const ecdhObjects = new WeakMap<EcPrivateKey, ECDH>();

/** Public points already derived, per private key. */
const publicPoints = new WeakMap<EcPrivateKey, Uint8Array>();

function ecdhObject(key: EcPrivateKey): ECDH {
  let e = ecdhObjects.get(key);
  if (e === undefined) {
    e = createECDH(CURVES[key.curve].opensslName);
    e.setPrivateKey(key.d);
    ecdhObjects.set(key, e);
  }
  return e;
}
const publicKeyObjects = new WeakMap<EcPublicKey, KeyObject>();

function privateKeyObject(key: EcPrivateKey): KeyObject {
  let ko = privateKeyObjects.get(key);
  if (ko === undefined) {
    ko = createPrivateKey({ key: Buffer.from(pkcs8Der(key.curve, key.d, undefined)), format: 'der', type: 'pkcs8' });
    privateKeyObjects.set(key, ko);
  }
  return ko;
}

/** Refuses coordinates at or above the field prime (OpenSSL would reduce some of them). */
function checkCoordinates(key: EcPublicKey, name: string): void {
  const p = limitBytes(key.curve).p;
  if (!below(key.point.subarray(1, 33), p) || !below(key.point.subarray(33), p)) {
    throw new CryptoKeyFormatError('point-not-on-curve', `${name}.point: coordinate not below the field prime of ${key.curve}`);
  }
}

/**
 * Native key objects by key value (curve and point), for keys that arrive as new objects each
 * time: a verifier parses the same CI and EUM certificates for every eUICC it serves, and the
 * SPKI import costs about twice the signature check itself. Bounded; the oldest entry goes
 * first.
 */
const publicKeyObjectsByValue = new Map<string, KeyObject>();
const MAX_KEYS_BY_VALUE = 512;

function publicKeyObject(key: EcPublicKey, name: string): KeyObject {
  let ko = publicKeyObjects.get(key);
  if (ko === undefined) {
    checkCoordinates(key, name);
    const id = `${key.curve}:${Buffer.from(key.point.buffer, key.point.byteOffset, key.point.length).toString('latin1')}`;
    ko = publicKeyObjectsByValue.get(id);
    if (ko === undefined) {
      try {
        ko = createPublicKey({ key: Buffer.from(spkiDer(key.curve, key.point)), format: 'der', type: 'spki' });
      } catch (cause) {
        // OpenSSL decodes the point and rejects it when it is not on the curve.
        throw new CryptoKeyFormatError('point-not-on-curve', `${name}.point: not a point on ${key.curve} (${(cause as Error).message})`);
      }
      if (publicKeyObjectsByValue.size >= MAX_KEYS_BY_VALUE) publicKeyObjectsByValue.delete(publicKeyObjectsByValue.keys().next().value!);
      publicKeyObjectsByValue.set(id, ko);
    }
    publicKeyObjects.set(key, ko);
  }
  return ko;
}

/** A copy as a plain Uint8Array (Buffers from node may share a pooled ArrayBuffer). */
function plain(buf: Uint8Array): Uint8Array {
  return new Uint8Array(buf);
}

function leftPad32(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 32) return plain(bytes);
  const out = new Uint8Array(32);
  out.set(bytes, 32 - bytes.length);
  return out;
}

function cbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  const head = c.update(data);
  const tail = c.final();
  return tail.length === 0 ? plain(head) : plain(Buffer.concat([head, tail]));
}

/**
 * The native {@link CryptoProvider} on node:crypto. Requires an OpenSSL build with
 * brainpoolP256r1 (every official Node 20+ build has it).
 *
 * @example
 * ```ts
 * import { nodeProvider } from 'sgp32/node';
 * const sig = nodeProvider.ecdsaSign(privateKey, message, 'raw');
 * ```
 */
export const nodeProvider: CryptoProvider = {
  name: 'node',

  sha256(data: Uint8Array): Uint8Array {
    assertBytes(data, 'data');
    return plain(oneShotHash !== undefined ? oneShotHash('sha256', data, 'buffer') : createHash('sha256').update(data).digest());
  },

  ecdsaSign(key: EcPrivateKey, message: Uint8Array, form: SignatureForm): Uint8Array {
    assertPrivateKey(key, 'key');
    assertBytes(message, 'message');
    assertForm(form);
    const raw = plain(nodeSign('sha256', message, { key: privateKeyObject(key), dsaEncoding: 'ieee-p1363' }));
    return form === 'raw' ? raw : ecdsaRawToDer(raw);
  },

  ecdsaVerify(key: EcPublicKey, message: Uint8Array, signature: Uint8Array, form: SignatureForm): boolean {
    assertPublicKey(key, 'key');
    assertBytes(message, 'message');
    assertBytes(signature, 'signature');
    assertForm(form);
    const ko = publicKeyObject(key, 'key');
    let raw: Uint8Array;
    if (form === 'raw') {
      if (signature.length !== 64) return false;
      raw = signature;
    } else {
      try {
        raw = ecdsaDerToRaw(signature);
      } catch (e) {
        if (e instanceof SignatureFormatError) return false;
        throw e;
      }
    }
    const n = limitBytes(key.curve).n;
    const r = raw.subarray(0, 32);
    const s = raw.subarray(32);
    if (isZero(r) || isZero(s) || !below(r, n) || !below(s, n)) return false;
    return nodeVerify('sha256', message, { key: ko, dsaEncoding: 'ieee-p1363' }, raw);
  },

  ecdh(privateKey: EcPrivateKey, publicKey: EcPublicKey): Uint8Array {
    assertPrivateKey(privateKey, 'privateKey');
    assertPublicKey(publicKey, 'publicKey');
    assertSameCurve(privateKey, publicKey);
    if (privateKey.curve !== 'P-256' || publicKeyObjects.has(publicKey)) {
      // brainpoolP256r1: OpenSSL's EVP key derivation on key objects takes about half the time
      // of ECDH.computeSecret, SPKI import of the peer key included (measured on Node 20 /
      // OpenSSL 3.0). For P-256 computeSecret is faster for a fresh peer key (no SPKI import)
      // and slightly slower than derivation on a peer key object already imported.
      return leftPad32(diffieHellman({ privateKey: privateKeyObject(privateKey), publicKey: publicKeyObject(publicKey, 'publicKey') }));
    }
    checkCoordinates(publicKey, 'publicKey');
    let secret: Buffer;
    try {
      // OpenSSL decodes the point and refuses one that is not on the curve.
      secret = ecdhObject(privateKey).computeSecret(publicKey.point);
    } catch (cause) {
      throw new CryptoKeyFormatError('point-not-on-curve', `publicKey.point: not a point on ${publicKey.curve} (${(cause as Error).message})`);
    }
    return leftPad32(secret);
  },

  generateKeyPair(curve: Curve): EcKeyPair {
    assertCurve(curve);
    const ecdh = createECDH(CURVES[curve].opensslName);
    ecdh.generateKeys();
    const privateKey: EcPrivateKey = { kind: 'private', curve, d: leftPad32(ecdh.getPrivateKey()) };
    const publicKey: EcPublicKey = { kind: 'public', curve, point: plain(ecdh.getPublicKey()) };
    ecdhObjects.set(privateKey, ecdh);
    return { privateKey, publicKey };
  },

  publicKeyOf(privateKey: EcPrivateKey): EcPublicKey {
    assertPrivateKey(privateKey, 'privateKey');
    let point = publicPoints.get(privateKey);
    if (point === undefined) publicPoints.set(privateKey, (point = plain(ecdhObject(privateKey).getPublicKey())));
    return { kind: 'public', curve: privateKey.curve, point: point.slice() };
  },

  aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
    assertAesArgs(key, iv, data);
    return cbcEncrypt(key, iv, data);
  },

  aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
    assertAesArgs(key, iv, data);
    const d = createDecipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
    const head = d.update(data);
    const tail = d.final();
    return tail.length === 0 ? plain(head) : plain(Buffer.concat([head, tail]));
  },

  aesEcbEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
    assertLength(key, 16, 'key');
    assertLength(block, 16, 'block');
    const c = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
    return plain(c.update(block));
  },

  aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array {
    assertLength(key, 16, 'key');
    assertBytes(data, 'data');
    return nodeAes128Key(key).cmac(data);
  },

  aes128Key(key: Uint8Array): Aes128Key {
    return nodeAes128Key(key);
  },

  randomBytes(length: number): Uint8Array {
    assertRandomLength(length);
    return randomFillSync(new Uint8Array(length));
  },
};
