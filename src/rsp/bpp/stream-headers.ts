/**
 * The streaming opener's view of TLV headers: the partial mode of the DER toolkit's header
 * reader (X.690 §8.1.2–§8.1.3), which says "need more bytes" instead of failing at the end of
 * what has arrived, with the Bound Profile Package's rule that lengths are definite.
 *
 * @module
 */
import { Asn1DecodeError } from '../../der/errors.js';
import { needsMore, readHeader } from '../../der/header.js';

/** Outcome of {@link parseHeader}. */
export type HeaderResult =
  | { readonly status: 'more' }
  | { readonly status: 'error'; readonly detail: string }
  | {
      readonly status: 'ok';
      /** Identifier octets packed big-endian (`0xBF36`). */
      readonly tag: number;
      /** Bytes of tag and length. */
      readonly headerLength: number;
      /** Content length. */
      readonly length: number;
      /** False when the length is in a longer form than needed. */
      readonly minimal: boolean;
    };

const MORE: HeaderResult = { status: 'more' };

/** Reads one identifier + definite length at `p` (`end` = bytes available). */
export function parseHeader(b: Uint8Array, p: number, end: number): HeaderResult {
  let h;
  try {
    h = readHeader(b, p, { mode: 'partial', end });
  } catch (err) {
    if (err instanceof Asn1DecodeError) return { status: 'error', detail: err.detail };
    throw err;
  }
  if (needsMore(h)) return MORE;
  if (h.indefinite) return { status: 'error', detail: 'indefinite length (not supported in a Bound Profile Package)' };
  return { status: 'ok', tag: h.tag, headerLength: h.headerLength, length: h.length, minimal: h.minimal };
}

/**
 * Reads TLV headers from bytes that arrive in pieces: a header cut by the end of a piece is
 * kept (it is at most nine bytes, see the partial mode) and completed from the next piece.
 * The one place the scanner and the opener carry a header across pieces.
 */
export interface HeaderCarry {
  /**
   * Reads the header that starts at `at` in `chunk`, or goes on with the one kept from earlier
   * pieces. `ok`: the header is complete ({@link HeaderCarry.used} of its bytes came from this
   * piece; {@link HeaderCarry.carried} holds it all when part came from earlier ones). `more`:
   * the rest of the piece was kept. `error`: the header is malformed (the stream cannot be
   * followed further).
   */
  read(chunk: Uint8Array, at: number): HeaderResult;
  /** Bytes of the piece the last {@link HeaderCarry.read} took. */
  readonly used: number;
  /** Bytes kept of a header not complete yet (0 between headers). */
  readonly pending: number;
  /**
   * After an `ok` read that completed a kept header: the whole header (a view, valid until
   * the next read). Undefined when the header lay whole in the piece, where it can be viewed.
   */
  readonly carried: Uint8Array | undefined;
}

/** Creates a {@link HeaderCarry} with nothing kept. */
export function createHeaderCarry(): HeaderCarry {
  const head = new Uint8Array(12);
  // Plain data fields rather than getters: the opener reads them once per TLV.
  const carry = {
    used: 0,
    pending: 0,
    carried: undefined as Uint8Array | undefined,
    read(chunk: Uint8Array, at: number): HeaderResult {
      carry.carried = undefined;
      if (carry.pending === 0) {
        // Read where it lies when the piece holds it whole.
        const h = parseHeader(chunk, at, chunk.length);
        if (h.status === 'more') {
          head.set(chunk.subarray(at), 0);
          carry.pending = carry.used = chunk.length - at;
        } else carry.used = h.status === 'ok' ? h.headerLength : 0;
        return h;
      }
      // Completed a byte at a time: the first complete prefix is the header.
      let n = carry.pending;
      let i = at;
      while (i < chunk.length) {
        head[n++] = chunk[i++];
        let h = parseHeader(head, 0, n);
        if (h.status === 'more') {
          if (n < head.length) continue;
          h = { status: 'error', detail: 'TLV header too long' };
        }
        carry.used = i - at;
        if (h.status === 'ok') carry.carried = head.subarray(0, n);
        carry.pending = 0;
        return h;
      }
      carry.used = i - at;
      carry.pending = n;
      return MORE;
    },
  };
  return carry;
}

/**
 * Follows the top-level TLVs of a byte stream fed in pieces (the decrypted profile) without
 * keeping more than one header: detects a stream that ends inside a TLV or holds a malformed
 * header.
 */
export interface TlvScanner {
  /** Feeds bytes; returns an error detail at the first malformed header. */
  feed(bytes: Uint8Array): string | undefined;
  /** True when the bytes so far end exactly at a TLV boundary. */
  atBoundary(): boolean;
  /** Number of complete top-level TLVs so far. */
  readonly count: number;
  /** Tag of the last top-level TLV whose header was read (-1 before the first). */
  readonly lastTag: number;
  /** True after a malformed header (the stream can no longer be followed). */
  readonly failed: boolean;
}

/** Creates a {@link TlvScanner} at the start of a stream. */
export function createTlvScanner(): TlvScanner {
  const carry = createHeaderCarry();
  let skip = 0;
  let count = 0;
  let offset = 0;
  let lastTag = -1;
  let error: string | undefined;
  return {
    feed(bytes: Uint8Array): string | undefined {
      if (error !== undefined) return error;
      let i = 0;
      while (i < bytes.length) {
        if (skip > 0) {
          const n = Math.min(skip, bytes.length - i);
          skip -= n;
          i += n;
          offset += n;
          if (skip === 0) count++;
          continue;
        }
        const start = offset - carry.pending;
        const h = carry.read(bytes, i);
        i += carry.used;
        offset += carry.used;
        if (h.status === 'more') continue;
        if (h.status === 'error') {
          error = `${h.detail} at offset ${start}`;
          return error;
        }
        lastTag = h.tag;
        skip = h.length;
        if (skip === 0) count++;
      }
      return undefined;
    },
    atBoundary: () => error === undefined && carry.pending === 0 && skip === 0,
    get count() {
      return count;
    },
    get lastTag() {
      return lastTag;
    },
    get failed() {
      return error !== undefined;
    },
  };
}
