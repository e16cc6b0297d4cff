/**
 * `esipa/handle`: what an eIM does per ESipa request, through the binding — decode the HTTP
 * request (method, path, headers, body), route it to the function, encode the answer — for the
 * ASN.1 and the JSON binding, beside the bare codec round trip of the same messages (decode the
 * `EsipaMessageFromIpaToEim` body, encode the `EsipaMessageFromEimToIpa` answer). The `codec`
 * row's ratio is the binding's overhead; the target is ≤ 1.5x for ASN.1.
 *
 * The exchange is the eIM's hot path, GetEimPackage answered with the corpus's
 * GetEimPackageResponse (an eUICC Package).
 *
 * @module
 */
import { decodeEsipaRequest, encodeEsipaRequest, encodeEsipaResponse } from '../dist/esipa/binding.js';
import type { EsipaResponse } from '../dist/esipa/functions.js';
import { EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim, GetEimPackageResponse } from '../dist/generated/SGP32Definitions.js';
import type { BenchCase } from './cases.js';
import type { Corpus } from './corpus.js';

/** The cases; `sink` keeps results alive. */
export function esipaCases(corpus: Corpus, sink: { v: unknown }): BenchCase[] {
  const eidValue = Uint8Array.from({ length: 16 }, (_, i) => 0x89 - i);
  const answer: EsipaResponse = { $case: 'getEimPackageResponse', value: GetEimPackageResponse.decode(corpus.geteimpkg) };
  const out: BenchCase[] = [];
  for (const binding of ['asn1', 'json'] as const) {
    const request = encodeEsipaRequest({ $case: 'getEimPackageRequest', value: { eidValue } }, { binding });
    // What a Node server hands over: lower-case header names.
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const http = { method: 'POST', path: request.path, headers, body: request.body };
    const bytes = request.body.length + encodeEsipaResponse(binding, 'getEimPackage', answer).body.length;
    const name = `esipa/handle [${binding}]`;
    out.push({
      case: name,
      impl: 'sgp32',
      bytes,
      nodes: null,
      make: () => () => {
        const decoded = decodeEsipaRequest(http);
        if (decoded.function !== 'getEimPackage') throw new Error('routing');
        return (sink.v = encodeEsipaResponse(decoded.binding, decoded.function, answer));
      },
    });
    const asn1Body = encodeEsipaRequest({ $case: 'getEimPackageRequest', value: { eidValue } }, { binding: 'asn1' }).body;
    out.push({
      case: name,
      impl: 'codec',
      bytes,
      nodes: null,
      make: () => () => {
        sink.v = EsipaMessageFromIpaToEim.decode(asn1Body, { strict: false, keepEncoded: true });
        return (sink.v = EsipaMessageFromEimToIpa.encode(answer));
      },
    });
  }
  return out;
}
