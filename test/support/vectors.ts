/**
 * The one place the tests find the external vectors (real data made by others, never copied into
 * the repository): `../shared/vectors` beside the checkout, or the folder named by the
 * `SGP32_VECTORS` environment variable. `SGP32_VECTORS=/nonexistent npx vitest run` simulates a
 * clone without them in seconds.
 *
 * Suites that need vectors use {@link describeVectors}: when a needed file is absent the suite
 * body never runs (so nothing reads a file while tests are collected) and one skipped test
 * names what is missing — one clear line per suite.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The external vectors folder: `$SGP32_VECTORS` when set, else `../shared/vectors`. */
export const VECTORS_DIR = process.env.SGP32_VECTORS ? path.resolve(process.env.SGP32_VECTORS) : path.resolve(repoRoot, '../shared/vectors');

/** The absolute path of a vector file or folder (relative to {@link VECTORS_DIR}). */
export function vectorPath(...rel: string[]): string {
  return path.join(VECTORS_DIR, ...rel);
}

/** True when every named file or folder exists under {@link VECTORS_DIR} (no names: the folder). */
export function hasVectors(...rel: string[]): boolean {
  return rel.length === 0 ? existsSync(VECTORS_DIR) : rel.every((r) => existsSync(vectorPath(r)));
}

/** The one line a skipped suite prints. */
export function vectorsSkipLine(...rel: string[]): string {
  const what = rel.length === 0 ? VECTORS_DIR : rel.map((r) => vectorPath(r)).join(', ');
  return `external vectors absent (${what}); skipped — set SGP32_VECTORS or place ../shared/vectors beside the checkout`;
}

/**
 * `describe(name, body)` when every needed vector exists; otherwise a suite with one skipped
 * test carrying {@link vectorsSkipLine}, and `body` is never called.
 */
export function describeVectors(name: string, need: readonly string[], body: () => void): void {
  if (hasVectors(...need)) describe(name, body);
  else describe(name, () => it.skip(vectorsSkipLine(...need), () => {}));
}

/** Bytes of a vector file. */
export function vectorBytes(...rel: string[]): Uint8Array {
  return new Uint8Array(readFileSync(vectorPath(...rel)));
}

/** UTF-8 text of a vector file. */
export function vectorText(...rel: string[]): string {
  return readFileSync(vectorPath(...rel), 'utf8');
}

/** A vector JSON file, parsed. */
export function vectorJson<T = unknown>(...rel: string[]): T {
  return JSON.parse(vectorText(...rel)) as T;
}
