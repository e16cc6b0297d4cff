/**
 * The ANSI X9.63 key derivation function with SHA-256 (ANSI X9.63-2011 §5.6.3, also
 * BSI TR-03111 §4.3.3 / SEC 1 v2 §3.6.1), as SGP.22 §2.6.4.2 uses it to derive the BSP session
 * keys (initial MAC chaining value, S-ENC, S-MAC) from the ECKA shared secret. See our notes
 * bsp.md §2.
 *
 * @module
 */
import type { CryptoProvider } from './provider.js';
import { assertBytes } from './curves.js';

/** Largest output X9.63 allows for SHA-256 would be (2^32 − 1)·32 bytes; we cap it far lower. */
const MAX_LENGTH = 1 << 20;

/**
 * Derives `length` bytes: K_i = SHA-256(Z ‖ counter_i ‖ SharedInfo) for counter = 1, 2, …
 * (32-bit big-endian), concatenated and truncated.
 *
 * @param provider - supplies SHA-256.
 * @param sharedSecret - Z, the ECKA result (any length, 32 bytes in RSP).
 * @param sharedInfo - the SharedInfo octets (may be empty).
 * @param length - output length in bytes, 0 … 1 MiB.
 * @returns `length` bytes.
 * @throws TypeError for non-Uint8Array inputs; RangeError for a bad `length`.
 * @example
 * ```ts
 * const out = x963Kdf(defaultProvider, z, sharedInfo, 48);
 * const [mcv, sEnc, sMac] = [out.subarray(0, 16), out.subarray(16, 32), out.subarray(32, 48)];
 * ```
 */
export function x963Kdf(provider: CryptoProvider, sharedSecret: Uint8Array, sharedInfo: Uint8Array, length: number): Uint8Array {
  if (typeof provider !== 'object' || provider === null || typeof provider.sha256 !== 'function') {
    throw new TypeError('provider: expected a CryptoProvider');
  }
  assertBytes(sharedSecret, 'sharedSecret');
  assertBytes(sharedInfo, 'sharedInfo');
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0 || length > MAX_LENGTH) {
    throw new RangeError(`length: expected an integer in [0, ${MAX_LENGTH}], got ${String(length)}`);
  }
  const out = new Uint8Array(length);
  const input = new Uint8Array(sharedSecret.length + 4 + sharedInfo.length);
  input.set(sharedSecret, 0);
  input.set(sharedInfo, sharedSecret.length + 4);
  const view = new DataView(input.buffer);
  for (let counter = 1, o = 0; o < length; counter++, o += 32) {
    view.setUint32(sharedSecret.length, counter, false);
    const block = provider.sha256(input);
    out.set(block.subarray(0, Math.min(32, length - o)), o);
  }
  return out;
}
