/**
 * Received bytes versus re-encodings: signatures are checked over the bytes received
 * (DESIGN.md "Signed data"), so values that crossed a wire keep them (`keepEncoded`). For an
 * explicitly tagged CHOICE (EuiccPackageResult BF51, AuthenticateServerResponse BF38, …) the kept
 * bytes are those of the chosen alternative, inside the tag; these helpers pick what fits.
 *
 * @module
 */
import type { Codec } from '../der/codec.js';
import { encodedBytesOf, hdr, newReader } from '../der/reader.js';

function tagOf(bytes: Uint8Array): number {
  const r = newReader(bytes, { strict: false });
  hdr(r, 0, bytes.length);
  return r.t;
}

/** The bytes `value` was received as when they are a whole TLV of `codec`'s type; otherwise its DER. */
export function wireBytes<T>(value: T, codec: Codec<T>): Uint8Array {
  const b = encodedBytesOf(value as object);
  if (b !== undefined && b.length > 0 && (codec.tags === null || codec.tags.includes(tagOf(b)))) return b;
  return codec.encode(value);
}

/** For verifiers taking bytes or a value decoded with keepEncoded: the value when it kept its bytes, else its DER. */
export function verifiable<T>(value: T, codec: Codec<T>): T | Uint8Array {
  return encodedBytesOf(value as object) !== undefined ? value : codec.encode(value);
}
