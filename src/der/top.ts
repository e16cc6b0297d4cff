/**
 * Entry points the generated codecs use for a complete value: reader/writer set-up, the
 * trailing-data check and the outermost path segment.
 *
 * @module
 */
import { Asn1DecodeError, withPath } from './errors.js';
import { newReader, type DecodeOptions, type Reader } from './reader.js';
import { finish, newWriter, type Writer } from './writer.js';

/**
 * Decodes one value with `read`, which reads a complete TLV starting at offset 0 and returns
 * the offset after it.
 */
export function decodeTop<T>(
  bytes: Uint8Array,
  options: DecodeOptions | undefined,
  typeName: string,
  read: (r: Reader, limit: number) => T,
): T {
  const r = newReader(bytes, options);
  let v: T;
  try {
    v = read(r, bytes.length);
  } catch (err) {
    throw withPath(err, typeName);
  }
  if (r.n !== bytes.length && !(options?.allowTrailing ?? false)) {
    throw new Asn1DecodeError('trailing-data', r.n, `${bytes.length - r.n} bytes after the value`).addPath(typeName);
  }
  return v;
}

/** Encodes one value with `write` (which writes a complete TLV) into a fresh buffer. */
export function encodeTop<T>(value: T, typeName: string, write: (w: Writer, v: T) => void): Uint8Array {
  const w = newWriter(256);
  try {
    write(w, value);
  } catch (err) {
    throw withPath(err, typeName);
  }
  return finish(w);
}
