/**
 * Message-level verifiers of the eUICC responses relayed over ESipa: the real card's
 * AuthenticateServerResponse rebuilt around its real EuiccSigned1 and signature (full and compact
 * form), PrepareDownloadResponse and CancelSessionResponse made with the SGP.26 eUICC key,
 * including the compact forms rebuilt from session values (UNVERIFIED rebuild rules: these tests
 * check our rebuild against our own signer).
 */
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../../src/crypto/noble.js';
import { AuthenticateServerResponse, CancelSessionResponse, PrepareDownloadResponse } from '../../src/generated/SGP32Definitions.js';
import { EUICCSigned2, EuiccCancelSessionSigned } from '../../src/generated/RSPDefinitions.js';
import {
  signEuiccCancelSessionSigned,
  signEuiccSigned2,
  verifyAuthenticateServerResponseSignature,
  verifyCancelSessionResponse,
  verifyPrepareDownloadResponse,
} from '../../src/rsp/index.js';
import { signatureDataObject } from '../../src/rsp/signed-data.js';
import { concat, hex, NEEDED, sgp26, vector, vectorText } from './helpers.js';
import { describeVectors } from '../support/vectors.js';

function tlv(tag: number[], content: Uint8Array): Uint8Array {
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Uint8Array.from([...tag, ...len, ...content]);
}
const TID = hex('aabbccddeeff00112233445566778899');

describeVectors('ESipa response messages', NEEDED, () => {
  it('AuthenticateServerResponse: the real EuiccSigned1 and euiccSignature1, full and compact forms', () => {
    const c = JSON.parse(vectorText('signatures/real_capture.json')).cases[0];
    const signed = hex(c.signedData);
    const sig = hex(c.signatureRaw);
    const euiccCert = vector('certs/extra/eim_euiccCertificate.der');
    const eumCert = vector('certs/sgp26/EUM/CERT_EUM_ECDSA_NIST.der');
    const full = tlv([0xbf, 0x38], tlv([0xa0], concat(signed, signatureDataObject(sig), euiccCert, eumCert)));
    const v = verifyAuthenticateServerResponseSignature(full, { certificate: euiccCert });
    expect(v).toMatchObject({ valid: true, kind: 'authenticateResponseOk' });
    // the decoded value (keepEncoded) gives the same verdict, and the embedded certificate works as the key
    const decoded = AuthenticateServerResponse.decode(full, { keepEncoded: true });
    if (decoded.$case !== 'authenticateResponseOk') throw new Error('wrong case');
    expect(verifyAuthenticateServerResponseSignature(decoded, { certificate: decoded.value.euiccCertificate }).valid).toBe(true);
    expect(verifyAuthenticateServerResponseSignature(full, { certificate: vector(sgp26['P-256'].euiccCert) })).toMatchObject({ valid: false, reason: 'bad-signature' });
    // compact form carrying the full euiccSigned1, no certificates
    const compact = tlv([0xbf, 0x38], tlv([0xa2], concat(signed, signatureDataObject(sig))));
    expect(verifyAuthenticateServerResponseSignature(compact, { certificate: euiccCert })).toMatchObject({ valid: true, kind: 'compactAuthenticateResponseOk' });
    // compact form with CompactEuiccSigned1: not rebuilt here
    const compact1 = tlv([0xbf, 0x38], tlv([0xa2], concat(tlv([0xa0], tlv([0x84], hex('00'))), signatureDataObject(sig))));
    expect(verifyAuthenticateServerResponseSignature(compact1, { certificate: euiccCert })).toMatchObject({ valid: false, reason: 'compact-unsupported' });
    const error = AuthenticateServerResponse.encode({ $case: 'authenticateResponseError', value: { transactionId: TID, authenticateErrorCode: 2 } });
    expect(verifyAuthenticateServerResponseSignature(error, { certificate: euiccCert })).toMatchObject({ valid: false, reason: 'not-signed', kind: 'authenticateResponseError' });
  });

  it('PrepareDownloadResponse: full, compact (rebuilt), error; bound to smdpSignature2', () => {
    const key = { privateKey: vectorText(sgp26.brainpoolP256r1.euiccKey) };
    const cert = vector(sgp26.brainpoolP256r1.euiccCert);
    const smdpSignature2 = new Uint8Array(64).fill(0x5a);
    const euiccOtpk = nobleProvider.generateKeyPair('brainpoolP256r1').publicKey.point;
    const e2: EUICCSigned2 = { transactionId: TID, euiccOtpk };
    const { signature } = signEuiccSigned2(e2, { ...key, smdpSignature2 });
    const full = PrepareDownloadResponse.encode({ $case: 'downloadResponseOk', value: { euiccSigned2: e2, euiccSignature2: signature } });
    expect(full[0]).toBe(0xbf);
    expect(verifyPrepareDownloadResponse(full, { certificate: cert, smdpSignature2 })).toMatchObject({ valid: true, kind: 'downloadResponseOk' });
    expect(verifyPrepareDownloadResponse(full, { certificate: cert, smdpSignature2: new Uint8Array(64) })).toMatchObject({ valid: false, reason: 'bad-signature' });
    const compact = PrepareDownloadResponse.encode({ $case: 'compactDownloadResponseOk', value: { compactEuiccSigned2: {}, euiccSignature2: signature } });
    expect(verifyPrepareDownloadResponse(compact, { certificate: cert, smdpSignature2, compactContext: { transactionId: TID, bppEuiccOtpk: euiccOtpk } })).toMatchObject({ valid: true, kind: 'compactDownloadResponseOk' });
    expect(verifyPrepareDownloadResponse(compact, { certificate: cert, smdpSignature2 })).toMatchObject({ valid: false, reason: 'compact-unsupported' });
    expect(verifyPrepareDownloadResponse(compact, { certificate: cert, smdpSignature2, compactContext: { transactionId: hex('00'), bppEuiccOtpk: euiccOtpk } })).toMatchObject({ valid: false, reason: 'bad-signature' });
    const err = PrepareDownloadResponse.encode({ $case: 'downloadResponseError', value: { transactionId: TID, downloadErrorCode: 2 } });
    expect(verifyPrepareDownloadResponse(err, { certificate: cert, smdpSignature2 })).toMatchObject({ valid: false, reason: 'not-signed' });
    expect(() => verifyPrepareDownloadResponse(full, { certificate: cert, smdpSignature2: hex('00') })).toThrow(RangeError);
    expect(EUICCSigned2.decode(EUICCSigned2.encode(e2))).toEqual(e2);
  });

  it('CancelSessionResponse: full and compact (rebuilt with the session reason)', () => {
    const key = { privateKey: vectorText(sgp26['P-256'].euiccKey) };
    const cert = vector(sgp26['P-256'].euiccCert);
    const signedValue: EuiccCancelSessionSigned = { transactionId: TID, smdpOid: '2.999.10', reason: 2 };
    const { signature } = signEuiccCancelSessionSigned(signedValue, key);
    const full = CancelSessionResponse.encode({ $case: 'cancelSessionResponseOk', value: { euiccCancelSessionSigned: signedValue, euiccCancelSessionSignature: signature } });
    expect(verifyCancelSessionResponse(full, { certificate: cert })).toMatchObject({ valid: true });
    const compact = CancelSessionResponse.encode({ $case: 'compactCancelSessionResponseOk', value: { compactEuiccCancelSessionSigned: {}, euiccCancelSessionSignature: signature } });
    expect(verifyCancelSessionResponse(compact, { certificate: cert, compactContext: { transactionId: TID, smdpOid: '2.999.10', reason: 2 } })).toMatchObject({ valid: true });
    expect(verifyCancelSessionResponse(compact, { certificate: cert, compactContext: { transactionId: TID, smdpOid: '2.999.10', reason: 1 } })).toMatchObject({ valid: false, reason: 'bad-signature' });
    expect(verifyCancelSessionResponse(compact, { certificate: cert })).toMatchObject({ valid: false, reason: 'compact-unsupported' });
    const err = CancelSessionResponse.encode({ $case: 'cancelSessionResponseError', value: 5 });
    expect(verifyCancelSessionResponse(err, { certificate: cert })).toMatchObject({ valid: false, reason: 'not-signed' });
  });
});
