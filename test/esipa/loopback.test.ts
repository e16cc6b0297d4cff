/**
 * End to end over loopback: the SDK's `createEsipaHandler` in a real node:http server and the
 * SDK's `esipaClient` exchange every ESipa function in both bindings; each handler sees exactly
 * the request the client sent and the client gets exactly the response the handler returned.
 * Then hostile bodies: each gets its typed error and HTTP status, and the server keeps serving.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEsipaHandler } from '../../src/node/esipa-http.js';
import { esipaClient } from '../../src/esipa/client.js';
import { EsipaBindingError } from '../../src/esipa/errors.js';
import type { EsipaHandlers } from '../../src/esipa/dispatch.js';
import { ESIPA_FUNCTIONS, type EsipaBinding } from '../../src/esipa/functions.js';
import { sameValue } from '../support/arbitraries.js';
import { jsonExpected, samplesOf, scriptedHandlers } from './samples.js';

const BINDINGS: EsipaBinding[] = ['asn1', 'json'];
const PER_FUNCTION = 4;

/** What the next call of each function must receive and answer. */
const { handlers, script, received } = scriptedHandlers();

let server: Server;
let base: string;
const errors: unknown[] = [];

beforeAll(async () => {
  server = createServer(createEsipaHandler(handlers as EsipaHandlers, { maxBodyBytes: 64 * 1024, bodyTimeoutMs: 2000, onError: (e) => errors.push(e) }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('ESipa over loopback HTTP: every function, both bindings', () => {
  for (const binding of BINDINGS) {
    it(`${binding}: the handler receives what the client sent and the client gets what the handler answered`, async () => {
      const client = esipaClient(base, { binding });
      for (const fn of ESIPA_FUNCTIONS) {
        for (const { request, response } of samplesOf(fn, PER_FUNCTION, 1700 + fn.length)) {
          script.set(fn, { expect: request.value, answer: response?.value });
          received.length = 0;
          const got = await client.send(request);
          expect(received).toEqual([{ fn, ok: true }]);
          const want = binding === 'json' ? jsonExpected(fn, response) : response;
          if (!sameValue(got, want)) expect(got).toEqual(want);
          // The typed per-function method gives the inner value.
          received.length = 0;
          const inner = await (client[fn] as (v: unknown) => Promise<unknown>)(request.value);
          if (!sameValue(inner, want?.value)) expect(inner).toEqual(want?.value);
        }
      }
      expect(errors).toEqual([]);
    });
  }
});

/** A raw HTTP exchange, to send what no well-behaved client would. */
function raw(path: string, headers: Record<string, string>, body: Uint8Array | string): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const ASN1 = { 'Content-Type': 'application/x-gsma-rsp-asn1', 'X-Admin-Protocol': 'gsma/rsp/v2.1.0' };
const JSON_H = { 'Content-Type': 'application/json', 'X-Admin-Protocol': 'gsma/rsp/v2.1.0' };
const GOOD_GET = 'bf4f125a1089044045930000000000002153893210'; // Kigen probe, bindings.md §1.1

async function stillServes(): Promise<void> {
  script.set('getEimPackage', { expect: { eidValue: Buffer.from('89044045930000000000002153893210', 'hex') }, answer: { $case: 'eimPackageError', value: 1 } });
  const r = await raw('/gsma/rsp2/asn1', ASN1, Buffer.from(GOOD_GET, 'hex'));
  expect(r.status).toBe(200);
}

describe('hostile requests get a typed error and the right status; the server keeps serving', () => {
  const cases: { name: string; path: string; headers: Record<string, string>; body: () => Uint8Array | string; status: number; code: string; member?: string }[] = [
    { name: 'wrong content type (ASN.1 path)', path: '/gsma/rsp2/asn1', headers: { ...ASN1, 'Content-Type': 'text/plain' }, body: () => Buffer.from(GOOD_GET, 'hex'), status: 415, code: 'unsupported-media-type' },
    { name: 'wrong content type (JSON path)', path: '/gsma/rsp2/esipa/getEimPackage', headers: { ...JSON_H, 'Content-Type': 'application/x-gsma-rsp-asn1' }, body: () => '{}', status: 415, code: 'unsupported-media-type' },
    { name: 'oversized body', path: '/gsma/rsp2/asn1', headers: ASN1, body: () => new Uint8Array(200 * 1024), status: 413, code: 'body-too-large' },
    { name: 'base64 garbage', path: '/gsma/rsp2/esipa/authenticateClient', headers: JSON_H, body: () => '{"transactionId":"01","authenticateServerResponse":"vzg*!!"}', status: 400, code: 'bad-base64', member: 'authenticateServerResponse' },
    { name: 'JSON member of the wrong type', path: '/gsma/rsp2/esipa/getEimPackage', headers: JSON_H, body: () => '{"eidValue":89044045930000000000002153893210}', status: 400, code: 'bad-member', member: 'eidValue' },
    { name: 'truncated DER body', path: '/gsma/rsp2/asn1', headers: ASN1, body: () => Buffer.from(GOOD_GET.slice(0, 20), 'hex'), status: 400, code: 'bad-der' },
    { name: 'DER member that does not decode', path: '/gsma/rsp2/esipa/handleNotification', headers: JSON_H, body: () => '{"pendingNotification":"vzcDgAE="}', status: 400, code: 'bad-der', member: 'pendingNotification' },
    { name: 'not JSON', path: '/gsma/rsp2/esipa/getEimPackage', headers: JSON_H, body: () => '{"eidValue":', status: 400, code: 'bad-json' },
    { name: 'a response where a request belongs', path: '/gsma/rsp2/asn1', headers: ASN1, body: () => Buffer.from('bf4f03020101', 'hex'), status: 400, code: 'bad-der' },
    { name: 'an alternative no ESipa request has', path: '/gsma/rsp2/asn1', headers: ASN1, body: () => Buffer.from('bf6300', 'hex'), status: 400, code: 'unexpected-message' },
    { name: 'missing X-Admin-Protocol', path: '/gsma/rsp2/asn1', headers: { 'Content-Type': 'application/x-gsma-rsp-asn1' }, body: () => Buffer.from(GOOD_GET, 'hex'), status: 400, code: 'bad-admin-protocol' },
    { name: 'foreign X-Admin-Protocol', path: '/gsma/rsp2/asn1', headers: { ...ASN1, 'X-Admin-Protocol': 'acme/1' }, body: () => Buffer.from(GOOD_GET, 'hex'), status: 400, code: 'bad-admin-protocol' },
    { name: 'unknown path', path: '/gsma/rsp2/esipa/doSomething', headers: JSON_H, body: () => '{}', status: 404, code: 'not-found' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      errors.length = 0;
      const r = await raw(c.path, c.headers, c.body());
      expect(r.status).toBe(c.status);
      expect(r.headers['content-type']).toMatch(/^text\/plain/);
      expect(errors).toHaveLength(1);
      const err = errors[0] as EsipaBindingError;
      expect(err).toBeInstanceOf(EsipaBindingError);
      expect(err.code).toBe(c.code);
      expect(r.text).toBe(err.message);
      if (c.member !== undefined) expect(err.member).toBe(c.member);
      if (c.code === 'bad-der') expect(err.offset).toBeGreaterThanOrEqual(0);
      await stillServes();
    });
  }

  it('a body that never finishes times out with 408 and the server keeps serving', async () => {
    errors.length = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${base}/gsma/rsp2/asn1`, { method: 'POST', headers: { ...ASN1, 'Content-Length': '100' } }, (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
      });
      req.on('error', reject);
      req.write(Buffer.from('bf4f', 'hex')); // and nothing more
    });
    expect(status).toBe(408);
    expect((errors[0] as EsipaBindingError).code).toBe('timeout');
    await stillServes();
  });

  it('a handler that throws answers 500 without its message; a missing handler answers 501', async () => {
    const local = createServer(createEsipaHandler({ onGetEimPackage: () => { throw new Error('secret database detail'); } }));
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
    try {
      const client = esipaClient(url);
      const failure = await client.getEimPackage({ eidValue: new Uint8Array(16) }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(EsipaBindingError);
      expect((failure as EsipaBindingError).code).toBe('bad-status');
      expect((failure as EsipaBindingError).status).toBe(500);
      const missing = await client.cancelSession({ transactionId: new Uint8Array([1]), cancelSessionResponse: { $case: 'cancelSessionResponseError', value: 1 } }).catch((e: unknown) => e);
      expect((missing as EsipaBindingError).status).toBe(501);
    } finally {
      local.closeAllConnections();
      await new Promise<void>((resolve) => local.close(() => resolve()));
    }
  });

  it('the client refuses a response body over its limit and a dead server as transport errors', async () => {
    script.set('getBoundProfilePackage', { expect: undefined, answer: { $case: 'getBoundProfilePackageErrorEsipa', value: 1 } });
    const small = esipaClient(base, { maxResponseBytes: 4 });
    const tooLarge = await small.getBoundProfilePackage({ transactionId: new Uint8Array([1]), prepareDownloadResponse: { $case: 'downloadResponseError', value: { transactionId: new Uint8Array([1]), downloadErrorCode: 1 } } } as never).catch((e: unknown) => e);
    expect((tooLarge as EsipaBindingError).code).toBe('body-too-large');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const dead = esipaClient(`http://127.0.0.1:${port}`, { timeoutMs: 2000 });
    const down = await dead.getEimPackage({ eidValue: new Uint8Array(16) }).catch((e: unknown) => e);
    expect(['transport', 'timeout']).toContain((down as EsipaBindingError).code);
  });
});
