/**
 * The registry as a value through sgp32/inspect and the CLI: a module compiled at test time
 * from ASN.1 text (importing types of the built-in modules, as a vendor's extension would)
 * is registered with `compileRegistry` and its messages are detected, decoded, shown as a tree
 * and validated like the built-in ones — through the library and through `sgp32 … --asn1`.
 * The message is written out by hand around a part made by the generated SGP32Definitions
 * encoder, so the interpreted codec is checked against bytes it did not make.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asn1SyntaxError } from '../../src/compiler/index.js';
import { createRegistry } from '../../src/der/registry.js';
import { $module as Pkix } from '../../src/generated/PKIX1Explicit88.js';
import { EuiccPackageRequest } from '../../src/generated/SGP32Definitions.js';
import { compileRegistry, detectTypes, nestedTypeOf, resolveTypeName, defaultRegistry, buildTree, validateDump } from '../../src/inspect/index.js';
import fc from 'fast-check';
import { ASN1_FILES, DescriptorArbitraries, sameValue } from '../support/arbitraries.js';
import { concat, derLength, hex, toHex } from '../support/bytes.js';
import { makeValue } from '../cli/generate.js';
import { ensureBuilt, sgp32 } from '../cli/helpers.js';

const VENDOR = `
VendorExtensions DEFINITIONS AUTOMATIC TAGS ::= BEGIN
IMPORTS
  Iccid FROM RSPDefinitions
  EuiccPackageRequest FROM SGP32Definitions;

  -- A vendor's own report: ICCIDs and an eIM package it received, in a private tag.
  VendorProfileReport ::= [PRIVATE 71] SEQUENCE {
    iccid Iccid,
    request EuiccPackageRequest OPTIONAL,
    state ENUMERATED { idle(0), busy(1) },
    counters SEQUENCE (SIZE(1..4)) OF INTEGER (0..255),
    ...
  }
END
`;

const builtins = ASN1_FILES.map((f) => ({ file: `asn1/${f}`, text: readFileSync(new URL(`../../asn1/${f}`, import.meta.url), 'utf8') }));

const tlv = (tag: number[], content: Uint8Array) => concat(new Uint8Array(tag), derLength(content.length), content);

const epr = makeValue('SGP32Definitions.EuiccPackageRequest')!;
/** The content octets of the EuiccPackageRequest (after its BF51 tag and length). */
const eprContent = (() => {
  const der = epr.der;
  const l = der[2] < 0x80 ? 1 : 1 + (der[2] & 0x7f);
  return der.subarray(2 + l);
})();
const ICCID = hex('98001032547698103214');
// [PRIVATE 71] constructed: FF 47. AUTOMATIC TAGS: iccid [0] IMPLICIT (80), request [1] IMPLICIT
// of a SEQUENCE (A1), state [2] (82), counters [3] (A3) holding two INTEGERs.
const MESSAGE = tlv([0xff, 0x47], concat(tlv([0x80], ICCID), tlv([0xa1], eprContent), tlv([0x82], hex('01')), tlv([0xa3], concat(hex('020105'), hex('020107')))));

describe('a registry with a module compiled at test time', () => {
  const registry = compileRegistry([{ file: 'vendor.asn', text: VENDOR }], { builtins });

  it('registers the vendor module first, then the five built-in ones, whose codecs stay the generated ones', () => {
    expect(registry.modules.map((m) => m.name)).toEqual(['VendorExtensions', ...defaultRegistry.modules.map((m) => m.name)]);
    expect(registry.type('SGP32Definitions.EuiccPackageRequest')).toBe(EuiccPackageRequest);
    expect(resolveTypeName('VendorProfileReport', registry)).toBe('VendorExtensions.VendorProfileReport');
    expect(resolveTypeName('VendorProfileReport')).toBeUndefined();
  });

  it('detects, decodes and encodes the message through sgp32/inspect', () => {
    const [best] = detectTypes(MESSAGE, { registry });
    expect(best.type).toBe('VendorExtensions.VendorProfileReport');
    expect(best.fits).toBe(true);
    expect(best.value).toEqual({ iccid: ICCID, request: epr.value, state: 'busy', counters: [5, 7] });
    const codec = registry.type('VendorExtensions.VendorProfileReport')!;
    expect(toHex(codec.encode(best.value))).toBe(toHex(MESSAGE));
    // The default registry knows no type with this tag.
    expect(detectTypes(MESSAGE)).toEqual([]);
    // JER of the imported part is the generated codec's.
    expect((codec.toJer(best.value) as Record<string, unknown>).request).toEqual(EuiccPackageRequest.toJer(epr.value as never));
  });

  it('shows the message as a tree with its component names and the imported type inside', () => {
    const nodes = buildTree(MESSAGE, 'VendorExtensions.VendorProfileReport', { registry, detectNested: (b) => nestedTypeOf(b, registry) });
    expect(nodes[0]).toMatchObject({ name: 'VendorProfileReport', tag: 0xff47 });
    expect(nodes.find((n) => n.name === 'iccid')?.value).toContain('89000123456789012341');
    expect(nodes.find((n) => n.name === 'request')?.type).toBe('EuiccPackageRequest');
    expect(nodes.find((n) => n.name === 'state')?.value).toBe('busy(1)');
    expect(nodes.filter((n) => n.error)).toEqual([]);
  });

  it('round-trips values drawn from the compiled type\'s descriptor, each detected as that type', () => {
    const arbs = new DescriptorArbitraries(registry);
    const codec = registry.type('VendorExtensions.VendorProfileReport')!;
    fc.assert(
      fc.property(arbs.forType('VendorExtensions', 'VendorProfileReport'), (value) => {
        const bytes = codec.encode(value);
        const back = codec.decode(bytes);
        const expected = arbs.normalise('VendorExtensions', 'VendorProfileReport', value);
        if (!sameValue(back, expected)) expect(back).toEqual(expected);
        expect(toHex(codec.encode(back))).toBe(toHex(bytes));
        expect(detectTypes(bytes, { registry })[0]).toMatchObject({ type: 'VendorExtensions.VendorProfileReport', fits: true });
      }),
      { numRuns: 40 },
    );
  });

  it('validates the message, and refuses a broken one with offset and path', () => {
    const verdict = validateDump(MESSAGE, { registry });
    expect(verdict).toMatchObject({ valid: true, detected: true, type: 'VendorExtensions.VendorProfileReport' });
    // A counter out of its range 0..255: INTEGER 300 (02 02 01 2C) in place of 7.
    const broken = tlv([0xff, 0x47], concat(tlv([0x80], ICCID), tlv([0x82], hex('01')), tlv([0xa3], concat(hex('020105'), hex('0202012c')))));
    const bad = validateDump(broken, { registry, type: 'VendorExtensions.VendorProfileReport' });
    expect(bad.valid).toBe(false);
    // FF 47 0E | 80 0A iccid (3..14) | 82 01 01 (15..17) | A3 07 (18..19) | 02 01 05 (20..22) | 02 02 01 2C: content at 25.
    expect(bad.error).toMatchObject({ code: 'constraint', path: 'VendorProfileReport.counters[1]', offset: 25 });
  });

  it('reports errors in the module text with file and line', () => {
    const text = VENDOR.replace('state ENUMERATED', 'state NoSuchType,\n    other ENUMERATED');
    expect(() => compileRegistry([{ file: 'vendor.asn', text }], { builtins })).toThrow(Asn1SyntaxError);
    expect(() => compileRegistry([{ file: 'vendor.asn', text }], { builtins })).toThrow(/^vendor\.asn:\d+:\d+: .*NoSuchType/);
    // Without the built-in texts, the import cannot be resolved.
    expect(() => compileRegistry([{ file: 'vendor.asn', text: VENDOR }])).toThrow(/vendor\.asn:\d+:\d+: .*RSPDefinitions/);
  });

  it('a registry of fewer modules detects only their types', () => {
    const pkixOnly = createRegistry(Pkix);
    expect(detectTypes(epr.der, { registry: pkixOnly }).some((c) => c.type.startsWith('SGP32Definitions.'))).toBe(false);
    expect(detectTypes(epr.der)[0].type).toBe('SGP32Definitions.EuiccPackageRequest');
  });
});

describe('sgp32 --asn1: the CLI compiles a module at run time', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'sgp32-asn1-'));
    writeFileSync(join(dir, 'vendor.asn'), VENDOR);
    writeFileSync(join(dir, 'report.der'), MESSAGE);
    writeFileSync(join(dir, 'broken.asn'), VENDOR.replace('state ENUMERATED', 'state NoSuchType,\n    other ENUMERATED'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('decode detects and decodes the vendor message (JER and tree)', () => {
    const r = sgp32(['decode', '--asn1', join(dir, 'vendor.asn'), join(dir, 'report.der')]);
    expect(r.stderr).toContain('detected VendorExtensions.VendorProfileReport');
    expect(r.code).toBe(0);
    const jer = JSON.parse(r.stdout);
    expect(jer).toMatchObject({ iccid: toHex(ICCID).toUpperCase(), state: 'busy', counters: [5, 7] });
    expect(jer.request).toEqual(JSON.parse(JSON.stringify(EuiccPackageRequest.toJer(epr.value as never))));
    const tree = sgp32(['decode', '--asn1', join(dir, 'vendor.asn'), '--type', 'VendorProfileReport', '--format', 'tree', join(dir, 'report.der')]);
    expect(tree.code).toBe(0);
    expect(tree.stdout).toMatch(/VendorProfileReport/);
    expect(tree.stdout).toMatch(/state .*busy\(1\)/);
  });

  it('without --asn1 the message has no type; validate --asn1 finds it valid', () => {
    const r = sgp32(['decode', join(dir, 'report.der')]);
    expect(r.code).toBe(1);
    const v = sgp32(['validate', '--asn1', join(dir, 'vendor.asn'), '--json', join(dir, 'report.der')]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('VendorExtensions.VendorProfileReport');
  });

  it('an error in the module is a usage error (exit 2) naming file and line', () => {
    const r = sgp32(['decode', '--asn1', join(dir, 'broken.asn'), join(dir, 'report.der')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.asn:\d+:\d+: .*NoSuchType/);
    const missing = sgp32(['decode', '--asn1', join(dir, 'nothere.asn'), join(dir, 'report.der')]);
    expect(missing.code).toBe(2);
  });
});
