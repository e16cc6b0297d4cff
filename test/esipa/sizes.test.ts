/**
 * The size figures against what really travels: the CoAP count equals the bytes of every
 * datagram of a loopback exchange, seen by a UDP relay between the SDK client and server; the
 * HTTP bodies equal the encoded bodies, and the HTTP request count equals the bytes the binding's
 * request serialises to.
 */
import { createSocket, type RemoteInfo } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esipaExchangeSizes } from '../../src/esipa/sizes.js';
import { encodeEsipaRequest, encodeEsipaResponse } from '../../src/esipa/binding.js';
import { listenEsipaCoap, esipaCoapClient, type EsipaCoapServer } from '../../src/node/esipa-coap.js';
import type { EsipaHandlers } from '../../src/esipa/dispatch.js';
import type { EsipaRequest, EsipaResponse } from '../../src/esipa/functions.js';
import { scriptedHandlers } from './samples.js';
import { BoundProfilePackage } from '../../src/generated/RSPDefinitions.js';
import { buildBpp } from '../../src/rsp/bpp/build.js';
import { nodeProvider } from '../../src/crypto/node/index.js';

const { handlers, script } = scriptedHandlers();
let server: EsipaCoapServer;
const relay = createSocket('udp4');
let relayPort = 0;
const seen = { up: 0, down: 0, datagrams: 0 };

beforeAll(async () => {
  server = await listenEsipaCoap(handlers as EsipaHandlers, { port: 0 });
  let client: RemoteInfo | undefined;
  const upstream = createSocket('udp4');
  await new Promise<void>((r) => upstream.bind(0, '127.0.0.1', () => r()));
  upstream.on('message', (msg) => {
    seen.down += msg.length;
    seen.datagrams++;
    if (client) relay.send(msg, client.port, client.address);
  });
  relay.on('message', (msg, from) => {
    client = from;
    seen.up += msg.length;
    seen.datagrams++;
    upstream.send(msg, server.port, '127.0.0.1');
  });
  await new Promise<void>((r) => relay.bind(0, '127.0.0.1', () => r()));
  relayPort = relay.address().port;
  afterAll(async () => {
    upstream.close();
    relay.close();
    await server.close();
  });
});

const transactionId = new Uint8Array([1, 2, 3, 4]);

function smallBpp(): BoundProfilePackage {
  const euicc = nodeProvider.generateKeyPair('P-256');
  const built = buildBpp({
    upp: new Uint8Array(2000).fill(7),
    metadata: { iccid: new Uint8Array(10), serviceProviderName: 'SP', profileName: 'P' },
    transactionId,
    eid: '89049032123451234512345678901235',
    euiccOtpk: euicc.publicKey,
    curve: 'P-256',
    smdpSigner: euicc.privateKey,
    provider: nodeProvider,
  });
  return BoundProfilePackage.decode(built.bpp);
}

const eidValue = new Uint8Array(Buffer.from('89044045930000000000002153893210', 'hex'));

describe('ESipa size figures', () => {
  const cases: { name: string; request: EsipaRequest; response: EsipaResponse | undefined; blockSize: number }[] = [
    { name: 'GetEimPackage, no package (one datagram each way)', request: { $case: 'getEimPackageRequest', value: { eidValue } }, response: { $case: 'getEimPackageResponse', value: { $case: 'eimPackageError', value: 1 } }, blockSize: 1024 },
    {
      name: 'InitiateAuthentication with a 3 KB request (Block1) and an error answer',
      request: { $case: 'initiateAuthenticationRequestEsipa', value: { euiccChallenge: new Uint8Array(16), smdpAddress: 'a'.repeat(3000) } },
      response: { $case: 'initiateAuthenticationResponseEsipa', value: { $case: 'initiateAuthenticationErrorEsipa', value: 1 } },
      blockSize: 1024,
    },
    {
      name: 'GetBoundProfilePackage answered with a 2.6 KB BPP (Block2, 512-byte blocks)',
      request: { $case: 'getBoundProfilePackageRequestEsipa', value: { transactionId, prepareDownloadResponse: { $case: 'downloadResponseError', value: { transactionId, downloadErrorCode: 127 } } } } as EsipaRequest,
      response: { $case: 'getBoundProfilePackageResponseEsipa', value: { $case: 'getBoundProfilePackageOkEsipa', value: { transactionId, boundProfilePackage: smallBpp() } } },
      blockSize: 512,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: CoAP bytes equal the datagrams on the wire`, async () => {
      script.set('getEimPackage', { expect: c.request.value, answer: c.response?.value });
      script.set('initiateAuthentication', { expect: c.request.value, answer: c.response?.value });
      script.set('getBoundProfilePackage', { expect: c.request.value, answer: c.response?.value });
      const figures = esipaExchangeSizes(c.request, c.response, { blockSize: c.blockSize });
      seen.up = seen.down = seen.datagrams = 0;
      const client = esipaCoapClient(`coap://127.0.0.1:${relayPort}`, { blockSize: c.blockSize });
      await client.send(c.request);
      client.close();
      expect({ up: seen.up, down: seen.down, datagrams: seen.datagrams }).toEqual({ up: figures.coap.request, down: figures.coap.response, datagrams: figures.coap.datagrams });
    });
  }

  it('HTTP figures: bodies as encoded, request bytes as serialised', () => {
    const c = cases[1];
    const f = esipaExchangeSizes(c.request, c.response, { host: 'h' });
    for (const binding of ['asn1', 'json'] as const) {
      const req = encodeEsipaRequest(c.request, { binding });
      const res = encodeEsipaResponse(binding, 'initiateAuthentication', c.response);
      expect(f.bodies[binding]).toEqual({ request: req.body.length, response: res.body.length });
      const head = `POST ${req.path} HTTP/1.1\r\nHost: h\r\n` + Object.entries(req.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('') + `Content-Length: ${req.body.length}\r\n\r\n`;
      expect(f.http[binding].request).toBe(Buffer.byteLength(head) + req.body.length);
    }
    expect(f.http.json.request).toBeGreaterThan(f.http.asn1.request);
  });
});
