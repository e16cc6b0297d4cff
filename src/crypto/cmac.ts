/**
 * The subkey doubling of AES-CMAC (RFC 4493 §2.3, NIST SP 800-38B), shared by both providers'
 * prepared keys: K1 = dbl(AES(K, 0)), K2 = dbl(K1). The CMAC itself is a CBC-MAC whose last
 * block is XORed with K1 (complete block) or K2 (after 10* padding) — see `aes-js.ts` and
 * `node/aes.ts`.
 *
 * @module
 */

/** Doubling in GF(2^128) as RFC 4493 §2.3 defines it (left shift, conditional XOR of 0x87). */
export function dbl(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = ((block[i] << 1) | (i < 15 ? block[i + 1] >>> 7 : 0)) & 0xff;
  if (block[0] & 0x80) out[15] ^= 0x87;
  return out;
}
