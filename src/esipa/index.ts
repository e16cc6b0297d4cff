/**
 * `sgp32/esipa` — ESipa (SGP.32 v1.2 §6) and ES9+ (SGP.22 v2.5 §6.5) on the wire, as pure
 * functions over the typed messages: the HTTP ASN.1 and JSON function bindings, a transport-free
 * request handler, a fetch-based client, the CoAP framing choices, message-size figures, and
 * ES10 commands over APDUs (SGP.22 §5.7.2: STORE DATA, GET RESPONSE, the BPP series).
 * No Node APIs; the HTTP and CoAP servers are in `sgp32/node`.
 *
 * @example
 * ```ts
 * import { decodeEsipaRequest, encodeEsipaResponse } from 'sgp32/esipa';
 * const { binding, function: fn, message } = decodeEsipaRequest({ method, path, headers, body });
 * ```
 * @module sgp32/esipa
 */
export { EsipaBindingError } from './errors.js';
export type { EsipaErrorCode, EsipaErrorDetails } from './errors.js';
export {
  ESIPA_FUNCTIONS,
  FUNCTION_TABLE as ESIPA_FUNCTION_TABLE,
  ASN1_PATH,
  ASN1_MEDIA_TYPE,
  JSON_MEDIA_TYPE,
  ESIPA_JSON_PREFIX,
  DEFAULT_ADMIN_PROTOCOL,
  functionOfRequest,
  functionOfResponse,
  jsonPathOf,
} from './functions.js';
export type { EsipaFunction, EsipaBinding, EsipaRequest, EsipaResponse, EsipaRequestMap, EsipaResponseMap, EsipaHttpRequest, EsipaHttpResponse } from './functions.js';
export { decodeEsipaRequest, encodeEsipaRequest, decodeEsipaResponse, encodeEsipaResponse, esipaErrorResponse, routeEsipaPath, esipaFunctionOfBody } from './binding.js';
export type { EsipaOptions, DecodedEsipaRequest } from './binding.js';
export type { JsonBindingOptions, StatusCode, StatusCodeTable, WrappedForm } from './json-members.js';
export { handleEsipaRequest, handlerNameOf } from './dispatch.js';
export type { EsipaHandlers, EsipaCallContext, EsipaServeOptions, EsipaHandlerName } from './dispatch.js';
export { esipaClient } from './client.js';
export {
  ISD_R_AID,
  MAX_STORE_DATA_BLOCKS,
  SW as APDU_STATUS,
  Es10ApduError,
  storeDataApdus,
  parseApduResponse,
  transmitEs10,
  openEs10Session,
  bppStoreDataPayloads,
  loadBoundProfilePackageApdus,
  es10ApduEndpoint,
  es10FromApdus,
  statusWordHex,
} from './es10-apdu.js';
export type { StoreDataOptions, ApduResponse, ApduTransmit, TransmitEs10Options, Es10ApduEndpointOptions, Es10ApduEndpoint, ApduExchange, Es10Message } from './es10-apdu.js';
export {
  ES9_FUNCTIONS,
  ES9_JSON_PREFIX,
  ES9_DEFAULT_ADMIN_PROTOCOL,
  encodeEs9Request,
  decodeEs9Request,
  encodeEs9Response,
  decodeEs9Response,
  handleEs9Request,
  es9Client,
} from './es9plus.js';
export type { Es9Function, Es9RequestMap, Es9ResponseMap, Es9Options, Es9Handlers, Es9Client, DecodedEs9Request } from './es9plus.js';
export type { EsipaClient, EsipaClientOptions } from './client.js';
export * from './status-codes.js';
export { COAP_DEFAULTS, coapCodeOf, httpStatusOf, szxOf } from './coap.js';
export type { EsipaCoapOptions } from './coap.js';
export { esipaExchangeSizes } from './sizes.js';
export { recogniseJsonBody, recogniseAsn1Body } from './recognise.js';
export type { RecognisedMessage, RecognisedPart } from './recognise.js';
export type { EsipaSizeFigures, ExchangeSize, SizeOptions } from './sizes.js';
