/**
 * Both ESipa function bindings round-trip every function's request and response, over values
 * drawn from the ASN.1 model: encode on one side, decode on the other, same typed message. The
 * ASN.1 bodies are also checked against the codec directly (the body is exactly the envelope
 * alternative's DER, SGP.32 §6.1.1), and the JSON bodies against the wire facts of
 * bindings.md §2 (paths, header object, hex transaction ids, base64 of complete TLVs).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/files.js';
import { equalBytes } from '../support/bytes.js';
import { decodeEsipaRequest, decodeEsipaResponse, encodeEsipaRequest, encodeEsipaResponse } from '../../src/esipa/binding.js';
import { ESIPA_FUNCTIONS, FUNCTION_TABLE, type EsipaBinding } from '../../src/esipa/functions.js';
import { EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim } from '../../src/generated/SGP32Definitions.js';
import { sameValue } from '../support/arbitraries.js';
import { jsonExpected, requestArb, responseArb } from './samples.js';

const RUNS = Number(testEnv('SGP32_PROPERTY_RUNS') ?? 30);
const BINDINGS: EsipaBinding[] = ['asn1', 'json'];

function same(actual: unknown, expected: unknown): void {
  if (!sameValue(actual, expected)) expect(actual).toEqual(expected);
}

describe('ESipa bindings: request and response round trips over model-derived values', () => {
  for (const binding of BINDINGS) {
    for (const fn of ESIPA_FUNCTIONS) {
      it(`${binding} ${fn}: request`, () => {
        fc.assert(
          fc.property(requestArb(fn), (message) => {
            const http = encodeEsipaRequest(message, { binding });
            expect(http.method).toBe('POST');
            expect(http.path).toBe(binding === 'asn1' ? '/gsma/rsp2/asn1' : `/gsma/rsp2/esipa/${fn}`);
            if (binding === 'asn1') {
              const envelope = fn === 'transferEimPackage' ? EsipaMessageFromEimToIpa : EsipaMessageFromIpaToEim;
              expect(equalBytes(http.body, envelope.encode(message as never))).toBe(true);
            } else {
              const json = JSON.parse(new TextDecoder().decode(http.body));
              expect(json.header).toBeUndefined(); // ESipa JSON requests carry no header (bindings.md §2.1)
            }
            const decoded = decodeEsipaRequest(http);
            expect(decoded.binding).toBe(binding);
            expect(decoded.function).toBe(fn);
            same(decoded.message, message);
          }),
          { numRuns: RUNS },
        );
      });

      it(`${binding} ${fn}: response`, () => {
        fc.assert(
          fc.property(responseArb(fn), (message) => {
            const http = encodeEsipaResponse(binding, fn, message);
            if (message === undefined) {
              expect(http.status).toBe(204);
              expect(http.body.length).toBe(0);
              expect(http.headers['Content-Type']).toBeUndefined();
            } else {
              expect(http.status).toBe(200);
              if (binding === 'json') {
                const json = JSON.parse(new TextDecoder().decode(http.body));
                expect(['Executed-Success', 'Failed']).toContain(json.header.functionExecutionStatus.status);
              }
            }
            const { message: decoded } = decodeEsipaResponse(binding, fn, http);
            same(decoded, binding === 'json' ? jsonExpected(fn, message) : message);
            expect(decoded?.$case).toBe(FUNCTION_TABLE[fn].response);
          }),
          { numRuns: RUNS },
        );
      });
    }
  }
});
