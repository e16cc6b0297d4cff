/**
 * Compiler errors carry file, line and column; and the automatic-tagging rules (X.680 §25.3,
 * §31.2.7, §31.3) give the bytes that real implementations produce (../shared/spec/der.md §3,
 * rows of its §3.1 table cited per test). Small modules are compiled at test time and their
 * emitted TypeScript imported (test/der/compile-module.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { VECTORS_DIR } from '../support/vectors.js';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Asn1SyntaxError, compile } from '../../src/compiler/index.js';
import { hex, tlv, toHexStr } from '../der/bytes.js';
import { Pkix, Sgp32 } from '../../src/index.js';
import { compileAndLoad, removeCompiled } from '../der/compile-module.js';

afterAll(removeCompiled);

/** 1-based line and column of the `nth` occurrence of `needle` in `text`. */
function at(text: string, needle: string, nth = 0): { line: number; column: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${needle} (#${nth}) not in the text`);
  }
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

function compileError(files: { file: string; text: string }[]): Asn1SyntaxError {
  try {
    compile(files);
  } catch (err) {
    if (err instanceof Asn1SyntaxError) return err;
    throw err;
  }
  throw new Error('expected an Asn1SyntaxError');
}

const mod = (body: string, header = 'AUTOMATIC TAGS') => `Test DEFINITIONS ${header} ::=\nBEGIN\n${body}\nEND\n`;

interface ErrorRow {
  name: string;
  files: { file: string; text: string }[];
  code: Asn1SyntaxError['code'];
  /** The file and the text whose position is reported (needle, occurrence). */
  where: { file: string; needle: string; nth?: number };
  detail: RegExp;
}

const other = {
  file: 'Other.asn',
  text: 'Other DEFINITIONS AUTOMATIC TAGS ::=\nBEGIN\nExported ::= INTEGER\nEND\n',
};

const rows: ErrorRow[] = [
  (() => {
    const text = mod('A ::= SEQUENCE {\n  a INTEGER,\n  , b BOOLEAN\n}');
    return { name: 'syntax error', files: [{ file: 'syntax.asn', text }], code: 'syntax' as const, where: { file: 'syntax.asn', needle: ', b BOOLEAN' }, detail: /./ };
  })(),
  (() => {
    const text = mod('A ::= SEQUENCE {\n  a INTEGER,\n  b NoSuchType\n}');
    return { name: 'undefined type reference', files: [{ file: 'ref.asn', text }], code: 'undefined-reference' as const, where: { file: 'ref.asn', needle: 'NoSuchType' }, detail: /^NoSuchType is not defined in Test$/ };
  })(),
  (() => {
    const text = mod('id-base OBJECT IDENTIFIER ::= { 1 2 3 }\nid-x OBJECT IDENTIFIER ::= { id-nowhere 4 }\nA ::= INTEGER');
    return { name: 'undefined value reference', files: [{ file: 'val.asn', text }], code: 'undefined-reference' as const, where: { file: 'val.asn', needle: 'id-nowhere' }, detail: /^id-nowhere is not defined in Test$/ };
  })(),
  (() => {
    const text = mod('A ::= INTEGER (0..ub-missing)');
    return { name: 'undefined value reference in a constraint', files: [{ file: 'val2.asn', text }], code: 'undefined-reference' as const, where: { file: 'val2.asn', needle: 'ub-missing' }, detail: /^ub-missing is not defined in Test$/ };
  })(),
  (() => {
    const text = mod('A ::= INTEGER\nB ::= BOOLEAN\nA ::= OCTET STRING');
    return { name: 'duplicate definition', files: [{ file: 'dup.asn', text }], code: 'duplicate-definition' as const, where: { file: 'dup.asn', needle: 'A ::=', nth: 1 }, detail: /^A is defined twice in Test$/ };
  })(),
  (() => {
    const text = mod('A ::= SEQUENCE {\n  a [0] INTEGER OPTIONAL,\n  b [1] INTEGER OPTIONAL,\n  c [0] BOOLEAN\n}');
    return { name: 'duplicate tag in a SEQUENCE optional run', files: [{ file: 'seq.asn', text }], code: 'duplicate-tag' as const, where: { file: 'seq.asn', needle: 'c [0]' }, detail: /^c has the same tag \(80\) as the optional component a before it$/ };
  })(),
  (() => {
    const text = mod('A ::= SET {\n  a [0] INTEGER,\n  b [0] BOOLEAN\n}');
    return { name: 'duplicate tag in a SET', files: [{ file: 'set.asn', text }], code: 'duplicate-tag' as const, where: { file: 'set.asn', needle: 'b [0]' }, detail: /^b has the same tag as a in this SET$/ };
  })(),
  (() => {
    const text = mod('A ::= SET {\n  a INTEGER,\n  b INTEGER\n}', 'EXPLICIT TAGS');
    return { name: 'duplicate universal tag in a SET (no automatic tags)', files: [{ file: 'set2.asn', text }], code: 'duplicate-tag' as const, where: { file: 'set2.asn', needle: 'b INTEGER' }, detail: /^b has the same tag as a in this SET$/ };
  })(),
  (() => {
    const text = mod('A ::= CHOICE {\n  a [0] INTEGER,\n  b [0] BOOLEAN\n}');
    return { name: 'duplicate tag in a CHOICE', files: [{ file: 'choice.asn', text }], code: 'duplicate-tag' as const, where: { file: 'choice.asn', needle: 'b [0]' }, detail: /^b has the same tag as a in this CHOICE$/ };
  })(),
  (() => {
    const text = mod('A ::= CHOICE {\n  a INTEGER,\n  b B\n}\nB ::= CHOICE {\n  x BOOLEAN,\n  y INTEGER\n}', 'EXPLICIT TAGS');
    return { name: 'duplicate tag via a nested untagged CHOICE', files: [{ file: 'nested.asn', text }], code: 'duplicate-tag' as const, where: { file: 'nested.asn', needle: 'b B' }, detail: /^b has the same tag as a in this CHOICE$/ };
  })(),
  (() => {
    // An untagged CHOICE that is its own alternative can start with any of its own tags.
    const text = mod('Bad ::= CHOICE {\n  a INTEGER,\n  b Bad\n}', 'EXPLICIT TAGS');
    return { name: 'duplicate tag via a recursive untagged CHOICE', files: [{ file: 'rec.asn', text }], code: 'duplicate-tag' as const, where: { file: 'rec.asn', needle: 'b Bad' }, detail: /^b has the same tag as a in this CHOICE$/ };
  })(),
  (() => {
    const text = mod('A ::= SEQUENCE {\n  a ANY OPTIONAL,\n  b INTEGER\n}', 'EXPLICIT TAGS');
    return { name: 'ambiguous tagging: an optional untagged open type before a component', files: [{ file: 'any.asn', text }], code: 'ambiguous-tag' as const, where: { file: 'any.asn', needle: 'b INTEGER' }, detail: /^b follows the optional untagged open type a$/ };
  })(),
  (() => {
    const text = mod('A ::= CHOICE {\n  a INTEGER,\n  b ANY\n}', 'EXPLICIT TAGS');
    return { name: 'ambiguous tagging: an untagged open type in a CHOICE', files: [{ file: 'any2.asn', text }], code: 'ambiguous-tag' as const, where: { file: 'any2.asn', needle: 'b ANY' }, detail: /^b: an untagged open type in a CHOICE with other members cannot be told apart by its tag$/ };
  })(),
  (() => {
    const text = 'Test DEFINITIONS AUTOMATIC TAGS ::=\nBEGIN\nIMPORTS Exported FROM Nowhere;\nA ::= Exported\nEND\n';
    return { name: 'import from an unknown module', files: [{ file: 'imp.asn', text }, other], code: 'import' as const, where: { file: 'imp.asn', needle: 'Exported FROM' }, detail: /^module Nowhere is not among the modules compiled$/ };
  })(),
  (() => {
    const text = 'Test DEFINITIONS AUTOMATIC TAGS ::=\nBEGIN\nIMPORTS Exported, Missing FROM Other;\nA ::= Exported\nEND\n';
    return { name: 'import of an unknown symbol', files: [{ file: 'imp2.asn', text }, other], code: 'import' as const, where: { file: 'imp2.asn', needle: 'Missing' }, detail: /^Missing is neither defined in nor imported by Other$/ };
  })(),
];

describe('compiler errors report file, line and column', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const err = compileError(row.files);
    const file = row.files.find((f) => f.file === row.where.file)!;
    const pos = at(file.text, row.where.needle, row.where.nth ?? 0);
    expect(err.code).toBe(row.code);
    expect({ file: err.pos.file, line: err.pos.line, column: err.pos.column }).toEqual({ file: row.where.file, ...pos });
    expect(err.detail).toMatch(row.detail);
    expect(err.message).toBe(`${row.where.file}:${pos.line}:${pos.column}: ${err.detail} (${row.code})`);
  });
});

// ---------------------------------------------------------------------------------------------

const VECTORS = VECTORS_DIR;

describe('automatic tagging (X.680 §25.3) against der.md §3.1', () => {
  const text = `TagRules DEFINITIONS AUTOMATIC TAGS ::=
BEGIN
-- Rule B: one tagged root component switches numbering off for the whole SEQUENCE.
ResultData ::= SEQUENCE {
  eimId [0] UTF8String,
  counterValue [1] INTEGER,
  euiccResult SEQUENCE OF INTEGER
}
-- Rule B: no component tagged, so [0], [1], … in order.
CancelSessionRequest ::= [65] SEQUENCE { transactionId OCTET STRING, reason INTEGER }
ReplaceSessionKeysRequest ::= [38] SEQUENCE { initialMacChainingValue OCTET STRING, ppkEnc OCTET STRING, ppkCmac OCTET STRING }
-- Rule C: a tag on a CHOICE is explicit.
Installation ::= SEQUENCE {
  transactionId [0] OCTET STRING,
  finalResult [2] CHOICE {
    successResult SEQUENCE { aid [APPLICATION 15] OCTET STRING, simaResponse OCTET STRING },
    errorResult SEQUENCE { bppCommandId INTEGER, errorReason INTEGER }
  }
}
TaggedChoice ::= [56] CHOICE { a INTEGER, b BOOLEAN }
-- Rule D: an implicit (automatic) tag on a tagged CHOICE type replaces that tag.
CancelSessionResponse ::= [65] CHOICE { ok OCTET STRING, error INTEGER }
CancelSessionRequestEsipa ::= [65] SEQUENCE { transactionId OCTET STRING, cancelSessionResponse CancelSessionResponse }
Iccid ::= [APPLICATION 26] OCTET STRING
Psmo ::= CHOICE { enable [3] SEQUENCE { iccid [APPLICATION 26] Iccid, rollbackFlag NULL OPTIONAL }, getRAT [6] SEQUENCE {} }
-- Rule A on an untagged CHOICE component: explicit.
PendingNotification ::= CHOICE { profileInstallationResult [55] SEQUENCE { seq INTEGER }, other SEQUENCE { x INTEGER } }
HandleNotification ::= [61] SEQUENCE { pendingNotification PendingNotification }
-- Extension additions are numbered after the root, and the root keeps its numbers.
WithExt ::= SEQUENCE { a INTEGER, ..., b BOOLEAN, c NULL }
END
`;
  let M: Record<string, any>;
  const load = async () => (M ??= (await compileAndLoad(text, 'TagRules.asn')).TagRules);

  function same(codec: any, value: unknown, bytes: Uint8Array): void {
    expect(toHexStr(codec.encode(value))).toBe(toHexStr(bytes));
    expect(toHexStr(codec.encode(codec.decode(bytes)))).toBe(toHexStr(bytes));
  }

  it('one tagged component switches automatic numbering off (EuiccPackageResultDataSigned row: euiccResult keeps 30)', async () => {
    const m = await load();
    const bytes = tlv('30', tlv('80', hex('6549')), tlv('81', hex('05')), tlv('30', tlv('02', hex('01'))));
    same(m.ResultData, { eimId: 'eI', counterValue: 5, euiccResult: [1] }, bytes);
  });

  it('no tagged component: [0], [1], … (CancelSessionRequest and ReplaceSessionKeysRequest rows)', async () => {
    const m = await load();
    same(m.CancelSessionRequest, { transactionId: hex('0102'), reason: 0 }, tlv('bf41', tlv('80', hex('0102')), tlv('81', hex('00'))));
    const k = (first: number) => Uint8Array.from({ length: 16 }, (_, i) => (i === 0 ? first : i));
    const rsk = tlv('bf26', tlv('80', k(0)), tlv('81', k(1)), tlv('82', k(2)));
    same(m.ReplaceSessionKeysRequest, { initialMacChainingValue: k(0), ppkEnc: k(1), ppkCmac: k(2) }, rsk);
    // The third-party SM-DP+ trace in ../shared/vectors carries exactly this request.
    const f = join(VECTORS, 'bsp/bsp_session_mode51.json');
    if (existsSync(f)) {
      const steps = JSON.parse(readFileSync(f, 'utf8')).sessions.flatMap((s: any) => s.steps);
      const step3 = steps.find((s: any) => s.step === 3);
      expect(step3.plaintext).toBe(toHexStr(rsk));
    } else console.warn(`[semantic-errors] ${f} absent: ReplaceSessionKeysRequest checked against der.md only`);
  });

  it('a tag on a CHOICE is explicit (finalResult row: A2 { A1 { 80 01 02, 81 01 09 } })', async () => {
    const m = await load();
    const bytes = tlv('30', tlv('80', hex('aa')), tlv('a2', tlv('a1', tlv('80', hex('02')), tlv('81', hex('09')))));
    same(m.Installation, { transactionId: hex('aa'), finalResult: { $case: 'errorResult', value: { bppCommandId: 2, errorReason: 9 } } }, bytes);
    // A tagged CHOICE type wraps its alternative: X ::= [56] CHOICE -> BF38 { <alternative> }.
    same(m.TaggedChoice, { $case: 'b', value: true }, tlv('bf38', tlv('81', hex('ff'))));
  });

  it('an implicit tag on a tagged CHOICE type replaces its tag (CancelSessionRequestEsipa row: A1 { <alt> } not BF41)', async () => {
    const m = await load();
    const bytes = tlv('bf41', tlv('80', hex('0102')), tlv('a1', tlv('81', hex('05'))));
    same(m.CancelSessionRequestEsipa, { transactionId: hex('0102'), cancelSessionResponse: { $case: 'error', value: 5 } }, bytes);
    // Stand-alone the CHOICE keeps its own [65].
    same(m.CancelSessionResponse, { $case: 'ok', value: hex('00') }, tlv('bf41', tlv('80', hex('00'))));
  });

  it('implicitly re-tagging a tagged type keeps one tag (enable row: A3 0C { 5A 0A … }, rollbackFlag 05 00)', async () => {
    const m = await load();
    const iccid = hex('98109909002143658739');
    const bytes = tlv('a3', tlv('5a', iccid), hex('0500'));
    expect(bytes.length).toBe(2 + 12 + 2);
    same(m.Psmo, { $case: 'enable', value: { iccid, rollbackFlag: null } }, bytes);
    same(m.Psmo, { $case: 'getRAT', value: {} }, hex('a600'));
  });

  it('an untagged CHOICE component gets an explicit automatic tag (HandleNotification row: BF3D { A0 { BF37 … } })', async () => {
    const m = await load();
    // (The SEQUENCEs inside have no tagged component, so seq and x are [0] in turn.)
    const bytes = tlv('bf3d', tlv('a0', tlv('bf37', tlv('80', hex('07')))));
    same(m.HandleNotification, { pendingNotification: { $case: 'profileInstallationResult', value: { seq: 7 } } }, bytes);
    // PendingNotification's alternatives are not renumbered: one of them is tagged.
    same(m.PendingNotification, { $case: 'other', value: { x: 1 } }, tlv('30', tlv('80', hex('01'))));
  });

  it('extension additions continue the numbering after the root', async () => {
    const m = await load();
    same(m.WithExt, { a: 1, b: true, c: null }, tlv('30', tlv('80', hex('01')), tlv('81', hex('ff')), tlv('82', new Uint8Array())));
  });

  it('the generated SGP32Definitions codecs follow Rule D (der.md §3.1 CancelSessionRequestEsipa and getEimPackageResponse rows)', () => {
    // cancelSessionResponse CancelSessionResponse (a [65] CHOICE) gets automatic tag [1], which
    // replaces [65]: A1 { <alternative> }; the alternatives are numbered [0], [1], [2].
    const cancel = tlv('bf41', tlv('80', hex('0102')), tlv('a1', tlv('81', hex('05'))));
    const v = Sgp32.CancelSessionRequestEsipa.decode(cancel);
    expect(v.cancelSessionResponse).toEqual({ $case: 'cancelSessionResponseError', value: 5 });
    expect(toHexStr(Sgp32.CancelSessionRequestEsipa.encode(v))).toBe(toHexStr(cancel));
    // getEimPackageResponse [79] GetEimPackageResponse (a [79] CHOICE): one BF4F, then BF51.
    const request = tlv('bf51', tlv('30', tlv('80', hex('65')), tlv('5a', new Uint8Array(16)), tlv('81', hex('01')), tlv('a0', tlv('a6'))), tlv('5f37', hex('00')));
    const msg = Sgp32.EsipaMessageFromEimToIpa.decode(tlv('bf4f', request));
    expect(msg.$case).toBe('getEimPackageResponse');
    expect(toHexStr(Sgp32.EsipaMessageFromEimToIpa.encode(msg))).toBe(toHexStr(tlv('bf4f', request)));
    expect(toHexStr(Sgp32.GetEimPackageResponse.encode(msg.value as any))).toBe(toHexStr(tlv('bf4f', request)));
  });

  it('a tagged CHOICE type holds one of its alternatives (PKIX CountryName ::= [APPLICATION 1] CHOICE)', () => {
    const bytes = tlv('61', tlv('13', new TextEncoder().encode('DE')));
    const v = Pkix.CountryName.decode(bytes);
    expect(v).toEqual({ $case: 'iso_3166_alpha2_code', value: 'DE' });
    expect(toHexStr(Pkix.CountryName.encode(v))).toBe(toHexStr(bytes));
    expect(() => Pkix.CountryName.decode(tlv('61', tlv('61', tlv('13', hex('4445')))))).toThrow(/expected one of the tags 12 13, found tag 61/);
  });

  it('the resolved model shows the same layers', () => {
    const { program } = compile([{ file: 'TagRules.asn', text }]);
    const layers = (name: string) => program.type('TagRules', name).type.layers.map((l) => l.packed.toString(16));
    expect(layers('CancelSessionRequest')).toEqual(['bf41']);
    expect(layers('TaggedChoice')).toEqual(['bf38']);
    const esipa = program.type('TagRules', 'CancelSessionRequestEsipa').type.base;
    if (esipa.kind !== 'sequence') throw new Error('expected a SEQUENCE');
    expect(esipa.components.map((c) => c.type.layers.map((l) => l.packed.toString(16)))).toEqual([['80'], ['a1']]);
    const data = program.type('TagRules', 'ResultData').type.base;
    if (data.kind !== 'sequence') throw new Error('expected a SEQUENCE');
    expect(data.components.map((c) => c.type.layers.map((l) => l.packed.toString(16)))).toEqual([['80'], ['81'], ['30']]);
  });
});
