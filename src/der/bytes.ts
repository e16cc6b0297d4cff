/**
 * The one byte-array concatenation of the package (used by the RSP signed-data helpers, the
 * crypto providers' CMAC over pieces, the profile encoder and the tools).
 *
 * @module
 */

/** Concatenates byte arrays into one new array (the result owns its memory). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
