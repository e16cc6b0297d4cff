/**
 * sgp32 — the public API: the generated codecs of the five specification modules (flat, with
 * SGP32Definitions taking precedence for the names it shares with RSPDefinitions, and per
 * module as the namespaces `Sgp32`, `Rsp`, `Pkix`, `PkixImplicit`, `Saip`), the DER runtime
 * entry points, JER, the crypto surface, GSMA certificate handling (pki) and the RSP signature
 * helpers (rsp: eIM packages, eUICC results, notifications, authentication signatures).
 *
 * @example
 * ```ts
 * import { EuiccPackageRequest, Rsp } from 'sgp32';
 * const request = EuiccPackageRequest.decode(bytes);
 * const info2 = Rsp.EUICCInfo2.decode(otherBytes); // the SGP.22 v2.5 type of that name
 * ```
 * @module sgp32
 */
export * from './generated/index.js';
export { decode, encode, decodeLenient } from './der/codec.js';
export type { Codec, JsonValue } from './der/codec.js';
export type { DecodeOptions } from './der/reader.js';
export { encodedBytesOf } from './der/reader.js';
export { Asn1DecodeError, Asn1EncodeError } from './der/errors.js';
export type { DecodeErrorCode, EncodeErrorCode, Diagnostic } from './der/errors.js';
export type { BitString } from './der/bitstring.js';
export { bitStringOf, bitsOf, bitNames, bitStringFromNames, hasBit, bitLength } from './der/bitstring.js';
export { JerError } from './jer/index.js';
export type {
  Curve,
  SignatureForm,
  EcPrivateKey,
  EcPublicKey,
  EcKeyPair,
  CryptoProvider,
  CryptoKeyFormatErrorCode,
  SignatureFormatErrorCode,
  PrivateKeyFormat,
} from './crypto/index.js';
export {
  nobleProvider,
  defaultProvider,
  CryptoKeyFormatError,
  SignatureFormatError,
  ecdsaRawToDer,
  ecdsaDerToRaw,
  x963Kdf,
  importPrivateKey,
  importPublicKey,
  publicKeyFromRaw,
  privateKeyFromRaw,
  exportPrivateKeyDer,
  exportPrivateKeyPem,
  exportPublicKeyDer,
  exportPublicKeyPem,
  exportPublicKeyRaw,
} from './crypto/index.js';
export type {
  CertificateView,
  CertificateInput,
  CertificateProblem,
  CertificateProblemCode,
  CertificateParseErrorCode,
  ExtensionView,
  SubjectAltNameView,
  DistinguishedName,
  NameAttribute,
  BasicConstraints,
  GeneralName,
  KeyUsage,
  NameConstraints,
  GsmaRole,
  RoleVariant,
  ChainInvalidReason,
  ChainVerdict,
  ChainValid,
  ChainInvalid,
  ValidateChainOptions,
  CertificateLike,
  SelectCiOptions,
  CertificateSummary,
  ChainWarning,
  CrlView,
  RevokedEntry,
  ExtensionEntry,
} from './pki/index.js';
export type {
  AuthenticateResponseDefinitions,
  AuthenticateResponseInvalidReason,
  AuthenticateResponseVerdict,
  AuthenticateResponseValid,
  AuthenticateResponseInvalid,
  AnyAuthenticateServerResponse,
  AnyEuiccSigned1,
  VerifyAuthenticateServerResponseOptions,
} from './rsp/index.js';
export {
  CertificateParseError,
  parseCertificate,
  parseCertificates,
  pemToDer,
  retagCertificate,
  OID_EC_PUBLIC_KEY,
  OID_ECDSA_WITH_SHA256,
  KEY_USAGE_BITS,
  ROLE_POLICY_OIDS,
  ROLE_OID,
  GSMA_ROLES,
  OID_PERMITTED_EINS,
  allowedIssuerRoles,
  validateChain,
  CHAIN_INVALID_REASONS,
  namesMatch,
  couldHaveIssued,
  selectCi,
  findIssuers,
  issuedByKeyId,
  keyIdContent,
  subjectKeyIdentifierDer,
  eidCheckDigitsValid,
  isEidFormat,
  matchingEidPrefix,
  certificateSummary,
  issueCertificate,
  issueCrl,
  certificateTime,
  subjectPublicKeyInfoOf,
  extensionOf,
  ECDSA_WITH_SHA256,
  publicKeyFromCertificate,
  importVerificationKey,
  parseCrl,
  EXTENSIONS,
  extensionName,
} from './pki/index.js';
export type {
  NoTokenSuffix,
  SignedSuffix,
  SignatureFailureReason,
  SignatureVerdict,
  VerificationKey,
  SigningKey,
  EimPublicKeyData,
  SignEuiccPackageOptions,
  SignedEuiccPackageRequest,
  VerifyEuiccPackageRequestOptions,
  EuiccPackageRequestVerdict,
  EuiccSigningOptions,
  SignedEuiccPackageResult,
  VerifyEuiccPackageResultOptions,
  EuiccPackageResultKind,
  EuiccPackageResultVerdict,
  EimRecord,
  CheckEuiccPackageOptions,
  PackageCheckRule,
  PackageCheckErrorCode,
  PackageCheckVerdict,
  SignOptions,
  VerifyOptions,
  SignedPart,
  VerifyNotificationOptions,
  SignNotificationOptions,
  CompactPirContext,
  VerifyMessageOptions,
  MessageVerdict,
  CompactDownloadContext,
  CompactCancelContext,
} from './rsp/index.js';
export type { RspSignature, RspSignatureName, RspSignedParts, KeyRole, SuffixRule, SignatureLocation, FoundSignature, RspSignOptions, RspVerifyOptions } from './rsp/index.js';
export {
  associationTokenTlv,
  NO_TOKEN_TLV,
  RSP_SIGNATURES,
  signRsp,
  verifyRsp,
  findSignature,
  signEuiccPackage,
  verifyEuiccPackageRequest,
  signEuiccPackageResult,
  signEuiccPackageError,
  verifyEuiccPackageResult,
  checkEuiccPackageRequest,
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
  signProfileInstallationResult,
  verifyProfileInstallationResult,
  signOtherNotification,
  signCompactOtherNotification,
  expandCompactProfileInstallationResult,
  verifyPendingNotification,
  verifyAuthenticateServerResponseSignature,
  verifyAuthenticateServerResponse,
  verifyPrepareDownloadResponse,
  verifyCancelSessionResponse,
} from './rsp/index.js';
