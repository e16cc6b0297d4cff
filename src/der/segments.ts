/**
 * Constructed (segmented) strings. BER lets a sender cut the content of a BIT STRING, an
 * OCTET STRING or a character string into segments, each itself a string TLV of the universal
 * type (X.690 §8.6.4, §8.7.3, §8.23.6: OCTET STRING segments for the character strings), with
 * definite or indefinite lengths and nested to any depth; DER forbids the constructed form
 * (§10.2). Strict mode refuses it (`constructed-string`); lenient mode reports it once and
 * returns the value the primitive DER encoding carries, so that `encode` writes that encoding
 * (the one rule of lenient mode: what was read leniently is normalised to DER).
 *
 * Generated decoders call these only when the identifier octet at `h` has its constructed bit
 * set, so DER input never comes here.
 *
 * @module
 */
import { concatBytes } from './bytes.js';
import { Asn1DecodeError, type Diagnostic } from './errors.js';
import { rBits } from './bitstring.js';
import { deviation, enter, fail, hdr, newReader, rOctets, tagHex, type Reader } from './reader.js';

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
