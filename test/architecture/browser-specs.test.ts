/**
 * The convention of the `chromium` test project (vitest.config.ts, README contributor notes):
 * - every file in test/browser-specs.ts exists and is a spec under test/;
 * - bundled for the browser, with each helper that has an `X.browser.ts` sibling swapped for it
 *   (as the project's resolver does), a listed spec reaches no `node:*` or Node builtin module;
 * - a sibling exports every run-time name its Node counterpart does.
 */
import { build, type Plugin } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BROWSER_SPECS } from '../browser-specs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const testDir = path.join(root, 'test') + path.sep;
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Swaps siblings and records every Node builtin the bundle would need, by importer. */
function browserView(found: string[]): Plugin {
  return {
    name: 'browser-view',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (builtins.has(args.path) || args.path.startsWith('node:')) {
          found.push(`${path.relative(root, args.importer)} → ${args.path}`);
          return { path: args.path, external: true };
        }
        if (args.path === 'vitest' || args.path.startsWith('vitest/')) return { path: args.path, external: true };
        if (!args.path.startsWith('.')) return undefined;
        const target = path.resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
        if (!target.startsWith(testDir) || target.endsWith('.browser.ts')) return undefined;
        const sibling = target.replace(/\.ts$/, '.browser.ts');
        return existsSync(sibling) ? { path: sibling } : undefined;
      });
    },
  };
}

function siblings(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? siblings(p) : p.endsWith('.browser.ts') ? [p] : [];
  });
}

async function runtimeExports(file: string): Promise<string[]> {
  const r = await build({ entryPoints: [file], bundle: false, write: false, format: 'esm', metafile: true, outdir: 'out', logLevel: 'silent' });
  return Object.values(r.metafile.outputs).flatMap((o) => o.exports).sort();
}

describe('the chromium project', () => {
  it('lists existing spec files under test/, each once', () => {
    expect(BROWSER_SPECS.length).toBeGreaterThan(0);
    expect(new Set(BROWSER_SPECS).size).toBe(BROWSER_SPECS.length);
    for (const spec of BROWSER_SPECS) {
      expect(spec, spec).toMatch(/^test\/.+\.test\.ts$/);
      expect(existsSync(path.join(root, spec)), spec).toBe(true);
    }
  });

  it('runs only specs that reach no Node builtin once the .browser.ts siblings are swapped in', async () => {
    const found: string[] = [];
    await build({ entryPoints: BROWSER_SPECS.map((s) => path.join(root, s)), bundle: true, write: false, platform: 'browser', format: 'esm', outdir: 'out', plugins: [browserView(found)], logLevel: 'silent' });
    expect([...new Set(found)]).toEqual([]);
  });

  it('the check finds a Node builtin where there is one (a spec that reads files with node:fs)', async () => {
    const found: string[] = [];
    await build({ entryPoints: [path.join(root, 'test/skeleton.test.ts')], bundle: true, write: false, platform: 'browser', format: 'esm', outdir: 'out', plugins: [browserView(found)], logLevel: 'silent' });
    expect(found).toContain('test/skeleton.test.ts → node:fs');
  });

  it('each X.browser.ts exports every run-time name of X.ts', async () => {
    const pairs = siblings(path.join(root, 'test'));
    expect(pairs.length).toBeGreaterThan(0);
    for (const browser of pairs) {
      const node = browser.replace(/\.browser\.ts$/, '.ts');
      expect(existsSync(node), node).toBe(true);
      const have = await runtimeExports(browser);
      expect((await runtimeExports(node)).filter((name) => !have.includes(name)), path.relative(root, browser)).toEqual([]);
    }
  });
});
