/**
 * Browser packaging (DESIGN.md "Packaging"): every browser subpath of `sgp32`, resolved through
 * package.json `exports` like an application bundler would, bundles with esbuild for
 * `platform: 'browser'` without a single Node built-in, and without reaching the native crypto
 * provider or the CLI. The detector itself is shown to work on `sgp32/node`, which must import
 * node:crypto.
 */
import { describe, expect, it } from 'vitest';
import { bundleFileForBrowser, bundleForBrowser, packageSubpaths, reportedBundles } from '../../scripts/bundle-lib.mjs';

const browserSubpaths = packageSubpaths().filter((s) => s !== './node' && s !== './compiler' && s !== './package.json');

describe('browser bundles of sgp32', () => {
  it('covers the root and the der, jer, crypto subpaths (and pki/rsp when present)', () => {
    expect(browserSubpaths).toEqual(expect.arrayContaining(['.', './der', './jer', './crypto']));
  });

  it.each(browserSubpaths.map((s) => (s === '.' ? 'sgp32' : `sgp32${s.slice(1)}`)))('%s bundles for the browser with no node: import', async (spec) => {
    const r = await bundleForBrowser(`export * from '${spec}';`);
    expect(r.nodeImports).toEqual([]);
    expect(r.inputs.filter((f) => /src\/(cli|crypto\/node|node)\//.test(f))).toEqual([]);
    expect(r.text).not.toMatch(/\brequire\(["']/);
    expect(r.bytes).toBeGreaterThan(1000);
  });

  it('every bundle reported in docs/bundle-size.md is free of node: imports; one codec is far smaller than all codecs', async () => {
    const sizes = new Map<string, number>();
    for (const b of reportedBundles()) {
      const r = await bundleForBrowser(b.code);
      expect(r.nodeImports, b.name).toEqual([]);
      sizes.set(b.name, r.bytes);
    }
    expect(sizes.get('one codec')!).toBeLessThan(sizes.get('codecs only')! / 4);
    expect(sizes.get('full')!).toBeGreaterThan(sizes.get('codecs only')!);
  });

  it('the decoder page and its worker bundle for the browser with no node: import', async () => {
    // The worker holds the library; the page's own script only draws and carries none of it
    // but the package's one bytes module (hex for copying, base64url for share links).
    const w = await bundleFileForBrowser('src/web/worker.ts');
    expect(w.nodeImports).toEqual([]);
    expect(w.inputs).toEqual(expect.arrayContaining(['src/inspect/tree.ts', 'src/inspect/capture.ts']));
    expect(w.inputs.filter((f) => /src\/(cli|crypto\/node|node)\//.test(f))).toEqual([]);
    const r = await bundleFileForBrowser('src/web/decoder.ts');
    expect(r.nodeImports).toEqual([]);
    expect(r.inputs.filter((f) => !/^src\/web\//.test(f))).toEqual(['src/der/bytes.ts']);
  });

  it('minified, the decoders keep the repeated keys that reserve in-object slots for OPTIONAL components', async () => {
    // Generated SEQUENCE decoders repeat their first key once per OPTIONAL component (see the
    // TS1117 comments in src/generated): a minifier that dropped duplicate keys would keep the
    // values but silently lose the speed (docs/benchmarks.md, in-object slots).
    const r = await bundleForBrowser("import { Sgp32 } from 'sgp32'; export const d = Sgp32.EimConfigurationData;");
    // EimConfigurationData: eimId first, eight OPTIONAL components after it.
    expect(r.text).toMatch(/\beimId:([\w$]+)(,eimId:\1){8}\}/);
  });

  it('the detector sees node:crypto in sgp32/node (the native provider)', async () => {
    const r = await bundleForBrowser("export * from 'sgp32/node';");
    expect(r.nodeImports.map((n) => n.module)).toContain('node:crypto');
    expect(r.nodeImports.find((n) => n.module === 'node:crypto')?.importer).toMatch(/src\/crypto\/node\//);
  });
});
