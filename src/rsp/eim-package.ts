/**
 * The eIM signature of an eUICC Package (SGP.32 v1.2 §2.11.1.1 EuiccPackageRequest, §5.9.1
 * ES10b.LoadEuiccPackage): building a signed `EuiccPackageRequest` (tag BF51) and verifying one.
 *
 * Signed data (signatures.md §3.9, VERIFIED on a real eIM↔eUICC exchange):
 * `DER(euiccPackageSigned)` — the complete `30 …` TLV — followed by the associationToken as a
 * `[4]` INTEGER TLV (`84 01 01` for token 1). eimSignature is plain r‖s (64 bytes) in tag 5F37.
 * With no associationToken configured the suffix is `84 01 00` — an UNVERIFIED reading of
 * §2.11.1.2 after openiotrsp/openiotrsp (INTERPRETATION_LOG.md, euiccpkg/service.go); verifiers
 * accept it and the bare signed data, and say which matched (see `NO_TOKEN_TLV`).
 * The signature itself is the `eimSignature` row of `RSP_SIGNATURES` (signatures.ts), signed
 * and checked by the generic `signPart` / `verifyRsp`; this module builds and reads the message around it.
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import type { DecodeOptions } from '../der/reader.js';
import { EuiccPackageRequest, EuiccPackageSigned } from '../generated/SGP32Definitions.js';
import { SIGNATURE_TAG, checkTokenOption, describe, type NoTokenSuffix, type SignatureVerdict, type SignedSuffix, type SigningKey, type VerificationKey } from './signed-data.js';
import { signPart, verifyRsp } from './signatures.js';
import { tlv } from '../der/build.js';

/** Arguments of {@link signEuiccPackage}. */
export interface SignEuiccPackageOptions {
  /** The package to sign (eimId, eidValue, counterValue, eimTransactionId?, euiccPackage). */
  readonly euiccPackageSigned: EuiccPackageSigned;
  /** The eIM private key (P-256 or brainpoolP256r1). */
  readonly privateKey: SigningKey;
  /**
   * The associationToken agreed when the eIM was associated with the eUICC (returned by the
   * eUICC in AddInitialEimResponse / AddEimResult). Omitted or null: none configured, and the
   * signature covers `… ‖ 84 01 00` (UNVERIFIED, see `NO_TOKEN_TLV`).
   */
  readonly associationToken?: number | null;
  /** With no token: append `84 01 00` (`'zero'`, default) or nothing (`'none'`). UNVERIFIED. */
  readonly noTokenSuffix?: NoTokenSuffix;
  /** Crypto provider; default the pure-TypeScript `nobleProvider`. */
  readonly provider?: CryptoProvider;
}

/** A signed eUICC Package: the value and its DER encoding, ready to send. */
export interface SignedEuiccPackageRequest {
  readonly request: EuiccPackageRequest;
  readonly bytes: Uint8Array;
}

/**
 * Signs an eUICC Package as the eIM and returns the `EuiccPackageRequest` (BF51).
 *
 * @param options - see {@link SignEuiccPackageOptions}.
 * @returns the request value and its DER bytes.
 * @throws TypeError for bad arguments; CryptoKeyFormatError for unusable key data;
 *   Asn1EncodeError when `euiccPackageSigned` breaks its type (e.g. eimId longer than 128).
 * @example
 * ```ts
 * const { bytes } = signEuiccPackage({
 *   euiccPackageSigned: { eimId: 'eim.example', eidValue, counterValue: 7,
 *     euiccPackage: { $case: 'psmoList', value: [{ $case: 'enable', value: { iccid } }] } },
 *   privateKey: readFileSync('eim-key.pem', 'utf8'),
 *   associationToken: 1,
 * });
 * ```
 */
export function signEuiccPackage(options: SignEuiccPackageOptions): SignedEuiccPackageRequest {
  if (typeof options !== 'object' || options === null) throw new TypeError(`options: expected an object, got ${describe(options)}`);
  const { signed, signature: eimSignature } = signPart('eimSignature', EuiccPackageSigned, options.euiccPackageSigned, options);
  const bytes = tlv(0xbf51, signed, tlv(SIGNATURE_TAG, eimSignature));
  return { request: { euiccPackageSigned: options.euiccPackageSigned, eimSignature }, bytes };
}

/** Options of {@link verifyEuiccPackageRequest}: the eIM key, the token, and decoding choices. */
export type VerifyEuiccPackageRequestOptions = VerificationKey & {
  /** The associationToken of the eIM association, or null when there is none. Required. */
  readonly associationToken: number | null;
  /** Crypto provider; default `nobleProvider`. */
  readonly provider?: CryptoProvider;
  /**
   * Decode strictly as DER (default false: BER forms are accepted, since the signature is
   * checked over the bytes received anyway).
   */
  readonly strict?: boolean;
};

/**
 * A verdict on an EuiccPackageRequest; when valid, the decoded request and which suffix the
 * signature covered (`'token'`, or with no token configured `'token-zero'` / `'none'`).
 */
export type EuiccPackageRequestVerdict =
  | { readonly valid: true; readonly request: EuiccPackageRequest; readonly signedSuffix: SignedSuffix; readonly detail: string }
  | (SignatureVerdict & { readonly valid: false });

/**
 * Verifies the eimSignature of an `EuiccPackageRequest` (BF51) over the bytes received.
 *
 * @param input - the BF51 bytes, or a request decoded with `{ keepEncoded: true }`.
 * @param options - the eIM key (public key, certificate, or `eimPublicKeyData` from
 *   EimConfigurationData) and the associationToken (`null` for none: `… ‖ 84 01 00` and the
 *   bare signed data are both accepted, UNVERIFIED).
 * @returns `{ valid: true, request, signedSuffix, detail }` or `{ valid: false, reason, detail }`
 *   (reasons: {@link SignatureFailureReason}).
 * @throws Asn1DecodeError when the bytes are not an EuiccPackageRequest; TypeError for bad
 *   arguments (including a value decoded without keepEncoded); CryptoKeyFormatError for key
 *   data that does not parse.
 * @example
 * ```ts
 * const v = verifyEuiccPackageRequest(bytes, { certificate: eimCertPem, associationToken: 1 });
 * if (!v.valid) console.log(v.reason); // 'bad-signature', 'signature-not-raw', …
 * ```
 */
export function verifyEuiccPackageRequest(input: Uint8Array | EuiccPackageRequest, options: VerifyEuiccPackageRequestOptions): EuiccPackageRequestVerdict {
  if (typeof options !== 'object' || options === null) throw new TypeError(`options: expected an object, got ${describe(options)}`);
  checkTokenOption(options.associationToken);
  const request = input instanceof Uint8Array ? decodeRequest(input, options.strict) : input;
  if (typeof request !== 'object' || request === null) throw new TypeError(`input: expected bytes or a decoded EuiccPackageRequest, got ${describe(request)}`);
  const verdict = verifyRsp('eimSignature', request.euiccPackageSigned, request.eimSignature, options);
  return verdict.valid ? { valid: true, request, signedSuffix: verdict.signedSuffix ?? 'token', detail: verdict.detail ?? '' } : verdict;
}

function decodeRequest(bytes: Uint8Array, strict: boolean | undefined): EuiccPackageRequest {
  const opts: DecodeOptions = { keepEncoded: true, strict: strict ?? false };
  return EuiccPackageRequest.decode(bytes, opts);
}
