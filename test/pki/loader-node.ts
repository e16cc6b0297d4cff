/** The Node side of {@link LoadBytes}: files under ../shared/vectors (absent → undefined). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadBytes } from './loader.js';
import { VECTORS_DIR } from '../support/vectors.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared external vectors folder beside the checkout. */
export { VECTORS_DIR };

/** Reads `<dir>/<path>`; a missing file (ENOENT) is undefined, other errors propagate. */
export function fsLoader(dir: string = VECTORS_DIR): LoadBytes {
  return async (p) => {
    try {
      return new Uint8Array(await readFile(path.join(dir, p)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
}
