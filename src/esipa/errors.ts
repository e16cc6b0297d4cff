/**
 * The one error type of the ESipa and ES9+ bindings. Everything that goes wrong between the
 * HTTP (or CoAP) message and the typed value is an {@link EsipaBindingError} with a string
 * `code`, the HTTP status a server should answer with, and where it happened: the JSON member
 * path (`authenticateServerResponse`, `ePRAndNotifications.notificationList`) and, for DER
 * inside a body or a base64 member, the byte offset and ASN.1 path of the decoder's error.
 *
 * Function-level failures (an SM-DP+ refusing, `noEimPackageAvailable`) are not errors: they
 * are the error alternatives of the typed responses.
 *
 * @module
 */
import { Asn1DecodeError } from '../der/errors.js';

/** What went wrong; each code has a default HTTP status (see {@link EsipaBindingError.status}). */
export type EsipaErrorCode =
  /** Not POST (405). */
  | 'method-not-allowed'
  /** A path no binding serves (404). */
  | 'not-found'
  /** The Content-Type does not belong to the binding of the path (415). */
  | 'unsupported-media-type'
  /** X-Admin-Protocol missing or not `gsma/rsp/v…` (400). */
  | 'bad-admin-protocol'
  /** The body is larger than the configured limit (413). */
  | 'body-too-large'
  /** The peer did not send the whole body in time (408). */
  | 'timeout'
  /** The body is not UTF-8 JSON, or not a JSON object (400). */
  | 'bad-json'
  /** A JSON member is missing, has the wrong JSON type, or holds a value out of range (400). */
  | 'bad-member'
  /** A member that must be base64 or hex is not (400). */
  | 'bad-base64'
  /** DER in the body or in a base64 member does not decode as its type (400). */
  | 'bad-der'
  /** A well-formed message that is not the one expected here (a response where a request belongs, another function's answer) (400). */
  | 'unexpected-message'
  /** The server has no handler for this function (501). */
  | 'not-implemented'
  /** Server side: the handler threw; the answer says no more than that (500). */
  | 'handler-failed'
  /** Client side: the peer answered with an HTTP status the binding does not allow. */
  | 'bad-status'
  /** Client side: the connection failed or was closed. */
  | 'transport';

const DEFAULT_STATUS: Record<EsipaErrorCode, number> = {
  'method-not-allowed': 405,
  'not-found': 404,
  'unsupported-media-type': 415,
  'bad-admin-protocol': 400,
  'body-too-large': 413,
  timeout: 408,
  'bad-json': 400,
  'bad-member': 400,
  'bad-base64': 400,
  'bad-der': 400,
  'unexpected-message': 400,
  'not-implemented': 501,
  'handler-failed': 500,
  'bad-status': 502,
  transport: 502,
};

/** Where a binding error happened, besides its code and message. */
export interface EsipaErrorDetails {
  /** JSON member path (`header.functionExecutionStatus.status`); absent for whole-body errors. */
  readonly member?: string;
  /** Byte offset inside the DER that failed (the body, or the decoded base64 member). */
  readonly offset?: number;
  /** ASN.1 path of the value that failed to decode. */
  readonly asn1Path?: string;
  /** HTTP status to answer with; defaults per code. */
  readonly status?: number;
  /** The underlying error (an `Asn1DecodeError`, a network error). */
  readonly cause?: unknown;
}

/**
 * A binding error. The message reads `member: detail (code)` or, for DER,
 * `member: asn1Path: detail (code, offset N)`.
 *
 * @example
 * ```ts
 * try { decodeEsipaRequest(req); } catch (e) {
 *   if (e instanceof EsipaBindingError) res.writeHead(e.status).end(e.message);
 * }
 * ```
 */
export class EsipaBindingError extends Error {
  override readonly name = 'EsipaBindingError';
  /** HTTP status a server answers with. */
  readonly status: number;
  readonly member?: string;
  readonly offset?: number;
  readonly asn1Path?: string;

  constructor(
    readonly code: EsipaErrorCode,
    readonly detail: string,
    details: EsipaErrorDetails = {},
  ) {
    const where = [details.member, details.asn1Path].filter((s) => s !== undefined && s !== '').join(': ');
    const tail = details.offset !== undefined ? `(${code}, offset ${details.offset})` : `(${code})`;
    super(`${where ? where + ': ' : ''}${detail} ${tail}`, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.status = details.status ?? DEFAULT_STATUS[code];
    if (details.member !== undefined) this.member = details.member;
    if (details.offset !== undefined) this.offset = details.offset;
    if (details.asn1Path !== undefined) this.asn1Path = details.asn1Path;
  }
}

/**
 * Runs a DER decode and turns its `Asn1DecodeError` into a `bad-der` binding error at
 * `member`. Other exceptions pass through untouched (they are bugs, not bad input).
 */
export function decodingDer<T>(member: string | undefined, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof Asn1DecodeError) {
      throw new EsipaBindingError('bad-der', `${err.detail} [${err.code}]`, { member, offset: err.offset, asn1Path: err.path, cause: err });
    }
    throw err;
  }
}
