/**
 * Reading dumps in the forms people paste or store them in: binary DER, hex (with or without
 * spaces, colons or a `0x` prefix), base64 (standard or URL-safe alphabet) and PEM. No Node
 * APIs: the browser page uses the same detection.
 *
 * @module
 */
import { tryReadHeader } from '../der/header.js';
import { BytesFormatError, readPem, toBase64, toHex, tryFromBase64, tryFromHex, writePem } from '../der/bytes.js';

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

/** Lower-case hex of `bytes`, optionally with a separator between octets. */
export function bytesToHex(bytes: Uint8Array, separator = ''): string {
  return toHex(bytes, { separator });
}

const LOOSE_HEX = { loose: true } as const;

/**
 * Bytes of hex text. Spaces, line breaks and colons are ignored, as is one leading `0x`.
 * Returns undefined when the text is not hex, has an odd number of digits or none.
 */
export function parseHex(text: string): Uint8Array | undefined {
  const bytes = tryFromHex(text, LOOSE_HEX);
  return bytes !== undefined && bytes.length > 0 ? bytes : undefined;
}

const ANY_BASE64 = { alphabet: 'either', whitespace: true } as const;

/**
 * Bytes of base64 text (standard or URL-safe alphabet, padding optional, white space
 * ignored). Returns undefined when the text is not base64 or holds no digit.
 */
export function parseBase64(text: string): Uint8Array | undefined {
  const bytes = tryFromBase64(text, ANY_BASE64);
  return bytes !== undefined && bytes.length > 0 ? bytes : undefined;
}

/** Standard base64 of `bytes`, with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  return toBase64(bytes);
}

/** PEM text (`-----BEGIN LABEL-----` … `-----END LABEL-----`) for `bytes`, lines of 64 characters. */
export function bytesToPem(bytes: Uint8Array, label: string): string {
  return writePem(label, bytes);
}

/** The first PEM block of `text`, or undefined when there is none or its body is not base64. */
export function parsePem(text: string): { bytes: Uint8Array; label: string } | undefined {
  return parsePems(text)[0];
}

/**
 * Every PEM block of `text`, in order (a certificate chain, SGP.26's `EC PARAMETERS` +
 * `EC PRIVATE KEY`, …). Empty when there is none or the armour or a body is broken.
 */
export function parsePems(text: string): { bytes: Uint8Array; label: string }[] {
  let blocks;
  try {
    blocks = readPem(text);
  } catch (err) {
    // Not PEM after all: the caller tries the other forms.
    if (err instanceof BytesFormatError) return [];
    throw err;
  }
  return blocks.map((b) => ({ bytes: b.bytes, label: b.label }));
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
    if (!(c >= 0x20 && c < 0x7f) && !(c >= 0x09 && c <= 0x0d)) return false;
  }
  return true;
}

/** True when `bytes` starts with one well-formed TLV header whose value fits (BER accepted). */
export function startsWithTlv(bytes: Uint8Array): boolean {
  return tryReadHeader(bytes, 0, LENIENT) !== undefined;
}

/**
 * True when `bytes` is exactly one TLV (BER accepted): a definite length (X.690 §8.1) whose
 * value ends at the last byte, or an indefinite-length constructed TLV whose end-of-contents
 * octets close exactly at the end.
 */
export function isOneTlv(bytes: Uint8Array): boolean {
  return tryReadHeader(bytes, 0, LENIENT)?.end === bytes.length;
}

const LENIENT = { mode: 'lenient' } as const;

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

