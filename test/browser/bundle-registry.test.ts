/**
 * A registry as a value (issue 15): a bundle carries only the modules it registers. The entry
 * of docs/bundle-size.md's "inspect, one module" row (an inspector over
 * `createRegistry(Sgp32.$module)`) is bundled for the browser like the "inspect" row (the same
 * entry over the default registry of five modules), and each bundle is then loaded and run:
 * the small one still detects, decodes and draws an SGP.32 message exactly as the library does,
 * and knows nothing of a profile package, which the five-module one reads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser, reportedBundles } from '../../scripts/bundle-lib.mjs';
import { GetEimPackageResponse } from '../../src/generated/SGP32Definitions.js';
import { $module as peModule } from '../../src/generated/PEDefinitions.js';
import { buildTree, createInspector, defaultRegistry, detectTypes, type Inspector } from '../../src/inspect/index.js';
import { minimalUpp } from '../../src/sim/upp.js';
import { esipaMessages } from '../inspect/capture-builder.js';

interface Built {
  bytes: number;
  text: string;
  inspector: Inspector;
}

let dir: string;
const built = new Map<string, Built>();

/** Bundles the reported entry `name`, writes it to the temp folder and imports it. */
async function build(name: string): Promise<Built> {
  const entry = reportedBundles().find((b) => b.name === name);
  if (!entry) throw new Error(`no reported bundle ${name}`);
  const r = await bundleForBrowser(entry.code);
  expect(r.nodeImports).toEqual([]);
  const file = path.join(dir, `${name.replace(/\W+/g, '-')}.mjs`);
  writeFileSync(file, r.text);
  const { inspector } = (await import(pathToFileURL(file).href)) as { inspector: Inspector };
  return { bytes: r.bytes, text: r.text, inspector };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sgp32-bundle-registry-'));
  for (const name of ['inspect', 'inspect, one module']) built.set(name, await build(name));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Type names only PEDefinitions' own codecs carry: its `PE-…` profile elements (SGP32Definitions
 * imports UICCCapability from it, so the module's name itself may appear in a bundle without PE).
 */
const peOnlyNames = peModule.types.map((c) => c.typeName).filter((n) => n.startsWith('PE-'));

describe('an inspect bundle carries only the modules its registry registers', () => {
  it('one module is markedly smaller than five', () => {
    const five = built.get('inspect')!;
    const one = built.get('inspect, one module')!;
    expect(one.bytes).toBeLessThan(five.bytes * 0.6);
  });

  it("one module carries no PEDefinitions profile element type, five carry each", () => {
    expect(peOnlyNames.length).toBeGreaterThan(20);
    const five = built.get('inspect')!.text;
    const one = built.get('inspect, one module')!.text;
    expect(peOnlyNames.filter((n) => !five.includes(`"${n}"`))).toEqual([]);
    expect(peOnlyNames.filter((n) => one.includes(`"${n}"`))).toEqual([]);
  });

  it('the one-module inspector detects, decodes and draws an SGP.32 message as the library does', () => {
    const { inspector } = built.get('inspect, one module')!;
    expect(inspector.registry.modules.map((m) => m.name)).toEqual(['SGP32Definitions']);
    const bytes = esipaMessages().getEimPackageResponse;
    const best = inspector.detectTypes(bytes)[0];
    expect(best).toMatchObject({ type: 'SGP32Definitions.GetEimPackageResponse', fits: true, unknown: 0 });
    expect(detectTypes(bytes)[0].type).toBe(best.type);
    expect(inspector.codecFor(best.type).toJer(best.value as never)).toEqual(GetEimPackageResponse.toJer(GetEimPackageResponse.decode(bytes)));
    expect(inspector.buildTree(bytes, best.type)).toEqual(buildTree(bytes, best.type));
    expect(inspector.validateDump(bytes)).toMatchObject({ valid: true, type: best.type });
    expect(inspector.resolveTypeName('EuiccPackageRequest')).toBe('SGP32Definitions.EuiccPackageRequest');
  });

  it('the one-module inspector knows no profile package; the five-module one reads it', () => {
    const upp = minimalUpp('89000123456789012341');
    const one = built.get('inspect, one module')!.inspector;
    expect(one.upp).toBeUndefined();
    expect(one.resolveTypeName('ProfileHeader')).toBeUndefined();
    expect(() => one.codecFor('PEDefinitions.ProfileHeader')).toThrow(RangeError);
    expect(() => one.codecFor('UPP')).toThrow(/no PEDefinitions\.ProfileElement/);
    expect(() => one.buildTree(upp, 'UPP')).toThrow(RangeError);
    expect(() => one.validateDump(upp, { type: 'UPP' })).toThrow(RangeError);
    const candidates = one.detectTypes(upp);
    expect(candidates.filter((c) => c.fits)).toEqual([]);
    expect(candidates.filter((c) => c.type === 'UPP' || c.type.startsWith('PEDefinitions.'))).toEqual([]);
    expect(one.validateDump(upp).valid).toBe(false);

    const five = built.get('inspect')!.inspector;
    expect(five.upp).toBeDefined();
    expect(five.detectTypes(upp)[0]).toMatchObject({ type: 'UPP', fits: true });
    expect(five.validateDump(upp)).toMatchObject({ valid: true, type: 'UPP' });
    expect(createInspector(defaultRegistry).buildTree(upp, 'UPP')).toEqual(five.buildTree(upp, 'UPP'));
  });
});
