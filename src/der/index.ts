/**
 * `sgp32/der`: the DER/BER runtime on its own — TLV reading and writing, errors, bit strings —
 * for tools that walk encodings without a schema.
 * @module sgp32/der
 */
export * from './errors.js';
export { newReader, hdr, tagHex, encodedBytesOf, compareEncodings } from './reader.js';
export type { Reader, DecodeOptions } from './reader.js';
export { newWriter, finish, mark, wHeader, wBytes, wByte, wLen, wTag } from './writer.js';
export type { Writer } from './writer.js';
export * from './bitstring.js';
export * from './codec.js';
