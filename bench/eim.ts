/**
 * eIM benchmark: build + sign + encode an EuiccPackageRequest, and decode + verify an
 * EuiccPackageResult, on both curves and both providers, next to the bare ECDSA operation on
 * the same signed bytes (the floor), so the printed overhead is what the codec and the
 * signed-data handling add.
 *
 *   npm run build && npx tsx bench/eim.ts   (BENCH_TIME=0.3 for a quicker pass)
 *
 * Not a test: numbers depend on the machine. Keys are created once (warm key caches, as in an
 * eIM that signs with one key).
 */
import { nobleProvider } from '../dist/crypto/noble.js';
import { nodeProvider } from '../dist/crypto/node/index.js';
import type { CryptoProvider, Curve } from '../dist/crypto/provider.js';
import { EuiccPackageResultDataSigned, EuiccPackageSigned, type EuiccPackageSigned as Signed } from '../dist/generated/SGP32Definitions.js';
import { signEuiccPackage, signEuiccPackageResult, verifyEuiccPackageResult } from '../dist/rsp/index.js';
import { concatBytes } from '../dist/der/bytes.js';
import { associationTokenTlv } from '../dist/rsp/signed-data.js';
import { runSuite, type SuiteRow } from './suite.js';

const curves: Curve[] = ['P-256', 'brainpoolP256r1'];
const providers: CryptoProvider[] = [nobleProvider, nodeProvider];

const eid = Uint8Array.from({ length: 16 }, (_, i) => 0x89 - i);
const pkg = (counterValue: number): Signed => ({
  eimId: 'eim.example.com',
  eidValue: eid,
  counterValue,
  eimTransactionId: Uint8Array.from({ length: 16 }, (_, i) => i),
  euiccPackage: { $case: 'psmoList', value: [{ $case: 'enable', value: { iccid: Uint8Array.from([0x98, 0x94, 0x44, 0x99, 0x99, 0x99, 0x99, 0x09, 0x20, 0xf3]) } }] },
});
const resultData: EuiccPackageResultDataSigned = {
  eimId: 'eim.example.com',
  counterValue: 1006,
  eimTransactionId: Uint8Array.from({ length: 16 }, (_, i) => i),
  seqNumber: 20,
  euiccResult: [{ $case: 'enableResult', value: 0 }],
};

const rows: SuiteRow[] = [];

function run(op: string, curve: Curve, cases: Record<string, () => unknown>): void {
  runSuite(rows, op, curve, cases, (r) => `${op.padEnd(14)} ${curve.padEnd(16)} ${r.name.padEnd(34)} ${r.hz.toFixed(0).padStart(8)} ops/s ±${r.rme.toFixed(1)}%`);
}

for (const curve of curves) {
  const eimKeys = nobleProvider.generateKeyPair(curve);
  const euiccKeys = nobleProvider.generateKeyPair(curve);
  const token = associationTokenTlv(1);
  const signedBytes = concatBytes([EuiccPackageSigned.encode(pkg(1)), token]);
  const resultBytes = signEuiccPackageResult({ euiccPackageResultDataSigned: resultData, privateKey: euiccKeys.privateKey, associationToken: 1 }).bytes;
  const resultSigned = concatBytes([EuiccPackageResultDataSigned.encode(resultData), token]);
  const resultSig = nobleProvider.ecdsaSign(euiccKeys.privateKey, resultSigned, 'raw');
  let counter = 1;

  const signCases: Record<string, () => unknown> = {};
  const verifyCases: Record<string, () => unknown> = {};
  for (const p of providers) {
    signCases[`signEuiccPackage (${p.name})`] = () => signEuiccPackage({ euiccPackageSigned: pkg(counter++), privateKey: eimKeys.privateKey, associationToken: 1, provider: p });
    signCases[`bare ecdsaSign (${p.name})`] = () => p.ecdsaSign(eimKeys.privateKey, signedBytes, 'raw');
    verifyCases[`verifyEuiccPackageResult (${p.name})`] = () => {
      if (!verifyEuiccPackageResult(resultBytes, { publicKey: euiccKeys.publicKey, associationToken: 1, provider: p }).valid) throw new Error('bench: result did not verify');
    };
    verifyCases[`bare ecdsaVerify (${p.name})`] = () => p.ecdsaVerify(euiccKeys.publicKey, resultSigned, resultSig, 'raw');
  }
  run('sign package', curve, signCases);
  run('verify result', curve, verifyCases);
}

console.log('\nOverhead of the full operation over the bare ECDSA call (same provider, same curve):');
for (const curve of curves) {
  for (const p of providers) {
    const get = (op: string, name: string) => rows.find((r) => r.op === op && r.curve === curve && r.name === `${name} (${p.name})`)?.hz ?? NaN;
    const s = get('sign package', 'signEuiccPackage') / get('sign package', 'bare ecdsaSign');
    const v = get('verify result', 'verifyEuiccPackageResult') / get('verify result', 'bare ecdsaVerify');
    console.log(`  ${curve.padEnd(16)} ${p.name.padEnd(6)} sign+encode ${(s * 100).toFixed(0)}% of bare sign, decode+verify ${(v * 100).toFixed(0)}% of bare verify`);
  }
}
