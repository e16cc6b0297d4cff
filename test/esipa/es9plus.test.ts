/**
 * ES9+ (SGP.22 §6.5/§6.6) in both bindings: requests and answers of every function round-trip
 * over values drawn from the RSPDefinitions model; an SDK ES9+ client talks to the SDK ES9+
 * handler in a real node:http server; hostile bodies get typed errors; and bodies from
 * independent implementations (../shared/vectors/bindings, es9p-* items) decode to the values
 * their sources assert, the serverSignature1 of the published session verifying over the bytes
 * received.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEs9Request, decodeEs9Response, encodeEs9Request, encodeEs9Response, es9Client, ES9_FUNCTIONS, type Es9Function, type Es9Handlers } from '../../src/esipa/es9plus.js';
import { EsipaBindingError } from '../../src/esipa/errors.js';
import { createEs9Handler } from '../../src/node/esipa-http.js';
import { ES9_AUTHENTICATE_CLIENT_CODES, ES9_CANCEL_SESSION_CODES, ES9_GET_BOUND_PROFILE_PACKAGE_CODES, ES9_INITIATE_AUTHENTICATION_CODES } from '../../src/esipa/status-codes.js';
import { encodedBytesOf } from '../../src/der/reader.js';
import { Certificate } from '../../src/generated/PKIX1Explicit88.js';
import { publicKeyFromCertificate } from '../../src/pki/keys.js';
import { nobleProvider } from '../../src/crypto/noble.js';
import { sameValue } from '../support/arbitraries.js';
import { describeVectors, vectorBytes, vectorJson } from '../support/vectors.js';
import { arbs } from './samples.js';

const RUNS = Number(process.env.SGP32_PROPERTY_RUNS ?? 30);
const TYPES: Record<Es9Function, [string, string | undefined]> = {
  initiateAuthentication: ['InitiateAuthenticationRequest', 'InitiateAuthenticationResponse'],
  authenticateClient: ['AuthenticateClientRequest', 'AuthenticateClientResponseEs9'],
  getBoundProfilePackage: ['GetBoundProfilePackageRequest', 'GetBoundProfilePackageResponse'],
  handleNotification: ['HandleNotification', undefined],
  cancelSession: ['CancelSessionRequestEs9', 'CancelSessionResponseEs9'],
};
const CODES: Partial<Record<Es9Function, readonly { value: number }[]>> = {
  initiateAuthentication: ES9_INITIATE_AUTHENTICATION_CODES,
  authenticateClient: ES9_AUTHENTICATE_CLIENT_CODES,
  getBoundProfilePackage: ES9_GET_BOUND_PROFILE_PACKAGE_CODES,
  cancelSession: ES9_CANCEL_SESSION_CODES,
};
const arbOf = (name: string | undefined) => (name === undefined ? fc.constant(undefined) : arbs.forType('RSPDefinitions', name).map((v) => arbs.normalise('RSPDefinitions', name, v)));

/** JSON carries a failure only as a table row: other error values come back as undefinedError (127). */
function jsonExpected(fn: Es9Function, v: unknown): unknown {
  const c = v as { $case: string; value: unknown } | undefined;
  if (c === undefined || !/Error$/.test(c.$case)) return v;
  return (CODES[fn] ?? []).some((r) => r.value === c.value) ? v : { $case: c.$case, value: 127 };
}

describe('ES9+ bindings: round trips over model-derived values', () => {
  for (const binding of ['asn1', 'json'] as const) {
    for (const fn of ES9_FUNCTIONS) {
      it(`${binding} ${fn}`, () => {
        fc.assert(
          fc.property(arbOf(TYPES[fn][0]), arbOf(TYPES[fn][1]), (request, response) => {
            const http = encodeEs9Request(fn, request as never, { binding });
            expect(http.path).toBe(binding === 'asn1' ? '/gsma/rsp2/asn1' : `/gsma/rsp2/es9plus/${fn}`);
            if (binding === 'asn1') expect(http.body[0]).toBe(0xa2); // RemoteProfileProvisioningRequest
            const d = decodeEs9Request(http);
            expect(d.function).toBe(fn);
            if (!sameValue(d.value, request)) expect(d.value).toEqual(request);
            const res = encodeEs9Response(binding, fn, response as never);
            expect(res.status).toBe(response === undefined ? 204 : 200);
            const back = decodeEs9Response(binding, fn, res).value;
            const want = binding === 'json' ? jsonExpected(fn, response) : response;
            if (!sameValue(back, want)) expect(back).toEqual(want);
          }),
          { numRuns: RUNS },
        );
      });
    }
  }
});

describe('ES9+ over loopback HTTP', () => {
  let server: Server;
  let base: string;
  const seen: unknown[] = [];
  const answers = new Map<string, unknown>();
  beforeAll(async () => {
    const handlers: Record<string, (v: unknown) => unknown> = {};
    for (const fn of ES9_FUNCTIONS) handlers[`on${fn[0].toUpperCase()}${fn.slice(1)}`] = (v) => (seen.push(v), answers.get(fn));
    server = createServer(createEs9Handler(handlers as Es9Handlers));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  for (const binding of ['asn1', 'json'] as const) {
    it(`${binding}: every function, the server sees what the client sent and the client what the server answered`, async () => {
      const client = es9Client(base, { binding });
      for (const fn of ES9_FUNCTIONS) {
        for (const [req, res] of fc.sample(fc.tuple(arbOf(TYPES[fn][0]), arbOf(TYPES[fn][1])), { numRuns: 3, seed: 7 + fn.length })) {
          seen.length = 0;
          answers.set(fn, res);
          const got = await (client[fn] as (v: unknown) => Promise<unknown>)(req);
          expect(seen.length).toBe(1);
          if (!sameValue(seen[0], req)) expect(seen[0]).toEqual(req);
          const want = binding === 'json' ? jsonExpected(fn, res) : res;
          if (!sameValue(got, want)) expect(got).toEqual(want);
        }
      }
    });
  }

  it('a JSON member of the wrong type answers 400 naming the member, and a request header is tolerated', async () => {
    const post = (body: string) => fetch(`${base}/gsma/rsp2/es9plus/getBoundProfilePackage`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Admin-Protocol': 'gsma/rsp/v2.2.2' }, body });
    const bad = await post('{"transactionId":12,"prepareDownloadResponse":"vyEA"}');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/^transactionId: expected a string, got number \(bad-member\)$/);
    const garbage = await post('{"header":{"functionRequesterIdentifier":"x","functionCallIdentifier":"y"},"transactionId":"01","prepareDownloadResponse":"@@@@"}');
    expect(garbage.status).toBe(400);
    expect(await garbage.text()).toMatch(/^prepareDownloadResponse: not base64/);
  });
});

interface Item {
  id: string;
  file: string;
  binding: string;
  http?: { path?: string; headers?: Record<string, string> };
}
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const flat = (v: unknown) => JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? hex(x) : typeof x === 'bigint' ? String(x) : x));

describeVectors('ES9+ JSON bodies from independent implementations', ['bindings/manifest.json'], () => {
  const item = (id: string) => vectorJson<{ items: Item[] }>('bindings', 'manifest.json').items.find((i) => i.id === id)!;
  const request = (id: string, options = {}) => {
    const i = item(id);
    return decodeEs9Request({ method: 'POST', path: i.http!.path!, headers: { 'Content-Type': 'application/json', 'X-Admin-Protocol': 'gsma/rsp/v2.2.2', ...i.http?.headers }, body: vectorBytes('bindings', i.file) }, options);
  };

  it('covers every es9p item of the manifest', () => {
    const ids = vectorJson<{ items: Item[] }>('bindings', 'manifest.json').items.filter((i) => i.binding === 'es9p-json').map((i) => i.id).sort();
    expect(ids).toEqual(['es9p-json-authenticateClient-req-waigel', 'es9p-json-getBoundProfilePackage-req-waigel', 'es9p-json-initiateAuthentication-req-mode51', 'es9p-json-initiateAuthentication-resp-mode51']);
  });

  it('mode51 initiateAuthentication request: the trailing 90 00 after euiccInfo1 is stripped with a warning, or refused when asked', () => {
    const d = request('es9p-json-initiateAuthentication-req-mode51');
    expect(d.function).toBe('initiateAuthentication');
    const v = d.value as any;
    expect(hex(v.euiccChallenge)).toBe('bfd65180679bb3dd2a15bd1802f157eb');
    expect(v.smdpAddress).toBe('testsmdpplus1.example.com');
    expect(v.euiccInfo1.svn).toBeDefined();
    expect(d.warnings).toEqual([expect.stringMatching(/^euiccInfo1: ignored a trailing APDU status word 90 00/)]);
    let err: unknown;
    try {
      request('es9p-json-initiateAuthentication-req-mode51', { trailingStatusWord: 'reject' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EsipaBindingError);
    expect((err as EsipaBindingError).code).toBe('bad-der');
    expect((err as EsipaBindingError).member).toBe('euiccInfo1');
  });

  it('mode51 initiateAuthentication response: mixed-case transactionId, 5F37 signature stripped, CI key id, and the signature verifies over serverSigned1 as received', () => {
    const i = item('es9p-json-initiateAuthentication-resp-mode51');
    const { value, warnings } = decodeEs9Response('json', 'initiateAuthentication', { status: 200, headers: { 'Content-Type': 'application/json' }, body: vectorBytes('bindings', i.file) });
    expect(warnings).toEqual([expect.stringMatching(/ExecutedSuccess/)]);
    expect(value.$case).toBe('initiateAuthenticationOk');
    const ok = (value as any).value;
    expect(hex(ok.transactionId)).toBe('0123456789abcdef8899aabbccddeeff');
    expect(hex(ok.euiccCiPKIdToBeUsed)).toBe('f54172bdf98a95d65cbeb88a38a1c11d800a85c3');
    expect(ok.serverSignature1.length).toBe(64);
    expect(hex(ok.serverSigned1.serverChallenge)).toBe('8899aabbccddeeff0011223344556677');
    expect(ok.serverSigned1.serverAddress).toBe('testsmdpplus1.example.com');
    const signed = encodedBytesOf(ok.serverSigned1)!;
    const key = publicKeyFromCertificate(Certificate.encode(ok.serverCertificate));
    expect(nobleProvider.ecdsaVerify(key, signed, ok.serverSignature1, 'raw')).toBe(true);
    const tampered = signed.slice();
    tampered[tampered.length - 1] ^= 1;
    expect(nobleProvider.ecdsaVerify(key, tampered, ok.serverSignature1, 'raw')).toBe(false);
  });

  it('waigel authenticateClient request (BER bit strings inside signed data): lenient by default, EID in the eUICC certificate', () => {
    const d = request('es9p-json-authenticateClient-req-waigel');
    const v = d.value as any;
    expect(hex(v.transactionId)).toBe('0102030405060708090a0b0c0d0e0f10');
    expect(v.authenticateServerResponse.$case).toBe('authenticateResponseOk');
    // the EID is the subject serialNumber, an open-type value (PrintableString TLV) in the model
    expect(flat(v.authenticateServerResponse.value.euiccCertificate)).toContain(Buffer.from('89049032123451234512345678901235').toString('hex'));
    expect(() => request('es9p-json-authenticateClient-req-waigel', { strict: true })).toThrow(EsipaBindingError);
  });

  it('waigel getBoundProfilePackage request: downloadResponseOk, strict DER', () => {
    const d = request('es9p-json-getBoundProfilePackage-req-waigel', { strict: true });
    const v = d.value as any;
    expect(hex(v.transactionId)).toBe('0102030405060708090a0b0c0d0e0f10');
    expect(v.prepareDownloadResponse.$case).toBe('downloadResponseOk');
  });
});
