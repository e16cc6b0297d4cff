/**
 * Runs docs/examples/eim-signing.ts (the example of docs/guides/signing.md) as a user would —
 * through tsx, importing the built package by name (`sgp32`, `sgp32/rsp`) — and checks what it
 * prints, so the guide's example cannot rot.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../cli/helpers.js';
import { repoRoot } from './helpers.js';

beforeAll(ensureBuilt, 600_000);

describe('docs/examples/eim-signing.ts', () => {
  it('runs and prints the expected verdicts', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), path.join(repoRoot, 'docs/examples/eim-signing.ts')], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^signed EuiccPackageRequest: \d+ bytes, starts bf51$/),
      'eimSignature valid: true',
      'eUICC accepted the package; counter now 42',
      'euiccSignEPR valid: true (euiccPackageResultSigned)',
      'replayed package: refused by rule counter, replayError',
      'with token 2: false',
    ]);
  });
});
