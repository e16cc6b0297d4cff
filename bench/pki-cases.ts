/**
 * `pki/validate-chain`: a CI → EUM → eUICC chain validated end to end (parse the three
 * certificates, chain by name and key identifier, verify the three signatures, validity, CA
 * flags, key usage, roles, EID range) by `validateChain` with the native and the pure-JS
 * provider, beside the same work through pkijs parsing: pkijs reads the certificates, the
 * names and key identifiers are compared from its objects, and node:crypto (the fastest
 * verifier there is here) checks the signatures over the TBS bytes pkijs located.
 *
 * @module
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { BenchCase } from './cases.js';
import type { Corpus } from './corpus.js';
import { nobleProvider } from '../dist/crypto/noble.js';
import { nodeProvider } from '../dist/crypto/node/index.js';
import { validateChain } from '../dist/pki/validate.js';
import { testPki } from '../test/pki/gsma-tbs.js';

const sink: { v: unknown } = { v: undefined };
const AT = new Date('2026-11-21T00:00:00Z');

/** The pkijs route: parse, chain by names and key identifiers, validity, three signatures with node:crypto. */
function pkijsValidate(ders: readonly Uint8Array[]): boolean {
  const certs = ders.map((d) => pkijs.Certificate.fromBER(d as Uint8Array<ArrayBuffer>));
  const keyId = (c: pkijs.Certificate, oid: string): string | undefined => {
    const e = c.extensions?.find((x) => x.extnID === oid);
    if (!e) return undefined;
    const v = e.parsedValue as { keyIdentifier?: { valueBlock: { valueHexView: Uint8Array } }; valueBlock?: { valueHexView: Uint8Array } };
    return Buffer.from((v.keyIdentifier ?? v).valueBlock!.valueHexView).toString('hex');
  };
  for (let i = 0; i < certs.length; i++) {
    const c = certs[i];
    const issuer = certs[Math.max(0, i - 1)];
    if (!c.issuer.isEqual(issuer.subject)) return false;
    if (i > 0 && keyId(c, '2.5.29.35') !== keyId(issuer, '2.5.29.14')) return false;
    if (AT < c.notBefore.value || AT > c.notAfter.value) return false;
    const key = createPublicKey({ key: Buffer.from(issuer.subjectPublicKeyInfo.toSchema().toBER(false)), format: 'der', type: 'spki' });
    if (!nodeVerify('sha256', c.tbsView, key, c.signatureValue.valueBlock.valueHexView)) return false;
  }
  return true;
}

/** The cases, or a note when the chain cannot be set up. */
export function pkiCases(corpus: Corpus): { cases: BenchCase[]; notes: string[] } {
  // The SGP.26-shaped P-256 test PKI the pki tests issue with the generated encoder.
  void corpus;
  const pki = testPki(nobleProvider, 'P-256');
  const chain = [pki.ciDer, pki.eumDer, pki.euiccDer];
  const options = { chain: chain.slice(1), anchors: [chain[0]], at: AT };
  for (const provider of [nodeProvider, nobleProvider]) {
    const v = validateChain({ ...options, provider });
    if (!v.valid) return { cases: [], notes: [`pki/validate-chain skipped: the bench chain is invalid (${v.reason}: ${v.detail})`] };
  }
  if (!pkijsValidate(chain)) return { cases: [], notes: ['pki/validate-chain skipped: the pkijs route refuses the bench chain'] };
  const bytes = chain.reduce((n, c) => n + c.length, 0);
  const c = 'pki/validate-chain';
  return {
    notes: [],
    cases: [
      { case: c, impl: 'sgp32-native', bytes, nodes: null, make: () => () => (sink.v = validateChain({ ...options, provider: nodeProvider })) },
      { case: c, impl: 'sgp32-js', bytes, nodes: null, make: () => () => (sink.v = validateChain({ ...options, provider: nobleProvider })) },
      { case: c, impl: 'pkijs', bytes, nodes: null, make: () => () => (sink.v = pkijsValidate(chain)) },
    ],
  };
}
