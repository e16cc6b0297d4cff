/**
 * (subjectCode, reasonCode) ↔ ASN.1 error value tables of the JSON bindings.
 *
 * ESipa rows come from ../shared/spec/bindings.md §2.3 (VERIFIED by two IPA implementations
 * unless marked). The SGP.22 ES9+ rows (SGP.22 v2.5 §5.6 tables, as SM-DP+ and LPA code read
 * them) are inherited by the ESipa functions that share the error values; those marked
 * UNVERIFIED below come from one source or from our reading. Every table can be extended or
 * overridden per function with the `statusCodes` option.
 *
 * @module
 */
import type { StatusCode, StatusCodeTable } from './json-members.js';

const row = (value: number, subjectCode: string, reasonCode: string): StatusCode => ({ value, subjectCode, reasonCode });

/** ES9+ InitiateAuthentication (SGP.22 §5.6.1); gd-ipa uses the same rows on ESipa. */
export const ES9_INITIATE_AUTHENTICATION_CODES: StatusCodeTable = [
  row(1, '8.8.1', '3.8'), // invalidDpAddress
  row(2, '8.8.3', '3.1'), // euiccVersionNotSupportedByDp
  row(3, '8.8.2', '3.1'), // ciPKNotSupported
  row(3, '8.8.4', '3.7'),
];

/** ES9+ AuthenticateClient (SGP.22 §5.6.3). UNVERIFIED (our reading of SGP.22; no two sources list them all). */
export const ES9_AUTHENTICATE_CLIENT_CODES: StatusCodeTable = [
  row(1, '8.1.2', '6.1'), // eumCertificateInvalid
  row(2, '8.1.2', '6.3'), // eumCertificateExpired
  row(3, '8.1.3', '6.1'), // euiccCertificateInvalid
  row(4, '8.1.3', '6.3'), // euiccCertificateExpired
  row(5, '8.1', '6.1'), // euiccSignatureInvalid
  row(6, '8.2.6', '3.8'), // matchingIdRefused
  row(7, '8.1.1', '3.8'), // eidMismatch
  row(8, '8.2.5', '4.3'), // noEligibleProfile
  row(9, '8.11.1', '3.9'), // ciPKUnknown
  row(10, '8.10.1', '3.9'), // invalidTransactionId
];

/** ES9+ GetBoundProfilePackage (SGP.22 §5.6.2). UNVERIFIED (our reading of SGP.22). */
export const ES9_GET_BOUND_PROFILE_PACKAGE_CODES: StatusCodeTable = [
  row(1, '8.1', '6.1'), // euiccSignatureInvalid
  row(2, '8.2.7', '2.2'), // confirmationCodeMissing
  row(3, '8.2.7', '3.8'), // confirmationCodeRefused
  row(4, '8.2.7', '6.4'), // confirmationCodeRetriesExceeded
  row(6, '8.8.5', '4.10'), // downloadOrderExpired
  row(95, '8.10.1', '3.9'), // invalidTransactionId
];

/** ES9+ CancelSession (SGP.22 §5.6.5). UNVERIFIED (our reading of SGP.22). */
export const ES9_CANCEL_SESSION_CODES: StatusCodeTable = [
  row(1, '8.10.1', '3.9'), // invalidTransactionId
  row(2, '8.1', '6.1'), // euiccSignatureInvalid
];

/** ESipa InitiateAuthentication (SGP.32 §5.14.1): its own rows, then the inherited ES9+ ones. */
export const ESIPA_INITIATE_AUTHENTICATION_CODES: StatusCodeTable = [
  row(50, '8.8.1', '3.10'), // smdpAddressMismatch
  row(51, '8.8', '3.10'), // smdpOidMismatch
  row(52, '8.31.2', '3.10'), // invalidEimTransactionId
  ...ES9_INITIATE_AUTHENTICATION_CODES,
];

/** ESipa AuthenticateClient (SGP.32 §5.14.3). */
export const ESIPA_AUTHENTICATE_CLIENT_CODES: StatusCodeTable = [
  row(50, '8.2.8', '1.2'), // pprNotAllowed
  ...ES9_AUTHENTICATE_CLIENT_CODES,
];

/** ESipa GetBoundProfilePackage (SGP.32 §5.14.2). */
export const ESIPA_GET_BOUND_PROFILE_PACKAGE_CODES: StatusCodeTable = [
  row(50, '8.2.9', '3.11'), // metadataMismatch
  ...ES9_GET_BOUND_PROFILE_PACKAGE_CODES,
];

/** ESipa CancelSession (SGP.32 §5.14.8 lists no codes of its own): the ES9+ rows, UNVERIFIED. */
export const ESIPA_CANCEL_SESSION_CODES: StatusCodeTable = ES9_CANCEL_SESSION_CODES;

/** ESipa GetEimPackage (SGP.32 §5.14.5 Table 18). */
export const ESIPA_GET_EIM_PACKAGE_CODES: StatusCodeTable = [
  row(1, '8.1.1', '3.7'), // noEimPackageAvailable
  row(2, '8.1.1', '3.9'), // eidNotFound
  row(3, '8.1.1', '2.1'), // invalidEid
  row(4, '8.1.1', '2.2'), // missingEid
];

/** ESipa ProvideEimPackageResult (SGP.32 §5.14.6 Table 21). */
export const ESIPA_PROVIDE_EIM_PACKAGE_RESULT_CODES: StatusCodeTable = [
  row(2, '8.1.1', '3.9'), // eidNotFound
  row(3, '8.1.1', '2.1'), // invalidEid
  row(4, '8.1.1', '2.2'), // missingEid
];
