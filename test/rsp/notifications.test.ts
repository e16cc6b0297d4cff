/**
 * Notifications signed by the eUICC (SGP.26 eUICC keys, both curves): Profile Installation
 * Result, OtherSignedNotification and the SGP.32 compact forms through verifyPendingNotification.
 * The compact PIR test checks our reconstruction against our own signer (UNVERIFIED against any
 * third party: no reference implements the compact forms).
 */
import { describe, expect, it } from 'vitest';
import { bitStringFromNames } from '../../src/der/bitstring.js';
import { Certificate } from '../../src/generated/PKIX1Explicit88.js';
import { NotificationEvent, type NotificationMetadata, type ProfileInstallationResultData } from '../../src/generated/RSPDefinitions.js';
import { PendingNotification, ProfileInstallationResult } from '../../src/generated/SGP32Definitions.js';
import {
  expandCompactProfileInstallationResult,
  signCompactOtherNotification,
  signOtherNotification,
  signProfileInstallationResult,
  verifyPendingNotification,
  verifyProfileInstallationResult,
} from '../../src/rsp/index.js';
import { CURVES, hex, NEEDED, sgp26, toHex, vector, vectorText } from './helpers.js';
import { describeVectors } from '../support/vectors.js';

const ICCID = hex('989444999999990930f1');
const AID = hex('a0000005591010ffffffff8900001100');
const pirData = (success: boolean): ProfileInstallationResultData => ({
  transactionId: hex('e0f1356728a44720b219a3b70c9df57e'),
  notificationMetadata: {
    seqNumber: 9,
    profileManagementOperation: bitStringFromNames(['notificationInstall'], NotificationEvent.bits),
    notificationAddress: 'testsmdpplus1.example.com',
    iccid: ICCID,
  },
  smdpOid: '2.999.10',
  finalResult: success
    ? { $case: 'successResult', value: { aid: AID, simaResponse: hex('30 07 a0 05 30 03 80 01 00') } }
    : { $case: 'errorResult', value: { bppCommandId: 2, errorReason: 9 } },
});
const tbs: NotificationMetadata = {
  seqNumber: 10,
  profileManagementOperation: bitStringFromNames(['notificationEnable'], NotificationEvent.bits),
  notificationAddress: 'smdp.example.com',
  iccid: ICCID,
};

describeVectors('notifications with the SGP.26 eUICC keys', NEEDED, () => {
  describe.each(CURVES.map((c) => [c] as const))('%s', (curve) => {
    const euicc = { privateKey: vectorText(sgp26[curve].euiccKey) };
    const euiccCert = vector(sgp26[curve].euiccCert);
    const other = vector(sgp26[curve === 'P-256' ? 'brainpoolP256r1' : 'P-256'].euiccCert);

    it('ProfileInstallationResult: BF37 created, verified standalone and as a PendingNotification', () => {
      for (const success of [true, false]) {
        const { result, bytes } = signProfileInstallationResult(pirData(success), euicc);
        expect(toHex(bytes.subarray(0, 2))).toBe('bf37');
        expect(ProfileInstallationResult.decode(bytes)).toEqual(result);
        expect(verifyProfileInstallationResult(bytes, { certificate: euiccCert })).toMatchObject({ valid: true });
        expect(verifyPendingNotification(bytes, { certificate: euiccCert })).toMatchObject({ valid: true });
        expect(verifyProfileInstallationResult(bytes, { certificate: other })).toMatchObject({ valid: false, reason: 'bad-signature' });
        const t = bytes.slice();
        t[20] ^= 1; // inside the transactionId
        expect(verifyProfileInstallationResult(t, { certificate: euiccCert })).toMatchObject({ valid: false });
      }
    });

    it('OtherSignedNotification: verified with the embedded certificate given explicitly (keepEncoded value)', () => {
      const euiccCertificate = Certificate.decode(euiccCert);
      const eumCertificate = Certificate.decode(vector(sgp26[curve].eumCert));
      const { bytes } = signOtherNotification(tbs, { ...euicc, euiccCertificate, eumCertificate });
      expect(bytes[0]).toBe(0x30);
      const decoded = PendingNotification.decode(bytes, { keepEncoded: true });
      expect(decoded.$case).toBe('otherSignedNotification');
      if (decoded.$case !== 'otherSignedNotification') return;
      expect(verifyPendingNotification(decoded, { certificate: decoded.value.euiccCertificate })).toMatchObject({ valid: true });
      expect(verifyPendingNotification(bytes, { certificate: other })).toMatchObject({ valid: false, reason: 'bad-signature' });
    });

    it('CompactOtherSignedNotification (UNVERIFIED form): same signature over tbsOtherNotification', () => {
      const { bytes, notification } = signCompactOtherNotification(tbs, { ...euicc, eidValue: hex('89049032123451234512345678901235') });
      expect(toHex(bytes.subarray(0, 1))).toBe('a1');
      expect(verifyPendingNotification(bytes, { certificate: euiccCert })).toMatchObject({ valid: true, notification });
      const t = bytes.slice();
      t[bytes.length - 70] ^= 0x20; // last byte of the tbsOtherNotification
      expect(verifyPendingNotification(t, { certificate: euiccCert }).valid).toBe(false);
    });

    it('CompactProfileInstallationResult (UNVERIFIED reconstruction): verifies after rebuilding with the session context', () => {
      const { result } = signProfileInstallationResult(pirData(true), euicc);
      const compact = PendingNotification.encode({
        $case: 'compactProfileInstallationResult',
        value: {
          compactProfileInstallationResultData: {
            transactionId: pirData(true).transactionId,
            seqNumber: 9,
            compactFinalResult: { $case: 'compactSuccessResult', value: { compactAid: AID.subarray(14) } },
          },
          euiccSignPIR: result.euiccSignPIR,
        },
      });
      const context = { notificationAddress: 'testsmdpplus1.example.com', smdpOid: '2.999.10', iccid: ICCID, aidPrefix: AID.subarray(0, 14) };
      expect(verifyPendingNotification(compact, { certificate: euiccCert, compactContext: context })).toMatchObject({ valid: true });
      expect(verifyPendingNotification(compact, { certificate: euiccCert, compactContext: { ...context, smdpOid: '2.999.11' } })).toMatchObject({ valid: false });
      expect(() => verifyPendingNotification(compact, { certificate: euiccCert })).toThrow(/compactContext/);
      const decoded = PendingNotification.decode(compact);
      if (decoded.$case !== 'compactProfileInstallationResult') throw new Error('wrong case');
      const rebuilt = expandCompactProfileInstallationResult(decoded.value, context);
      expect(rebuilt.result).toEqual(result);
      expect(() => expandCompactProfileInstallationResult(decoded.value, { ...context, aidPrefix: undefined })).toThrow(/aidPrefix/);
      expect(() => expandCompactProfileInstallationResult(decoded.value, { ...context, iccid: undefined })).toThrow(/iccid/);
    });
  });
});
