/**
 * BIT STRING values: the content bytes and the number of unused bits in the last byte
 * (X.690 §8.6). Named-bit types (X.680 §22) export their bit numbers; these helpers convert
 * between names and values. Bit 0 is the most significant bit of the first byte.
 *
 * @module
 */
import { Asn1EncodeError } from './errors.js';
import { fail, deviation, view, type Reader } from './reader.js';
import { wByte, wBytes, type Writer } from './writer.js';

export interface BitString {
  readonly bytes: Uint8Array;
  /** 0..7; 0 when `bytes` is empty. */
  readonly unusedBits: number;
}

/** Number of bits in the value. */
export function bitLength(v: BitString): number {
  return v.bytes.length * 8 - v.unusedBits;
}

/** Whether bit `n` is set (bits past the end read as 0). */
export function hasBit(v: BitString, n: number): boolean {
  if (n < 0 || n >= bitLength(v)) return false;
  return (v.bytes[n >> 3] & (0x80 >> (n & 7))) !== 0;
}

/**
 * The value with exactly the given bits set, in the DER form of a named-bit type: as short as
 * possible, trailing zero bits removed (X.690 §11.2.2).
 */
export function bitStringOf(bits: readonly number[]): BitString {
  let max = -1;
  for (const b of bits) {
    if (!Number.isInteger(b) || b < 0) throw new RangeError(`bits: expected non-negative integers, got ${b}`);
    if (b > max) max = b;
  }
  const len = max + 1;
  const bytes = new Uint8Array((len + 7) >> 3);
  for (const b of bits) bytes[b >> 3] |= 0x80 >> (b & 7);
  return { bytes, unusedBits: (8 - (len & 7)) & 7 };
}

/** The set bits of a value, ascending. */
export function bitsOf(v: BitString): number[] {
  const out: number[] = [];
  const n = bitLength(v);
  for (let i = 0; i < n; i++) if (v.bytes[i >> 3] & (0x80 >> (i & 7))) out.push(i);
  return out;
}

/** The names of the set bits of a named-bit value; bits without a name appear as numbers. */
export function bitNames(v: BitString, named: Readonly<Record<string, number>>): (string | number)[] {
  const byNumber = new Map<number, string>();
  for (const [k, n] of Object.entries(named)) byNumber.set(n, k);
  return bitsOf(v).map((b) => byNumber.get(b) ?? b);
}

/** The DER value of a named-bit type with the named bits set. */
export function bitStringFromNames(names: readonly string[], named: Readonly<Record<string, number>>): BitString {
  return bitStringOf(
    names.map((n) => {
      const b = named[n];
      if (b === undefined) throw new RangeError(`names: unknown bit name ${JSON.stringify(n)}`);
      return b;
    }),
  );
}

/**
 * BIT STRING content reader. `namedBits` selects the DER rule for named-bit types: no trailing
 * zero bits (X.690 §11.2.2).
 */
export function rBits(r: Reader, s: number, e: number, namedBits: boolean): BitString {
  if (e === s) throw fail('bad-bit-string', s, 'BIT STRING without its unused-bits octet');
  const unused = r.b[s];
  if (unused > 7) throw fail('bad-bit-string', s, `BIT STRING with ${unused} unused bits`);
  if (e - s === 1 && unused !== 0) throw fail('bad-bit-string', s, 'empty BIT STRING with unused bits');
  let bytes = view(r, s + 1, e);
  // A lenient read returns the value DER would carry (the one rule of lenient mode: what is
  // read leniently is normalised to DER), so encode writes exactly what a strict decode of its
  // output gives back. Copies are made only on these deviation paths.
  if (unused !== 0 && (bytes[bytes.length - 1] & ((1 << unused) - 1)) !== 0) {
    deviation(r, 'bad-bit-string', e - 1, 'unused bits of a BIT STRING are not zero');
    bytes = bytes.slice();
    bytes[bytes.length - 1] &= (0xff << unused) & 0xff;
  }
  if (namedBits && bytes.length > 0) {
    const last = bytes[bytes.length - 1];
    if (((last >> unused) & 1) === 0) {
      deviation(r, 'bad-bit-string', e - 1, 'named-bit BIT STRING with trailing zero bits');
      return bitStringOf(bitsOf({ bytes, unusedBits: unused }));
    }
  }
  return { bytes, unusedBits: unused };
}

function isBitString(v: unknown): v is BitString {
  return typeof v === 'object' && v !== null && (v as BitString).bytes instanceof Uint8Array && Number.isInteger((v as BitString).unusedBits);
}

/** BIT STRING content writer; named-bit types are written in their minimal DER form. */
export function wBits(w: Writer, v: BitString, namedBits: boolean): void {
  if (!isBitString(v) || v.unusedBits < 0 || v.unusedBits > 7 || (v.bytes.length === 0 && v.unusedBits !== 0)) {
    throw new Asn1EncodeError('bad-value', 'expected a BitString { bytes, unusedBits 0..7 }');
  }
  let bytes = v.bytes;
  let unused = v.unusedBits;
  if (namedBits) {
    // Minimal DER form without trailing zero bits (X.690 §11.2.2), the same octets as
    // bitStringOf(bitsOf(v)) but written in place: find the last set bit, then write the
    // octets up to it, the last one with the bits after it cleared.
    let k = bytes.length - 1;
    let last = k >= 0 ? bytes[k] & (0xff << unused) & 0xff : 0;
    while (k >= 0 && last === 0) {
      k--;
      last = k >= 0 ? bytes[k] : 0;
    }
    if (k < 0) {
      wByte(w, 0);
      return;
    }
    let tz = 0;
    while ((last & (1 << tz)) === 0) tz++;
    wByte(w, last);
    for (let i = k - 1; i >= 0; i--) wByte(w, bytes[i]);
    wByte(w, tz);
    return;
  } else if (unused !== 0 && (bytes[bytes.length - 1] & ((1 << unused) - 1)) !== 0) {
    // DER requires the unused bits to be zero (X.690 §11.2.1).
    const copy = bytes.slice();
    copy[copy.length - 1] &= 0xff << unused;
    bytes = copy;
  }
  wBytes(w, bytes);
  wByte(w, unused);
}
