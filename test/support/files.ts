/**
 * Synchronous, read-only access to the folders of data files the specs read: the external
 * vectors (`../shared/vectors`, or `$SGP32_VECTORS`), the repository's `test/fixtures` and the
 * specification modules in `asn1/`.
 *
 * This is the Node side. In the Chromium project of vitest.config.ts the sibling
 * `files.browser.ts` takes its place (every `X.ts` under test/ with an `X.browser.ts` beside it is
 * swapped): same exports, served from a snapshot of both folders that the browser fetches once.
 * Specs and helpers that read data go through this module (or support/vectors.ts on top of it)
 * and so run unchanged in both.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folders: `vectors` (external, may be absent), `fixtures` (test/fixtures), `asn1` (asn1/). */
export type Root = 'vectors' | 'fixtures' | 'asn1';

/** The checkout's root folder. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A `SGP32_*` environment variable of the test run (the Chromium side gets them from Node). */
export function testEnv(name: `SGP32_${string}`): string | undefined {
  return process.env[name];
}

/** The external vectors folder: `$SGP32_VECTORS` when set, else `../shared/vectors`. */
export const VECTORS_DIR = process.env.SGP32_VECTORS ? path.resolve(process.env.SGP32_VECTORS) : path.resolve(REPO_ROOT, '../shared/vectors');

const dirOf = (root: Root): string => (root === 'vectors' ? VECTORS_DIR : path.join(REPO_ROOT, root === 'asn1' ? 'asn1' : 'test/fixtures'));

/** The absolute path of `rel` under `root` (for messages; read with {@link readBytes}). */
export function pathIn(root: Root, ...rel: string[]): string {
  return path.join(dirOf(root), ...rel);
}

/** True when the file or folder exists (no `rel`: the root itself). */
export function exists(root: Root, ...rel: string[]): boolean {
  return existsSync(pathIn(root, ...rel));
}

/** True when `rel` is a folder. */
export function isDir(root: Root, ...rel: string[]): boolean {
  const p = pathIn(root, ...rel);
  return existsSync(p) && statSync(p).isDirectory();
}

/** The bytes of a file; throws when it is absent. */
export function readBytes(root: Root, ...rel: string[]): Uint8Array {
  return new Uint8Array(readFileSync(pathIn(root, ...rel)));
}

/** The names in a folder, sorted; throws when it is absent. */
export function listDir(root: Root, ...rel: string[]): string[] {
  return readdirSync(pathIn(root, ...rel)).sort();
}
