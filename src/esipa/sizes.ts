/**
 * Message-size figures of ESipa exchanges, per function, for HTTP (both bindings) and CoAP, so
 * that a device team can budget NB-IoT / LTE-M traffic before the first byte is sent. The
 * figures count application bytes as they leave the binding:
 * - HTTP/1.1: request line, the headers the SDK client sends (Host given as `host`), the blank
 *   line and the body; the status line and headers of the answer, and its body. TLS record
 *   overhead (about 29 bytes per record with AES-GCM) and TCP/IP headers are not included.
 * - CoAP (RFC 7252/7959, the framing of esipa/coap.ts): every datagram of the exchange — the
 *   request block(s) with Uri-Path, Content-Format and Block1 options, the 2.31 Continue
 *   acknowledgements, the answer block(s) with Block2, and the requests for the next Block2
 *   block — with a `tokenLength`-byte token, piggybacked answers, no retransmissions, and the
 *   options node-coap adds (an ETag on block-wise answers; Content-Format repeated in the
 *   requests for the next block). DTLS
 *   (about 29 bytes per datagram with AES-CCM-8) and UDP/IP headers are not included.
 *
 * @module
 */
import { encodeEsipaRequest, encodeEsipaResponse } from './binding.js';
import { COAP_DEFAULTS, szxOf } from './coap.js';
import { functionOfRequest, type EsipaBinding, type EsipaHttpRequest, type EsipaHttpResponse, type EsipaRequest, type EsipaResponse } from './functions.js';
import { utf8 } from './text.js';

/** Options of {@link esipaExchangeSizes}. */
export interface SizeOptions {
  /** Host header value (default `eim.example.com`). */
  readonly host?: string;
  /** CoAP block size (default 1024). */
  readonly blockSize?: number;
  /** CoAP token length, 0 to 8 (default 8, what node-coap sends). */
  readonly tokenLength?: number;
  /** CoAP Uri-Path (default `/gsma/rsp2/asn1`). */
  readonly uriPath?: string;
}

/** Bytes of one exchange over one transport. */
export interface ExchangeSize {
  readonly request: number;
  readonly response: number;
  readonly total: number;
}

/** Figures for one request/response pair. */
export interface EsipaSizeFigures {
  readonly function: string;
  /** The ASN.1 bodies (also the CoAP payloads) and the JSON bodies. */
  readonly bodies: { readonly asn1: { readonly request: number; readonly response: number }; readonly json: { readonly request: number; readonly response: number } };
  readonly http: { readonly asn1: ExchangeSize; readonly json: ExchangeSize };
  readonly coap: ExchangeSize & { readonly datagrams: number; readonly requestBlocks: number; readonly responseBlocks: number };
}

function httpRequestBytes(r: EsipaHttpRequest, host: string): number {
  let head = `${r.method} ${r.path} HTTP/1.1\r\nHost: ${host}\r\n`;
  for (const [k, v] of Object.entries(r.headers)) head += `${k}: ${String(v)}\r\n`;
  head += `Content-Length: ${r.body.length}\r\n\r\n`;
  return utf8(head).length + r.body.length;
}

const REASONS: Record<number, string> = { 200: 'OK', 204: 'No Content' };

function httpResponseBytes(r: EsipaHttpResponse): number {
  let head = `HTTP/1.1 ${r.status} ${REASONS[r.status] ?? ''}\r\n`;
  for (const [k, v] of Object.entries(r.headers)) head += `${k}: ${String(v)}\r\n`;
  if (r.status !== 204) head += `Content-Length: ${r.body.length}\r\n`;
  return utf8(head + '\r\n').length + r.body.length;
}

/** Size of one CoAP option with its header, after an option of number `previous`. */
function optionSize(previous: number, number: number, length: number): number {
  const delta = number - previous;
  const ext = (n: number) => (n < 13 ? 0 : n < 269 ? 1 : 2);
  return 1 + ext(delta) + ext(length) + length;
}

function uintLength(v: number): number {
  return v === 0 ? 0 : v < 256 ? 1 : v < 65536 ? 2 : 3;
}

/** Bytes of a CoAP message: header, token, options given as [number, length] in order, payload. */
function coapMessage(tokenLength: number, options: readonly (readonly [number, number])[], payload: number): number {
  let n = 4 + tokenLength;
  let previous = 0;
  for (const [number, length] of options) {
    n += optionSize(previous, number, length);
    previous = number;
  }
  return n + (payload > 0 ? 1 + payload : 0);
}

const ETAG = 4;
const URI_PATH = 11;
const CONTENT_FORMAT = 12;
const BLOCK2 = 23;
const BLOCK1 = 27;

function blockValue(num: number, more: boolean, szx: number): number {
  return num * 16 + (more ? 8 : 0) + szx;
}

function coapExchange(request: number, response: number | undefined, o: Required<SizeOptions>) {
  const szx = szxOf(o.blockSize);
  const path = o.uriPath.split('/').filter(Boolean).map((seg) => [URI_PATH, utf8(seg).length] as const);
  const format = [CONTENT_FORMAT, uintLength(COAP_DEFAULTS.contentFormat)] as const;
  const requestBlocks = Math.max(1, Math.ceil(request / o.blockSize));
  let up = 0;
  let down = 0;
  let datagrams = 0;
  for (let i = 0; i < requestBlocks; i++) {
    const last = i === requestBlocks - 1;
    const payload = last ? request - i * o.blockSize : o.blockSize;
    const opts: (readonly [number, number])[] = [...path, format];
    // The client asks for blocks smaller than 1024 in its request (early Block2 negotiation).
    if (last && o.blockSize < 1024) opts.push([BLOCK2, uintLength(blockValue(0, false, szx))]);
    if (requestBlocks > 1) opts.push([BLOCK1, uintLength(blockValue(i, !last, szx))]);
    up += coapMessage(o.tokenLength, opts, payload);
    datagrams++;
    if (!last) {
      down += coapMessage(o.tokenLength, [[BLOCK1, uintLength(blockValue(i, true, szx))]], 0); // 2.31 Continue
      datagrams++;
    }
  }
  const body = response ?? 0;
  const responseBlocks = Math.max(1, Math.ceil(body / o.blockSize));
  for (let i = 0; i < responseBlocks; i++) {
    const last = i === responseBlocks - 1;
    const payload = last ? body - i * o.blockSize : o.blockSize;
    // Block-wise answers carry a 2-byte ETag in every block and Content-Format in the first (node-coap).
    const opts: (readonly [number, number])[] = [];
    if (responseBlocks > 1) opts.push([ETAG, 2]);
    if (response !== undefined && i === 0) opts.push(format);
    if (responseBlocks > 1) opts.push([BLOCK2, uintLength(blockValue(i, !last, szx))]);
    down += coapMessage(o.tokenLength, opts, payload);
    datagrams++;
    if (!last) {
      up += coapMessage(o.tokenLength, [...path, format, [BLOCK2, uintLength(blockValue(i + 1, false, szx))]], 0);
      datagrams++;
    }
  }
  return { request: up, response: down, total: up + down, datagrams, requestBlocks, responseBlocks };
}

/**
 * Byte counts of one exchange (request and its answer; `undefined` answer for
 * HandleNotification) over HTTP with each binding and over CoAP.
 *
 * @throws TypeError when `request` is not a request alternative or `response` does not answer it.
 * @example
 * ```ts
 * const f = esipaExchangeSizes({ $case: 'getEimPackageRequest', value: { eidValue } }, { $case: 'getEimPackageResponse', value: { $case: 'eimPackageError', value: 1 } });
 * f.coap.total; // bytes of every datagram of the exchange
 * ```
 */
export function esipaExchangeSizes(request: EsipaRequest, response: EsipaResponse | undefined, options: SizeOptions = {}): EsipaSizeFigures {
  const fn = functionOfRequest(request);
  if (fn === undefined) throw new TypeError(`request: ${String((request as { $case?: unknown })?.$case)} is not an ESipa request alternative`);
  const o: Required<SizeOptions> = {
    host: options.host ?? 'eim.example.com',
    blockSize: options.blockSize ?? COAP_DEFAULTS.blockSize,
    tokenLength: options.tokenLength ?? 8,
    uriPath: options.uriPath ?? COAP_DEFAULTS.uriPath,
  };
  const per = (binding: EsipaBinding) => {
    const req = encodeEsipaRequest(request, { binding });
    const res = encodeEsipaResponse(binding, fn, response);
    const a = httpRequestBytes(req, o.host);
    const b = httpResponseBytes(res);
    return { req, res, size: { request: a, response: b, total: a + b } };
  };
  const asn1 = per('asn1');
  const json = per('json');
  return {
    function: fn,
    bodies: { asn1: { request: asn1.req.body.length, response: asn1.res.body.length }, json: { request: json.req.body.length, response: json.res.body.length } },
    http: { asn1: asn1.size, json: json.size },
    coap: coapExchange(asn1.req.body.length, response === undefined ? undefined : asn1.res.body.length, o),
  };
}
