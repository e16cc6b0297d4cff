/**
 * An independent strict-DER checker for test oracles. It shares no code with src/der: a small
 * recursive walker over the TLV structure (X.690 §8.1, §10) plus the content rules that need no
 * schema for universal primitive types (X.690 §8.2, §8.3, §8.6, §8.19, §11). Constructed TLVs
 * must be consumed exactly by their children.
 *
 * Schema-free limits: a context- or application-tagged primitive is opaque (its type is not
 * known), the named-bit rule (no trailing zero bits) needs the schema, and for the universal
 * SET tag 0x31 the checker accepts either DER rule — SET OF elements in ascending order of
 * their encodings (X.690 §11.6), or SET components with strictly ascending tags (X.690 §10.3,
 * canonical order of X.680 §8.6) — since a SET and a SET OF share the tag.
 */

/** One violation of DER, with the absolute offset of the TLV or octet at fault. */
export interface DerViolation {
  readonly offset: number;
  readonly rule: string;
}

interface Header {
  cls: number;
  constructed: boolean;
  num: number;
  /** Offset of the content and of the end of the TLV. */
  start: number;
  end: number;
}

class Fail extends Error {
  constructor(
    readonly offset: number,
    readonly rule: string,
  ) {
    super(`${rule} at offset ${offset}`);
  }
}

function header(b: Uint8Array, p: number, limit: number): Header {
  if (p >= limit) throw new Fail(p, 'missing identifier octet');
  const first = b[p];
  const cls = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let num = first & 0x1f;
  let i = p + 1;
  if (num === 0x1f) {
    if (i >= limit) throw new Fail(p, 'truncated high tag number');
    if (b[i] === 0x80) throw new Fail(i, 'leading 0x80 in a tag number');
    num = 0;
    for (;;) {
      if (i >= limit) throw new Fail(p, 'truncated high tag number');
      const x = b[i++];
      num = num * 128 + (x & 0x7f);
      if (num > 2 ** 31) throw new Fail(p, 'tag number too large');
      if ((x & 0x80) === 0) break;
    }
    if (num < 31) throw new Fail(p, `high-tag-number form for tag ${num} < 31`);
  }
  if (i >= limit) throw new Fail(i, 'missing length octet');
  const l0 = b[i++];
  let len: number;
  if (l0 < 0x80) len = l0;
  else if (l0 === 0x80) throw new Fail(i - 1, 'indefinite length');
  else {
    const n = l0 & 0x7f;
    if (n > 4) throw new Fail(i - 1, 'more than 4 length octets');
    if (i + n > limit) throw new Fail(i - 1, 'truncated length');
    if (b[i] === 0) throw new Fail(i, 'leading zero length octet');
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + b[i++];
    if (len < 0x80) throw new Fail(i - n - 1, 'long-form length below 128');
  }
  if (i + len > limit) throw new Fail(p, `length ${len} runs past the enclosing content`);
  return { cls, constructed, num, start: i, end: i + len };
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

const UTC = /^\d{12}Z$/;
const GEN = /^\d{14}(\.\d*[1-9])?Z$/;
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

function ascii(b: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(b[i]);
  return out;
}

function checkUniversalPrimitive(b: Uint8Array, h: Header, p: number): void {
  const { start: s, end: e } = h;
  const n = e - s;
  switch (h.num) {
    case 0:
      throw new Fail(p, 'universal tag 0 is reserved');
    case 1:
      if (n !== 1) throw new Fail(p, 'BOOLEAN not one octet');
      if (b[s] !== 0 && b[s] !== 0xff) throw new Fail(s, 'BOOLEAN neither 00 nor FF');
      return;
    case 2:
    case 10:
      if (n === 0) throw new Fail(p, 'INTEGER/ENUMERATED without content');
      if (n > 1 && ((b[s] === 0 && (b[s + 1] & 0x80) === 0) || (b[s] === 0xff && (b[s + 1] & 0x80) !== 0))) {
        throw new Fail(s, 'INTEGER/ENUMERATED not minimal');
      }
      return;
    case 3: {
      if (n === 0) throw new Fail(p, 'BIT STRING without unused-bits octet');
      const u = b[s];
      if (u > 7) throw new Fail(s, 'BIT STRING with more than 7 unused bits');
      if (n === 1 && u !== 0) throw new Fail(s, 'empty BIT STRING with unused bits');
      if (u !== 0 && (b[e - 1] & ((1 << u) - 1)) !== 0) throw new Fail(e - 1, 'BIT STRING unused bits not zero');
      return;
    }
    case 5:
      if (n !== 0) throw new Fail(p, 'NULL with content');
      return;
    case 6:
    case 13: {
      if (n === 0 && h.num === 6) throw new Fail(p, 'OBJECT IDENTIFIER without content');
      let arcStart = true;
      for (let i = s; i < e; i++) {
        if (arcStart && b[i] === 0x80) throw new Fail(i, 'OID arc with a leading 0x80');
        arcStart = (b[i] & 0x80) === 0;
      }
      if (n > 0 && (b[e - 1] & 0x80) !== 0) throw new Fail(e - 1, 'OID arc not terminated');
      return;
    }
    case 12:
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(s, e));
      } catch {
        throw new Fail(s, 'UTF8String not valid UTF-8');
      }
      return;
    case 18:
      if (!/^[0-9 ]*$/.test(ascii(b, s, e))) throw new Fail(s, 'NumericString character');
      return;
    case 19:
      if (!PRINTABLE.test(ascii(b, s, e))) throw new Fail(s, 'PrintableString character');
      return;
    case 22:
      for (let i = s; i < e; i++) if (b[i] > 0x7f) throw new Fail(i, 'IA5String character');
      return;
    case 26:
      for (let i = s; i < e; i++) if (b[i] < 0x20 || b[i] > 0x7e) throw new Fail(i, 'VisibleString character');
      return;
    case 23:
      if (!UTC.test(ascii(b, s, e))) throw new Fail(s, 'UTCTime not YYMMDDHHMMSSZ');
      return;
    case 24:
      if (!GEN.test(ascii(b, s, e))) throw new Fail(s, 'GeneralizedTime not YYYYMMDDHHMMSS[.f]Z');
      return;
    case 16:
    case 17:
      throw new Fail(p, 'primitive SEQUENCE/SET');
    case 30:
      if (n % 2 !== 0) throw new Fail(p, 'BMPString of odd length');
      return;
    case 28:
      if (n % 4 !== 0) throw new Fail(p, 'UniversalString length not a multiple of 4');
      return;
    default:
      return;
  }
}

/** Universal types that DER encodes constructed: SEQUENCE, SET, EXTERNAL, EMBEDDED PDV, CHARACTER STRING. */
const CONSTRUCTED_UNIVERSAL = new Set([8, 11, 16, 17, 29]);

function walk(b: Uint8Array, p: number, limit: number, depth: number): number {
  if (depth > 200) throw new Fail(p, 'nesting too deep');
  const h = header(b, p, limit);
  if (h.cls === 0 && h.constructed && !CONSTRUCTED_UNIVERSAL.has(h.num)) throw new Fail(p, `constructed encoding of universal type ${h.num}`);
  if (!h.constructed) {
    if (h.cls === 0) checkUniversalPrimitive(b, h, p);
    return h.end;
  }
  const kids: { start: number; end: number; tag: number }[] = [];
  let q = h.start;
  while (q < h.end) {
    const kh = header(b, q, h.end);
    const next = walk(b, q, h.end, depth + 1);
    kids.push({ start: q, end: next, tag: kh.cls * 2 ** 32 + kh.num });
    q = next;
  }
  if (q !== h.end) throw new Fail(q, 'constructed content not consumed exactly');
  if (h.cls === 0 && h.num === 17 && kids.length > 1) {
    let setOfOrder = true;
    let setOrder = true;
    for (let i = 1; i < kids.length; i++) {
      if (compareBytes(b.subarray(kids[i - 1].start, kids[i - 1].end), b.subarray(kids[i].start, kids[i].end)) > 0) setOfOrder = false;
      if (kids[i - 1].tag >= kids[i].tag) setOrder = false;
    }
    if (!setOfOrder && !setOrder) throw new Fail(h.start, 'SET elements neither in encoding order (SET OF) nor in tag order (SET)');
  }
  return h.end;
}

/**
 * Checks that `bytes` is exactly one TLV in strict DER. Returns the violations found (at most
 * one: the walk stops at the first), an empty array when the encoding conforms.
 */
export function derViolations(bytes: Uint8Array): DerViolation[] {
  try {
    const end = walk(bytes, 0, bytes.length, 0);
    if (end !== bytes.length) return [{ offset: end, rule: `${bytes.length - end} octets after the TLV` }];
    return [];
  } catch (err) {
    if (err instanceof Fail) return [{ offset: err.offset, rule: err.rule }];
    throw err;
  }
}

/** Throws an Error naming the first DER violation of `bytes`, with a hex excerpt around it. */
export function assertStrictDer(bytes: Uint8Array): void {
  const v = derViolations(bytes);
  if (v.length === 0) return;
  const { offset, rule } = v[0];
  const from = Math.max(0, offset - 8);
  const excerpt = Array.from(bytes.subarray(from, offset + 8), (x) => x.toString(16).padStart(2, '0')).join(' ');
  throw new Error(`not strict DER: ${rule} at offset ${offset} (bytes from ${from}: ${excerpt})`);
}
