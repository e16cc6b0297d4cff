/**
 * `sgp32/der`: the DER/BER runtime on its own, for tools that walk encodings without a schema.
 *
 * For people: {@link readHeader} (named fields; strict, lenient and partial modes) and
 * {@link children} read TLVs; {@link tlv}, {@link integer}, {@link oid} and {@link lengthOf}
 * write them; the bytes helpers ({@link toHex}, {@link fromBase64}, {@link readPem}, …) convert
 * between bytes and text. The `newReader`/`hdr`/`newWriter` functions are the low-level runtime
 * the generated codecs run on.
 * @module sgp32/der
 */
export * from './errors.js';
export { readHeader, tryReadHeader, children, contentOf, readOid, needsMore, peekTag, tagLength, tagFields } from './header.js';
export type { TagClass, TagFields, HeaderMode, HeaderOptions, TlvHeader, OpenTlvHeader, NeedMoreBytes, PartialHeader } from './header.js';
export { tlv, lengthOf, integer, oid } from './build.js';
export * from './bytes.js';
export { newReader, hdr, encodedBytesOf, compareEncodings } from './reader.js';
export type { Reader, DecodeOptions } from './reader.js';
export { newWriter, finish, mark, wHeader, wBytes, wByte, wLen, wTag } from './writer.js';
export type { Writer } from './writer.js';
export * from './bitstring.js';
export * from './codec.js';
