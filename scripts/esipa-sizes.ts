/**
 * Prints the size table of docs/guides/esipa.md: bytes of typical ESipa exchanges over HTTP
 * (ASN.1 and JSON bindings) and CoAP, computed by `esipaExchangeSizes` on messages built here
 * (synthetic values of realistic size: a signed one-PSMO eUICC Package and its signed result,
 * a 60 KB Bound Profile Package). Run: npx tsx scripts/esipa-sizes.ts
 */
import { esipaExchangeSizes } from '../src/esipa/sizes.js';
import type { EsipaRequest, EsipaResponse } from '../src/esipa/functions.js';
import { BoundProfilePackage } from '../src/generated/RSPDefinitions.js';
import { buildBpp } from '../src/rsp/bpp/build.js';
import { nodeProvider } from '../src/crypto/node/index.js';

const eidValue = Uint8Array.from(Buffer.from('89049032123451234512345678901235', 'hex'));
const sig = new Uint8Array(64).fill(0x5a);
const eimTransactionId = new Uint8Array(16).fill(1);
const transactionId = new Uint8Array(16).fill(2);
const euiccPackageRequest = {
  euiccPackageSigned: {
    eimId: 'eim.example.com',
    eidValue,
    counterValue: 42,
    eimTransactionId,
    euiccPackage: { $case: 'psmoList', value: [{ $case: 'enable', value: { iccid: new Uint8Array(10).fill(0x98) } }] },
  },
  eimSignature: sig,
};
const euiccPackageResult = {
  $case: 'euiccPackageResultSigned',
  value: {
    euiccPackageResultDataSigned: { eimId: 'eim.example.com', counterValue: 42, eimTransactionId, seqNumber: 7, euiccResult: [{ $case: 'enableResult', value: 0 }] },
    euiccSignEPR: sig,
  },
};
const euicc = nodeProvider.generateKeyPair('P-256');
const bpp = BoundProfilePackage.decode(
  buildBpp({ upp: new Uint8Array(60_000).fill(3), metadata: { iccid: new Uint8Array(10), serviceProviderName: 'SP', profileName: 'P' }, transactionId, eid: eidValue, euiccOtpk: euicc.publicKey, curve: 'P-256', smdpSigner: euicc.privateKey, provider: nodeProvider }).bpp,
);

const rows: [string, EsipaRequest, EsipaResponse | undefined][] = [
  ['GetEimPackage, nothing waiting', { $case: 'getEimPackageRequest', value: { eidValue } }, { $case: 'getEimPackageResponse', value: { $case: 'eimPackageError', value: 1 } }],
  ['GetEimPackage, one signed PSMO', { $case: 'getEimPackageRequest', value: { eidValue } }, { $case: 'getEimPackageResponse', value: { $case: 'euiccPackageRequest', value: euiccPackageRequest } } as EsipaResponse],
  ['ProvideEimPackageResult, signed result', { $case: 'provideEimPackageResult', value: { eidValue, eimPackageResult: { $case: 'euiccPackageResult', value: euiccPackageResult } } } as EsipaRequest, { $case: 'provideEimPackageResultResponse', value: { $case: 'emptyResponse', value: {} } }],
  [
    'GetBoundProfilePackage, 60 KB BPP',
    { $case: 'getBoundProfilePackageRequestEsipa', value: { transactionId, prepareDownloadResponse: { $case: 'downloadResponseError', value: { transactionId, downloadErrorCode: 127 } } } } as EsipaRequest,
    { $case: 'getBoundProfilePackageResponseEsipa', value: { $case: 'getBoundProfilePackageOkEsipa', value: { transactionId, boundProfilePackage: bpp } } },
  ],
];

console.log('| exchange | ASN.1 bodies (req / resp) | HTTP + ASN.1 | HTTP + JSON | CoAP, 1024-byte blocks (datagrams) | CoAP, 256-byte blocks (datagrams) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [name, req, res] of rows) {
  const f = esipaExchangeSizes(req, res);
  const small = esipaExchangeSizes(req, res, { blockSize: 256 });
  console.log(`| ${name} | ${f.bodies.asn1.request} / ${f.bodies.asn1.response} | ${f.http.asn1.total} | ${f.http.json.total} | ${f.coap.total} (${f.coap.datagrams}) | ${small.coap.total} (${small.coap.datagrams}) |`);
}
