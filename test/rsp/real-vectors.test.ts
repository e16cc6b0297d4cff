/**
 * The real signatures of ../shared/vectors/signatures/real_capture.json (a real eIM and a real
 * eUICC): every `expected: valid` case verifies with our verifiers, on both providers, and every
 * `alsoCheck` variant is refused.
 */
import { describe, expect, it } from 'vitest';
import { EuiccPackageRequest, EuiccPackageResult, EuiccPackageResultDataSigned, GetEimPackageResponse } from '../../src/generated/SGP32Definitions.js';
import { signatureDataObject } from '../../src/rsp/signed-data.js';
import { verifyEuiccPackageRequest, verifyEuiccPackageResult, verifyEuiccSignature1, checkEuiccPackageRequest, verifyProfileInstallationResult, verifyPendingNotification } from '../../src/rsp/index.js';
import { haveVectors, hex, NEEDED, providers, vector, vectorText } from './helpers.js';
import { describeVectors } from '../support/vectors.js';

interface Case {
  name: string;
  verifyWith: string;
  [k: string]: unknown;
}
const capture: { cases: Case[] } = haveVectors ? JSON.parse(vectorText('signatures/real_capture.json')) : { cases: [] };
const byName = (s: string): Case => {
  const c = capture.cases.find((x) => x.name.startsWith(s));
  if (!c) throw new Error(`no case ${s}`);
  return c;
};
const rel = (p: string): string => p.replace(/^\.\.\//, '');

describeVectors('real eIM / eUICC signatures', NEEDED, () => {
  it('has the three cases', () => {
    expect(capture.cases.length).toBe(3);
  });

  describe.each(providers.map((p) => [p.name, p] as const))('provider %s', (_n, provider) => {
    it('euiccSignature1 covers the whole EuiccSigned1 TLV, header included', () => {
      const c = byName('euiccSignature1');
      const cert = vector(rel(c.verifyWith));
      const signed = hex(c.signedData as string);
      const sig = hex(c.signatureRaw as string);
      expect(verifyEuiccSignature1(signed, sig, { certificate: cert, provider })).toEqual({ valid: true });
      // alsoCheck: over the value bytes only (without the 30 82 01 1e header) it must not verify
      expect(provider.ecdsaVerify(importCertKey(cert), signed.subarray(4), sig, 'raw')).toBe(false);
      // and the verifier refuses to treat header-less content as an EuiccSigned1 TLV
      expect(() => verifyEuiccSignature1(signed.subarray(4), sig, { certificate: cert, provider })).toThrow(/unexpected-tag/);
    });

    it('eimSignature verifies over DER(euiccPackageSigned) ‖ 84 01 01 with the NIST sample eIM certificate', () => {
      const c = byName('eimSignature');
      const msg = hex(c.message as string);
      const certPem = vectorText(rel(c.verifyWith));
      const v = verifyEuiccPackageRequest(msg, { certificate: certPem, associationToken: c.associationToken as number, provider });
      expect(v.valid).toBe(true);
      if (v.valid) expect(v.request.euiccPackageSigned.counterValue).toBe(1006);
      // alsoCheck: without the 84 01 01 suffix it must not verify
      const none = verifyEuiccPackageRequest(msg, { certificate: certPem, associationToken: null, provider });
      expect(none).toMatchObject({ valid: false, reason: 'bad-signature' });
      // a different token does not verify; the verifier names the token problem only when the
      // signature verifies without any token, which it does not here
      expect(verifyEuiccPackageRequest(msg, { certificate: certPem, associationToken: 2, provider })).toMatchObject({ valid: false, reason: 'bad-signature' });
      // alsoCheck: the brainpool sample eIM certificate must not verify it
      const bp = verifyEuiccPackageRequest(msg, { certificate: vectorText('certs/eim/sample_eim_cert_brainpool.crt'), associationToken: 1, provider });
      expect(bp).toMatchObject({ valid: false, reason: 'bad-signature' });
    });

    it('eimSignature: the decoded value (keepEncoded) verifies the same way', () => {
      const c = byName('eimSignature');
      const value = EuiccPackageRequest.decode(hex(c.message as string), { keepEncoded: true });
      expect(verifyEuiccPackageRequest(value, { certificate: vectorText(rel(c.verifyWith)), associationToken: 1, provider }).valid).toBe(true);
      // a value decoded without keepEncoded is refused with a TypeError, never re-encoded
      const plain = EuiccPackageRequest.decode(hex(c.message as string));
      expect(() => verifyEuiccPackageRequest(plain, { certificate: vectorText(rel(c.verifyWith)), associationToken: 1, provider })).toThrow(/keepEncoded/);
    });

    it('eimSignature: a request nested in a decoded GetEimPackageResponse (BF4F, as captured) verifies from the value', () => {
      const c = byName('eimSignature');
      const inner = hex(c.message as string);
      const wrapped = Uint8Array.from([0xbf, 0x4f, 0x81, inner.length, ...inner]); // BF4F 8186 BF51 8182 … (esipa.md 9.1)
      const response = GetEimPackageResponse.decode(wrapped, { keepEncoded: true });
      if (response.$case !== 'euiccPackageRequest') throw new Error(`unexpected ${response.$case}`);
      expect(verifyEuiccPackageRequest(response.value, { certificate: vectorText(rel(c.verifyWith)), associationToken: 1, provider }).valid).toBe(true);
    });

    it('euiccSignEPR: both real signatures verify over data ‖ 84 01 01 inside an EuiccPackageResult', () => {
      const c = byName('euiccSignEPR');
      const cert = vector(rel(c.verifyWith));
      const data = hex(c.signedDataDer as string);
      const decodedData = EuiccPackageResultDataSigned.decode(data);
      for (const sigHex of c.signaturesRaw as string[]) {
        const sig = hex(sigHex);
        // wrap the received data and the signature into a BF51 A0 message, byte for byte
        const inner = Uint8Array.from([...data, ...signatureDataObject(sig)]);
        const msg = Uint8Array.from([0xbf, 0x51, inner.length + 2, 0xa0, inner.length, ...inner]);
        const result = EuiccPackageResult.decode(msg);
        expect(result.$case).toBe('euiccPackageResultSigned');
        if (result.$case === 'euiccPackageResultSigned') expect(result.value.euiccPackageResultDataSigned).toEqual(decodedData);
        const v = verifyEuiccPackageResult(msg, { certificate: cert, associationToken: 1, provider });
        expect(v).toMatchObject({ valid: true, kind: 'euiccPackageResultSigned' });
        // alsoCheck: data alone (token none) and data ‖ eimSignature must not verify
        expect(verifyEuiccPackageResult(msg, { certificate: cert, associationToken: null, provider })).toMatchObject({ valid: false, reason: 'bad-signature' });
        const key = importCertKey(cert);
        const eimSig = hex(c.requestEimSignature as string);
        expect(provider.ecdsaVerify(key, Uint8Array.from([...data, ...eimSig]), sig, 'raw')).toBe(false);
        expect(provider.ecdsaVerify(key, Uint8Array.from([...data, ...signatureDataObject(eimSig)]), sig, 'raw')).toBe(false);
      }
    });

    it('euiccSignPIR of a real Profile Installation Result verifies over the BF27 TLV (messages/eim_ProfileInstallationResult.der)', () => {
      const pir = vector('messages/eim_ProfileInstallationResult.der');
      const cert = vector('certs/extra/eim_euiccCertificate.der');
      expect(verifyProfileInstallationResult(pir, { certificate: cert, provider })).toMatchObject({ valid: true });
      expect(verifyPendingNotification(pir, { certificate: cert, provider })).toMatchObject({ valid: true });
      // alsoCheck (signatures.md 3.6): over the BF27 content without its header it does not verify
      const bf27 = pir.subarray(4, 4 + 85); // after BF37 81 98
      expect(bf27[0]).toBe(0xbf);
      const sig = pir.subarray(pir.length - 64);
      expect(provider.ecdsaVerify(importCertKey(cert), bf27, sig, 'raw')).toBe(true);
      expect(provider.ecdsaVerify(importCertKey(cert), bf27.subarray(3), sig, 'raw')).toBe(false);
      // another eUICC's certificate does not verify it
      expect(verifyProfileInstallationResult(pir, { certificate: vector('certs/sgp26/eUICC/CERT_EUICC_ECDSA_NIST.der'), provider })).toMatchObject({ valid: false, reason: 'bad-signature' });
    });

    it('the eUICC-side check accepts the real package for its EID and counter, and refuses a replay', () => {
      const c = byName('eimSignature');
      const msg = hex(c.message as string);
      const eim = { eimId: 'eIM', certificate: vectorText(rel(c.verifyWith)), associationToken: 1 };
      const eid = '89044045118427484800000000011628';
      expect(checkEuiccPackageRequest(msg, { eid, eims: [{ ...eim, counterValue: 1005 }], provider })).toMatchObject({ accepted: true, counterValue: 1006 });
      expect(checkEuiccPackageRequest(msg, { eid, eims: [{ ...eim, counterValue: 1006 }], provider })).toMatchObject({ accepted: false, rule: 'counter', errorCode: 'replayError', errorCodeValue: 4 });
    });
  });
});

import { publicKeyFromCertificate } from '../../src/pki/keys.js';
function importCertKey(cert: Uint8Array) {
  return publicKeyFromCertificate(cert);
}
