/**
 * The Chromium side of ./compile-module.ts (swapped in by vitest.config.ts): the module text is
 * compiled here, in the browser, with the project's compiler; the `compiledWrite` command of the
 * config writes the emitted TypeScript into a temporary folder of the worktree root, and the page
 * imports it from the dev server by its root-relative URL, so it shares the runtime module
 * instance with the spec. `compiledRemove` deletes the folders.
 */
import { commands } from 'vitest/browser';
import { compile, type ResolveOptions } from '../../src/compiler/index.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    compiledWrite: (files: { fileName: string; source: string }[]) => Promise<string>;
    compiledRemove: (dirs: string[]) => Promise<void>;
  }
}

const made: string[] = [];

export type LoadedModule = Record<string, any>;

export async function compileAndLoad(text: string, file = 'Test.asn', options: ResolveOptions = {}): Promise<Record<string, LoadedModule>> {
  const { files } = compile([{ file, text }], { ...options, runtimeImport: '../src/der/runtime.js', command: 'test' });
  const dir = await commands.compiledWrite(files.map((f) => ({ fileName: f.fileName, source: f.source })));
  made.push(dir);
  const out: Record<string, LoadedModule> = {};
  for (const f of files) out[f.module] = await import(/* @vite-ignore */ `/${dir}/${f.fileName}`);
  return out;
}

export async function removeCompiled(): Promise<void> {
  await commands.compiledRemove(made.splice(0));
}
