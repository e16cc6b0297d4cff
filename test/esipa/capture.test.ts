/**
 * The capture reader names ESipa and ES9+ traffic with the bindings' own tables: for HTTP
 * (both bindings) and CoAP it gives the function, and for each payload (an ASN.1 body, or each
 * base64 member of a JSON body) the ASN.1 type, which then decodes the payload.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanCapture } from '../../src/inspect/capture.js';
import { codecFor } from '../../src/inspect/index.js';
import { encodeEsipaRequest, encodeEsipaResponse } from '../../src/esipa/binding.js';
import { encodeEs9Request } from '../../src/esipa/es9plus.js';
import { ESIPA_FUNCTIONS } from '../../src/esipa/functions.js';
import { coapMessage, httpRequest, httpResponse, pcapFile, tcpConversation, ethernet, udpDatagram } from '../inspect/capture-builder.js';
import { arbs, requestArb, responseArb } from './samples.js';
import { equalBytes, hex, toBase64 } from '../support/bytes.js';

const ipa = { ip: '10.0.0.2', port: 41000 };
const eim = { ip: '10.0.0.1', port: 80 };

function capture(exchanges: { from: 'client' | 'server'; data: Uint8Array }[]): Uint8Array {
  return pcapFile(tcpConversation(ipa, eim, exchanges));
}

describe('capture recognition of ESipa and ES9+', () => {
  for (const binding of ['asn1', 'json'] as const) {
    it(`HTTP ${binding}: every function named, every payload typed and decodable`, () => {
      for (const fn of ESIPA_FUNCTIONS) {
        const [[request, response]] = fc.sample(fc.tuple(requestArb(fn), responseArb(fn)), { numRuns: 1, seed: 31 + fn.length });
        const req = encodeEsipaRequest(request, { binding });
        const res = encodeEsipaResponse(binding, fn, response);
        const exchanges: { from: 'client' | 'server'; data: Uint8Array }[] = [{ from: 'client', data: httpRequest(req.path, String(req.headers['Content-Type']), req.body) }];
        if (res.body.length > 0) exchanges.push({ from: 'server', data: httpResponse(String(res.headers['Content-Type']), res.body) });
        const scan = scanCapture(capture(exchanges));
        expect(scan.payloads.length, fn).toBeGreaterThan(0);
        for (const p of scan.payloads) {
          expect(p.function, `${fn} ${p.field}`).toBe(`ESipa ${fn}`);
          expect(p.type, `${fn} ${p.field}`).toBeDefined();
          // The named type decodes the payload and encodes back to it.
          const codec = codecFor(p.type!);
          const value = codec.decode(p.bytes);
          expect(equalBytes(codec.encode(value), p.bytes), `${fn} ${p.field} as ${p.type}`).toBe(true);
        }
        if (binding === 'asn1') {
          expect(scan.payloads[0].type).toBe(fn === 'transferEimPackage' ? 'SGP32Definitions.EsipaMessageFromEimToIpa' : 'SGP32Definitions.EsipaMessageFromIpaToEim');
        }
      }
    });
  }

  it('JSON: members get the type of their table entry, e.g. authenticateServerResponse', () => {
    const [request] = fc.sample(requestArb('authenticateClient'), { numRuns: 1, seed: 5 });
    const req = encodeEsipaRequest(request, { binding: 'json' });
    const scan = scanCapture(capture([{ from: 'client', data: httpRequest(req.path, 'application/json', req.body) }]));
    expect(scan.payloads.map((p) => [p.field, p.type])).toEqual([['authenticateServerResponse', 'SGP32Definitions.AuthenticateServerResponse']]);
  });

  it('ES9+ JSON and ES9+ ASN.1 (A2) are told from ESipa', () => {
    const value = arbs.normalise('RSPDefinitions', 'AuthenticateClientRequest', fc.sample(arbs.forType('RSPDefinitions', 'AuthenticateClientRequest'), { numRuns: 1, seed: 3 })[0]);
    const json = encodeEs9Request('authenticateClient', value as never, { binding: 'json' });
    const asn1 = encodeEs9Request('authenticateClient', value as never, { binding: 'asn1' });
    const scan = scanCapture(
      capture([
        { from: 'client', data: httpRequest(json.path, 'application/json', json.body) },
        { from: 'client', data: httpRequest(asn1.path, 'application/x-gsma-rsp-asn1', asn1.body) },
      ]),
    );
    expect(scan.payloads.map((p) => [p.function, p.field, p.type])).toEqual([
      ['ES9+ authenticateClient', 'authenticateServerResponse', 'RSPDefinitions.AuthenticateServerResponse'],
      ['ES9+ authenticateClient', undefined, 'RSPDefinitions.RemoteProfileProvisioningRequest'],
    ]);
  });

  it('CoAP: the payload is named by its outer tag', () => {
    const body = encodeEsipaRequest({ $case: 'getEimPackageRequest', value: { eidValue: new Uint8Array(16) } }, { binding: 'asn1' }).body;
    const frame = { data: ethernet(udpDatagram({ ip: '10.0.0.2', port: 50000 }, { ip: '10.0.0.1', port: 5683 }, coapMessage('post', ['gsma', 'rsp2', 'asn1'], body))), time: 1 };
    const scan = scanCapture(pcapFile([frame]));
    expect(scan.payloads.map((p) => [p.transport, p.function, p.type])).toEqual([['coap', 'ESipa getEimPackage', 'SGP32Definitions.EsipaMessageFromIpaToEim']]);
  });

  it('other JSON keeps the generic search (no function, no type)', () => {
    const body = new TextEncoder().encode(JSON.stringify({ something: toBase64(hex('300302010a')) }));
    const scan = scanCapture(capture([{ from: 'client', data: httpRequest('/other', 'application/json', body) }]));
    expect(scan.payloads.map((p) => [p.field, p.function, p.type])).toEqual([['something', undefined, undefined]]);
  });
});
