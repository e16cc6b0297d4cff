/**
 * Runs docs/examples/bpp.ts (the example of docs/guides/bpp.md) as a user would, against the
 * built package (`npm test` builds first), and checks what it prints.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

const built = existsSync(path.join(repoRoot, 'dist/rsp/index.js'));

describe.skipIf(!built)(`docs/examples/bpp.ts${built ? '' : ' — dist/ missing: run npm run build'}`, () => {
  it('runs and prints the expected story', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), path.join(repoRoot, 'docs/examples/bpp.ts')], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^built: \d+ bytes, 5 profile segments$/);
    expect(lines[1]).toBe('inspect: firstSequenceOf87=1 sequenceOf88=1 sequenceOf86=5, wrapping single');
    expect(lines[2]).toBe('smdpSign valid');
    expect(lines[3]).toBe('metadata: IoT profile by Example Operator');
    expect(lines[4]).toBe('stream: ok, 5000 profile bytes');
    expect(lines[5]).toBe('damaged: mac-mismatch at segment 6 (sequenceOf86[4])');
  });
});
