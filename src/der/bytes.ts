/**
 * The one byte-helper module of the package: hex, base64 (standard and URL-safe alphabets,
 * RFC 4648 §4 and §5), PEM armour (RFC 7468), and concatenation, equality and ordering of byte
 * arrays. Browser-safe: plain TypeScript over `Uint8Array`, no `Buffer`, no `atob`.
 *
 * Readers check every character and report the first bad one in a {@link BytesFormatError}
 * with its offset in the text; `is…` predicates answer the same question without throwing,
 * for code that tries one form after another.
 *
 * @module
 */

/** Why a text is not the byte encoding it was read as. */
export type BytesFormatCode = 'bad-hex' | 'bad-base64' | 'bad-pem';

/**
 * A text that is not hex, base64 or PEM. `offset` is the position in the text (UTF-16 code
 * units) of the first character that does not fit, or of the text's end when it is cut short.
 * The message reads `detail (code, offset N)`.
 */
export class BytesFormatError extends Error {
  override readonly name = 'BytesFormatError';
  constructor(
    readonly code: BytesFormatCode,
    readonly offset: number,
    readonly detail: string,
  ) {
    super(`${detail} (${code}, offset ${offset})`);
  }
}

function describe(x: unknown): string {
  return x === null ? 'null' : typeof x === 'object' ? ((x as object).constructor?.name ?? 'object') : typeof x;
}

function checkBytes(x: unknown, name: string): asserts x is Uint8Array {
  if (!(x instanceof Uint8Array)) throw new TypeError(`${name}: expected a Uint8Array, got ${describe(x)}`);
}

function checkText(x: unknown, name: string): asserts x is string {
  if (typeof x !== 'string') throw new TypeError(`${name}: expected a string, got ${describe(x)}`);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x0b;
}

// ---------------------------------------------------------------------------------------------
// Concatenation, equality, order

/**
 * Concatenates byte arrays into one new array (the result owns its memory).
 * @example
 * ```ts
 * concatBytes([Uint8Array.of(1), Uint8Array.of(2, 3)]); // 01 02 03
 * ```
 */
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

/**
 * Whether `a` and `b` hold the same bytes. The loop does not stop at the first difference, so
 * its time depends only on the length (MACs and keys are compared with it).
 * @example
 * ```ts
 * equalBytes(fromHex('0a0b'), Uint8Array.of(10, 11)); // true
 * ```
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/**
 * Orders byte arrays lexicographically (an unsigned octet at a time; a prefix sorts first):
 * negative, zero or positive as `a` sorts before, with or after `b`. For DER SET OF order
 * (shorter padded with zeros, X.690 §11.6) the DER writer has its own comparison.
 * @example
 * ```ts
 * [b, a].sort(compareBytes);
 * ```
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

// ---------------------------------------------------------------------------------------------
// Hex

const HEX_LOWER = /*@__PURE__*/ Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));
const HEX_UPPER = /*@__PURE__*/ HEX_LOWER.map((s) => s.toUpperCase());

/** Options of {@link toHex}. */
export interface ToHexOptions {
  /** Upper-case digits (default false). */
  readonly upper?: boolean;
  /** Text put between octets (default none), e.g. `' '` or `':'`. */
  readonly separator?: string;
}

/**
 * Hex text of `bytes`, two digits an octet.
 * @throws TypeError when `bytes` is not a Uint8Array.
 * @example
 * ```ts
 * toHex(Uint8Array.of(0xbf, 0x36));                    // 'bf36'
 * toHex(Uint8Array.of(0xbf, 0x36), { upper: true, separator: ' ' }); // 'BF 36'
 * ```
 */
export function toHex(bytes: Uint8Array, options?: ToHexOptions): string {
  checkBytes(bytes, 'bytes');
  const digits = options?.upper ? HEX_UPPER : HEX_LOWER;
  const sep = options?.separator ?? '';
  let out = '';
  if (sep === '') for (let i = 0; i < bytes.length; i++) out += digits[bytes[i]];
  else for (let i = 0; i < bytes.length; i++) out += (i > 0 ? sep : '') + digits[bytes[i]];
  return out;
}

/**
 * @internal Octets [s, e) of `b` in lower-case hex, unchecked: the DER reader's step from an
 * INTEGER's content to a bigint. A loop of its own rather than {@link toHex} on a subarray:
 * no view to allocate, no argument checks, and its element loads see only the reader's
 * Uint8Array (toHex, called from everywhere, also sees Buffers).
 */
export function hexRange(b: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += HEX_LOWER[b[i]];
  return out;
}

/**
 * The identifier octets of a tag packed big-endian (as `readHeader` and codecs' `tags` give
 * it) in upper-case hex, two digits an octet: the form error messages, the tree view and the
 * decoder page show tags in.
 * @throws RangeError when `tag` is not an integer from 0 to 0xFFFFFFFF.
 * @example
 * ```ts
 * tagHex(0xbf36); // 'BF36'
 * tagHex(0x04);   // '04'
 * ```
 */
export function tagHex(tag: number): string {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xffffffff) throw new RangeError(`tag: expected packed identifier octets (0 to 0xFFFFFFFF), got ${String(tag)}`);
  let out = '';
  do {
    out = HEX_UPPER[tag % 256] + out;
    tag = Math.floor(tag / 256);
  } while (tag > 0);
  return out;
}

/** Options of {@link fromHex}. */
export interface FromHexOptions {
  /**
   * Accept hex as people paste it (default false): white space and colons are ignored, and
   * one leading `0x`. Without it the text must be hex digits only (either case),
   * an even number of them.
   */
  readonly loose?: boolean;
}

function nibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Bytes of hex text, or the error that explains why it is not hex. */
function scanHex(text: string, loose: boolean): Uint8Array | BytesFormatError {
  let i = 0;
  let end = text.length;
  if (loose) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
    if (text.charCodeAt(i) === 0x30 && (text.charCodeAt(i + 1) | 0x20) === 0x78) i += 2;
  }
  const out = new Uint8Array((end - i) >> 1);
  let n = 0;
  let hi = -1;
  let hiAt = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = nibble(c);
    if (v < 0) {
      if (loose && (isSpace(c) || c === 0x3a)) continue;
      return new BytesFormatError('bad-hex', i, `not hex: ${JSON.stringify(text[i])} at offset ${i}`);
    }
    if (hi < 0) {
      hi = v;
      hiAt = i;
    } else {
      out[n++] = (hi << 4) | v;
      hi = -1;
    }
  }
  if (hi >= 0) return new BytesFormatError('bad-hex', hiAt, 'not hex: an odd number of digits');
  return n === out.length ? out : out.slice(0, n);
}

/**
 * Bytes of hex text (either case).
 * @throws TypeError when `text` is not a string; BytesFormatError `bad-hex` at the first
 *   character that is not a hex digit, or at the last digit of an odd count.
 * @example
 * ```ts
 * fromHex('BF36');                             // bf 36
 * fromHex('0x bf:36 01', { loose: true });      // bf 36 01
 * ```
 */
export function fromHex(text: string, options?: FromHexOptions): Uint8Array {
  checkText(text, 'text');
  const r = scanHex(text, options?.loose ?? false);
  if (r instanceof BytesFormatError) throw r;
  return r;
}

/** Whether {@link fromHex} would read `text` (with the same options) without an error. */
export function isHex(text: string, options?: FromHexOptions): boolean {
  return tryFromHex(text, options) !== undefined;
}

/**
 * {@link fromHex} for callers that only need to know whether the text is hex: the bytes, or
 * undefined where fromHex would throw (one pass over the text, no error made).
 * @example
 * ```ts
 * tryFromHex('bf36');  // bf 36
 * tryFromHex('bf3');   // undefined
 * ```
 */
export function tryFromHex(text: string, options?: FromHexOptions): Uint8Array | undefined {
  if (typeof text !== 'string') return undefined;
  const r = scanHex(text, options?.loose ?? false);
  return r instanceof BytesFormatError ? undefined : r;
}

// ---------------------------------------------------------------------------------------------
// Base64 (RFC 4648 §4 standard, §5 URL-safe)

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Value of each ASCII character in each alphabet (-1: not in it). */
const VALUES = /*@__PURE__*/ (() => {
  const std = new Int8Array(128).fill(-1);
  const url = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) {
    std[STD.charCodeAt(i)] = i;
    url[URL.charCodeAt(i)] = i;
  }
  const either = std.slice();
  either[0x2d] = 62;
  either[0x5f] = 63;
  return { standard: std, url, either };
})();

/** Options of {@link toBase64}. */
export interface ToBase64Options {
  /** The URL-safe alphabet (`-`, `_`) of RFC 4648 §5 (default false: `+`, `/`). */
  readonly url?: boolean;
  /** `=` padding to a multiple of four characters (default: true, false with `url`). */
  readonly pad?: boolean;
}

/**
 * Base64 text of `bytes`.
 * @throws TypeError when `bytes` is not a Uint8Array.
 * @example
 * ```ts
 * toBase64(Uint8Array.of(0xbf, 0x36, 0x00));        // 'vzYA'
 * toBase64(Uint8Array.of(0xfb, 0xff), { url: true }); // '-_8'
 * ```
 */
export function toBase64(bytes: Uint8Array, options?: ToBase64Options): string {
  checkBytes(bytes, 'bytes');
  const a = options?.url ? URL : STD;
  const pad = options?.pad ?? !options?.url;
  // Built in chunks: appending 80 000 four-character pieces to one string is slower than
  // joining a few hundred 8 KB ones (a BoundProfilePackage member is that size).
  const parts: string[] = [];
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += a[v >> 18] + a[(v >> 12) & 63] + a[(v >> 6) & 63] + a[v & 63];
    if (out.length >= 8192) {
      parts.push(out);
      out = '';
    }
  }
  if (i < n) {
    const two = i + 1 < n;
    const v = (bytes[i] << 16) | ((two ? bytes[i + 1] : 0) << 8);
    out += a[v >> 18] + a[(v >> 12) & 63];
    if (two) out += a[(v >> 6) & 63];
    if (pad) out += two ? '=' : '==';
  }
  parts.push(out);
  return parts.join('');
}

/** Options of {@link fromBase64}. */
export interface FromBase64Options {
  /**
   * Which alphabet (default `'standard'`): `'url'` for RFC 4648 §5, `'either'` to accept both
   * (as a page that reads what people paste does).
   */
  readonly alphabet?: 'standard' | 'url' | 'either';
  /** Ignore white space anywhere (default false), as in PEM bodies and wrapped dumps. */
  readonly whitespace?: boolean;
}

function scanBase64(text: string, alphabet: 'standard' | 'url' | 'either', whitespace: boolean): Uint8Array | BytesFormatError {
  const table = VALUES[alphabet];
  const out = new Uint8Array((text.length * 3) >> 2);
  let o = 0;
  let acc = 0;
  let bits = 0;
  let count = 0;
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (whitespace && isSpace(c)) continue;
    if (c === 0x3d /* = */) {
      if (count % 4 < 2 || padding + (count % 4) >= 4) return new BytesFormatError('bad-base64', i, `not base64: "=" at offset ${i}`);
      padding++;
      continue;
    }
    const v = c < 128 ? table[c] : -1;
    if (v < 0 || padding > 0) return new BytesFormatError('bad-base64', i, `not base64: ${JSON.stringify(text[i])} at offset ${i}`);
    count++;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if (count % 4 === 1) return new BytesFormatError('bad-base64', text.length, `not base64: ${count} digits cannot end a group`);
  if (padding > 0 && (count + padding) % 4 !== 0) return new BytesFormatError('bad-base64', text.length, 'not base64: padding cut short');
  return o === out.length ? out : out.slice(0, o);
}

/**
 * Bytes of base64 text. `=` padding is optional, but when present it must complete the last
 * group.
 * @throws TypeError when `text` is not a string; BytesFormatError `bad-base64` at the first
 *   character outside the alphabet (or after padding), or at the end of a text cut short.
 * @example
 * ```ts
 * fromBase64('vzYA');                        // bf 36 00
 * fromBase64('-_8', { alphabet: 'url' });    // fb ff
 * ```
 */
export function fromBase64(text: string, options?: FromBase64Options): Uint8Array {
  checkText(text, 'text');
  const r = scanBase64(text, options?.alphabet ?? 'standard', options?.whitespace ?? false);
  if (r instanceof BytesFormatError) throw r;
  return r;
}

/** Whether {@link fromBase64} would read `text` (with the same options) without an error. */
export function isBase64(text: string, options?: FromBase64Options): boolean {
  return tryFromBase64(text, options) !== undefined;
}

/**
 * {@link fromBase64} for callers that only need to know whether the text is base64: the bytes,
 * or undefined where fromBase64 would throw (one pass over the text, no error made).
 * @example
 * ```ts
 * tryFromBase64('vzYA'); // bf 36 00
 * tryFromBase64('vzY');  // bf 36
 * tryFromBase64('v');    // undefined
 * ```
 */
export function tryFromBase64(text: string, options?: FromBase64Options): Uint8Array | undefined {
  if (typeof text !== 'string') return undefined;
  const r = scanBase64(text, options?.alphabet ?? 'standard', options?.whitespace ?? false);
  return r instanceof BytesFormatError ? undefined : r;
}

// ---------------------------------------------------------------------------------------------
// PEM (RFC 7468)

/** One `-----BEGIN label-----` … `-----END label-----` block of a PEM text. */
export interface PemBlock {
  /** The label (`CERTIFICATE`, `EC PRIVATE KEY`, …). */
  readonly label: string;
  /** The base64-decoded body. */
  readonly bytes: Uint8Array;
  /**
   * Encapsulated header lines (`Proc-Type: 4,ENCRYPTED`) of legacy RFC 1421 PEM, in order;
   * empty for RFC 7468 text. They are not part of `bytes`.
   */
  readonly headers: readonly string[];
  /** Offset of the BEGIN line in the text. */
  readonly start: number;
  /** Offset just past the END line's closing dashes. */
  readonly end: number;
}

const BOUNDARY = /-----(BEGIN|END) ([^-\r\n]*)-----/g;
const HEADER_LINE = /^[A-Za-z0-9-]+:/;

/**
 * Every PEM block of `text`, in order (a certificate chain; OpenSSL's `EC PARAMETERS` +
 * `EC PRIVATE KEY`). Text outside the blocks is ignored, as RFC 7468 §2 allows.
 * @throws TypeError when `text` is not a string; BytesFormatError `bad-pem` for a BEGIN inside
 *   an open block, an END without its BEGIN or with another label, a BEGIN without END, or a
 *   body that is not base64 (offset of the bad character in `text`).
 * @example
 * ```ts
 * for (const b of readPem(chainText)) if (b.label === 'CERTIFICATE') certificates.push(b.bytes);
 * ```
 */
export function readPem(text: string): PemBlock[] {
  checkText(text, 'text');
  const blocks: PemBlock[] = [];
  let open: { label: string; start: number; bodyStart: number } | undefined;
  for (const m of text.matchAll(BOUNDARY)) {
    const at = m.index ?? 0;
    const [whole, kind, label] = m;
    if (kind === 'BEGIN') {
      if (open) throw new BytesFormatError('bad-pem', at, `PEM: "BEGIN ${label}" inside the open "${open.label}" block`);
      open = { label, start: at, bodyStart: at + whole.length };
      continue;
    }
    if (!open) throw new BytesFormatError('bad-pem', at, `PEM: "END ${label}" without BEGIN`);
    if (open.label !== label) throw new BytesFormatError('bad-pem', at, `PEM: "BEGIN ${open.label}" closed by "END ${label}"`);
    // Legacy header lines ("Key: value", continued by lines that start with white space)
    // come before the base64 (RFC 1421 §4.4); blank lines around them are skipped.
    const headers: string[] = [];
    let p = open.bodyStart;
    while (p < at) {
      const nl = text.indexOf('\n', p);
      const lineEnd = nl < 0 || nl >= at ? at : nl;
      const raw = text.slice(p, lineEnd);
      const line = raw.trim();
      if (HEADER_LINE.test(line)) headers.push(line);
      else if (headers.length > 0 && line !== '' && (raw[0] === ' ' || raw[0] === '\t')) headers[headers.length - 1] += ' ' + line;
      else if (line !== '') break;
      p = lineEnd + 1;
    }
    const body = Math.min(p, at);
    const b64 = scanBase64(text.slice(body, at), 'standard', true);
    if (b64 instanceof BytesFormatError) {
      throw new BytesFormatError('bad-pem', body + b64.offset, `PEM ${label}: body is not base64 (${b64.detail})`);
    }
    blocks.push({ label, bytes: b64, headers, start: open.start, end: at + whole.length });
    open = undefined;
  }
  if (open) throw new BytesFormatError('bad-pem', open.start, `PEM: "BEGIN ${open.label}" has no END line`);
  return blocks;
}

/**
 * PEM text of `bytes` under `label`: base64 in lines of 64 characters, ending in a line break
 * (RFC 7468 §2).
 * @throws TypeError when `bytes` is not a Uint8Array; RangeError when `label` is not PEM
 *   label text (printable ASCII without `-` at either end).
 * @example
 * ```ts
 * writePem('CERTIFICATE', der); // '-----BEGIN CERTIFICATE-----\nMIIB…\n-----END CERTIFICATE-----\n'
 * ```
 */
export function writePem(label: string, bytes: Uint8Array): string {
  checkBytes(bytes, 'bytes');
  if (typeof label !== 'string' || !/^[\x21-\x2c\x2e-\x7e]([\x20-\x7e]*[\x21-\x2c\x2e-\x7e])?$/.test(label)) {
    throw new RangeError(`label: expected PEM label text such as "CERTIFICATE", got ${JSON.stringify(label)}`);
  }
  const b64 = toBase64(bytes);
  let body = '';
  for (let i = 0; i < b64.length; i += 64) body += b64.slice(i, i + 64) + '\n';
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}
