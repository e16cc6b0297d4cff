/**
 * Browser bundles of the package as a user's bundler would build them: `sgp32` and its subpaths
 * resolved through package.json `exports` (each `dist/….js` target mapped back to its
 * `src/….ts` source, so that no prior `npm run build` is needed), platform `browser`, and every
 * Node built-in import recorded instead of resolved. Used by scripts/bundle-size.mjs and
 * test/browser/bundle.test.ts.
 */
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const NODE_BUILTINS = /^(node:.*|assert|buffer|child_process|crypto|dgram|dns|events|fs|fs\/promises|http|https|module|net|os|path|perf_hooks|process|stream|string_decoder|tls|url|util|worker_threads|zlib)$/;

/** The `sgp32` subpaths whose source exists in this checkout, e.g. `['.', './der', …]`. */
export function packageSubpaths() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object' && existsSync(sourceOf(target.default)))
    .map(([sub]) => sub);
}

function sourceOf(distPath) {
  return path.join(root, distPath.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
}

/** Resolves `sgp32[/sub]` through the exports map to the TypeScript source; records Node built-ins. */
function resolver(nodeImports) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  return {
    name: 'sgp32-exports',
    setup(b) {
      b.onResolve({ filter: /^sgp32(\/.*)?$/ }, (args) => {
        const sub = args.path === 'sgp32' ? '.' : '.' + args.path.slice('sgp32'.length);
        const target = pkg.exports[sub];
        if (!target || typeof target !== 'object') return { errors: [{ text: `sgp32 does not export ${sub}` }] };
        return { path: sourceOf(target.default) };
      });
      b.onResolve({ filter: NODE_BUILTINS }, (args) => {
        nodeImports.push({ module: args.path, importer: path.relative(root, args.importer) });
        return { path: args.path, external: true };
      });
    },
  };
}

/**
 * Bundles `code` (an ES module importing from `sgp32…`) for browsers, minified.
 * @param {string} code
 * @returns {Promise<{ bytes: number, gzip: number, text: string, inputs: string[], nodeImports: { module: string, importer: string }[] }>}
 */
export async function bundleForBrowser(code) {
  return bundle({ stdin: { contents: code, resolveDir: root, sourcefile: 'entry.js', loader: 'js' } });
}

/**
 * Bundles one source file (an application entry with side effects, e.g. the decoder page) the same way.
 * @param {string} file path relative to the repository root
 */
export async function bundleFileForBrowser(file) {
  return bundle({ entryPoints: [path.join(root, file)] });
}

async function bundle(entry) {
  const nodeImports = [];
  const r = await build({
    ...entry,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    treeShaking: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    plugins: [resolver(nodeImports)],
  });
  const out = r.outputFiles[0].contents;
  return {
    bytes: out.length,
    gzip: gzipSync(out, { level: 9 }).length,
    text: r.outputFiles[0].text,
    inputs: Object.keys(r.metafile.inputs),
    nodeImports,
  };
}

/** The bundles reported in docs/bundle-size.md: name, what it shows, entry code. */
export function reportedBundles() {
  const subs = new Set(packageSubpaths());
  const list = [
    ['one codec', 'a single message type (`EuiccPackageRequest`): what tree shaking leaves', "export { EuiccPackageRequest } from 'sgp32';"],
    ['codecs only', 'every generated codec of the five modules and the DER runtime, no crypto', "export * from 'sgp32/der'; export { Sgp32, Rsp, Saip, Pkix, PkixImplicit } from 'sgp32';"],
    ['crypto', '`sgp32/crypto`: the noble-based provider (P-256, brainpoolP256r1, AES, CMAC, KDF) and key formats', "export * from 'sgp32/crypto';"],
  ];
  if (subs.has('./pki')) list.push(['pki', '`sgp32/pki`: certificate parsing and chain validation on the generated PKIX codecs', "export * from 'sgp32/pki';"]);
  if (subs.has('./rsp')) list.push(['rsp', '`sgp32/rsp`: eIM/eUICC signatures and Bound Profile Packages', "export * from 'sgp32/rsp';"]);
  if (subs.has('./inspect')) {
    // The same entry twice: an inspector (detection, tree view, validation, JER) over the default
    // registry of five modules, and over a registry of SGP32Definitions alone.
    const inspector = (registry) => `import { Sgp32 } from 'sgp32'; import { createInspector, createRegistry, defaultRegistry } from 'sgp32/inspect'; export const inspector = createInspector(${registry});`;
    list.push(['inspect', '`sgp32/inspect`: `createInspector(defaultRegistry)`, detection, tree view, validation and JER over the five modules', inspector('defaultRegistry')]);
    list.push(['inspect, one module', 'the same over `createRegistry(Sgp32.$module)`: SGP32Definitions and only the types it imports', inspector('createRegistry(Sgp32.$module)')]);
  }
  const full = ["export * from 'sgp32';", ...['./der', './jer', './crypto', './pki', './rsp'].filter((s) => subs.has(s)).map((s, i) => `export * as m${i} from 'sgp32${s.slice(1)}';`)];
  list.push(['full', `everything a browser can use: ${['sgp32', ...['./der', './jer', './crypto', './pki', './rsp'].filter((s) => subs.has(s)).map((s) => 'sgp32' + s.slice(1))].join(', ')}`, full.join('\n')]);
  return list.map(([name, what, code]) => ({ name, what, code }));
}
