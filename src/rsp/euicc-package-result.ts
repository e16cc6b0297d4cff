/**
 * The eUICC's answer to an eUICC Package (SGP.32 v1.2 §2.11.2.1 EuiccPackageResult, tag BF51):
 * creating the signed forms (for eUICC simulators and test harnesses) and verifying them (eIM).
 *
 * Signed data (signatures.md §3.10):
 * - euiccSignEPR: `DER(euiccPackageResultDataSigned) ‖ 84 len associationToken` — VERIFIED with
 *   two real signatures from a real eUICC (token 1), which fail over the data alone and over
 *   `data ‖ eimSignature` (the SGP.32 v1.0.0 wording).
 * - euiccSignEPE: `DER(euiccPackageErrorDataSigned) ‖ 84 len associationToken` — the same rule
 *   in the reference eIM's code; no real signature was available (VERIFIED code only).
 * - euiccPackageErrorUnsigned carries no signature.
 * - No associationToken configured: the suffix is `84 01 00` — UNVERIFIED, after
 *   openiotrsp/openiotrsp (INTERPRETATION_LOG.md: production euiccSignEPR values verify only
 *   with it; euiccpkg/service.go). Verifiers accept it and the bare data, naming which matched.
 * The signatures are the `euiccSignEPR` and `euiccSignEPE` rows of `RSP_SIGNATURES`
 * (signatures.ts), signed and checked by the generic `signPart` / `verifyRsp`.
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import {
  EuiccPackageErrorDataSigned,
  EuiccPackageResult,
  EuiccPackageResultDataSigned,
  type EuiccPackageErrorSigned,
  type EuiccPackageResultSigned,
} from '../generated/SGP32Definitions.js';
import { checkTokenOption, describe, type NoTokenSuffix, type SignatureVerdict, type SigningKey, type VerificationKey } from './signed-data.js';
import { findSignature, signPart, verifyRsp } from './signatures.js';

/** Common arguments of the eUICC-side signing functions. */
export interface EuiccSigningOptions {
  /** SK.EUICC.ECDSA, the key of the eUICC certificate. */
  readonly privateKey: SigningKey;
  /**
   * The associationToken of the eIM the result goes to; omitted or null for none, and the
   * signature covers `… ‖ 84 01 00` (UNVERIFIED, see `NO_TOKEN_TLV`).
   */
  readonly associationToken?: number | null;
  /** With no token: append `84 01 00` (`'zero'`, default) or nothing (`'none'`). UNVERIFIED. */
  readonly noTokenSuffix?: NoTokenSuffix;
  /** Crypto provider; default `nobleProvider`. */
  readonly provider?: CryptoProvider;
}

/** A created EuiccPackageResult: the value and its DER bytes. */
export interface SignedEuiccPackageResult {
  readonly result: EuiccPackageResult;
  readonly bytes: Uint8Array;
}

/**
 * Creates a signed `EuiccPackageResult` (alternative euiccPackageResultSigned) as an eUICC
 * would: signs `DER(euiccPackageResultDataSigned) ‖ associationToken` with the eUICC key.
 *
 * @throws TypeError for bad arguments; CryptoKeyFormatError for bad key data; Asn1EncodeError
 *   when the data breaks its type.
 * @example
 * ```ts
 * const { bytes } = signEuiccPackageResult({
 *   euiccPackageResultDataSigned: { eimId: 'eIM', counterValue: 7, seqNumber: 3,
 *     euiccResult: [{ $case: 'enableResult', value: 0 }] },
 *   privateKey: euiccKeyPem, associationToken: 1,
 * });
 * ```
 */
export function signEuiccPackageResult(
  options: EuiccSigningOptions & { readonly euiccPackageResultDataSigned: EuiccPackageResultDataSigned },
): SignedEuiccPackageResult {
  if (typeof options !== 'object' || options === null) throw new TypeError(`options: expected an object, got ${describe(options)}`);
  const data = options.euiccPackageResultDataSigned;
  const euiccSignEPR = signPart('euiccSignEPR', EuiccPackageResultDataSigned, data, options).signature;
  const result: EuiccPackageResult = { $case: 'euiccPackageResultSigned', value: { euiccPackageResultDataSigned: data, euiccSignEPR } };
  return { result, bytes: EuiccPackageResult.encode(result) };
}

/**
 * Creates a signed error `EuiccPackageResult` (alternative euiccPackageErrorSigned): signs
 * `DER(euiccPackageErrorDataSigned) ‖ associationToken` with the eUICC key.
 *
 * @throws as {@link signEuiccPackageResult}.
 */
export function signEuiccPackageError(
  options: EuiccSigningOptions & { readonly euiccPackageErrorDataSigned: EuiccPackageErrorDataSigned },
): SignedEuiccPackageResult {
  if (typeof options !== 'object' || options === null) throw new TypeError(`options: expected an object, got ${describe(options)}`);
  const data = options.euiccPackageErrorDataSigned;
  const euiccSignEPE = signPart('euiccSignEPE', EuiccPackageErrorDataSigned, data, options).signature;
  const result: EuiccPackageResult = { $case: 'euiccPackageErrorSigned', value: { euiccPackageErrorDataSigned: data, euiccSignEPE } };
  return { result, bytes: EuiccPackageResult.encode(result) };
}

/** Options of {@link verifyEuiccPackageResult}. */
export type VerifyEuiccPackageResultOptions = VerificationKey & {
  /**
   * The associationToken of this eIM's association with the eUICC, or null (then `… ‖ 84 01 00`
   * and the bare data are both accepted, UNVERIFIED). Required.
   */
  readonly associationToken: number | null;
  /** Crypto provider; default `nobleProvider`. */
  readonly provider?: CryptoProvider;
  /** Decode strictly as DER (default false: eUICCs answer in BER now and then). */
  readonly strict?: boolean;
};

/** Which alternative of EuiccPackageResult was checked. */
export type EuiccPackageResultKind = 'euiccPackageResultSigned' | 'euiccPackageErrorSigned' | 'euiccPackageErrorUnsigned' | '$unknown';

/** A verdict on an EuiccPackageResult, naming the alternative and carrying the decoded value. */
export type EuiccPackageResultVerdict = (
  | { readonly valid: true }
  | (SignatureVerdict & { readonly valid: false })
) & { readonly kind: EuiccPackageResultKind; readonly result: EuiccPackageResult };

/**
 * Verifies the eUICC signature of an `EuiccPackageResult` (BF51) over the bytes received:
 * euiccSignEPR for a result, euiccSignEPE for a signed error. An unsigned error (or an unknown
 * alternative) gives `{ valid: false, reason: 'not-signed' }` — its content is not authenticated.
 *
 * The key is the eUICC's (CERT.EUICC.ECDSA); this function does not validate the certificate
 * chain (see `sgp32/pki`). It does not compare eimId / counterValue / eimTransactionId with the
 * request either: the caller matches the result to its package.
 *
 * @param input - the BF51 bytes, or a result decoded with `{ keepEncoded: true }`.
 * @returns the verdict with `kind` and the decoded `result`.
 * @throws Asn1DecodeError for bytes that are not an EuiccPackageResult; TypeError for bad
 *   arguments; CryptoKeyFormatError for unparsable key data.
 * @example
 * ```ts
 * const v = verifyEuiccPackageResult(bytes, { certificate: euiccCertDer, associationToken: 1 });
 * if (v.valid && v.kind === 'euiccPackageResultSigned') … v.result.value.euiccPackageResultDataSigned
 * ```
 */
export function verifyEuiccPackageResult(input: Uint8Array | EuiccPackageResult, options: VerifyEuiccPackageResultOptions): EuiccPackageResultVerdict {
  if (typeof options !== 'object' || options === null) throw new TypeError(`options: expected an object, got ${describe(options)}`);
  checkTokenOption(options.associationToken);
  const result = input instanceof Uint8Array ? EuiccPackageResult.decode(input, { keepEncoded: true, strict: options.strict ?? false }) : input;
  if (typeof result !== 'object' || result === null || typeof result.$case !== 'string') {
    throw new TypeError(`input: expected bytes or a decoded EuiccPackageResult, got ${describe(result)}`);
  }
  const found = findSignature('SGP32Definitions.EuiccPackageResult', result);
  const verdict: SignatureVerdict =
    found !== undefined
      ? verifyRsp(found.row.name, found.signed as object, found.signature as Uint8Array, options)
      : {
          valid: false,
          reason: 'not-signed',
          detail: result.$case === 'euiccPackageErrorUnsigned' ? 'euiccPackageErrorUnsigned carries no signature' : 'an EuiccPackageResult alternative this version does not know',
        };
  return { ...verdict, kind: result.$case, result };
}
