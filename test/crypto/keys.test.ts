/**
 * Key import/export: round trips through every format (checked against node:crypto as an
 * independent parser/encoder), point compression, and one negative case per error code.
 */
import { ECDH, createPrivateKey, createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exportPrivateKeyDer,
  exportPrivateKeyPem,
  exportPublicKeyDer,
  exportPublicKeyPem,
  exportPublicKeyRaw,
  importPrivateKey,
  importPublicKey,
  privateKeyFromRaw,
  publicKeyFromRaw,
} from '../../src/crypto/keys.js';
import { CryptoKeyFormatError, type CryptoKeyFormatErrorCode } from '../../src/crypto/errors.js';
import { CURVES, bigIntToBytes } from '../../src/crypto/curves.js';
import { oid as oidTlv, tlv } from '../../src/der/build.js';
import { pkcs8Der, sec1Der, spkiDer } from '../../src/crypto/key-der.js';
import { nobleProvider } from '../../src/crypto/noble.js';
import { nodeProvider } from '../../src/crypto/node/index.js';
import type { Curve } from '../../src/crypto/provider.js';
import { hex, toHex } from './helpers.js';
import { privateKeyArb as arbKey } from '../support/keys.js';

const curves: Curve[] = ['P-256', 'brainpoolP256r1'];

function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

describe.each(curves)('key round trips on %s', (curve) => {
  it('private keys: PKCS#8 and SEC1, DER and PEM, read back by us and by node:crypto', () => {
    fc.assert(
      fc.property(arbKey(curve), (key) => {
        const pub = nobleProvider.publicKeyOf(key);
        for (const format of ['pkcs8', 'sec1'] as const) {
          const der = exportPrivateKeyDer(key, format);
          expect(importPrivateKey(der)).toEqual(key);
          expect(importPrivateKey(exportPrivateKeyPem(key, format))).toEqual(key);
          // node:crypto (OpenSSL) reads our export and derives the same public key
          const ko = createPrivateKey({ key: Buffer.from(der), format: 'der', type: format });
          expect(importPublicKey(new Uint8Array(createPublicKey(ko).export({ format: 'der', type: 'spki' })))).toEqual(pub);
          // and what OpenSSL writes, we read
          expect(importPrivateKey(new Uint8Array(ko.export({ format: 'der', type: 'pkcs8' })))).toEqual(key);
          expect(importPrivateKey(ko.export({ format: 'pem', type: 'sec1' }) as string)).toEqual(key);
        }
      }),
      { numRuns: 10 },
    );
  });

  it('public keys: SPKI DER/PEM, raw uncompressed and compressed (decompression checked against OpenSSL)', () => {
    fc.assert(
      fc.property(arbKey(curve), (key) => {
        const pub = nodeProvider.publicKeyOf(key);
        expect(importPublicKey(exportPublicKeyDer(pub))).toEqual(pub);
        expect(importPublicKey(exportPublicKeyPem(pub))).toEqual(pub);
        expect(toHex(exportPublicKeyDer(pub))).toBe(
          createPublicKey({ key: Buffer.from(exportPublicKeyDer(pub)), format: 'der', type: 'spki' }).export({ format: 'der', type: 'spki' }).toString('hex'),
        );
        const compressed = exportPublicKeyRaw(pub, true);
        expect(compressed.length).toBe(33);
        const viaOpenssl = ECDH.convertKey(Buffer.from(pub.point), CURVES[curve].opensslName, undefined, undefined, 'compressed') as Buffer;
        expect(toHex(compressed)).toBe(viaOpenssl.toString('hex'));
        expect(publicKeyFromRaw(curve, compressed)).toEqual(pub);
        expect(publicKeyFromRaw(curve, exportPublicKeyRaw(pub))).toEqual(pub);
        // a compressed point in an SPKI is accepted and decompressed
        expect(importPublicKey(spkiDer(curve, compressed))).toEqual(pub);
      }),
      { numRuns: 10 },
    );
  });

  it('privateKeyFromRaw copies and range-checks', () => {
    const d = bigIntToBytes(5n, 32);
    const k = privateKeyFromRaw(curve, d);
    d[31] = 6;
    expect(k.d[31]).toBe(5);
    expect(() => privateKeyFromRaw(curve, new Uint8Array(32))).toThrow(CryptoKeyFormatError);
  });
});

describe('key import errors (one row per code)', () => {
  const curve: Curve = 'P-256';
  const d = bigIntToBytes(0x1234567890n, 32);
  const point = nobleProvider.publicKeyOf({ kind: 'private', curve, d }).point;
  const otherPoint = nobleProvider.publicKeyOf({ kind: 'private', curve, d: bigIntToBytes(7n, 32) }).point;
  const good = pkcs8Der(curve, d, point);
  const offCurve = point.slice();
  offCurve[64] ^= 1;
  const n = CURVES[curve].n;
  const algo = (oid: string, params: Uint8Array) => tlv(0x30, oidTlv(oid), params);
  const spkiWith = (alg: Uint8Array, pt: Uint8Array) => tlv(0x30, alg, tlv(0x03, Uint8Array.of(0), pt));
  const sec1With = (dBytes: Uint8Array, oid = CURVES[curve].oid) =>
    tlv(0x30, tlv(0x02, Uint8Array.of(1)), tlv(0x04, dBytes), tlv(0xa0, oidTlv(oid)));

  type Row = [string, () => unknown, CryptoKeyFormatErrorCode];
  const rows: Row[] = [
    ['no PEM block', () => importPrivateKey('hello'), 'bad-pem'],
    ['BEGIN without END', () => importPrivateKey('-----BEGIN PRIVATE KEY-----\nAAAA\n'), 'bad-pem'],
    ['mismatched labels', () => importPrivateKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'), 'bad-pem'],
    ['invalid base64', () => importPrivateKey(pem('PRIVATE KEY', good).replace('M', '*')), 'bad-pem'],
    ['encrypted PEM headers', () => importPrivateKey('-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n-----END EC PRIVATE KEY-----\n'), 'bad-pem'],
    ['public key PEM given as private key', () => importPrivateKey(pem('PUBLIC KEY', spkiDer(curve, point))), 'bad-pem'],
    ['private key PEM given as public key', () => importPublicKey(pem('PRIVATE KEY', good)), 'bad-pem'],
    ['truncated PKCS#8 DER', () => importPrivateKey(good.subarray(0, good.length - 1)), 'bad-der'],
    ['PKCS#8 with a trailing byte', () => importPrivateKey(Uint8Array.from([...good, 0])), 'bad-der'],
    ['empty DER', () => importPrivateKey(new Uint8Array(0)), 'bad-der'],
    ['SEC1 version 2', () => importPrivateKey(tlv(0x30, tlv(0x02, Uint8Array.of(2)), tlv(0x04, d), tlv(0xa0, oidTlv(CURVES[curve].oid)))), 'bad-der'],
    ['SEC1 scalar of 31 bytes', () => importPrivateKey(sec1With(d.subarray(1))), 'bad-der'],
    ['truncated SPKI', () => importPublicKey(spkiDer(curve, point).subarray(0, 40)), 'bad-der'],
    ['RSA SPKI', () => importPublicKey(spkiWith(tlv(0x30, oidTlv('1.2.840.113549.1.1.1'), Uint8Array.of(5, 0)), point)), 'unsupported-algorithm'],
    ['secp384r1 OID', () => importPublicKey(spkiWith(algo('1.2.840.10045.2.1', oidTlv('1.3.132.0.34')), point)), 'unknown-curve'],
    ['explicit curve parameters', () => importPublicKey(spkiWith(algo('1.2.840.10045.2.1', tlv(0x30, tlv(0x02, Uint8Array.of(1)))), point)), 'unknown-curve'],
    ['secp256k1 private key', () => importPrivateKey(sec1With(d, '1.3.132.0.10')), 'unknown-curve'],
    ['SEC1 without any curve', () => importPrivateKey(tlv(0x30, tlv(0x02, Uint8Array.of(1)), tlv(0x04, d))), 'unknown-curve'],
    ['scalar 0', () => importPrivateKey(sec1With(new Uint8Array(32))), 'scalar-out-of-range'],
    ['scalar n', () => importPrivateKey(sec1With(bigIntToBytes(n, 32))), 'scalar-out-of-range'],
    ['scalar n + 1 (PKCS#8)', () => importPrivateKey(pkcs8Der(curve, bigIntToBytes(n + 1n, 32), undefined)), 'scalar-out-of-range'],
    ['brainpool scalar n', () => importPrivateKey(pkcs8Der('brainpoolP256r1', bigIntToBytes(CURVES.brainpoolP256r1.n, 32), undefined)), 'scalar-out-of-range'],
    ['point of 64 bytes', () => importPublicKey(spkiDer(curve, point.subarray(0, 64))), 'bad-point-encoding'],
    ['point with prefix 05', () => publicKeyFromRaw(curve, Uint8Array.from([5, ...point.subarray(1)])), 'bad-point-encoding'],
    ['33 bytes with prefix 04', () => publicKeyFromRaw(curve, point.subarray(0, 33)), 'bad-point-encoding'],
    ['point at infinity (00)', () => publicKeyFromRaw(curve, Uint8Array.of(0)), 'bad-point-encoding'],
    ['point not on curve (y + 1)', () => importPublicKey(spkiDer(curve, offCurve)), 'point-not-on-curve'],
    ['coordinate ≥ p', () => publicKeyFromRaw(curve, Uint8Array.from([4, ...bigIntToBytes(CURVES[curve].p, 32), ...point.subarray(33)])), 'point-not-on-curve'],
    ['compressed x with no point', () => publicKeyFromRaw(curve, hex('02' + '00'.repeat(31) + '01')), 'point-not-on-curve'],
    ['SEC1 public key not d·G', () => importPrivateKey(sec1Der(curve, d, otherPoint, true)), 'public-key-mismatch'],
    ['PKCS#8 inner public key not d·G', () => importPrivateKey(pkcs8Der(curve, d, otherPoint)), 'public-key-mismatch'],
    ['PKCS#8 [1] public key not d·G', () => importPrivateKey(Uint8Array.from(tlv(0x30, ...[tlv(0x02, Uint8Array.of(1)), tlv(0x30, oidTlv('1.2.840.10045.2.1'), oidTlv(CURVES[curve].oid)), tlv(0x04, sec1Der(curve, d, undefined, false)), tlv(0x81, Uint8Array.of(0), otherPoint)]))), 'public-key-mismatch'],
  ];

  it.each(rows)('%s', (_name, fn, code) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CryptoKeyFormatError);
    expect((err as CryptoKeyFormatError).code).toBe(code);
    expect((err as Error).message).toContain(code);
  });

  it('every error code has a row', () => {
    const codes = new Set(rows.map((r) => r[2]));
    for (const c of ['bad-pem', 'bad-der', 'unsupported-algorithm', 'unknown-curve', 'scalar-out-of-range', 'bad-point-encoding', 'point-not-on-curve', 'public-key-mismatch']) {
      expect(codes.has(c as CryptoKeyFormatErrorCode), c).toBe(true);
    }
  });

  it('DER errors carry the absolute offset', () => {
    const truncated = good.subarray(0, good.length - 1);
    try {
      importPrivateKey(truncated);
      expect.unreachable();
    } catch (e) {
      expect((e as CryptoKeyFormatError).offset).toBe(1);
    }
    const zero = pkcs8Der(curve, new Uint8Array(32), undefined);
    try {
      importPrivateKey(zero);
      expect.unreachable();
    } catch (e) {
      // the scalar's OCTET STRING content inside the nested ECPrivateKey
      const at = (e as CryptoKeyFormatError).offset!;
      expect(toHex(zero.subarray(at - 2, at))).toBe('0420');
    }
  });

  it('a PEM with an EC PARAMETERS block before the key (openssl ecparam -genkey layout) imports', () => {
    const text = pem('EC PARAMETERS', oidTlv(CURVES.brainpoolP256r1.oid)) + pem('EC PRIVATE KEY', tlv(0x30, tlv(0x02, Uint8Array.of(1)), tlv(0x04, d)));
    expect(importPrivateKey(text)).toEqual({ kind: 'private', curve: 'brainpoolP256r1', d });
  });
});
