/**
 * Message-level verifiers for the eUICC responses an eIM relays over ESipa (SGP.32 v1.2
 * §5.14.2 PrepareDownloadResponse, §5.14.3 AuthenticateServerResponse, §5.14.8
 * CancelSessionResponse), including their SGP.32 compact forms where the signed data can be
 * rebuilt from session state.
 *
 * Each takes the ES10b response bytes (`BF38`, `BF21`, `BF41`) or a value decoded with
 * `{ keepEncoded: true }` — e.g. `authenticateServerResponse` of a decoded
 * AuthenticateClientRequestEsipa — and checks the eUICC signature over the received bytes.
 *
 * Compact forms (`minimizeEsipaBytes`): the signature covers the *full* structure, rebuilt
 * here from the compact data and the session values the caller supplies — UNVERIFIED (ASN.1
 * comments only, signatures.md §3.11). CompactEuiccSigned1 would need the whole EUICCInfo2 with
 * a fresh extCardResource; it is reported as `compact-unsupported`.
 * The signed part and the signature of a full form are found by the table's locations
 * (`findSignature`) and checked by `verifyRsp`.
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { EUICCSigned2, EuiccCancelSessionSigned, type TransactionId } from '../generated/RSPDefinitions.js';
import { AuthenticateServerResponse, CancelSessionResponse, PrepareDownloadResponse } from '../generated/SGP32Definitions.js';
import { describe, type SignatureVerdict, type VerificationKey } from './signed-data.js';
import { findSignature, verifyRsp } from './signatures.js';

/** Options of the message-level verifiers: the eUICC key of the session and decoding choices. */
export type VerifyMessageOptions = VerificationKey & {
  /** Crypto provider; default `nobleProvider`. */
  readonly provider?: CryptoProvider;
  /** Decode strictly as DER (default false). */
  readonly strict?: boolean;
};

/**
 * A verdict on a response message. Besides the signature reasons, `compact-unsupported` says the
 * compact form's signed data cannot be rebuilt here (CompactEuiccSigned1) or the session values
 * needed to rebuild it were not given.
 */
export type MessageVerdict<T> = (SignatureVerdict | { readonly valid: false; readonly reason: 'compact-unsupported'; readonly detail: string }) & {
  readonly kind: string;
  readonly response: T;
};

function decodeOr<T>(input: Uint8Array | T, decode: (b: Uint8Array, o: { keepEncoded: true; strict: boolean }) => T, strict: boolean | undefined, name: string): T {
  if (input instanceof Uint8Array) return decode(input, { keepEncoded: true, strict: strict ?? false });
  if (typeof input !== 'object' || input === null) throw new TypeError(`${name}: expected bytes or a decoded value, got ${describe(input)}`);
  return input;
}

function checkOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`options: expected an object, got ${describe(options)}`);
}

/**
 * Verifies euiccSignature1 of an AuthenticateServerResponse (BF38): the full
 * authenticateResponseOk, or a compactAuthenticateResponseOk that carries the full
 * euiccSigned1. Errors are `not-signed`; CompactEuiccSigned1 is `compact-unsupported`.
 *
 * The key is the eUICC's (from euiccCertificate, once its chain is validated with `sgp32/pki`).
 *
 * @throws Asn1DecodeError for bytes that are not an AuthenticateServerResponse; TypeError.
 */
export function verifyAuthenticateServerResponseSignature(
  input: Uint8Array | AuthenticateServerResponse,
  options: VerifyMessageOptions,
): MessageVerdict<AuthenticateServerResponse> {
  checkOptions(options);
  const response = decodeOr(input, AuthenticateServerResponse.decode, options.strict, 'input');
  const done = (v: SignatureVerdict | { valid: false; reason: 'compact-unsupported'; detail: string }) => ({ ...v, kind: response.$case, response }) as MessageVerdict<AuthenticateServerResponse>;
  const found = findSignature('SGP32Definitions.AuthenticateServerResponse', response);
  if (found !== undefined) return done(verifyRsp(found.row.name, found.signed as object, found.signature as Uint8Array, options));
  if (response.$case === 'compactAuthenticateResponseOk') {
    return done({ valid: false, reason: 'compact-unsupported', detail: 'CompactEuiccSigned1: rebuilding EuiccSigned1 (EUICCInfo2 with the fresh extCardResource) is not implemented' });
  }
  return done({ valid: false, reason: 'not-signed', detail: `${response.$case} carries no signature` });
}

/** Session values needed to rebuild EUICCSigned2 from a CompactEuiccSigned2 (UNVERIFIED rule). */
export interface CompactDownloadContext {
  /** transactionId of the RSP session. */
  readonly transactionId: TransactionId;
  /** bppEuiccOtpk from smdpSigned2, used when the compact form omits euiccOtpk. */
  readonly bppEuiccOtpk?: Uint8Array;
  /** hashCc the eIM supplied, used when the compact form omits it (absent: none). */
  readonly hashCc?: Uint8Array;
}

/**
 * Verifies euiccSignature2 of a PrepareDownloadResponse (BF21) over
 * `DER(euiccSigned2) ‖ 5F3740 ‖ smdpSignature2`. For compactDownloadResponseOk, EUICCSigned2 is
 * rebuilt as `{ transactionId, euiccOtpk (or bppEuiccOtpk), hashCc (or the eIM's) }` from
 * `compactContext` and DER-encoded (UNVERIFIED).
 *
 * @param options.smdpSignature2 - the 64-byte smdpSignature2 value of this session.
 * @throws Asn1DecodeError; TypeError/RangeError for bad arguments.
 */
export function verifyPrepareDownloadResponse(
  input: Uint8Array | PrepareDownloadResponse,
  options: VerifyMessageOptions & { readonly smdpSignature2: Uint8Array; readonly compactContext?: CompactDownloadContext },
): MessageVerdict<PrepareDownloadResponse> {
  checkOptions(options);
  const sig2 = options.smdpSignature2;
  if (!(sig2 instanceof Uint8Array) || sig2.length !== 64) throw new RangeError(`smdpSignature2: expected the 64-byte r‖s value, got ${describe(sig2)}`);
  const response = decodeOr(input, PrepareDownloadResponse.decode, options.strict, 'input');
  const done = (v: SignatureVerdict | { valid: false; reason: 'compact-unsupported'; detail: string }) => ({ ...v, kind: response.$case, response }) as MessageVerdict<PrepareDownloadResponse>;
  const found = findSignature('SGP32Definitions.PrepareDownloadResponse', response);
  if (found !== undefined) return done(verifyRsp(found.row.name, found.signed as object, found.signature as Uint8Array, options));
  switch (response.$case) {
    case 'compactDownloadResponseOk': {
      const ctx = options.compactContext;
      const c = response.value.compactEuiccSigned2;
      const euiccOtpk = c.euiccOtpk ?? ctx?.bppEuiccOtpk;
      if (ctx === undefined || euiccOtpk === undefined) {
        return done({ valid: false, reason: 'compact-unsupported', detail: 'compactDownloadResponseOk: give compactContext (transactionId, and bppEuiccOtpk when euiccOtpk is omitted)' });
      }
      const hashCc = c.hashCc ?? ctx.hashCc;
      const signed = EUICCSigned2.encode({ transactionId: ctx.transactionId, euiccOtpk, ...(hashCc !== undefined ? { hashCc } : {}) });
      return done(verifyRsp('euiccSignature2', signed, response.value.euiccSignature2, options));
    }
    default:
      return done({ valid: false, reason: 'not-signed', detail: `${response.$case} carries no signature` });
  }
}

/** Session values needed to rebuild EuiccCancelSessionSigned from the compact form (UNVERIFIED). */
export interface CompactCancelContext {
  readonly transactionId: TransactionId;
  /** The SM-DP+ OID (from CERT.DPauth.ECDSA). */
  readonly smdpOid: string;
  /** The reason sent in CancelSessionRequest, used when the compact form omits it. */
  readonly reason?: number;
}

/**
 * Verifies euiccCancelSessionSignature of a CancelSessionResponse (BF41, or the A1-tagged copy
 * inside CancelSessionRequestEsipa passed as a decoded value) over
 * DER(euiccCancelSessionSigned). The compact form is rebuilt from `compactContext` (UNVERIFIED).
 *
 * @throws Asn1DecodeError; TypeError.
 */
export function verifyCancelSessionResponse(
  input: Uint8Array | CancelSessionResponse,
  options: VerifyMessageOptions & { readonly compactContext?: CompactCancelContext },
): MessageVerdict<CancelSessionResponse> {
  checkOptions(options);
  const response = decodeOr(input, CancelSessionResponse.decode, options.strict, 'input');
  const done = (v: SignatureVerdict | { valid: false; reason: 'compact-unsupported'; detail: string }) => ({ ...v, kind: response.$case, response }) as MessageVerdict<CancelSessionResponse>;
  const found = findSignature('SGP32Definitions.CancelSessionResponse', response);
  if (found !== undefined) return done(verifyRsp(found.row.name, found.signed as object, found.signature as Uint8Array, options));
  switch (response.$case) {
    case 'compactCancelSessionResponseOk': {
      const ctx = options.compactContext;
      const reason = response.value.compactEuiccCancelSessionSigned.reason ?? ctx?.reason;
      if (ctx === undefined || reason === undefined) {
        return done({ valid: false, reason: 'compact-unsupported', detail: 'compactCancelSessionResponseOk: give compactContext (transactionId, smdpOid, and reason when the compact form omits it)' });
      }
      const signed = EuiccCancelSessionSigned.encode({ transactionId: ctx.transactionId, smdpOid: ctx.smdpOid, reason });
      return done(verifyRsp('euiccCancelSessionSignature', signed, response.value.euiccCancelSessionSignature, options));
    }
    default:
      return done({ valid: false, reason: 'not-signed', detail: `${response.$case} carries no signature` });
  }
}
