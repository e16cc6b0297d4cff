/**
 * eIM package signatures end to end: sign with the sample eIM keys (both curves), verify with
 * their certificates in every key form; every verdict reason on purpose; cross-provider; the
 * exhaustive single-byte tamper test; BER bodies; the associationToken encoding.
 */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importPrivateKey, importPublicKey, exportPublicKeyDer, exportPublicKeyPem } from '../../src/crypto/keys.js';
import { publicKeyFromCertificate } from '../../src/pki/keys.js';
import { ecdsaRawToDer } from '../../src/crypto/signature-form.js';
import { Asn1DecodeError } from '../../src/der/errors.js';
import { Certificate, SubjectPublicKeyInfo } from '../../src/generated/PKIX1Explicit88.js';
import { EuiccPackageErrorUnsigned, EuiccPackageRequest, EuiccPackageSigned } from '../../src/generated/SGP32Definitions.js';
import { associationTokenTlv, signEuiccPackage, verifyEuiccPackageRequest } from '../../src/rsp/index.js';
import { signatureDataObject } from '../../src/rsp/signed-data.js';
import { toLongFormBer } from './ber.js';
import { concat, CURVES, hex, NEEDED, providers, sgp26, toHex, vectorText } from './helpers.js';
import { describeVectors } from '../support/vectors.js';
import { nobleProvider } from '../../src/crypto/noble.js';
import { nodeProvider } from '../../src/crypto/node/index.js';
import { keyPairArb } from '../support/keys.js';

const EID = hex('89049032123451234512345678901235');
const pkg = (counterValue: number, extra: Partial<EuiccPackageSigned> = {}): EuiccPackageSigned => ({
  eimId: 'eim.example.com',
  eidValue: EID,
  counterValue,
  eimTransactionId: hex('00112233445566778899aabbccddeeff'),
  euiccPackage: {
    $case: 'psmoList',
    value: [
      { $case: 'enable', value: { iccid: hex('98944499999999093 0f1'.replace(' ', '')), rollbackFlag: null } },
      { $case: 'listProfileInfo', value: {} },
    ],
  },
  ...extra,
});

describe('associationToken TLV', () => {
  it.each([0, 1, 127, 128, 255, 256, 65535, -1, -128, -129, 2 ** 31, Number.MAX_SAFE_INTEGER])('%d matches the [4] INTEGER the codec writes', (t) => {
    // independent: the generated encoder writes associationToken [4] INTEGER in EuiccPackageErrorUnsigned
    const enc = EuiccPackageErrorUnsigned.encode({ eimId: 'a', associationToken: t });
    const at = enc.indexOf(0x84, 5);
    expect(toHex(associationTokenTlv(t))).toBe(toHex(enc.subarray(at)));
  });
  it('1 is 84 01 01 (the real vector); none is 84 01 00 (UNVERIFIED reading, openiotrsp)', () => {
    expect(toHex(associationTokenTlv(1))).toBe('840101');
    expect(toHex(associationTokenTlv(null))).toBe('840100');
  });
  it('refuses non-integers', () => {
    expect(() => associationTokenTlv(1.5)).toThrow(TypeError);
    expect(() => associationTokenTlv(undefined as never)).toThrow(/associationToken/);
  });
});

describeVectors('SGP.26 / sample eIM keys end to end', NEEDED, () => {
  describe.each(CURVES.map((c) => [c] as const))('%s', (curve) => {
    const files = sgp26[curve];
    const keyPem = vectorText(files.eimKey);
    const certPem = vectorText(files.eimCert);
    const otherCert = vectorText(sgp26[curve === 'P-256' ? 'brainpoolP256r1' : 'P-256'].eimCert);

    it('signs; the bytes are the DER of the returned value and carry a 64-byte r‖s signature', () => {
      const { request, bytes } = signEuiccPackage({ euiccPackageSigned: pkg(7), privateKey: keyPem, associationToken: 1 });
      expect(importPrivateKey(keyPem).curve).toBe(curve);
      expect(toHex(bytes)).toBe(toHex(EuiccPackageRequest.encode(request)));
      expect(request.eimSignature.length).toBe(64);
      // the signature covers DER(euiccPackageSigned) ‖ 84 01 01, checked with the raw provider call
      const key = publicKeyFromCertificate(certPem);
      expect(nodeProvider.ecdsaVerify(key, concat(EuiccPackageSigned.encode(pkg(7)), hex('840101')), request.eimSignature, 'raw')).toBe(true);
      expect(nodeProvider.ecdsaVerify(key, EuiccPackageSigned.encode(pkg(7)), request.eimSignature, 'raw')).toBe(false);
    });

    it('verifies with the certificate (PEM, DER, decoded), the SPKI and both eimPublicKeyData forms', () => {
      const { bytes } = signEuiccPackage({ euiccPackageSigned: pkg(8), privateKey: keyPem, associationToken: 5 });
      const certDer = pemToDer(certPem);
      const pub = publicKeyFromCertificate(certPem);
      const spkiDer = exportPublicKeyDer(pub);
      const forms = [
        { certificate: certPem },
        { certificate: certDer },
        { certificate: Certificate.decode(certDer) },
        { publicKey: pub },
        { publicKey: exportPublicKeyPem(pub) },
        { publicKey: spkiDer },
        { eimPublicKeyData: { $case: 'eimCertificate' as const, value: Certificate.decode(certDer) } },
        { eimPublicKeyData: { $case: 'eimPublicKey' as const, value: SubjectPublicKeyInfo.decode(spkiDer) } },
      ];
      for (const f of forms) {
        expect(verifyEuiccPackageRequest(bytes, { ...f, associationToken: 5 })).toMatchObject({ valid: true });
      }
      expect(verifyEuiccPackageRequest(bytes, { certificate: otherCert, associationToken: 5 })).toMatchObject({ valid: false, reason: 'bad-signature' });
    });

    it('cross-provider: noble signs, node verifies, and the other way round', () => {
      for (const [signer, verifier] of [[nobleProvider, nodeProvider], [nodeProvider, nobleProvider]] as const) {
        const { bytes } = signEuiccPackage({ euiccPackageSigned: pkg(9), privateKey: keyPem, associationToken: 1, provider: signer });
        expect(verifyEuiccPackageRequest(bytes, { certificate: certPem, associationToken: 1, provider: verifier }).valid).toBe(true);
      }
    });

    it('tamper: flipping any single byte (body or signature) makes verification fail', () => {
      const { bytes } = signEuiccPackage({ euiccPackageSigned: pkg(10), privateKey: keyPem, associationToken: 1, provider: nodeProvider });
      const key = publicKeyFromCertificate(certPem);
      expect(verifyEuiccPackageRequest(bytes, { publicKey: key, associationToken: 1, provider: nodeProvider }).valid).toBe(true);
      const outcomes = { decodeError: 0, invalid: 0 };
      for (let i = 0; i < bytes.length; i++) {
        for (const mask of [0x01, 0x80, 0xff]) {
          const t = bytes.slice();
          t[i] ^= mask;
          let valid: boolean;
          try {
            valid = verifyEuiccPackageRequest(t, { publicKey: key, associationToken: 1, provider: nodeProvider }).valid;
            outcomes.invalid++;
          } catch (err) {
            expect(err).toBeInstanceOf(Asn1DecodeError); // malformed input is an exception, never a pass
            valid = false;
            outcomes.decodeError++;
          }
          if (valid) throw new Error(`byte ${i} ^ ${mask.toString(16)} still verifies`);
        }
      }
      expect(outcomes.invalid).toBeGreaterThan(64 * 3); // every signature byte reaches the verifier
      expect(outcomes.invalid + outcomes.decodeError).toBe(bytes.length * 3);
    });

    it('a BER-encoded body (long-form lengths) still verifies, over the bytes received', () => {
      const der = EuiccPackageSigned.encode(pkg(11));
      const ber = toLongFormBer(der);
      expect(ber.length).toBeGreaterThan(der.length);
      const key = importPrivateKey(keyPem);
      // an eUICC-side signer that emits BER signs its BER bytes
      const sig = nobleProvider.ecdsaSign(key, concat(ber, hex('840101')), 'raw');
      const content = concat(ber, signatureDataObject(sig));
      const msg = concat(hex('bf5182'), Uint8Array.of(content.length >> 8, content.length & 0xff), content);
      for (const provider of providers) {
        const v = verifyEuiccPackageRequest(msg, { certificate: certPem, associationToken: 1, provider });
        expect(v).toMatchObject({ valid: true });
        if (v.valid) expect(v.request.euiccPackageSigned).toEqual(EuiccPackageSigned.decode(der));
      }
      // a verifier that re-encoded would have checked the DER bytes, over which the signature fails
      expect(nobleProvider.ecdsaVerify(publicKeyFromCertificate(certPem), concat(der, hex('840101')), sig, 'raw')).toBe(false);
      // strict DER decoding refuses the message as malformed
      expect(() => verifyEuiccPackageRequest(msg, { certificate: certPem, associationToken: 1, strict: true })).toThrow(Asn1DecodeError);
    });
  });
});

describe('verdict reasons, each on purpose (generated keys)', () => {
  const { privateKey, publicKey } = nobleProvider.generateKeyPair('P-256');
  const signed = (token: number | null) => signEuiccPackage({ euiccPackageSigned: pkg(1), privateKey, associationToken: token });
  const withSignature = (bytes: Uint8Array, sig: Uint8Array): Uint8Array => {
    const req = EuiccPackageRequest.decode(bytes);
    return EuiccPackageRequest.encode({ ...req, eimSignature: sig });
  };

  it('signature-not-raw: a DER ECDSA-Sig-Value inside 5F37', () => {
    const { bytes, request } = signed(1);
    const msg = withSignature(bytes, ecdsaRawToDer(request.eimSignature));
    expect(verifyEuiccPackageRequest(msg, { publicKey, associationToken: 1 })).toMatchObject({ valid: false, reason: 'signature-not-raw' });
  });
  it('bad-signature-length: 63 or 65 bytes, or empty', () => {
    const { bytes, request } = signed(1);
    for (const sig of [request.eimSignature.subarray(1), concat(request.eimSignature, hex('00')), new Uint8Array(0)]) {
      expect(verifyEuiccPackageRequest(withSignature(bytes, sig), { publicKey, associationToken: 1 })).toMatchObject({ valid: false, reason: 'bad-signature-length' });
    }
  });
  it('bad-signature: r or s zero, r‖s out of range, or another key', () => {
    const { bytes } = signed(1);
    expect(verifyEuiccPackageRequest(withSignature(bytes, new Uint8Array(64)), { publicKey, associationToken: 1 })).toMatchObject({ valid: false, reason: 'bad-signature' });
    expect(verifyEuiccPackageRequest(withSignature(bytes, new Uint8Array(64).fill(0xff)), { publicKey, associationToken: 1 })).toMatchObject({ valid: false, reason: 'bad-signature' });
    const other = nobleProvider.generateKeyPair('P-256').publicKey;
    expect(verifyEuiccPackageRequest(bytes, { publicKey: other, associationToken: 1 })).toMatchObject({ valid: false, reason: 'bad-signature' });
  });
  it('association-token-mismatch: signed without a token, verified with one', () => {
    const { bytes } = signed(null);
    expect(verifyEuiccPackageRequest(bytes, { publicKey, associationToken: 1 })).toMatchObject({ valid: false, reason: 'association-token-mismatch' });
    expect(verifyEuiccPackageRequest(bytes, { publicKey, associationToken: null })).toMatchObject({ valid: true });
  });
  it('wrong-key: a well-formed key of another curve or algorithm', () => {
    const { bytes } = signed(1);
    for (const namedCurve of ['P-384', 'secp256k1']) {
      const spki = new Uint8Array(generateKeyPairSync('ec', { namedCurve }).publicKey.export({ type: 'spki', format: 'der' }));
      expect(verifyEuiccPackageRequest(bytes, { publicKey: spki, associationToken: 1 })).toMatchObject({ valid: false, reason: 'wrong-key' });
    }
    const ed = new Uint8Array(generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }));
    expect(verifyEuiccPackageRequest(bytes, { publicKey: ed, associationToken: 1 })).toMatchObject({ valid: false, reason: 'wrong-key' });
  });
  it('no-key: an eIM configuration without eimPublicKeyData', () => {
    const { bytes } = signed(1);
    expect(verifyEuiccPackageRequest(bytes, { eimPublicKeyData: undefined, associationToken: 1 })).toMatchObject({ valid: false, reason: 'no-key' });
  });
  it('bad arguments are TypeErrors naming the argument; malformed messages are Asn1DecodeErrors', () => {
    const { bytes } = signed(1);
    expect(() => verifyEuiccPackageRequest(bytes, { publicKey } as never)).toThrow(/associationToken: required/);
    expect(() => verifyEuiccPackageRequest(bytes, { associationToken: 1 } as never)).toThrow(/exactly one of publicKey, certificate, eimPublicKeyData/);
    expect(() => verifyEuiccPackageRequest(bytes, { publicKey, certificate: 'x', associationToken: 1 } as never)).toThrow(/exactly one/);
    expect(() => verifyEuiccPackageRequest(bytes.subarray(0, 20), { publicKey, associationToken: 1 })).toThrow(Asn1DecodeError);
    expect(() => signEuiccPackage({ euiccPackageSigned: pkg(1), privateKey: 42 as never })).toThrow(/privateKey/);
    expect(() => signEuiccPackage({ euiccPackageSigned: pkg(1), privateKey, associationToken: 0.5 })).toThrow(/associationToken/);
    expect(() => signEuiccPackage({ euiccPackageSigned: pkg(1), privateKey, provider: {} as never })).toThrow(/provider/);
  });
  it('the signed request of a generated key round-trips through decode', () => {
    const { bytes, request } = signed(3);
    expect(EuiccPackageRequest.decode(bytes)).toEqual(request);
    expect(importPublicKey(exportPublicKeyDer(publicKey))).toEqual(publicKey);
  });
});

function pemToDer(pem: string): Uint8Array {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

describe('cross-provider property (random keys, packages and tokens, both curves)', () => {
  it('what one provider signs the other verifies, and a different token never verifies', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('P-256' as const, 'brainpoolP256r1' as const).chain(keyPairArb),
        fc.boolean(),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.option(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { nil: null }),
        fc.uint8Array({ minLength: 1, maxLength: 16 }),
        ({ privateKey, publicKey }, nobleSigns, eimId, counterValue, token, tid) => {
          const [signer, verifier] = nobleSigns ? [nobleProvider, nodeProvider] : [nodeProvider, nobleProvider];
          const { bytes } = signEuiccPackage({ euiccPackageSigned: pkg(counterValue, { eimId, eimTransactionId: tid }), privateKey, associationToken: token, provider: signer });
          expect(verifyEuiccPackageRequest(bytes, { publicKey, associationToken: token, provider: verifier })).toMatchObject({ valid: true });
          const other = token === null ? 1 : token + 1;
          expect(verifyEuiccPackageRequest(bytes, { publicKey, associationToken: other, provider: verifier }).valid).toBe(false);
        },
      ),
      { numRuns: 40 },
    );
  });
});
