/**
 * ESipa over CoAP (RFC 7252) with block-wise transfer (RFC 7959): the framing choices, as data,
 * that the CoAP server and client in `sgp32/node` apply. No SGP.32 text for this binding reached
 * us (../shared/spec/bindings.md §3): everything here is UNVERIFIED and configurable —
 * - the Uri-Path, by default `/gsma/rsp2/asn1` (Wireshark registers its SGP.32 dissector there;
 *   openiotrsp, the only CoAP implementation found, uses `/esipa`);
 * - the payload: exactly the ASN.1 binding's HTTP body (one envelope alternative's DER);
 *   there is no JSON over CoAP anywhere;
 * - Content-Format 42 (application/octet-stream; no number is registered for
 *   application/x-gsma-rsp-asn1);
 * - POST; 2.05 Content with the answer, 2.04 Changed with no payload for HandleNotification,
 *   4.xx/5.xx with a diagnostic payload for requests that never reached a function;
 * - Block1 for large requests and Block2 for large answers, 1024-byte blocks by default.
 *
 * @module
 */
import { ASN1_PATH } from './functions.js';

/** Framing options of the CoAP binding. */
export interface EsipaCoapOptions {
  /** Uri-Path of ESipa requests (default `/gsma/rsp2/asn1`; openiotrsp uses `/esipa`). */
  readonly uriPath?: string;
  /** Content-Format number of requests and answers (default 42, application/octet-stream). */
  readonly contentFormat?: number;
  /** Block size for Block1/Block2, a power of two from 16 to 1024 (default 1024). */
  readonly blockSize?: number;
}

/** Defaults of {@link EsipaCoapOptions}. */
export const COAP_DEFAULTS = { uriPath: ASN1_PATH, contentFormat: 42, blockSize: 1024 } as const;

/** The CoAP response code standing for an HTTP status of the bindings. */
export function coapCodeOf(httpStatus: number): string {
  switch (httpStatus) {
    case 200:
      return '2.05';
    case 204:
      return '2.04';
    case 404:
      return '4.04';
    case 405:
      return '4.05';
    case 408:
      return '4.08';
    case 413:
      return '4.13';
    case 415:
      return '4.15';
    case 501:
      return '5.01';
    default:
      return httpStatus >= 500 ? '5.00' : '4.00';
  }
}

/** The HTTP status a CoAP response code maps to (the inverse of {@link coapCodeOf} on its image). */
export function httpStatusOf(coapCode: string): number {
  switch (coapCode) {
    case '2.05':
      return 200;
    case '2.04':
      return 204;
    case '4.04':
      return 404;
    case '4.05':
      return 405;
    case '4.08':
      return 408;
    case '4.13':
      return 413;
    case '4.15':
      return 415;
    case '5.01':
      return 501;
    default: {
      const [cls] = coapCode.split('.');
      return cls === '5' ? 500 : cls === '4' ? 400 : 502;
    }
  }
}

/** The block-size exponent (SZX, RFC 7959 §2.2) of a block size. */
export function szxOf(blockSize: number): number {
  const szx = Math.log2(blockSize) - 4;
  if (!Number.isInteger(szx) || szx < 0 || szx > 6) throw new RangeError(`blockSize: expected a power of two from 16 to 1024, got ${blockSize}`);
  return szx;
}
