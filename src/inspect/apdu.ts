/**
 * APDU status words after a response (ISO/IEC 7816-4 §5.6): a dump copied from an APDU log
 * often keeps the card's two trailing status bytes (`90 00`, `61 xx`) after the TLV. They are
 * not part of the message; this names and removes them.
 *
 * @module
 */
import { tryReadHeader } from '../der/header.js';
import { toHex } from '../der/bytes.js';
import { parseHex } from './input.js';

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

/** Why an APDU trace cannot be read: the line (1-based) and what is wrong with it. */
export class ApduTraceError extends Error {
  override readonly name = 'ApduTraceError';
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

const COMMAND_MARK = /^(?:>>?|->|c:|tx:?|\[tx\]|apdu:)\s*/i;
const RESPONSE_MARK = /^(?:<<?|<-|r:|rx:?|\[rx\]|resp(?:onse)?:)\s*/i;

function hexLine(text: string, line: number): Uint8Array {
  const bytes = parseHex(text);
  if (bytes === undefined) throw new ApduTraceError(line, `not an APDU in hex: ${JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text)}`);
  return bytes;
}

/**
 * The command and response APDUs of a trace written as text, one APDU per line, in one of
 * these forms (`#` comments and blank lines are skipped):
 * - JSON lines `{"apdu": "<hex>", "response": "<hex>", "sw": "<hex>"}`, as `sgp32 euicc apdu
 *   --json` prints them;
 * - hex lines marked as command (`>`, `->`, `C:`, `TX`, `[TX]`, `APDU:`) or response (`<`,
 *   `<-`, `R:`, `RX`, `[RX]`, `RESP:`);
 * - unmarked hex lines, command and response in turn.
 * Spaces and colons inside the hex are ignored (as `parseHex` reads hex). Each command must be
 * followed by its response.
 * @throws ApduTraceError with the line number.
 */
export function parseApduTrace(text: string): { command: Uint8Array; response: Uint8Array }[] {
  const out: { command: Uint8Array; response: Uint8Array }[] = [];
  let pending: { apdu: Uint8Array; line: number } | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const raw = lines[i].replace(/#.*$/, '').trim();
    if (raw === '') continue;
    if (raw.startsWith('{')) {
      let o: { apdu?: unknown; response?: unknown; sw?: unknown };
      try {
        o = JSON.parse(raw) as typeof o;
      } catch {
        throw new ApduTraceError(line, 'not a JSON object');
      }
      if (typeof o.apdu !== 'string' || typeof o.response !== 'string' || (o.sw !== undefined && typeof o.sw !== 'string')) throw new ApduTraceError(line, 'expected "apdu" and "response" (and "sw") as hex strings');
      if (pending) throw new ApduTraceError(pending.line, 'a command without its response');
      const response = hexLine(o.response + (o.sw ?? ''), line);
      if (response.length < 2) throw new ApduTraceError(line, 'a response without its status word');
      out.push({ command: hexLine(o.apdu, line), response });
      continue;
    }
    const command = COMMAND_MARK.exec(raw);
    const answer = command ? null : RESPONSE_MARK.exec(raw);
    const isCommand = command !== null || (answer === null && pending === undefined);
    const bytes = hexLine(raw.slice((command ?? answer)?.[0].length ?? 0), line);
    if (isCommand) {
      if (pending) throw new ApduTraceError(pending.line, 'a command without its response');
      pending = { apdu: bytes, line };
    } else {
      if (!pending) throw new ApduTraceError(line, 'a response without a command before it');
      if (bytes.length < 2) throw new ApduTraceError(line, 'a response without its status word');
      out.push({ command: pending.apdu, response: bytes });
      pending = undefined;
    }
  }
  if (pending) throw new ApduTraceError(pending.line, 'a command without its response');
  return out;
}
