/**
 * The SGP.22 v2.5 mutual-authentication and session signatures as SGP.32 v1.2 carries them over
 * ESipa (SGP.22 §3.1.2, §3.1.3, §3.0.2 cancel session; SGP.32 §5.14.x). Each is a pair: create
 * (for the signer, or a simulator of it) and verify (for the receiver).
 *
 * Signed data (signatures.md §2; "DER(X)" is the complete TLV of X with its tag and length):
 * | signature | key | signed bytes | status |
 * |---|---|---|---|
 * | serverSignature1 | SM-DP+ CERT.DPauth | DER(serverSigned1) | VERIFIED (2 implementations) |
 * | euiccSignature1 | eUICC | DER(euiccSigned1) | VERIFIED (real eUICC) |
 * | smdpSignature2 | SM-DP+ CERT.DPpb | DER(smdpSigned2) ‖ 5F3740 ‖ euiccSignature1 | VERIFIED (2 impl.) |
 * | euiccSignature2 | eUICC | DER(euiccSigned2) ‖ 5F3740 ‖ smdpSignature2 | VERIFIED (2 impl.) |
 * | euiccCancelSessionSignature | eUICC | DER(euiccCancelSessionSigned) | VERIFIED (2 impl.) |
 *
 * Signatures here are the 64-byte r‖s *values* (the OCTET STRING content of tag 5F37), as the
 * ASN.1 bindings carry them; the `5F3740` data object header is added where the signed data
 * includes the other party's signature.
 *
 * Each `sign…` takes the signed structure as a value (DER-encoded here) or as bytes already
 * encoded (signed exactly as given); each `verify…` takes the received bytes of the signed
 * structure, or a value decoded with `{ keepEncoded: true }`.
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import type { Codec } from '../der/codec.js';
import { EUICCSigned2, EuiccCancelSessionSigned, ServerSigned1, SmdpSigned2 } from '../generated/RSPDefinitions.js';
import { EuiccSigned1 } from '../generated/SGP32Definitions.js';
import {
  describe,
  receivedBytes,
  resolvePrivateKey,
  resolveProvider,
  signRaw,
  signatureDataObject,
  verifyRaw,
  type SignatureVerdict,
  type SigningKey,
  type VerificationKey,
} from './signed-data.js';

/** Common options of the `sign…` functions. */
export interface SignOptions {
  /** The signer's private key. */
  readonly privateKey: SigningKey;
  /** Crypto provider; default `nobleProvider`. */
  readonly provider?: CryptoProvider;
}

/** Common options of the `verify…` functions: the signer's key and the provider. */
export type VerifyOptions = VerificationKey & { readonly provider?: CryptoProvider };

/** A created signature: the exact signed structure bytes and the 64-byte r‖s signature value. */
export interface SignedPart {
  /** DER of the signed structure (what goes on the wire). */
  readonly signed: Uint8Array;
  /** The signature value (content of tag 5F37). */
  readonly signature: Uint8Array;
}

function encodePart<T>(codec: Codec<T>, value: T | Uint8Array, name: string): Uint8Array {
  if (value instanceof Uint8Array) return receivedBytes(value, 0x30, name);
  if (typeof value !== 'object' || value === null) throw new TypeError(`${name}: expected a ${codec.typeName} value or its DER bytes, got ${describe(value)}`);
  return codec.encode(value);
}

function signPart<T>(codec: Codec<T>, value: T | Uint8Array, name: string, options: SignOptions, suffix: Uint8Array): SignedPart {
  if (typeof options !== 'object' || options === null) throw new TypeError(`options: expected an object, got ${describe(options)}`);
  const provider = resolveProvider(options.provider);
  const key = resolvePrivateKey(options.privateKey);
  const signed = encodePart(codec, value, name);
  return { signed, signature: signRaw(provider, key, signed, suffix) };
}

function verifyPart(signedInput: Uint8Array | object, name: string, signature: Uint8Array, sigName: string, options: VerifyOptions, suffix: Uint8Array): SignatureVerdict {
  if (typeof options !== 'object' || options === null) throw new TypeError(`options: expected an object, got ${describe(options)}`);
  const provider = resolveProvider(options.provider);
  const signed = receivedBytes(signedInput, 0x30, name);
  return verifyRaw(provider, options, signed, suffix, signature, sigName);
}

function otherSignature(sig: unknown, name: string): Uint8Array {
  if (!(sig instanceof Uint8Array)) throw new TypeError(`${name}: expected the 64-byte signature value (Uint8Array), got ${describe(sig)}`);
  if (sig.length !== 64) throw new RangeError(`${name}: expected the 64-byte r‖s value (without the 5F37 header), got ${sig.length} bytes`);
  return signatureDataObject(sig);
}

const EMPTY = new Uint8Array(0);

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
  return signPart(ServerSigned1, serverSigned1, 'serverSigned1', options, EMPTY);
}

/**
 * Verifies serverSignature1 over the received serverSigned1 with the SM-DP+ CERT.DPauth key.
 * Checks the signature only, not transactionId / euiccChallenge / serverAddress.
 *
 * @returns `{ valid: true }` or `{ valid: false, reason, detail }`.
 * @throws TypeError; Asn1DecodeError when `serverSigned1` bytes are not one `30` TLV.
 */
export function verifyServerSignature1(serverSigned1: Uint8Array | ServerSigned1, serverSignature1: Uint8Array, options: VerifyOptions): SignatureVerdict {
  return verifyPart(serverSigned1, 'serverSigned1', serverSignature1, 'serverSignature1', options, EMPTY);
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
  return signPart(EuiccSigned1, euiccSigned1, 'euiccSigned1', options, EMPTY);
}

/**
 * Verifies euiccSignature1 over the received euiccSigned1 with the eUICC key (CERT.EUICC).
 * VERIFIED against a real eUICC signature (signatures.md §3.2).
 *
 * @throws as {@link verifyServerSignature1}.
 */
export function verifyEuiccSignature1(euiccSigned1: Uint8Array | object, euiccSignature1: Uint8Array, options: VerifyOptions): SignatureVerdict {
  return verifyPart(euiccSigned1, 'euiccSigned1', euiccSignature1, 'euiccSignature1', options, EMPTY);
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
  return signPart(SmdpSigned2, smdpSigned2, 'smdpSigned2', options, otherSignature(options?.euiccSignature1, 'euiccSignature1'));
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
  return verifyPart(smdpSigned2, 'smdpSigned2', smdpSignature2, 'smdpSignature2', options, otherSignature(options?.euiccSignature1, 'euiccSignature1'));
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
  return signPart(EUICCSigned2, euiccSigned2, 'euiccSigned2', options, otherSignature(options?.smdpSignature2, 'smdpSignature2'));
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
  return verifyPart(euiccSigned2, 'euiccSigned2', euiccSignature2, 'euiccSignature2', options, otherSignature(options?.smdpSignature2, 'smdpSignature2'));
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
  return signPart(EuiccCancelSessionSigned, euiccCancelSessionSigned, 'euiccCancelSessionSigned', options, EMPTY);
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
  return verifyPart(euiccCancelSessionSigned, 'euiccCancelSessionSigned', euiccCancelSessionSignature, 'euiccCancelSessionSignature', options, EMPTY);
}
