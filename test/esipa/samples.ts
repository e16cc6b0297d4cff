/**
 * Values of every ESipa request and response, drawn from the arbitraries derived from the type
 * descriptors (test/support/arbitraries.ts), so the binding tests cover each member kind without a
 * hand-written value per function. `jsonExpected` says what the JSON binding gives back: the
 * same value, except that an error INTEGER without a row in the function's status-code table
 * travels as undefinedError (127) — JSON carries failures only as (subjectCode, reasonCode).
 */
import fc from 'fast-check';
import { DescriptorArbitraries, sameValue } from '../support/arbitraries.js';
import { defaultRegistry } from '../../src/generated/registry.js';
import { handlerNameOf } from '../../src/esipa/dispatch.js';
import { ESIPA_FUNCTIONS, FUNCTION_TABLE, type EsipaFunction, type EsipaRequest, type EsipaResponse } from '../../src/esipa/functions.js';
import { ESIPA_JSON } from '../../src/esipa/esipa-json.js';

export const arbs = new DescriptorArbitraries(defaultRegistry, { depth: 5, extraItems: 1, extraLength: 4 });

const REQUEST_TYPES: Record<EsipaFunction, string> = {
  initiateAuthentication: 'InitiateAuthenticationRequestEsipa',
  authenticateClient: 'AuthenticateClientRequestEsipa',
  getBoundProfilePackage: 'GetBoundProfilePackageRequestEsipa',
  handleNotification: 'HandleNotificationEsipa',
  cancelSession: 'CancelSessionRequestEsipa',
  transferEimPackage: 'TransferEimPackageRequest',
  getEimPackage: 'GetEimPackageRequest',
  provideEimPackageResult: 'ProvideEimPackageResult',
};
const RESPONSE_TYPES: Record<EsipaFunction, string | undefined> = {
  initiateAuthentication: 'InitiateAuthenticationResponseEsipa',
  authenticateClient: 'AuthenticateClientResponseEsipa',
  getBoundProfilePackage: 'GetBoundProfilePackageResponseEsipa',
  handleNotification: undefined,
  cancelSession: 'CancelSessionResponseEsipa',
  transferEimPackage: 'TransferEimPackageResponse',
  getEimPackage: 'GetEimPackageResponse',
  provideEimPackageResult: 'ProvideEimPackageResultResponse',
};

/** Arbitrary request envelope alternative of `fn` (value normalised as a decoder returns it). */
export function requestArb(fn: EsipaFunction): fc.Arbitrary<EsipaRequest> {
  const type = REQUEST_TYPES[fn];
  return arbs.forType('SGP32Definitions', type).map((v) => ({ $case: FUNCTION_TABLE[fn].request, value: arbs.normalise('SGP32Definitions', type, v) }) as EsipaRequest);
}

/** Arbitrary response envelope alternative of `fn`; undefined for HandleNotification. */
export function responseArb(fn: EsipaFunction): fc.Arbitrary<EsipaResponse | undefined> {
  const type = RESPONSE_TYPES[fn];
  if (type === undefined) return fc.constant(undefined);
  return arbs.forType('SGP32Definitions', type).map((v) => ({ $case: FUNCTION_TABLE[fn].response, value: arbs.normalise('SGP32Definitions', type, v) }) as EsipaResponse);
}

/** What the JSON binding returns for `message` (see the module comment). */
export function jsonExpected(fn: EsipaFunction, message: EsipaResponse | undefined): EsipaResponse | undefined {
  const spec = ESIPA_JSON[fn].response;
  if (message === undefined || spec?.errorCase === undefined) return message;
  const inner = message.value as { $case: string; value: unknown };
  if (inner.$case !== spec.errorCase) return message;
  // TransferEimPackage carries its error as a body member: any value survives.
  if (spec.alts.some((a) => a.case === spec.errorCase && !('decodeOnly' in a && a.decodeOnly))) return message;
  const known = (spec.codes ?? []).some((r) => r.value === inner.value);
  return known ? message : ({ ...message, value: { $case: inner.$case, value: 127 } } as EsipaResponse);
}

/** A fixed sample of one request and one response per function (seeded, so runs repeat). */
export function samplesOf(fn: EsipaFunction, count: number, seed: number): { request: EsipaRequest; response: EsipaResponse | undefined }[] {
  const pairs = fc.sample(fc.tuple(requestArb(fn), responseArb(fn)), { numRuns: count, seed });
  return pairs.map(([request, response]) => ({ request, response }));
}

/**
 * Handlers for every function that check each request against a script and answer from it:
 * `script.set(fn, { expect, answer })` before a call; `received` records each call and whether
 * its request equalled the expected one.
 */
export function scriptedHandlers(): {
  handlers: Record<string, (request: unknown) => unknown>;
  script: Map<EsipaFunction, { expect: unknown; answer: unknown }>;
  received: { fn: EsipaFunction; ok: boolean }[];
} {
  const script = new Map<EsipaFunction, { expect: unknown; answer: unknown }>();
  const received: { fn: EsipaFunction; ok: boolean }[] = [];
  const handlers: Record<string, (request: unknown) => unknown> = {};
  for (const fn of ESIPA_FUNCTIONS) {
    handlers[handlerNameOf(fn)] = (request: unknown) => {
      const step = script.get(fn)!;
      received.push({ fn, ok: sameValue(request, step.expect) });
      return step.answer;
    };
  }
  return { handlers, script, received };
}

export { ESIPA_FUNCTIONS };
