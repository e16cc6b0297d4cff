/**
 * Finds SGP.32 / SGP.22 payloads in packet captures, without any platform API (it runs in the
 * browser page and under Node alike).
 *
 * What it reads:
 * - files: classic pcap (both byte orders, microsecond and nanosecond magic) and pcapng
 *   (Section Header, Interface Description, Enhanced / Simple / obsolete Packet blocks; other
 *   blocks are skipped);
 * - links: Ethernet (with 802.1Q / 802.1ad tags), raw IP, BSD loopback (NULL and LOOP),
 *   Linux cooked capture v1 and v2;
 * - IPv4 (unfragmented; fragments are counted in `notes`) and IPv6 (extension headers skipped);
 * - TCP, reassembled per direction by sequence number ("lite": in-order data from the first
 *   segment seen, retransmissions dropped, a gap ends the stream), then HTTP/1.1 messages with
 *   `Content-Length` or chunked bodies;
 * - UDP carrying CoAP (RFC 7252) messages with a payload, block-wise transfers (RFC 7959 Block1
 *   and Block2) put back together.
 *
 * Which payloads it lists (see ../shared/spec/esipa.md §2, §6, §7):
 * - an HTTP body of type `application/x-gsma-rsp-asn1` (the ASN.1 binding of ESipa and ES9+),
 *   when it is one complete DER/BER TLV;
 * - every string member of an `application/json` body that is base64 of one complete TLV
 *   (the JSON bindings carry `euiccInfo1`, `authenticateServerResponse`, … that way);
 * - the payload of a CoAP message when it is one complete TLV (no CoAP binding is published;
 *   SGP.32 only names CoAPS as a transport).
 * ESipa and ES9+ messages are named with the bindings' own tables (src/esipa/recognise.ts): the
 * function, and the ASN.1 type of each payload (the envelope of an ASN.1 body, the type of each
 * base64 member of a JSON body).
 * Encrypted traffic (TLS, DTLS) cannot be read and is not listed.
 *
 * @module
 */

import { recogniseAsn1Body, recogniseJsonBody, type RecognisedMessage } from '../esipa/recognise.js';
import { readHeader } from '../der/header.js';
import { isOneTlv, parseBase64 } from './input.js';

/** Why a capture file cannot be read at all. */
export type CaptureErrorCode = 'not-a-capture' | 'truncated' | 'bad-block';

/** A capture file whose container is malformed; `offset` is absolute in the file. */
export class CaptureFormatError extends Error {
  override readonly name = 'CaptureFormatError';
  constructor(
    readonly code: CaptureErrorCode,
    readonly offset: number,
    readonly detail: string,
  ) {
    super(`${detail} (${code}, offset ${offset})`);
  }
}

/** One SGP.32/SGP.22 payload found in a capture. */
export interface CapturedPayload {
  /** 1-based frame number of the packet that completed the payload. */
  readonly frame: number;
  /** Capture time of that frame, seconds since the epoch (fractional). */
  readonly time: number;
  readonly transport: 'http' | 'coap';
  /** `'asn1'` for a binary body, `'json'` for a base64 member of a JSON body. */
  readonly binding: 'asn1' | 'json';
  readonly direction: 'request' | 'response';
  /** Source and destination as `address:port` (IPv6 in brackets). */
  readonly source: string;
  readonly destination: string;
  /** Request line (`POST /gsma/rsp2/asn1`), or status plus the request it answers, or the CoAP code and path. */
  readonly summary: string;
  /** JSON member path (`authenticateServerResponse`, `a.b[2]`) for the JSON binding. */
  readonly field?: string;
  /** The ESipa or ES9+ function, when the binding tables recognise the message (`ESipa getEimPackage`). */
  readonly function?: string;
  /** The ASN.1 type of the payload (`SGP32Definitions.AuthenticateServerResponse`), when recognised. */
  readonly type?: string;
  /** The payload: one complete TLV. */
  readonly bytes: Uint8Array;
}

/** What {@link scanCapture} found. */
export interface CaptureScan {
  readonly format: 'pcap' | 'pcapng';
  /** Number of packets read. */
  readonly frames: number;
  readonly payloads: CapturedPayload[];
  /** Things skipped on purpose (unknown link types, IP fragments, gaps, TLS), one line each. */
  readonly notes: string[];
}

/**
 * The container format of `bytes` from its magic number, or null when it is not a capture.
 * @throws TypeError when `bytes` is not a Uint8Array.
 */
export function captureFormat(bytes: Uint8Array): 'pcap' | 'pcapng' | null {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`bytes: expected a Uint8Array, got ${typeof bytes}`);
  if (bytes.length < 4) return null;
  const m = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  if (m === 0x0a0d0d0a) return 'pcapng';
  if (m === 0xa1b2c3d4 || m === 0xd4c3b2a1 || m === 0xa1b23c4d || m === 0x4d3cb2a1) return 'pcap';
  return null;
}

/** One link-layer frame out of the container. */
interface Frame {
  readonly n: number;
  readonly time: number;
  readonly link: number;
  readonly data: Uint8Array;
}

const ASN1_TYPE = 'application/x-gsma-rsp-asn1';

/**
 * Reads a pcap or pcapng file and lists the SGP.32/SGP.22 payloads it carries in clear text.
 *
 * @param bytes the whole capture file.
 * @returns the payloads in the order their last byte was captured, with notes on what was skipped.
 * @throws TypeError when `bytes` is not a Uint8Array; {@link CaptureFormatError} `not-a-capture`
 *   when the magic number is unknown, `truncated` / `bad-block` when the container is cut or malformed
 *   (packet contents never throw: a malformed packet is skipped with a note).
 * @example
 * ```ts
 * const { payloads } = scanCapture(fileBytes);
 * const first = EsipaMessageFromIpaToEim.decode(payloads[0].bytes);
 * ```
 */
export function scanCapture(bytes: Uint8Array): CaptureScan {
  const format = captureFormat(bytes);
  if (format === null) throw new CaptureFormatError('not-a-capture', 0, 'not a pcap or pcapng file (unknown magic number)');
  const notes = new Set<string>();
  const frames = format === 'pcap' ? readPcap(bytes) : readPcapng(bytes);
  const state = new Scanner(notes);
  for (const f of frames) state.frame(f);
  state.flush();
  const payloads = state.payloads.sort((a, b) => a.order - b.order).map((p) => p.payload);
  return { format, frames: frames.length, payloads, notes: [...notes] };
}

// ---------------------------------------------------------------------------------------------
// Containers

function u16(b: Uint8Array, o: number, le: boolean): number {
  return le ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1];
}

function u32(b: Uint8Array, o: number, le: boolean): number {
  return (le ? b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24) : (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function readPcap(b: Uint8Array): Frame[] {
  if (b.length < 24) throw new CaptureFormatError('truncated', b.length, `pcap header needs 24 bytes, file has ${b.length}`);
  const magic = u32(b, 0, false);
  const le = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const link = u32(b, 20, le) & 0x0fffffff;
  const frames: Frame[] = [];
  let o = 24;
  while (o < b.length) {
    if (o + 16 > b.length) throw new CaptureFormatError('truncated', o, `packet record header needs 16 bytes, ${b.length - o} left`);
    const sec = u32(b, o, le);
    const frac = u32(b, o + 4, le);
    const incl = u32(b, o + 8, le);
    if (o + 16 + incl > b.length) throw new CaptureFormatError('truncated', o + 8, `packet of ${incl} bytes runs past the end of the file`);
    frames.push({ n: frames.length + 1, time: sec + frac / (nano ? 1e9 : 1e6), link, data: b.subarray(o + 16, o + 16 + incl) });
    o += 16 + incl;
  }
  return frames;
}

function readPcapng(b: Uint8Array): Frame[] {
  const frames: Frame[] = [];
  let le = true;
  let ifaces: { link: number; tsDiv: number }[] = [];
  let o = 0;
  while (o < b.length) {
    if (o + 12 > b.length) throw new CaptureFormatError('truncated', o, `block header needs 12 bytes, ${b.length - o} left`);
    const typeBe = u32(b, o, false);
    if (typeBe === 0x0a0d0d0a) {
      const bom = u32(b, o + 8, false);
      if (bom === 0x1a2b3c4d) le = false;
      else if (bom === 0x4d3c2b1a) le = true;
      else throw new CaptureFormatError('bad-block', o + 8, 'section header with an unknown byte-order magic');
      ifaces = [];
    }
    const type = u32(b, o, le);
    const len = u32(b, o + 4, le);
    if (len < 12 || len % 4 !== 0) throw new CaptureFormatError('bad-block', o + 4, `block length ${len} is not a multiple of 4 of at least 12`);
    if (o + len > b.length) throw new CaptureFormatError('truncated', o + 4, `block of ${len} bytes runs past the end of the file`);
    if (u32(b, o + len - 4, le) !== len) throw new CaptureFormatError('bad-block', o + len - 4, 'trailing block length differs from the leading one');
    const body = b.subarray(o + 8, o + len - 4);
    if (type === 1) {
      if (body.length < 8) throw new CaptureFormatError('bad-block', o, 'interface description block too short');
      ifaces.push({ link: u16(body, 0, le), tsDiv: tsResolution(body.subarray(8), le) });
    } else if (type === 6 || type === 2) {
      if (body.length < 20) throw new CaptureFormatError('bad-block', o, 'packet block too short');
      const id = type === 6 ? u32(body, 0, le) : u16(body, 0, le);
      const iface = ifaces[id];
      if (iface === undefined) throw new CaptureFormatError('bad-block', o + 8, `packet on undeclared interface ${id}`);
      const hi = u32(body, 4, le);
      const lo = u32(body, 8, le);
      const cap = u32(body, 12, le);
      if (20 + cap > body.length) throw new CaptureFormatError('bad-block', o + 20, `captured length ${cap} exceeds the block`);
      frames.push({ n: frames.length + 1, time: (hi * 4294967296 + lo) / iface.tsDiv, link: iface.link, data: body.subarray(20, 20 + cap) });
    } else if (type === 3) {
      const iface = ifaces[0];
      if (iface === undefined) throw new CaptureFormatError('bad-block', o, 'simple packet block before any interface');
      const orig = u32(body, 0, le);
      frames.push({ n: frames.length + 1, time: 0, link: iface.link, data: body.subarray(4, 4 + Math.min(orig, body.length - 4)) });
    }
    o += len;
  }
  return frames;
}

/** Timestamp units per second from an IDB's if_tsresol option (default microseconds). */
function tsResolution(opts: Uint8Array, le: boolean): number {
  let o = 0;
  while (o + 4 <= opts.length) {
    const code = u16(opts, o, le);
    const len = u16(opts, o + 2, le);
    if (code === 0) break;
    if (code === 9 && len >= 1 && o + 4 < opts.length) {
      const v = opts[o + 4];
      return v & 0x80 ? 2 ** (v & 0x7f) : 10 ** (v & 0x7f);
    }
    o += 4 + ((len + 3) & ~3);
  }
  return 1e6;
}

// ---------------------------------------------------------------------------------------------
// Packets

interface Flow {
  readonly key: string;
  readonly source: string;
  readonly destination: string;
  /** Next expected sequence number; undefined until the first segment with data or SYN. */
  next: number | undefined;
  /** Segments that arrived ahead of `next`, by sequence number. */
  pending: Map<number, { data: Uint8Array; frame: Frame }>;
  /** In-order bytes not yet consumed as HTTP messages, with the frame of each chunk's end. */
  buf: Uint8Array;
  /** Frame that delivered each byte range of `buf`: [end offset, frame]. */
  marks: { end: number; frame: Frame }[];
  closed: boolean;
  /** Request summaries waiting for their response (HTTP/1.1 answers in order). */
  requests: string[];
  reverse?: Flow;
}

class Scanner {
  readonly payloads: { order: number; payload: CapturedPayload }[] = [];
  private readonly flows = new Map<string, Flow>();
  private order = 0;

  constructor(private readonly notes: Set<string>) {}

  frame(f: Frame): void {
    const ip = this.link(f);
    if (ip) this.ip(f, ip.data, ip.version);
  }

  /** Finds the IP packet inside a link-layer frame. */
  private link(f: Frame): { data: Uint8Array; version: 4 | 6 } | null {
    const d = f.data;
    let type: number;
    let off: number;
    switch (f.link) {
      case 1: {
        if (d.length < 14) return null;
        off = 12;
        type = (d[off] << 8) | d[off + 1];
        off += 2;
        while ((type === 0x8100 || type === 0x88a8) && off + 4 <= d.length) {
          type = (d[off + 2] << 8) | d[off + 3];
          off += 4;
        }
        break;
      }
      case 101:
      case 12:
      case 14:
        return this.rawIp(d);
      case 0:
      case 108: {
        if (d.length < 4) return null;
        const fam = f.link === 0 ? (d[0] !== 0 ? d[0] : d[3]) : d[3];
        if (fam === 2) return { data: d.subarray(4), version: 4 };
        if (fam === 24 || fam === 28 || fam === 30 || fam === 10) return { data: d.subarray(4), version: 6 };
        return null;
      }
      case 113:
        if (d.length < 16) return null;
        type = (d[14] << 8) | d[15];
        off = 16;
        break;
      case 276:
        if (d.length < 20) return null;
        type = (d[0] << 8) | d[1];
        off = 20;
        break;
      default:
        this.notes.add(`link type ${f.link} is not supported; its packets were skipped`);
        return null;
    }
    if (type === 0x0800) return { data: d.subarray(off), version: 4 };
    if (type === 0x86dd) return { data: d.subarray(off), version: 6 };
    return null;
  }

  private rawIp(d: Uint8Array): { data: Uint8Array; version: 4 | 6 } | null {
    if (d.length < 1) return null;
    const v = d[0] >> 4;
    return v === 4 ? { data: d, version: 4 } : v === 6 ? { data: d, version: 6 } : null;
  }

  private ip(f: Frame, d: Uint8Array, version: 4 | 6): void {
    let proto: number;
    let payload: Uint8Array;
    let src: string;
    let dst: string;
    if (version === 4) {
      if (d.length < 20 || d[0] >> 4 !== 4) return;
      const ihl = (d[0] & 15) * 4;
      const total = (d[2] << 8) | d[3];
      if (ihl < 20 || total < ihl || total > d.length) return;
      const flagsFrag = (d[6] << 8) | d[7];
      if ((flagsFrag & 0x2000) !== 0 || (flagsFrag & 0x1fff) !== 0) {
        this.notes.add('fragmented IPv4 packets are not reassembled; they were skipped');
        return;
      }
      proto = d[9];
      src = `${d[12]}.${d[13]}.${d[14]}.${d[15]}`;
      dst = `${d[16]}.${d[17]}.${d[18]}.${d[19]}`;
      payload = d.subarray(ihl, total);
    } else {
      if (d.length < 40 || d[0] >> 4 !== 6) return;
      const plen = (d[4] << 8) | d[5];
      if (40 + plen > d.length) return;
      proto = d[6];
      src = `[${ipv6Text(d.subarray(8, 24))}]`;
      dst = `[${ipv6Text(d.subarray(24, 40))}]`;
      payload = d.subarray(40, 40 + plen);
      // Hop-by-hop, routing, destination options: skip; fragment header: give up.
      while (proto === 0 || proto === 43 || proto === 60 || proto === 44) {
        if (proto === 44) {
          this.notes.add('fragmented IPv6 packets are not reassembled; they were skipped');
          return;
        }
        if (payload.length < 8) return;
        const hlen = (payload[1] + 1) * 8;
        if (hlen > payload.length) return;
        proto = payload[0];
        payload = payload.subarray(hlen);
      }
    }
    if (proto === 6) this.tcp(f, payload, src, dst);
    else if (proto === 17) this.udp(f, payload, src, dst);
  }

  private udp(f: Frame, d: Uint8Array, src: string, dst: string): void {
    if (d.length < 8) return;
    const sp = (d[0] << 8) | d[1];
    const dp = (d[2] << 8) | d[3];
    const len = (d[4] << 8) | d[5];
    if (len < 8 || len > d.length) return;
    const data = d.subarray(8, len);
    if (sp === 5684 || dp === 5684) {
      this.notes.add('DTLS (CoAPS, port 5684) is encrypted; those datagrams were skipped');
      return;
    }
    const coap = parseCoap(data);
    if (coap === null || coap.payload.length === 0) return;
    const source = `${src}:${sp}`;
    const destination = `${dst}:${dp}`;
    let payload = coap.payload;
    let summary = `CoAP ${coap.codeText}${coap.path ? ' ' + coap.path : ''}`;
    // Block-wise transfer (RFC 7959): Block1 carries a request body, Block2 a response body.
    const block = coap.code < 64 ? coap.block1 : coap.block2;
    if (block !== undefined) {
      const whole = this.block(`${source}>${destination} ${coap.code < 64 ? coap.path : ''}`, block, payload);
      if (whole === null) return;
      payload = whole.bytes;
      summary += ` (${whole.blocks} blocks)`;
    }
    if (!isOneTlv(payload)) return;
    const direction = coap.code < 64 ? 'request' : 'response';
    this.add(f, { transport: 'coap', binding: 'asn1', direction, source, destination, summary, bytes: payload, ...named(recogniseAsn1Body(payload, direction)) });
  }

  private readonly blocks = new Map<string, { size: number; parts: Map<number, Uint8Array>; last: number }>();

  /** Collects one block; returns the body once every block up to the last (M = 0) is there. */
  private block(key: string, value: number, data: Uint8Array): { bytes: Uint8Array; blocks: number } | null {
    const num = value >>> 4;
    const more = (value & 8) !== 0;
    const size = 1 << ((value & 7) + 4);
    let acc = this.blocks.get(key);
    // A second block 0 starts a new transfer on the same endpoints (the previous one lost a block).
    if (acc === undefined || (num === 0 && acc.parts.has(0))) {
      acc = { size, parts: new Map(), last: -1 };
      this.blocks.set(key, acc);
    }
    // A block's position is NUM times the size it was sent with (RFC 7959 §2.2).
    acc.parts.set(num * size, data);
    if (!more) acc.last = num * size;
    if (acc.last < 0) return null;
    const offsets = [...acc.parts.keys()].sort((a, b) => a - b);
    let end = 0;
    for (const o of offsets) {
      if (o !== end) return null;
      end += acc.parts.get(o)!.length;
    }
    const bytes = new Uint8Array(end);
    for (const o of offsets) bytes.set(acc.parts.get(o)!, o);
    this.blocks.delete(key);
    return { bytes, blocks: offsets.length };
  }

  private tcp(f: Frame, d: Uint8Array, src: string, dst: string): void {
    if (d.length < 20) return;
    const sp = (d[0] << 8) | d[1];
    const dp = (d[2] << 8) | d[3];
    const seq = ((d[4] << 24) | (d[5] << 16) | (d[6] << 8) | d[7]) >>> 0;
    const doff = (d[12] >> 4) * 4;
    const flags = d[13];
    if (doff < 20 || doff > d.length) return;
    const data = d.subarray(doff);
    const source = `${src}:${sp}`;
    const destination = `${dst}:${dp}`;
    const key = `${source}>${destination}`;
    let flow = this.flows.get(key);
    if (flow === undefined || (flags & 0x02) !== 0) {
      if (flow !== undefined) this.drain(flow, true);
      flow = { key, source, destination, next: undefined, pending: new Map(), buf: new Uint8Array(0), marks: [], closed: false, requests: [] };
      this.flows.set(key, flow);
      const rev = this.flows.get(`${destination}>${source}`);
      if (rev) {
        flow.reverse = rev;
        rev.reverse = flow;
      }
    }
    if ((flags & 0x02) !== 0) flow.next = (seq + 1) >>> 0;
    if (data.length > 0) {
      if (flow.next === undefined) flow.next = seq;
      this.segment(flow, seq, data, f);
    }
    if ((flags & 0x05) !== 0) {
      this.drain(flow, true);
      flow.closed = true;
    }
  }

  private segment(flow: Flow, seq: number, data: Uint8Array, f: Frame): void {
    if (flow.closed) return;
    const next = flow.next as number;
    const delta = (seq - next) | 0;
    if (delta > 0) {
      if (!flow.pending.has(seq)) flow.pending.set(seq, { data, frame: f });
      return;
    }
    if (-delta >= data.length) return; // retransmission of bytes already taken
    this.append(flow, data.subarray(-delta), f);
    for (;;) {
      const more = flow.pending.get(flow.next as number);
      if (more === undefined) break;
      flow.pending.delete(flow.next as number);
      this.append(flow, more.data, more.frame);
    }
    this.drain(flow, false);
  }

  private append(flow: Flow, data: Uint8Array, f: Frame): void {
    const buf = new Uint8Array(flow.buf.length + data.length);
    buf.set(flow.buf);
    buf.set(data, flow.buf.length);
    flow.buf = buf;
    flow.marks.push({ end: buf.length, frame: f });
    flow.next = ((flow.next as number) + data.length) >>> 0;
  }

  /** Consumes every complete HTTP message at the start of the flow's buffer. */
  private drain(flow: Flow, atEnd: boolean): void {
    for (;;) {
      if (flow.buf.length === 0) return;
      const msg = parseHttp(flow.buf, atEnd);
      if (msg === 'incomplete') return;
      if (msg === null) {
        if (looksLikeTls(flow.buf)) this.notes.add('TLS streams are encrypted; they were skipped');
        flow.buf = new Uint8Array(0);
        flow.marks = [];
        return;
      }
      const mark = flow.marks.find((m) => m.end >= msg.length) ?? flow.marks[flow.marks.length - 1];
      let summary: string;
      let path: string | undefined;
      if (msg.kind === 'request') {
        summary = `${msg.method} ${msg.target}`;
        path = msg.target;
        flow.requests.push(summary);
      } else {
        const req = flow.reverse?.requests.shift();
        summary = `${msg.status}${req ? ` (answer to ${req})` : ''}`;
        path = req?.slice(req.indexOf(' ') + 1);
      }
      this.httpPayloads(mark.frame, flow, msg, summary, path);
      flow.buf = flow.buf.subarray(msg.length);
      flow.marks = flow.marks.filter((m) => m.end > msg.length).map((m) => ({ end: m.end - msg.length, frame: m.frame }));
    }
  }

  private httpPayloads(f: Frame, flow: Flow, msg: HttpMessage, summary: string, path: string | undefined): void {
    const base = { transport: 'http' as const, direction: msg.kind, source: flow.source, destination: flow.destination, summary };
    const type = (msg.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (msg.body.length === 0) return;
    if (msg.headers.has('content-encoding') && msg.headers.get('content-encoding') !== 'identity') {
      this.notes.add(`HTTP bodies with Content-Encoding ${msg.headers.get('content-encoding')} are not decompressed`);
      return;
    }
    if (type === ASN1_TYPE) {
      if (isOneTlv(msg.body)) this.add(f, { ...base, binding: 'asn1', bytes: msg.body, ...named(recogniseAsn1Body(msg.body, msg.kind)) });
      else this.notes.add(`frame ${f.n}: an ${ASN1_TYPE} body is not one complete TLV; it was skipped`);
      return;
    }
    if (type === 'application/json' || type.endsWith('+json')) {
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(msg.body));
      } catch (err) {
        if (!(err instanceof SyntaxError) && !(err instanceof TypeError)) throw err;
        this.notes.add(`frame ${f.n}: a JSON body does not parse; it was skipped`);
        return;
      }
      // The binding's own member tables name each base64 member's type; other JSON is searched.
      const known = path === undefined ? undefined : recogniseJsonBody(path, msg.kind, json);
      const parts = known ? known.parts.filter((p) => isOneTlv(p.bytes)) : [...base64Members(json, '')];
      for (const p of parts) this.add(f, { ...base, binding: 'json', field: p.field, bytes: p.bytes, ...named(known, 'type' in p ? p.type : undefined) });
    }
  }

  private add(f: Frame, p: Omit<CapturedPayload, 'frame' | 'time'>): void {
    this.payloads.push({ order: f.n * 1e6 + this.order++, payload: { frame: f.n, time: f.time, ...p } });
  }

  flush(): void {
    for (const flow of this.flows.values()) this.drain(flow, true);
  }
}

/** The function and type fields of a payload the ESipa/ES9+ tables recognised. */
function named(r: RecognisedMessage | undefined, type = r?.parts[0]?.type): { function?: string; type?: string } {
  if (r === undefined) return {};
  return { function: `${r.interface} ${r.function}`, ...(type !== undefined ? { type } : {}) };
}

function looksLikeTls(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] >= 0x14 && b[0] <= 0x17 && b[1] === 3;
}

function ipv6Text(a: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((a[i] << 8) | a[i + 1]);
  // Longest run of zero groups (length ≥ 2) becomes "::" (RFC 5952 §4.2).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

// ---------------------------------------------------------------------------------------------
// HTTP/1.1

interface HttpMessage {
  readonly kind: 'request' | 'response';
  readonly method: string;
  readonly target: string;
  readonly status: string;
  readonly headers: Map<string, string>;
  readonly body: Uint8Array;
  /** Bytes the whole message takes in the stream. */
  readonly length: number;
}

function indexOfCrlfCrlf(b: Uint8Array, from: number): number {
  for (let i = from; i + 3 < b.length; i++) if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i;
  return -1;
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

/**
 * One HTTP/1.1 message at the start of `b`: the message, `'incomplete'` when more bytes are
 * needed, or null when `b` does not start with an HTTP message.
 */
function parseHttp(b: Uint8Array, atEnd: boolean): HttpMessage | 'incomplete' | null {
  const head = latin1(b.subarray(0, Math.min(b.length, 16)));
  const isResponse = head.startsWith('HTTP/1.');
  if (!isResponse && !/^[A-Z]{3,10} /.test(head)) return head.length < 16 && /^[A-Z]*$/.test(head) && !atEnd ? 'incomplete' : null;
  const end = indexOfCrlfCrlf(b, 0);
  if (end < 0) return atEnd || b.length > 65536 ? null : 'incomplete';
  const lines = latin1(b.subarray(0, end)).split('\r\n');
  const start = lines[0].split(' ');
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const bodyStart = end + 4;
  let body: Uint8Array;
  let length: number;
  const te = (headers.get('transfer-encoding') ?? '').toLowerCase();
  if (te.includes('chunked')) {
    const chunks = dechunk(b, bodyStart);
    if (chunks === 'incomplete') return atEnd ? null : 'incomplete';
    if (chunks === null) return null;
    body = chunks.body;
    length = chunks.end;
  } else if (headers.has('content-length')) {
    const n = Number(headers.get('content-length'));
    if (!Number.isSafeInteger(n) || n < 0) return null;
    if (bodyStart + n > b.length) return atEnd ? null : 'incomplete';
    body = b.subarray(bodyStart, bodyStart + n);
    length = bodyStart + n;
  } else if (isResponse && !atEnd && !/^(1\d\d|204|304)$/.test(start[1] ?? '')) {
    // A response without a length ends with the connection.
    return 'incomplete';
  } else {
    body = isResponse ? b.subarray(bodyStart) : new Uint8Array(0);
    length = isResponse ? b.length : bodyStart;
  }
  return {
    kind: isResponse ? 'response' : 'request',
    method: isResponse ? '' : start[0],
    target: isResponse ? '' : (start[1] ?? ''),
    status: isResponse ? start.slice(1).join(' ') : '',
    headers,
    body,
    length,
  };
}

function dechunk(b: Uint8Array, from: number): { body: Uint8Array; end: number } | 'incomplete' | null {
  const parts: Uint8Array[] = [];
  let o = from;
  for (;;) {
    let eol = -1;
    for (let i = o; i + 1 < b.length; i++) if (b[i] === 13 && b[i + 1] === 10) { eol = i; break; }
    if (eol < 0) return 'incomplete';
    const size = parseInt(latin1(b.subarray(o, eol)).split(';')[0].trim(), 16);
    if (!Number.isSafeInteger(size) || size < 0) return null;
    o = eol + 2;
    if (size === 0) {
      // Optional trailers, then an empty line.
      const fin = latin1(b.subarray(o, o + 2)) === '\r\n' ? o + 2 : indexOfCrlfCrlf(b, o);
      if (fin < 0) return 'incomplete';
      const end = fin === o + 2 ? fin : fin + 4;
      const total = parts.reduce((n, p) => n + p.length, 0);
      const body = new Uint8Array(total);
      let k = 0;
      for (const p of parts) {
        body.set(p, k);
        k += p.length;
      }
      return { body, end };
    }
    if (o + size + 2 > b.length) return 'incomplete';
    parts.push(b.subarray(o, o + size));
    o += size + 2;
  }
}

// ---------------------------------------------------------------------------------------------
// JSON members carrying base64 DER

/** Standard (or URL-safe) base64 to bytes; null when the text is not base64 or empty. */
export function base64ToBytes(text: string): Uint8Array | null {
  return parseBase64(text) ?? null;
}

function* base64Members(v: unknown, path: string): Generator<{ field: string; bytes: Uint8Array }> {
  if (typeof v === 'string') {
    if (v.length < 4) return;
    const bytes = base64ToBytes(v);
    // Hex strings (transactionId) are also valid base64; a TLV test tells them apart well enough.
    if (bytes !== null && bytes.length >= 2 && isOneTlv(bytes) && !/^[0-9A-Fa-f]+$/.test(v)) yield { field: path || '(body)', bytes };
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield* base64Members(v[i], `${path}[${i}]`);
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) yield* base64Members(x, path ? `${path}.${k}` : k);
  }
}

/** The one-TLV test of the input reader, for the callers that know it from here. */
export { isOneTlv };

// ---------------------------------------------------------------------------------------------
// CoAP (RFC 7252 §3)

const COAP_METHODS = ['EMPTY', 'GET', 'POST', 'PUT', 'DELETE', 'FETCH', 'PATCH', 'iPATCH'];

interface CoapMessage {
  readonly code: number;
  readonly codeText: string;
  readonly path: string;
  /** Block1 / Block2 option values (RFC 7959 §2.2), when present. */
  readonly block1?: number;
  readonly block2?: number;
  readonly payload: Uint8Array;
}

function uint(b: Uint8Array): number {
  let v = 0;
  for (const x of b) v = v * 256 + x;
  return v;
}

function parseCoap(d: Uint8Array): CoapMessage | null {
  if (d.length < 4 || d[0] >> 6 !== 1) return null;
  const tkl = d[0] & 15;
  if (tkl > 8) return null;
  const code = d[1];
  let o = 4 + tkl;
  if (o > d.length) return null;
  let opt = 0;
  const path: string[] = [];
  let block1: number | undefined;
  let block2: number | undefined;
  while (o < d.length && d[o] !== 0xff) {
    let delta = d[o] >> 4;
    let len = d[o] & 15;
    o++;
    if (delta === 15 || len === 15) return null;
    if (o + (delta === 13 ? 1 : delta === 14 ? 2 : 0) + (len === 13 ? 1 : len === 14 ? 2 : 0) > d.length) return null;
    if (delta === 13) delta = 13 + d[o++];
    else if (delta === 14) {
      delta = 269 + ((d[o] << 8) | d[o + 1]);
      o += 2;
    }
    if (len === 13) len = 13 + d[o++];
    else if (len === 14) {
      len = 269 + ((d[o] << 8) | d[o + 1]);
      o += 2;
    }
    if (o + len > d.length) return null;
    opt += delta;
    if (opt === 11) path.push(new TextDecoder().decode(d.subarray(o, o + len)));
    else if (opt === 27 && len <= 3) block1 = uint(d.subarray(o, o + len));
    else if (opt === 23 && len <= 3) block2 = uint(d.subarray(o, o + len));
    o += len;
  }
  const payload = o < d.length ? d.subarray(o + 1) : new Uint8Array(0);
  if (o < d.length && payload.length === 0) return null; // marker with no payload is a format error
  const cls = code >> 5;
  const detail = code & 31;
  const codeText = cls === 0 ? (COAP_METHODS[detail] ?? `0.${detail}`) : `${cls}.${String(detail).padStart(2, '0')}`;
  return { code, codeText, path: path.length ? '/' + path.join('/') : '', payload, ...(block1 !== undefined ? { block1 } : {}), ...(block2 !== undefined ? { block2 } : {}) };
}
