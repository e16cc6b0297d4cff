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
 * Decodes one value with `read`, which reads the complete TLV starting at `start` (an absolute
 * offset into `bytes`) that must end by `end`, and leaves the offset after it in `r.n`.
 * Offsets in errors and diagnostics stay absolute. `a` and `b` are passed on to `read` (the
 * codec builder passes a type's shape and generated decoder, constants where it is inlined).
 */
export function decodeTop<T, A = undefined, B = undefined>(
  bytes: Uint8Array,
  options: DecodeOptions | undefined,
  typeName: string,
  read: (r: Reader, start: number, limit: number, a: A, b: B) => T,
  start = 0,
  end = bytes.length,
  a?: A,
  b?: B,
): T {
  const r = newReader(bytes, options);
  let v: T;
  try {
    v = read(r, start, end, a as A, b as B);
  } catch (err) {
    throw withPath(err, typeName);
  }
  if (r.n !== end && !(options?.allowTrailing ?? false)) throw trailingData(r.n, end, typeName);
  return v;
}

/** The error for bytes between the end of a top-level value at `n` and `end`. */
export function trailingData(n: number, end: number, typeName: string): Asn1DecodeError {
  return new Asn1DecodeError('trailing-data', n, `${end - n} bytes after the value`).addPath(typeName);
}

/**
 * One writer reused by every top-level encode: encoders write into it, and the result is one
 * exact-size copy, so an encode allocates its output and nothing else (no first buffer sized
 * by guess, no doubling copies for the repeated encodes of a server). `busy` guards against a
 * nested top-level encode (an encoder calling another codec's `encode`), which gets a writer
 * of its own. After each encode the octets written are zeroed, so the shared buffer never
 * keeps a copy of encoded data (keys in a profile, for instance) beyond the call.
 */
let scratch: Writer | undefined;
let busy = false;
/** Scratch buffers that grew beyond this are dropped after use rather than kept. */
const MAX_SCRATCH = 1 << 20;

/** Encodes one value with `write` (which writes a complete TLV; `a`, `b` passed on) into a fresh buffer. */
export function encodeTop<T, A = undefined, B = undefined>(value: T, typeName: string, write: (w: Writer, v: T, a: A, b: B) => void, a?: A, b?: B): Uint8Array {
  if (busy) {
    const own = newWriter(256);
    try {
      write(own, value, a as A, b as B);
    } catch (err) {
      throw withPath(err, typeName);
    }
    return finish(own);
  }
  const w = (scratch ??= newWriter(4096));
  w.p = w.b.length;
  busy = true;
  let out: Uint8Array;
  try {
    write(w, value, a as A, b as B);
    out = w.b.slice(w.p);
  } catch (err) {
    throw withPath(err, typeName);
  } finally {
    w.b.fill(0, w.p);
    if (w.b.length > MAX_SCRATCH) scratch = undefined;
    busy = false;
  }
  return out;
}
