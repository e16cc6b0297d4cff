/**
 * eUICC-signed notifications (SGP.22 v2.5 §2.5.6 Profile Installation Result, §3.5 other
 * notifications; SGP.32 v1.2 §5.14.7 PendingNotification with its compact forms): create (for
 * simulators) and verify (for the eIM and the SM-DP+).
 *
 * Signed data (signatures.md §3.6, §3.7, §3.11):
 * - euiccSignPIR over DER(ProfileInstallationResultData), the `BF27` TLV — VERIFIED with a real
 *   eUICC notification.
 * - euiccNotificationSignature over DER(tbsOtherNotification), the `BF2F` NotificationMetadata
 *   TLV — VERIFIED in two implementations, no real vector.
 * - CompactOtherSignedNotification: the same signature over tbsOtherNotification, which it
 *   transmits in full — UNVERIFIED (ASN.1 comment only).
 * - CompactProfileInstallationResult: the eUICC signs the *full* ProfileInstallationResultData,
 *   which the receiver must rebuild from the compact data and session state
 *   ({@link expandCompactProfileInstallationResult}) — UNVERIFIED procedure.
 *
 * The signing and the checks are the `euiccSignPIR` and `euiccNotificationSignature` rows of
 * `RSP_SIGNATURES` (signatures.ts), driven by the generic `signPart` / `verifyRsp`.
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { bitStringFromNames } from '../der/bitstring.js';
import { NotificationEvent, NotificationMetadata, ProfileInstallationResultData } from '../generated/RSPDefinitions.js';
import {
  PendingNotification,
  ProfileInstallationResult,
  type CompactOtherSignedNotification,
  type CompactProfileInstallationResult,
} from '../generated/SGP32Definitions.js';
import { describe, type SignatureVerdict, type SigningKey, type VerificationKey } from './signed-data.js';
import { findSignature, signPart, verifyRsp } from './signatures.js';
import type { Certificate } from '../generated/PKIX1Explicit88.js';

/** Options of the notification verifiers: the eUICC key and decoding choices. */
export type VerifyNotificationOptions = VerificationKey & {
  /** Crypto provider; default `nobleProvider`. */
  readonly provider?: CryptoProvider;
  /** Decode strictly as DER (default false: eUICCs answer in BER now and then). */
  readonly strict?: boolean;
};

/** Options of the notification signers. */
export interface SignNotificationOptions {
  /** SK.EUICC.ECDSA. */
  readonly privateKey: SigningKey;
  /** Crypto provider; default `nobleProvider`. */
  readonly provider?: CryptoProvider;
}

function checkOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`options: expected an object, got ${describe(options)}`);
}

// --------------------------------------------------------------------------------------------
// ProfileInstallationResult (BF37)

/**
 * Creates a ProfileInstallationResult (BF37) as an eUICC: euiccSignPIR over
 * DER(profileInstallationResultData).
 *
 * @returns the value and its DER bytes.
 * @throws TypeError; CryptoKeyFormatError; Asn1EncodeError for a bad value.
 */
export function signProfileInstallationResult(
  profileInstallationResultData: ProfileInstallationResultData,
  options: SignNotificationOptions,
): { readonly result: ProfileInstallationResult; readonly bytes: Uint8Array } {
  checkOptions(options);
  const { signature } = signPart('euiccSignPIR', ProfileInstallationResultData, profileInstallationResultData, options);
  const result: ProfileInstallationResult = { profileInstallationResultData, euiccSignPIR: signature };
  return { result, bytes: ProfileInstallationResult.encode(result) };
}

/**
 * Verifies euiccSignPIR of a ProfileInstallationResult over the received `BF27` bytes with the
 * eUICC key of the download session (the PIR carries no certificate).
 *
 * @param input - the BF37 bytes, or a value decoded with `{ keepEncoded: true }`.
 * @returns the verdict, with the decoded result.
 * @throws Asn1DecodeError for bytes that are not a ProfileInstallationResult; TypeError.
 */
export function verifyProfileInstallationResult(
  input: Uint8Array | ProfileInstallationResult,
  options: VerifyNotificationOptions,
): SignatureVerdict & { readonly result: ProfileInstallationResult } {
  checkOptions(options);
  const result = input instanceof Uint8Array ? ProfileInstallationResult.decode(input, { keepEncoded: true, strict: options.strict ?? false }) : input;
  return { ...verifyRsp('euiccSignPIR', result.profileInstallationResultData, result.euiccSignPIR, options), result };
}

// --------------------------------------------------------------------------------------------
// OtherSignedNotification / CompactOtherSignedNotification

/**
 * Creates an OtherSignedNotification as an eUICC: euiccNotificationSignature over
 * DER(tbsOtherNotification) (the `BF2F` NotificationMetadata), with the certificates attached.
 *
 * @throws TypeError; CryptoKeyFormatError; Asn1EncodeError.
 */
export function signOtherNotification(
  tbsOtherNotification: NotificationMetadata,
  options: SignNotificationOptions & { readonly euiccCertificate: Certificate; readonly eumCertificate: Certificate },
): { readonly notification: PendingNotification; readonly bytes: Uint8Array } {
  checkOptions(options);
  const { signature } = signPart('euiccNotificationSignature', NotificationMetadata, tbsOtherNotification, options);
  const notification: PendingNotification = {
    $case: 'otherSignedNotification',
    value: {
      tbsOtherNotification,
      euiccNotificationSignature: signature,
      euiccCertificate: options.euiccCertificate,
      eumCertificate: options.eumCertificate,
    },
  };
  return { notification, bytes: PendingNotification.encode(notification) };
}

/**
 * Creates a CompactOtherSignedNotification (SGP.32 `[1]` alternative of PendingNotification):
 * the same signature as the full form, without certificates. UNVERIFIED (ASN.1 comment only).
 */
export function signCompactOtherNotification(
  tbsOtherNotification: NotificationMetadata,
  options: SignNotificationOptions & { readonly eidValue?: Uint8Array },
): { readonly notification: PendingNotification; readonly bytes: Uint8Array } {
  checkOptions(options);
  const { signature } = signPart('euiccNotificationSignature', NotificationMetadata, tbsOtherNotification, options);
  const value: CompactOtherSignedNotification = {
    ...(options.eidValue !== undefined ? { eidValue: options.eidValue } : {}),
    tbsOtherNotification,
    euiccNotificationSignature: signature,
  };
  const notification: PendingNotification = { $case: 'compactOtherSignedNotification', value };
  return { notification, bytes: PendingNotification.encode(notification) };
}

/** Session data needed to rebuild a compact Profile Installation Result (SGP.32 v1.2 §5.14.7). */
export interface CompactPirContext {
  /** notificationAddress of the rebuilt NotificationMetadata (the SM-DP+ address of the session). */
  readonly notificationAddress: string;
  /** The SM-DP+ OID (from CERT.DPpb.ECDSA). */
  readonly smdpOid: string;
  /** ICCID of the installed Profile; used when the compact data says iccidPresent (default TRUE). */
  readonly iccid?: Uint8Array;
  /** The first 14 bytes of the ISD-P AID; compactAid carries bytes 15–16. */
  readonly aidPrefix?: Uint8Array;
}

/** simaResponse value assumed when CompactSuccessResult omits it (SGP.32 v1.2 ASN.1 comment). */
const DEFAULT_SIMA_RESPONSE = /*@__PURE__*/ Uint8Array.from([0x30, 0x07, 0xa0, 0x05, 0x30, 0x03, 0x80, 0x01, 0x00]);

/**
 * Rebuilds the full ProfileInstallationResult from a CompactProfileInstallationResult and the
 * session state, so that euiccSignPIR can be checked over DER(ProfileInstallationResultData).
 *
 * UNVERIFIED: the reconstruction follows the SGP.32 v1.2 ASN.1 comments (compactAid = last two
 * AID bytes; simaResponse default `30 07 A0 05 30 03 80 01 00`; iccid included when
 * iccidPresent is TRUE; profileManagementOperation = notificationInstall). No reference
 * implementation or real vector confirms it (signatures.md §3.11).
 *
 * @returns the rebuilt value and its DER bytes (the eUICC signed a DER encoding).
 * @throws TypeError/RangeError when the context lacks what the compact data needs.
 */
export function expandCompactProfileInstallationResult(
  compact: CompactProfileInstallationResult,
  context: CompactPirContext,
): { readonly result: ProfileInstallationResult; readonly bytes: Uint8Array } {
  if (typeof context !== 'object' || context === null) throw new TypeError(`context: expected an object, got ${describe(context)}`);
  const c = compact.compactProfileInstallationResultData;
  const iccidPresent = c.iccidPresent ?? true;
  if (iccidPresent && !(context.iccid instanceof Uint8Array)) throw new TypeError('context.iccid: required because the compact result says iccidPresent');
  let finalResult: ProfileInstallationResultData['finalResult'];
  const f = c.compactFinalResult;
  if (f.$case === 'compactSuccessResult') {
    if (!(context.aidPrefix instanceof Uint8Array) || context.aidPrefix.length !== 14) {
      throw new RangeError(`context.aidPrefix: expected the first 14 bytes of the ISD-P AID, got ${describe(context.aidPrefix)}`);
    }
    const aid = new Uint8Array(16);
    aid.set(context.aidPrefix);
    aid.set(f.value.compactAid, 14);
    finalResult = { $case: 'successResult', value: { aid, simaResponse: f.value.simaResponse ?? DEFAULT_SIMA_RESPONSE } };
  } else if (f.$case === 'errorResult') {
    finalResult = { $case: 'errorResult', value: f.value };
  } else {
    throw new TypeError('compactFinalResult: an alternative this version does not know cannot be rebuilt');
  }
  const data: ProfileInstallationResultData = {
    transactionId: c.transactionId,
    notificationMetadata: {
      seqNumber: c.seqNumber,
      profileManagementOperation: bitStringFromNames(['notificationInstall'], NotificationEvent.bits),
      notificationAddress: context.notificationAddress,
      ...(iccidPresent ? { iccid: context.iccid } : {}),
    },
    smdpOid: context.smdpOid,
    finalResult,
  };
  const result: ProfileInstallationResult = { profileInstallationResultData: data, euiccSignPIR: compact.euiccSignPIR };
  return { result, bytes: ProfileInstallationResult.encode(result) };
}

/**
 * Verifies any PendingNotification (SGP.32 v1.2 §5.14.7) with the eUICC key:
 * - profileInstallationResult: euiccSignPIR over the received BF27;
 * - otherSignedNotification / compactOtherSignedNotification: euiccNotificationSignature over the
 *   received BF2F (compact form UNVERIFIED);
 * - compactProfileInstallationResult: needs `compactContext` to rebuild the signed data
 *   (UNVERIFIED, see {@link expandCompactProfileInstallationResult}).
 *
 * For otherSignedNotification the embedded euiccCertificate is NOT used on its own authority:
 * pass it as `certificate` after validating its chain (certificates.md), or give the key you hold.
 *
 * @param input - the notification bytes (BF37, 30, A0 or A1), or a value decoded with keepEncoded.
 * @throws Asn1DecodeError; TypeError (e.g. compact PIR without compactContext).
 */
export function verifyPendingNotification(
  input: Uint8Array | PendingNotification,
  options: VerifyNotificationOptions & { readonly compactContext?: CompactPirContext },
): SignatureVerdict & { readonly notification: PendingNotification } {
  checkOptions(options);
  const n = input instanceof Uint8Array ? PendingNotification.decode(input, { keepEncoded: true, strict: options.strict ?? false }) : input;
  let verdict: SignatureVerdict;
  const found = findSignature('SGP32Definitions.PendingNotification', n);
  if (found !== undefined) {
    verdict = verifyRsp(found.row.name, found.signed as object, found.signature as Uint8Array, options);
  } else if (n.$case === 'compactProfileInstallationResult') {
    if (options.compactContext === undefined) {
      throw new TypeError('compactContext: required to rebuild the signed data of a compactProfileInstallationResult');
    }
    const { result } = expandCompactProfileInstallationResult(n.value, options.compactContext);
    const signed = ProfileInstallationResultData.encode(result.profileInstallationResultData);
    verdict = verifyRsp('euiccSignPIR', signed, n.value.euiccSignPIR, options);
  } else {
    verdict = { valid: false, reason: 'not-signed', detail: 'a PendingNotification alternative this version does not know' };
  }
  return { ...verdict, notification: n };
}
