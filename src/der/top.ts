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

/**
 * Starting buffer size per encoder: the size of the last value it wrote, plus an eighth. The
 * writer doubles its buffer when full, copying what it holds; sizing the first buffer from
 * the previous encoding of the same type avoids those copies for the repeated encodes of a
 * server (and the final copy of a mostly empty buffer). Only a hint: any size still works.
 */
const sizeHints = /*@__PURE__*/ new WeakMap<object, number>();
const MAX_HINT = 1 << 20;

/** Encodes one value with `write` (which writes a complete TLV) into a fresh buffer. */
export function encodeTop<T>(value: T, typeName: string, write: (w: Writer, v: T) => void): Uint8Array {
  const hint = sizeHints.get(write) ?? 256;
  const w = newWriter(hint);
  try {
    write(w, value);
  } catch (err) {
    throw withPath(err, typeName);
  }
  const n = w.b.length - w.p;
  const want = Math.min(n + (n >>> 3) + 16, MAX_HINT);
  if (n > hint || want < hint >>> 2) sizeHints.set(write, want);
  return finish(w);
}
