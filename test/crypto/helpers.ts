/** Shared helpers of the crypto tests. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nobleProvider } from '../../src/crypto/noble.js';
import { nodeProvider } from '../../src/crypto/node/index.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared external vectors (outside the repository); may be absent. */
export const vectorsDir = path.resolve(repoRoot, '../shared/vectors');
export const haveVectors = existsSync(vectorsDir);
export const fixturesDir = path.join(repoRoot, 'test/fixtures');

export const providers: readonly CryptoProvider[] = [nobleProvider, nodeProvider];

export function hex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new Error(`bad hex: ${s.slice(0, 40)}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}
