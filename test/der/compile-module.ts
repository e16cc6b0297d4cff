/**
 * Compiles ASN.1 module text at test time with the project's compiler and imports the emitted
 * TypeScript, so tests can exercise codecs of small modules made for the occasion. The files
 * go to a temporary folder in the worktree root (the emitted code imports the runtime by a
 * relative path); {@link removeCompiled} deletes them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile, type ResolveOptions } from '../../src/compiler/index.js';

const repoRoot = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const made: string[] = [];

/** A module's exports: codecs by type name (and values). */
export type LoadedModule = Record<string, any>;

/** Compiles `text` (one or more modules) and imports each emitted module, by module name. */
export async function compileAndLoad(text: string, file = 'Test.asn', options: ResolveOptions = {}): Promise<Record<string, LoadedModule>> {
  const { files } = compile([{ file, text }], { ...options, runtimeImport: '../src/der/runtime.js', command: 'test' });
  const dir = mkdtempSync(join(repoRoot, '.tmp-compiled-'));
  made.push(dir);
  for (const f of files) writeFileSync(join(dir, f.fileName), f.source);
  const out: Record<string, LoadedModule> = {};
  for (const f of files) out[f.module] = await import(pathToFileURL(join(dir, f.fileName)).href);
  return out;
}

/** Deletes every folder {@link compileAndLoad} made. */
export function removeCompiled(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}
