/**
 * Proves that the ASN.1 modules in `asn1/` carry exactly the definitions the specifications
 * publish, although their comments were rewritten.
 *
 * The reference copies live outside the repository in `../shared/asn1` (relative to the repo
 * root). Each module is cut into tokens by the small tokenizer below, which follows the comment
 * rules of ITU-T X.680 §12.6: a `--` comment ends at the end of the line or at the next `--`,
 * and `/* ... *\/` comments nest. The token sequences of our file and the reference must be
 * identical. The tokenizer is deliberately independent of `src/compiler` so that a compiler bug
 * cannot hide a change in the modules.
 *
 * The test also checks `asn1/README.md` (SHA-256 and line count of every module), that every
 * `Tag 'xx'` note agrees with the tag written on the same line, and that no long comment of the
 * GSMA or TCA text survives verbatim in the three modules whose comments were rewritten.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ourDir = join(repoRoot, 'asn1');
const sharedDir = resolve(repoRoot, '../shared/asn1');
const haveShared = existsSync(sharedDir);
if (!haveShared) {
  console.warn(`test/asn1: reference modules not found at ${sharedDir}; token comparison skipped`);
}

const MODULES = [
  'SGP32Definitions.asn',
  'RSPDefinitions.asn',
  'PEDefinitions.asn',
  'PKIX1Explicit88.asn',
  'PKIX1Implicit88.asn',
] as const;

/** Modules whose comments were rewritten in our own words (the PKIX ones are verbatim RFC text). */
const REWRITTEN = ['SGP32Definitions.asn', 'RSPDefinitions.asn', 'PEDefinitions.asn'] as const;

interface Token {
  text: string;
  line: number;
}

interface Comment {
  text: string;
  line: number;
  /** The code that precedes the comment on its line (whitespace trimmed). */
  codeBefore: string;
}

interface Scan {
  tokens: Token[];
  comments: Comment[];
}

const MULTI = ['::=', '...', '..', '[[', ']]'];
const IDENT = /^&?[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*/;
const NUMBER = /^[0-9]+/;

/**
 * Splits ASN.1 source text into tokens and comments.
 *
 * @param text - module source
 * @returns tokens outside comments, and the comments with their line numbers
 * @throws Error on an unterminated string or block comment
 */
function scan(text: string): Scan {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  let i = 0;
  let line = 1;
  let lineCode = '';
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      line++;
      lineCode = '';
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (text.startsWith('--', i)) {
      // X.680: ends at the next "--" or at the end of the line, whichever comes first.
      let j = i + 2;
      while (j < n && text[j] !== '\n' && !text.startsWith('--', j)) j++;
      comments.push({ text: text.slice(i + 2, j), line, codeBefore: lineCode.trim() });
      i = j < n && text[j] !== '\n' ? j + 2 : j;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const startLine = line;
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (text.startsWith('/*', j)) {
          depth++;
          j += 2;
        } else if (text.startsWith('*/', j)) {
          depth--;
          j += 2;
        } else {
          if (text[j] === '\n') line++;
          j++;
        }
      }
      if (depth > 0) throw new Error(`unterminated /* comment opened on line ${startLine}`);
      comments.push({ text: text.slice(i + 2, j - 2), line: startLine, codeBefore: lineCode.trim() });
      i = j;
      continue;
    }
    let tok: string;
    let span: number; // characters of source the token occupies
    if (c === "'") {
      // bstring or hstring: 'digits'B / 'hex'H (may not span a comment, may span blanks)
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quoted string on line ${line}`);
      let j = end + 1;
      if (/[A-Za-z]/.test(text[j] ?? '')) j++;
      span = j - i;
      tok = text.slice(i, j).replace(/\s+/g, '');
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        const end = text.indexOf('"', j);
        if (end < 0) throw new Error(`unterminated character string on line ${line}`);
        if (text[end + 1] === '"') {
          j = end + 2;
          continue;
        }
        j = end + 1;
        break;
      }
      span = j - i;
      tok = text.slice(i, j);
    } else {
      const rest = text.slice(i, i + 200);
      tok =
        MULTI.find((m) => rest.startsWith(m)) ?? IDENT.exec(rest)?.[0] ?? NUMBER.exec(rest)?.[0] ?? c;
      span = tok.length;
    }
    tokens.push({ text: tok, line });
    for (const ch of text.slice(i, i + span)) if (ch === '\n') line++;
    lineCode += ' ' + tok;
    i += span;
  }
  return { tokens, comments };
}

/** Describes the first position where two token streams differ, or returns undefined. */
function firstDifference(ours: Token[], ref: Token[]): string | undefined {
  const len = Math.min(ours.length, ref.length);
  for (let k = 0; k < len; k++) {
    if (ours[k].text !== ref[k].text) {
      const ctx = (t: Token[]) => t.slice(Math.max(0, k - 4), k + 4).map((x) => x.text).join(' ');
      return (
        `token ${k}: ours line ${ours[k].line} '${ours[k].text}' vs reference line ${ref[k].line} ` +
        `'${ref[k].text}'\n  ours: ${ctx(ours)}\n  ref:  ${ctx(ref)}`
      );
    }
  }
  if (ours.length !== ref.length) return `lengths differ: ours ${ours.length}, reference ${ref.length}`;
  return undefined;
}

const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

describe('ASN.1 tokenizer used by this test', () => {
  const toks = (s: string) => scan(s).tokens.map((t) => t.text);

  it('drops a -- comment at the next -- and at the end of the line', () => {
    expect(toks('a -- one -- b -- two\nc')).toEqual(['a', 'b', 'c']);
    expect(toks('x ::= 5 ---y\nz')).toEqual(['x', '::=', '5', 'z']);
    expect(toks('-- Definition --------------------\nT ::= NULL')).toEqual(['T', '::=', 'NULL']);
  });

  it('drops nested block comments, also across lines', () => {
    expect(toks('a /* x /* y */ still comment\n */ b')).toEqual(['a', 'b']);
    expect(() => scan('a /* /* */ b')).toThrow(/unterminated/);
  });

  it('keeps strings, ranges, hyphenated names and extension markers as single tokens', () => {
    expect(toks("k OCTET STRING (SIZE(1..16)) DEFAULT '0A 0B'H, ...")).toEqual([
      'k', 'OCTET', 'STRING', '(', 'SIZE', '(', '1', '..', '16', ')', ')', 'DEFAULT', "'0A0B'H", ',', '...',
    ]);
    expect(toks('id-pkix1-explicit(18) &typeId "a""b"')).toEqual(['id-pkix1-explicit', '(', '18', ')', '&typeId', '"a""b"']);
  });

  it('reports the first differing token, so a changed tag cannot pass', () => {
    const a = scan('T ::= [81] SEQUENCE { -- Tag \'BF51\'\n x INTEGER }').tokens;
    const b = scan('T ::= [80] SEQUENCE { -- Tag \'BF51\'\n x INTEGER }').tokens;
    const c = scan('T ::= [81] SEQUENCE { -- another comment\n x INTEGER }').tokens;
    expect(firstDifference(a, b)).toMatch(/'81' vs reference line 1 '80'/);
    expect(firstDifference(a, c)).toBeUndefined();
    expect(firstDifference(a, a.slice(0, -1))).toMatch(/lengths differ/);
  });
});

describe('asn1/ modules', () => {
  it('holds exactly the five modules', () => {
    const found = readdirSync(ourDir).filter((f) => f.endsWith('.asn')).sort();
    expect(found).toEqual([...MODULES].sort());
  });

  describe.skipIf(!haveShared)(`definitions equal the reference copies in ${sharedDir}`, () => {
    for (const f of MODULES) {
      it(`${f}: identical token sequence outside comments`, () => {
        const ours = scan(read(ourDir, f)).tokens;
        const ref = scan(read(sharedDir, f)).tokens;
        expect(ours.length).toBeGreaterThan(1000);
        const diff = firstDifference(ours, ref);
        expect(diff, diff).toBeUndefined();
      });
    }

    for (const f of REWRITTEN) {
      it(`${f}: no published comment of 40 or more characters is kept verbatim`, () => {
        const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
        const ours = norm(scan(read(ourDir, f)).comments.map((c) => c.text).join(' \n '));
        const published = scan(read(sharedDir, f))
          .comments.map((c) => norm(c.text))
          .filter((t) => t.length >= 40);
        expect(published.length).toBeGreaterThan(20);
        const kept = published.filter((t) => ours.includes(t));
        expect(kept, kept.join('\n')).toEqual([]);
      });
    }
  });

  it('every Tag note agrees with the tag written on the same line', () => {
    const CLASS_BITS: Record<string, number> = { UNIVERSAL: 0x00, APPLICATION: 0x40, PRIVATE: 0xc0, '': 0x80 };
    const PRIMITIVE = /^(?:IMPLICIT\s+)?(OCTET STRING|INTEGER|BOOLEAN|NULL|UTF8String|BIT STRING|OBJECT IDENTIFIER)\b/;
    const CONSTRUCTED = /^(?:IMPLICIT\s+)?(SEQUENCE|SET|CHOICE)\b/;
    let checked = 0;
    for (const f of REWRITTEN) {
      for (const c of scan(read(ourDir, f)).comments) {
        const mentions = c.text.match(/\bTag\b.{0,3}/g) ?? [];
        for (const m of mentions) {
          expect(m, `${f}:${c.line}: tag notes are written Tag 'XX'`).toMatch(/^Tag '[0-9A-F]/);
        }
        const note = /\bTag '([0-9A-F]{2,6})'/.exec(c.text);
        const tag = /\[\s*(UNIVERSAL|APPLICATION|PRIVATE)?\s*(\d+)\s*\]\s*(.*)$/.exec(c.codeBefore);
        if (!note || !tag) continue;
        const bytes = note[1].match(/../g)!.map((h) => parseInt(h, 16));
        let num = bytes[0] & 0x1f;
        if (num === 0x1f) {
          num = 0;
          for (const b of bytes.slice(1)) num = num * 128 + (b & 0x7f);
        } else {
          expect(bytes.length, `${f}:${c.line}`).toBe(1);
        }
        const where = `${f}:${c.line}: [${tag[1] ?? ''} ${tag[2]}] vs Tag '${note[1]}'`;
        expect(bytes[0] & 0xc0, where).toBe(CLASS_BITS[tag[1] ?? '']);
        expect(num, where).toBe(Number(tag[2]));
        if (PRIMITIVE.test(tag[3])) expect(bytes[0] & 0x20, `${where} (primitive)`).toBe(0);
        if (CONSTRUCTED.test(tag[3])) expect(bytes[0] & 0x20, `${where} (constructed)`).toBe(0x20);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('README.md states the SHA-256 and line count of every module', () => {
    const readme = read(ourDir, 'README.md');
    for (const f of MODULES) {
      const row = readme.split('\n').find((l) => l.startsWith('|') && l.includes(`\`${f}\``));
      expect(row, `README.md has a table row for ${f}`).toBeDefined();
      const cells = row!.split('|').map((s) => s.trim());
      const bytes = readFileSync(join(ourDir, f));
      const sha = createHash('sha256').update(bytes).digest('hex');
      const lines = bytes.toString('utf8').split('\n').length - 1;
      expect(cells, `SHA-256 of ${f}`).toContain(`\`${sha}\``);
      expect(cells, `line count of ${f}`).toContain(String(lines));
    }
  });
});
