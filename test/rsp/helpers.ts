/** Shared helpers of the rsp tests. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nobleProvider } from '../../src/crypto/noble.js';
import { nodeProvider } from '../../src/crypto/node/index.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { concat, hex } from '../support/bytes.js';
import { VECTORS_DIR, hasVectors, vectorsSkipLine } from '../support/vectors.js';

export { concat, hex };

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared external vectors (outside the repository); may be absent. */
export const vectorsDir = VECTORS_DIR;
/** What the rsp signature suites need. */
export const NEEDED = ['signatures/real_capture.json', 'certs/sgp26', 'certs/eim'] as const;
export const haveVectors = hasVectors(...NEEDED);
export const skipMessage = vectorsSkipLine(...NEEDED);

export const providers: readonly CryptoProvider[] = [nobleProvider, nodeProvider];

/** Reads a file under ../shared/vectors. */
export function vector(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(vectorsDir, rel)));
}
export function vectorText(rel: string): string {
  return readFileSync(path.join(vectorsDir, rel), 'utf8');
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/** The SGP.26 / sample eIM key material, by curve. */
export const CURVES = ['P-256', 'brainpoolP256r1'] as const;
export const sgp26 = {
  'P-256': { euiccKey: 'certs/sgp26/eUICC/SK_EUICC_ECDSA_NIST.pem', euiccCert: 'certs/sgp26/eUICC/CERT_EUICC_ECDSA_NIST.der', eimKey: 'certs/eim/sample_eim_cert_nist.key', eimCert: 'certs/eim/sample_eim_cert_nist.crt', dpAuthKey: 'certs/sgp26/DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem', dpAuthCert: 'certs/sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der', dpPbKey: 'certs/sgp26/DPpb/SK_S_SM_DPpb_ECDSA_NIST.pem', dpPbCert: 'certs/sgp26/DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der', eumCert: 'certs/sgp26/EUM/CERT_EUM_ECDSA_NIST.der' },
  brainpoolP256r1: { euiccKey: 'certs/sgp26/eUICC/SK_EUICC_ECDSA_BRP.pem', euiccCert: 'certs/sgp26/eUICC/CERT_EUICC_ECDSA_BRP.der', eimKey: 'certs/eim/sample_eim_cert_brainpool.key', eimCert: 'certs/eim/sample_eim_cert_brainpool.crt', dpAuthKey: 'certs/sgp26/DPauth/SK_S_SM_DPauth_ECDSA_BRP.pem', dpAuthCert: 'certs/sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der', dpPbKey: 'certs/sgp26/DPpb/SK_S_SM_DPpb_ECDSA_BRP.pem', dpPbCert: 'certs/sgp26/DPpb/CERT_S_SM_DPpb_ECDSA_BRP.der', eumCert: 'certs/sgp26/EUM/CERT_EUM_ECDSA_BRP.der' },
} as const;

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Builds dist/ (tsc -p tsconfig.build.json) when it is missing or older than src/, for tests
 * that run the built package (bin/sgp32.js, the docs example through package self-reference).
 */
export function ensureBuilt(): void {
  const marker = path.join(repoRoot, 'dist/index.js');
  if (existsSync(marker) && statSync(marker).mtimeMs >= newestMtime(path.join(repoRoot, 'src'))) return;
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'inherit' });
}
