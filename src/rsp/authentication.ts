/**
 * The SGP.22 v2.5 mutual-authentication and session signatures as SGP.32 v1.2 carries them over
 * ESipa (SGP.22 §3.1.2, §3.1.3, §3.0.2 cancel session; SGP.32 §5.14.x). Each is a pair: create
 * (for the signer, or a simulator of it) and verify (for the receiver).
 *
 * Each function is a named wrapper over the generic `signPart` (as {@link signRsp}) / {@link verifyRsp}: which bytes are
 * signed, by whose key and with which suffix (the other party's `5F3740` signature data object
 * for smdpSignature2 and euiccSignature2) is the signature's row of `RSP_SIGNATURES`
 * (`signatures.ts`; signatures.md §3.1–§3.4, §3.8). Signatures here are the 64-byte r‖s
 * *values* (the OCTET STRING content of tag 5F37), as the ASN.1 bindings carry them.
 *
 * Each `sign…` takes the signed structure as a value (DER-encoded here) or as bytes already
 * encoded (signed exactly as given); each `verify…` takes the received bytes of the signed
 * structure, or a value decoded with `{ keepEncoded: true }`.
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { EUICCSigned2, EuiccCancelSessionSigned, ServerSigned1, SmdpSigned2 } from '../generated/RSPDefinitions.js';
import { EuiccSigned1 } from '../generated/SGP32Definitions.js';
import type { SignatureVerdict, SigningKey, VerificationKey } from './signed-data.js';
import { signPart, verifyRsp, type SignedPart } from './signatures.js';

export type { SignedPart };

/** Common options of the `sign…` functions. */
export interface SignOptions {
  /** The signer's private key. */
  readonly privateKey: SigningKey;
  /** Crypto provider; default `nobleProvider`. */
  readonly provider?: CryptoProvider;
}

/** Common options of the `verify…` functions: the signer's key and the provider. */
export type VerifyOptions = VerificationKey & { readonly provider?: CryptoProvider };

// --------------------------------------------------------------------------------------------
// serverSignature1 (SGP.22 §5.6.1 ES9+.InitiateAuthentication → ES10b.AuthenticateServer)

/**
 * Signs ServerSigned1 as the SM-DP+ (or SM-DS) with its CERT.DPauth key: serverSignature1 over
 * DER(serverSigned1).
 *
 * @throws TypeError for bad arguments; CryptoKeyFormatError; Asn1EncodeError for a bad value.
 * @example
 * ```ts
 * const { signed, signature } = signServerSigned1(
 *   { transactionId, euiccChallenge, serverAddress: 'smdp.example', serverChallenge },
 *   { privateKey: dpAuthKeyPem });
 * ```
 */
export function signServerSigned1(serverSigned1: ServerSigned1 | Uint8Array, options: SignOptions): SignedPart {
  return signPart('serverSignature1', ServerSigned1, serverSigned1, options);
}

/**
 * Verifies serverSignature1 over the received serverSigned1 with the SM-DP+ CERT.DPauth key.
 * Checks the signature only, not transactionId / euiccChallenge / serverAddress.
 *
 * @returns `{ valid: true }` or `{ valid: false, reason, detail }`.
 * @throws TypeError; Asn1DecodeError when `serverSigned1` bytes are not one `30` TLV.
 */
export function verifyServerSignature1(serverSigned1: Uint8Array | ServerSigned1, serverSignature1: Uint8Array, options: VerifyOptions): SignatureVerdict {
  return verifyRsp('serverSignature1', serverSigned1, serverSignature1, options);
}

// --------------------------------------------------------------------------------------------
// euiccSignature1 (ES10b.AuthenticateServer response)

/**
 * Signs EuiccSigned1 as the eUICC: euiccSignature1 over DER(euiccSigned1). The value form uses
 * the SGP.32 EuiccSigned1 (SGP.32 EUICCInfo2); pass bytes to sign an SGP.22 encoding as is.
 *
 * @throws as {@link signServerSigned1}.
 */
export function signEuiccSigned1(euiccSigned1: EuiccSigned1 | Uint8Array, options: SignOptions): SignedPart {
  return signPart('euiccSignature1', EuiccSigned1, euiccSigned1, options);
}

/**
 * Verifies euiccSignature1 over the received euiccSigned1 with the eUICC key (CERT.EUICC).
 * VERIFIED against a real eUICC signature (signatures.md §3.2).
 *
 * @throws as {@link verifyServerSignature1}.
 */
export function verifyEuiccSignature1(euiccSigned1: Uint8Array | object, euiccSignature1: Uint8Array, options: VerifyOptions): SignatureVerdict {
  return verifyRsp('euiccSignature1', euiccSigned1, euiccSignature1, options);
}

// --------------------------------------------------------------------------------------------
// smdpSignature2 (ES9+.AuthenticateClient → ES10b.PrepareDownload)

/**
 * Signs SmdpSigned2 as the SM-DP+ with its CERT.DPpb key: smdpSignature2 over
 * `DER(smdpSigned2) ‖ 5F 37 40 ‖ euiccSignature1`.
 *
 * @param options.euiccSignature1 - the 64-byte euiccSignature1 value of this session.
 * @throws as {@link signServerSigned1}; RangeError when euiccSignature1 is not 64 bytes.
 */
export function signSmdpSigned2(smdpSigned2: SmdpSigned2 | Uint8Array, options: SignOptions & { readonly euiccSignature1: Uint8Array }): SignedPart {
  return signPart('smdpSignature2', SmdpSigned2, smdpSigned2, options);
}

/**
 * Verifies smdpSignature2 over `received smdpSigned2 ‖ 5F3740 ‖ euiccSignature1` with the
 * SM-DP+ CERT.DPpb key.
 *
 * @throws as {@link verifyServerSignature1}; RangeError when euiccSignature1 is not 64 bytes.
 */
export function verifySmdpSignature2(
  smdpSigned2: Uint8Array | SmdpSigned2,
  smdpSignature2: Uint8Array,
  options: VerifyOptions & { readonly euiccSignature1: Uint8Array },
): SignatureVerdict {
  return verifyRsp('smdpSignature2', smdpSigned2, smdpSignature2, options);
}

// --------------------------------------------------------------------------------------------
// euiccSignature2 (ES10b.PrepareDownload response)

/**
 * Signs EUICCSigned2 as the eUICC: euiccSignature2 over
 * `DER(euiccSigned2) ‖ 5F 37 40 ‖ smdpSignature2`.
 *
 * @param options.smdpSignature2 - the 64-byte smdpSignature2 value received in PrepareDownload.
 * @throws as {@link signSmdpSigned2}.
 */
export function signEuiccSigned2(euiccSigned2: EUICCSigned2 | Uint8Array, options: SignOptions & { readonly smdpSignature2: Uint8Array }): SignedPart {
  return signPart('euiccSignature2', EUICCSigned2, euiccSigned2, options);
}

/**
 * Verifies euiccSignature2 over `received euiccSigned2 ‖ 5F3740 ‖ smdpSignature2` with the
 * eUICC key of the session.
 *
 * @throws as {@link verifySmdpSignature2}.
 */
export function verifyEuiccSignature2(
  euiccSigned2: Uint8Array | EUICCSigned2,
  euiccSignature2: Uint8Array,
  options: VerifyOptions & { readonly smdpSignature2: Uint8Array },
): SignatureVerdict {
  return verifyRsp('euiccSignature2', euiccSigned2, euiccSignature2, options);
}

// --------------------------------------------------------------------------------------------
// euiccCancelSessionSignature (ES10b.CancelSession response)

/**
 * Signs EuiccCancelSessionSigned as the eUICC: euiccCancelSessionSignature over
 * DER(euiccCancelSessionSigned) (`30 { 80 transactionId, 81 smdpOid, 82 reason }`).
 *
 * @throws as {@link signServerSigned1}.
 */
export function signEuiccCancelSessionSigned(euiccCancelSessionSigned: EuiccCancelSessionSigned | Uint8Array, options: SignOptions): SignedPart {
  return signPart('euiccCancelSessionSignature', EuiccCancelSessionSigned, euiccCancelSessionSigned, options);
}

/**
 * Verifies euiccCancelSessionSignature over the received euiccCancelSessionSigned with the
 * eUICC key of the session. Does not compare smdpOid or transactionId with the session.
 *
 * @throws as {@link verifyServerSignature1}.
 */
export function verifyEuiccCancelSessionSignature(
  euiccCancelSessionSigned: Uint8Array | EuiccCancelSessionSigned,
  euiccCancelSessionSignature: Uint8Array,
  options: VerifyOptions,
): SignatureVerdict {
  return verifyRsp('euiccCancelSessionSignature', euiccCancelSessionSigned, euiccCancelSessionSignature, options);
}
