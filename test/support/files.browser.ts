/**
 * The Chromium side of ./files.ts (swapped in by vitest.config.ts): the same exports over a
 * snapshot of `../shared/vectors`, `test/fixtures` and `asn1/` that the `testFiles` server command of the
 * config reads in Node and hands over once, when this module loads.
 */
import { commands } from 'vitest/browser';
import type { Root } from './files.js';

export type { Root };

/** What the `testFiles` command returns: per root its absolute folder and files (base64) by relative path. */
export interface FilesSnapshot {
  readonly repoRoot: string;
  /** The run's `SGP32_*` environment variables. */
  readonly env: Record<string, string>;
  readonly roots: Record<Root, { readonly dir: string; readonly present: boolean; readonly files: Record<string, string> }>;
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    testFiles: () => Promise<FilesSnapshot>;
  }
}

const snapshot = await commands.testFiles();

export function testEnv(name: `SGP32_${string}`): string | undefined {
  return snapshot.env[name];
}

/** The checkout's root folder as Node sees it. */
export const REPO_ROOT = snapshot.repoRoot;

/** The external vectors folder as Node sees it. */
export const VECTORS_DIR = snapshot.roots.vectors.dir;

const join = (rel: readonly string[]): string => rel.join('/').replace(/\/+/g, '/').replace(/^\/|\/$/g, '');

export function pathIn(root: Root, ...rel: string[]): string {
  return [snapshot.roots[root].dir, join(rel)].filter(Boolean).join('/');
}

export function isDir(root: Root, ...rel: string[]): boolean {
  const r = snapshot.roots[root];
  const p = join(rel);
  if (p === '') return r.present;
  return Object.keys(r.files).some((f) => f.startsWith(`${p}/`));
}

export function exists(root: Root, ...rel: string[]): boolean {
  return join(rel) in snapshot.roots[root].files || isDir(root, ...rel);
}

export function readBytes(root: Root, ...rel: string[]): Uint8Array {
  const b64 = snapshot.roots[root].files[join(rel)];
  if (b64 === undefined) throw new Error(`ENOENT: ${pathIn(root, ...rel)}`);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

export function listDir(root: Root, ...rel: string[]): string[] {
  if (!isDir(root, ...rel)) throw new Error(`ENOENT: ${pathIn(root, ...rel)}`);
  const p = join(rel);
  const prefix = p === '' ? '' : `${p}/`;
  const names = new Set<string>();
  for (const f of Object.keys(snapshot.roots[root].files)) if (f.startsWith(prefix)) names.add(f.slice(prefix.length).split('/')[0]);
  return [...names].sort();
}
