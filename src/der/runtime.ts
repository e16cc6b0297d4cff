/**
 * The one runtime surface generated codecs import (the codec builder aside, which is in
 * src/jer/codec.ts). Versioned with the package: generated files and this module always ship
 * together.
 *
 * @module
 */
import { Asn1EncodeError, type Asn1DecodeError } from './errors.js';
import { hdrLong, missing, unexpected, type Reader } from './reader.js';
import { withPath } from './errors.js';
import { propertyName } from './descriptor.js';

export type { BitString } from './bitstring.js';
export type { DecodeOptions, Reader } from './reader.js';
export type { Writer } from './writer.js';
export type { JsonValue } from './codec.js';
export type { ModuleEntry } from './registry.js';
export { createRegistry } from './registry.js';
export { decodeTop, encodeTop } from './top.js';
export { withPath } from './errors.js';
export { bitLength, rBits, wBits } from './bitstring.js';
export {
  rOctetsC, rStringC, sBits, sBmp, sGeneralizedTime, sIa5, sLatin1, sNumeric, sPrintable, sUniversal, sUtcTime, sUtf8, sVisible,
} from './segments.js';
export {
  deviation, enter, fail, hdr, hdrLong, keepEncoded, missing, rangeCheck, rBigInt, rBmp, rBool, rGeneralizedTime,
  rIa5, rInt, rLatin1, rNull, rNumeric, rOid, rPrintable, rRelOid, rUnknown, rUniversal, rUtcTime, rUtf8, rVisible,
  setOrder, sizeCheck, unexpected,
} from './reader.js';
export {
  mark, wBigInt, wBmp, wBool, wGeneralizedTime, wHeader, wInt, wOctets, wOid, wRelOid, wSetOf, wUnknown, wUniversal, wUtcTime, wUtf8,
} from './writer.js';
export {
  charCount, utf8Count, deepEqual, enumTable, hexBytes, rEnum, rTlv, sizeIn, sizeInEnc, sizeRangeEnc, valueIn, valueInEnc, valueRangeEnc, wEnum, wIa5, wLatin1, wNull, wNumeric,
  wPrintable, wTlv, wVisible,
} from './extras.js';

/**
 * Adds the name of member `i` of `names` to the path of an error unwinding through a
 * SEQUENCE/SET/CHOICE coder (nothing when `i` is -1, before the first member, or when the
 * error is that of a header {@link hdrNext} could not read). `names` may be in ASN.1 spelling
 * (generated code keeps one table for messages and paths): the path has the property name.
 */
export function withMember(err: unknown, names: readonly string[], i: number): unknown {
  if (unmatched.delete(err as object)) return err;
  return withPath(err, i < 0 ? '' : propertyName(names[i]));
}

/** Errors of headers read by {@link hdrNext}, until the SEQUENCE that read them adds no name. */
const unmatched = /*@__PURE__*/ new WeakSet<object>();

/**
 * {@link hdrLong} for the next TLV of a SEQUENCE or SET, before its tag is matched to a
 * component (the tag is returned): a header that cannot be read belongs to no component (it
 * may be an unknown one), so the path of its error ends at the SEQUENCE, whose component
 * index is not added. Generated SEQUENCE decoders call it once their in-line read of a short
 * header has failed.
 */
export function hdrNext(r: Reader, p: number, e: number): number {
  try {
    hdrLong(r, p, e);
    return r.t;
  } catch (err) {
    if (typeof err === 'object' && err !== null) unmatched.add(err);
    throw err;
  }
}

/** A decoded value under construction: the readonly value type, writable. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A mandatory SEQUENCE component that is not there: the TLV at `p` has another tag (when
 * `p < e`), or the SEQUENCE ends first.
 */
export function absent(r: Reader, p: number, e: number, t: number, name: string, expected: string | number): Asn1DecodeError {
  return p < e ? unexpected(r, p, t, expected) : missing(p, name, expected);
}

/** A value of the wrong kind for an encoder (`expected an object, got string`). */
export function badValue(what: string, v: unknown): Asn1EncodeError {
  return new Asn1EncodeError('bad-value', `expected ${what}, got ${typeof v}`);
}

/** A SEQUENCE/SET/CHOICE value that is not an object. */
export function notObject(v: unknown): Asn1EncodeError {
  return badValue('an object', v);
}

/** A CHOICE value whose `$case` names no alternative. */
export function badChoice(v: unknown): Asn1EncodeError {
  return new Asn1EncodeError('bad-choice', `unknown alternative ${JSON.stringify((v as { $case: unknown }).$case)}`);
}

/** A mandatory component missing from a value to encode. */
export function missingEnc(name: string): Asn1EncodeError {
  return new Asn1EncodeError('missing-component', `component ${name} is missing`);
}
