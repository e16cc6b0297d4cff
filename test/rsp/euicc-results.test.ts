/**
 * eUICC results and the eUICC-side package check: EuiccPackageResult (signed result, signed
 * error, unsigned error) created with the SGP.26 eUICC keys and verified with their
 * certificates, on both curves and across providers; tamper; BER; and the check's rules
 * (eimId, signature, EID, counter replay and range) including a property test of the replay rule.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importPrivateKey } from '../../src/crypto/keys.js';
import { publicKeyFromCertificate } from '../../src/pki/keys.js';
import { nobleProvider } from '../../src/crypto/noble.js';
import { fastProvider, nativeProvider, providers } from '../support/providers.js';
import { Asn1DecodeError } from '../../src/der/errors.js';
import {
  EuiccPackageErrorDataSigned,
  EuiccPackageResult,
  EuiccPackageResultDataSigned,
  type EuiccPackageSigned,
} from '../../src/generated/SGP32Definitions.js';
import {
  checkEuiccPackageRequest,
  signEuiccPackage,
  signEuiccPackageError,
  signEuiccPackageResult,
  verifyEuiccPackageResult,
} from '../../src/rsp/index.js';
import { signatureDataObject } from '../../src/rsp/signed-data.js';
import { toLongFormBer } from './ber.js';
import { concat, CURVES, hex, NEEDED, sgp26, toHex, vector, vectorText } from './helpers.js';
import { describeVectors } from '../support/vectors.js';

const resultData = (counterValue: number): EuiccPackageResultDataSigned => ({
  eimId: 'eim.example.com',
  counterValue,
  eimTransactionId: hex('0102030405060708'),
  seqNumber: 42,
  euiccResult: [
    { $case: 'enableResult', value: 0 },
    { $case: 'processingTerminated', value: 2 },
  ],
});
const errorData: EuiccPackageErrorDataSigned = { eimId: 'eim.example.com', counterValue: 9, euiccPackageErrorCode: 4 };

describeVectors('EuiccPackageResult with the SGP.26 eUICC keys', NEEDED, () => {
  describe.each(CURVES.map((c) => [c] as const))('%s', (curve) => {
    const key = vectorText(sgp26[curve].euiccKey);
    const cert = vector(sgp26[curve].euiccCert);
    const otherCert = vector(sgp26[curve === 'P-256' ? 'brainpoolP256r1' : 'P-256'].euiccCert);

    it('signed result: created, encoded as BF51 A0, verified with the eUICC certificate; bound to the token', () => {
      expect(importPrivateKey(key).curve).toBe(curve);
      const { result, bytes } = signEuiccPackageResult({ euiccPackageResultDataSigned: resultData(5), privateKey: key, associationToken: 1 });
      expect(toHex(bytes.subarray(0, 2))).toBe('bf51');
      expect(toHex(bytes)).toBe(toHex(EuiccPackageResult.encode(result)));
      expect(verifyEuiccPackageResult(bytes, { certificate: cert, associationToken: 1 })).toMatchObject({ valid: true, kind: 'euiccPackageResultSigned' });
      expect(verifyEuiccPackageResult(bytes, { certificate: cert, associationToken: 2 })).toMatchObject({ valid: false, reason: 'bad-signature' });
      expect(verifyEuiccPackageResult(bytes, { certificate: cert, associationToken: null })).toMatchObject({ valid: false, reason: 'bad-signature' });
      expect(verifyEuiccPackageResult(bytes, { certificate: otherCert, associationToken: 1 })).toMatchObject({ valid: false, reason: 'bad-signature' });
      // independent check of the signed bytes
      const sig = result.$case === 'euiccPackageResultSigned' ? result.value.euiccSignEPR : new Uint8Array();
      for (const p of providers) expect(p.ecdsaVerify(publicKeyFromCertificate(cert), concat(EuiccPackageResultDataSigned.encode(resultData(5)), hex('840101')), sig, 'raw'), p.name).toBe(true);
    });

    it('signed error: euiccSignEPE over DER(euiccPackageErrorDataSigned) ‖ token', () => {
      const { bytes } = signEuiccPackageError({ euiccPackageErrorDataSigned: errorData, privateKey: key, associationToken: 300 });
      expect(verifyEuiccPackageResult(bytes, { certificate: cert, associationToken: 300 })).toMatchObject({ valid: true, kind: 'euiccPackageErrorSigned' });
      expect(verifyEuiccPackageResult(bytes, { certificate: cert, associationToken: 44 })).toMatchObject({ valid: false, reason: 'bad-signature' });
    });

    // Under Node only: a browser has no native provider to cross with.
    const native = nativeProvider;
    if (native) it('cross-provider, both directions', () => {
      for (const [signer, verifier] of [[nobleProvider, native], [native, nobleProvider]] as const) {
        const { bytes } = signEuiccPackageResult({ euiccPackageResultDataSigned: resultData(6), privateKey: key, associationToken: 1, provider: signer });
        expect(verifyEuiccPackageResult(bytes, { certificate: cert, associationToken: 1, provider: verifier }).valid).toBe(true);
      }
    });

    it('tamper: every single-byte flip of a signed result fails', () => {
      const { bytes } = signEuiccPackageResult({ euiccPackageResultDataSigned: resultData(7), privateKey: key, associationToken: 1, provider: fastProvider });
      const pub = publicKeyFromCertificate(cert);
      for (let i = 0; i < bytes.length; i++) {
        for (const mask of [0x01, 0x80]) {
          const t = bytes.slice();
          t[i] ^= mask;
          try {
            const v = verifyEuiccPackageResult(t, { publicKey: pub, associationToken: 1, provider: fastProvider });
            expect(v.valid, `byte ${i} ^ ${mask}`).toBe(false);
          } catch (err) {
            expect(err).toBeInstanceOf(Asn1DecodeError);
          }
        }
      }
    });

    it('a BER result body (as real eUICCs send now and then) verifies over the received bytes', () => {
      const ber = toLongFormBer(EuiccPackageResultDataSigned.encode(resultData(8)));
      const sig = nobleProvider.ecdsaSign(importPrivateKey(key), concat(ber, hex('840101')), 'raw');
      const inner = concat(ber, signatureDataObject(sig));
      const msg = concat(hex('bf5181'), Uint8Array.of(inner.length + 3), hex('a081'), Uint8Array.of(inner.length), inner);
      expect(verifyEuiccPackageResult(msg, { certificate: cert, associationToken: 1 })).toMatchObject({ valid: true });
      expect(() => verifyEuiccPackageResult(msg, { certificate: cert, associationToken: 1, strict: true })).toThrow(Asn1DecodeError);
    });
  });

  it('an unsigned error is reported as not-signed, with its content', () => {
    const bytes = EuiccPackageResult.encode({ $case: 'euiccPackageErrorUnsigned', value: { eimId: 'eim.example.com', associationToken: 1 } });
    const v = verifyEuiccPackageResult(bytes, { certificate: vector(sgp26['P-256'].euiccCert), associationToken: 1 });
    expect(v).toMatchObject({ valid: false, reason: 'not-signed', kind: 'euiccPackageErrorUnsigned' });
  });

  it('a decoded result verifies only when decoded with keepEncoded', () => {
    const key = vectorText(sgp26['P-256'].euiccKey);
    const cert = vector(sgp26['P-256'].euiccCert);
    const { bytes } = signEuiccPackageResult({ euiccPackageResultDataSigned: resultData(5), privateKey: key, associationToken: 1 });
    expect(verifyEuiccPackageResult(EuiccPackageResult.decode(bytes, { keepEncoded: true }), { certificate: cert, associationToken: 1 }).valid).toBe(true);
    expect(() => verifyEuiccPackageResult(EuiccPackageResult.decode(bytes), { certificate: cert, associationToken: 1 })).toThrow(/keepEncoded/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('checkEuiccPackageRequest (eUICC-side rules)', () => {
  const eim = nobleProvider.generateKeyPair('P-256');
  const otherEim = nobleProvider.generateKeyPair('brainpoolP256r1');
  const EID = '89049032123451234512345678901235';
  const body = (counterValue: number, over: Partial<EuiccPackageSigned> = {}): EuiccPackageSigned => ({
    eimId: 'eim-1',
    eidValue: hex(EID),
    counterValue,
    eimTransactionId: hex('aa'),
    euiccPackage: { $case: 'psmoList', value: [{ $case: 'getRAT', value: {} }] },
    ...over,
  });
  const sign = (b: EuiccPackageSigned, key = eim.privateKey, token: number | null = 7) => signEuiccPackage({ euiccPackageSigned: b, privateKey: key, associationToken: token }).bytes;
  const records = (counterValue: number) => [
    { eimId: 'eim-0', publicKey: otherEim.publicKey, associationToken: 3, counterValue: 0 },
    { eimId: 'eim-1', publicKey: eim.publicKey, associationToken: 7, counterValue },
  ];

  it('accepts a fresh package and returns the counter to store', () => {
    const v = checkEuiccPackageRequest(sign(body(11)), { eid: EID, eims: records(10) });
    expect(v).toMatchObject({ accepted: true, eimId: 'eim-1', counterValue: 11 });
  });

  it('a replayed package (same counter) and a lower counter are refused with replayError (4), as a signed error', () => {
    const bytes = sign(body(11));
    const first = checkEuiccPackageRequest(bytes, { eid: EID, eims: records(10) });
    expect(first.accepted).toBe(true);
    const stored = first.accepted ? first.counterValue : -1;
    const replay = checkEuiccPackageRequest(bytes, { eid: EID, eims: records(stored) });
    expect(replay).toMatchObject({ accepted: false, rule: 'counter', response: 'euiccPackageErrorSigned', errorCode: 'replayError', errorCodeValue: 4 });
    if (!replay.accepted && replay.response === 'euiccPackageErrorSigned') {
      expect(replay.errorData).toEqual({ eimId: 'eim-1', counterValue: 11, eimTransactionId: hex('aa'), euiccPackageErrorCode: 4 });
      expect(() => EuiccPackageErrorDataSigned.encode(replay.errorData)).not.toThrow();
    }
    expect(checkEuiccPackageRequest(sign(body(5)), { eid: EID, eims: records(10) })).toMatchObject({ accepted: false, errorCode: 'replayError' });
  });

  it('property: accepted exactly when stored < counterValue <= max; otherwise replayError or counterValueOutOfRange', () => {
    const max = 1000;
    fc.assert(
      fc.property(fc.integer({ min: -5, max: max + 5 }), fc.integer({ min: 0, max }), (counter, stored) => {
        const v = checkEuiccPackageRequest(sign(body(counter)), { eid: EID, eims: records(stored), maxCounterValue: max });
        if (counter < 0 || counter > max) return !v.accepted && 'errorCode' in v && v.errorCode === 'counterValueOutOfRange';
        if (counter <= stored) return !v.accepted && 'errorCode' in v && v.errorCode === 'replayError';
        return v.accepted && v.counterValue === counter;
      }),
      { numRuns: 60 },
    );
  });

  it('counterValueOutOfRange (6) above the default ceiling 2^23 - 1', () => {
    expect(checkEuiccPackageRequest(sign(body(2 ** 23)), { eid: EID, eims: records(10) })).toMatchObject({ accepted: false, errorCode: 'counterValueOutOfRange', errorCodeValue: 6 });
    expect(checkEuiccPackageRequest(sign(body(2 ** 23 - 1)), { eid: EID, eims: records(10) })).toMatchObject({ accepted: true });
  });

  it('invalidEid (3) for another EID, after the signature check', () => {
    const bytes = sign(body(11, { eidValue: hex('89049032123451234512345678901236') }));
    expect(checkEuiccPackageRequest(bytes, { eid: EID, eims: records(10) })).toMatchObject({ accepted: false, rule: 'eid', errorCode: 'invalidEid', errorCodeValue: 3 });
  });

  it('an unknown eimId and a bad signature give unsigned errors', () => {
    const unknown = checkEuiccPackageRequest(sign(body(11, { eimId: 'eim-9' })), { eid: EID, eims: records(10) });
    expect(unknown).toMatchObject({ accepted: false, rule: 'eim-id', response: 'euiccPackageErrorUnsigned', errorUnsigned: { eimId: 'eim-9' } });
    const forged = checkEuiccPackageRequest(sign(body(11), otherEim.privateKey), { eid: EID, eims: records(10) });
    expect(forged).toMatchObject({ accepted: false, rule: 'signature', signatureReason: 'bad-signature', errorUnsigned: { eimId: 'eim-1', associationToken: 7 } });
    const noToken = checkEuiccPackageRequest(sign(body(11), eim.privateKey, null), { eid: EID, eims: records(10) });
    expect(noToken).toMatchObject({ accepted: false, rule: 'signature', signatureReason: 'association-token-mismatch' });
    // the signature is checked before the counter: a forged replay is a signature failure
    expect(checkEuiccPackageRequest(sign(body(1), otherEim.privateKey), { eid: EID, eims: records(10) })).toMatchObject({ rule: 'signature' });
  });

  it('bad options are TypeError/RangeError naming the option', () => {
    const bytes = sign(body(11));
    expect(() => checkEuiccPackageRequest(bytes, { eid: 'abc', eims: records(1) })).toThrow(/eid: expected 32 hex digits/);
    expect(() => checkEuiccPackageRequest(bytes, { eid: hex('00'), eims: records(1) })).toThrow(/eid: expected 16 bytes/);
    expect(() => checkEuiccPackageRequest(bytes, { eid: EID, eims: {} as never })).toThrow(/eims/);
    expect(() => checkEuiccPackageRequest(bytes, { eid: EID, eims: records(1), maxCounterValue: -1 })).toThrow(RangeError);
    expect(() => checkEuiccPackageRequest(bytes, { eid: EID, eims: [{ eimId: 'eim-1', publicKey: eim.publicKey, counterValue: 1 } as never] })).toThrow(/associationToken/);
    expect(() => checkEuiccPackageRequest('x' as never, { eid: EID, eims: [] })).toThrow(TypeError);
  });
});
