/**
 * SGP.22 authentication and session signatures with the SGP.26 keys (DPauth, DPpb, eUICC), on
 * both curves: create → verify with the certificate, the other-party-signature binding of
 * smdpSignature2 / euiccSignature2, checked independently with a raw provider call, refusal with
 * the wrong role's certificate, decoded values with keepEncoded, and single-byte tamper.
 */
import { describe, expect, it } from 'vitest';
import { publicKeyFromCertificate } from '../../src/pki/keys.js';
import { nobleProvider } from '../../src/crypto/noble.js';
import { fastProvider, providers } from '../support/providers.js';
import { Asn1DecodeError } from '../../src/der/errors.js';
import { EuiccCancelSessionSigned, ServerSigned1, type EUICCSigned2, type SmdpSigned2 } from '../../src/generated/RSPDefinitions.js';
import {
  signEuiccCancelSessionSigned,
  signEuiccSigned1,
  signEuiccSigned2,
  signServerSigned1,
  signSmdpSigned2,
  verifyEuiccCancelSessionSignature,
  verifyEuiccSignature1,
  verifyEuiccSignature2,
  verifyServerSignature1,
  verifySmdpSignature2,
} from '../../src/rsp/index.js';
import { concat, CURVES, hex, NEEDED, sgp26, toHex, vector, vectorText } from './helpers.js';
import { describeVectors } from '../support/vectors.js';

const TID = hex('00112233445566778899aabbccddeeff');

describeVectors('authentication signatures with the SGP.26 keys', NEEDED, () => {
  const realEuiccSigned1 = hex(JSON.parse(vectorText('signatures/real_capture.json')).cases[0].signedData);

  describe.each(CURVES.map((c) => [c] as const))('%s', (curve) => {
    const f = sgp26[curve];
    const dpAuth = { privateKey: vectorText(f.dpAuthKey) };
    const dpPb = { privateKey: vectorText(f.dpPbKey) };
    const euicc = { privateKey: vectorText(f.euiccKey) };
    const dpAuthCert = vector(f.dpAuthCert);
    const dpPbCert = vector(f.dpPbCert);
    const euiccCert = vector(f.euiccCert);

    it('serverSignature1 over DER(serverSigned1), DPauth key; bytes or keepEncoded value', () => {
      const s1: ServerSigned1 = { transactionId: TID, euiccChallenge: hex('01'.repeat(16)), serverAddress: 'testsmdpplus1.example.com', serverChallenge: hex('02'.repeat(16)) };
      const { signed, signature } = signServerSigned1(s1, dpAuth);
      expect(toHex(signed)).toBe(toHex(ServerSigned1.encode(s1)));
      expect(signature.length).toBe(64);
      expect(verifyServerSignature1(signed, signature, { certificate: dpAuthCert })).toEqual({ valid: true });
      expect(verifyServerSignature1(ServerSigned1.decode(signed, { keepEncoded: true }), signature, { certificate: dpAuthCert })).toEqual({ valid: true });
      expect(verifyServerSignature1(signed, signature, { certificate: dpPbCert })).toMatchObject({ valid: false, reason: 'bad-signature' });
      for (const p of providers) expect(p.ecdsaVerify(publicKeyFromCertificate(dpAuthCert), signed, signature, 'raw'), p.name).toBe(true);
      for (let i = 0; i < signed.length; i++) {
        const t = signed.slice();
        t[i] ^= 0x04;
        try {
          expect(verifyServerSignature1(t, signature, { certificate: dpAuthCert, provider: fastProvider }).valid, `byte ${i}`).toBe(false);
        } catch (err) {
          expect(err instanceof Asn1DecodeError || err instanceof TypeError).toBe(true);
        }
      }
    });

    it('euiccSignature1 over DER(euiccSigned1) — the real card\'s EuiccSigned1 re-signed with the SGP.26 eUICC key', () => {
      const { signed, signature } = signEuiccSigned1(realEuiccSigned1, euicc);
      expect(signed).toBe(realEuiccSigned1);
      expect(verifyEuiccSignature1(signed, signature, { certificate: euiccCert })).toEqual({ valid: true });
      expect(verifyEuiccSignature1(signed, signature, { certificate: dpAuthCert })).toMatchObject({ valid: false });
    });

    it('smdpSignature2 over DER(smdpSigned2) ‖ 5F3740 ‖ euiccSignature1, DPpb key', () => {
      const euiccSignature1 = signEuiccSigned1(realEuiccSigned1, euicc).signature;
      const s2: SmdpSigned2 = { transactionId: TID, ccRequiredFlag: true };
      const { signed, signature } = signSmdpSigned2(s2, { ...dpPb, euiccSignature1 });
      expect(toHex(signed)).toBe('3015' + '8010' + toHex(TID) + '0101ff');
      expect(nobleProvider.ecdsaVerify(publicKeyFromCertificate(dpPbCert), concat(signed, hex('5f3740'), euiccSignature1), signature, 'raw')).toBe(true);
      expect(verifySmdpSignature2(signed, signature, { certificate: dpPbCert, euiccSignature1 })).toEqual({ valid: true });
      // noble signs deterministically (RFC 6979), so a different euiccSignature1 needs different data
      const otherSig1 = signEuiccSigned1(concat(hex('3000')), euicc).signature;
      expect(verifySmdpSignature2(signed, signature, { certificate: dpPbCert, euiccSignature1: otherSig1 })).toMatchObject({ valid: false, reason: 'bad-signature' });
      expect(verifySmdpSignature2(signed, signature, { certificate: dpAuthCert, euiccSignature1 })).toMatchObject({ valid: false });
      expect(() => verifySmdpSignature2(signed, signature, { certificate: dpPbCert, euiccSignature1: concat(hex('5f3740'), euiccSignature1) })).toThrow(/64-byte/);
    });

    it('euiccSignature2 over DER(euiccSigned2) ‖ 5F3740 ‖ smdpSignature2, eUICC key; cross-provider', () => {
      const smdpSignature2 = signSmdpSigned2({ transactionId: TID, ccRequiredFlag: false }, { ...dpPb, euiccSignature1: new Uint8Array(64).fill(7) }).signature;
      const otpk = nobleProvider.generateKeyPair(curve).publicKey.point;
      const e2: EUICCSigned2 = { transactionId: TID, euiccOtpk: otpk, hashCc: hex('aa'.repeat(32)) };
      const { signed, signature } = signEuiccSigned2(e2, { ...euicc, smdpSignature2, provider: fastProvider });
      expect(nobleProvider.ecdsaVerify(publicKeyFromCertificate(euiccCert), concat(signed, hex('5f3740'), smdpSignature2), signature, 'raw')).toBe(true);
      expect(verifyEuiccSignature2(signed, signature, { certificate: euiccCert, smdpSignature2, provider: nobleProvider })).toEqual({ valid: true });
      expect(verifyEuiccSignature2(signed, signature, { certificate: euiccCert, smdpSignature2: new Uint8Array(64) })).toMatchObject({ valid: false });
    });

    it('euiccCancelSessionSignature over DER(euiccCancelSessionSigned) = 30 { 80 tid, 81 oid, 82 reason }', () => {
      const c: EuiccCancelSessionSigned = { transactionId: TID, smdpOid: '2.999.10', reason: 127 };
      const { signed, signature } = signEuiccCancelSessionSigned(c, euicc);
      expect(toHex(signed)).toBe('301a' + '8010' + toHex(TID) + '810388370a' + '82017f');
      expect(verifyEuiccCancelSessionSignature(signed, signature, { certificate: euiccCert })).toEqual({ valid: true });
      expect(verifyEuiccCancelSessionSignature(EuiccCancelSessionSigned.decode(signed, { keepEncoded: true }), signature, { certificate: euiccCert })).toEqual({ valid: true });
      const other = signEuiccCancelSessionSigned({ ...c, reason: 0 }, euicc).signature;
      expect(verifyEuiccCancelSessionSignature(signed, other, { certificate: euiccCert })).toMatchObject({ valid: false, reason: 'bad-signature' });
    });
  });

  it('argument errors: values without keepEncoded, wrong tags, missing options', () => {
    const s1: ServerSigned1 = { transactionId: TID, euiccChallenge: hex('01'.repeat(16)), serverAddress: 'a', serverChallenge: hex('02'.repeat(16)) };
    const key = vectorText(sgp26['P-256'].dpAuthKey);
    const { signed, signature } = signServerSigned1(s1, { privateKey: key });
    const cert = vector(sgp26['P-256'].dpAuthCert);
    expect(() => verifyServerSignature1(s1, signature, { certificate: cert })).toThrow(/keepEncoded/);
    expect(() => verifyServerSignature1(concat(hex('31'), signed.subarray(1)), signature, { certificate: cert })).toThrow(/tag 30/);
    expect(() => verifyServerSignature1(concat(signed, hex('00')), signature, { certificate: cert })).toThrow(/trailing-data/);
    expect(() => signSmdpSigned2({ transactionId: TID, ccRequiredFlag: true }, { privateKey: key } as never)).toThrow(/euiccSignature1/);
    expect(() => signServerSigned1(s1, undefined as never)).toThrow(/options/);
  });
});
