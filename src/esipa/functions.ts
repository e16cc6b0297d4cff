/**
 * The ESipa functions (SGP.32 v1.2 §5.14 and §6.3) and how their messages sit in the two
 * envelope CHOICEs `EsipaMessageFromIpaToEim` / `EsipaMessageFromEimToIpa`: one table from
 * which both bindings take the request/response pairing, the JSON path and the outer tag.
 *
 * TransferEimPackage runs the other way round (the eIM sends the request, SGP.32 §6.3.3.1), so
 * its request lives in `EsipaMessageFromEimToIpa` and its answer in `EsipaMessageFromIpaToEim`.
 *
 * @module
 */
import type {
  AuthenticateClientRequestEsipa,
  AuthenticateClientResponseEsipa,
  CancelSessionRequestEsipa,
  CancelSessionResponseEsipa,
  EsipaMessageFromEimToIpa,
  EsipaMessageFromIpaToEim,
  GetBoundProfilePackageRequestEsipa,
  GetBoundProfilePackageResponseEsipa,
  GetEimPackageRequest,
  GetEimPackageResponse,
  HandleNotificationEsipa,
  InitiateAuthenticationRequestEsipa,
  InitiateAuthenticationResponseEsipa,
  ProvideEimPackageResult,
  ProvideEimPackageResultResponse,
  TransferEimPackageRequest,
  TransferEimPackageResponse,
} from '../generated/SGP32Definitions.js';

/** The eight ESipa functions, by the names of their JSON paths (SGP.32 §6.1.2). */
export const ESIPA_FUNCTIONS = [
  'initiateAuthentication',
  'authenticateClient',
  'getBoundProfilePackage',
  'handleNotification',
  'cancelSession',
  'transferEimPackage',
  'getEimPackage',
  'provideEimPackageResult',
] as const;

/** One ESipa function. */
export type EsipaFunction = (typeof ESIPA_FUNCTIONS)[number];

/** The two function bindings SGP.32 §6.1 defines over HTTP. */
export type EsipaBinding = 'asn1' | 'json';

/** The request value of each function (the content of its envelope alternative). */
export interface EsipaRequestMap {
  initiateAuthentication: InitiateAuthenticationRequestEsipa;
  authenticateClient: AuthenticateClientRequestEsipa;
  getBoundProfilePackage: GetBoundProfilePackageRequestEsipa;
  handleNotification: HandleNotificationEsipa;
  cancelSession: CancelSessionRequestEsipa;
  transferEimPackage: TransferEimPackageRequest;
  getEimPackage: GetEimPackageRequest;
  provideEimPackageResult: ProvideEimPackageResult;
}

/** The response value of each function; HandleNotification has none (HTTP 204). */
export interface EsipaResponseMap {
  initiateAuthentication: InitiateAuthenticationResponseEsipa;
  authenticateClient: AuthenticateClientResponseEsipa;
  getBoundProfilePackage: GetBoundProfilePackageResponseEsipa;
  handleNotification: undefined;
  cancelSession: CancelSessionResponseEsipa;
  transferEimPackage: TransferEimPackageResponse;
  getEimPackage: GetEimPackageResponse;
  provideEimPackageResult: ProvideEimPackageResultResponse;
}

type AnyEsipaMessage = EsipaMessageFromIpaToEim | EsipaMessageFromEimToIpa;

/** An envelope alternative that starts a function: what an HTTP request carries. */
export type EsipaRequest = Extract<
  AnyEsipaMessage,
  { $case: (typeof FUNCTION_TABLE)[EsipaFunction]['request'] }
>;

/** An envelope alternative that answers a function: what an HTTP response carries. */
export type EsipaResponse = Extract<AnyEsipaMessage, { $case: NonNullable<(typeof FUNCTION_TABLE)[EsipaFunction]['response']> }>;

/** Per function: its request and response alternative names, outer tag, and JSON path. */
export const FUNCTION_TABLE = {
  initiateAuthentication: { request: 'initiateAuthenticationRequestEsipa', response: 'initiateAuthenticationResponseEsipa', tag: 0xbf39 },
  authenticateClient: { request: 'authenticateClientRequestEsipa', response: 'authenticateClientResponseEsipa', tag: 0xbf3b },
  getBoundProfilePackage: { request: 'getBoundProfilePackageRequestEsipa', response: 'getBoundProfilePackageResponseEsipa', tag: 0xbf3a },
  handleNotification: { request: 'handleNotificationEsipa', response: undefined, tag: 0xbf3d },
  cancelSession: { request: 'cancelSessionRequestEsipa', response: 'cancelSessionResponseEsipa', tag: 0xbf41 },
  transferEimPackage: { request: 'transferEimPackageRequest', response: 'transferEimPackageResponse', tag: 0xbf4e },
  getEimPackage: { request: 'getEimPackageRequest', response: 'getEimPackageResponse', tag: 0xbf4f },
  provideEimPackageResult: { request: 'provideEimPackageResult', response: 'provideEimPackageResultResponse', tag: 0xbf50 },
} as const;

const BY_REQUEST_CASE = /*@__PURE__*/ new Map<string, EsipaFunction>(ESIPA_FUNCTIONS.map((f) => [FUNCTION_TABLE[f].request, f]));
const BY_RESPONSE_CASE = /*@__PURE__*/ new Map<string, EsipaFunction>(
  ESIPA_FUNCTIONS.filter((f) => FUNCTION_TABLE[f].response !== undefined).map((f) => [FUNCTION_TABLE[f].response as string, f]),
);

/** The function a request alternative starts; undefined for anything else. */
export function functionOfRequest(message: { readonly $case: string }): EsipaFunction | undefined {
  return BY_REQUEST_CASE.get(message.$case);
}

/** The function a response alternative answers; undefined for anything else. */
export function functionOfResponse(message: { readonly $case: string }): EsipaFunction | undefined {
  return BY_RESPONSE_CASE.get(message.$case);
}

/** True for the one function the eIM starts (its request is eIM → IPA). */
export function isEimInitiated(fn: EsipaFunction): boolean {
  return fn === 'transferEimPackage';
}

/** An HTTP request as the bindings see it: header names in any case. */
export interface EsipaHttpRequest {
  readonly method: string;
  /** The request target's path; a query string is ignored. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: Uint8Array;
}

/** An HTTP response as the bindings see it. */
export interface EsipaHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: Uint8Array;
}

/** The generic path of the ASN.1 function binding (SGP.32 §6.1.1). */
export const ASN1_PATH = '/gsma/rsp2/asn1';
/** The media type of the ASN.1 function binding. */
export const ASN1_MEDIA_TYPE = 'application/x-gsma-rsp-asn1';
/** The media type the JSON binding sends (SGP.22 §6.5.1). */
export const JSON_MEDIA_TYPE = 'application/json;charset=UTF-8';
/** Prefix of the ESipa JSON paths (SGP.32 §6.1.2). */
export const ESIPA_JSON_PREFIX = '/gsma/rsp2/esipa/';
/** The X-Admin-Protocol value sent by default (bindings.md §1.1; the v1.2 value is UNVERIFIED). */
export const DEFAULT_ADMIN_PROTOCOL = 'gsma/rsp/v2.1.0';

/** The JSON path of a function. */
export function jsonPathOf(fn: EsipaFunction): string {
  return ESIPA_JSON_PREFIX + fn;
}

/** One header's value, whatever the case of its name; the first when repeated. */
export function headerOf(headers: EsipaHttpRequest['headers'], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const key in headers) {
    if (key.toLowerCase() !== lower) continue;
    const v = headers[key];
    return typeof v === 'string' ? v : v?.[0];
  }
  return undefined;
}

/** The media type of a Content-Type value: lower case, parameters dropped. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** A path without its query string or fragment. */
export function pathOnly(target: string): string {
  const q = target.search(/[?#]/);
  return q < 0 ? target : target.slice(0, q);
}
