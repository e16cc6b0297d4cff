/** Shared helpers of the crypto tests (no node:*, so the specs using them run in Chromium too). */
import { REPO_ROOT } from '../support/files.js';
import { hex, toHex } from '../support/bytes.js';
import { VECTORS_DIR, hasVectors } from '../support/vectors.js';

export { hex, toHex };
export { providers } from '../support/providers.js';

export const repoRoot = REPO_ROOT;
/** The shared external vectors (outside the repository); may be absent. */
export const vectorsDir = VECTORS_DIR;
export const haveVectors = hasVectors();
