import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

describe('package', () => {
  it('declares the subpath exports of DESIGN.md', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    for (const p of ['.', './der', './crypto', './pki', './node', './compiler']) {
      expect(pkg.exports[p], p).toBeDefined();
    }
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.type).toBe('module');
  });
});
