/**
 * Writes docs/bundle-size.md: the size of browser bundles of the package (esbuild, minified,
 * and gzip -9), from a single codec up to everything. Part of `npm run docs`.
 *
 *   node scripts/bundle-size.mjs [--check]
 *
 * With --check, exits 1 when the bundles import a Node built-in (nothing is written).
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleFileForBrowser, bundleForBrowser, reportedBundles, root } from './bundle-lib.mjs';

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const esbuildVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/esbuild/package.json'), 'utf8')).version;

const rows = [];
const sizes = new Map();
let bad = false;
for (const b of reportedBundles()) {
  const r = await bundleForBrowser(b.code);
  if (r.nodeImports.length) {
    bad = true;
    for (const n of r.nodeImports) console.error(`${b.name}: ${n.importer} imports ${n.module}`);
  }
  rows.push(`| ${b.name} | ${b.what} | ${kib(r.bytes)} | ${kib(r.gzip)} |`);
  sizes.set(b.name, r.bytes);
}
const inspectFive = sizes.get('inspect');
const inspectOne = sizes.get('inspect, one module');
// The page's script carries its worker's bundle (the library) as text: both count.
const page = await bundleFileForBrowser('src/web/decoder.ts');
const worker = await bundleFileForBrowser('src/web/worker.ts');
if (page.nodeImports.length || worker.nodeImports.length) bad = true;
const pageBytes = page.bytes + worker.bytes;
rows.push(`| decoder page | \`docs/decoder/decoder.js\`: the page (${kib(page.bytes)}) and its worker: the modules src/web/registry.ts registers (all five), the shared tree view and type detection (src/inspect), the capture and APDU trace readers, certificate summary and signature checks | ${kib(pageBytes)} | ${kib(page.gzip + worker.gzip)} |`);
if (bad) process.exit(1);
// The figures of issue 15's note, measured now as they were then.
const fiveModules = await bundleForBrowser("export { Sgp32, Rsp, Saip, Pkix, PkixImplicit } from 'sgp32';");
const generatedDir = path.join(root, 'src/generated');
const generatedBytes = readdirSync(generatedDir).reduce((n, f) => n + statSync(path.join(generatedDir, f)).size, 0);
const num = (n) => n.toLocaleString('en-US');
const pct = (now, then) => `${((100 * now) / then).toFixed(1)} %`;
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
  interpreting the descriptors), before and now: the five modules' codecs (an entry importing
  \`Sgp32, Rsp, Saip, Pkix, PkixImplicit\` from the package root) from 1,239,007 to ${num(fiveModules.bytes)} bytes
  minified (${pct(fiveModules.bytes, 1239007)}); the decoder page (page and worker, as in the table) from 1372.6 KiB
  to ${kib(pageBytes)} (${pct(pageBytes, 1372.6 * 1024)}); the generated source under \`src/generated\` from 3,087,116
  to ${num(generatedBytes)} bytes (${pct(generatedBytes, 3087116)}). These figures are measured when this page is written.
- Issue 15, a registry as a value: src/inspect takes the registry as an argument and imports no
  generated module but where \`sgp32/inspect\`'s plain functions bind the default registry
  (src/inspect/defaults.ts); the CLI and the page (src/web/registry.ts) bind theirs. An
  inspector over one module, \`createInspector(createRegistry(Sgp32.$module))\`, bundles to
  ${pct(inspectOne, inspectFive)} of the same inspector over the default registry (rows "inspect" and "inspect, one
  module"); \`test/browser/bundle-registry.test.ts\` checks that it carries no PEDefinitions profile
  element and still decodes SGP.32 messages.
`;
  writeFileSync(path.join(root, 'docs/bundle-size.md'), text);
  console.log(text);
}
