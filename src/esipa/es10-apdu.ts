/**
 * ES10x over APDUs: how an IPA carries an ES10 command to the eUICC's ISD-R and its response
 * back (SGP.22 v2.5 §5.7.2, which SGP.32 v1.2 §5.9 keeps for the IoT eUICC), as pure functions
 * over command and response APDUs. No transport: the caller's `transmit` sends one command APDU
 * and returns the response APDU (data and status word), whatever reaches the card (a modem's
 * AT+CGLA, PC/SC, an in-process virtual eUICC).
 *
 * - IPA side: {@link storeDataApdus} cuts a command into STORE DATA blocks; {@link transmitEs10}
 *   sends them and collects the response with GET RESPONSE; {@link openEs10Session} opens a
 *   logical channel and selects the ISD-R; {@link bppStoreDataPayloads} and
 *   {@link loadBoundProfilePackageApdus} send a Bound Profile Package as the series of STORE
 *   DATA cycles a card expects (SGP.22 §2.5.5).
 * - Card side: {@link es10ApduEndpoint} turns an ES10 command executor (a virtual eUICC) into an
 *   APDU endpoint: channels, SELECT, STORE DATA reassembly, the BPP series, GET RESPONSE.
 * - Traces: {@link es10FromApdus} puts the ES10 messages of a recorded APDU exchange back
 *   together, for decoding.
 *
 * The wire facts (CLA, INS, P1/P2 values, the BPP series, GET RESPONSE) and their sources are in
 * bindings.md §5 and bsp.md §7 of the project's spec notes; the ones marked there UNVERIFIED
 * (segment size, the CLA of GET RESPONSE) are options here.
 *
 * @module
 */
import { Asn1DecodeError } from '../der/errors.js';
import { children, needsMore, peekTag, readHeader, tryReadHeader, type TlvHeader } from '../der/header.js';
import { concatBytes, equalBytes, tagHex, toHex } from '../der/bytes.js';

/** The AID of the ISD-R, the same for consumer and IoT eUICCs (SGP.22 §2.2.3). */
export const ISD_R_AID: Uint8Array = /*@__PURE__*/ Uint8Array.of(0xa0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xff, 0xff, 0xff, 0xff, 0x89, 0x00, 0x00, 0x01, 0x00);

/** The class octet of STORE DATA and TERMINAL CAPABILITY before the channel is ORed in (GlobalPlatform's proprietary class). */
const CLA_GLOBALPLATFORM = 0x80;

/** The most STORE DATA blocks of one command: P2 numbers them in one octet from 00, and IPAs in use stop at 255. */
export const MAX_STORE_DATA_BLOCKS = 255;

/** Status words of ISO/IEC 7816-4 §5.6 that this module sends or expects. */
export const SW = {
  OK: 0x9000,
  WRONG_LENGTH: 0x6700,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  WRONG_DATA: 0x6a80,
  FILE_NOT_FOUND: 0x6a82,
  NOT_ENOUGH_MEMORY: 0x6a84,
  WRONG_P1_P2: 0x6a86,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_CHANNEL_AVAILABLE: 0x6a81,
} as const;

/** A card's answer, or the IPA side's reading of it, that stops an ES10 exchange. */
export class Es10ApduError extends Error {
  override readonly name = 'Es10ApduError';
  constructor(
    /** `status`: the card answered a status word other than the ones expected; `bad-response`: fewer than two octets, or a response beyond the limit. */
    readonly code: 'status' | 'bad-response' | 'response-too-large',
    message: string,
    /** The status word, for `status`. */
    readonly sw?: number,
    /** The index of the command APDU of the cycle that got this answer. */
    readonly block?: number,
  ) {
    super(message);
  }
}

/** Options of {@link storeDataApdus}. */
export interface StoreDataOptions {
  /** Logical channel 0–3 (its number goes in the CLA octet, `80`–`83`); default 0. */
  readonly channel?: number;
  /** Data octets per block, 1–255; default 255 (lpac sends 120). */
  readonly blockSize?: number;
  /** Append Le `00` to each block (case 4, as pysim does); default false (case 3, as lpac and ipa-x do). */
  readonly le?: boolean;
}

function checkChannel(channel: number): number {
  if (!Number.isInteger(channel) || channel < 0 || channel > 3) throw new RangeError(`channel: expected 0 to 3, got ${channel}`);
  return channel;
}

/**
 * The STORE DATA command APDUs that carry `command` (an ES10 request TLV) to the ISD-R:
 * CLA `80`|channel, INS `E2`, P1 `11` for a block that more follow, `91` for the last, P2 the
 * block number from `00`, then Lc and the block.
 * @throws RangeError for an empty command, a block size outside 1–255, a channel outside 0–3,
 *   or a command that needs more than {@link MAX_STORE_DATA_BLOCKS} blocks.
 * @example
 * ```ts
 * storeDataApdus(fromHex('bf2e00'), { channel: 1 }); // [81 e2 91 00 03 bf 2e 00]
 * ```
 */
export function storeDataApdus(command: Uint8Array, options: StoreDataOptions = {}): Uint8Array[] {
  if (!(command instanceof Uint8Array) || command.length === 0) throw new RangeError('command: expected a non-empty Uint8Array');
  const channel = checkChannel(options.channel ?? 0);
  const size = options.blockSize ?? 255;
  if (!Number.isInteger(size) || size < 1 || size > 255) throw new RangeError(`blockSize: expected 1 to 255, got ${size}`);
  const blocks = Math.ceil(command.length / size);
  if (blocks > MAX_STORE_DATA_BLOCKS) {
    throw new RangeError(`command: ${command.length} bytes need ${blocks} STORE DATA blocks of ${size}, more than ${MAX_STORE_DATA_BLOCKS}`);
  }
  const out: Uint8Array[] = [];
  for (let i = 0; i < blocks; i++) {
    const data = command.subarray(i * size, Math.min(command.length, (i + 1) * size));
    const apdu = new Uint8Array(5 + data.length + (options.le ? 1 : 0));
    apdu[0] = CLA_GLOBALPLATFORM | channel;
    apdu[1] = 0xe2;
    apdu[2] = i === blocks - 1 ? 0x91 : 0x11;
    apdu[3] = i;
    apdu[4] = data.length;
    apdu.set(data, 5);
    out.push(apdu);
  }
  return out;
}

/** A response APDU split into its data and status word. */
export interface ApduResponse {
  readonly data: Uint8Array;
  readonly sw: number;
}

/**
 * The data and status word of a response APDU.
 * @throws Es10ApduError `bad-response` for fewer than two octets.
 */
export function parseApduResponse(response: Uint8Array): ApduResponse {
  if (!(response instanceof Uint8Array) || response.length < 2) {
    throw new Es10ApduError('bad-response', `response APDU: expected data and a two-octet status word, got ${response instanceof Uint8Array ? response.length : 0} octets`);
  }
  const n = response.length;
  return { data: response.subarray(0, n - 2), sw: (response[n - 2] << 8) | response[n - 1] };
}

/** Sends one command APDU and returns the response APDU. */
export type ApduTransmit = (apdu: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** Options of {@link transmitEs10} and {@link loadBoundProfilePackageApdus}. */
export interface TransmitEs10Options extends StoreDataOptions {
  /**
   * CLA octet of GET RESPONSE before the channel is ORed in: `00` (ipa-x, ISO/IEC 7816-4's
   * interindustry class) or `80` (lpac); default `00`. Which one the standard wants is open.
   */
  readonly getResponseCla?: 0x00 | 0x80;
  /** The most response octets collected with GET RESPONSE; default 1 MiB. */
  readonly maxResponseBytes?: number;
}

/** A status word as people write it: four upper-case hex digits (`9000`, `6A88`). */
export function statusWordHex(sw: number): string {
  return sw.toString(16).padStart(4, '0').toUpperCase();
}

/**
 * The whole length of the BoundProfilePackage that a STORE DATA payload starts (its BF36 header
 * read in partial mode, SGP.22 §2.5.5), `undefined` when the payload is not BF36, or `null`
 * when its header cannot be read.
 */
function bppLengthOf(payload: Uint8Array): number | null | undefined {
  if (peekTag(payload) !== 0xbf36) return undefined;
  const h = tryReadHeader(payload, 0, { mode: 'partial' });
  return h === undefined || needsMore(h) || h.end === undefined ? null : h.end;
}

/**
 * Sends `command` (an ES10 request TLV) in STORE DATA blocks and returns the response data
 * (empty when the card answered `9000` alone). Blocks before the last must be answered `9000`;
 * a last block answered `61xx` is followed by GET RESPONSE until `9000`.
 * @throws Es10ApduError `status` for any other status word (with the word and block index),
 *   `bad-response` for a malformed response APDU, `response-too-large` past `maxResponseBytes`.
 */
export async function transmitEs10(transmit: ApduTransmit, command: Uint8Array, options: TransmitEs10Options = {}): Promise<Uint8Array> {
  const apdus = storeDataApdus(command, options);
  const max = options.maxResponseBytes ?? 1 << 20;
  const channel = options.channel ?? 0;
  for (let i = 0; i < apdus.length - 1; i++) {
    const { sw } = parseApduResponse(await transmit(apdus[i]));
    if (sw !== SW.OK) throw new Es10ApduError('status', `STORE DATA block ${i}: the card answered ${statusWordHex(sw)}`, sw, i);
  }
  const last = apdus.length - 1;
  let { data, sw } = parseApduResponse(await transmit(apdus[last]));
  const parts: Uint8Array[] = data.length > 0 ? [data.slice()] : [];
  let total = data.length;
  let fetching = false;
  while ((sw & 0xff00) === 0x6100) {
    fetching = true;
    const get = Uint8Array.of((options.getResponseCla ?? 0x00) | channel, 0xc0, 0x00, 0x00, sw & 0xff);
    ({ data, sw } = parseApduResponse(await transmit(get)));
    total += data.length;
    if (total > max) throw new Es10ApduError('response-too-large', `response: more than ${max} octets through GET RESPONSE`);
    parts.push(data.slice());
  }
  if (sw !== SW.OK) throw new Es10ApduError('status', `${fetching ? 'GET RESPONSE' : `STORE DATA block ${last}`}: the card answered ${statusWordHex(sw)}`, sw, last);
  return parts.length === 1 ? parts[0] : concatBytes(parts);
}

/**
 * Opens an ES10 session as an IPA does (bindings.md §5): TERMINAL CAPABILITY (unless
 * `terminalCapability` is false), MANAGE CHANNEL open, and SELECT of the ISD-R on that
 * channel. Returns the channel the card assigned.
 * @throws Es10ApduError when the card refuses a step or assigns no channel from 1 to 3.
 */
export async function openEs10Session(transmit: ApduTransmit, options: { readonly terminalCapability?: boolean; readonly aid?: Uint8Array } = {}): Promise<number> {
  const expectOk = (r: ApduResponse, step: string): ApduResponse => {
    if (r.sw !== SW.OK && (r.sw & 0xff00) !== 0x6100) throw new Es10ApduError('status', `${step}: the card answered ${statusWordHex(r.sw)}`, r.sw);
    return r;
  };
  if (options.terminalCapability ?? true) expectOk(parseApduResponse(await transmit(Uint8Array.of(0x80, 0xaa, 0x00, 0x00, 0x05, 0xa9, 0x03, 0x83, 0x01, 0x07))), 'TERMINAL CAPABILITY');
  const opened = expectOk(parseApduResponse(await transmit(Uint8Array.of(0x00, 0x70, 0x00, 0x00, 0x01))), 'MANAGE CHANNEL');
  const channel = opened.data[0];
  if (opened.data.length !== 1 || channel < 1 || channel > 3) throw new Es10ApduError('bad-response', `MANAGE CHANNEL: expected one octet naming channel 1 to 3, got ${toHex(opened.data)}`);
  const aid = options.aid ?? ISD_R_AID;
  const select = new Uint8Array(5 + aid.length);
  select.set([channel, 0xa4, 0x04, 0x04, aid.length]);
  select.set(aid, 5);
  expectOk(parseApduResponse(await transmit(select)), 'SELECT ISD-R');
  return channel;
}

/**
 * A Bound Profile Package cut into the STORE DATA payloads of SGP.22 §2.5.5, in order: the
 * BF36 header with the whole InitialiseSecureChannelRequest (BF23); the whole A0
 * (ConfigureISDP); the A1 header alone, then each 88 TLV; the whole A2 (ReplaceSessionKeys),
 * if present; the A3 header alone, then each 86 TLV. The payloads are views of `bpp` and
 * together are exactly its bytes.
 * @throws Asn1DecodeError (with the offset) when `bpp` is not one complete BF36 TLV of that shape.
 */
export function bppStoreDataPayloads(bpp: Uint8Array): Uint8Array[] {
  const top = readHeader(bpp, 0);
  if (top.tag !== 0xbf36) throw new Asn1DecodeError('unexpected-tag', 0, `expected a BoundProfilePackage (BF36), found tag ${tagHex(top.tag)}`);
  if (top.end !== bpp.length) throw new Asn1DecodeError('trailing-data', top.end, `${bpp.length - top.end} bytes after the BoundProfilePackage`);
  const parts = [...children(bpp, top)];
  const expected = parts[3]?.tag === 0xa2 ? [0xbf23, 0xa0, 0xa1, 0xa2, 0xa3] : [0xbf23, 0xa0, 0xa1, 0xa3];
  for (let i = 0; i < expected.length; i++) {
    const h: TlvHeader | undefined = parts[i];
    const at = h?.start ?? top.contentEnd;
    if (h?.tag !== expected[i]) throw new Asn1DecodeError(h === undefined ? 'missing-component' : 'unexpected-tag', at, `expected tag ${tagHex(expected[i])} in the BoundProfilePackage${h === undefined ? '' : `, found tag ${tagHex(h.tag)}`}`);
  }
  if (parts.length > expected.length) throw new Asn1DecodeError('unexpected-tag', parts[expected.length].start, `tag ${tagHex(parts[expected.length].tag)} after the last part of the BoundProfilePackage`);
  const out: Uint8Array[] = [bpp.subarray(0, parts[0].end), bpp.subarray(parts[1].start, parts[1].end)];
  const each = (h: TlvHeader, child: number): void => {
    out.push(bpp.subarray(h.start, h.contentStart));
    for (const c of children(bpp, h)) {
      if (c.tag !== child) throw new Asn1DecodeError('unexpected-tag', c.start, `expected tag ${tagHex(child)} in ${tagHex(h.tag)}, found tag ${tagHex(c.tag)}`);
      out.push(bpp.subarray(c.start, c.end));
    }
  };
  each(parts[2], 0x88);
  if (expected.length === 5) out.push(bpp.subarray(parts[3].start, parts[3].end));
  each(parts[expected.length - 1], 0x86);
  return out;
}

/**
 * Loads a Bound Profile Package through APDUs (ES10b LoadBoundProfilePackage): each payload of
 * {@link bppStoreDataPayloads} is one STORE DATA cycle. Returns the first non-empty response,
 * the ProfileInstallationResult (BF37), which a card sends after the last payload or earlier
 * on an error.
 * @throws Es10ApduError as {@link transmitEs10}, or `bad-response` when the card answered none.
 */
export async function loadBoundProfilePackageApdus(transmit: ApduTransmit, bpp: Uint8Array, options: TransmitEs10Options = {}): Promise<Uint8Array> {
  for (const payload of bppStoreDataPayloads(bpp)) {
    const r = await transmitEs10(transmit, payload, options);
    if (r.length > 0) return r;
  }
  throw new Es10ApduError('bad-response', 'LoadBoundProfilePackage: the card sent no ProfileInstallationResult after the last segment');
}

/** Options of {@link es10ApduEndpoint}. */
export interface Es10ApduEndpointOptions {
  /** The most octets of one command (a whole BPP included) the endpoint buffers; default 2 MiB. */
  readonly maxCommandBytes?: number;
}

/** The card side of {@link es10ApduEndpoint}. */
export interface Es10ApduEndpoint {
  /**
   * Handles one command APDU and returns the response APDU (data and status word). A malformed
   * APDU or command is answered with its status word; only an error of `execute` other than
   * an Asn1DecodeError is thrown.
   */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}

interface ChannelState {
  selected: boolean;
  /** The next STORE DATA block number, and the blocks of the command so far. */
  block: number;
  blocks: Uint8Array[];
  /** A BPP being received: its whole length and the payloads so far. */
  bpp: { total: number; parts: Uint8Array[]; received: number } | undefined;
  /** Response octets not yet fetched with GET RESPONSE. */
  pending: Uint8Array | undefined;
}

function sw(code: number, data?: Uint8Array): Uint8Array {
  const out = new Uint8Array((data?.length ?? 0) + 2);
  if (data) out.set(data);
  out[out.length - 2] = code >> 8;
  out[out.length - 1] = code & 0xff;
  return out;
}

/**
 * An ISD-R at the APDU level over `execute`, which runs one complete ES10 command TLV and
 * returns its response TLV (empty for none), e.g. the virtual eUICC of `sgp32/sim`. It answers
 * what an IPA sends (bindings.md §5):
 * - TERMINAL CAPABILITY (`80 AA`): `9000`;
 * - MANAGE CHANNEL open (`00 70 00 00`) and close (`00 70 80 0n`): channels 1–3;
 * - SELECT by AID (`0n A4 04 …`) of the ISD-R: `6114` and its FCI (`6F { 84 AID }`) by GET
 *   RESPONSE; another AID: `6A82`;
 * - STORE DATA (`8n E2`): blocks numbered from `00`, `9000` until the last (P1 `91`), then the
 *   command runs. A Bound Profile Package arrives as a series of cycles (SGP.22 §2.5.5): the
 *   first (BF36 header and BF23) tells its length; cycles are answered `9000` until it is
 *   complete, then it runs as one command;
 * - GET RESPONSE (`0n C0` or `8n C0`): up to Le octets of the pending response, `61xx` while
 *   more remain.
 *
 * Anything else gets an ISO/IEC 7816-4 error status: `6700` for a length that does not match,
 * `6E00` for another class, `6D00` for another instruction, `6A86` for a block out of order or
 * a bad P1/P2, `6985` for STORE DATA before SELECT or GET RESPONSE with nothing pending,
 * `6A84` for a command beyond `maxCommandBytes`, `6A80` when `execute` cannot read the command
 * (an Asn1DecodeError). An error ends the command being received on that channel.
 */
export function es10ApduEndpoint(execute: (command: Uint8Array) => Uint8Array | Promise<Uint8Array>, options: Es10ApduEndpointOptions = {}): Es10ApduEndpoint {
  const maxCommand = options.maxCommandBytes ?? 2 << 20;
  const channels = new Map<number, ChannelState>([[0, fresh()]]);
  function fresh(): ChannelState {
    return { selected: false, block: 0, blocks: [], bpp: undefined, pending: undefined };
  }
  function reset(ch: ChannelState): void {
    ch.block = 0;
    ch.blocks = [];
    ch.bpp = undefined;
  }
  function answer(ch: ChannelState, response: Uint8Array): Uint8Array {
    if (response.length === 0) return sw(SW.OK);
    ch.pending = response;
    return sw(0x6100 | (response.length >= 256 ? 0 : response.length));
  }
  async function run(ch: ChannelState, command: Uint8Array): Promise<Uint8Array> {
    let response: Uint8Array;
    try {
      response = await execute(command);
    } catch (err) {
      // A command the card cannot read is its answer 6A80; anything else (a failed write of
      // the state, a bug) is the host's failure and goes to the caller.
      if (err instanceof Asn1DecodeError) return sw(SW.WRONG_DATA);
      throw err;
    }
    return answer(ch, response);
  }
  async function storeData(ch: ChannelState, p1: number, p2: number, data: Uint8Array): Promise<Uint8Array> {
    if (!ch.selected) return sw(SW.CONDITIONS_NOT_SATISFIED);
    if ((p1 !== 0x11 && p1 !== 0x91) || p2 !== ch.block) {
      reset(ch);
      return sw(SW.WRONG_P1_P2);
    }
    ch.pending = undefined;
    ch.blocks.push(data.slice());
    ch.block++;
    const received = (ch.bpp?.received ?? 0) + ch.blocks.reduce((n, b) => n + b.length, 0);
    if (received > maxCommand) {
      reset(ch);
      return sw(SW.NOT_ENOUGH_MEMORY);
    }
    if (p1 === 0x11) {
      if (ch.block > 0xff) {
        reset(ch);
        return sw(SW.WRONG_P1_P2);
      }
      return sw(SW.OK);
    }
    const payload = concatBytes(ch.blocks);
    ch.block = 0;
    ch.blocks = [];
    const total = ch.bpp === undefined ? bppLengthOf(payload) : undefined;
    if (total === null) {
      reset(ch);
      return sw(SW.WRONG_DATA);
    }
    if (total !== undefined) {
      if (total > maxCommand) {
        reset(ch);
        return sw(SW.NOT_ENOUGH_MEMORY);
      }
      if (payload.length < total) {
        ch.bpp = { total, parts: [payload], received: payload.length };
        return sw(SW.OK);
      }
    } else if (ch.bpp !== undefined) {
      const b = ch.bpp;
      b.parts.push(payload);
      b.received += payload.length;
      if (b.received > b.total) {
        reset(ch);
        return sw(SW.WRONG_DATA);
      }
      if (b.received < b.total) return sw(SW.OK);
      ch.bpp = undefined;
      return run(ch, concatBytes(b.parts));
    }
    return run(ch, payload);
  }
  function getResponse(ch: ChannelState, p1: number, p2: number, le: number): Uint8Array {
    if (p1 !== 0 || p2 !== 0) return sw(SW.WRONG_P1_P2);
    const pending = ch.pending;
    if (pending === undefined) return sw(SW.CONDITIONS_NOT_SATISFIED);
    const n = Math.min(le === 0 ? 256 : le, pending.length);
    const rest = pending.subarray(n);
    ch.pending = rest.length > 0 ? rest : undefined;
    return sw(rest.length > 0 ? 0x6100 | (rest.length >= 256 ? 0 : rest.length) : SW.OK, pending.subarray(0, n));
  }
  function manageChannel(p1: number, p2: number, lcLe: Uint8Array): Uint8Array {
    if (p1 === 0x00 && p2 === 0x00) {
      if (lcLe.length > 1) return sw(SW.WRONG_LENGTH);
      for (let c = 1; c <= 3; c++) {
        if (!channels.has(c)) {
          channels.set(c, fresh());
          return sw(SW.OK, Uint8Array.of(c));
        }
      }
      return sw(SW.NO_CHANNEL_AVAILABLE);
    }
    if (p1 === 0x80 && p2 >= 1 && p2 <= 3 && channels.delete(p2)) return sw(SW.OK);
    return sw(SW.WRONG_P1_P2);
  }
  return {
    async transmit(apdu: Uint8Array): Promise<Uint8Array> {
      if (!(apdu instanceof Uint8Array) || apdu.length < 4) return sw(SW.WRONG_LENGTH);
      const [cla, ins, p1, p2] = apdu;
      // Lc and data (case 3 or 4), or Le alone (case 2), short form only.
      let data: Uint8Array = new Uint8Array(0);
      let le = 0;
      if (apdu.length === 5) le = apdu[4];
      else if (apdu.length > 5) {
        const lc = apdu[4];
        if (lc === 0 || (apdu.length !== 5 + lc && apdu.length !== 6 + lc)) return sw(SW.WRONG_LENGTH);
        data = apdu.subarray(5, 5 + lc);
        if (apdu.length === 6 + lc) le = apdu[5 + lc];
      }
      if ((cla & 0x7c) !== 0) return sw(SW.CLA_NOT_SUPPORTED);
      const ch = channels.get(cla & 0x03);
      if (ch === undefined) return sw(SW.CLA_NOT_SUPPORTED);
      const proprietary = (cla & 0x80) !== 0;
      if (ins === 0xaa && proprietary) return sw(SW.OK);
      if (ins === 0x70 && !proprietary) return manageChannel(p1, p2, apdu.subarray(4));
      if (ins === 0xa4 && !proprietary) {
        if (p1 !== 0x04) return sw(SW.WRONG_P1_P2);
        if (!equalBytes(data, ISD_R_AID)) return sw(SW.FILE_NOT_FOUND);
        ch.selected = true;
        reset(ch);
        // The FCI (ISO/IEC 7816-4 §5.3.3): 6F { 84 DF name }, fetched with GET RESPONSE like
        // any answer; IPAs expect 61xx here (bindings.md §5).
        return answer(ch, Uint8Array.of(0x6f, 2 + ISD_R_AID.length, 0x84, ISD_R_AID.length, ...ISD_R_AID));
      }
      if (ins === 0xe2 && proprietary) {
        if (data.length === 0) return sw(SW.WRONG_LENGTH);
        return storeData(ch, p1, p2, data);
      }
      if (ins === 0xc0) return getResponse(ch, p1, p2, le);
      return sw(SW.INS_NOT_SUPPORTED);
    },
  };
}

/** One command APDU and the response APDU the card gave to it, as a trace records them. */
export interface ApduExchange {
  readonly command: Uint8Array;
  readonly response: Uint8Array;
}

/** An ES10 command and its answer, put back together from a trace by {@link es10FromApdus}. */
export interface Es10Message {
  /** The logical channel (0–3). */
  readonly channel: number;
  /** The command TLV: the STORE DATA blocks joined, a BPP's series of cycles joined. */
  readonly command: Uint8Array;
  /** The response data, GET RESPONSE parts joined (empty when the card answered a status word alone). */
  readonly response: Uint8Array;
  /** The last status word. */
  readonly sw: number;
  /** Indexes of the first and last exchange that carried it. */
  readonly first: number;
  readonly last: number;
}

interface TraceChannel {
  first: number;
  block: number;
  blocks: Uint8Array[];
  /** A BPP whose series of cycles is not complete: its length and the payloads so far. */
  bpp: { total: number; parts: Uint8Array[] } | undefined;
  /** A command complete and answered 61xx: the response parts so far. */
  fetching: { command: Uint8Array; parts: Uint8Array[] } | undefined;
}

/**
 * The ES10 messages of an APDU trace (what an IPA sent to the ISD-R and what came back): STORE
 * DATA blocks joined into commands, GET RESPONSE parts joined into responses, per channel, and
 * the cycles of a Bound Profile Package (SGP.22 §2.5.5) joined into one BF36 command with the
 * answer that ended it. Other commands (SELECT, MANAGE CHANNEL, reads of other applications)
 * are passed over. What does not fit (a block out of order, a command left unfinished at the end)
 * is described in `notes`, naming the exchange by its number (from 1).
 */
export function es10FromApdus(exchanges: readonly ApduExchange[]): { messages: Es10Message[]; notes: string[] } {
  const messages: Es10Message[] = [];
  const notes: string[] = [];
  const channels = new Map<number, TraceChannel>();
  const stateOf = (c: number): TraceChannel => {
    let s = channels.get(c);
    if (s === undefined) channels.set(c, (s = { first: 0, block: 0, blocks: [], bpp: undefined, fetching: undefined }));
    return s;
  };
  const finish = (c: number, s: TraceChannel, command: Uint8Array, parts: readonly Uint8Array[], sw: number, last: number): void => {
    messages.push({ channel: c, command, response: concatBytes(parts), sw, first: s.first, last });
    s.fetching = undefined;
    s.bpp = undefined;
  };
  exchanges.forEach(({ command: apdu, response }, i) => {
    if (apdu.length < 4 || response.length < 2 || (apdu[0] & 0x7c) !== 0) return;
    const c = apdu[0] & 0x03;
    const ins = apdu[1];
    const { data: rdata, sw } = parseApduResponse(response);
    const s = stateOf(c);
    if (ins === 0xc0) {
      if (s.fetching === undefined) return;
      s.fetching.parts.push(rdata);
      if ((sw & 0xff00) !== 0x6100) finish(c, s, s.fetching.command, s.fetching.parts, sw, i);
      return;
    }
    if (ins !== 0xe2 || (apdu[0] & 0x80) === 0) return;
    const lc = apdu.length > 5 ? apdu[4] : 0;
    if (lc === 0 || apdu.length < 5 + lc) {
      notes.push(`exchange ${i + 1}: STORE DATA on channel ${c} without its data`);
      return;
    }
    if (s.fetching !== undefined) {
      notes.push(`exchange ${i + 1}: channel ${c}: a response was still being fetched (GET RESPONSE) when the next command began`);
      s.fetching = undefined;
    }
    const [p1, p2] = [apdu[2], apdu[3]];
    if (s.blocks.length === 0 && s.bpp === undefined) s.first = i;
    if (p2 !== s.block) {
      notes.push(`exchange ${i + 1}: channel ${c}: STORE DATA block ${p2} where block ${s.block} was due; the command so far is dropped`);
      s.blocks = [];
      s.block = 0;
      s.bpp = undefined;
      if (p2 !== 0) return;
      s.first = i;
    }
    s.blocks.push(apdu.subarray(5, 5 + lc));
    s.block++;
    if (p1 !== 0x91) return;
    let command = concatBytes(s.blocks);
    s.blocks = [];
    s.block = 0;
    if (s.bpp === undefined) {
      const total = bppLengthOf(command);
      if (total != null && command.length < total) s.bpp = { total, parts: [command] };
    } else {
      s.bpp.parts.push(command);
    }
    if (s.bpp !== undefined) {
      const received = s.bpp.parts.reduce((n, p) => n + p.length, 0);
      // Cycles of a BPP are answered 9000 alone until the last one, or an error ends it early.
      if (received < s.bpp.total && sw === SW.OK && rdata.length === 0) return;
      command = concatBytes(s.bpp.parts);
      if (received < s.bpp.total) notes.push(`exchange ${i + 1}: channel ${c}: the BoundProfilePackage ended after ${received} of ${s.bpp.total} octets`);
      s.bpp = undefined;
    }
    if ((sw & 0xff00) === 0x6100) s.fetching = { command, parts: [rdata] };
    else finish(c, s, command, [rdata], sw, i);
  });
  for (const [c, s] of channels) {
    if (s.fetching !== undefined) notes.push(`channel ${c}: the trace ends while the response of a command is being fetched`);
    else if (s.blocks.length > 0 || s.bpp !== undefined) notes.push(`channel ${c}: the trace ends inside a command (STORE DATA blocks or a BoundProfilePackage not complete)`);
  }
  return { messages, notes };
}
