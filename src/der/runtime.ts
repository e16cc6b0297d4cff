/**
 * The one runtime surface generated codecs import. Versioned with the package: generated files
 * and this module always ship together.
 *
 * @module
 */
export type { BitString } from './bitstring.js';
export type { DecodeOptions, Reader } from './reader.js';
export type { Writer } from './writer.js';
export type { JsonValue } from './codec.js';
export { Asn1EncodeError, withPath } from './errors.js';
export { bitLength, rBits, wBits } from './bitstring.js';
export {
  compareEncodings, deviation, enter, fail, hdr, keepEncoded, missing, rangeCheck, rBigInt, rBmp, rBool, rGeneralizedTime,
  rIa5, rInt, rLatin1, rNull, rNumeric, rOctets, rOid, rPrintable, rRelOid, rUnknown, rUniversal, rUtcTime, rUtf8, rVisible,
  setOrder, sizeCheck, unexpected,
} from './reader.js';
export {
  mark, wBigInt, wBmp, wBool, wGeneralizedTime, wHeader, wInt, wOctets, wOid, wRelOid, wSetOf, wUnknown, wUniversal, wUtcTime, wUtf8,
} from './writer.js';
export {
  charCount, utf8Count, deepEqual, hexBytes, jEnum, rEnum, rTlv, sizeIn, sizeInEnc, sizeRangeEnc, valueIn, valueInEnc, valueRangeEnc, wEnum, wIa5, wLatin1, wNull, wNumeric,
  wPrintable, wTlv, wVisible,
} from './extras.js';
export { decodeTop, encodeTop } from './top.js';
export {
  JerError, bigIntToJer, bitsToJer, fromHex, jArray, jBigInt, jBits, jBoolean, jChoice, jInteger, jNoExtraMembers, jNull, jObject,
  jString, jUnknown, toHex,
} from '../jer/index.js';
