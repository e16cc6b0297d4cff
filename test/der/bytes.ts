/**
 * Byte-level helpers for the DER tests: hex in and out, and a tiny TLV builder that is
 * independent of the runtime writer (so tests do not check the writer against itself).
 */

/** Bytes of a hex string; spaces are ignored. */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`bad hex literal ${s}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Lowercase hex of bytes. */
export function toHexStr(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Concatenation of byte arrays. */
export function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** DER length octets of `n` (X.690 §8.1.3, shortest form). */
export function derLen(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

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

/** Mulberry32: a small seeded PRNG, so fuzz runs are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
