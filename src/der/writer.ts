/**
 * The encoding half of the DER runtime. A writer fills one buffer from the back: a value's
 * content is written first, then its length (now known) and its tag in front of it. No
 * sizes are computed ahead and nothing is concatenated; when the buffer is full it doubles,
 * moving what was written to the back of the new one.
 *
 * @module
 */
import { Asn1DecodeError, Asn1EncodeError } from './errors.js';
import { compareEncodings, hdr, newReader } from './reader.js';

export interface Writer {
  b: Uint8Array;
  /** Start of the written data; the next write goes just before it. */
  p: number;
}

export function newWriter(capacity = 512): Writer {
  return { b: new Uint8Array(capacity), p: capacity };
}

function grow(w: Writer, need: number): void {
  const used = w.b.length - w.p;
  let cap = w.b.length * 2;
  while (cap - used < need) cap *= 2;
  const nb = new Uint8Array(cap);
  nb.set(w.b.subarray(w.p), cap - used);
  w.b = nb;
  w.p = cap - used;
}

/** The bytes written so far, in order. */
export function finish(w: Writer): Uint8Array {
  // Hand out a tight copy when most of the buffer is unused, a view otherwise.
  return w.p > w.b.length >>> 1 ? w.b.slice(w.p) : w.b.subarray(w.p);
}

export function wByte(w: Writer, x: number): void {
  if (w.p === 0) grow(w, 1);
  w.b[--w.p] = x;
}

export function wBytes(w: Writer, src: Uint8Array): void {
  const n = src.length;
  if (w.p < n) grow(w, n);
  const p = (w.p -= n);
  // `set` is a call into the runtime that costs more than copying a few octets by hand; most
  // OCTET STRINGs of the RSP and SAIP types (identifiers, file IDs, short records) are short.
  if (n <= 16) {
    const b = w.b;
    for (let i = 0; i < n; i++) b[p + i] = src[i];
  } else w.b.set(src, p);
}

/** Writes a definite length in its shortest form (X.690 §10.1). */
export function wLen(w: Writer, len: number): void {
  if (len < 0x80) {
    wByte(w, len);
    return;
  }
  let n = 0;
  while (len > 0) {
    wByte(w, len & 0xff);
    len = Math.floor(len / 256);
    n++;
  }
  wByte(w, 0x80 | n);
}

/** Writes packed identifier octets (as the reader packs them). */
export function wTag(w: Writer, t: number): void {
  if (t < 0x100) {
    wByte(w, t);
    return;
  }
  do {
    wByte(w, t % 256);
    t = Math.floor(t / 256);
  } while (t > 0);
}

/**
 * How many bytes have been written: a position that stays valid when the buffer grows (the
 * data moves, the count from the end does not).
 */
export function mark(w: Writer): number {
  return w.b.length - w.p;
}

/** Writes length and tag in front of what was written since `m` (a {@link mark}). */
export function wHeader(w: Writer, m: number, t: number): void {
  const len = w.b.length - w.p - m;
  // Fast path: one-octet tag and short-form length, with room for both.
  if (len < 0x80 && t < 0x100 && w.p >= 2) {
    const b = w.b;
    b[--w.p] = len;
    b[--w.p] = t;
    return;
  }
  wLen(w, len);
  wTag(w, t);
}

/** INTEGER content, minimal two's complement (X.690 §8.3). */
export function wInt(w: Writer, v: number): void {
  if (!Number.isSafeInteger(v)) throw new Asn1EncodeError('bad-value', `expected a safe integer, got ${String(v)}`);
  if (v >= -128 && v < 128) {
    wByte(w, v & 0xff);
    return;
  }
  // Octets from the least significant; stop once what remains is only the sign.
  let x = v;
  for (;;) {
    const low = ((x % 256) + 256) % 256;
    wByte(w, low);
    x = (x - low) / 256;
    if ((x === 0 && low < 128) || (x === -1 && low >= 128)) break;
  }
}

/** INTEGER content from a bigint. */
export function wBigInt(w: Writer, v: bigint): void {
  if (typeof v !== 'bigint') throw new Asn1EncodeError('bad-value', `expected a bigint, got ${typeof v}`);
  let x = v;
  for (;;) {
    const low = Number(x & 0xffn);
    wByte(w, low);
    x >>= 8n;
    if ((x === 0n && low < 128) || (x === -1n && low >= 128)) break;
  }
}

export function wBool(w: Writer, v: boolean): void {
  if (typeof v !== 'boolean') throw new Asn1EncodeError('bad-value', `expected a boolean, got ${typeof v}`);
  wByte(w, v ? 0xff : 0);
}

const OID = /^(0|1|2)\.(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;
const oidCache = /*@__PURE__*/ new Map<string, Uint8Array>();

/** OBJECT IDENTIFIER content from its dotted form (X.690 §8.19). */
export function wOid(w: Writer, v: string): void {
  let enc = oidCache.get(v);
  if (enc === undefined) {
    enc = encodeOid(v);
    if (oidCache.size < 4096) oidCache.set(v, enc);
  }
  wBytes(w, enc);
}

function encodeArc(out: number[], arc: bigint): void {
  const tmp: number[] = [Number(arc & 0x7fn)];
  arc >>= 7n;
  while (arc > 0n) {
    tmp.push(Number(arc & 0x7fn) | 0x80);
    arc >>= 7n;
  }
  for (let i = tmp.length - 1; i >= 0; i--) out.push(tmp[i]);
}

function encodeOid(v: string): Uint8Array {
  if (typeof v !== 'string' || !OID.test(v)) throw new Asn1EncodeError('bad-value', `expected a dotted OBJECT IDENTIFIER, got ${JSON.stringify(v)}`);
  const arcs = v.split('.').map((x) => BigInt(x));
  if (arcs.length < 2) throw new Asn1EncodeError('bad-value', `OBJECT IDENTIFIER ${v} needs at least two arcs`);
  if (arcs[0] < 2n && arcs[1] > 39n) throw new Asn1EncodeError('bad-value', `OBJECT IDENTIFIER ${v}: second arc above 39 under arc ${arcs[0]}`);
  const out: number[] = [];
  encodeArc(out, arcs[0] * 40n + arcs[1]);
  for (let i = 2; i < arcs.length; i++) encodeArc(out, arcs[i]);
  return Uint8Array.from(out);
}

/** RELATIVE-OID content. */
export function wRelOid(w: Writer, v: string): void {
  if (typeof v !== 'string' || !/^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/.test(v)) {
    throw new Asn1EncodeError('bad-value', `expected a dotted RELATIVE-OID, got ${JSON.stringify(v)}`);
  }
  const out: number[] = [];
  for (const a of v.split('.')) encodeArc(out, BigInt(a));
  wBytes(w, Uint8Array.from(out));
}

export function wOctets(w: Writer, v: Uint8Array): void {
  if (!(v instanceof Uint8Array)) throw new Asn1EncodeError('bad-value', 'expected a Uint8Array');
  wBytes(w, v);
}

const utf8 = /*@__PURE__*/ new TextEncoder();

export function wUtf8(w: Writer, v: string): void {
  if (typeof v !== 'string') throw new Asn1EncodeError('bad-value', `expected a string, got ${typeof v}`);
  const n = v.length;
  if (w.p < n) grow(w, n);
  // ASCII fast path, written back to front in place.
  let i = n - 1;
  let p = w.p;
  const b = w.b;
  for (; i >= 0; i--) {
    const c = v.charCodeAt(i);
    if (c >= 0x80) break;
    b[--p] = c;
  }
  if (i < 0) {
    w.p = p;
    return;
  }
  wBytes(w, utf8.encode(v));
}

/** Characters of 1-octet string types; `allowed` checks each character. */
export function wChars(w: Writer, v: string, allowed: (c: number) => boolean, typeName: string): void {
  if (typeof v !== 'string') throw new Asn1EncodeError('bad-value', `expected a string, got ${typeof v}`);
  if (w.p < v.length) grow(w, v.length);
  for (let i = v.length - 1; i >= 0; i--) {
    const c = v.charCodeAt(i);
    if (c > 0xff || !allowed(c)) throw new Asn1EncodeError('bad-value', `character ${JSON.stringify(v[i])} not allowed in ${typeName}`);
    w.b[--w.p] = c;
  }
}

export const isPrintableChar = (c: number): boolean =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ||
  c === 0x20 || c === 0x27 || c === 0x28 || c === 0x29 || c === 0x2b || c === 0x2c ||
  c === 0x2d || c === 0x2e || c === 0x2f || c === 0x3a || c === 0x3d || c === 0x3f;
export const isNumericChar = (c: number): boolean => (c >= 0x30 && c <= 0x39) || c === 0x20;
export const isIa5Char = (c: number): boolean => c < 0x80;
export const isVisibleChar = (c: number): boolean => c >= 0x20 && c < 0x7f;
export const isLatin1Char = (c: number): boolean => c <= 0xff;

export function wBmp(w: Writer, v: string): void {
  if (typeof v !== 'string') throw new Asn1EncodeError('bad-value', `expected a string, got ${typeof v}`);
  for (let i = v.length - 1; i >= 0; i--) {
    const c = v.charCodeAt(i);
    wByte(w, c & 0xff);
    wByte(w, c >> 8);
  }
}

export function wUniversal(w: Writer, v: string): void {
  if (typeof v !== 'string') throw new Asn1EncodeError('bad-value', `expected a string, got ${typeof v}`);
  const cps = Array.from(v, (ch) => ch.codePointAt(0)!);
  for (let i = cps.length - 1; i >= 0; i--) {
    const c = cps[i];
    wByte(w, c & 0xff);
    wByte(w, (c >> 8) & 0xff);
    wByte(w, (c >> 16) & 0xff);
    wByte(w, c >>> 24);
  }
}

const UTC_TIME = /^\d{12}Z$/;
const GENERALIZED_TIME = /^\d{14}(\.\d*[1-9])?Z$/;

export function wUtcTime(w: Writer, v: string): void {
  if (typeof v !== 'string' || !UTC_TIME.test(v)) throw new Asn1EncodeError('bad-value', `UTCTime must be YYMMDDHHMMSSZ, got ${JSON.stringify(v)}`);
  wChars(w, v, isVisibleChar, 'UTCTime');
}

export function wGeneralizedTime(w: Writer, v: string): void {
  if (typeof v !== 'string' || !GENERALIZED_TIME.test(v)) {
    throw new Asn1EncodeError('bad-value', `GeneralizedTime must be YYYYMMDDHHMMSS[.f]Z, got ${JSON.stringify(v)}`);
  }
  wChars(w, v, isVisibleChar, 'GeneralizedTime');
}

/**
 * Writes raw TLVs (unknown extension components kept from decoding) in order. Each must be
 * exactly one well-formed TLV, so that a hand-made or JER-supplied `$unknown` cannot make the
 * output unparsable.
 */
export function wUnknown(w: Writer, items: readonly Uint8Array[]): void {
  if (!Array.isArray(items)) throw new Asn1EncodeError('bad-value', '$unknown: expected an array of encodings');
  for (let i = items.length - 1; i >= 0; i--) {
    checkOneTlv(items[i], `$unknown[${i}]`);
    wBytes(w, items[i]);
  }
}

function checkOneTlv(v: unknown, what: string): void {
  if (!(v instanceof Uint8Array)) throw new Asn1EncodeError('bad-value', `${what}: expected a Uint8Array`);
  const r = newReader(v);
  try {
    hdr(r, 0, v.length);
  } catch (err) {
    if (err instanceof Asn1DecodeError) throw new Asn1EncodeError('bad-value', `${what} is not a TLV: ${err.detail}`);
    throw err;
  }
  if (r.n !== v.length) throw new Asn1EncodeError('bad-value', `${what} has ${v.length - r.n} bytes after its TLV`);
}

/**
 * Writes the elements of a SET OF in DER order (X.690 §11.6): each element is encoded on its
 * own, the encodings are sorted, then written.
 */
export function wSetOf<T>(w: Writer, items: readonly T[], encodeOne: (w: Writer, item: T) => void): void {
  const encs: Uint8Array[] = [];
  for (const it of items) {
    const sub = newWriter(64);
    encodeOne(sub, it);
    encs.push(sub.b.subarray(sub.p));
  }
  encs.sort(compareEncodings);
  for (let i = encs.length - 1; i >= 0; i--) wBytes(w, encs[i]);
}

export function sizeCheckEnc(n: number, min: number, max: number, what: string): void {
  if (n < min || n > max) {
    const range = max === Infinity ? `${min}..MAX` : min === max ? `${min}` : `${min}..${max}`;
    throw new Asn1EncodeError('constraint', `${what} ${n} outside SIZE(${range})`);
  }
}

export function rangeCheckEnc(v: number | bigint, min: number | bigint | undefined, max: number | bigint | undefined): void {
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
    throw new Asn1EncodeError('constraint', `value ${v} outside (${min ?? 'MIN'}..${max ?? 'MAX'})`);
  }
}
