/**
 * Crypto benchmark: ECDSA sign/verify and ECDH on both curves, through both sgp32 providers and
 * directly on the libraries underneath (@noble/curves and node:crypto), in one run, with ratios.
 *
 *   npx tsx bench/crypto.ts            (about a minute; BENCH_TIME=0.3 for a quicker pass)
 *
 * Not a test: numbers depend on the machine. Keys are created once, so the providers' key caches
 * are warm, as in a server that signs with the same key repeatedly.
 */
import Benchmark from 'benchmark';
import { createPrivateKey, createPublicKey, diffieHellman, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { brainpoolP256r1 } from '@noble/curves/misc.js';
import { nobleProvider } from '../src/crypto/noble.js';
import { nodeProvider } from '../src/crypto/node/index.js';
import { exportPrivateKeyDer, exportPublicKeyDer } from '../src/crypto/keys.js';
import type { Curve } from '../src/crypto/provider.js';

const maxTime = Number(process.env.BENCH_TIME ?? 1);
const curves: Curve[] = ['P-256', 'brainpoolP256r1'];
const noble = { 'P-256': p256, brainpoolP256r1 } as const;
const message = new Uint8Array(200).map((_, i) => i);

interface Row {
  op: string;
  curve: Curve;
  name: string;
  hz: number;
}
const rows: Row[] = [];

function run(op: string, curve: Curve, cases: Record<string, () => unknown>): void {
  const suite = new Benchmark.Suite(`${op} ${curve}`);
  for (const [name, fn] of Object.entries(cases)) suite.add(name, fn, { maxTime, minSamples: 5 });
  suite.on('cycle', (e: Benchmark.Event) => {
    const b = e.target as Benchmark.Target & { name: string; hz: number; stats: { rme: number } };
    rows.push({ op, curve, name: b.name, hz: b.hz });
    console.log(`${op.padEnd(7)} ${curve.padEnd(16)} ${b.name.padEnd(22)} ${b.hz.toFixed(0).padStart(8)} ops/s ±${b.stats.rme.toFixed(1)}%`);
  });
  suite.run();
}

for (const curve of curves) {
  const { privateKey, publicKey } = nobleProvider.generateKeyPair(curve);
  const peer = nobleProvider.generateKeyPair(curve).publicKey;
  const ko = createPrivateKey({ key: Buffer.from(exportPrivateKeyDer(privateKey)), format: 'der', type: 'pkcs8' });
  const pko = createPublicKey({ key: Buffer.from(exportPublicKeyDer(publicKey)), format: 'der', type: 'spki' });
  const peerKo = createPublicKey({ key: Buffer.from(exportPublicKeyDer(peer)), format: 'der', type: 'spki' });
  const raw = nobleProvider.ecdsaSign(privateKey, message, 'raw');
  const der = nobleProvider.ecdsaSign(privateKey, message, 'der');

  run('sign', curve, {
    'sgp32 noble (raw)': () => nobleProvider.ecdsaSign(privateKey, message, 'raw'),
    'sgp32 node (raw)': () => nodeProvider.ecdsaSign(privateKey, message, 'raw'),
    '@noble/curves': () => noble[curve].sign(message, privateKey.d, { prehash: true, lowS: false }),
    'node:crypto': () => nodeSign('sha256', message, { key: ko, dsaEncoding: 'ieee-p1363' }),
  });
  run('verify', curve, {
    'sgp32 noble (raw)': () => nobleProvider.ecdsaVerify(publicKey, message, raw, 'raw'),
    'sgp32 node (raw)': () => nodeProvider.ecdsaVerify(publicKey, message, raw, 'raw'),
    'sgp32 node (der)': () => nodeProvider.ecdsaVerify(publicKey, message, der, 'der'),
    '@noble/curves': () => noble[curve].verify(raw, message, publicKey.point, { prehash: true, lowS: false }),
    'node:crypto': () => nodeVerify('sha256', message, { key: pko, dsaEncoding: 'ieee-p1363' }, raw),
  });
  run('ecdh', curve, {
    'sgp32 noble': () => nobleProvider.ecdh(privateKey, peer),
    'sgp32 node': () => nodeProvider.ecdh(privateKey, peer),
    '@noble/curves': () => noble[curve].getSharedSecret(privateKey.d, peer.point, true),
    'node:crypto': () => diffieHellman({ privateKey: ko, publicKey: peerKo }),
  });
}

console.log('\nratios (higher is faster):');
for (const curve of curves) {
  for (const op of ['sign', 'verify', 'ecdh']) {
    const get = (prefix: string) => rows.find((r) => r.curve === curve && r.op === op && r.name.startsWith(prefix))?.hz ?? NaN;
    const sn = get('sgp32 noble');
    const sd = get('sgp32 node');
    const rn = get('@noble/curves');
    const rd = get('node:crypto');
    console.log(
      `${op.padEnd(7)} ${curve.padEnd(16)} node/noble provider ${(sd / sn).toFixed(2)}x   ` +
        `sgp32 noble / raw noble ${(sn / rn).toFixed(2)}   sgp32 node / raw node:crypto ${(sd / rd).toFixed(2)}`,
    );
  }
}
