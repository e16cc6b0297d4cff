/**
 * Writes packet captures for the capture-scanner tests and the browser tests: pcap / pcapng
 * containers around Ethernet, IPv4/IPv6, TCP and UDP, HTTP/1.1 and CoAP, carrying ESipa
 * messages built with the generated codecs. Independent of src/inspect/capture.ts (it only
 * writes; the scanner only reads).
 */
import { EUICCInfo1, EsipaMessageFromIpaToEim, GetEimPackageResponse } from '../../src/index.js';
import { concat, hex } from '../support/bytes.js';

export { concat, hex };

const enc = new TextEncoder();

export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function be16(n: number): Uint8Array {
  return Uint8Array.of(n >> 8, n & 255);
}
function be32(n: number): Uint8Array {
  return Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
}
function le16(n: number): Uint8Array {
  return Uint8Array.of(n & 255, n >> 8);
}
function le32(n: number): Uint8Array {
  return Uint8Array.of(n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24);
}

/** The ESipa messages the captures carry, encoded by the codecs. */
export function esipaMessages() {
  const eid = hex('89049032123451234512345678901235');
  const getEimPackageRequest = EsipaMessageFromIpaToEim.encode({ $case: 'getEimPackageRequest', value: { eidValue: eid, notifyStateChange: null } });
  // EsipaMessageFromEimToIpa is an untagged CHOICE: its encoding is the alternative's, BF4F here.
  const getEimPackageResponse = GetEimPackageResponse.encode({
      $case: 'euiccPackageRequest',
      value: {
        euiccPackageSigned: {
          eimId: 'eim.example.test',
          eidValue: eid,
          counterValue: 7,
          eimTransactionId: hex('00112233445566778899aabbccddeeff'),
          euiccPackage: { $case: 'psmoList', value: [{ $case: 'enable', value: { iccid: hex('98001032547698103214'), rollbackFlag: null } }] },
        },
        eimSignature: new Uint8Array(64).map((_, i) => i * 3),
      },
  });
  const euiccInfo1 = EUICCInfo1.encode({
    svn: hex('020500'),
    euiccCiPKIdListForVerification: [hex('f54172bdf98a95d65cbeb88a38a1c11d800a85c3')],
    euiccCiPKIdListForSigning: [hex('f54172bdf98a95d65cbeb88a38a1c11d800a85c3')],
  });
  const initiateAuthentication = EsipaMessageFromIpaToEim.encode({
    $case: 'initiateAuthenticationRequestEsipa',
    value: { euiccChallenge: new Uint8Array(16).fill(0xa5), smdpAddress: 'smdp.example.test', euiccInfo1: EUICCInfo1.decode(euiccInfo1) },
  });
  const noPackage = GetEimPackageResponse.encode({ $case: 'eimPackageError', value: 1 });
  return { eid, getEimPackageRequest, getEimPackageResponse, euiccInfo1, initiateAuthentication, noPackage };
}

export interface Endpoint {
  ip: string;
  port: number;
}

function ipv4(s: string): Uint8Array {
  return Uint8Array.from(s.split('.').map(Number));
}

function ipv6(s: string): Uint8Array {
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t].map((g) => parseInt(g, 16));
  return concat(...groups.map(be16));
}

/** An IPv4 or IPv6 packet (chosen by the address form) around a transport segment. */
export function ipPacket(src: string, dst: string, proto: number, payload: Uint8Array): Uint8Array {
  if (src.includes(':')) {
    return concat(Uint8Array.of(0x60, 0, 0, 0), be16(payload.length), Uint8Array.of(proto, 64), ipv6(src), ipv6(dst), payload);
  }
  const header = concat(Uint8Array.of(0x45, 0), be16(20 + payload.length), be16(0x1234), Uint8Array.of(0x40, 0, 64, proto, 0, 0), ipv4(src), ipv4(dst));
  return concat(header, payload);
}

export function ethernet(ip: Uint8Array, vlan = false): Uint8Array {
  const type = (ip[0] >> 4) === 6 ? 0x86dd : 0x0800;
  const tag = vlan ? concat(be16(0x8100), be16(42)) : new Uint8Array(0);
  return concat(hex('020000000001'), hex('020000000002'), tag, be16(type), ip);
}

export function tcpSegment(from: Endpoint, to: Endpoint, seq: number, ack: number, flags: number, data: Uint8Array): Uint8Array {
  const seg = concat(be16(from.port), be16(to.port), be32(seq >>> 0), be32(ack >>> 0), Uint8Array.of(5 << 4, flags), be16(65535), be16(0), be16(0), data);
  return ipPacket(from.ip, to.ip, 6, seg);
}

export function udpDatagram(from: Endpoint, to: Endpoint, data: Uint8Array): Uint8Array {
  return ipPacket(from.ip, to.ip, 17, concat(be16(from.port), be16(to.port), be16(8 + data.length), be16(0), data));
}

export function httpRequest(path: string, type: string, body: Uint8Array, extra: string[] = []): Uint8Array {
  const head = [`POST ${path} HTTP/1.1`, 'Host: eim.example.test', `Content-Type: ${type}`, 'X-Admin-Protocol: gsma/rsp/v2.1.0', ...extra, `Content-Length: ${body.length}`, '', ''].join('\r\n');
  return concat(enc.encode(head), body);
}

export function httpResponse(type: string, body: Uint8Array, chunked = false): Uint8Array {
  if (chunked) {
    const half = Math.floor(body.length / 2);
    const chunks = [body.subarray(0, half), body.subarray(half)].map((c) => concat(enc.encode(`${c.length.toString(16)}\r\n`), c, enc.encode('\r\n')));
    return concat(enc.encode(['HTTP/1.1 200 OK', `Content-Type: ${type}`, 'Transfer-Encoding: chunked', '', ''].join('\r\n')), ...chunks, enc.encode('0\r\n\r\n'));
  }
  return concat(enc.encode(['HTTP/1.1 200 OK', `Content-Type: ${type}`, `Content-Length: ${body.length}`, '', ''].join('\r\n')), body);
}

/** Writes CoAP options (RFC 7252 §3.1), sorted by number, with extended deltas and lengths. */
function coapOptions(opts: [number, Uint8Array][]): Uint8Array {
  const parts: Uint8Array[] = [];
  let last = 0;
  const nibble = (v: number): [number, number[]] => (v < 13 ? [v, []] : v < 269 ? [13, [v - 13]] : [14, [(v - 269) >> 8, (v - 269) & 255]]);
  for (const [num, value] of [...opts].sort((a, b) => a[0] - b[0])) {
    const [d, dx] = nibble(num - last);
    const [l, lx] = nibble(value.length);
    parts.push(Uint8Array.of((d << 4) | l, ...dx, ...lx), value);
    last = num;
  }
  return concat(...parts);
}

function optUint(v: number): Uint8Array {
  const out: number[] = [];
  for (; v > 0; v = Math.floor(v / 256)) out.unshift(v & 255);
  return Uint8Array.from(out);
}

/**
 * A CoAP message: a confirmable POST (0.02) with Uri-Path options or a 2.04 Changed acknowledgement,
 * Content-Format 42 (application/octet-stream), optionally a Block1/Block2 option (RFC 7959).
 */
export function coapMessage(kind: 'post' | 'changed', path: string[], payload: Uint8Array, mid = 0x1234, block?: { option: 27 | 23; num: number; more: boolean; szx: number }): Uint8Array {
  const token = hex('cafe');
  const opts: [number, Uint8Array][] = (kind === 'post' ? path : []).map((seg) => [11, enc.encode(seg)]);
  opts.push([12, Uint8Array.of(42)]);
  if (block) opts.push([block.option, optUint((block.num << 4) | (block.more ? 8 : 0) | block.szx)]);
  const code = kind === 'post' ? 0x02 : 0x44;
  const type = kind === 'post' ? 0 : 2;
  return concat(Uint8Array.of(0x40 | (type << 4) | token.length, code), be16(mid), token, coapOptions(opts), payload.length ? Uint8Array.of(0xff) : new Uint8Array(0), payload);
}

/** A body sent block-wise: one CoAP message per `1 << (szx + 4)` bytes, Block1 for a POST, Block2 for a 2.04. */
export function coapBlocks(kind: 'post' | 'changed', path: string[], body: Uint8Array, szx: number): Uint8Array[] {
  const size = 1 << (szx + 4);
  const out: Uint8Array[] = [];
  for (let num = 0; num * size < body.length; num++) {
    const more = (num + 1) * size < body.length;
    out.push(coapMessage(kind, path, body.subarray(num * size, (num + 1) * size), 0x2000 + num, { option: kind === 'post' ? 27 : 23, num, more, szx }));
  }
  return out;
}

export interface CapturedFrame {
  time: number;
  data: Uint8Array;
}

/** A classic pcap file (microsecond timestamps) with the given link type. */
export function pcapFile(frames: CapturedFrame[], opts: { littleEndian?: boolean; link?: number; nano?: boolean } = {}): Uint8Array {
  const le = opts.littleEndian ?? true;
  const w16 = le ? le16 : be16;
  const w32 = le ? le32 : be32;
  const magic = opts.nano ? 0xa1b23c4d : 0xa1b2c3d4;
  const parts = [w32(magic), w16(2), w16(4), w32(0), w32(0), w32(262144), w32(opts.link ?? 1)];
  for (const f of frames) {
    const sec = Math.floor(f.time);
    const frac = Math.round((f.time - sec) * (opts.nano ? 1e9 : 1e6));
    parts.push(w32(sec), w32(frac), w32(f.data.length), w32(f.data.length), f.data);
  }
  return concat(...parts);
}

function pad4(b: Uint8Array): Uint8Array {
  return concat(b, new Uint8Array((4 - (b.length % 4)) % 4));
}

/** A pcapng file: one section, one interface (nanosecond resolution), Enhanced Packet Blocks. */
export function pcapngFile(frames: CapturedFrame[], opts: { littleEndian?: boolean; link?: number } = {}): Uint8Array {
  const le = opts.littleEndian ?? true;
  const w16 = le ? le16 : be16;
  const w32 = le ? le32 : be32;
  const block = (type: number, body: Uint8Array) => {
    const b = pad4(body);
    return concat(w32(type), w32(b.length + 12), b, w32(b.length + 12));
  };
  const shb = block(0x0a0d0d0a, concat(w32(0x1a2b3c4d), w16(1), w16(0), w32(0xffffffff), w32(0xffffffff)));
  // if_tsresol = 9 (nanoseconds), then opt_endofopt.
  const idb = block(1, concat(w16(opts.link ?? 1), w16(0), w32(262144), w16(9), w16(1), pad4(Uint8Array.of(9)), w16(0), w16(0)));
  const epbs = frames.map((f) => {
    const ns = BigInt(Math.round(f.time * 1e6)) * 1000n;
    return block(6, concat(w32(0), w32(Number(ns >> 32n)), w32(Number(ns & 0xffffffffn)), w32(f.data.length), w32(f.data.length), f.data));
  });
  return concat(shb, idb, ...epbs);
}

/**
 * One TCP connection: handshake, then each message as segments of at most `mss` bytes in order
 * (client messages and server messages alternate as given), then FIN. With `shuffle`, the
 * segments of each message are sent out of order and the first one is retransmitted.
 */
export function tcpConversation(
  client: Endpoint,
  server: Endpoint,
  exchanges: { from: 'client' | 'server'; data: Uint8Array }[],
  opts: { mss?: number; shuffle?: boolean; vlan?: boolean; t0?: number } = {},
): CapturedFrame[] {
  const mss = opts.mss ?? 1400;
  let cseq = 1000;
  let sseq = 5000;
  let t = opts.t0 ?? 1_700_000_000;
  const frames: CapturedFrame[] = [];
  const push = (ip: Uint8Array) => frames.push({ time: (t += 0.001), data: ethernet(ip, opts.vlan) });
  push(tcpSegment(client, server, cseq, 0, 0x02, new Uint8Array(0)));
  push(tcpSegment(server, client, sseq, cseq + 1, 0x12, new Uint8Array(0)));
  cseq++;
  sseq++;
  push(tcpSegment(client, server, cseq, sseq, 0x10, new Uint8Array(0)));
  for (const x of exchanges) {
    const fromClient = x.from === 'client';
    const [a, b] = fromClient ? [client, server] : [server, client];
    const base = fromClient ? cseq : sseq;
    const segs: { seq: number; data: Uint8Array }[] = [];
    for (let o = 0; o < x.data.length; o += mss) segs.push({ seq: base + o, data: x.data.subarray(o, o + mss) });
    const order = opts.shuffle && segs.length > 1 ? [...segs.slice(1).reverse(), segs[0], segs[0]] : segs;
    for (const s of order) push(tcpSegment(a, b, s.seq, fromClient ? sseq : cseq, 0x18, s.data));
    if (fromClient) cseq += x.data.length;
    else sseq += x.data.length;
  }
  push(tcpSegment(client, server, cseq, sseq, 0x11, new Uint8Array(0)));
  push(tcpSegment(server, client, sseq, cseq + 1, 0x11, new Uint8Array(0)));
  return frames;
}

/**
 * The capture the browser tests load: an ESipa exchange over HTTP (ASN.1 binding), an ES9+-style
 * JSON exchange carrying base64 DER, and an ESipa message over CoAP/UDP (IPv6).
 */
export function demoCapture(format: 'pcap' | 'pcapng') {
  const m = esipaMessages();
  const ipa = { ip: '192.0.2.10', port: 40001 };
  const eim = { ip: '198.51.100.20', port: 80 };
  const asn1 = 'application/x-gsma-rsp-asn1';
  const frames = [
    ...tcpConversation(ipa, eim, [
      { from: 'client', data: httpRequest('/gsma/rsp2/asn1', asn1, m.getEimPackageRequest) },
      { from: 'server', data: httpResponse(asn1, m.getEimPackageResponse) },
    ], { mss: 100 }),
    ...tcpConversation({ ip: '192.0.2.10', port: 40002 }, { ip: '203.0.113.5', port: 8080 }, [
      {
        from: 'client',
        data: httpRequest('/gsma/rsp2/es9plus/initiateAuthentication', 'application/json', enc.encode(JSON.stringify({
          euiccChallenge: btoa(String.fromCharCode(...new Uint8Array(16).fill(0xa5))),
          euiccInfo1: btoa(String.fromCharCode(...m.euiccInfo1)),
          smdpAddress: 'smdp.example.test',
        }))),
      },
    ], { t0: 1_700_000_010 }),
    { time: 1_700_000_020, data: ethernet(udpDatagram({ ip: '2001:db8::10', port: 50000 }, { ip: '2001:db8::20', port: 5683 }, coapMessage('post', ['gsma', 'rsp2', 'asn1'], m.initiateAuthentication))) },
    { time: 1_700_000_021, data: ethernet(udpDatagram({ ip: '2001:db8::20', port: 5683 }, { ip: '2001:db8::10', port: 50000 }, coapMessage('changed', [], m.noPackage))) },
  ];
  return { messages: m, file: format === 'pcap' ? pcapFile(frames) : pcapngFile(frames) };
}
