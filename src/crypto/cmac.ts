/**
 * AES-CMAC (RFC 4493 §2.3–2.4, NIST SP 800-38B) computed over any AES-128-CBC function.
 *
 * CMAC is a CBC-MAC whose last block is first XORed with a subkey (K1 for a complete block,
 * K2 after 10* padding). So one CBC encryption with a zero IV over the prepared message yields
 * the tag as its last block: a single native cipher call, with no per-block overhead.
 * Used by the native provider (node:crypto has no CMAC); the noble provider uses noble's own
 * implementation, and the tests compare the two.
 *
 * @module
 */

const ZERO = new Uint8Array(16);

/** Doubling in GF(2^128) as RFC 4493 §2.3 defines it (left shift, conditional XOR of 0x87). */
export function dbl(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = ((block[i] << 1) | (i < 15 ? block[i + 1] >>> 7 : 0)) & 0xff;
  if (block[0] & 0x80) out[15] ^= 0x87;
  return out;
}

/**
 * AES-CMAC of `data` under `key`, given an AES-128-CBC encryption function without padding.
 * Arguments are assumed checked by the caller.
 */
export function cmacWithCbc(cbcEncrypt: (key: Uint8Array, iv: Uint8Array, data: Uint8Array) => Uint8Array, key: Uint8Array, data: Uint8Array): Uint8Array {
  const l = cbcEncrypt(key, ZERO, ZERO);
  const k1 = dbl(l);
  const complete = data.length > 0 && data.length % 16 === 0;
  const blocks = complete ? data.length / 16 : Math.floor(data.length / 16) + 1;
  const m = new Uint8Array(blocks * 16);
  m.set(data);
  const lastStart = (blocks - 1) * 16;
  const subkey = complete ? k1 : dbl(k1);
  if (!complete) m[data.length] = 0x80;
  for (let i = 0; i < 16; i++) m[lastStart + i] ^= subkey[i];
  const c = cbcEncrypt(key, ZERO, m);
  return c.slice(c.length - 16);
}
