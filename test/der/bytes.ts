/**
 * Byte-level helpers for the DER tests: hex in and out, and a tiny TLV builder that is
 * independent of the runtime writer (so tests do not check the writer against itself).
 */
import { concat as cat, derLength as derLen, hex, prng, toHex as toHexStr } from '../support/bytes.js';

export { cat, derLen, hex, prng, toHexStr };

/**
 * One TLV: `tag` is the identifier octets as hex (`'bf51'`, `'30'`), content is the
 * concatenation of `parts`.
 */
export function tlv(tag: string, ...parts: Uint8Array[]): Uint8Array {
  const content = cat(...parts);
  return cat(hex(tag), derLen(content.length), content);
}

/** The offsets of the top-level TLVs of `b` (definite lengths only), computed without the runtime. */
export function splitTlvs(b: Uint8Array, start = 0, end = b.length): { start: number; contentStart: number; end: number }[] {
  const out: { start: number; contentStart: number; end: number }[] = [];
  let p = start;
  while (p < end) {
    const s = p;
    if ((b[p++] & 0x1f) === 0x1f) while (b[p++] & 0x80);
    let len = b[p++];
    if (len & 0x80) {
      const k = len & 0x7f;
      len = 0;
      for (let i = 0; i < k; i++) len = len * 256 + b[p++];
    }
    out.push({ start: s, contentStart: p, end: p + len });
    p += len;
  }
  if (p !== end) throw new Error(`TLVs overrun their container: ${p} vs ${end}`);
  return out;
}

