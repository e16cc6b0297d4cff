/**
 * APDU status words after a response (ISO/IEC 7816-4 §5.6): a dump copied from an APDU log
 * often keeps the card's two trailing status bytes (`90 00`, `61 xx`) after the TLV. They are
 * not part of the message; this names and removes them.
 *
 * @module
 */
import { tryReadHeader } from '../der/header.js';
import { toHex } from '../der/bytes.js';

/** A status word found after the message. */
export interface StatusWord {
  /** The two bytes in hex, upper case (`9000`, `6110`). */
  readonly sw: string;
  /** What it means (ISO/IEC 7816-4 §5.6, ETSI TS 102 221 §10.2). */
  readonly meaning: string;
}

function meaningOf(sw1: number, sw2: number): string | undefined {
  if (sw1 === 0x90 && sw2 === 0x00) return 'normal processing';
  if (sw1 === 0x61) return `normal processing, ${sw2 || 256} more response bytes available (GET RESPONSE)`;
  if (sw1 === 0x91) return `normal processing, a proactive command of ${sw2} bytes pending (ETSI TS 102 221)`;
  return undefined;
}

/**
 * The message without a trailing status word: when the first TLV of `bytes` ends exactly two
 * bytes before the end and those two bytes are `90 00`, `61 xx` or `91 xx`. Otherwise
 * undefined (the bytes are left as they are).
 * @example stripStatusWord(hex('5a0112' + '9000')) // { bytes: 5a 01 12, sw: '9000', … }
 */
export function stripStatusWord(bytes: Uint8Array): (StatusWord & { readonly bytes: Uint8Array }) | undefined {
  if (bytes.length < 4) return undefined;
  const sw1 = bytes[bytes.length - 2];
  const sw2 = bytes[bytes.length - 1];
  const meaning = meaningOf(sw1, sw2);
  if (meaning === undefined) return undefined;
  if (tryReadHeader(bytes, 0, { mode: 'lenient', end: bytes.length - 2 })?.end !== bytes.length - 2) return undefined;
  const sw = toHex(bytes.subarray(bytes.length - 2), { upper: true });
  return { bytes: bytes.subarray(0, bytes.length - 2), sw, meaning };
}
