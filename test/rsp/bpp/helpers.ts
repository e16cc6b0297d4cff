/** Shared helpers of the BPP tests (no node:*, so the specs using them run in Chromium too). */
import { hasVectors, vectorBytes, vectorJson } from '../../support/vectors.js';

export { hex, toHex, providers, repoRoot, vectorsDir } from '../../crypto/helpers.js';

export const haveBsp = hasVectors('bsp');
export const haveUpp = hasVectors('upp');
export const SKIP_MSG = '../shared/vectors absent: BPP vector tests skipped';

export function readJson<T = any>(...parts: string[]): T {
  return vectorJson<T>(...parts);
}

export function readBytes(...parts: string[]): Uint8Array {
  return vectorBytes(...parts);
}

/** Children TLVs (offset, header length, total length) of the constructed TLV at `p`. */
export function tlvAt(b: Uint8Array, p: number): { tag: number; hl: number; len: number; total: number } {
  let q = p;
  let tag = b[q++];
  if ((tag & 0x1f) === 0x1f) {
    do tag = tag * 256 + b[q]; while (b[q++] & 0x80);
  }
  let len = b[q++];
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[q++];
  }
  return { tag, hl: q - p, len, total: q - p + len };
}

export function children(b: Uint8Array, p: number): { tag: number; start: number; total: number; hl: number }[] {
  const t = tlvAt(b, p);
  const out: { tag: number; start: number; total: number; hl: number }[] = [];
  for (let q = p + t.hl; q < p + t.total; ) {
    const c = tlvAt(b, q);
    out.push({ tag: c.tag, start: q, total: c.total, hl: c.hl });
    q += c.total;
  }
  return out;
}

/** The End ProfileElement as the opener looks for it (tag AA; its content is not checked there). */
export const PE_END = Uint8Array.of(0xaa, 0x00);

/**
 * A profile-shaped UPP of exactly `total` bytes (at least 6): one `A0` TLV holding `fill(i)` for
 * each content byte, then the End element `AA 00` — what the opener requires of a profile.
 */
export function profileBytes(total: number, fill: (i: number) => number): Uint8Array {
  if (total < 6) throw new RangeError(`profileBytes: at least 6 bytes, got ${total}`);
  const room = total - PE_END.length;
  const header = room - 2 < 128 ? 2 : room - 3 < 256 ? 3 : room - 4 < 65536 ? 4 : 5;
  const len = room - header;
  const out = new Uint8Array(total);
  const lenOctets = header === 2 ? [len] : header === 3 ? [0x81, len] : header === 4 ? [0x82, len >> 8, len & 0xff] : [0x83, len >> 16, (len >> 8) & 0xff, len & 0xff];
  out.set([0xa0, ...lenOctets], 0);
  for (let i = 0; i < len; i++) out[header + i] = fill(i);
  out.set(PE_END, room);
  return out;
}
