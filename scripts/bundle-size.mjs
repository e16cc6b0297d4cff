/**
 * Writes docs/bundle-size.md: the size of browser bundles of the package (esbuild, minified,
 * and gzip -9), from a single codec up to everything. Part of `npm run docs`.
 *
 *   node scripts/bundle-size.mjs [--check]
 *
 * With --check, exits 1 when the bundles import a Node built-in (nothing is written).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleFileForBrowser, bundleForBrowser, reportedBundles, root } from './bundle-lib.mjs';

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const esbuildVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/esbuild/package.json'), 'utf8')).version;

const rows = [];
let bad = false;
for (const b of reportedBundles()) {
  const r = await bundleForBrowser(b.code);
  if (r.nodeImports.length) {
    bad = true;
    for (const n of r.nodeImports) console.error(`${b.name}: ${n.importer} imports ${n.module}`);
  }
  rows.push(`| ${b.name} | ${b.what} | ${kib(r.bytes)} | ${kib(r.gzip)} |`);
}
// The page's script carries its worker's bundle (the library) as text: both count.
const page = await bundleFileForBrowser('src/web/decoder.ts');
const worker = await bundleFileForBrowser('src/web/worker.ts');
if (page.nodeImports.length || worker.nodeImports.length) bad = true;
rows.push(`| decoder page | \`docs/decoder/decoder.js\`: the page (${kib(page.bytes)}) and its worker: every codec, the shared tree view and type detection (src/inspect), the capture reader, certificate summary and signature checks | ${kib(page.bytes + worker.bytes)} | ${kib(page.gzip + worker.gzip)} |`);
if (bad) process.exit(1);
if (!process.argv.includes('--check')) {
  const text = `# Bundle sizes

Browser bundles of \`sgp32\` as an application bundler builds them: esbuild ${esbuildVersion}, \`platform: 'browser'\`,
ES2022, minified, tree-shaken (the package declares \`sideEffects: false\`). Written by
\`node scripts/bundle-size.mjs\` (part of \`npm run docs\`); \`test/browser/bundle.test.ts\` checks
that none of these bundles imports a Node built-in.

| bundle | contents | minified | gzip -9 |
|---|---|---:|---:|
${rows.join('\n')}

The decoder page ships as one classic script (an IIFE, so that it also runs from \`file://\`); the
row above measures the same code as an ES module.

## Changes of note

- Issue 15 (one model: a descriptor per type, thin generated codecs, JER and the tree view
  interpreting the descriptors): the five modules' codecs (an entry importing \`Sgp32, Rsp, Saip,
  Pkix, PkixImplicit\` from the package root) went from 1,239,007 to 728,865 bytes minified
  (58.8 %); the decoder page from 1372.6 KiB to 739.1 KiB (53.8 %); the generated source under
  \`src/generated\` from 3,087,116 to 1,913,400 bytes (62.0 %).
`;
  writeFileSync(path.join(root, 'docs/bundle-size.md'), text);
  console.log(text);
}
