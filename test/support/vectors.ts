/**
 * The one place the tests find the external vectors (real data made by others, never copied into
 * the repository): `../shared/vectors` beside the checkout, or the folder named by the
 * `SGP32_VECTORS` environment variable. `SGP32_VECTORS=/nonexistent npx vitest run` simulates a
 * clone without them in seconds.
 *
 * Suites that need vectors use {@link describeVectors}: when a needed file is absent the suite
 * body never runs (so nothing reads a file while tests are collected) and one skipped test
 * names what is missing — one clear line per suite.
 *
 * Built on ./files.ts, so it works unchanged in the Chromium project too.
 */
import { describe, it } from 'vitest';
import { VECTORS_DIR, exists, isDir, listDir, pathIn, readBytes } from './files.js';

export { VECTORS_DIR };

/** The absolute path of a vector file or folder (relative to {@link VECTORS_DIR}). */
export function vectorPath(...rel: string[]): string {
  return pathIn('vectors', ...rel);
}

/** True when every named file or folder exists under {@link VECTORS_DIR} (no names: the folder). */
export function hasVectors(...rel: string[]): boolean {
  return rel.length === 0 ? exists('vectors') : rel.every((r) => exists('vectors', r));
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
  return readBytes('vectors', ...rel);
}

/** UTF-8 text of a vector file. */
export function vectorText(...rel: string[]): string {
  return new TextDecoder().decode(readBytes('vectors', ...rel));
}

/** A vector JSON file, parsed. */
export function vectorJson<T = unknown>(...rel: string[]): T {
  return JSON.parse(vectorText(...rel)) as T;
}

/** The names in a vector folder, sorted. */
export function vectorList(...rel: string[]): string[] {
  return listDir('vectors', ...rel);
}

/** Every file under a vector folder, recursively, as paths relative to {@link VECTORS_DIR}, sorted. */
export function vectorFilesUnder(...rel: string[]): string[] {
  const base = rel.join('/');
  return listDir('vectors', ...rel).flatMap((name) => (isDir('vectors', ...rel, name) ? vectorFilesUnder(...rel, name) : [`${base}/${name}`]));
}
