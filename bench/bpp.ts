/**
 * Bound Profile Package benchmark: build (SM-DP+: ECDH, KDF, smdpSign, encrypt and MAC every
 * segment, DER) and open (eUICC: ECDH, KDF, verify every MAC, decrypt) of a TS.48-sized profile
 * (the TS.48 v2 test profile from ../shared/vectors/upp when present, else 12 KB of profile-like
 * TLVs), per provider, in MB/s of profile; next to the bare AES-CBC + AES-CMAC work over the same
 * segments (the floor any implementation pays), in one run.
 *
 *   npm run build && npx tsx bench/bpp.ts   (about half a minute; BENCH_TIME=0.3 for a quicker pass)
 *
 * Not a test: numbers depend on the machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nobleProvider } from '../dist/crypto/noble.js';
import { nodeProvider } from '../dist/crypto/node/index.js';
import type { CryptoProvider, Curve } from '../dist/crypto/provider.js';
import { buildBpp, createBppOpener, openBpp } from '../dist/rsp/bpp/index.js';
import { maxTime, runSuite, type SuiteRow } from './suite.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ts48 = path.resolve(here, '../../shared/vectors/upp/TS48v2_SAIP2.3_NoBERTLV.der');
let upp: Uint8Array;
let source: string;
if (existsSync(ts48)) {
  upp = new Uint8Array(readFileSync(ts48));
  source = 'TS48v2_SAIP2.3_NoBERTLV.der';
} else {
  // Twelve 1,004-byte elements, then the End element the opener requires.
  upp = new Uint8Array(12 * 1004 + 2);
  for (let o = 0; o < 12 * 1004; o += 1004) upp.set([0xa0, 0x82, 0x03, 0xe8], o);
  upp.set([0xaa, 0x00], 12 * 1004);
  source = 'synthetic 12,050-byte profile';
}
const EID = '89049032123451234512345678901235';
const metadata = { iccid: new Uint8Array(10), serviceProviderName: 'Bench', profileName: 'TS.48' };

const rows: SuiteRow[] = [];

function run(op: string, curve: Curve, cases: Record<string, () => unknown>): void {
  runSuite(rows, op, curve, cases, (r) => {
    const mbs = (r.hz * upp.length) / 1e6;
    return `${op.padEnd(6)} ${curve.padEnd(16)} ${r.name.padEnd(34)} ${r.hz.toFixed(1).padStart(8)} packages/s  ${mbs.toFixed(2).padStart(7)} MB/s ±${r.rme.toFixed(1)}%`;
  });
}

/** The bare symmetric work of one package: AES-CBC and CMAC over 1,007-byte segments. */
function bareSymmetric(p: CryptoProvider): () => void {
  const key = new Uint8Array(16).fill(1);
  const iv = new Uint8Array(16);
  const chunks: Uint8Array[] = [];
  for (let o = 0; o < upp.length; o += 1007) {
    const c = upp.subarray(o, Math.min(upp.length, o + 1007));
    const padded = new Uint8Array((Math.floor(c.length / 16) + 1) * 16);
    padded.set(c);
    padded[c.length] = 0x80;
    chunks.push(padded);
  }
  return () => {
    for (const c of chunks) {
      p.aesEcbEncryptBlock(key, iv);
      const ct = p.aesCbcEncrypt(key, iv, c);
      p.aesCmac(key, ct);
    }
  };
}

console.log(`profile: ${source}, ${upp.length} bytes; BENCH_TIME=${maxTime}s per case\n`);
for (const curve of ['P-256', 'brainpoolP256r1'] as const) {
  const euicc = nodeProvider.generateKeyPair(curve);
  const dppb = nodeProvider.generateKeyPair(curve);
  const options = (provider: CryptoProvider) => ({
    upp,
    metadata,
    transactionId: new Uint8Array(16),
    eid: EID,
    euiccOtpk: euicc.publicKey,
    curve,
    smdpSigner: dppb.privateKey,
    provider,
  });
  const bpp = buildBpp(options(nodeProvider)).bpp;
  const openOptions = (provider: CryptoProvider) => ({ euiccOtsk: euicc.privateKey, eid: EID, smdpPublicKey: dppb.publicKey, provider });
  const keys = openBpp(bpp, openOptions(nodeProvider));
  if (!keys.ok) throw new Error('benchmark package does not open');

  run('build', curve, {
    'sgp32 noble': () => buildBpp(options(nobleProvider)),
    'sgp32 node': () => buildBpp(options(nodeProvider)),
    'bare AES-CBC+CMAC, noble': bareSymmetric(nobleProvider),
    'bare AES-CBC+CMAC, node': bareSymmetric(nodeProvider),
  });
  run('open', curve, {
    'sgp32 noble': () => openBpp(bpp, openOptions(nobleProvider)),
    'sgp32 node': () => openBpp(bpp, openOptions(nodeProvider)),
    'sgp32 node, session keys given': () => openBpp(bpp, { sessionKeys: keys.sessionKeys, provider: nodeProvider }),
    'sgp32 node, stream 1,020-byte chunks': () => {
      const o = createBppOpener({ sessionKeys: keys.sessionKeys, provider: nodeProvider });
      for (let p = 0; p < bpp.length; p += 1020) o.push(bpp.subarray(p, p + 1020));
      return o.end();
    },
  });
}

console.log('\nratios (node provider vs noble provider):');
for (const op of ['build', 'open']) {
  for (const curve of ['P-256', 'brainpoolP256r1'] as const) {
    const get = (name: string) => rows.find((r) => r.op === op && r.curve === curve && r.name === name)?.hz ?? NaN;
    console.log(`  ${op.padEnd(6)} ${curve.padEnd(16)} node/noble ${(get('sgp32 node') / get('sgp32 noble')).toFixed(2)}×`);
  }
}
