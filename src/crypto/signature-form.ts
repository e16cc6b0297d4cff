/**
 * Conversion between the two layouts of an ECDSA signature over a 256-bit curve:
 * raw r‖s (64 bytes, BSI TR-03111 §5.2.1 plain format — what GSMA RSP carries in tag 5F37,
 * SGP.22 §2.6.5 / our notes signatures.md §1.2) and the DER `ECDSA-Sig-Value` of X.509
 * (RFC 5480 §2.2 / RFC 3279 §2.2.3).
 *
 * The DER reader is strict: definite short-form lengths only (a 256-bit signature never needs
 * more than 72 bytes), minimal non-negative INTEGERs, no trailing bytes. Anything else raises
 * {@link SignatureFormatError}, so a signature has exactly one accepted DER encoding.
 *
 * @module
 */
import { SignatureFormatError } from './errors.js';
import { assertBytes } from './curves.js';
import { tlv } from '../der/build.js';
import { tagHex } from '../der/reader.js';
import { isProblem, strictTlv } from './der-strict.js';

const SCALAR_LENGTH = 32;

/**
 * Converts a raw r‖s signature (64 bytes) to DER `SEQUENCE { r INTEGER, s INTEGER }`.
 *
 * @param raw - 64 bytes: r then s, each 32 bytes big-endian.
 * @returns the DER encoding (8 to 72 bytes).
 * @throws TypeError if `raw` is not a Uint8Array; SignatureFormatError `bad-length` if it is not 64 bytes.
 * @example
 * ```ts
 * const der = ecdsaRawToDer(plain5F37Content); // 30 44|45|46 02 .. r 02 .. s
 * ```
 */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  assertBytes(raw, 'raw');
  if (raw.length !== 2 * SCALAR_LENGTH) {
    throw new SignatureFormatError('bad-length', `raw signature: expected ${2 * SCALAR_LENGTH} bytes, got ${raw.length}`, 0);
  }
  return tlv(0x30, tlv(0x02, integerContent(raw.subarray(0, SCALAR_LENGTH))), tlv(0x02, integerContent(raw.subarray(SCALAR_LENGTH))));
}

/** Minimal two's-complement content octets of a non-negative big-endian magnitude. */
function integerContent(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const trimmed = magnitude.subarray(i);
  if (trimmed[0] & 0x80) {
    const padded = new Uint8Array(trimmed.length + 1);
    padded.set(trimmed, 1);
    return padded;
  }
  return trimmed;
}

/**
 * Converts a strict-DER `ECDSA-Sig-Value` to raw r‖s (64 bytes).
 *
 * @param der - the DER signature, nothing before or after it.
 * @returns 64 bytes: r then s, each left-padded to 32 bytes.
 * @throws TypeError if `der` is not a Uint8Array; SignatureFormatError `bad-der` for a broken
 *   structure (wrong tag, long or indefinite length, truncation, trailing bytes) and
 *   `bad-integer` for a negative, non-minimal, empty or longer-than-32-byte INTEGER.
 * @example
 * ```ts
 * const raw = ecdsaDerToRaw(certificateSignatureValue); // 64 bytes for tag 5F37
 * ```
 */
export function ecdsaDerToRaw(der: Uint8Array): Uint8Array {
  assertBytes(der, 'der');
  const seq = strictTlv(der, 0, der.length);
  if (isProblem(seq)) throw new SignatureFormatError('bad-der', `signature: ${seq.detail}`, seq.offset);
  if (seq.tag !== 0x30) throw new SignatureFormatError('bad-der', `signature: expected SEQUENCE (0x30), got 0x${tagHex(seq.tag).toLowerCase()}`, 0);
  // A 256-bit signature never needs more than 72 bytes: a long-form length, even a minimal
  // one, is refused so that a signature has exactly one accepted encoding.
  if (seq.headerLength !== 2) throw new SignatureFormatError('bad-der', 'signature: SEQUENCE length must use the short form (at most 72 bytes)', 1);
  if (seq.end < der.length) throw new SignatureFormatError('bad-der', `signature: ${der.length - seq.end} trailing bytes after the SEQUENCE`, seq.end);
  const out = new Uint8Array(2 * SCALAR_LENGTH);
  let o = seq.contentStart;
  for (let k = 0; k < 2; k++) {
    const name = k === 0 ? 'r' : 's';
    const int = strictTlv(der, o, seq.end);
    if (isProblem(int)) throw new SignatureFormatError('bad-der', `signature.${name}: ${int.detail}`, int.offset);
    if (int.tag !== 0x02) throw new SignatureFormatError('bad-der', `signature.${name}: expected INTEGER (0x02), got 0x${tagHex(int.tag).toLowerCase()}`, o);
    if (int.headerLength !== 2) throw new SignatureFormatError('bad-der', `signature.${name}: INTEGER length must use the short form`, o + 1);
    const start = int.contentStart;
    const len = int.length;
    if (len === 0) throw new SignatureFormatError('bad-integer', `signature.${name}: empty INTEGER`, o + 1);
    if (der[start] & 0x80) throw new SignatureFormatError('bad-integer', `signature.${name}: negative INTEGER`, start);
    if (len > 1 && der[start] === 0 && !(der[start + 1] & 0x80)) {
      throw new SignatureFormatError('bad-integer', `signature.${name}: INTEGER not minimally encoded (superfluous leading 0x00)`, start);
    }
    let value = der.subarray(start, int.end);
    if (value[0] === 0 && value.length > 1) value = value.subarray(1);
    if (value.length > SCALAR_LENGTH) {
      throw new SignatureFormatError('bad-integer', `signature.${name}: INTEGER longer than ${SCALAR_LENGTH} bytes`, start);
    }
    out.set(value, k * SCALAR_LENGTH + SCALAR_LENGTH - value.length);
    o = int.end;
  }
  if (o !== seq.end) throw new SignatureFormatError('bad-der', `signature: ${seq.end - o} unexpected bytes after s inside the SEQUENCE`, o);
  return out;
}
