/** Shared helpers of the crypto tests. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nobleProvider } from '../../src/crypto/noble.js';
import { nodeProvider } from '../../src/crypto/node/index.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { hex } from '../support/bytes.js';
import { VECTORS_DIR, hasVectors } from '../support/vectors.js';

export { hex };

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared external vectors (outside the repository); may be absent. */
export const vectorsDir = VECTORS_DIR;
export const haveVectors = hasVectors();
export const fixturesDir = path.join(repoRoot, 'test/fixtures');

export const providers: readonly CryptoProvider[] = [nobleProvider, nodeProvider];

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}
