/**
 * The server side of SGP.22 common mutual authentication: verifying an eUICC's
 * AuthenticateServerResponse (the ES10b.AuthenticateServer output, tag BF38, which reaches the
 * SM-DP+ in ES9+.AuthenticateClient and the eIM inside ESipa's AuthenticateClientRequestEsipa)
 * against the CIs the server trusts.
 *
 * What is checked, in this order (signatures.md §3.2, certificates.md §6):
 * 1. the response is `authenticateResponseOk` (an `authenticateResponseError` is a verdict);
 * 2. the CI: when the caller gives CI key identifiers (euiccCiPKIdToBeUsed, or an
 *    EUICCInfo1/2 list in preference order) the anchor is the CI they name;
 * 3. the certificate chain CI → EUM → eUICC with {@link validateChain} (role `euicc`, EID in
 *    the EUM's range);
 * 4. euiccSignature1 (raw r‖s, tag 5F37) over the received bytes of euiccSigned1, its own tag
 *    and length included, with the eUICC certificate's key;
 * 5. optionally, the transactionId, serverChallenge and serverAddress signed by the eUICC
 *    against the ones the server sent.
 *
 * The signed bytes are never re-encoded: the decoder keeps the exact encoding it read, so an
 * eUICC that answers in BER still verifies. Like every RSP verifier, the message is read
 * leniently by default (BER forms accepted and reported in `diagnostics`); `strict: true`
 * refuses them. The certificates inside are held to DER by {@link validateChain} either way.
 *
 * This is the protocol layer (rsp → pki): certificates are parsed and validated by `sgp32/pki`,
 * the signature is checked by {@link verifyEuiccSignature1}, the one verifier of euiccSignature1.
 *
 * @module
 */
import type { Diagnostic } from '../der/errors.js';
import * as RSP from '../generated/RSPDefinitions.js';
import * as SGP32 from '../generated/SGP32Definitions.js';
import { bytesEqual } from '../pki/bytes.js';
import { toHex as hex } from '../der/bytes.js';
import { parseCertificate, type CertificateView } from '../pki/parse.js';
import { selectCi } from '../pki/select.js';
import { validateChain, type CertificateLike, type ChainInvalidReason, type ChainWarning, type ValidateChainOptions } from '../pki/validate.js';
import { verifyEuiccSignature1 } from './authentication.js';
import { receivedBytes, resolveProvider } from './signed-data.js';

/** Which specification module's AuthenticateServerResponse to decode with. */
export type AuthenticateResponseDefinitions = 'SGP32Definitions' | 'RSPDefinitions';

/** A decoded AuthenticateServerResponse of either module (decoded with `keepEncoded: true`). */
export type AnyAuthenticateServerResponse = SGP32.AuthenticateServerResponse | RSP.AuthenticateServerResponse;

/** The signed part of the response, as decoded (SGP.32 or SGP.22 EUICCInfo2). */
export type AnyEuiccSigned1 = SGP32.EuiccSigned1 | RSP.EuiccSigned1;

/**
 * Why an AuthenticateServerResponse is not accepted. Besides every {@link ChainInvalidReason}
 * of the CI → EUM → eUICC chain (index 0 = EUM, 1 = eUICC, -1 = the CI):
 *
 * - `authenticate-response-error`: the eUICC answered authenticateResponseError.
 * - `unsupported-response`: compactAuthenticateResponseOk (SGP.32 §5.9.1 minimized form; the
 *   signed data must first be rebuilt from session state) or an unknown alternative.
 * - `unknown-ci`: none of the trusted anchors has one of the caller's CI key identifiers.
 * - `euicc-signature-invalid`: euiccSignature1 does not verify over euiccSigned1.
 * - `transaction-id-mismatch`, `server-challenge-mismatch`, `server-address-mismatch`: the
 *   signed value differs from the one the caller expects.
 */
export type AuthenticateResponseInvalidReason =
  | 'authenticate-response-error'
  | 'unsupported-response'
  | 'unknown-ci'
  | ChainInvalidReason
  | 'euicc-signature-invalid'
  | 'transaction-id-mismatch'
  | 'server-challenge-mismatch'
  | 'server-address-mismatch';

/** Arguments of {@link verifyAuthenticateServerResponse}. */
/**
 * The chain-validation options (provider, EID check digits, EID range policy, CRLs) are
 * {@link ValidateChainOptions}'s own, passed through to the validation of `[EUM, eUICC]`.
 */
export interface VerifyAuthenticateServerResponseOptions extends Pick<ValidateChainOptions, 'provider' | 'eidCheckDigits' | 'eidRange' | 'crls'> {
  /** The CI certificates the server trusts (DER, PEM or parsed views). */
  readonly anchors: readonly CertificateLike[];
  /** Time at which the certificates must be valid; `null` skips the validity check. */
  readonly at: Date | null;
  /** Module to decode bytes with (default `'SGP32Definitions'`; both use tag BF38). */
  readonly definitions?: AuthenticateResponseDefinitions;
  /**
   * Strict DER for the message (default false, as for every RSP verifier: BER forms are
   * accepted, reported in `diagnostics`, and the signature is checked over the bytes as
   * received). With true, a BER message is an Asn1DecodeError.
   */
  readonly strict?: boolean;
  /** Receives each BER deviation accepted when `strict` is false. */
  readonly diagnostics?: Diagnostic[];
  /**
   * CI key identifiers: `euiccCiPKIdToBeUsed` as the server sent it, or an EUICCInfo1/2 list in
   * the eUICC's order of preference (raw or DER `04 14 …`). The anchor becomes the first CI
   * of the list found among `anchors` (see {@link selectCi}). Without it, any anchor may do.
   */
  readonly ciKeyIds?: readonly Uint8Array[];
  /** Accept a truncated key identifier (a prefix of the CI's SKI). Default false. */
  readonly allowTruncatedCiKeyId?: boolean;
  /** The transactionId of the session; euiccSigned1 must carry it. */
  readonly transactionId?: Uint8Array;
  /** The serverChallenge the server sent in serverSigned1; euiccSigned1 must carry it. */
  readonly serverChallenge?: Uint8Array;
  /** The serverAddress the server sent in serverSigned1; euiccSigned1 must carry it. */
  readonly serverAddress?: string;
}

/** An accepted response. */
export interface AuthenticateResponseValid {
  readonly valid: true;
  /** The EID of the eUICC certificate. */
  readonly eid: string;
  /** `[EUM, eUICC]` certificates, parsed from the bytes received. */
  readonly chain: readonly CertificateView[];
  /** The CI the chain ends at. */
  readonly anchor: CertificateView;
  /** The decoded euiccSigned1 (transactionId, serverAddress, serverChallenge, euiccInfo2, ctxParams1). */
  readonly euiccSigned1: AnyEuiccSigned1;
  /** The exact bytes euiccSignature1 covers: the euiccSigned1 TLV as received. */
  readonly signedData: Uint8Array;
  /** Rules of the chain broken under a `'report'` policy. */
  readonly warnings: readonly ChainWarning[];
}

/** A rejected response: the first failed check. */
export interface AuthenticateResponseInvalid {
  readonly valid: false;
  readonly reason: AuthenticateResponseInvalidReason;
  /** For chain reasons: 0 = EUM certificate, 1 = eUICC certificate, -1 = the CI. */
  readonly index?: number;
  /** Human-readable explanation. */
  readonly detail: string;
  /** The code of an authenticateResponseError (SGP.22 AuthenticateErrorCode). */
  readonly authenticateErrorCode?: number;
}

/** The verdict of {@link verifyAuthenticateServerResponse}. */
export type AuthenticateResponseVerdict = AuthenticateResponseValid | AuthenticateResponseInvalid;

/** Names of AuthenticateErrorCode values (RSPDefinitions.asn:390, SGP32Definitions likewise). */
const ERROR_NAMES: Readonly<Record<number, string>> = {
  1: 'invalidCertificate',
  2: 'invalidSignature',
  3: 'unsupportedCurve',
  4: 'noSessionContext',
  5: 'invalidOid',
  6: 'euiccChallengeMismatch',
  7: 'ciPKUnknown',
  127: 'undefinedError',
};

function decodeResponse(bytes: Uint8Array, options: VerifyAuthenticateServerResponseOptions): AnyAuthenticateServerResponse {
  const decodeOptions = { strict: options.strict ?? false, keepEncoded: true, ...(options.diagnostics ? { diagnostics: options.diagnostics } : {}) };
  const definitions = options.definitions ?? 'SGP32Definitions';
  if (definitions === 'SGP32Definitions') return SGP32.AuthenticateServerResponse.decode(bytes, decodeOptions);
  if (definitions === 'RSPDefinitions') return RSP.AuthenticateServerResponse.decode(bytes, decodeOptions);
  throw new RangeError(`options.definitions: expected 'SGP32Definitions' or 'RSPDefinitions', got ${String(definitions)}`);
}

/**
 * Verifies an eUICC's AuthenticateServerResponse the way an SM-DP+ (ES9+.AuthenticateClient)
 * or an eIM does: the CI → EUM → eUICC chain, then euiccSignature1 over the received
 * euiccSigned1, then the session values the caller asks for. Every failed check is a verdict.
 *
 * @param response - the BF38 bytes, or a value already decoded with `{ keepEncoded: true }`
 *   (e.g. the `authenticateServerResponse` of a decoded AuthenticateClientRequest).
 * @param options - see {@link VerifyAuthenticateServerResponseOptions}: `anchors`, `at`, and
 *   optionally `definitions`, `strict`, `diagnostics`, `ciKeyIds`, `transactionId`,
 *   `serverChallenge`, `serverAddress`, `provider`, `eidCheckDigits`.
 * @returns `{ valid: true, eid, chain, anchor, euiccSigned1, signedData }` or
 *   `{ valid: false, reason, index?, detail, authenticateErrorCode? }`.
 * @throws Asn1DecodeError when the bytes are not an AuthenticateServerResponse (with
 *   `strict: true`: not DER); CertificateParseError when a certificate inside it is not a certificate;
 *   TypeError/RangeError for bad arguments (a value decoded without keepEncoded included).
 * @example
 * ```ts
 * const verdict = verifyAuthenticateServerResponse(bf38Bytes, {
 *   anchors: [ciNist, ciBrainpool],
 *   at: new Date(),
 *   ciKeyIds: [euiccCiPKIdToBeUsed],
 *   transactionId,
 *   serverChallenge,
 * });
 * if (verdict.valid) console.log(verdict.eid);
 * else console.log(verdict.reason, verdict.index, verdict.detail); // e.g. 'euicc-signature-invalid'
 * ```
 */
export function verifyAuthenticateServerResponse(
  response: Uint8Array | AnyAuthenticateServerResponse,
  options: VerifyAuthenticateServerResponseOptions,
): AuthenticateResponseVerdict {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected an object');
  if (!Array.isArray(options.anchors)) throw new TypeError('options.anchors: expected an array of certificates');
  if (options.strict !== undefined && typeof options.strict !== 'boolean') throw new TypeError(`options.strict: expected a boolean, got ${typeof options.strict}`);
  if (options.diagnostics !== undefined && !Array.isArray(options.diagnostics)) throw new TypeError('options.diagnostics: expected an array');
  if (options.ciKeyIds !== undefined && !Array.isArray(options.ciKeyIds)) throw new TypeError('options.ciKeyIds: expected an array of Uint8Array');
  for (const key of ['transactionId', 'serverChallenge'] as const) {
    const v = options[key];
    if (v !== undefined && !(v instanceof Uint8Array)) throw new TypeError(`options.${key}: expected a Uint8Array`);
  }
  if (options.serverAddress !== undefined && typeof options.serverAddress !== 'string') throw new TypeError('options.serverAddress: expected a string');
  const provider = resolveProvider(options.provider, 'options.provider');

  let decoded: AnyAuthenticateServerResponse;
  if (response instanceof Uint8Array) decoded = decodeResponse(response, options);
  else if (typeof response === 'object' && response !== null && typeof (response as { $case?: unknown }).$case === 'string') decoded = response;
  else throw new TypeError('response: expected the AuthenticateServerResponse bytes or a decoded value');

  // 1. The alternative.
  if (decoded.$case === 'authenticateResponseError') {
    const { authenticateErrorCode: code, transactionId } = decoded.value;
    return {
      valid: false,
      reason: 'authenticate-response-error',
      detail: `the eUICC answered authenticateResponseError ${code} (${ERROR_NAMES[code] ?? 'unknown code'}) for transaction ${hex(transactionId)}`,
      authenticateErrorCode: code,
    };
  }
  if (decoded.$case !== 'authenticateResponseOk') {
    return {
      valid: false,
      reason: 'unsupported-response',
      detail:
        decoded.$case === 'compactAuthenticateResponseOk'
          ? 'compactAuthenticateResponseOk: the full euiccSigned1 must be rebuilt from the session before it can be verified'
          : 'an AuthenticateServerResponse alternative this library does not know',
    };
  }
  const ok = decoded.value;
  const signedData = receivedBytes(ok.euiccSigned1, 0x30, 'response.euiccSigned1');
  const eumDer = receivedBytes(ok.eumCertificate, 0x30, 'response.eumCertificate');
  const euiccDer = receivedBytes(ok.euiccCertificate, 0x30, 'response.euiccCertificate');

  // 2. The CI.
  let anchors = options.anchors;
  if (options.ciKeyIds !== undefined) {
    const chosen = selectCi(options.anchors, options.ciKeyIds, { allowTruncated: options.allowTruncatedCiKeyId === true });
    if (chosen === undefined) {
      return { valid: false, reason: 'unknown-ci', detail: `no trusted CI has key identifier ${options.ciKeyIds.map((b) => hex(b)).join(' or ') || '(empty list)'}` };
    }
    anchors = [chosen.anchor];
  }

  // 3. The chain.
  const chain = [parseCertificate(eumDer), parseCertificate(euiccDer)];
  const verdict = validateChain({
    chain,
    anchors,
    at: options.at,
    expectedRole: 'euicc',
    provider,
    ...(options.eidCheckDigits === undefined ? {} : { eidCheckDigits: options.eidCheckDigits }),
    ...(options.eidRange === undefined ? {} : { eidRange: options.eidRange }),
    ...(options.crls === undefined ? {} : { crls: options.crls }),
  });
  if (!verdict.valid) {
    const which = verdict.index === 0 ? 'EUM certificate' : verdict.index === 1 ? 'eUICC certificate' : 'CI';
    return { valid: false, reason: verdict.reason, index: verdict.index, detail: `${which}: ${verdict.detail}` };
  }

  // 4. euiccSignature1 over the received euiccSigned1 TLV, with the validated eUICC key.
  const signature = verifyEuiccSignature1(signedData, ok.euiccSignature1, { publicKey: chain[1].publicKey!, provider });
  if (!signature.valid) {
    return {
      valid: false,
      reason: 'euicc-signature-invalid',
      detail: `euiccSignature1 (${ok.euiccSignature1.length} bytes) does not verify over the ${signedData.length}-byte euiccSigned1 with the ${chain[1].curve ?? ''} key of the eUICC certificate: ${signature.detail}`,
    };
  }

  // 5. Session values.
  const signed = ok.euiccSigned1;
  if (options.transactionId !== undefined && !bytesEqual(signed.transactionId, options.transactionId)) {
    return { valid: false, reason: 'transaction-id-mismatch', detail: `euiccSigned1 carries transactionId ${hex(signed.transactionId)}, expected ${hex(options.transactionId)}` };
  }
  if (options.serverChallenge !== undefined && !bytesEqual(signed.serverChallenge, options.serverChallenge)) {
    return { valid: false, reason: 'server-challenge-mismatch', detail: `euiccSigned1 carries serverChallenge ${hex(signed.serverChallenge)}, expected ${hex(options.serverChallenge)}` };
  }
  if (options.serverAddress !== undefined && signed.serverAddress !== options.serverAddress) {
    return { valid: false, reason: 'server-address-mismatch', detail: `euiccSigned1 carries serverAddress "${signed.serverAddress}", expected "${options.serverAddress}"` };
  }

  return { valid: true, eid: verdict.eid as string, chain, anchor: verdict.anchor, euiccSigned1: signed, signedData, warnings: verdict.warnings };
}
