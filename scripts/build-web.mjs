/**
 * Builds the browser decoder page: bundles src/web/decoder.ts with esbuild into one classic
 * script (IIFE, so that the page also works from file://, where module scripts are refused)
 * and copies docs/decoder/index.html beside it.
 *
 *   node scripts/build-web.mjs [outDir]     (default: docs/decoder, next to docs/api)
 *   node scripts/build-web.mjs --docs       docs/decoder, plus a copy in docs/api/decoder so that
 *                                           the reference's "Decoder" link works from every page
 *
 * Also importable: `buildDecoderPage({ outDir })` (the browser tests build into their own folder).
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Writes `index.html` and `decoder.js` into `outDir`. `apiHref` replaces the page's link to the
 * API reference (`../api/index.html`, right for docs/decoder) for copies placed elsewhere.
 * @param {{ outDir?: string, minify?: boolean, apiHref?: string }} [options]
 * @returns {Promise<{ outDir: string, html: string, script: string, scriptBytes: number }>}
 */
export async function buildDecoderPage(options = {}) {
  const outDir = path.resolve(root, options.outDir ?? 'docs/decoder');
  mkdirSync(outDir, { recursive: true });
  const script = path.join(outDir, 'decoder.js');
  const common = {
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    minify: options.minify ?? true,
    legalComments: 'none',
    logLevel: 'warning',
    // Generated decoders repeat a key in their value literals on purpose (valueObject in
    // src/compiler/emit/decode.ts: it reserves in-object slots); esbuild would warn once per type.
    logOverride: { 'duplicate-object-key': 'silent' },
  };
  // The worker holds the library; its bundle goes into the page's script as text, started from
  // a blob: URL (a worker loaded by path is refused on file://).
  const worker = await build({ ...common, entryPoints: [path.join(root, 'src/web/worker.ts')], write: false });
  await build({
    ...common,
    define: { __SGP32_WORKER__: JSON.stringify(worker.outputFiles[0].text) },
    entryPoints: [path.join(root, 'src/web/decoder.ts')],
    outfile: script,
  });
  const srcHtml = path.join(root, 'docs/decoder/index.html');
  const html = path.join(outDir, 'index.html');
  if (path.resolve(srcHtml) !== path.resolve(html)) {
    let text = readFileSync(srcHtml, 'utf8');
    if (options.apiHref) text = text.replace('href="../api/index.html"', `href="${options.apiHref}"`);
    writeFileSync(html, text);
  }
  return { outDir, html, script, scriptBytes: statSync(script).size };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const docs = process.argv[2] === '--docs';
  const builds = docs ? [{}, { outDir: 'docs/api/decoder', apiHref: '../index.html' }] : [{ outDir: process.argv[2] }];
  for (const b of builds) {
    const r = await buildDecoderPage(b);
    console.log(`decoder page: ${path.relative(root, r.html)} + ${path.relative(root, r.script)} (${(r.scriptBytes / 1024).toFixed(0)} KiB)`);
  }
}
