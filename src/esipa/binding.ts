/**
 * ESipa over HTTP (SGP.32 v1.2 §6.1): the ASN.1 function binding (§6.1.1, one path, the body is
 * the DER of one envelope alternative) and the JSON function binding (§6.1.2, one path per
 * function). Pure functions between {@link EsipaHttpRequest}/{@link EsipaHttpResponse} and the
 * typed messages; no I/O, so they run in a browser, behind any HTTP server, or over CoAP.
 *
 * Wire facts and their evidence: ../shared/spec/bindings.md §1-§2 and §6. Choices where the
 * sources disagree, each an option: X-Admin-Protocol is sent as `gsma/rsp/v2.1.0` and accepted
 * as any `gsma/rsp/v…` (`adminProtocol`, `adminProtocolCheck`); HandleNotification is answered
 * 204 (`notificationStatus`: 200 for v1.0-era IPAs) and a client accepts both; the JSON options
 * of json-members.ts.
 *
 * @module
 */
import type { Codec } from '../der/codec.js';
import { EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim } from '../generated/SGP32Definitions.js';
import { EsipaBindingError, decodingDer } from './errors.js';
import { ESIPA_JSON, unwrapProvideEimPackageResult } from './esipa-json.js';
import {
  ASN1_MEDIA_TYPE,
  ASN1_PATH,
  DEFAULT_ADMIN_PROTOCOL,
  ESIPA_FUNCTIONS,
  ESIPA_JSON_PREFIX,
  FUNCTION_TABLE,
  JSON_MEDIA_TYPE,
  functionOfRequest,
  headerOf,
  jsonPathOf,
  mediaTypeOf,
  pathOnly,
  type EsipaBinding,
  type EsipaFunction,
  type EsipaHttpRequest,
  type EsipaHttpResponse,
  type EsipaRequest,
  type EsipaResponse,
} from './functions.js';
import {
  decodeRequestBody,
  decodeResponseBody,
  encodeRequestBody,
  encodeResponseBody,
  expectObject,
  type JsonBindingOptions,
  type JsonContext,
} from './json-members.js';
import { fromUtf8, utf8 } from './text.js';
import { peekTag } from '../der/header.js';
import { tagHex } from '../der/reader.js';
import { toHex } from '../der/bytes.js';

/** Options of the HTTP bindings (all optional; defaults on each field). */
export interface EsipaOptions extends JsonBindingOptions {
  /** X-Admin-Protocol sent on requests and responses (default `gsma/rsp/v2.1.0`; the v1.2 value is UNVERIFIED). */
  readonly adminProtocol?: string;
  /**
   * How a received request's X-Admin-Protocol is checked: 'prefix' (default: present and
   * `gsma/rsp/v<x.y.z>`), 'exact' (equal to `adminProtocol`), 'off'. Responses are checked
   * only when they carry one.
   */
  readonly adminProtocolCheck?: 'prefix' | 'exact' | 'off';
  /** User-Agent of requests (default `gsma-rsp-ipad`; an IPAe sends `gsma-rsp-ipae`). */
  readonly userAgent?: string;
  /** HTTP status answering HandleNotification: 204 (default, SGP.32 v1.2) or 200 with an empty body (v1.0 peers). */
  readonly notificationStatus?: 204 | 200;
}

/** A request as a server decoded it. */
export interface DecodedEsipaRequest {
  readonly binding: EsipaBinding;
  readonly function: EsipaFunction;
  readonly message: EsipaRequest;
  /** What lenient reading let pass (a status word after a TLV, an unhyphenated status). */
  readonly warnings: readonly string[];
}

const ADMIN_PROTOCOL = /^gsma\/rsp\/v\d+\.\d+(\.\d+)?$/;

/** Checks a received X-Admin-Protocol per `adminProtocolCheck`; `required` for requests. @internal */
export function checkAdminProtocol(value: string | undefined, options: Pick<EsipaOptions, 'adminProtocolCheck' | 'adminProtocol'>, required: boolean, defaultProtocol: string = DEFAULT_ADMIN_PROTOCOL): void {
  const mode = options.adminProtocolCheck ?? 'prefix';
  if (mode === 'off' || (value === undefined && !required)) return;
  if (value === undefined) throw new EsipaBindingError('bad-admin-protocol', 'X-Admin-Protocol header missing');
  const ok = mode === 'exact' ? value === (options.adminProtocol ?? defaultProtocol) : ADMIN_PROTOCOL.test(value.trim());
  if (!ok) throw new EsipaBindingError('bad-admin-protocol', `X-Admin-Protocol ${JSON.stringify(value)} is not ${mode === 'exact' ? options.adminProtocol ?? defaultProtocol : 'gsma/rsp/v<x.y.z>'}`);
}

/** Checks the Content-Type of a binding. @internal */
export function checkMediaType(headers: EsipaHttpRequest['headers'], binding: EsipaBinding): void {
  const type = mediaTypeOf(headerOf(headers, 'content-type'));
  const ok = binding === 'asn1' ? type === ASN1_MEDIA_TYPE : type === 'application/json';
  if (!ok) {
    const want = binding === 'asn1' ? ASN1_MEDIA_TYPE : 'application/json';
    throw new EsipaBindingError('unsupported-media-type', `Content-Type ${type === undefined ? 'missing' : JSON.stringify(type)}, expected ${want}`);
  }
}

/** The envelope a message of `fn` travels in, for its request or its response. */
function envelopeOf(fn: EsipaFunction, part: 'request' | 'response'): Codec<any> {
  return (fn === 'transferEimPackage') === (part === 'request') ? EsipaMessageFromEimToIpa : EsipaMessageFromIpaToEim;
}

/** A JSON object from UTF-8 body bytes; `bad-json` otherwise. @internal */
export function parseJson(body: Uint8Array): Record<string, unknown> {
  const text = fromUtf8(body);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new EsipaBindingError('bad-json', `body is not JSON: ${(err as Error).message}`, { cause: err });
  }
  return expectObject(value, undefined);
}

function jsonContext(options: EsipaOptions): JsonContext {
  return { options, warnings: [] };
}

/** Which binding and function a request path selects; `not-found` otherwise. */
export function routeEsipaPath(target: string): { binding: EsipaBinding; function?: EsipaFunction } {
  const path = pathOnly(target);
  if (path === ASN1_PATH) return { binding: 'asn1' };
  if (path.startsWith(ESIPA_JSON_PREFIX)) {
    const name = path.slice(ESIPA_JSON_PREFIX.length);
    const fn = ESIPA_FUNCTIONS.find((f) => f === name);
    if (fn !== undefined) return { binding: 'json', function: fn };
  }
  throw new EsipaBindingError('not-found', `no ESipa binding at ${JSON.stringify(path)}`);
}

/**
 * The function an ASN.1 binding body belongs to, from its outer tag alone (no decoding): what
 * a relay or a capture reader needs to route bytes it forwards unchanged. Undefined for a tag
 * no ESipa message has.
 *
 * @example
 * ```ts
 * esipaFunctionOfBody(body); // 'getEimPackage' for BF4F …
 * ```
 */
export function esipaFunctionOfBody(body: Uint8Array): EsipaFunction | undefined {
  const tag = peekTag(body);
  return tag === undefined ? undefined : ESIPA_FUNCTIONS.find((f) => FUNCTION_TABLE[f].tag === tag);
}

/** The function an ASN.1 body's outer tag selects, and the envelope it is read with. */
function decodeAsn1Body(body: Uint8Array, options: EsipaOptions): EsipaRequest {
  if (body.length === 0) throw new EsipaBindingError('bad-der', 'empty body');
  // BF4E is a request only as TransferEimPackageRequest (eIM → IPA, SGP.32 §6.3.3.1).
  const envelope = body[0] === 0xbf && body[1] === 0x4e ? EsipaMessageFromEimToIpa : EsipaMessageFromIpaToEim;
  const message = decodingDer(undefined, () => envelope.decode(body, { strict: options.strict ?? false, keepEncoded: true })) as { $case: string };
  if (functionOfRequest(message) === undefined) {
    throw new EsipaBindingError('unexpected-message', `the body is not an ESipa request (outer tag ${hexTag(body)})`);
  }
  return message as EsipaRequest;
}

/** The outer identifier octets of a body, in hex. @internal */
export function hexTag(body: Uint8Array): string {
  const tag = peekTag(body);
  return tag === undefined ? toHex(body.subarray(0, 1), { upper: true }) : tagHex(tag);
}

/**
 * Decodes an ESipa HTTP request on the serving side (the eIM; or the IPA for
 * TransferEimPackage): method, path, Content-Type, X-Admin-Protocol, then the body.
 *
 * @throws EsipaBindingError: method-not-allowed, not-found, unsupported-media-type,
 *   bad-admin-protocol, bad-json, bad-member, bad-base64, bad-der, unexpected-message.
 * @example
 * ```ts
 * const { function: fn, message } = decodeEsipaRequest({ method: 'POST', path: '/gsma/rsp2/asn1', headers, body });
 * ```
 */
export function decodeEsipaRequest(request: EsipaHttpRequest, options: EsipaOptions = {}): DecodedEsipaRequest {
  if (request.method.toUpperCase() !== 'POST') throw new EsipaBindingError('method-not-allowed', `method ${request.method}, expected POST`);
  const route = routeEsipaPath(request.path);
  checkMediaType(request.headers, route.binding);
  checkAdminProtocol(headerOf(request.headers, 'x-admin-protocol'), options, true);
  if (route.binding === 'asn1') {
    const message = decodeAsn1Body(request.body, options);
    return { binding: 'asn1', function: functionOfRequest(message) as EsipaFunction, message, warnings: [] };
  }
  const fn = route.function as EsipaFunction;
  const ctx = jsonContext(options);
  let value = decodeRequestBody(ESIPA_JSON[fn].request, parseJson(request.body), ctx);
  if (fn === 'provideEimPackageResult') value = decodingDer('eimPackageResult', () => unwrapProvideEimPackageResult(value as never));
  const message = { $case: FUNCTION_TABLE[fn].request, value } as EsipaRequest;
  return { binding: 'json', function: fn, message, warnings: ctx.warnings };
}

/**
 * Encodes an ESipa request for `binding` (the IPA's side; the eIM's for TransferEimPackage).
 *
 * @throws TypeError when `message` is not a request alternative; Asn1EncodeError when its value breaks its type.
 * @example
 * ```ts
 * const req = encodeEsipaRequest({ $case: 'getEimPackageRequest', value: { eidValue } }, { binding: 'json' });
 * ```
 */
export function encodeEsipaRequest(message: EsipaRequest, options: EsipaOptions & { readonly binding: EsipaBinding }): EsipaHttpRequest {
  const fn = functionOfRequest(message);
  if (fn === undefined) throw new TypeError(`message: ${String((message as { $case?: unknown })?.$case)} is not an ESipa request alternative`);
  const headers = {
    'Content-Type': options.binding === 'asn1' ? ASN1_MEDIA_TYPE : JSON_MEDIA_TYPE,
    'X-Admin-Protocol': options.adminProtocol ?? DEFAULT_ADMIN_PROTOCOL,
    'User-Agent': options.userAgent ?? 'gsma-rsp-ipad',
  };
  if (options.binding === 'asn1') return { method: 'POST', path: ASN1_PATH, headers, body: envelopeOf(fn, 'request').encode(message) };
  const body = encodeRequestBody(ESIPA_JSON[fn].request, message.value, options);
  return { method: 'POST', path: jsonPathOf(fn), headers, body: utf8(JSON.stringify(body)) };
}

/**
 * Encodes the answer to a request of `fn`. HandleNotification takes `undefined` and answers
 * 204 (or 200, `notificationStatus`) with an empty body and no Content-Type.
 *
 * @throws TypeError when `message` does not answer `fn`.
 */
export function encodeEsipaResponse(binding: EsipaBinding, fn: EsipaFunction, message: EsipaResponse | undefined, options: EsipaOptions = {}): EsipaHttpResponse {
  const adminProtocol = options.adminProtocol ?? DEFAULT_ADMIN_PROTOCOL;
  const expected = FUNCTION_TABLE[fn].response;
  if (expected === undefined) {
    if (message !== undefined) throw new TypeError(`message: ${fn} has no response`);
    return { status: options.notificationStatus ?? 204, headers: { 'X-Admin-Protocol': adminProtocol }, body: new Uint8Array(0) };
  }
  if (message === undefined || message.$case !== expected) throw new TypeError(`message: expected ${expected}, got ${String(message?.$case)}`);
  if (binding === 'asn1') {
    return { status: 200, headers: { 'Content-Type': ASN1_MEDIA_TYPE, 'X-Admin-Protocol': adminProtocol }, body: envelopeOf(fn, 'response').encode(message) };
  }
  const spec = ESIPA_JSON[fn].response;
  const body = encodeResponseBody(fn, spec!, message.value as { $case: string; value: unknown }, options);
  return { status: 200, headers: { 'Content-Type': JSON_MEDIA_TYPE, 'X-Admin-Protocol': adminProtocol }, body: utf8(JSON.stringify(body)) };
}

/**
 * Decodes the answer to a request of `fn` (the client's side). HandleNotification returns
 * undefined on 204 or on 200 with an empty body.
 *
 * @throws EsipaBindingError: bad-status (any other HTTP status; `status` is the one received),
 *   unsupported-media-type, bad-admin-protocol, bad-json, bad-member, bad-base64, bad-der,
 *   unexpected-message (another function's answer).
 */
export function decodeEsipaResponse<F extends EsipaFunction>(
  binding: EsipaBinding,
  fn: F,
  response: EsipaHttpResponse,
  options: EsipaOptions = {},
): { readonly message: EsipaResponse | undefined; readonly warnings: readonly string[] } {
  const expected = FUNCTION_TABLE[fn].response;
  checkAdminProtocol(headerOf(response.headers, 'x-admin-protocol'), options, false);
  if (expected === undefined) {
    if (response.status === 204 || (response.status === 200 && response.body.length === 0)) return { message: undefined, warnings: [] };
    throw new EsipaBindingError('bad-status', `HTTP ${response.status} answering ${fn}, expected 204`, { status: response.status });
  }
  if (response.status !== 200) throw new EsipaBindingError('bad-status', `HTTP ${response.status} answering ${fn}, expected 200`, { status: response.status });
  checkMediaType(response.headers, binding);
  if (binding === 'asn1') {
    if (response.body.length === 0) throw new EsipaBindingError('bad-der', 'empty body');
    const envelope = envelopeOf(fn, 'response');
    const message = decodingDer(undefined, () => envelope.decode(response.body, { strict: options.strict ?? false, keepEncoded: true })) as { $case: string };
    if (message.$case !== expected) throw new EsipaBindingError('unexpected-message', `expected ${expected} answering ${fn}, got ${message.$case} (outer tag ${hexTag(response.body)})`);
    return { message: message as EsipaResponse, warnings: [] };
  }
  const ctx = jsonContext(options);
  const value = decodeResponseBody(fn, ESIPA_JSON[fn].response!, parseJson(response.body), ctx);
  return { message: { $case: expected, value } as EsipaResponse, warnings: ctx.warnings };
}

/** The HTTP answer to a request that failed before its function ran: the error's status and a text/plain message. */
export function esipaErrorResponse(error: EsipaBindingError, options: EsipaOptions = {}): EsipaHttpResponse {
  return {
    status: error.status,
    headers: { 'Content-Type': 'text/plain;charset=utf-8', 'X-Admin-Protocol': options.adminProtocol ?? DEFAULT_ADMIN_PROTOCOL },
    body: utf8(error.message),
  };
}
