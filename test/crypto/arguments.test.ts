/**
 * Argument checks at the door of both providers and of the helpers: wrong types → TypeError,
 * wrong lengths → RangeError, each naming the argument; invalid key data → CryptoKeyFormatError;
 * malformed signatures → `false`, never an exception.
 */
import { describe, expect, it } from 'vitest';
import { CryptoKeyFormatError } from '../../src/crypto/errors.js';
import { x963Kdf } from '../../src/crypto/kdf.js';
import { bigIntToBytes, CURVES } from '../../src/crypto/curves.js';
import type { EcPrivateKey, EcPublicKey } from '../../src/crypto/provider.js';
import { providers } from './helpers.js';

const u8 = (n: number) => new Uint8Array(n);
const any = (v: unknown) => v as never;

describe.each(providers)('argument checks — $name provider', (p) => {
  const priv: EcPrivateKey = { kind: 'private', curve: 'P-256', d: bigIntToBytes(42n, 32) };
  const pub: EcPublicKey = p.publicKeyOf(priv);
  const bpPub: EcPublicKey = p.publicKeyOf({ kind: 'private', curve: 'brainpoolP256r1', d: bigIntToBytes(42n, 32) });

  it('AES arguments', () => {
    expect(() => p.aesCbcEncrypt(u8(15), u8(16), u8(16))).toThrow(new RangeError('key: expected 16 bytes, got 15'));
    expect(() => p.aesCbcEncrypt(u8(32), u8(16), u8(16))).toThrow(new RangeError('key: expected 16 bytes, got 32'));
    expect(() => p.aesCbcDecrypt(u8(16), u8(8), u8(16))).toThrow(new RangeError('iv: expected 16 bytes, got 8'));
    expect(() => p.aesCbcEncrypt(u8(16), u8(16), u8(17))).toThrow(new RangeError('data: length must be a multiple of 16 (no padding), got 17'));
    expect(() => p.aesCbcEncrypt(any('k'), u8(16), u8(16))).toThrow(new TypeError('key: expected Uint8Array, got "k"'));
    expect(() => p.aesEcbEncryptBlock(u8(16), u8(32))).toThrow(new RangeError('block: expected 16 bytes, got 32'));
    expect(() => p.aesCmac(u8(16), any([1, 2]))).toThrow(new TypeError('data: expected Uint8Array, got Array'));
    expect(() => p.aesCmac(u8(24), u8(1))).toThrow(new RangeError('key: expected 16 bytes, got 24'));
  });

  it('hash and random arguments', () => {
    expect(() => p.sha256(any('abc'))).toThrow(new TypeError('data: expected Uint8Array, got "abc"'));
    expect(() => p.randomBytes(-1)).toThrow(new RangeError('length: expected a non-negative safe integer, got number -1'));
    expect(() => p.randomBytes(1.5)).toThrow(RangeError);
    expect(() => p.randomBytes(any('3'))).toThrow(RangeError);
  });

  it('key object shapes', () => {
    expect(() => p.ecdsaSign(any(null), u8(1), 'raw')).toThrow(new TypeError('key: expected an EcPrivateKey object, got null'));
    expect(() => p.ecdsaSign(any(pub), u8(1), 'raw')).toThrow(new TypeError("key.kind: expected 'private', got \"public\""));
    expect(() => p.ecdsaSign(any({ ...priv, curve: 'secp256k1' }), u8(1), 'raw')).toThrow(
      new TypeError("key.curve: expected 'P-256' or 'brainpoolP256r1', got \"secp256k1\""),
    );
    expect(() => p.ecdsaSign({ ...priv, d: u8(31) }, u8(1), 'raw')).toThrow(new RangeError('key.d: expected 32 bytes, got 31'));
    expect(() => p.ecdsaSign(priv, u8(1), any('p1363'))).toThrow(new TypeError("form: expected 'raw' or 'der', got \"p1363\""));
    expect(() => p.ecdsaVerify({ ...pub, point: u8(64) }, u8(1), u8(64), 'raw')).toThrow(new RangeError('key.point: expected 65 bytes, got 64'));
    expect(() => p.ecdsaVerify(pub, any('m'), u8(64), 'raw')).toThrow(new TypeError('message: expected Uint8Array, got "m"'));
    expect(() => p.ecdsaVerify(pub, u8(1), any(undefined), 'raw')).toThrow(new TypeError('signature: expected Uint8Array, got undefined'));
    expect(() => p.generateKeyPair(any('P-384'))).toThrow(new TypeError("curve: expected 'P-256' or 'brainpoolP256r1', got \"P-384\""));
    expect(() => p.ecdh(priv, bpPub)).toThrow(new TypeError('publicKey.curve: expected P-256 (the private key\'s curve), got brainpoolP256r1'));
  });

  it('invalid key data raises CryptoKeyFormatError', () => {
    const zero = { ...priv, d: u8(32) };
    expect(() => p.ecdsaSign(zero, u8(1), 'raw')).toThrow(CryptoKeyFormatError);
    expect(() => p.publicKeyOf({ ...priv, d: bigIntToBytes(CURVES['P-256'].n, 32) })).toThrow(/scalar-out-of-range/);
    const off = pub.point.slice();
    off[64] ^= 1;
    const offKey: EcPublicKey = { kind: 'public', curve: 'P-256', point: off };
    expect(() => p.ecdh(priv, offKey)).toThrow(/point-not-on-curve/);
    expect(() => p.ecdsaVerify(offKey, u8(1), u8(64), 'raw')).toThrow(/point-not-on-curve/);
    const compressedPrefix = pub.point.slice();
    compressedPrefix[0] = 2;
    expect(() => p.ecdh(priv, { ...pub, point: compressedPrefix })).toThrow(/bad-point-encoding/);
    // the P-256 point is not on brainpoolP256r1
    expect(() => p.ecdh({ ...priv, curve: 'brainpoolP256r1' }, { ...pub, curve: 'brainpoolP256r1' })).toThrow(/point-not-on-curve/);
  });

  it('malformed signatures verify as false without throwing', () => {
    const msg = u8(3);
    const sig = p.ecdsaSign(priv, msg, 'raw');
    expect(p.ecdsaVerify(pub, msg, sig, 'raw')).toBe(true);
    expect(p.ecdsaVerify(pub, msg, sig.subarray(0, 63), 'raw')).toBe(false);
    expect(p.ecdsaVerify(pub, msg, u8(0), 'raw')).toBe(false);
    expect(p.ecdsaVerify(pub, msg, sig, 'der')).toBe(false); // raw bytes are not DER
    expect(p.ecdsaVerify(pub, msg, u8(64), 'raw')).toBe(false); // r = s = 0
    expect(p.ecdsaVerify(pub, msg, Uint8Array.from([0x30, 0x80, 0, 0]), 'der')).toBe(false);
  });
});

describe('x963Kdf arguments', () => {
  const p = providers[0];
  it('checks provider, inputs and length', () => {
    expect(() => x963Kdf(any({}), u8(32), u8(0), 16)).toThrow(new TypeError('provider: expected a CryptoProvider'));
    expect(() => x963Kdf(p, any('z'), u8(0), 16)).toThrow(new TypeError('sharedSecret: expected Uint8Array, got "z"'));
    expect(() => x963Kdf(p, u8(32), any(null), 16)).toThrow(new TypeError('sharedInfo: expected Uint8Array, got null'));
    expect(() => x963Kdf(p, u8(32), u8(0), -1)).toThrow(new RangeError('length: expected an integer in [0, 1048576], got -1'));
    expect(() => x963Kdf(p, u8(32), u8(0), 2 ** 21)).toThrow(RangeError);
    expect(x963Kdf(p, u8(32), u8(0), 0)).toEqual(u8(0));
  });
});
