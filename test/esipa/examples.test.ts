/**
 * Runs the two examples of docs/guides/esipa.md as a user would (tsx, importing the built
 * package by name): the eIM example listens on an ephemeral port, the IPA example polls it once
 * over the JSON binding and once over the ASN.1 binding; both outputs are checked. The guide
 * must quote each example file verbatim, so the text cannot drift from the code that runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../cli/helpers.js';
import { repoRoot } from '../rsp/helpers.js';

beforeAll(ensureBuilt, 600_000);

const tsx = path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs');
const example = (name: string) => path.join(repoRoot, 'docs/examples', name);

describe('docs/examples/esipa-eim.ts and esipa-ipa.ts', () => {
  it('the guide quotes both examples verbatim', () => {
    const guide = readFileSync(path.join(repoRoot, 'docs/guides/esipa.md'), 'utf8');
    for (const name of ['esipa-eim.ts', 'esipa-ipa.ts']) expect(guide).toContain(readFileSync(example(name), 'utf8').trim());
  });

  it('the IPA loop talks to the eIM over JSON, then over ASN.1', async () => {
    const eim = spawn(process.execPath, [tsx, example('esipa-eim.ts')], { cwd: repoRoot, env: { ...process.env, PORT: '0' } });
    let eimOut = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`eIM did not start: ${eimOut}`)), 60_000);
        eim.stdout.on('data', (d: Buffer) => {
          eimOut += d.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(eimOut);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        eim.stderr.on('data', (d: Buffer) => (eimOut += d.toString()));
        eim.on('exit', (code) => reject(new Error(`eIM exited with ${code}: ${eimOut}`)));
      });
      const run = (binding: string) => spawnSync(process.execPath, [tsx, example('esipa-ipa.ts'), url, binding], { cwd: repoRoot, encoding: 'utf8' });
      const first = run('json');
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout.trim().split('\n')).toEqual(['IPA: answered tags 81 over json, eIM says emptyResponse', 'IPA: nothing to do (eimPackageError 1)']);
      const second = run('asn1');
      expect(second.status, second.stderr).toBe(0);
      expect(second.stdout.trim().split('\n')).toEqual(['IPA: nothing to do (eimPackageError 1)']);
      // The eIM's own output arrives through this process's event loop, which spawnSync held.
      const line = 'eIM: 89049032123451234512345678901235 (json) uses SM-DP+ smdp.example.com';
      for (let i = 0; i < 100 && !eimOut.includes(line); i++) await new Promise((r) => setTimeout(r, 50));
      expect(eimOut).toContain(line);
    } finally {
      eim.kill();
    }
  }, 120_000);
});
