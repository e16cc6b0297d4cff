/**
 * Base64 and hex for the JSON bindings (SGP.22 §6.5 and SGP.32 §6.1.2 carry binary members as
 * standard base64, transaction ids as hex), on the package's bytes module: the input is a peer's
 * JSON, so every character is checked and a bad one is reported with its position, as the
 * binding's `bad-base64` error at the member.
 *
 * @module
 */
import { EsipaBindingError } from './errors.js';
import { BytesFormatError, fromBase64 as fromBase64Text, fromHex, toBase64 as toBase64Text, toHex } from '../der/bytes.js';

/** Standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  return toBase64Text(bytes);
}

/**
 * Bytes of standard base64. Padding is optional (openiotrsp accepts unpadded input); no white
 * space, no URL-safe alphabet. Throws `bad-base64` at `member` naming the first bad character.
 */
export function fromBase64(text: string, member: string): Uint8Array {
  try {
    return fromBase64Text(text);
  } catch (err) {
    if (err instanceof BytesFormatError) throw new EsipaBindingError('bad-base64', err.detail, { member });
    throw err;
  }
}

/** Upper-case hex (the form SGP.22 §6.5.2 and SGP.32 write transaction ids in). */
export function toHexUpper(bytes: Uint8Array): string {
  return toHex(bytes, UPPER);
}

const UPPER = { upper: true } as const;

/** Bytes of hex in either case (peers send mixed case); `bad-base64` at `member` otherwise. */
export function fromHexText(text: string, member: string): Uint8Array {
  try {
    return fromHex(text);
  } catch (err) {
    if (err instanceof BytesFormatError) throw new EsipaBindingError('bad-base64', err.detail, { member });
    throw err;
  }
}

const utf8Encoder = /*@__PURE__*/ new TextEncoder();
const utf8Decoder = /*@__PURE__*/ new TextDecoder('utf-8', { fatal: true });

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** A string from UTF-8 bytes; `bad-json` when the bytes are not UTF-8. */
export function fromUtf8(bytes: Uint8Array): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch (err) {
    throw new EsipaBindingError('bad-json', 'body is not UTF-8', { cause: err });
  }
}
