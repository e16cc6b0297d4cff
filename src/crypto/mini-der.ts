/**
 * A deliberately tiny, strict DER reader/writer for the few fixed structures the key layer
 * handles (PKCS#8, SEC1 / RFC 5915, SPKI, the outer layers of an X.509 certificate). It knows
 * single-byte tags only, definite minimal lengths (X.690 §10.1, §8.1.3) and nothing else; the
 * general DER runtime of the SDK lives in src/der. Internal to src/crypto.
 *
 * @module
 */
import { CryptoKeyFormatError } from './errors.js';

/** One TLV found in a buffer; offsets are absolute in that buffer. */
export interface Tlv {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly valueStart: number;
  /** Offset just past the content. */
  readonly end: number;
}

/** Reads the TLV at `offset`, which must end at or before `limit`. */
export function readTlv(buf: Uint8Array, offset: number, limit: number, what: string): Tlv {
  if (offset + 2 > limit) throw new CryptoKeyFormatError('bad-der', `${what}: truncated TLV header`, offset);
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new CryptoKeyFormatError('bad-der', `${what}: multi-byte tags are not expected here`, offset);
  let length = buf[offset + 1];
  let valueStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0) throw new CryptoKeyFormatError('bad-der', `${what}: indefinite length is not DER`, offset + 1);
    if (count > 3) throw new CryptoKeyFormatError('bad-der', `${what}: length of ${count} bytes is too large`, offset + 1);
    if (valueStart + count > limit) throw new CryptoKeyFormatError('bad-der', `${what}: truncated length`, offset + 1);
    if (buf[valueStart] === 0) throw new CryptoKeyFormatError('bad-der', `${what}: length not minimally encoded`, offset + 1);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[valueStart + i];
    if (length < 0x80) throw new CryptoKeyFormatError('bad-der', `${what}: long-form length below 128 is not DER`, offset + 1);
    valueStart += count;
  }
  const end = valueStart + length;
  if (end > limit) throw new CryptoKeyFormatError('bad-der', `${what}: length ${length} exceeds the ${limit - valueStart} bytes available`, offset + 1);
  return { tag, start: offset, valueStart, end };
}

/** Reads a TLV and checks its tag. */
export function expectTlv(buf: Uint8Array, offset: number, limit: number, tag: number, what: string): Tlv {
  const tlv = readTlv(buf, offset, limit, what);
  if (tlv.tag !== tag) {
    throw new CryptoKeyFormatError('bad-der', `${what}: expected tag 0x${hex(tag)}, got 0x${hex(tlv.tag)}`, offset);
  }
  return tlv;
}

/** Reads the children of a constructed TLV. */
export function children(buf: Uint8Array, parent: Tlv, what: string): Tlv[] {
  const out: Tlv[] = [];
  let o = parent.valueStart;
  while (o < parent.end) {
    const t = readTlv(buf, o, parent.end, `${what}[${out.length}]`);
    out.push(t);
    o = t.end;
  }
  return out;
}

/** The content bytes of a TLV (a view, not a copy). */
export function contentOf(buf: Uint8Array, tlv: Tlv): Uint8Array {
  return buf.subarray(tlv.valueStart, tlv.end);
}

/** Decodes OBJECT IDENTIFIER content to dotted form. */
export function decodeOid(buf: Uint8Array, tlv: Tlv, what: string): string {
  const c = contentOf(buf, tlv);
  if (c.length === 0) throw new CryptoKeyFormatError('bad-der', `${what}: empty OBJECT IDENTIFIER`, tlv.valueStart);
  const arcs: number[] = [];
  let v = 0;
  for (let i = 0; i < c.length; i++) {
    if (v === 0 && c[i] === 0x80) throw new CryptoKeyFormatError('bad-der', `${what}: OID arc not minimally encoded`, tlv.valueStart + i);
    v = v * 128 + (c[i] & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 128) throw new CryptoKeyFormatError('bad-der', `${what}: OID arc too large`, tlv.valueStart + i);
    if (!(c[i] & 0x80)) {
      if (arcs.length === 0) arcs.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else arcs.push(v);
      v = 0;
    } else if (i === c.length - 1) {
      throw new CryptoKeyFormatError('bad-der', `${what}: truncated OID arc`, tlv.valueStart + i);
    }
  }
  return arcs.join('.');
}

/** Encodes a TLV with a single-byte tag. */
export function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const c of contents) length += c.length;
  const header: number[] = [tag];
  if (length < 0x80) header.push(length);
  else if (length < 0x100) header.push(0x81, length);
  else if (length < 0x10000) header.push(0x82, length >> 8, length & 0xff);
  else throw new RangeError(`tlv: content of ${length} bytes is larger than this writer supports`);
  const out = new Uint8Array(header.length + length);
  out.set(header, 0);
  let o = header.length;
  for (const c of contents) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Encodes a dotted OID as a complete TLV. */
export function oidTlv(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const bytes: number[] = [];
  const push = (n: number): void => {
    const groups: number[] = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) groups.unshift((v & 0x7f) | 0x80);
    bytes.push(...groups);
  };
  push(arcs[0] * 40 + arcs[1]);
  for (const a of arcs.slice(2)) push(a);
  return tlv(0x06, Uint8Array.from(bytes));
}

/** Lowercase 2-digit hex of a byte. */
export function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
