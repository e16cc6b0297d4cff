/**
 * Constructed (segmented) strings. BER lets a sender cut the content of a BIT STRING, an
 * OCTET STRING or a character string into segments, each itself a string TLV of the universal
 * type (X.690 §8.6.4, §8.7.3, §8.23.6: OCTET STRING segments for the character strings), with
 * definite or indefinite lengths and nested to any depth; DER forbids the constructed form
 * (§10.2). Strict mode refuses it (`constructed-string`); lenient mode reports it once and
 * returns the value the primitive DER encoding carries, so that `encode` writes that encoding
 * (the one rule of lenient mode: what was read leniently is normalised to DER).
 *
 * Generated decoders read OCTET STRINGs in line and call {@link rOctetsC} only when the
 * identifier octet at `h` has its constructed bit set; the other string kinds go through the
 * `s…` readers below, which take `h` and make the same choice (one call per string, kept out
 * of the generated code to keep it small).
 *
 * @module
 */
import { concatBytes } from './bytes.js';
import { Asn1DecodeError, type Diagnostic } from './errors.js';
import { rBits } from './bitstring.js';
import {
  deviation, enter, fail, hdr, newReader, rBmp, rGeneralizedTime, rIa5, rLatin1, rNumeric, rOctets, rPrintable, rUniversal, rUtcTime, rUtf8,
  rVisible, tagHex, type Reader,
} from './reader.js';

/** OCTET STRING from a constructed encoding: the segments' octets, concatenated (a copy). */
export function rOctetsC(r: Reader, s: number, e: number, h: number): Uint8Array {
  return rStringC(r, s, e, h, rOctets);
}

/**
 * A BIT STRING or character string (or time) from a constructed encoding whose content is
 * [s, e) and whose TLV starts at `h`: `read`, the primitive content reader (`rBits` with `x`
 * its named-bits flag, `rUtf8`, …), reads the segments joined into one primitive content.
 * Its errors and deviations are given the offset `h` of the constructed TLV (their own
 * offsets would point into the joined copy).
 */
export function rStringC<T>(r: Reader, s: number, e: number, h: number, read: (r: Reader, s: number, e: number, x: boolean) => T, x = false): T {
  deviation(r, 'constructed-string', h, 'constructed (segmented) string encoding is not DER');
  const bits = read === (rBits as unknown);
  enter(r, h);
  const ranges: number[] = [];
  collect(r, s, e, bits ? 0x03 : 0x04, ranges);
  r.depth--;
  const b = r.b;
  const parts: Uint8Array[] = [];
  if (bits) {
    // Each segment starts with its own unused-bits octet; only the last may be non-zero
    // (X.690 §8.6.4.2). The joined content carries the last one in front.
    let unused = 0;
    parts.push(new Uint8Array(1));
    for (let i = 0; i < ranges.length; i += 2) {
      const ss = ranges[i];
      const se = ranges[i + 1];
      if (ss === se) throw fail('bad-bit-string', ss, 'BIT STRING segment without its unused-bits octet');
      if (unused !== 0) throw fail('bad-bit-string', ss, 'BIT STRING segment after one with unused bits');
      unused = b[ss];
      parts.push(b.subarray(ss + 1, se));
    }
    parts[0][0] = unused;
  } else {
    for (let i = 0; i < ranges.length; i += 2) parts.push(b.subarray(ranges[i], ranges[i + 1]));
  }
  const content = concatBytes(parts);
  const diagnostics: Diagnostic[] = [];
  const sub = newReader(content, { strict: false, diagnostics });
  let v: T;
  try {
    v = read(sub, 0, content.length, x);
  } catch (err) {
    if (err instanceof Asn1DecodeError) throw fail(err.code, h, err.detail);
    throw err;
  }
  for (const d of diagnostics) deviation(r, d.code, h, d.detail);
  return v;
}

/**
 * Appends the content ranges of the primitive segments (tag `unit`) found in [p, e) to
 * `ranges`, descending into constructed segments (tag `unit` | 0x20).
 */
function collect(r: Reader, p: number, e: number, unit: number, ranges: number[]): void {
  while (p < e) {
    hdr(r, p, e);
    const t = r.t;
    const s = r.s;
    const ce = r.e;
    const n = r.n;
    if (t === unit) ranges.push(s, ce);
    else if (t === (unit | 0x20)) {
      enter(r, p);
      collect(r, s, ce, unit, ranges);
      r.depth--;
    } else throw fail('unexpected-tag', p, `expected a segment (tag ${tagHex(unit)} or ${tagHex(unit | 0x20)}), found tag ${tagHex(t)}`);
    p = n;
  }
}

// The readers generated decoders call for the string kinds other than OCTET STRING: the
// content [s, e) of the TLV at `h`, in its primitive or constructed form. One function per
// kind (not one taking the reader as an argument), so that each call site stays monomorphic.
export const sBits = (r: Reader, s: number, e: number, h: number, named: boolean) => (r.b[h] & 32 ? rStringC(r, s, e, h, rBits, named) : rBits(r, s, e, named));
export const sUtf8 = (r: Reader, s: number, e: number, h: number) => (r.b[h] & 32 ? rStringC(r, s, e, h, rUtf8) : rUtf8(r, s, e));
export const sPrintable = (r: Reader, s: number, e: number, h: number) => (r.b[h] & 32 ? rStringC(r, s, e, h, rPrintable) : rPrintable(r, s, e));
export const sNumeric = (r: Reader, s: number, e: number, h: number) => (r.b[h] & 32 ? rStringC(r, s, e, h, rNumeric) : rNumeric(r, s, e));
export const sIa5 = (r: Reader, s: number, e: number, h: number) => (r.b[h] & 32 ? rStringC(r, s, e, h, rIa5) : rIa5(r, s, e));
export const sVisible = (r: Reader, s: number, e: number, h: number) => (r.b[h] & 32 ? rStringC(r, s, e, h, rVisible) : rVisible(r, s, e));
export const sLatin1 = (r: Reader, s: number, e: number, h: number) => (r.b[h] & 32 ? rStringC(r, s, e, h, rLatin1) : rLatin1(r, s, e));
export const sBmp = (r: Reader, s: number, e: number, h: number) => (r.b[h] & 32 ? rStringC(r, s, e, h, rBmp) : rBmp(r, s, e));
export const sUniversal = (r: Reader, s: number, e: number, h: number) => (r.b[h] & 32 ? rStringC(r, s, e, h, rUniversal) : rUniversal(r, s, e));
export const sUtcTime = (r: Reader, s: number, e: number, h: number) => (r.b[h] & 32 ? rStringC(r, s, e, h, rUtcTime) : rUtcTime(r, s, e));
export const sGeneralizedTime = (r: Reader, s: number, e: number, h: number) => (r.b[h] & 32 ? rStringC(r, s, e, h, rGeneralizedTime) : rGeneralizedTime(r, s, e));
