/**
 * Hostile input to the bindings: random bytes, random JSON and mutations of valid bodies, on
 * every path of both bindings and on the client side, raise nothing but EsipaBindingError
 * (with an HTTP status of 4xx, or `bad-status` for answers), and never hang. ES9+ likewise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/files.js';
import { decodeEsipaRequest, decodeEsipaResponse, encodeEsipaRequest, encodeEsipaResponse } from '../../src/esipa/binding.js';
import { decodeEs9Request, decodeEs9Response, ES9_FUNCTIONS } from '../../src/esipa/es9plus.js';
import { EsipaBindingError } from '../../src/esipa/errors.js';
import { ESIPA_FUNCTIONS, type EsipaBinding } from '../../src/esipa/functions.js';
import { requestArb, responseArb } from './samples.js';

const RUNS = Number(testEnv('SGP32_PROPERTY_RUNS') ?? 30) * 4;
const JSON_H = { 'content-type': 'application/json', 'x-admin-protocol': 'gsma/rsp/v2.1.0' };
const ASN1_H = { 'content-type': 'application/x-gsma-rsp-asn1', 'x-admin-protocol': 'gsma/rsp/v2.1.0' };

/** Runs `f`; anything thrown must be an EsipaBindingError. */
function typed(f: () => unknown): void {
  try {
    f();
  } catch (err) {
    if (!(err instanceof EsipaBindingError)) throw err;
    // A client's bad-status carries the status it received; every other error a 4xx to answer with.
    if (err.code !== 'bad-status') expect(err.status).toBeGreaterThanOrEqual(400);
    expect(err.message.length).toBeGreaterThan(0);
  }
}

const mutate = (bytes: Uint8Array) =>
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert')).map(([at, b, how]) => {
    if (bytes.length === 0) return Uint8Array.of(b);
    const i = at % bytes.length;
    if (how === 'cut') return bytes.subarray(0, i);
    if (how === 'insert') return Uint8Array.from([...bytes.subarray(0, i), b, ...bytes.subarray(i)]);
    const out = bytes.slice();
    out[i] ^= b | 1;
    return out;
  });

const jsonPaths = [...ESIPA_FUNCTIONS.map((f) => `/gsma/rsp2/esipa/${f}`), ...ES9_FUNCTIONS.map((f) => `/gsma/rsp2/es9plus/${f}`)];

describe('hostile bodies raise only typed binding errors', () => {
  it('random bytes on the ASN.1 path and on every JSON path (ESipa and ES9+)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('/gsma/rsp2/asn1', ...jsonPaths), (body, path) => {
        const headers = path.endsWith('asn1') ? ASN1_H : JSON_H;
        typed(() => decodeEsipaRequest({ method: 'POST', path, headers, body }));
        typed(() => decodeEs9Request({ method: 'POST', path, headers, body }));
      }),
      { numRuns: RUNS },
    );
  });

  it('random JSON values (any shape, any member types) on every JSON path', () => {
    const members = fc.dictionary(
      fc.constantFrom('eidValue', 'transactionId', 'euiccChallenge', 'pendingNotification', 'eimPackageResult', 'authenticateServerResponse', 'header', 'rPlmn', 'notifyStateChange', 'stateChangeCause', 'euiccInfo1', 'smdpAddress', 'x'),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), members), fc.constantFrom(...jsonPaths), (json, path) => {
        const body = new TextEncoder().encode(JSON.stringify(json) ?? 'null');
        typed(() => decodeEsipaRequest({ method: 'POST', path, headers: JSON_H, body }));
        typed(() => decodeEs9Request({ method: 'POST', path, headers: JSON_H, body }));
      }),
      { numRuns: RUNS },
    );
  });

  for (const binding of ['asn1', 'json'] as EsipaBinding[]) {
    it(`${binding}: mutated valid requests and responses of every function`, () => {
      for (const fn of ESIPA_FUNCTIONS) {
        const sample = fc.sample(fc.tuple(requestArb(fn), responseArb(fn)), { numRuns: 1, seed: 11 + fn.length })[0];
        const req = encodeEsipaRequest(sample[0], { binding });
        const res = encodeEsipaResponse(binding, fn, sample[1]);
        fc.assert(
          fc.property(mutate(req.body), mutate(res.body.length ? res.body : Uint8Array.of(0)), (reqBody, resBody) => {
            typed(() => decodeEsipaRequest({ ...req, body: reqBody }));
            typed(() => decodeEsipaResponse(binding, fn, { ...res, body: resBody }));
            for (const f of ES9_FUNCTIONS) typed(() => decodeEs9Response(binding, f, { ...res, body: resBody }));
          }),
          { numRuns: RUNS / 4 },
        );
      }
    });
  }
});
