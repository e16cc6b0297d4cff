/**
 * SGP.22 v2.5 ES9+ on the wire (§6.5 JSON binding, §6.6 ASN.1 binding): what an IPA in direct
 * mode, or an eIM in indirect mode, sends to an SM-DP+, and what an SM-DP+ (or a test double of
 * one) answers — pure functions both ways, a transport-free request handler and a fetch client.
 * Same JSON interpreter as ESipa (json-members.ts); the facts are ../shared/spec/bindings.md §4:
 * paths `/gsma/rsp2/es9plus/<function>`, an optional request `header` (ignored on input, sent
 * only when given), binary members as base64 of the complete TLV (`serverSignature1` with its
 * `5F37 40`, `euiccCiPKIdToBeUsed` with its `04 14`), hex transaction ids, 204 for
 * HandleNotification; the ASN.1 binding wraps requests and answers in `A2`
 * (RemoteProfileProvisioningRequest / -Response) on `/gsma/rsp2/asn1`.
 *
 * @module
 */
import type { Codec } from '../der/codec.js';
import { Certificate } from '../generated/PKIX1Explicit88.js';
import { SubjectKeyIdentifier } from '../generated/PKIX1Implicit88.js';
import {
  AuthenticateServerResponse,
  BoundProfilePackage,
  CancelSessionResponse,
  EUICCInfo1,
  PendingNotification,
  PrepareDownloadResponse,
  RemoteProfileProvisioningRequest,
  RemoteProfileProvisioningResponse,
  ServerSigned1,
  SmdpSigned2,
  StoreMetadataRequest,
  type AuthenticateClientRequest,
  type AuthenticateClientResponseEs9,
  type CancelSessionRequestEs9,
  type CancelSessionResponseEs9,
  type GetBoundProfilePackageRequest,
  type GetBoundProfilePackageResponse,
  type HandleNotification,
  type InitiateAuthenticationRequest,
  type InitiateAuthenticationResponse,
} from '../generated/RSPDefinitions.js';
import { checkAdminProtocol, checkMediaType, hexTag, parseJson, type EsipaOptions } from './binding.js';
import { fetchEsipa, type EsipaClientOptions } from './client.js';
import { EsipaBindingError, decodingDer } from './errors.js';
import { ASN1_MEDIA_TYPE, ASN1_PATH, JSON_MEDIA_TYPE, headerOf, pathOnly, type EsipaBinding, type EsipaHttpRequest, type EsipaHttpResponse } from './functions.js';
import { decodeRequestBody, decodeResponseBody, encodeRequestBody, encodeResponseBody, type Member, type MemberKind, type RequestShape, type ResponseSpec, type JsonContext } from './json-members.js';
import { ES9_AUTHENTICATE_CLIENT_CODES, ES9_CANCEL_SESSION_CODES, ES9_GET_BOUND_PROFILE_PACKAGE_CODES, ES9_INITIATE_AUTHENTICATION_CODES } from './status-codes.js';
import { utf8 } from './text.js';

/** The ES9+ functions an LPA or an eIM calls on an SM-DP+. */
export const ES9_FUNCTIONS = ['initiateAuthentication', 'authenticateClient', 'getBoundProfilePackage', 'handleNotification', 'cancelSession'] as const;
/** One ES9+ function. */
export type Es9Function = (typeof ES9_FUNCTIONS)[number];

/** Request value per function. */
export interface Es9RequestMap {
  initiateAuthentication: InitiateAuthenticationRequest;
  authenticateClient: AuthenticateClientRequest;
  getBoundProfilePackage: GetBoundProfilePackageRequest;
  handleNotification: HandleNotification;
  cancelSession: CancelSessionRequestEs9;
}
/** Response value per function (none for HandleNotification: 204). */
export interface Es9ResponseMap {
  initiateAuthentication: InitiateAuthenticationResponse;
  authenticateClient: AuthenticateClientResponseEs9;
  getBoundProfilePackage: GetBoundProfilePackageResponse;
  handleNotification: undefined;
  cancelSession: CancelSessionResponseEs9;
}

/** Prefix of the ES9+ JSON paths. */
export const ES9_JSON_PREFIX = '/gsma/rsp2/es9plus/';
/** X-Admin-Protocol sent on ES9+ by default (SGP.22 v2.5). */
export const ES9_DEFAULT_ADMIN_PROTOCOL = 'gsma/rsp/v2.5.0';

const der = (codec: Codec<any>): MemberKind => ({ k: 'der', codec });
const m = (json: string, kind: MemberKind, optional = false, field = json): Member => ({ json, field, kind, optional });
const HEX: MemberKind = { k: 'hex' };
const SIGNATURE: MemberKind = { k: 'wrapped', header: [0x5f, 0x37], form: 'signature' };

/** ES9+ member tables (bindings.md §4), and each function's alternative in the A2 envelopes. */
const ES9: Readonly<Record<Es9Function, { request: RequestShape; response?: ResponseSpec; requestCase: string; responseCase?: string }>> = {
  initiateAuthentication: {
    requestCase: 'initiateAuthenticationRequest',
    responseCase: 'initiateAuthenticationResponse',
    request: { t: 'seq', members: [m('euiccChallenge', { k: 'raw', size: 16 }), m('euiccInfo1', der(EUICCInfo1)), m('smdpAddress', { k: 'string' })] },
    response: {
      alts: [
        {
          case: 'initiateAuthenticationOk',
          members: [
            m('transactionId', HEX),
            m('serverSigned1', der(ServerSigned1)),
            m('serverSignature1', SIGNATURE),
            m('euiccCiPKIdToBeUsed', der(SubjectKeyIdentifier)),
            m('serverCertificate', der(Certificate)),
          ],
        },
      ],
      errorCase: 'initiateAuthenticationError',
      codes: ES9_INITIATE_AUTHENTICATION_CODES,
    },
  },
  authenticateClient: {
    requestCase: 'authenticateClientRequest',
    responseCase: 'authenticateClientResponseEs9',
    request: { t: 'seq', members: [m('transactionId', HEX), m('authenticateServerResponse', der(AuthenticateServerResponse))] },
    response: {
      alts: [
        {
          case: 'authenticateClientOk',
          members: [
            m('transactionId', HEX),
            m('profileMetadata', der(StoreMetadataRequest), false, 'profileMetaData'),
            m('smdpSigned2', der(SmdpSigned2)),
            m('smdpSignature2', SIGNATURE),
            m('smdpCertificate', der(Certificate)),
          ],
        },
      ],
      errorCase: 'authenticateClientError',
      codes: ES9_AUTHENTICATE_CLIENT_CODES,
    },
  },
  getBoundProfilePackage: {
    requestCase: 'getBoundProfilePackageRequest',
    responseCase: 'getBoundProfilePackageResponse',
    request: { t: 'seq', members: [m('transactionId', HEX), m('prepareDownloadResponse', der(PrepareDownloadResponse))] },
    response: {
      alts: [{ case: 'getBoundProfilePackageOk', members: [m('transactionId', HEX), m('boundProfilePackage', der(BoundProfilePackage))] }],
      errorCase: 'getBoundProfilePackageError',
      codes: ES9_GET_BOUND_PROFILE_PACKAGE_CODES,
    },
  },
  handleNotification: {
    requestCase: 'handleNotification',
    request: { t: 'seq', members: [m('pendingNotification', der(PendingNotification))] },
  },
  cancelSession: {
    requestCase: 'cancelSessionRequestEs9',
    responseCase: 'cancelSessionResponseEs9',
    request: { t: 'seq', members: [m('transactionId', HEX), m('cancelSessionResponse', der(CancelSessionResponse))] },
    response: { alts: [], empty: { case: 'cancelSessionOk', value: {} }, errorCase: 'cancelSessionError', codes: ES9_CANCEL_SESSION_CODES },
  },
};

/** The member tables of one ES9+ function (for the capture reader). @internal */
export function es9JsonSpec(fn: Es9Function): { readonly request: RequestShape; readonly response?: ResponseSpec } {
  return ES9[fn];
}

/** Options of the ES9+ functions; as ESipa's, with the ES9+ defaults. */
export interface Es9Options extends EsipaOptions {
  /** The optional request `header` (functionRequesterIdentifier, functionCallIdentifier); not sent by default, as LPAs do. */
  readonly requestHeader?: { readonly functionRequesterIdentifier: string; readonly functionCallIdentifier: string };
}

const es9Function = (name: string): Es9Function | undefined => ES9_FUNCTIONS.find((f) => f === name);

function requestHeaders(binding: EsipaBinding, options: Es9Options): Record<string, string> {
  return {
    'Content-Type': binding === 'asn1' ? ASN1_MEDIA_TYPE : JSON_MEDIA_TYPE,
    'X-Admin-Protocol': options.adminProtocol ?? ES9_DEFAULT_ADMIN_PROTOCOL,
    'User-Agent': options.userAgent ?? 'gsma-rsp-lpad',
  };
}

/**
 * Encodes an ES9+ request.
 *
 * @example
 * ```ts
 * const req = encodeEs9Request('initiateAuthentication', { euiccChallenge, euiccInfo1, smdpAddress }, { binding: 'json' });
 * ```
 */
export function encodeEs9Request<F extends Es9Function>(fn: F, value: Es9RequestMap[F], options: Es9Options & { readonly binding: EsipaBinding }): EsipaHttpRequest {
  const spec = ES9[fn];
  if (spec === undefined) throw new TypeError(`fn: ${String(fn)} is not an ES9+ function`);
  const headers = requestHeaders(options.binding, options);
  if (options.binding === 'asn1') {
    return { method: 'POST', path: ASN1_PATH, headers, body: RemoteProfileProvisioningRequest.encode({ $case: spec.requestCase, value } as never) };
  }
  const body = encodeRequestBody(spec.request, value, options);
  const json = options.requestHeader ? { header: options.requestHeader, ...body } : body;
  return { method: 'POST', path: ES9_JSON_PREFIX + fn, headers, body: utf8(JSON.stringify(json)) };
}

/** An ES9+ request as a server decoded it. */
export interface DecodedEs9Request<F extends Es9Function = Es9Function> {
  readonly binding: EsipaBinding;
  readonly function: F;
  readonly value: Es9RequestMap[F];
  readonly warnings: readonly string[];
}

/**
 * Decodes an ES9+ request on the SM-DP+ side (or a test double of one).
 *
 * @throws EsipaBindingError: method-not-allowed, not-found, unsupported-media-type,
 *   bad-admin-protocol, bad-json, bad-member, bad-base64, bad-der, unexpected-message.
 */
export function decodeEs9Request(request: EsipaHttpRequest, options: Es9Options = {}): DecodedEs9Request {
  if (request.method.toUpperCase() !== 'POST') throw new EsipaBindingError('method-not-allowed', `method ${request.method}, expected POST`);
  const path = pathOnly(request.path);
  const ctx: JsonContext = { options, warnings: [] };
  if (path === ASN1_PATH) {
    checkMediaType(request.headers, 'asn1');
    checkAdminProtocol(headerOf(request.headers, 'x-admin-protocol'), options, true, ES9_DEFAULT_ADMIN_PROTOCOL);
    if (request.body.length === 0) throw new EsipaBindingError('bad-der', 'empty body');
    const message = decodingDer(undefined, () => RemoteProfileProvisioningRequest.decode(request.body, { strict: options.strict ?? false, keepEncoded: true })) as { $case: string; value: unknown };
    const fn = ES9_FUNCTIONS.find((f) => ES9[f].requestCase === message.$case);
    if (fn === undefined) throw new EsipaBindingError('unexpected-message', `the body is not an ES9+ request (${hexTag(request.body)} holding ${message.$case})`);
    return { binding: 'asn1', function: fn, value: message.value as never, warnings: [] };
  }
  const fn = path.startsWith(ES9_JSON_PREFIX) ? es9Function(path.slice(ES9_JSON_PREFIX.length)) : undefined;
  if (fn === undefined) throw new EsipaBindingError('not-found', `no ES9+ binding at ${JSON.stringify(path)}`);
  checkMediaType(request.headers, 'json');
  checkAdminProtocol(headerOf(request.headers, 'x-admin-protocol'), options, true, ES9_DEFAULT_ADMIN_PROTOCOL);
  const value = decodeRequestBody(ES9[fn].request, parseJson(request.body), ctx);
  return { binding: 'json', function: fn, value: value as never, warnings: ctx.warnings };
}

/** Encodes an ES9+ answer; HandleNotification takes undefined and answers 204. */
export function encodeEs9Response<F extends Es9Function>(binding: EsipaBinding, fn: F, value: Es9ResponseMap[F], options: Es9Options = {}): EsipaHttpResponse {
  const spec = ES9[fn];
  const adminProtocol = options.adminProtocol ?? ES9_DEFAULT_ADMIN_PROTOCOL;
  if (spec.responseCase === undefined) {
    if (value !== undefined) throw new TypeError(`value: ${fn} has no response`);
    return { status: options.notificationStatus ?? 204, headers: { 'X-Admin-Protocol': adminProtocol }, body: new Uint8Array(0) };
  }
  if (binding === 'asn1') {
    const body = RemoteProfileProvisioningResponse.encode({ $case: spec.responseCase, value } as never);
    return { status: 200, headers: { 'Content-Type': ASN1_MEDIA_TYPE, 'X-Admin-Protocol': adminProtocol }, body };
  }
  const json = encodeResponseBody(fn, spec.response!, value as { $case: string; value: unknown }, options);
  return { status: 200, headers: { 'Content-Type': JSON_MEDIA_TYPE, 'X-Admin-Protocol': adminProtocol }, body: utf8(JSON.stringify(json)) };
}

/**
 * Decodes an ES9+ answer (the client's side).
 *
 * @throws EsipaBindingError as {@link decodeEsipaResponse} does.
 */
export function decodeEs9Response<F extends Es9Function>(binding: EsipaBinding, fn: F, response: EsipaHttpResponse, options: Es9Options = {}): { readonly value: Es9ResponseMap[F]; readonly warnings: readonly string[] } {
  const spec = ES9[fn];
  checkAdminProtocol(headerOf(response.headers, 'x-admin-protocol'), options, false, ES9_DEFAULT_ADMIN_PROTOCOL);
  if (spec.responseCase === undefined) {
    if (response.status === 204 || (response.status === 200 && response.body.length === 0)) return { value: undefined as Es9ResponseMap[F], warnings: [] };
    throw new EsipaBindingError('bad-status', `HTTP ${response.status} answering ${fn}, expected 204`, { status: response.status });
  }
  if (response.status !== 200) throw new EsipaBindingError('bad-status', `HTTP ${response.status} answering ${fn}, expected 200`, { status: response.status });
  checkMediaType(response.headers, binding);
  if (binding === 'asn1') {
    if (response.body.length === 0) throw new EsipaBindingError('bad-der', 'empty body');
    const message = decodingDer(undefined, () => RemoteProfileProvisioningResponse.decode(response.body, { strict: options.strict ?? false, keepEncoded: true })) as { $case: string; value: unknown };
    if (message.$case !== spec.responseCase) throw new EsipaBindingError('unexpected-message', `expected ${spec.responseCase} answering ${fn}, got ${message.$case}`);
    return { value: message.value as Es9ResponseMap[F], warnings: [] };
  }
  const ctx: JsonContext = { options, warnings: [] };
  const value = decodeResponseBody(fn, spec.response!, parseJson(response.body), ctx);
  return { value: value as Es9ResponseMap[F], warnings: ctx.warnings };
}

/** Handlers of an ES9+ server (an SM-DP+ test double), by function. */
export type Es9Handlers = {
  readonly [F in Es9Function as `on${Capitalize<F>}`]?: (request: Es9RequestMap[F], context: { readonly binding: EsipaBinding; readonly warnings: readonly string[] }) => Es9ResponseMap[F] | Promise<Es9ResponseMap[F]> | (F extends 'handleNotification' ? void : never);
};

/**
 * Serves one ES9+ request: decode → handler → encode; binding errors answer with their status,
 * a throwing handler 500, a missing one 501. Never rejects.
 */
export async function handleEs9Request(request: EsipaHttpRequest, handlers: Es9Handlers, options: Es9Options & { readonly onError?: (error: unknown) => void } = {}): Promise<EsipaHttpResponse> {
  const plain = (err: EsipaBindingError): EsipaHttpResponse => ({
    status: err.status,
    headers: { 'Content-Type': 'text/plain;charset=utf-8', 'X-Admin-Protocol': options.adminProtocol ?? ES9_DEFAULT_ADMIN_PROTOCOL },
    body: utf8(err.message),
  });
  let fn: Es9Function | undefined;
  try {
    const decoded = decodeEs9Request(request, options);
    fn = decoded.function;
    const handler = handlers[`on${fn[0].toUpperCase()}${fn.slice(1)}` as keyof Es9Handlers] as ((v: unknown, c: unknown) => unknown) | undefined;
    if (handler === undefined) throw new EsipaBindingError('not-implemented', `this server does not serve ${fn}`);
    const value = await handler(decoded.value, { binding: decoded.binding, warnings: decoded.warnings });
    return encodeEs9Response(decoded.binding, fn, (ES9[fn].responseCase === undefined ? undefined : value) as never, options);
  } catch (err) {
    options.onError?.(err);
    if (err instanceof EsipaBindingError) return plain(err);
    return plain(new EsipaBindingError('handler-failed', `the ${fn ?? 'ES9+'} handler failed`));
  }
}

/** One method per ES9+ function, on fetch; rejects only with EsipaBindingError. */
export type Es9Client = {
  readonly [F in Es9Function]: (request: Es9RequestMap[F]) => Promise<F extends 'handleNotification' ? void : Es9ResponseMap[F]>;
} & { readonly lastWarnings: () => readonly string[] };

/**
 * An ES9+ client for the SM-DP+ at `url` (binding 'json' by default, as LPAs use it).
 *
 * @example
 * ```ts
 * const smdp = es9Client('https://smdp.example.com');
 * const r = await smdp.initiateAuthentication({ euiccChallenge, euiccInfo1, smdpAddress: 'smdp.example.com' });
 * ```
 */
export function es9Client(url: string | URL, options: Es9Options & Omit<EsipaClientOptions, 'binding'> & { readonly binding?: EsipaBinding } = {}): Es9Client {
  const base = String(url);
  const binding = options.binding ?? 'json';
  let warnings: readonly string[] = [];
  const client: Record<string, unknown> = { lastWarnings: () => warnings };
  for (const fn of ES9_FUNCTIONS) {
    client[fn] = async (value: unknown) => {
      const request = encodeEs9Request(fn, value as never, { ...options, binding });
      const response = await fetchEsipa(base, request, options);
      const decoded = decodeEs9Response(binding, fn, response, options);
      warnings = decoded.warnings;
      return decoded.value;
    };
  }
  return client as Es9Client;
}
