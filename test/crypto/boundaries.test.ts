/**
 * The browser-safe crypto entry point must not reach node:* (DESIGN.md "Packaging"): walks the
 * relative imports of src/crypto/index.ts and src/index.ts. The native provider is the only
 * crypto file allowed to import node:crypto, and it must not be reachable from them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const stack = [entry];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    const specs = importsOf(f);
    seen.set(f, specs);
    for (const s of specs) if (s.startsWith('.')) stack.push(path.resolve(path.dirname(f), s.replace(/\.js$/, '.ts')));
  }
  return seen;
}

describe('import boundaries', () => {
  it.each(['src/crypto/index.ts', 'src/index.ts'])('%s reaches no node:* module and not the native provider', (entry) => {
    const graph = reachable(path.join(repoRoot, entry));
    expect(graph.size).toBeGreaterThan(1);
    for (const [file, specs] of graph) {
      expect(file.includes(`${path.sep}crypto${path.sep}node${path.sep}`), file).toBe(false);
      for (const s of specs) expect(s.startsWith('node:') || ['crypto', 'fs', 'path', 'buffer'].includes(s), `${file} imports ${s}`).toBe(false);
    }
  });

  it('the native provider does import node:crypto (the walker sees imports)', () => {
    expect(importsOf(path.join(repoRoot, 'src/crypto/node/index.ts'))).toContain('node:crypto');
  });
});
