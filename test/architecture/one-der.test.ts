/**
 * One DER toolkit (issue 15): TLVs are read and written by src/der alone.
 * - src/der imports nothing from src/jer (JER builds on DER, never the reverse), and
 *   src/der/runtime.ts, the surface generated code imports, re-exports nothing of it;
 * - no hand-written DER reader outside src/der and src/generated: no identifier parsing (the
 *   high-tag-number test `& 0x1f) === 0x1f`), no length-form parsing or writing (`< 0x80 ?`,
 *   `0x80 | n`, `& 0x7f` on a length octet) and no module named like a second reader
 *   (`tlv.ts`, `mini-der.ts`, `der.ts`, `ber.ts`). Code that needs a header uses `readHeader`,
 *   `children`, `peekTag`, `tlv` or `lengthOf` from src/der.
 * Comments and string literals are left out of the scan (read with the TypeScript scanner).
 * The compiler is outside the rule: it packs identifier octets into the constants it emits and
 * may not import runtime values (an import-graph rule), which is writing tags, not reading DER.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { tsFiles } from './source-files.js';

const root = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const SRC = join(root, 'src');

/** The code of a source text, line by line, with comments, strings and regular expressions blanked. */
function codeLines(text: string): string[] {
  const sf = ts.createSourceFile('scan.ts', text, ts.ScriptTarget.ES2022, true);
  const chars = text.split('');
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (chars[i] !== '\n') chars[i] = ' ';
  };
  const visit = (node: ts.Node) => {
    ts.forEachLeadingCommentRange(text, node.getFullStart(), (pos, end) => blank(pos, end));
    ts.forEachTrailingCommentRange(text, node.getEnd(), (pos, end) => blank(pos, end));
    if (
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isRegularExpressionLiteral(node) ||
      ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)
    ) {
      blank(node.getStart(sf), node.getEnd());
    }
    for (const c of node.getChildren(sf)) visit(c);
  };
  visit(sf);
  return chars.join('').split('\n');
}

/** Hand DER reading or writing, as it looks in TypeScript. */
const PATTERNS: readonly { readonly name: string; readonly re: RegExp }[] = [
  { name: 'high-tag-number test', re: /&\s*0x1f\s*\)\s*[!=]==?\s*0x1f|\b(num|tag|t|first)\s*[!=]==?\s*0x1f\b/ },
  { name: 'length form test', re: /[<>]=?\s*0x80\s*[?)]|\?\s*[^:]*0x80\s*\|/ },
  { name: 'long-form length octet', re: /\b0x80\s*\|\s*[a-zA-Z(]|&\s*0x7f\s*\)?\s*[;,)+*]/ },
];

const READER_NAME = /(^|\/)(tlv|mini-der|der|ber|asn1)\.ts$/;

/**
 * Lines that match a pattern but are not DER (kept short; each says what it is instead).
 * `file` relative to the root, `text` a piece of the line.
 */
const NOT_DER: readonly { readonly file: string; readonly text: string; readonly why: string }[] = [
  { file: 'src/inspect/capture.ts', text: '2 ** (v & 0x7f)', why: 'pcapng if_tsresol option (a power of 2 or 10)' },
];

/**
 * Hand DER still outside src/der, each with the reason it stays for now. Keep this list
 * empty: an entry is a debt, named in the report.
 */
const REMAINING: readonly { readonly file: string; readonly text: string; readonly why: string }[] = [];

interface Finding {
  readonly at: string;
  readonly what: string;
}

/** The hand DER of a source text. */
function findings(file: string, text: string): Finding[] {
  const out: Finding[] = [];
  if (READER_NAME.test(file)) out.push({ at: file, what: 'a module named like a second DER reader' });
  const source = text.split('\n');
  codeLines(text).forEach((line, i) => {
    for (const p of PATTERNS) {
      if (!p.re.test(line)) continue;
      if ([...NOT_DER, ...REMAINING].some((n) => n.file === file && source[i].includes(n.text))) continue;
      out.push({ at: `${file}:${i + 1}`, what: `${p.name}: ${source[i].trim()}` });
    }
  });
  return out;
}

const files = tsFiles(SRC).map((f) => relative(root, f));
const under = (f: string, dir: string) => f.startsWith(dir + '/');

describe('one DER toolkit', () => {
  it('src/der imports nothing from src/jer, and its runtime surface re-exports none of it', () => {
    const bad: string[] = [];
    for (const f of files.filter((f) => under(f, 'src/der'))) {
      const text = readFileSync(join(root, f), 'utf8');
      for (const m of text.matchAll(/\b(?:import|export)\b[^;]*?from\s*['"]([^'"]+)['"]/g)) {
        if (/(^|\/)jer(\/|$)/.test(m[1]) || m[1].includes('/jer/')) bad.push(`${f} imports ${m[1]}`);
      }
    }
    expect(files.filter((f) => under(f, 'src/der')).length).toBeGreaterThan(8);
    expect(bad).toEqual([]);
  });

  it('no hand-written DER reader or writer outside src/der (and the generated codecs)', () => {
    const scanned = files.filter((f) => !under(f, 'src/der') && !under(f, 'src/generated') && !under(f, 'src/compiler'));
    expect(scanned.length).toBeGreaterThan(100);
    const found = scanned.flatMap((f) => findings(f, readFileSync(join(root, f), 'utf8')));
    expect(found.map((x) => `${x.at}: ${x.what}`)).toEqual([]);
  });

  it('the scan finds the hand readers this issue removed', () => {
    // Pieces of the former crypto/mini-der.ts, rsp/bpp/tlv.ts, esipa and sim tag walks, and
    // signed-data's header writer: each must be found.
    const former: [string, string][] = [
      ['src/crypto/mini-der.ts', 'export const x = 1;'],
      ['src/rsp/bpp/x.ts', "  if ((tag & 0x1f) === 0x1f) throw new Error('multi-byte');"],
      ['src/rsp/bpp/x.ts', '  if (first < 0x80) return { status: 1, length: first };'],
      ['src/rsp/bpp/x.ts', '  const count = first & 0x7f;'],
      ['src/esipa/x.ts', '  const at = 2 + (lead < 0x80 ? 0 : lead & 0x7f);'],
      ['src/sim/x.ts', '  if ((t & 0x1f) !== 0x1f) return t;'],
      ['src/rsp/x.ts', '  return [0x80 | out.length, ...out];'],
      ['src/rsp/x.ts', "  return tlv.subarray(tlv[1] < 0x80 ? 2 : 2 + (tlv[1] & 0x7f));"],
      // The tree view's former length pre-test (now tryReadHeader).
      ['src/inspect/x.ts', '    if ((bytes[p] & 0x1f) === 0x1f) return true;'],
      ['src/inspect/x.ts', '    if (first < 0x80) return p + 2 + first <= limit;'],
      ['src/inspect/x.ts', '    const n = first & 0x7f;'],
    ];
    for (const [file, code] of former) expect([file, code, findings(file, code).length > 0]).toEqual([file, code, true]);
    // Comments and strings are not code.
    expect(findings('src/x.ts', "// (tag & 0x1f) === 0x1f\nconst s = 'lead < 0x80 ? 1 : 2';")).toEqual([]);
  });
});
