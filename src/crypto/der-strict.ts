/**
 * How the key and signature layers read a TLV: through the DER toolkit's partial mode, then
 * strict DER (X.690 §10.1) checked here so that each defect is placed where it is — a header
 * cut short or a malformed identifier at the TLV, a long, indefinite or oversized length at
 * the length octets. The callers turn a problem into their own error class.
 *
 * @module
 */
import { Asn1DecodeError } from '../der/errors.js';
import { needsMore, readHeader, type TlvHeader } from '../der/header.js';

/** Why the bytes at an offset are not one strict-DER TLV. */
export interface DerProblem {
  readonly detail: string;
  readonly offset: number;
}

/** The strict-DER TLV at `offset`, ending by `end`, or the problem with it. */
export function strictTlv(der: Uint8Array, offset: number, end: number): TlvHeader | DerProblem {
  let h;
  try {
    h = readHeader(der, offset, { mode: 'partial', end });
  } catch (err) {
    if (err instanceof Asn1DecodeError) return { detail: err.detail, offset: err.offset };
    throw err;
  }
  if (needsMore(h)) return { detail: 'truncated TLV header', offset };
  const lengthAt = offset + h.tagLength;
  if (h.indefinite) return { detail: 'indefinite length is not DER', offset: lengthAt };
  if (!h.minimal) return { detail: 'length not in its shortest form', offset: lengthAt };
  if (h.end > end) return { detail: `length ${h.length} exceeds the ${end - h.contentStart} bytes available`, offset: lengthAt };
  return h;
}

/** Whether {@link strictTlv} found a problem. */
export function isProblem(x: TlvHeader | DerProblem): x is DerProblem {
  return (x as DerProblem).detail !== undefined;
}
