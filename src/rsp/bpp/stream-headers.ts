/**
 * The streaming opener's view of TLV headers: the partial mode of the DER toolkit's header
 * reader (X.690 §8.1.2–§8.1.3), which says "need more bytes" instead of failing at the end of
 * what has arrived, with the Bound Profile Package's rule that lengths are definite.
 *
 * @module
 */
import { Asn1DecodeError } from '../../der/errors.js';
import { needsMore, readHeader } from '../../der/header.js';
import { tagHex } from '../../der/reader.js';

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

/** Formats a packed tag as hex (`BF36`). */
export const tagName = tagHex;

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
  const head = new Uint8Array(12);
  let headLen = 0;
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
        // A header read where it lies when this piece holds it whole; otherwise carried over
        // in `head` a byte at a time (it is at most nine bytes).
        let h: HeaderResult;
        if (headLen === 0) {
          h = parseHeader(bytes, i, bytes.length);
          if (h.status === 'more') {
            head.set(bytes.subarray(i), 0);
            headLen = bytes.length - i;
            offset += headLen;
            i = bytes.length;
            continue;
          }
          if (h.status === 'ok') {
            i += h.headerLength;
            offset += h.headerLength;
          }
        } else {
          head[headLen++] = bytes[i++];
          offset++;
          h = parseHeader(head, 0, headLen);
          if (h.status === 'more') {
            if (headLen === head.length) {
              error = `header at offset ${offset - headLen} too long`;
              return error;
            }
            continue;
          }
        }
        if (h.status === 'error') {
          error = `${h.detail} at offset ${offset - headLen}`;
          return error;
        }
        headLen = 0;
        lastTag = h.tag;
        skip = h.length;
        if (skip === 0) count++;
      }
      return undefined;
    },
    atBoundary: () => error === undefined && headLen === 0 && skip === 0,
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
