/**
 * ITU-T X.697 JSON encoding rules (JER): the runtime helpers the generated `toJer`/`fromJer`
 * functions share. The mapping, per X.697:
 * - BOOLEAN → true/false; NULL → null; INTEGER → number (a decimal string when a bigint does
 *   not fit a double exactly; both are accepted on input); ENUMERATED → its identifier;
 * - OCTET STRING → hex digits; BIT STRING → `{ "value": hex, "length": bits }`;
 * - OBJECT IDENTIFIER → dotted string; character strings and times → strings;
 * - SEQUENCE/SET → object (absent OPTIONAL members omitted); CHOICE → `{ "alternative": v }`;
 * - SEQUENCE OF / SET OF → array; open types (ANY) → hex of the complete TLV.
 * Unknown extension components are kept under the member `"$unknown"` (an array of hex TLVs),
 * an unknown CHOICE alternative as `{ "$unknown": hex TLV }`: neither name can be an ASN.1
 * identifier, so they never clash with a specification name.
 *
 * @module sgp32/jer
 */
import type { BitString } from '../der/bitstring.js';
import type { JsonValue } from '../der/codec.js';
import { BytesFormatError, fromHex as hexBytes, toHex as hexOf } from '../der/bytes.js';

export type { JsonValue } from '../der/codec.js';

/** A JSON value that does not fit the type at `path`. */
export class JerError extends Error {
  override readonly name = 'JerError';
  readonly code = 'bad-json' as const;
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail} (bad-json)`);
  }
}

/** Lower-case hex of bytes (X.697 §24: OCTET STRING and open types as hex). */
export function toHex(bytes: Uint8Array): string {
  return hexOf(bytes);
}

/** Bytes from hex digits (either case); JerError at `path` otherwise. */
export function fromHex(s: unknown, path: string): Uint8Array {
  if (typeof s === 'string') {
    try {
      return hexBytes(s);
    } catch (err) {
      if (!(err instanceof BytesFormatError)) throw err;
    }
  }
  throw new JerError(path, `expected an even number of hex digits, got ${preview(s)}`);
}

export function preview(v: unknown): string {
  const s = typeof v === 'bigint' ? `${v}n` : JSON.stringify(v);
  if (s === undefined) return typeof v;
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

export function jObject(j: unknown, path: string): Record<string, unknown> {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw new JerError(path, `expected an object, got ${preview(j)}`);
  return j as Record<string, unknown>;
}

export function jArray(j: unknown, path: string): unknown[] {
  if (!Array.isArray(j)) throw new JerError(path, `expected an array, got ${preview(j)}`);
  return j;
}

export function jString(j: unknown, path: string): string {
  if (typeof j !== 'string') throw new JerError(path, `expected a string, got ${preview(j)}`);
  return j;
}

export function jBoolean(j: unknown, path: string): boolean {
  if (typeof j !== 'boolean') throw new JerError(path, `expected true or false, got ${preview(j)}`);
  return j;
}

export function jNull(j: unknown, path: string): null {
  if (j !== null) throw new JerError(path, `expected null, got ${preview(j)}`);
  return null;
}

export function jInteger(j: unknown, path: string): number {
  if (typeof j !== 'number' || !Number.isSafeInteger(j)) throw new JerError(path, `expected an integer, got ${preview(j)}`);
  return j;
}

export function jBigInt(j: unknown, path: string): bigint {
  if (typeof j === 'number' && Number.isSafeInteger(j)) return BigInt(j);
  if (typeof j === 'string' && /^-?(0|[1-9]\d*)$/.test(j)) return BigInt(j);
  throw new JerError(path, `expected an integer, got ${preview(j)}`);
}

/** A bigint as JSON: a number when exact, a decimal string otherwise. */
export function bigIntToJer(v: bigint): JsonValue {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

export function bitsToJer(v: BitString): JsonValue {
  return { value: toHex(v.bytes), length: v.bytes.length * 8 - v.unusedBits };
}

export function jBits(j: unknown, path: string): BitString {
  const o = jObject(j, path);
  const bytes = fromHex(o.value, path + '.value');
  const length = o.length;
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || length > bytes.length * 8 || length <= bytes.length * 8 - 8) {
    throw new JerError(path + '.length', `expected the bit count (${Math.max(0, bytes.length * 8 - 7)}..${bytes.length * 8}), got ${preview(length)}`);
  }
  return { bytes, unusedBits: bytes.length * 8 - length };
}

/** The `$unknown` member of a SEQUENCE/SET as raw TLVs. */
export function jUnknown(j: unknown, path: string): Uint8Array[] {
  return jArray(j, path).map((x, i) => fromHex(x, `${path}[${i}]`));
}

/** Rejects members that are neither known components nor `$unknown`. */
export function jNoExtraMembers(o: Record<string, unknown>, known: ReadonlySet<string>, path: string): void {
  for (const k of Object.keys(o)) {
    if (!known.has(k) && k !== '$unknown') throw new JerError(path, `unknown member ${JSON.stringify(k)}`);
  }
}

/** The single member of a CHOICE object. */
export function jChoice(j: unknown, path: string): [string, unknown] {
  const o = jObject(j, path);
  const keys = Object.keys(o);
  if (keys.length !== 1) throw new JerError(path, `expected an object with exactly one member (the chosen alternative), got ${keys.length}`);
  return [keys[0], o[keys[0]]];
}

/** An ENUMERATED identifier from JSON; `items` are the type's identifiers. */
export function jEnum(j: unknown, path: string, items: { readonly [name: string]: number }): string {
  if (typeof j !== 'string' || !Object.prototype.hasOwnProperty.call(items, j)) {
    throw new JerError(path, `expected one of ${Object.keys(items).join(', ')}, got ${preview(j)}`);
  }
  return j;
}

export { writeJson, jsonArrayWriter } from './stream.js';
export type { TextSink } from './stream.js';
