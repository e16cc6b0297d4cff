/**
 * `sgp32/rsp` — the signatures of GSMA RSP, each as a create/verify pair over the exact bytes
 * received: the eIM's eUICC Package (SGP.32 v1.2 §2.11.1.1), the eUICC's package results
 * (§2.11.2.1), notifications (SGP.22 v2.5 §2.5.6, §3.5; SGP.32 §5.14.7), the SGP.22 mutual
 * authentication and cancel-session signatures (SGP.22 §3.1.2–3.1.3, §3.0.2), and the
 * eUICC-side checks of an eUICC Package (SGP.32 §5.9.1).
 *
 * Verifiers return `{ valid: true, … }` or `{ valid: false, reason, detail }`; they throw only for
 * malformed input (Asn1DecodeError) or bad arguments (TypeError/RangeError).
 *
 * @example
 * ```ts
 * import { signEuiccPackage, verifyEuiccPackageRequest } from 'sgp32/rsp';
 * const { bytes } = signEuiccPackage({ euiccPackageSigned, privateKey: eimKeyPem, associationToken: 1 });
 * verifyEuiccPackageRequest(bytes, { certificate: eimCertPem, associationToken: 1 }); // { valid: true, request }
 * ```
 * @module sgp32/rsp
 */
export { associationTokenTlv, NO_TOKEN_TLV } from './signed-data.js';
export { RSP_SIGNATURES, signRsp, verifyRsp, findSignature } from './signatures.js';
export type { RspSignature, RspSignatureName, RspSignedParts, KeyRole, SuffixRule, SignatureLocation, FoundSignature, RspSignOptions, RspVerifyOptions } from './signatures.js';
export type { NoTokenSuffix, SignedSuffix, SignatureFailureReason, SignatureVerdict, VerificationKey, SigningKey, EimPublicKeyData } from './signed-data.js';
export { signEuiccPackage, verifyEuiccPackageRequest } from './eim-package.js';
export type { SignEuiccPackageOptions, SignedEuiccPackageRequest, VerifyEuiccPackageRequestOptions, EuiccPackageRequestVerdict } from './eim-package.js';
export { signEuiccPackageResult, signEuiccPackageError, verifyEuiccPackageResult } from './euicc-package-result.js';
export type {
  EuiccSigningOptions,
  SignedEuiccPackageResult,
  VerifyEuiccPackageResultOptions,
  EuiccPackageResultKind,
  EuiccPackageResultVerdict,
} from './euicc-package-result.js';
export { checkEuiccPackageRequest } from './package-check.js';
export type { EimRecord, CheckEuiccPackageOptions, PackageCheckRule, PackageCheckErrorCode, PackageCheckVerdict } from './package-check.js';
export {
  signServerSigned1,
  verifyServerSignature1,
  signEuiccSigned1,
  verifyEuiccSignature1,
  signSmdpSigned2,
  verifySmdpSignature2,
  signEuiccSigned2,
  verifyEuiccSignature2,
  signEuiccCancelSessionSigned,
  verifyEuiccCancelSessionSignature,
} from './authentication.js';
export type { SignOptions, VerifyOptions, SignedPart } from './authentication.js';
export {
  signProfileInstallationResult,
  verifyProfileInstallationResult,
  signOtherNotification,
  signCompactOtherNotification,
  expandCompactProfileInstallationResult,
  verifyPendingNotification,
} from './notifications.js';
export type { VerifyNotificationOptions, SignNotificationOptions, CompactPirContext } from './notifications.js';
export { verifyAuthenticateServerResponseSignature, verifyPrepareDownloadResponse, verifyCancelSessionResponse } from './esipa-messages.js';
export type { VerifyMessageOptions, MessageVerdict, CompactDownloadContext, CompactCancelContext } from './esipa-messages.js';
export { verifyAuthenticateServerResponse } from './authenticate-server-response.js';
export type {
  AuthenticateResponseDefinitions,
  AuthenticateResponseInvalidReason,
  AuthenticateResponseVerdict,
  AuthenticateResponseValid,
  AuthenticateResponseInvalid,
  AnyAuthenticateServerResponse,
  AnyEuiccSigned1,
  VerifyAuthenticateServerResponseOptions,
} from './authenticate-server-response.js';
export * from './bpp/index.js';
