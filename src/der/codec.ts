/**
 * The codec surface every generated type exposes, and the generic functions over it.
 *
 * @module
 */
import type { DecodeOptions, Reader } from './reader.js';
import type { Diagnostic } from './errors.js';
import type { TypeDesc } from './descriptor.js';
import type { Writer } from './writer.js';

/** A JSON value as X.697 JER produces it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What a generated type offers: the four directions between bytes, values and JSON. */
export interface Codec<T> {
  /** The ASN.1 type name, e.g. `EuiccPackageRequest`. */
  readonly typeName: string;
  /** The ASN.1 module that defines it, e.g. `SGP32Definitions`. */
  readonly moduleName: string;
  /**
   * Identifier octets (packed, as in {@link Reader.t}) an encoding of this type can start
   * with; `null` when any tag is possible (open types).
   */
  readonly tags: readonly number[] | null;
  /** The type's descriptor: what JER, the tree view and the registry read. */
  readonly desc: TypeDesc;
  /** Decodes one complete value; throws only `Asn1DecodeError` on bad bytes. */
  decode(bytes: Uint8Array, options?: DecodeOptions): T;
  /**
   * Decodes the value whose TLV starts at `start` and ends at `end` inside `bytes`, without
   * copying: offsets in errors, diagnostics and `encodedBytesOf` stay absolute (positions in
   * `bytes`), and OCTET STRING values are views of `bytes`. Bytes between the value and `end`
   * are a `trailing-data` error unless `options.allowTrailing`.
   * @throws RangeError when `start`/`end` are not offsets with 0 <= start <= end <= bytes.length.
   * @example
   * ```ts
   * // a StoreMetadataRequest found at [h, n) by a reader of the enclosing package
   * const metadata = Rsp.StoreMetadataRequest.decodeAt(bpp, h, n);
   * ```
   */
  decodeAt(bytes: Uint8Array, start: number, end: number, options?: DecodeOptions): T;
  /** Encodes in DER; throws `Asn1EncodeError` when the value breaks its type. */
  encode(value: T): Uint8Array;
  /** The X.697 JSON form of a value. */
  toJer(value: T): JsonValue;
  /** A value from its X.697 JSON form; throws `JerError` with the path of the bad member. */
  fromJer(json: unknown): T;
}

/**
 * A codec the compiler generated: a {@link Codec}, plus (internal, not in the public types)
 * the functions other generated modules call.
 */
export interface GeneratedCodec<T> extends Codec<T> {
  /** @internal The content (or, for CHOICE and open types, TLV) decoder other generated modules call. */
  $d(r: Reader, t: number, s: number, e: number, h: number): T;
  /** @internal The matching encoder (method syntax: a `Codec<T>` is usable as a `Codec<unknown>`). */
  $e(w: Writer, v: T): void;
}

/**
 * @internal A generated decoder: reads the value whose header the caller has read (tag `t`,
 * content `s`..`e`, TLV start `h`).
 */
export type DecodeFn<T> = (r: Reader, t: number, s: number, e: number, h: number) => T;
/** @internal A generated encoder: writes the value back to front. */
export type EncodeFn<T> = (w: Writer, v: T) => void;

/** Decodes `bytes` as `codec`'s type. Same as `codec.decode(bytes, options)`. */
export function decode<T>(codec: Codec<T>, bytes: Uint8Array, options?: DecodeOptions): T {
  return codec.decode(bytes, options);
}

/** Encodes `value` as `codec`'s type in DER. Same as `codec.encode(value)`. */
export function encode<T>(codec: Codec<T>, value: T): Uint8Array {
  return codec.encode(value);
}

/** Decodes leniently (BER accepted) and returns the value with every deviation from DER. */
export function decodeLenient<T>(
  codec: Codec<T>,
  bytes: Uint8Array,
  options?: Omit<DecodeOptions, 'strict' | 'diagnostics'>,
): { value: T; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const value = codec.decode(bytes, { ...options, strict: false, diagnostics });
  return { value, diagnostics };
}
