/**
 * Reading dumps in the forms people paste or store them in: binary DER, hex (with or without
 * spaces, colons or a `0x` prefix), base64 (standard or URL-safe alphabet) and PEM. No Node
 * APIs: the browser page uses the same detection.
 *
 * @module
 */
import { hdr, newReader } from '../der/reader.js';
import { Asn1DecodeError } from '../der/errors.js';

/** The text or binary forms {@link readInput} understands. */
export type InputForm = 'der' | 'hex' | 'base64' | 'pem';

/** The list of forms, for argument checks and help texts. */
export const INPUT_FORMS: readonly InputForm[] = ['der', 'hex', 'base64', 'pem'];

/** Input that is not in the form asked for (or in none of the forms, in auto mode). */
export class InputFormatError extends Error {
  override readonly name = 'InputFormatError';
  readonly code = 'bad-input-form' as const;
  constructor(readonly detail: string) {
    super(`${detail} (bad-input-form)`);
  }
}

/** Result of {@link readInput}: the DER/BER bytes and the form they were found in. */
export interface DecodedInput {
  readonly bytes: Uint8Array;
  readonly form: InputForm;
  /** The PEM label (`CERTIFICATE`), for PEM input. */
  readonly label?: string;
}

const HEX_DIGITS = '0123456789abcdef';

/** Lower-case hex of `bytes`, optionally with a separator between octets. */
export function bytesToHex(bytes: Uint8Array, separator = ''): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0 && separator) out += separator;
    out += HEX_DIGITS[bytes[i] >> 4] + HEX_DIGITS[bytes[i] & 15];
  }
  return out;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x0b;
}

/**
 * Bytes of hex text. Spaces, line breaks and colons between octets are ignored, as is one
 * leading `0x`. Returns undefined when the text is not hex or has an odd number of digits.
 */
export function parseHex(text: string): Uint8Array | undefined {
  let t = text.trim();
  if (t.startsWith('0x') || t.startsWith('0X')) t = t.slice(2);
  const digits: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    const v = hexValue(c);
    if (v >= 0) digits.push(v);
    else if (!isSpace(c) && c !== 0x3a /* : */) return undefined;
  }
  if (digits.length === 0 || digits.length % 2 !== 0) return undefined;
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (digits[2 * i] << 4) | digits[2 * i + 1];
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = /*@__PURE__*/ (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t[B64.charCodeAt(i)] = i;
  t[0x2d] = 62; // '-' (URL-safe)
  t[0x5f] = 63; // '_' (URL-safe)
  return t;
})();

/**
 * Bytes of base64 text (standard or URL-safe alphabet, padding optional, white space
 * ignored). Returns undefined when the text is not base64.
 */
export function parseBase64(text: string): Uint8Array | undefined {
  const vals: number[] = [];
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c === 0x3d /* = */) {
      padding++;
      continue;
    }
    if (padding > 0) return undefined; // data after padding
    const v = c < 128 ? B64_VALUE[c] : -1;
    if (v < 0) return undefined;
    vals.push(v);
  }
  if (vals.length === 0 || padding > 2 || vals.length % 4 === 1) return undefined;
  if (padding > 0 && (vals.length + padding) % 4 !== 0) return undefined;
  const out = new Uint8Array(Math.floor((vals.length * 6) / 8));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const v of vals) {
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Standard base64 of `bytes`, with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

/** PEM text (`-----BEGIN LABEL-----` … `-----END LABEL-----`) for `bytes`, lines of 64 characters. */
export function bytesToPem(bytes: Uint8Array, label: string): string {
  const b64 = bytesToBase64(bytes);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** The first PEM block of `text`, or undefined when there is none or its body is not base64. */
export function parsePem(text: string): { bytes: Uint8Array; label: string } | undefined {
  return parsePems(text)[0];
}

/**
 * Every PEM block of `text`, in order (a certificate chain, SGP.26's `EC PARAMETERS` +
 * `EC PRIVATE KEY`, …). Empty when there is none or a block's body is not base64.
 */
export function parsePems(text: string): { bytes: Uint8Array; label: string }[] {
  const out: { bytes: Uint8Array; label: string }[] = [];
  for (const m of text.matchAll(PEM)) {
    // RFC 7468 allows explanatory header lines before the body in legacy PEM; skip "Key: value" lines.
    const body = m[2].split(/\r?\n/).filter((l) => !/^[A-Za-z-]+:/.test(l.trim())).join('\n');
    const bytes = parseBase64(body);
    if (!bytes) return [];
    out.push({ bytes, label: m[1] });
  }
  return out;
}

/** PEM labels that name the type of their block (`Module.Name`): the hints of RFC 7468. */
const PEM_LABEL_TYPES: Readonly<Record<string, string>> = {
  CERTIFICATE: 'PKIX1Explicit88.Certificate',
  'X509 CRL': 'PKIX1Explicit88.CertificateList',
};

/** The type a PEM label names (CERTIFICATE, X509 CRL), or undefined. */
export function pemLabelType(label: string | undefined): string | undefined {
  return label !== undefined && Object.prototype.hasOwnProperty.call(PEM_LABEL_TYPES, label) ? PEM_LABEL_TYPES[label] : undefined;
}

/** PEM labels of keys and key parameters (RFC 7468 and OpenSSL's): never a message. */
export function isKeyLabel(label: string): boolean {
  return /(PRIVATE KEY|PUBLIC KEY|PARAMETERS)$/.test(label);
}

/**
 * {@link readInput}, with every PEM block of a PEM input as a dump of its own (in order).
 * Other forms give one dump.
 *
 * @throws InputFormatError as readInput.
 */
export function readInputs(data: Uint8Array, form: InputForm | 'auto' = 'auto'): DecodedInput[] {
  const first = readInput(data, form);
  if (first.form !== 'pem') return [first];
  return parsePems(asciiOf(data)).map((b) => ({ bytes: b.bytes, form: 'pem', label: b.label }));
}

/** True when `bytes` looks like text: printable ASCII and white space only. */
function isText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (!(c >= 0x20 && c < 0x7f) && !isSpace(c)) return false;
  }
  return true;
}

/** True when `bytes` starts with one well-formed TLV header whose value fits (BER accepted). */
export function startsWithTlv(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return false;
  try {
    hdr(newReader(bytes, { strict: false }), 0, bytes.length);
    return true;
  } catch (err) {
    if (err instanceof Asn1DecodeError) return false;
    throw err;
  }
}

function asciiOf(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/**
 * Finds the encoding in `data` (a file's content or standard input).
 *
 * In `auto` mode, data that is printable text is read as text: PEM when a PEM block is
 * present, else hex when the text is hex digits (separated by spaces or colons or not), else
 * base64. Anything else is binary DER. Printable data that is exactly one TLV is binary DER
 * unless its text reading is one TLV too (a DER encoding made only of printable characters and
 * white space, such as `30 09 20 20 …`); `form: 'der'` settles any remaining doubt.
 *
 * @throws InputFormatError when the data is not in the form asked for, or empty.
 * @example readInput(new TextEncoder().encode('5a 0a 98 00')).form // 'hex'
 */
export function readInput(data: Uint8Array, form: InputForm | 'auto' = 'auto'): DecodedInput {
  if (!(data instanceof Uint8Array)) throw new TypeError('data: expected a Uint8Array');
  if (data.length === 0) throw new InputFormatError('the input is empty');
  switch (form) {
    case 'der':
      return { bytes: data, form: 'der' };
    case 'hex': {
      const bytes = parseHex(asciiOf(data));
      if (!bytes) throw new InputFormatError('the input is not hex (an even number of hex digits, optionally separated by spaces or colons)');
      return { bytes, form };
    }
    case 'base64': {
      const bytes = parseBase64(asciiOf(data));
      if (!bytes) throw new InputFormatError('the input is not base64');
      return { bytes, form };
    }
    case 'pem': {
      const pem = parsePem(asciiOf(data));
      if (!pem) throw new InputFormatError('the input holds no PEM block (-----BEGIN …----- base64 -----END …-----)');
      return { bytes: pem.bytes, form, label: pem.label };
    }
    case 'auto':
      break;
    default:
      throw new RangeError(`form: expected auto, ${INPUT_FORMS.join(', ')}, got ${String(form)}`);
  }
  if (isText(data)) {
    const text = asciiOf(data);
    if (text.includes('-----BEGIN ')) {
      const pem = parsePem(text);
      if (pem) return { bytes: pem.bytes, form: 'pem', label: pem.label };
    }
    // Text of hex digits is hex: base64 of an encoding almost never consists of hex digits only
    // (and never holds the spaces or colons hex dumps use).
    const hex = parseHex(text);
    const fromText: DecodedInput | undefined = hex ? { bytes: hex, form: 'hex' } : ((b64) => (b64 ? { bytes: b64, form: 'base64' as const } : undefined))(parseBase64(text));
    // Binary DER made only of printable characters and white space exists (a SEQUENCE of
    // spaces is `30 09 20 20 …`). The text reading wins when it yields one complete TLV or
    // when the raw bytes are not one; otherwise the bytes are binary DER.
    const binaryIsTlv = isOneTlv(data);
    if (fromText && (!binaryIsTlv || isOneTlv(fromText.bytes))) return fromText;
    if (binaryIsTlv) return { bytes: data, form: 'der' };
    throw new InputFormatError('the input is text but neither PEM, hex nor base64');
  }
  return { bytes: data, form: 'der' };
}

/** True when `bytes` is exactly one TLV: a well-formed header whose value ends at the last byte. */
function isOneTlv(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return false;
  try {
    const r = newReader(bytes, { strict: false });
    hdr(r, 0, bytes.length);
    return r.n === bytes.length;
  } catch (err) {
    if (err instanceof Asn1DecodeError) return false;
    throw err;
  }
}
