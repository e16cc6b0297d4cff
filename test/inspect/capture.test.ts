/**
 * The capture scanner against captures written by test/inspect/capture-builder.ts: every
 * container and link variant it claims to read, TCP reassembly (segmented, out of order,
 * retransmitted), chunked HTTP, JSON bodies with base64 DER, CoAP over UDP, and its errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaptureFormatError, base64ToBytes, captureFormat, isOneTlv, scanCapture } from '../../src/inspect/capture.js';
import { EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim } from '../../src/index.js';
import {
  coapBlocks, coapMessage, concat, demoCapture, esipaMessages, ethernet, hex, httpRequest, httpResponse, pcapFile, pcapngFile, tcpConversation, toHex, udpDatagram,
} from './capture-builder.js';

const ASN1 = 'application/x-gsma-rsp-asn1';
const ipa = { ip: '10.0.0.2', port: 41000 };
const eim = { ip: '10.0.0.1', port: 80 };

describe('scanCapture: the demo capture', () => {
  for (const format of ['pcap', 'pcapng'] as const) {
    it(`${format}: lists HTTP ASN.1, JSON base64 and CoAP payloads with their metadata`, () => {
      const { file, messages: m } = demoCapture(format);
      expect(captureFormat(file)).toBe(format);
      const scan = scanCapture(file);
      expect(scan.format).toBe(format);
      expect(scan.payloads.map((p) => [p.transport, p.binding, p.direction, toHex(p.bytes)])).toEqual([
        ['http', 'asn1', 'request', toHex(m.getEimPackageRequest)],
        ['http', 'asn1', 'response', toHex(m.getEimPackageResponse)],
        ['http', 'json', 'request', toHex(m.euiccInfo1)],
        ['coap', 'asn1', 'request', toHex(m.initiateAuthentication)],
        ['coap', 'asn1', 'response', toHex(m.noPackage)],
      ]);
      const [req, resp, json, coap] = scan.payloads;
      expect(req.summary).toBe('POST /gsma/rsp2/asn1');
      expect(req.source).toBe('192.0.2.10:40001');
      expect(req.destination).toBe('198.51.100.20:80');
      expect(resp.summary).toBe('200 OK (answer to POST /gsma/rsp2/asn1)');
      expect(json.field).toBe('euiccInfo1');
      expect(coap.summary).toBe('CoAP POST /gsma/rsp2/asn1');
      expect(coap.source).toBe('[2001:db8::10]:50000');
      // The payloads decode with the codecs.
      expect(EsipaMessageFromIpaToEim.decode(req.bytes).$case).toBe('getEimPackageRequest');
      expect(EsipaMessageFromEimToIpa.decode(resp.bytes).$case).toBe('getEimPackageResponse');
      expect(EsipaMessageFromIpaToEim.decode(coap.bytes).$case).toBe('initiateAuthenticationRequestEsipa');
      // Frame numbers point at the packet holding the payload's last byte, times are kept.
      expect(req.frame).toBeGreaterThan(3);
      expect(scan.payloads.every((p, i, a) => i === 0 || p.frame >= a[i - 1].frame)).toBe(true);
      expect(coap.time).toBeCloseTo(1_700_000_020, 3);
      expect(scan.frames).toBeGreaterThan(10);
    });
  }
});

describe('scanCapture: transports and containers', () => {
  const m = esipaMessages();

  it('reassembles segments sent out of order with a retransmission, across VLAN tags', () => {
    const frames = tcpConversation(ipa, eim, [{ from: 'client', data: httpRequest('/gsma/rsp2/asn1', ASN1, m.getEimPackageResponse) }], { mss: 17, shuffle: true, vlan: true });
    const scan = scanCapture(pcapFile(frames));
    expect(scan.payloads).toHaveLength(1);
    expect(toHex(scan.payloads[0].bytes)).toBe(toHex(m.getEimPackageResponse));
  });

  it('reads chunked responses and keeps two messages of one connection apart', () => {
    const frames = tcpConversation(ipa, eim, [
      { from: 'client', data: httpRequest('/gsma/rsp2/asn1', ASN1, m.getEimPackageRequest) },
      { from: 'server', data: httpResponse(ASN1, m.getEimPackageResponse, true) },
      { from: 'client', data: httpRequest('/gsma/rsp2/asn1', ASN1, m.initiateAuthentication) },
      { from: 'server', data: httpResponse(`${ASN1}; charset=binary`, m.noPackage) },
    ], { mss: 64 });
    const scan = scanCapture(pcapngFile(frames, { littleEndian: false }));
    expect(scan.payloads.map((p) => toHex(p.bytes))).toEqual([m.getEimPackageRequest, m.getEimPackageResponse, m.initiateAuthentication, m.noPackage].map(toHex));
    expect(scan.payloads[3].summary).toBe('200 OK (answer to POST /gsma/rsp2/asn1)');
  });

  it('reads big-endian and nanosecond pcap, raw-IP and Linux cooked links', () => {
    const dgram = udpDatagram({ ip: '10.1.1.1', port: 6000 }, { ip: '10.1.1.2', port: 5683 }, coapMessage('post', ['esipa'], m.getEimPackageRequest));
    const sll = concat(hex('0000000100060200000000010000'), hex('0800'), dgram);
    const sll2 = concat(hex('0800000000000001000106020000000000010000'), dgram);
    const cases: [Uint8Array, number, boolean, boolean][] = [[dgram, 101, false, true], [sll, 113, true, false], [sll2, 276, false, false], [ethernet(dgram), 1, false, true]];
    for (const [data, link, le, nano] of cases) {
      const scan = scanCapture(pcapFile([{ time: 5.25, data }], { link, littleEndian: le, nano }));
      expect(scan.payloads.map((p) => toHex(p.bytes)), `link ${link}`).toEqual([toHex(m.getEimPackageRequest)]);
      expect(scan.payloads[0].time).toBeCloseTo(5.25, 6);
      expect(scan.payloads[0].summary).toBe('CoAP POST /esipa');
    }
  });

  it('puts CoAP block-wise transfers back together (Block1 requests, Block2 responses, out of order)', () => {
    const a = { ip: '2001:db8::1', port: 40000 };
    const b = { ip: '2001:db8::2', port: 5683 };
    const req = coapBlocks('post', ['gsma', 'rsp2', 'asn1'], m.getEimPackageResponse, 2); // 64-byte blocks
    const resp = coapBlocks('changed', [], m.initiateAuthentication, 1); // 32-byte blocks
    expect(req.length).toBeGreaterThan(2);
    const frames = [req[1], req[0], ...req.slice(2)].map((d, i) => ({ time: i, data: ethernet(udpDatagram(a, b, d)) }));
    frames.push(...resp.map((d, i) => ({ time: 10 + i, data: ethernet(udpDatagram(b, a, d)) })));
    const scan = scanCapture(pcapFile(frames));
    expect(scan.payloads.map((p) => [p.direction, toHex(p.bytes), p.summary])).toEqual([
      ['request', toHex(m.getEimPackageResponse), `CoAP POST /gsma/rsp2/asn1 (${req.length} blocks)`],
      ['response', toHex(m.initiateAuthentication), `CoAP 2.04 (${resp.length} blocks)`],
    ]);
    // A missing block leaves the body incomplete: nothing is listed.
    const gap = req.filter((_, i) => i !== 1).map((d, i) => ({ time: i, data: ethernet(udpDatagram(a, b, d)) }));
    expect(scanCapture(pcapFile(gap)).payloads).toEqual([]);
  });

  it('skips what it cannot read and says why: TLS, DTLS, fragments, unknown links, non-TLV bodies', () => {
    const tls = tcpConversation(ipa, { ip: '10.0.0.1', port: 443 }, [{ from: 'client', data: hex('160301002a0100002603030000') }]);
    const dtls = ethernet(udpDatagram(ipa, { ip: '10.0.0.1', port: 5684 }, hex('16fefd0000000000000000')));
    const bad = tcpConversation(ipa, eim, [{ from: 'client', data: httpRequest('/gsma/rsp2/asn1', ASN1, hex('bf4f05')) }], { t0: 2 });
    const frag = ethernet(concat(hex('450000300000200040110000'), hex('0a0000020a000001'), new Uint8Array(28)));
    const scan = scanCapture(pcapFile([...tls, { time: 1, data: dtls }, ...bad, { time: 3, data: frag }]));
    expect(scan.payloads).toEqual([]);
    expect(scan.notes.join('\n')).toMatch(/TLS streams are encrypted/);
    expect(scan.notes.join('\n')).toMatch(/DTLS/);
    expect(scan.notes.join('\n')).toMatch(/not one complete TLV/);
    expect(scan.notes.join('\n')).toMatch(/fragmented IPv4/);
    expect(scanCapture(pcapFile([{ time: 0, data: new Uint8Array(20) }], { link: 147 })).notes[0]).toMatch(/link type 147/);
  });

  it('does not list JSON strings that are hex or not one TLV', () => {
    const body = new TextEncoder().encode(JSON.stringify({ transactionId: 'BF2F0102', a: { b: [btoa(String.fromCharCode(...m.euiccInfo1))] }, text: 'hello world' }));
    const frames = tcpConversation(ipa, eim, [{ from: 'server', data: httpResponse('application/json;charset=UTF-8', body) }]);
    const scan = scanCapture(pcapFile(frames));
    expect(scan.payloads.map((p) => [p.field, p.direction])).toEqual([['a.b[0]', 'response']]);
  });
});

describe('scanCapture: errors', () => {
  it('rejects unknown magic, cut files and malformed blocks with offsets', () => {
    const err = (b: Uint8Array) => {
      try {
        scanCapture(b);
      } catch (e) {
        expect(e).toBeInstanceOf(CaptureFormatError);
        const c = e as CaptureFormatError;
        return [c.code, c.offset];
      }
      throw new Error('expected a CaptureFormatError');
    };
    expect(err(hex('30030201'))).toEqual(['not-a-capture', 0]);
    const good = pcapFile([{ time: 0, data: new Uint8Array(40) }]);
    expect(err(good.subarray(0, 20))).toEqual(['truncated', 20]);
    expect(err(good.subarray(0, good.length - 1))).toEqual(['truncated', 32]);
    const ng = pcapngFile([{ time: 0, data: new Uint8Array(40) }]);
    const broken = ng.slice();
    broken[ng.length - 1] ^= 1; // trailing length of the last block
    expect(err(broken)[0]).toBe('bad-block');
    expect(() => scanCapture('x' as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('never throws anything but CaptureFormatError on mutated captures', () => {
    const { file } = demoCapture('pcapng');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(file.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(file.length), (edits, cut) => {
        const b = file.slice(0, Math.max(cut, 1));
        for (const [i, v] of edits) if (i < b.length) b[i] = v;
        try {
          scanCapture(b);
        } catch (e) {
          if (!(e instanceof CaptureFormatError)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('helpers', () => {
  it('isOneTlv accepts exactly one complete TLV (definite or indefinite)', () => {
    expect(isOneTlv(hex('0400'))).toBe(true);
    expect(isOneTlv(hex('bf4f03020101'))).toBe(true);
    expect(isOneTlv(hex('bf4f0302010100'))).toBe(false);
    expect(isOneTlv(hex('bf4f04020101'))).toBe(false);
    expect(isOneTlv(hex('3080020101 0000'))).toBe(true);
    expect(isOneTlv(hex('0480 0000'))).toBe(false);
    expect(isOneTlv(hex('30 82 0003 020101'))).toBe(true);
  });

  it('base64ToBytes agrees with atob on random bytes and refuses non-base64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const s = btoa(String.fromCharCode(...b));
        if (b.length === 0) expect(base64ToBytes(s)).toBeNull();
        else expect(toHex(base64ToBytes(s)!)).toBe(toHex(b));
      }),
    );
    expect(base64ToBytes('a*b=')).toBeNull();
    expect(base64ToBytes('abcde')).toBeNull();
  });
});
