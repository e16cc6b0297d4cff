/**
 * The codec surface every generated type exposes, and the generic functions over it.
 *
 * @module
 */
import type { DecodeOptions } from './reader.js';
import type { Diagnostic } from './errors.js';

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
  /** Decodes one complete value; throws only `Asn1DecodeError` on bad bytes. */
  decode(bytes: Uint8Array, options?: DecodeOptions): T;
  /** Encodes in DER; throws `Asn1EncodeError` when the value breaks its type. */
  encode(value: T): Uint8Array;
  /** The X.697 JSON form of a value. */
  toJer(value: T): JsonValue;
  /** A value from its X.697 JSON form; throws `JerError` with the path of the bad member. */
  fromJer(json: unknown): T;
}

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
