/**
 * A small, bounded TLV reader for certificates: it locates the exact bytes of the parts the
 * signature covers (tbsCertificate, names) and checks that an encoding is strict DER
 * (X.690 §10: definite minimal lengths, primitive strings, canonical BOOLEAN, minimal INTEGER)
 * with nothing after the outer SEQUENCE.
 *
 * It reads BER forms too (long-form lengths where short would do, indefinite lengths), so that
 * a certificate a peer sent in BER can still be shown, and reports each deviation instead of
 * throwing: whether a non-DER certificate is acceptable is the validator's decision.
 *
 * @module
 */

/** Why an encoding is not strict DER. */
export type DerProblemCode =
  | 'non-minimal-length'
  | 'indefinite-length'
  | 'trailing-data'
  | 'truncated'
  | 'non-minimal-tag'
  | 'constructed-string'
  | 'non-canonical-boolean'
  | 'non-minimal-integer'
  | 'bad-bit-string'
  | 'non-der-time'
  | 'explicit-default'
  | 'depth-limit';

/** One deviation from strict DER, at an absolute byte offset of the certificate. */
export interface DerProblem {
  readonly code: DerProblemCode;
  readonly offset: number;
  readonly detail: string;
}

/** One TLV as found in the input. */
export interface Tlv {
  /** 0 universal, 1 application, 2 context, 3 private. */
  readonly tagClass: number;
  readonly constructed: boolean;
  readonly tagNumber: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly contentStart: number;
  /** Offset just past the content (for indefinite lengths: before the end-of-contents octets). */
  readonly contentEnd: number;
  /** Offset just past the whole TLV (end-of-contents octets included). */
  readonly end: number;
  readonly indefinite: boolean;
  /** True when the length used more octets than DER allows. */
  readonly nonMinimalLength: boolean;
  readonly nonMinimalTag: boolean;
}

const MAX_DEPTH = 32;

/**
 * Reads one TLV header at `offset` of `bytes` and returns its extent, or a problem when the
 * header or length cannot be read (truncated, or a length beyond the input).
 * Indefinite lengths are resolved by scanning nested TLVs for the end-of-contents octets.
 */
export function readTlv(bytes: Uint8Array, offset: number, limit = bytes.length, depth = 0): Tlv | DerProblem {
  if (depth > MAX_DEPTH) return { code: 'depth-limit', offset, detail: `nesting deeper than ${MAX_DEPTH} levels` };
  let o = offset;
  if (o >= limit) return { code: 'truncated', offset: o, detail: 'expected an identifier octet, found the end of the input' };
  const id = bytes[o++];
  const tagClass = id >> 6;
  const constructed = (id & 0x20) !== 0;
  let tagNumber = id & 0x1f;
  let nonMinimalTag = false;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let first = true;
    for (;;) {
      if (o >= limit) return { code: 'truncated', offset: o, detail: 'truncated high tag number' };
      const b = bytes[o++];
      if (first && b === 0x80) nonMinimalTag = true;
      first = false;
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if (tagNumber > 0x1fffff) return { code: 'truncated', offset: o, detail: 'tag number too large' };
      if ((b & 0x80) === 0) break;
    }
    if (tagNumber < 0x1f) nonMinimalTag = true;
  }
  if (o >= limit) return { code: 'truncated', offset: o, detail: 'expected a length octet, found the end of the input' };
  const lenByte = bytes[o++];
  let length: number;
  let indefinite = false;
  let nonMinimalLength = false;
  if (lenByte < 0x80) {
    length = lenByte;
  } else if (lenByte === 0x80) {
    indefinite = true;
    length = -1;
  } else {
    const n = lenByte & 0x7f;
    if (n > 4 || n === 0x7f) return { code: 'truncated', offset: o - 1, detail: `length of ${n} octets is beyond any certificate` };
    if (o + n > limit) return { code: 'truncated', offset: o - 1, detail: 'truncated length octets' };
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[o + i];
    if (bytes[o] === 0 || length < 0x80) nonMinimalLength = true;
    o += n;
  }
  const contentStart = o;
  if (!indefinite) {
    if (contentStart + length > limit) {
      return { code: 'truncated', offset, detail: `length ${length} exceeds the ${limit - contentStart} bytes available` };
    }
    return {
      tagClass, constructed, tagNumber, start: offset, contentStart, contentEnd: contentStart + length,
      end: contentStart + length, indefinite, nonMinimalLength, nonMinimalTag,
    };
  }
  if (!constructed) return { code: 'indefinite-length', offset: offset, detail: 'indefinite length on a primitive encoding' };
  let p = contentStart;
  for (;;) {
    if (p + 2 <= limit && bytes[p] === 0 && bytes[p + 1] === 0) {
      return {
        tagClass, constructed, tagNumber, start: offset, contentStart, contentEnd: p, end: p + 2,
        indefinite, nonMinimalLength, nonMinimalTag,
      };
    }
    const inner = readTlv(bytes, p, limit, depth + 1);
    if ('code' in inner) return inner;
    p = inner.end;
  }
}

/** Whether a value returned by {@link readTlv} is a problem rather than a TLV. */
export function isProblem<T>(v: T | DerProblem): v is DerProblem {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'code' in v;
}

/** The TLVs directly inside a constructed TLV, or the first problem met while reading them. */
export function childrenOf(bytes: Uint8Array, tlv: Tlv): Tlv[] | DerProblem {
  const out: Tlv[] = [];
  let p = tlv.contentStart;
  while (p < tlv.contentEnd) {
    const c = readTlv(bytes, p, tlv.contentEnd);
    if (isProblem(c)) return c;
    out.push(c);
    p = c.end;
  }
  return out;
}

/**
 * Lists every deviation from strict DER in the first TLV of `bytes` and after it (trailing
 * data). Constructed encodings are walked recursively; OCTET STRING and BIT STRING contents are
 * not reinterpreted (extension values are checked where they are decoded).
 */
export function derProblems(bytes: Uint8Array): DerProblem[] {
  const problems: DerProblem[] = [];
  const top = readTlv(bytes, 0);
  if (isProblem(top)) return [top];
  walk(bytes, top, 0, problems);
  if (top.end < bytes.length) {
    problems.push({ code: 'trailing-data', offset: top.end, detail: `${bytes.length - top.end} bytes after the certificate` });
  }
  return problems;
}

function walk(bytes: Uint8Array, tlv: Tlv, depth: number, problems: DerProblem[]): void {
  if (problems.length >= 16) return;
  if (tlv.nonMinimalTag) problems.push({ code: 'non-minimal-tag', offset: tlv.start, detail: 'tag number not in its shortest form' });
  if (tlv.indefinite) problems.push({ code: 'indefinite-length', offset: tlv.start, detail: 'indefinite length (BER only)' });
  if (tlv.nonMinimalLength) {
    problems.push({ code: 'non-minimal-length', offset: tlv.start, detail: `length ${tlv.contentEnd - tlv.contentStart} written in more octets than DER allows` });
  }
  const universal = tlv.tagClass === 0;
  if (tlv.constructed) {
    if (universal && [3, 4, 12, 19, 20, 22, 23, 24, 26, 28, 30].includes(tlv.tagNumber)) {
      problems.push({ code: 'constructed-string', offset: tlv.start, detail: `constructed encoding of universal type ${tlv.tagNumber}` });
    }
    if (depth >= MAX_DEPTH) {
      problems.push({ code: 'depth-limit', offset: tlv.start, detail: `nesting deeper than ${MAX_DEPTH} levels` });
      return;
    }
    const kids = childrenOf(bytes, tlv);
    if (isProblem(kids)) {
      problems.push(kids);
      return;
    }
    for (const k of kids) walk(bytes, k, depth + 1, problems);
    return;
  }
  if (!universal) return;
  const len = tlv.contentEnd - tlv.contentStart;
  const c0 = bytes[tlv.contentStart];
  if (tlv.tagNumber === 1 && (len !== 1 || (c0 !== 0x00 && c0 !== 0xff))) {
    problems.push({ code: 'non-canonical-boolean', offset: tlv.start, detail: 'BOOLEAN must be one octet 00 or FF' });
  } else if (tlv.tagNumber === 2) {
    const c1 = bytes[tlv.contentStart + 1];
    if (len === 0 || (len > 1 && ((c0 === 0 && c1 < 0x80) || (c0 === 0xff && c1 >= 0x80)))) {
      problems.push({ code: 'non-minimal-integer', offset: tlv.start, detail: 'INTEGER not in its minimal form' });
    }
  } else if (tlv.tagNumber === 23 || tlv.tagNumber === 24) {
    // X.690 §11.7 / §11.8: seconds present, no fraction (RFC 5280 §4.1.2.5), ends in Z.
    const text = String.fromCharCode(...bytes.subarray(tlv.contentStart, tlv.contentEnd));
    const ok = tlv.tagNumber === 23 ? /^[0-9]{12}Z$/.test(text) : /^[0-9]{14}Z$/.test(text);
    if (!ok) problems.push({ code: 'non-der-time', offset: tlv.start, detail: `${tlv.tagNumber === 23 ? 'UTCTime' : 'GeneralizedTime'} "${text.slice(0, 24)}" is not in the DER form` });
  } else if (tlv.tagNumber === 3) {
    if (len === 0 || c0 > 7 || (len === 1 && c0 !== 0)) {
      problems.push({ code: 'bad-bit-string', offset: tlv.start, detail: 'BIT STRING with an invalid unused-bits octet' });
    } else if (c0 !== 0 && (bytes[tlv.contentEnd - 1] & ((1 << c0) - 1)) !== 0) {
      problems.push({ code: 'bad-bit-string', offset: tlv.start, detail: 'BIT STRING unused bits are not zero' });
    }
  }
}
