/**
 * A TLV header reader for data that arrives in pieces (the streaming opener): it says "need
 * more bytes" instead of failing at the end of what it has (X.690 §8.1.2–§8.1.3).
 *
 * @module
 */

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
  const start = p;
  if (p >= end) return MORE;
  let tag = b[p++];
  if ((tag & 0x1f) === 0x1f) {
    let count = 0;
    for (;;) {
      if (p >= end) return MORE;
      const x = b[p++];
      if (count === 0 && x === 0x80) return { status: 'error', detail: 'tag number with a leading 0x80 octet' };
      tag = tag * 256 + x;
      if (++count > 3) return { status: 'error', detail: 'tag number larger than 21 bits' };
      if ((x & 0x80) === 0) break;
    }
  }
  if (p >= end) return MORE;
  const first = b[p++];
  if (first < 0x80) return { status: 'ok', tag, headerLength: p - start, length: first, minimal: true };
  const count = first & 0x7f;
  if (count === 0) return { status: 'error', detail: 'indefinite length (not supported in a Bound Profile Package)' };
  if (count > 4) return { status: 'error', detail: `length in ${count} octets` };
  if (p + count > end) return MORE;
  let len = 0;
  for (let i = 0; i < count; i++) len = len * 256 + b[p++];
  const minimal = b[p - count] !== 0 && len >= 0x80;
  return { status: 'ok', tag, headerLength: p - start, length: len, minimal };
}

/** Formats a packed tag as hex (`BF36`). */
export function tagName(tag: number): string {
  return tag.toString(16).toUpperCase().padStart(2, '0');
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
        head[headLen++] = bytes[i++];
        offset++;
        const h = parseHeader(head, 0, headLen);
        if (h.status === 'more') {
          if (headLen === head.length) {
            error = `header at offset ${offset - headLen} too long`;
            return error;
          }
          continue;
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
