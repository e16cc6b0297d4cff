/**
 * Binding bodies from independent implementations (../shared/vectors/bindings, see its
 * README for provenance) decode through our bindings to the types and values their sources
 * assert. Skipped, with one line, when the folder is absent.
 */
import { expect, it } from 'vitest';
import { decodeEsipaRequest, decodeEsipaResponse, esipaFunctionOfBody } from '../../src/esipa/binding.js';
import { EsipaBindingError } from '../../src/esipa/errors.js';
import type { EsipaFunction } from '../../src/esipa/functions.js';
import { hex as fromHex, toHex } from '../support/bytes.js';
import { describeVectors, vectorBytes, vectorJson, vectorText } from '../support/vectors.js';

interface Item {
  id: string;
  file: string;
  binding: 'esipa-asn1' | 'esipa-json' | 'es9p-json';
  function: string;
  direction: 'request' | 'response';
  strict: boolean;
  http?: { method?: string; path?: string; headers?: Record<string, string>; status?: number };
}

let manifest: { items: Item[] } | undefined;
const items = (): Item[] => (manifest ??= vectorJson<{ items: Item[] }>('bindings', 'manifest.json')).items;
const item = (id: string): Item => items().find((i) => i.id === id)!;
const bodyOf = (i: Item): Uint8Array => (i.file.endsWith('.hex') ? fromHex(vectorText('bindings', i.file)) : vectorBytes('bindings', i.file));
const fnOf = (i: Item) => (i.function[0].toLowerCase() + i.function.slice(1)) as EsipaFunction;
const hex = toHex;

const ASN1_HEADERS = { 'Content-Type': 'application/x-gsma-rsp-asn1', 'X-Admin-Protocol': 'gsma/rsp/v2.1.0' };

function asRequest(i: Item, strict: boolean) {
  const binding = i.binding === 'esipa-asn1' ? 'asn1' : 'json';
  const pathName = i.http?.path ?? (binding === 'asn1' ? '/gsma/rsp2/asn1' : `/gsma/rsp2/esipa/${fnOf(i)}`);
  const headers = i.http?.headers ?? (binding === 'asn1' ? ASN1_HEADERS : { 'Content-Type': 'application/json', 'X-Admin-Protocol': 'gsma/rsp/v2.1.0' });
  return decodeEsipaRequest({ method: 'POST', path: pathName, headers, body: bodyOf(i) }, { strict });
}

function asResponse(i: Item, fn: EsipaFunction, strict: boolean) {
  return decodeEsipaResponse('asn1', fn, { status: 200, headers: ASN1_HEADERS, body: bodyOf(i) }, { strict }).message as { $case: string; value: any };
}

describeVectors('ESipa binding vectors from independent implementations', ['bindings/manifest.json'], () => {
  it('covers every ESipa item of the manifest', () => {
    const ours = items().filter((i) => i.binding !== 'es9p-json').map((i) => i.id).sort();
    expect(ours).toEqual(TESTED.slice().sort());
  });

  it('Kigen GetEimPackage probe: BF4F with the EID, strict DER', () => {
    for (const strict of [true, false]) {
      const d = asRequest(item('esipa-asn1-getEimPackage-req-kigen'), strict);
      expect(d.function).toBe('getEimPackage');
      expect(d.message.$case).toBe('getEimPackageRequest');
      expect(hex((d.message.value as { eidValue: Uint8Array }).eidValue)).toBe('89044045930000000000002153893210');
    }
  });

  it('bare GetEimPackage request: no notifyStateChange, no stateChangeCause', () => {
    const d = asRequest(item('esipa-asn1-getEimPackage-req-bare'), true);
    const v = d.message.value as Record<string, unknown>;
    expect(hex(v.eidValue as Uint8Array)).toBe('000102030405060708090a0b0c0d0e0f');
    expect(v.notifyStateChange).toBeUndefined();
    expect(v.stateChangeCause).toBeUndefined();
  });

  it('no-package answer BF4F 03 02 01 01 is eimPackageError noEimPackageAvailable(1)', () => {
    const m = asResponse(item('esipa-asn1-getEimPackage-resp-noPackage'), 'getEimPackage', true);
    expect(m).toEqual({ $case: 'getEimPackageResponse', value: { $case: 'eimPackageError', value: 1 } });
  });

  it('ProvideEimPackageResult error: eimPackageResultResponseError unknownPackage(2) with eimTransactionId aabbcc', () => {
    const d = asRequest(item('esipa-asn1-provideEimPackageResult-error'), true);
    expect(d.function).toBe('provideEimPackageResult');
    const v = d.message.value as any;
    expect(hex(v.eidValue)).toBe('000102030405060708090a0b0c0d0e0f');
    expect(v.eimPackageResult.$case).toBe('eimPackageResultResponseError');
    expect(hex(v.eimPackageResult.value.eimTransactionId)).toBe('aabbcc');
    expect(v.eimPackageResult.value.eimPackageResultErrorCode).toBe(2);
  });

  it('HandleNotification with a compact other-signed notification (A0 wrapper, v1.2)', () => {
    const d = asRequest(item('esipa-asn1-handleNotification-compactOther'), true);
    expect(d.function).toBe('handleNotification');
    const v = d.message.value as any;
    expect(v.$case).toBe('pendingNotification');
    expect(v.value.$case).toBe('compactOtherSignedNotification');
    const n = v.value.value;
    const flat = JSON.stringify(n, (_k, x) => (x instanceof Uint8Array ? hex(x) : x));
    expect(flat).toContain('"seqNumber":7');
    expect(flat).toContain('"notificationAddress":"a"');
    expect(flat).toContain('"ee"');
  });

  it('ProvideEimPackageResultResponse: acknowledgements [5], and the empty response', () => {
    expect(asResponse(item('esipa-asn1-provideEimPackageResultResponse-acks'), 'provideEimPackageResult', true)).toEqual({
      $case: 'provideEimPackageResultResponse',
      value: { $case: 'eimAcknowledgements', value: [5] },
    });
    expect(asResponse(item('esipa-asn1-provideEimPackageResultResponse-empty'), 'provideEimPackageResult', true)).toEqual({
      $case: 'provideEimPackageResultResponse',
      value: { $case: 'emptyResponse', value: {} },
    });
  });

  it('openiotrsp relay toy (non-minimal length, no euiccChallenge): routed by its outer tag, refused as a typed bad-der in both modes', () => {
    const i = item('esipa-asn1-initiateAuthentication-req-relayToy');
    expect(i.strict).toBe(false);
    expect(esipaFunctionOfBody(bodyOf(i))).toBe('initiateAuthentication');
    for (const strict of [true, false]) {
      const err = (() => {
        try {
          asRequest(i, strict);
        } catch (e) {
          return e;
        }
      })() as EsipaBindingError;
      expect(err).toBeInstanceOf(EsipaBindingError);
      expect(err.code).toBe('bad-der');
      // strict mode stops at the non-minimal length, lenient mode at the missing challenge
      expect(err.asn1Path).toMatch(strict ? /^EsipaMessageFromIpaToEim/ : /euiccChallenge$/);
      if (strict) expect(err.cause).toMatchObject({ code: "non-minimal-length" });
    }
    // The smdpAddress [3] the relay reads is there, byte for byte.
    expect(hex(bodyOf(i))).toMatch(/^(?:..)*830b6578616d706c652e636f6d/); // at a byte boundary
  });

  it('Kigen JSON HandleNotification: compactOtherSignedNotification with seqNumber 19 and the EID', () => {
    const d = asRequest(item('esipa-json-handleNotification-pendingNotification-kigen'), true);
    expect(d.binding).toBe('json');
    expect(d.function).toBe('handleNotification');
    const v = d.message.value as any;
    expect(v.$case).toBe('pendingNotification');
    expect(v.value.$case).toBe('compactOtherSignedNotification');
    const flat = JSON.stringify(v.value.value, (_k, x) => (x instanceof Uint8Array ? hex(x) : x));
    expect(flat).toContain('"seqNumber":19');
    expect(flat).toContain('89044045930000000000002153893210');
  });
});

const TESTED = [
  'esipa-asn1-getEimPackage-req-kigen',
  'esipa-asn1-getEimPackage-req-bare',
  'esipa-asn1-getEimPackage-resp-noPackage',
  'esipa-asn1-provideEimPackageResult-error',
  'esipa-asn1-handleNotification-compactOther',
  'esipa-asn1-provideEimPackageResultResponse-acks',
  'esipa-asn1-provideEimPackageResultResponse-empty',
  'esipa-asn1-initiateAuthentication-req-relayToy',
  'esipa-json-handleNotification-pendingNotification-kigen',
];
