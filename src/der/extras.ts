/**
 * Smaller runtime pieces the generated codecs share: ENUMERATED, open types, multi-interval
 * constraints, 1-octet string writers, DEFAULT comparison.
 *
 * @module
 */
import { Asn1DecodeError, Asn1EncodeError } from './errors.js';
import { fail, hdr, newReader, rInt, rRawTlv, view, type Reader } from './reader.js';
import { isIa5Char, isLatin1Char, isNumericChar, isPrintableChar, isVisibleChar, wBytes, wChars, wInt, type Writer } from './writer.js';
import { equalBytes, fromHex } from './bytes.js';

/**
 * A closed interval of a SIZE or value-range constraint; bounds are numbers (±Infinity for
 * MIN/MAX) or bigints. Generated code passes lists of them to the checks below; the compiler's
 * model uses the same type.
 */
export type Interval = readonly [number | bigint, number | bigint];

/**
 * An ENUMERATED type: its descriptor (`k`, `n`, `x`) and the two look-ups its decoder and
 * encoder use, built once when the generated module is loaded.
 */
export interface EnumTable<N extends { readonly [name: string]: number } = { readonly [name: string]: number }> {
  readonly k: 'enum';
  /** The items: identifier → number. */
  readonly n: N;
  /** The type has an extension marker. */
  readonly x?: 1;
  readonly names: ReadonlyMap<number, string>;
  readonly values: ReadonlyMap<string, number>;
}

/** The table of an ENUMERATED type (generated code calls it once per type, at load). */
export function enumTable<N extends { readonly [name: string]: number }>(n: N, x?: 1): EnumTable<N> {
  const entries = Object.entries(n);
  return { k: 'enum', n, ...(x ? { x } : {}), names: new Map(entries.map(([k, v]) => [v, k])), values: new Map(entries) };
}

export function rEnum(r: Reader, s: number, e: number, table: EnumTable): never | string {
  const n = rInt(r, s, e);
  const name = table.names.get(n);
  if (name === undefined) throw fail('bad-enumerated', s, `ENUMERATED value ${n} is not one of ${[...table.values.keys()].join(', ')}`);
  return name;
}

export function wEnum(w: Writer, v: string, table: EnumTable): void {
  const n = table.values.get(v);
  if (n === undefined) throw new Asn1EncodeError('bad-value', `${JSON.stringify(v)} is not one of ${[...table.values.keys()].join(', ')}`);
  wInt(w, n);
}

/** The complete TLV at `h` (open types keep their encoding as is). */
export function rTlv(r: Reader, h: number): Uint8Array {
  return rRawTlv(r, h, r.b.length);
}

/** Writes an open-type value: it must be exactly one well-formed DER TLV. */
export function wTlv(w: Writer, v: Uint8Array): void {
  if (!(v instanceof Uint8Array)) throw new Asn1EncodeError('bad-value', 'expected the encoding of a value (Uint8Array)');
  const r = newReader(v);
  try {
    hdr(r, 0, v.length);
  } catch (err) {
    if (err instanceof Asn1DecodeError) throw new Asn1EncodeError('bad-value', `open type value is not a TLV: ${err.detail}`);
    throw err;
  }
  if (r.n !== v.length) throw new Asn1EncodeError('bad-value', `open type value has ${v.length - r.n} bytes after its TLV`);
  wBytes(w, v);
}

function inIntervals(n: number | bigint, ivs: readonly Interval[]): boolean {
  for (const [a, b] of ivs) if (n >= a && n <= b) return true;
  return false;
}

function ivText(ivs: readonly Interval[]): string {
  return ivs.map(([a, b]) => (a === b ? String(a) : `${a === -Infinity ? 'MIN' : a}..${b === Infinity ? 'MAX' : b}`)).join(' | ');
}

export function sizeIn(n: number, ivs: readonly Interval[], offset: number, what = 'length'): void {
  if (!inIntervals(n, ivs)) throw fail('constraint', offset, `${what} ${n} outside SIZE(${ivText(ivs)})`);
}

export function valueIn(v: number | bigint, ivs: readonly Interval[], offset: number): void {
  if (!inIntervals(v, ivs)) throw fail('constraint', offset, `value ${v} outside (${ivText(ivs)})`);
}

export function sizeInEnc(n: number, ivs: readonly Interval[], what = 'length'): void {
  if (!inIntervals(n, ivs)) throw new Asn1EncodeError('constraint', `${what} ${n} outside SIZE(${ivText(ivs)})`);
}

export function valueInEnc(v: number | bigint, ivs: readonly Interval[]): void {
  if (typeof v !== 'number' && typeof v !== 'bigint') throw new Asn1EncodeError('bad-value', `expected an integer, got ${typeof v}`);
  if (!inIntervals(v, ivs)) throw new Asn1EncodeError('constraint', `value ${v} outside (${ivText(ivs)})`);
}

/**
 * {@link sizeInEnc} for a constraint of one interval `[a, b]` (the common case): the same
 * check and message, without a list of intervals built on every call.
 */
export function sizeRangeEnc(n: number, a: number | bigint, b: number | bigint, what = 'length'): void {
  if (!(n >= a && n <= b)) throw new Asn1EncodeError('constraint', `${what} ${n} outside SIZE(${ivText([[a, b]])})`);
}

/** {@link valueInEnc} for a constraint of one interval `[a, b]`. */
export function valueRangeEnc(v: number | bigint, a: number | bigint, b: number | bigint): void {
  if (typeof v !== 'number' && typeof v !== 'bigint') throw new Asn1EncodeError('bad-value', `expected an integer, got ${typeof v}`);
  if (!(v >= a && v <= b)) throw new Asn1EncodeError('constraint', `value ${v} outside (${ivText([[a, b]])})`);
}

export function wNull(v: null): void {
  if (v !== null) throw new Asn1EncodeError('bad-value', `expected null, got ${typeof v}`);
}

export const wPrintable = (w: Writer, v: string): void => wChars(w, v, isPrintableChar, 'PrintableString');
export const wNumeric = (w: Writer, v: string): void => wChars(w, v, isNumericChar, 'NumericString');
export const wIa5 = (w: Writer, v: string): void => wChars(w, v, isIa5Char, 'IA5String');
export const wVisible = (w: Writer, v: string): void => wChars(w, v, isVisibleChar, 'VisibleString');
export const wLatin1 = (w: Writer, v: string): void => wChars(w, v, isLatin1Char, 'string');

/**
 * Number of characters of a UTF8String or UniversalString value for its SIZE constraint: code
 * points, so a character outside the BMP (two UTF-16 code units) counts once (X.680 §51.5).
 */
export function charCount(v: string): number {
  let n = v.length;
  for (let i = 0; i < v.length - 1; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = v.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * {@link charCount} of a UTF8String just decoded from `octets` content octets: when the string
 * has as many UTF-16 code units as there were octets, every octet was ASCII (any other
 * character takes more octets than code units), so the count is known without a scan.
 */
export function utf8Count(v: string, octets: number): number {
  return v.length === octets ? octets : charCount(v);
}

/** Bytes of a hex literal in generated code (DEFAULT values). */
export function hexBytes(hex: string): Uint8Array {
  return fromHex(hex);
}

/** Structural equality of decoded values (for DEFAULT handling). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return equalBytes(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (const k of ka) if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
    return true;
  }
  return false;
}
