/**
 * GSMA RSP certificates: parsing into a GSMA view, chain validation (CI → EUM → eUICC,
 * CI → SM-DP+/SM-DS, eIM), CI selection by key identifier, EID checks.
 *
 * Runs in Node and browsers (no `node:*` imports); signatures go through a
 * {@link CryptoProvider}, brainpoolP256r1 included.
 *
 * @module sgp32/pki
 */
export { CertificateParseError } from './errors.js';
export type { CertificateParseErrorCode } from './errors.js';
export { parseCertificate, parseCertificates, pemToDer, retagCertificate, OID_EC_PUBLIC_KEY, OID_ECDSA_WITH_SHA256 } from './parse.js';
export type {
  CertificateView,
  CertificateInput,
  CertificateProblem,
  CertificateProblemCode,
  ExtensionView,
  SubjectAltNameView,
} from './parse.js';
export type { DistinguishedName, NameAttribute } from './names.js';
export type { BasicConstraints, GeneralName, KeyUsage, NameConstraints } from './extensions.js';
export { KEY_USAGE_BITS, EXTENSIONS, extensionName } from './extensions.js';
export type { ExtensionEntry } from './extensions.js';
export { ROLE_POLICY_OIDS, ROLE_OID, GSMA_ROLES, OID_PERMITTED_EINS, allowedIssuerRoles } from './roles.js';
export type { GsmaRole, RoleVariant } from './roles.js';
export { validateChain, CHAIN_INVALID_REASONS, namesMatch, couldHaveIssued } from './validate.js';
export type { ChainInvalidReason, ChainVerdict, ChainValid, ChainInvalid, ChainWarning, ValidateChainOptions, CertificateLike } from './validate.js';
export { selectCi, findIssuers, issuedByKeyId, keyIdContent, subjectKeyIdentifierDer } from './select.js';
export type { SelectCiOptions } from './select.js';
export { eidCheckDigitsValid, isEidFormat, matchingEidPrefix } from './eid.js';
export { issueCertificate, issueCrl, certificateTime, subjectPublicKeyInfoOf, extensionOf, ECDSA_WITH_SHA256 } from './issue.js';
export { publicKeyFromCertificate, importVerificationKey } from './keys.js';
export { parseCrl } from './crl.js';
export type { CrlView, RevokedEntry } from './crl.js';
export { certificateSummary } from './summary.js';
export type { CertificateSummary } from './summary.js';
