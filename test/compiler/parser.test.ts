import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Asn1SyntaxError, type ModuleAst, type TypeAst } from '../../src/compiler/ast.js';
import { parseModule, parseModules } from '../../src/compiler/parser.js';
import { tokenize } from '../../src/compiler/lexer.js';
import {
  MODULE_NAMES,
  type ModuleName,
  assignment,
  countAssignments,
  findComponent,
  moduleText,
  noPos,
  stripComments,
  typeOf,
  walkType,
} from './asn1-helpers.js';

const modules = Object.fromEntries(
  MODULE_NAMES.map((n) => [n, parseModule(moduleText(n), `${n}.asn`)]),
) as Record<ModuleName, ModuleAst>;

/** 1-based line and column of the first occurrence of `needle` in a module's text. */
function where(name: ModuleName, needle: string, nth = 0): { line: number; column: number } {
  const text = moduleText(name);
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not in ${name}`);
  const before = text.slice(0, at);
  return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

const ref = (name: string) => ({ kind: 'ref', name });
const num = (n: number) => ({ kind: 'number', value: BigInt(n) });
const sizeRange = (lower: unknown, upper: unknown) => ({
  set: {
    kind: 'size',
    constraint: { set: { kind: 'range', lower, upper, lowerOpen: false, upperOpen: false }, extensible: false },
  },
  extensible: false,
});

describe('the five specification modules', () => {
  for (const name of MODULE_NAMES) {
    it(`${name}: parses, with as many assignments of each kind as an independent regex count`, () => {
      const m = modules[name];
      expect(m.name).toBe(name);
      const expected = countAssignments(moduleText(name));
      const got = { type: 0, value: 0, class: 0 };
      for (const a of m.assignments) got[a.kind]++;
      expect(got).toEqual({ type: expected.type, value: expected.value, class: expected.class });
      expect(m.assignments.map((a) => a.name).sort()).toEqual([...expected.names].sort());
      expect(got.type + got.value + got.class).toBeGreaterThan(40);
    });

    it(`${name}: assignment names are unique`, () => {
      const names = modules[name].assignments.map((a) => a.name);
      expect(new Set(names).size).toBe(names.length);
    });

    it(`${name}: every assignment's text is the exact source slice at its position`, () => {
      const text = moduleText(name);
      const lines = text.split('\n');
      for (const a of modules[name].assignments) {
        const offset = lines.slice(0, a.pos.line - 1).reduce((s, l) => s + l.length + 1, 0) + a.pos.column - 1;
        expect(text.slice(offset, offset + a.text.length)).toBe(a.text);
        expect(a.text.startsWith(a.name)).toBe(true);
        // Ends on the last token: never on white space or inside a trailing comment.
        expect(stripComments(a.text).trimEnd()).toHaveLength(a.text.length);
      }
    });
  }

  it('parseModules reads the five modules from one concatenated text, in order', () => {
    const all = parseModules(MODULE_NAMES.map(moduleText).join('\n'), 'all.asn');
    expect(all.map((m) => m.name)).toEqual([...MODULE_NAMES]);
    expect(all.map((m) => m.assignments.length)).toEqual(MODULE_NAMES.map((n) => modules[n].assignments.length));
  });

  it('a module that redefines UTF8String does not change how the next module reads it', () => {
    const [pkix, sgp] = parseModules(`${moduleText('PKIX1Explicit88')}\n${moduleText('SGP32Definitions')}`, 'two.asn');
    expect(noPos(pkix.assignments)).toEqual(noPos(modules.PKIX1Explicit88.assignments));
    expect(noPos(sgp.assignments)).toEqual(noPos(modules.SGP32Definitions.assignments));
  });

  it('reads the tag defaults and EXTENSIBILITY IMPLIED of all five headers', () => {
    expect(MODULE_NAMES.map((n) => [modules[n].tagDefault, modules[n].extensibilityImplied])).toEqual([
      ['AUTOMATIC', true],
      ['AUTOMATIC', true],
      ['AUTOMATIC', true],
      ['EXPLICIT', false],
      ['IMPLICIT', false],
    ]);
  });

  it('reads module OIDs and EXPORTS', () => {
    expect(modules.PKIX1Explicit88.oid).toEqual([
      { kind: 'nameAndNumber', name: 'iso', value: 1n },
      { kind: 'nameAndNumber', name: 'identified-organization', value: 3n },
      { kind: 'nameAndNumber', name: 'dod', value: 6n },
      { kind: 'nameAndNumber', name: 'internet', value: 1n },
      { kind: 'nameAndNumber', name: 'security', value: 5n },
      { kind: 'nameAndNumber', name: 'mechanisms', value: 5n },
      { kind: 'nameAndNumber', name: 'pkix', value: 7n },
      { kind: 'nameAndNumber', name: 'id-mod', value: 0n },
      { kind: 'nameAndNumber', name: 'id-pkix1-explicit', value: 18n },
    ]);
    expect(modules.PEDefinitions.exports).toEqual(['UICCCapability']);
    expect(modules.PKIX1Explicit88.exports).toBe('ALL');
    expect(modules.SGP32Definitions.pos).toEqual({ file: 'SGP32Definitions.asn', ...where('SGP32Definitions', 'SGP32Definitions {') });
  });

  it('reads the three IMPORTS groups of SGP32Definitions with their OIDs', () => {
    const im = modules.SGP32Definitions.imports;
    expect(im.map((g) => [g.fromModule, g.symbols.length])).toEqual([
      ['PKIX1Explicit88', 2],
      ['PKIX1Implicit88', 1],
      ['RSPDefinitions', 37],
    ]);
    expect(im[0].symbols.map((s) => s.name)).toEqual(['Certificate', 'SubjectPublicKeyInfo']);
    expect(im[1].symbols.map((s) => s.name)).toEqual(['SubjectKeyIdentifier']);
    expect(im[2].symbols[0].name).toBe('CancelSessionReason');
    expect(im[2].symbols.at(-1)?.name).toBe('OctetTo16');
    // The OID after a module name belongs to that group, not to the next symbol list.
    expect(im[0].fromOid?.at(-1)).toEqual({ kind: 'nameAndNumber', name: 'id-pkix1-explicit', value: 18n });
    expect(im[1].fromOid?.at(-1)).toEqual({ kind: 'nameAndNumber', name: 'id-pkix1-implicit', value: 19n });
    expect(im[2].fromOid?.map((c) => (c.kind === 'nameAndNumber' ? Number(c.value) : -1))).toEqual([2, 23, 146, 1, 1, 2]);
    expect(im[2].symbols[1].pos).toEqual({ file: 'SGP32Definitions.asn', ...where('SGP32Definitions', 'ServerSigned1') });
    // The 1988 module imports UTF8String and BMPString: they stay imported names.
    const pkixImported = modules.PKIX1Implicit88.imports[0].symbols.map((s) => s.name);
    expect(pkixImported).toEqual([
      'id-pe', 'id-kp', 'id-qt-unotice', 'id-qt-cps', 'BMPString', 'UTF8String', 'ORAddress', 'Name',
      'RelativeDistinguishedName', 'CertificateSerialNumber', 'Attribute', 'DirectoryString',
    ]);
  });
});

describe('spot checks against exact syntax-tree fragments', () => {
  it('EuiccPackageResult ::= [81] CHOICE', () => {
    const a = assignment(modules.SGP32Definitions, 'EuiccPackageResult');
    expect(a.pos).toEqual({ file: 'SGP32Definitions.asn', ...where('SGP32Definitions', 'EuiccPackageResult ::=') });
    expect(noPos(typeOf(modules.SGP32Definitions, 'EuiccPackageResult'))).toEqual({
      kind: 'tagged',
      tag: { cls: 'CONTEXT', number: 81 },
      type: {
        kind: 'CHOICE',
        root: [
          { name: 'euiccPackageResultSigned', type: ref('EuiccPackageResultSigned') },
          { name: 'euiccPackageErrorSigned', type: ref('EuiccPackageErrorSigned') },
          { name: 'euiccPackageErrorUnsigned', type: ref('EuiccPackageErrorUnsigned') },
        ],
        extensible: false,
        additions: [],
      },
    });
  });

  it('[APPLICATION 26] Octet16 and UTF8String (SIZE(1..128))', () => {
    const t = typeOf(modules.SGP32Definitions, 'EuiccPackageSigned');
    expect(t.kind).toBe('SEQUENCE');
    if (t.kind !== 'SEQUENCE') return;
    expect(noPos(t.root.slice(0, 2))).toEqual([
      {
        kind: 'named',
        name: 'eimId',
        type: {
          kind: 'tagged',
          tag: { cls: 'CONTEXT', number: 0 },
          type: { kind: 'string', stringType: 'UTF8String', constraints: [sizeRange(num(1), num(128))] },
        },
        optional: false,
      },
      {
        kind: 'named',
        name: 'eidValue',
        type: { kind: 'tagged', tag: { cls: 'APPLICATION', number: 26 }, type: ref('Octet16') },
        optional: false,
      },
    ]);
    expect(t.root[1].pos).toEqual({ file: 'SGP32Definitions.asn', ...where('SGP32Definitions', 'eidValue [APPLICATION 26]') });
    expect(t.root[1].type.pos).toEqual({ file: 'SGP32Definitions.asn', ...where('SGP32Definitions', '[APPLICATION 26] Octet16') });
  });

  it('SEQUENCE SIZE (1..MAX) OF and SET SIZE (1..MAX) OF', () => {
    expect(noPos(typeOf(modules.PKIX1Explicit88, 'OrganizationalUnitNames'))).toEqual({
      kind: 'SEQUENCE OF',
      element: ref('OrganizationalUnitName'),
      constraints: [sizeRange(num(1), ref('ub-organizational-units'))],
    });
    expect(noPos(typeOf(modules.PKIX1Explicit88, 'RelativeDistinguishedName'))).toEqual({
      kind: 'SET OF',
      element: ref('AttributeTypeAndValue'),
      constraints: [sizeRange(num(1), 'MAX')],
    });
    const certs = findComponent(modules.PEDefinitions, 'fileManagementCMD');
    expect(noPos(certs.type)).toEqual({
      kind: 'SEQUENCE OF',
      element: ref('FileManagement'),
      constraints: [{ set: { kind: 'size', constraint: { set: { kind: 'range', lower: num(1), upper: 'MAX', lowerOpen: false, upperOpen: false }, extensible: false } }, extensible: false }],
    });
  });

  it('ANY DEFINED BY algorithm OPTIONAL and a bare ANY', () => {
    expect(noPos(typeOf(modules.PKIX1Explicit88, 'AlgorithmIdentifier'))).toEqual({
      kind: 'SEQUENCE',
      root: [
        { kind: 'named', name: 'algorithm', type: { kind: 'OBJECT IDENTIFIER' }, optional: false },
        { kind: 'named', name: 'parameters', type: { kind: 'ANY', definedBy: 'algorithm' }, optional: true },
      ],
      extensible: false,
      additions: [],
      rootTail: [],
    });
    expect(noPos(typeOf(modules.PKIX1Explicit88, 'AttributeValue'))).toEqual({ kind: 'ANY' });
  });

  it('OPENTYPE ::= CLASS and OPENTYPE.&typeId / OPENTYPE.&Type', () => {
    const cls = assignment(modules.RSPDefinitions, 'OPENTYPE');
    expect(noPos(cls)).toEqual({
      kind: 'class',
      name: 'OPENTYPE',
      fields: [
        { name: 'typeId', type: { kind: 'OBJECT IDENTIFIER' }, optional: false, unique: false },
        { name: 'Type', optional: false, unique: false },
      ],
      text: 'OPENTYPE ::= CLASS {\n  &typeId OBJECT IDENTIFIER,\n  &Type\n}',
    });
    expect(noPos(typeOf(modules.RSPDefinitions, 'VendorSpecificExtension'))).toEqual({
      kind: 'SEQUENCE OF',
      element: {
        kind: 'SEQUENCE',
        root: [
          { kind: 'named', name: 'vendorOid', type: { kind: 'tagged', tag: { cls: 'CONTEXT', number: 0 }, type: { kind: 'classField', className: 'OPENTYPE', field: 'typeId' } }, optional: false },
          { kind: 'named', name: 'vendorSpecificData', type: { kind: 'tagged', tag: { cls: 'CONTEXT', number: 1 }, type: { kind: 'classField', className: 'OPENTYPE', field: 'Type' } }, optional: false },
        ],
        extensible: false,
        additions: [],
        rootTail: [],
      },
    });
  });

  it('version [0] Version DEFAULT v1, and BOOLEAN DEFAULT FALSE', () => {
    expect(noPos(findComponent(modules.PKIX1Explicit88, 'version'))).toEqual({
      kind: 'named',
      name: 'version',
      type: { kind: 'tagged', tag: { cls: 'CONTEXT', number: 0 }, type: ref('Version') },
      optional: false,
      default: { kind: 'ref', name: 'v1' },
    });
    expect(noPos(findComponent(modules.PKIX1Explicit88, 'critical').default)).toEqual({ kind: 'boolean', value: false });
    expect(noPos(findComponent(modules.PEDefinitions, 'lcsi').default)).toEqual({ kind: 'hstring', hex: '05' });
    expect(noPos(findComponent(modules.PKIX1Implicit88, 'minimum').default)).toEqual(num(0));
  });

  it('the sqnInit DEFAULT braced list of 32 hstrings', () => {
    const c = findComponent(modules.PEDefinitions, 'sqnInit');
    expect(noPos(c.type)).toEqual({
      kind: 'SEQUENCE OF',
      element: { kind: 'OCTET STRING', constraints: [{ set: { kind: 'size', constraint: { set: { kind: 'value', value: num(6) }, extensible: false } }, extensible: false }] },
      constraints: [{ set: { kind: 'size', constraint: { set: { kind: 'value', value: num(32) }, extensible: false } }, extensible: false }],
    });
    expect(c.default?.kind).toBe('braced');
    if (c.default?.kind !== 'braced') return;
    expect(noPos(c.default.items)).toEqual(Array.from({ length: 32 }, () => ({ kind: 'value', value: { kind: 'hstring', hex: '000000000000' } })));
    expect(c.default.pos).toEqual({ file: 'PEDefinitions.asn', ...where('PEDefinitions', "{ -- 32 values") });
  });

  it('UniversalString ::= [UNIVERSAL 28] IMPLICIT OCTET STRING, then references to it', () => {
    expect(noPos(assignment(modules.PKIX1Explicit88, 'UniversalString'))).toEqual({
      kind: 'type',
      name: 'UniversalString',
      type: { kind: 'tagged', tag: { cls: 'UNIVERSAL', number: 28 }, mode: 'IMPLICIT', type: { kind: 'OCTET STRING' } },
      text: 'UniversalString ::= [UNIVERSAL 28] IMPLICIT OCTET STRING',
    });
    // The module defines UniversalString, BMPString and UTF8String itself: inside it those
    // names are references, while TeletexString stays the built-in type.
    const ds = typeOf(modules.PKIX1Explicit88, 'DirectoryString');
    if (ds.kind !== 'CHOICE') throw new Error('DirectoryString is not a CHOICE');
    expect(ds.root.map((a) => (a.type.kind === 'ref' ? `ref ${a.type.name}` : a.type.kind === 'string' ? `string ${a.type.stringType}` : a.type.kind))).toEqual([
      'string TeletexString',
      'string PrintableString',
      'ref UniversalString',
      'ref UTF8String',
      'ref BMPString',
    ]);
    // PKIX1Implicit88 imports UTF8String and BMPString: references there too.
    const kinds = new Set<string>();
    for (const a of modules.PKIX1Implicit88.assignments) {
      if (a.kind !== 'type') continue;
      for (const t of walkType(a.type)) if (t.kind === 'string') kinds.add(t.stringType);
    }
    expect(kinds.has('UTF8String')).toBe(false);
    expect(kinds.has('BMPString')).toBe(false);
    expect(kinds.has('IA5String')).toBe(true);
    // Elsewhere UTF8String is the built-in type.
    expect(noPos(findComponent(modules.SGP32Definitions, 'eimFqdn').type)).toEqual({
      kind: 'tagged',
      tag: { cls: 'CONTEXT', number: 1 },
      type: { kind: 'string', stringType: 'UTF8String' },
    });
  });

  it("an extension marker at the end of PEDefinitions' ProfileElement CHOICE", () => {
    const t = typeOf(modules.PEDefinitions, 'ProfileElement');
    if (t.kind !== 'CHOICE') throw new Error('ProfileElement is not a CHOICE');
    expect(t.extensible).toBe(true);
    expect(t.additions).toEqual([]);
    expect(noPos(t.root[0])).toEqual({ name: 'header', type: ref('ProfileHeader') });
    expect(noPos(t.root.at(-1))).toEqual({ name: 'opt-iot', type: ref('PE-OPT-IoT') });
    const names = t.root.map((a) => a.name);
    expect(names).toContain('genericFileManagement');
    expect(names).toContain('df-5gs');
    const body = moduleText('PEDefinitions').split(/^ProfileElement ::= CHOICE \{/m)[1].split(/^\.\.\./m)[0];
    const expectedNames = [...body.replace(/\/\*[\s\S]*?\*\//g, '').replace(/--.*$/gm, '').matchAll(/^\s*([a-z][A-Za-z0-9-]*)\s+[A-Z]/gm)].map((m) => m[1]);
    expect(names).toEqual(expectedNames);
  });

  it('value assignments: OIDs with named arcs, arcs on a reference, INTEGER values', () => {
    expect(noPos(assignment(modules.PKIX1Explicit88, 'id-pkix'))).toEqual({
      kind: 'value',
      name: 'id-pkix',
      type: { kind: 'OBJECT IDENTIFIER' },
      value: {
        kind: 'braced',
        items: [
          { kind: 'namedNumber', name: 'iso', number: 1n },
          { kind: 'namedNumber', name: 'identified-organization', number: 3n },
          { kind: 'namedNumber', name: 'dod', number: 6n },
          { kind: 'namedNumber', name: 'internet', number: 1n },
          { kind: 'namedNumber', name: 'security', number: 5n },
          { kind: 'namedNumber', name: 'mechanisms', number: 5n },
          { kind: 'namedNumber', name: 'pkix', number: 7n },
        ],
      },
      text: 'id-pkix  OBJECT IDENTIFIER  ::=\n         { iso(1) identified-organization(3) dod(6) internet(1)\n                    security(5) mechanisms(5) pkix(7) }',
    });
    expect(noPos(assignment(modules.PKIX1Explicit88, 'id-pe'))).toEqual({
      kind: 'value',
      name: 'id-pe',
      type: { kind: 'OBJECT IDENTIFIER' },
      value: { kind: 'braced', items: [{ kind: 'value', value: ref('id-pkix') }, { kind: 'value', value: num(1) }] },
      text: 'id-pe OBJECT IDENTIFIER ::= { id-pkix 1 }',
    });
    expect(noPos(assignment(modules.PKIX1Implicit88, 'id-ce'))).toEqual({
      kind: 'value',
      name: 'id-ce',
      type: { kind: 'OBJECT IDENTIFIER' },
      value: {
        kind: 'braced',
        items: [
          { kind: 'namedNumber', name: 'joint-iso-ccitt', number: 2n },
          { kind: 'namedNumber', name: 'ds', number: 5n },
          { kind: 'value', value: num(29) },
        ],
      },
      text: 'id-ce OBJECT IDENTIFIER  ::=  {joint-iso-ccitt(2) ds(5) 29}',
    });
    expect(noPos(assignment(modules.PEDefinitions, 'maxUInt31'))).toEqual({
      kind: 'value',
      name: 'maxUInt31',
      type: { kind: 'INTEGER' },
      value: num(2147483647),
      text: 'maxUInt31 INTEGER ::= 2147483647',
    });
    expect(noPos(typeOf(modules.PEDefinitions, 'UInt8'))).toEqual({
      kind: 'INTEGER',
      constraints: [{ set: { kind: 'range', lower: num(0), upper: ref('maxUInt8'), lowerOpen: false, upperOpen: false }, extensible: false }],
    });
  });

  it('TerminalType: INTEGER with named numbers and a range bounded by a value reference', () => {
    expect(noPos(typeOf(modules.PKIX1Explicit88, 'TerminalType'))).toEqual({
      kind: 'INTEGER',
      namedNumbers: [
        { name: 'telex', value: 3n },
        { name: 'teletex', value: 4n },
        { name: 'g3-facsimile', value: 5n },
        { name: 'g4-facsimile', value: 6n },
        { name: 'ia5-terminal', value: 7n },
        { name: 'videotex', value: 8n },
      ],
      constraints: [{ set: { kind: 'range', lower: num(0), upper: ref('ub-integer-options'), lowerOpen: false, upperOpen: false }, extensible: false }],
    });
  });

  it('PersonalName: a SET with IMPLICIT tags, constraints and OPTIONAL', () => {
    const pstr = (bound: string) => ({ kind: 'string', stringType: 'PrintableString', constraints: [sizeRange(num(1), ref(bound))] });
    const tagged = (n: number, bound: string) => ({ kind: 'tagged', tag: { cls: 'CONTEXT', number: n }, mode: 'IMPLICIT', type: pstr(bound) });
    expect(noPos(typeOf(modules.PKIX1Explicit88, 'PersonalName'))).toEqual({
      kind: 'SET',
      root: [
        { kind: 'named', name: 'surname', type: tagged(0, 'ub-surname-length'), optional: false },
        { kind: 'named', name: 'given-name', type: tagged(1, 'ub-given-name-length'), optional: true },
        { kind: 'named', name: 'initials', type: tagged(2, 'ub-initials-length'), optional: true },
        { kind: 'named', name: 'generation-qualifier', type: tagged(3, 'ub-generation-qualifier-length'), optional: true },
      ],
      extensible: false,
      additions: [],
      rootTail: [],
    });
  });

  it('BIT STRING with named bits, INTEGER with named numbers, [0] EXPLICIT ANY DEFINED BY', () => {
    expect(noPos(typeOf(modules.SGP32Definitions, 'EimSupportedProtocol'))).toEqual({
      kind: 'BIT STRING',
      namedBits: ['eimRetrieveHttps', 'eimRetrieveCoaps', 'eimInjectHttps', 'eimInjectCoaps', 'eimProprietary'].map((name, i) => ({ name, value: BigInt(i) })),
    });
    expect(noPos(typeOf(modules.RSPDefinitions, 'IconType'))).toEqual({
      kind: 'INTEGER',
      namedNumbers: [{ name: 'jpg', value: 0n }, { name: 'png', value: 1n }],
    });
    expect(noPos(findComponent(modules.PKIX1Implicit88, 'value').type)).toEqual({
      kind: 'tagged',
      tag: { cls: 'CONTEXT', number: 0 },
      mode: 'EXPLICIT',
      type: { kind: 'ANY', definedBy: 'type-id' },
    });
  });
});

describe('constructs the five modules do not use', () => {
  const wrap = (body: string) => `M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n${body}\nEND`;
  const one = (body: string): TypeAst => {
    const a = parseModule(wrap(body), 'x.asn').assignments[0];
    if (a.kind !== 'type') throw new Error('not a type');
    return noPos(a.type);
  };

  it('ENUMERATED with numbers, extension marker and additions', () => {
    expect(one('E ::= ENUMERATED { a, b(5), ..., c(7), d }')).toEqual({
      kind: 'ENUMERATED',
      root: [{ name: 'a' }, { name: 'b', value: 5n }],
      extensible: true,
      additions: [{ name: 'c', value: 7n }, { name: 'd' }],
    });
  });

  it('SEQUENCE with COMPONENTS OF, [[ ]] groups, a second marker and DEFAULT {}', () => {
    expect(one('S ::= SEQUENCE { COMPONENTS OF T, a INTEGER, ..., [[ 2: b BOOLEAN, c NULL ]], d REAL, ..., e T DEFAULT {} }')).toEqual({
      kind: 'SEQUENCE',
      root: [{ kind: 'componentsOf', type: ref('T') }, { kind: 'named', name: 'a', type: { kind: 'INTEGER' }, optional: false }],
      extensible: true,
      additions: [
        { kind: 'named', name: 'b', type: { kind: 'BOOLEAN' }, optional: false },
        { kind: 'named', name: 'c', type: { kind: 'NULL' }, optional: false },
        { kind: 'named', name: 'd', type: { kind: 'REAL' }, optional: false },
      ],
      rootTail: [{ kind: 'named', name: 'e', type: ref('T'), optional: false, default: { kind: 'braced', items: [] } }],
    });
  });

  it('CHOICE with additions in a group, tags by value reference, PRIVATE class', () => {
    expect(one('C ::= CHOICE { a [PRIVATE 3] INTEGER, ..., [[ b [tagNo] IMPLICIT BOOLEAN ]], c IA5String, ... }')).toEqual({
      kind: 'CHOICE',
      root: [{ name: 'a', type: { kind: 'tagged', tag: { cls: 'PRIVATE', number: 3 }, type: { kind: 'INTEGER' } } }],
      extensible: true,
      additions: [
        { name: 'b', type: { kind: 'tagged', tag: { cls: 'CONTEXT', number: { ref: 'tagNo' } }, mode: 'IMPLICIT', type: { kind: 'BOOLEAN' } } },
        { name: 'c', type: { kind: 'string', stringType: 'IA5String' } },
      ],
    });
  });

  it('constraints: unions, intersections, EXCEPT, ALL EXCEPT, FROM, open ranges, extensible, nested', () => {
    expect(one('T ::= INTEGER (1 | 3..5 UNION 7<..<9, ..., 10)')).toEqual({
      kind: 'INTEGER',
      constraints: [
        {
          set: {
            kind: 'union',
            items: [
              { kind: 'value', value: num(1) },
              { kind: 'range', lower: num(3), upper: num(5), lowerOpen: false, upperOpen: false },
              { kind: 'range', lower: num(7), upper: num(9), lowerOpen: true, upperOpen: true },
            ],
          },
          extensible: true,
          additions: { kind: 'value', value: num(10) },
        },
      ],
    });
    expect(one('T ::= IA5String (SIZE(1..8, ...) ^ FROM("A".."Z" | "0".."9") EXCEPT "X")')).toEqual({
      kind: 'string',
      stringType: 'IA5String',
      constraints: [
        {
          set: {
            kind: 'intersection',
            items: [
              { kind: 'size', constraint: { set: { kind: 'range', lower: num(1), upper: num(8), lowerOpen: false, upperOpen: false }, extensible: true } },
              {
                kind: 'except',
                base: {
                  kind: 'from',
                  constraint: {
                    set: {
                      kind: 'union',
                      items: [
                        { kind: 'range', lower: { kind: 'cstring', value: 'A' }, upper: { kind: 'cstring', value: 'Z' }, lowerOpen: false, upperOpen: false },
                        { kind: 'range', lower: { kind: 'cstring', value: '0' }, upper: { kind: 'cstring', value: '9' }, lowerOpen: false, upperOpen: false },
                      ],
                    },
                    extensible: false,
                  },
                },
                excluded: { kind: 'value', value: { kind: 'cstring', value: 'X' } },
              },
            ],
          },
          extensible: false,
        },
      ],
    });
    expect(one('T ::= INTEGER (ALL EXCEPT (MIN..-1))')).toEqual({
      kind: 'INTEGER',
      constraints: [
        {
          set: { kind: 'except', base: { kind: 'all' }, excluded: { kind: 'range', lower: 'MIN', upper: num(-1), lowerOpen: false, upperOpen: false } },
          extensible: false,
        },
      ],
    });
    expect(one('T ::= OCTET STRING (CONTAINING Foo)')).toEqual({
      kind: 'OCTET STRING',
      constraints: [{ set: { kind: 'opaque', text: 'CONTAINING Foo' }, extensible: false }],
    });
    expect(one('T ::= INTEGER (Small | Mod.limit)')).toEqual({
      kind: 'INTEGER',
      constraints: [
        {
          set: { kind: 'union', items: [{ kind: 'containedSubtype', type: ref('Small') }, { kind: 'value', value: { kind: 'ref', name: 'limit', module: 'Mod' } }] },
          extensible: false,
        },
      ],
    });
  });

  it('SEQUENCE OF with a named element, SET OF with a parenthesised SIZE, module-qualified type', () => {
    expect(one('T ::= SEQUENCE OF item Other.Item')).toEqual({
      kind: 'SEQUENCE OF',
      elementName: 'item',
      element: { kind: 'ref', name: 'Item', module: 'Other' },
    });
    expect(one('T ::= SET (SIZE (2)) OF INTEGER (0..7)')).toEqual({
      kind: 'SET OF',
      element: { kind: 'INTEGER', constraints: [{ set: { kind: 'range', lower: num(0), upper: num(7), lowerOpen: false, upperOpen: false }, extensible: false }] },
      constraints: [{ set: { kind: 'size', constraint: { set: { kind: 'value', value: num(2) }, extensible: false } }, extensible: false }],
    });
  });

  it('values: negative numbers, bstrings, cstrings, SEQUENCE values with named components', () => {
    const m = parseModule(wrap(`a INTEGER ::= -5\nb BIT STRING ::= '1010'B\nc UTF8String ::= "say ""hi"""\nd S ::= { x 1, y { 1 2 }, z TRUE }`), 'x.asn');
    expect(m.assignments.map((a) => (a.kind === 'value' ? noPos(a.value) : null))).toEqual([
      num(-5),
      { kind: 'bstring', bits: '1010' },
      { kind: 'cstring', value: 'say "hi"' },
      {
        kind: 'braced',
        items: [
          { kind: 'namedValue', name: 'x', value: num(1) },
          { kind: 'namedValue', name: 'y', value: { kind: 'braced', items: [{ kind: 'value', value: num(1) }, { kind: 'value', value: num(2) }] } },
          { kind: 'namedValue', name: 'z', value: { kind: 'boolean', value: true } },
        ],
      },
    ]);
  });

  it('EXPORTS lists and empty EXPORTS, IMPORTS with a value-reference module identifier, no header OID', () => {
    const m = parseModule(
      'M DEFINITIONS ::= BEGIN EXPORTS A, b; IMPORTS X, y FROM N n-oid Z FROM P { 1 2 } W FROM Q; A ::= X END',
      'x.asn',
    );
    expect(m.oid).toBeUndefined();
    expect(m.tagDefault).toBe('EXPLICIT');
    expect(m.exports).toEqual(['A', 'b']);
    expect(noPos(m.imports)).toEqual([
      { symbols: [{ name: 'X' }, { name: 'y' }], fromModule: 'N', fromOid: [{ kind: 'name', name: 'n-oid' }] },
      { symbols: [{ name: 'Z' }], fromModule: 'P', fromOid: [{ kind: 'number', value: 1n }, { kind: 'number', value: 2n }] },
      { symbols: [{ name: 'W' }], fromModule: 'Q' },
    ]);
    expect(parseModule('M DEFINITIONS ::= BEGIN EXPORTS ; END', 'x.asn').exports).toEqual([]);
    expect(parseModule('M DEFINITIONS ::= BEGIN EXPORTS ALL; END', 'x.asn').exports).toBe('ALL');
    expect(parseModules('-- nothing here\n', 'x.asn')).toEqual([]);
  });

  it('a long single-line module: every assignment with its column', () => {
    const one = (k: number) => `T${k} ::= SEQUENCE { a INTEGER (0..255), b OCTET STRING OPTIONAL } `;
    let body = '';
    const columns: number[] = [];
    const prefix = 'M DEFINITIONS ::= BEGIN ';
    for (let k = 0; k < 3000; k++) {
      columns.push(prefix.length + body.length + 1);
      body += one(k);
    }
    const m = parseModule(`${prefix}${body}END`, 'long.asn');
    expect(m.assignments.map((a) => [a.name, a.pos.line, a.pos.column])).toEqual(columns.map((c, k) => [`T${k}`, 1, c]));
    expect(m.assignments[2999].text).toBe(one(2999).trimEnd());
  });

  it('a CLASS with UNIQUE, OPTIONAL, DEFAULT and WITH SYNTAX', () => {
    const a = parseModule(wrap('C ::= CLASS { &id INTEGER UNIQUE, &Type OPTIONAL, &n INTEGER DEFAULT 3 } WITH SYNTAX { ID &id [TYPE &Type] }'), 'x.asn').assignments[0];
    expect(noPos(a)).toEqual({
      kind: 'class',
      name: 'C',
      fields: [
        { name: 'id', type: { kind: 'INTEGER' }, optional: false, unique: true },
        { name: 'Type', optional: true, unique: false },
        { name: 'n', type: { kind: 'INTEGER' }, optional: true, unique: false },
      ],
      text: 'C ::= CLASS { &id INTEGER UNIQUE, &Type OPTIONAL, &n INTEGER DEFAULT 3 } WITH SYNTAX { ID &id [TYPE &Type] }',
    });
  });
});

describe('syntax errors: code and exact position', () => {
  const H = 'M DEFINITIONS ::= BEGIN\n';
  const rows: [string, string, number, number, RegExp][] = [
    ['missing ::= in a type assignment', `${H}T INTEGER\nEND`, 2, 3, /expected '::=', found 'INTEGER'/],
    ['missing ::= in a value assignment', `${H}v INTEGER 5\nEND`, 2, 11, /expected '::=', found '5'/],
    ['lower-case name followed by ::=', `${H}t ::= INTEGER\nEND`, 2, 3, /expected a type, found '::='/],
    ['unterminated block comment', `${H}  /* open /* nested */ still open\nEND`, 2, 3, /expected '\*\/' closing the comment, found end of input/],
    ['unterminated cstring', `${H}v UTF8String ::= "abc\nEND`, 2, 18, /expected a closing quote ", found end of input/],
    ['unterminated hstring', `${H}v OCTET STRING ::= '0A\nEND`, 2, 20, /expected a closing quote ' and H or B, found end of input/],
    ['bad hstring digit', `${H}v OCTET STRING ::= '0A 1G'H\nEND`, 2, 25, /expected a hexadecimal digit 0-9 or A-F, found 'G'/],
    ['bad bstring digit', `${H}v BIT STRING ::= '0102'B\nEND`, 2, 22, /expected a binary digit 0 or 1, found '2'/],
    ['quoted string without radix', `${H}v OCTET STRING ::= '01'X\nEND`, 2, 24, /expected H or B after the closing quote, found 'X'/],
    ['name ending in a hyphen', `${H}T- ::= INTEGER\nEND`, 2, 2, /expected a letter or digit after the hyphen in a name, found ' '/],
    ['stray character', `${H}T ::= INTEGER #\nEND`, 2, 15, /expected an ASN.1 lexical item, found '#'/],
    ['missing END', `${H}T ::= INTEGER\n`, 3, 1, /expected an assignment or 'END', found end of input/],
    ['missing DEFINITIONS', 'M ::= BEGIN END', 1, 3, /expected 'DEFINITIONS', found '::='/],
    ['missing BEGIN', 'M DEFINITIONS ::=\nT ::= INTEGER END', 2, 1, /expected 'BEGIN', found 'T'/],
    ['TAGS missing after the tag default', 'M DEFINITIONS IMPLICIT ::= BEGIN END', 1, 24, /expected 'TAGS', found '::='/],
    ['unexpected token in a component list', `${H}S ::= SEQUENCE {\n  a INTEGER\n  b BOOLEAN }\nEND`, 4, 3, /expected ',' or '}', found 'b'/],
    ['component without a name', `${H}S ::= SEQUENCE { INTEGER }\nEND`, 2, 18, /expected a component, '...' or '}', found 'INTEGER'/],
    ['unbalanced braces in a type', `${H}S ::= SEQUENCE { a SEQUENCE { b INTEGER }\nEND`, 3, 1, /expected ',' or '}', found 'END'/],
    ['unbalanced braces in a value', `${H}v OBJECT IDENTIFIER ::= { iso(1) 2\nEND`, 3, 1, /expected a value, found 'END'/],
    ['unbalanced parentheses in a constraint', `${H}T ::= INTEGER (0..5\nEND`, 3, 1, /expected ',' or '\)', found 'END'/],
    ['empty CHOICE', `${H}C ::= CHOICE { }\nEND`, 2, 16, /expected an alternative name or '...', found '}'/],
    ['CHOICE with only an extension marker', `${H}C ::= CHOICE { ... }\nEND`, 2, 16, /expected an alternative before the extension marker, found '...'/],
    ['two extension markers in ENUMERATED', `${H}E ::= ENUMERATED { a, ..., b, ... }\nEND`, 2, 31, /expected an enumeration item, found '...'/],
    ['[[ before any extension marker', `${H}S ::= SEQUENCE { a INTEGER, [[ b INTEGER ]] }\nEND`, 2, 29, /expected a component, found '\[\['/],
    ['tag without a number', `${H}T ::= [APPLICATION] INTEGER\nEND`, 2, 19, /expected a tag number, found '\]'/],
    ['SIZE without parentheses', `${H}T ::= OCTET STRING (SIZE 5)\nEND`, 2, 26, /expected '\(', found '5'/],
    ['MIN without ..', `${H}T ::= INTEGER (MIN)\nEND`, 2, 19, /expected '\.\.', found '\)'/],
    ['IMPORTS without FROM', `${H}IMPORTS A, B;\nEND`, 2, 13, /expected 'FROM', found ';'/],
    ['value assignment without a value', `${H}v INTEGER ::=\nEND`, 3, 1, /expected a value, found 'END'/],
    ['named number without a number', `${H}T ::= INTEGER { a() }\nEND`, 2, 19, /expected a number or a value reference, found '\)'/],
    ['braced group of three items after a comma', `${H}v S ::= { a 1, b 2 3 }\nEND`, 2, 20, /expected ',' or '}', found '3'/],
    ['text after END', `${H}END\nN DEFINITIONS`, 3, 1, /expected end of input after the module, found 'N'/],
    ['empty input', '', 1, 1, /expected a module name, found end of input/],
  ];

  for (const [what, text, line, column, message] of rows) {
    it(what, () => {
      let caught: unknown;
      try {
        parseModule(text, 'bad.asn');
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(Asn1SyntaxError);
      const e = caught as Asn1SyntaxError;
      expect(e.code).toBe('syntax');
      expect({ line: e.pos.line, column: e.pos.column, file: e.pos.file }).toEqual({ line, column, file: 'bad.asn' });
      expect(e.message).toMatch(new RegExp(`^bad\\.asn:${line}:${column}: expected .*, found .* \\(syntax\\)$`));
      expect(e.detail).toMatch(message);
    });
  }

  it('nesting bombs are rejected with a syntax error, not a stack overflow', () => {
    const deep = `${H}T ::= ${'SEQUENCE OF '.repeat(5000)}INTEGER\nEND`;
    expect(() => parseModule(deep, 'bad.asn')).toThrow(Asn1SyntaxError);
    const deepValue = `${H}v T ::= ${'{'.repeat(5000)}${'}'.repeat(5000)}\nEND`;
    expect(() => parseModule(deepValue, 'bad.asn')).toThrow(/expected nesting at most 200 levels deep/);
    const deepConstraint = `${H}T ::= INTEGER ${'('.repeat(5000)}1${')'.repeat(5000)}\nEND`;
    expect(() => parseModule(deepConstraint, 'bad.asn')).toThrow(Asn1SyntaxError);
    // A sane depth is fine.
    expect(parseModule(`${H}T ::= ${'SEQUENCE OF '.repeat(50)}INTEGER\nEND`, 'ok.asn').assignments).toHaveLength(1);
  });

  it('rejects non-string arguments with a TypeError naming the argument', () => {
    expect(() => parseModule(42 as unknown as string, 'x.asn')).toThrow(new TypeError('text: expected a string, got number'));
    expect(() => parseModules('', undefined as unknown as string)).toThrow(new TypeError('file: expected a string, got undefined'));
  });
});

describe('robustness: random and mutated input parses or throws Asn1SyntaxError', () => {
  const counts = { parsed: 0, syntaxError: 0 };
  const check = (text: string): void => {
    try {
      parseModules(text, 'fuzz.asn');
      counts.parsed++;
    } catch (e) {
      if (!(e instanceof Asn1SyntaxError)) throw e;
      expect(e.code).toBe('syntax');
      expect(e.pos.line).toBeGreaterThanOrEqual(1);
      expect(e.pos.column).toBeGreaterThanOrEqual(1);
      expect(e.pos.line).toBeLessThanOrEqual(text.split('\n').length);
      counts.syntaxError++;
    }
  };

  it('random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => check(s)), { numRuns: 1000 });
    const pieces = fc.constantFrom(
      'M', 'DEFINITIONS', 'AUTOMATIC', 'TAGS', '::=', 'BEGIN', 'END', 'T', 'a', 'SEQUENCE', 'SET', 'OF', 'CHOICE', 'INTEGER',
      '{', '}', '(', ')', '[', ']', '[[', ']]', ',', '...', '..', 'SIZE', 'MIN', 'MAX', '1', '-', "'0A'H", "'01'B", '"x"',
      'OPTIONAL', 'DEFAULT', 'IMPORTS', 'FROM', ';', 'EXPORTS', 'ALL', 'EXCEPT', '|', '^', '<', '&f', '.', 'CLASS', '--', '/*', '*/', '\n',
    );
    fc.assert(fc.property(fc.array(pieces, { maxLength: 60 }), (ps) => check(ps.join(' '))), { numRuns: 1000 });
  });

  for (const name of MODULE_NAMES) {
    it(`token deletions, insertions, swaps and duplications in ${name}`, () => {
      const text = moduleText(name);
      const toks = tokenize(text, `${name}.asn`).filter((t) => t.kind !== 'eof');
      const slice = (k: number) => text.slice(toks[k].start, toks[k].end);
      const op = fc.record({
        kind: fc.constantFrom('delete', 'insert', 'swap', 'duplicate'),
        a: fc.nat({ max: toks.length - 1 }),
        b: fc.nat({ max: toks.length - 1 }),
      });
      fc.assert(
        fc.property(fc.array(op, { minLength: 1, maxLength: 3 }), (ops) => {
          // Edit a copy of the token texts, then join them with the original separators.
          const texts = toks.map((_, k) => slice(k));
          for (const o of ops) {
            if (o.kind === 'delete') texts[o.a] = '';
            else if (o.kind === 'insert') texts[o.a] = `${slice(o.b)} ${texts[o.a]}`;
            else if (o.kind === 'duplicate') texts[o.a] = `${texts[o.a]} ${texts[o.a]}`;
            else [texts[o.a], texts[o.b]] = [texts[o.b], texts[o.a]];
          }
          let out = text.slice(0, toks[0].start);
          for (let k = 0; k < toks.length; k++) out += texts[k] + text.slice(toks[k].end, k + 1 < toks.length ? toks[k + 1].start : text.length);
          check(out);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('reports how many inputs parsed and how many were rejected', () => {
    // Printed for the log; both outcomes must have occurred across the runs above.
    console.log(`parser fuzz: ${counts.parsed} parsed, ${counts.syntaxError} syntax errors`);
    expect(counts.parsed).toBeGreaterThan(0);
    expect(counts.syntaxError).toBeGreaterThan(0);
  });
});
