/**
 * Two projects run the specs (`npm test` runs both):
 *
 * - `node`: every `test/**\/*.test.ts` under Node.
 * - `chromium`: the specs listed in test/browser-specs.ts, the same files, run again inside Debian's
 *   Chromium (vitest browser mode over playwright, `executablePath` /usr/bin/chromium or
 *   `$SGP32_CHROMIUM`; no browser is ever downloaded). Without Chromium the project is left out
 *   and one line says so.
 *
 * A spec can be listed when nothing it imports needs node:*. Helpers under test/ that need Node
 * have a sibling `X.browser.ts` with the same exports, which the `chromium` project loads in
 * place of `X.ts` (support/files.ts reads the vectors and fixtures, support/providers.ts lists
 * the crypto providers). Data files reach the browser through the `testFiles` command below.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import type { BrowserCommand } from 'vitest/node';
import { BROWSER_SPECS } from './test/browser-specs.js';
import { opensslVerify } from './test/support/native-verify.js';

const repoRoot = path.dirname(fileURLToPath(import.meta.url));
const testDir = path.join(repoRoot, 'test') + path.sep;
const CHROMIUM = process.env.SGP32_CHROMIUM ?? '/usr/bin/chromium';
const VECTORS_DIR = process.env.SGP32_VECTORS ? path.resolve(process.env.SGP32_VECTORS) : path.resolve(repoRoot, '../shared/vectors');


/** Loads `X.browser.ts` in place of `X.ts` for modules under test/ that have one. */
function browserSiblings(): Plugin {
  return {
    name: 'sgp32:browser-siblings',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !source.startsWith('.')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || !resolved.id.startsWith(testDir) || !resolved.id.endsWith('.ts') || resolved.id.endsWith('.browser.ts')) return null;
      const sibling = resolved.id.replace(/\.ts$/, '.browser.ts');
      return existsSync(sibling) ? sibling : null;
    },
  };
}

/** Every file under `dir`, base64, by path relative to it (an absent folder: none). */
function snapshotOf(dir: string): { dir: string; present: boolean; files: Record<string, string> } {
  const files: Record<string, string> = {};
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(p).isDirectory()) walk(p, r);
      else files[r] = readFileSync(p).toString('base64');
    }
  };
  const present = existsSync(dir);
  if (present) walk(dir, '');
  return { dir, present, files };
}

/** The vectors, fixtures and ASN.1 modules for support/files.browser.ts (about 1.7 MB of JSON, read once per spec file). */
const testFiles: BrowserCommand<[]> = () => ({
  repoRoot,
  env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('SGP32_') && e[1] !== undefined)),
  roots: { vectors: snapshotOf(VECTORS_DIR), fixtures: snapshotOf(path.join(repoRoot, 'test/fixtures')), asn1: snapshotOf(path.join(repoRoot, 'asn1')) },
});

/** Writes modules compiled in the browser (test/der/compile-module.browser.ts) to a new `.tmp-compiled-*` folder of the root; returns its name. */
const compiledWrite: BrowserCommand<[files: { fileName: string; source: string }[]]> = (_context, files) => {
  const dir = mkdtempSync(path.join(repoRoot, '.tmp-compiled-'));
  for (const f of files) writeFileSync(path.join(dir, path.basename(f.fileName)), f.source);
  return path.basename(dir);
};

/** Deletes folders made by `compiledWrite` (names only: nothing outside the root's `.tmp-compiled-*`). */
const compiledRemove: BrowserCommand<[dirs: string[]]> = (_context, dirs) => {
  for (const d of dirs) if (/^\.tmp-compiled-[\w-]+$/.test(d)) rmSync(path.join(repoRoot, d), { recursive: true, force: true });
};

/** OpenSSL's verdict on a signature made in the browser (test/support/providers.browser.ts). */
const nativeVerify: BrowserCommand<[curve: 'P-256' | 'brainpoolP256r1', pointHex: string, messageHex: string, signatureHex: string]> = (_context, curve, point, message, signature) =>
  opensslVerify(curve, Buffer.from(point, 'hex'), Buffer.from(message, 'hex'), Buffer.from(signature, 'hex'));

/** The playwright provider, or why the chromium project is left out (one line). */
async function browserProvider(): Promise<typeof import('@vitest/browser-playwright').playwright | string> {
  if (!existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM}: the chromium test project is left out (install Debian's chromium package; .ci/run does so as root)`;
  try {
    return (await import('@vitest/browser-playwright')).playwright;
  } catch {
    // A node_modules installed before the package was added to package.json.
    return '@vitest/browser-playwright is not installed (run npm install): the chromium test project is left out';
  }
}
const playwright = await browserProvider();
// Vitest may load this file more than once per run: say it once.
const said = globalThis as { sgp32ChromiumSaid?: boolean };
if (typeof playwright === 'string' && !said.sgp32ChromiumSaid) {
  said.sgp32ChromiumSaid = true;
  console.warn(playwright);
}

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['test/**/*.test.ts'], pool: 'forks' },
      },
      ...(typeof playwright !== 'string'
        ? [
            {
              extends: true,
              plugins: [browserSiblings()],
              // Pre-bundle the packages the listed specs import before any page loads, so that no
              // dependency is discovered (and the page reloaded) in the middle of a run.
              optimizeDeps: { entries: [...BROWSER_SPECS] },
              test: {
                name: 'chromium',
                include: [...BROWSER_SPECS],
                browser: {
                  enabled: true,
                  headless: true,
                  screenshotFailures: false,
                  // The page's server, on loopback. Vitest treats port 0 as "default" (63315) and moves
                  // to the next free port when that one is taken (strictPort off), so parallel runs coexist.
                  api: { host: '127.0.0.1', strictPort: false },
                  provider: playwright({
                    launchOptions: {
                      executablePath: CHROMIUM,
                      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
                    },
                  }),
                  instances: [{ browser: 'chromium' as const }],
                  commands: { testFiles, compiledWrite, compiledRemove, nativeVerify },
                },
              },
            },
          ]
        : []),
    ],
  },
});
