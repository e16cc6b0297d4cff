/**
 * Base64 and hex for the JSON bindings (SGP.22 §6.5 and SGP.32 §6.1.2 carry binary members as
 * standard base64, transaction ids as hex). Our own small table-driven codec: the input is a
 * peer's JSON, so every character is checked and a bad one is reported with its position, and a
 * 60 KB BoundProfilePackage member decodes in one pass into one preallocated array.
 *
 * @module
 */
import { EsipaBindingError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = /*@__PURE__*/ (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t[ALPHABET.charCodeAt(i)] = i;
  return t;
})();

/** Standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + ALPHABET[v & 63];
    if (out.length >= 8192) {
      parts.push(out);
      out = '';
    }
  }
  if (i < n) {
    const v = (bytes[i] << 16) | ((i + 1 < n ? bytes[i + 1] : 0) << 8);
    out += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + (i + 1 < n ? ALPHABET[(v >> 6) & 63] : '=') + '=';
  }
  parts.push(out);
  return parts.join('');
}

/**
 * Bytes of standard base64. Padding is optional (openiotrsp accepts unpadded input); no white
 * space, no URL-safe alphabet. Throws `bad-base64` at `member` naming the first bad character.
 */
export function fromBase64(text: string, member: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  const pad = text.length - end;
  if (pad > 2 || (pad > 0 && text.length % 4 !== 0) || end % 4 === 1) {
    throw new EsipaBindingError('bad-base64', `not base64: length ${text.length} with ${pad} padding characters`, { member });
  }
  const out = new Uint8Array((end * 3) >> 2);
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? VALUE[c] : -1;
    if (v < 0) throw new EsipaBindingError('bad-base64', `not base64: character ${JSON.stringify(text[i])} at position ${i}`, { member });
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

const HEX = '0123456789ABCDEF';

/** Upper-case hex (the form SGP.22 §6.5.2 and SGP.32 write transaction ids in). */
export function toHexUpper(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
  return out;
}

function nibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Bytes of hex in either case (peers send mixed case); `bad-base64` at `member` otherwise. */
export function fromHexText(text: string, member: string): Uint8Array {
  if (text.length % 2 !== 0) throw new EsipaBindingError('bad-base64', `not hex: odd length ${text.length}`, { member });
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(text.charCodeAt(2 * i));
    const lo = nibble(text.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new EsipaBindingError('bad-base64', `not hex: character at position ${hi < 0 ? 2 * i : 2 * i + 1}`, { member });
    out[i] = (hi << 4) | lo;
  }
  return out;
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
