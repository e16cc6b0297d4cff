import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Asn1SyntaxError } from '../../src/compiler/ast.js';
import { tokenize, type Token } from '../../src/compiler/lexer.js';
import { MODULE_NAMES, moduleText, stripComments } from './asn1-helpers.js';

const brief = (ts: Token[]) => ts.map((t) => [t.kind, t.value, t.pos.line, t.pos.column]);

describe('tokenize', () => {
  it('reads names, numbers, punctuation and field references with positions', () => {
    const text = "Octet16 ::= OCTET STRING (SIZE(16))\n  id-pkix1-explicit(18) OPENTYPE.&typeId [[ ]] ... .. . ; | ^ < > ! @ : -";
    expect(brief(tokenize(text, 'f.asn'))).toEqual([
      ['word', 'Octet16', 1, 1],
      ['punct', '::=', 1, 9],
      ['word', 'OCTET', 1, 13],
      ['word', 'STRING', 1, 19],
      ['punct', '(', 1, 26],
      ['word', 'SIZE', 1, 27],
      ['punct', '(', 1, 31],
      ['number', '16', 1, 32],
      ['punct', ')', 1, 34],
      ['punct', ')', 1, 35],
      ['word', 'id-pkix1-explicit', 2, 3],
      ['punct', '(', 2, 20],
      ['number', '18', 2, 21],
      ['punct', ')', 2, 23],
      ['word', 'OPENTYPE', 2, 25],
      ['punct', '.', 2, 33],
      ['field', 'typeId', 2, 34],
      ['punct', '[[', 2, 42],
      ['punct', ']]', 2, 45],
      ['punct', '...', 2, 48],
      ['punct', '..', 2, 52],
      ['punct', '.', 2, 55],
      ['punct', ';', 2, 57],
      ['punct', '|', 2, 59],
      ['punct', '^', 2, 61],
      ['punct', '<', 2, 63],
      ['punct', '>', 2, 65],
      ['punct', '!', 2, 67],
      ['punct', '@', 2, 69],
      ['punct', ':', 2, 71],
      ['punct', '-', 2, 73],
      ['eof', '', 2, 74],
    ]);
  });

  it('keeps start and end offsets that slice the token text, and numbers as bigint', () => {
    const text = '  big INTEGER ::= 123456789012345678901234567890 -- done';
    const ts = tokenize(text, 'f.asn');
    expect(ts.map((t) => text.slice(t.start, t.end))).toEqual(['big', 'INTEGER', '::=', '123456789012345678901234567890', '']);
    expect(ts[3].bigint).toBe(123456789012345678901234567890n);
    expect(ts[4]).toMatchObject({ kind: 'eof', start: text.length, end: text.length });
  });

  it('splits 1..MAX and 0<..<5 into their parts', () => {
    expect(tokenize('1..MAX 0<..<5', 'f').map((t) => t.value)).toEqual(['1', '..', 'MAX', '0', '<', '..', '<', '5', '']);
  });

  it('skips -- comments to the end of the line or to the next --', () => {
    expect(tokenize('a -- one -- b -- two\nc --', 'f').map((t) => t.value)).toEqual(['a', 'b', 'c', '']);
    // A double hyphen ends a name and starts a comment.
    expect(tokenize('a--b--c', 'f').map((t) => t.value)).toEqual(['a', 'c', '']);
    expect(tokenize('x ---\ny', 'f').map((t) => t.value)).toEqual(['x', 'y', '']);
  });

  it('skips nested /* */ comments, and -- inside them', () => {
    const ts = tokenize('a /* one /* two -- */ still */ b\n/**/c', 'f');
    expect(brief(ts)).toEqual([
      ['word', 'a', 1, 1],
      ['word', 'b', 1, 32],
      ['word', 'c', 2, 5],
      ['eof', '', 2, 6],
    ]);
  });

  it('reads hstrings and bstrings with white space inside, and keeps line counts across them', () => {
    const ts = tokenize("'0a 1B\n  ff'H '01 \n10'B x", 'f');
    expect(brief(ts)).toEqual([
      ['hstring', '0A1BFF', 1, 1],
      ['bstring', '0110', 2, 8],
      ['word', 'x', 3, 6],
      ['eof', '', 3, 7],
    ]);
    expect(tokenize("''H ''B", 'f').map((t) => [t.kind, t.value])).toEqual([['hstring', ''], ['bstring', ''], ['eof', '']]);
  });

  it('reads cstrings with "" escapes, across lines', () => {
    const ts = tokenize('"say ""hi""" "two\nlines" z', 'f');
    expect(brief(ts)).toEqual([
      ['cstring', 'say "hi"', 1, 1],
      ['cstring', 'two\nlines', 1, 14],
      ['word', 'z', 2, 8],
      ['eof', '', 2, 9],
    ]);
  });

  it('tokenizes the five modules; the names it finds are those of a regex over the comment-stripped text', () => {
    for (const name of MODULE_NAMES) {
      const text = moduleText(name);
      const words = tokenize(text, name).filter((t) => t.kind === 'word').map((t) => t.value);
      // Remove strings and &field references, then take every name.
      const expected = stripComments(text).replace(/'[^']*'[HB]|"[^"]*"|&[A-Za-z][A-Za-z0-9-]*/g, ' ').match(/[A-Za-z](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*/g);
      expect(words, name).toEqual(expected);
    }
  });

  describe('errors', () => {
    const rows: [string, string, number, number, RegExp][] = [
      ['unterminated /* comment', 'a\n /* x /* y */', 2, 2, /expected '\*\/' closing the comment, found end of input/],
      ['unterminated cstring', 'a "x', 1, 3, /expected a closing quote ", found end of input/],
      ['unterminated hstring', "a\n'0F", 2, 1, /expected a closing quote ' and H or B, found end of input/],
      ['bad hstring digit after a newline', "'00\n 0Z'H", 2, 3, /expected a hexadecimal digit 0-9 or A-F, found 'Z'/],
      ['bad bstring digit', "'0 1 2'B", 1, 6, /expected a binary digit 0 or 1, found '2'/],
      ['missing radix', "'00'", 1, 5, /expected H or B after the closing quote, found end of input/],
      ['lower-case radix', "'00'h", 1, 5, /expected H or B after the closing quote, found 'h'/],
      ['name ending in a hyphen', 'abc-)', 1, 4, /expected a letter or digit after the hyphen in a name, found '\)'/],
      ['name ending in a hyphen at the end', 'abc-', 1, 4, /expected a letter or digit after the hyphen in a name, found end of input/],
      ['& without a name', 'a & b', 1, 4, /expected a field name after &, found ' '/],
      ['field name ending in a hyphen', '&ab- x', 1, 4, /expected a letter or digit after the hyphen in a name, found ' '/],
      ['stray character', 'a\n\t$', 2, 2, /expected an ASN.1 lexical item, found '\$'/],
      ['lone slash', 'a / b', 1, 3, /expected an ASN.1 lexical item, found '\/'/],
    ];
    for (const [what, text, line, column, detail] of rows) {
      it(what, () => {
        let caught: unknown;
        try {
          tokenize(text, 'lex.asn');
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(Asn1SyntaxError);
        const e = caught as Asn1SyntaxError;
        expect(e.code).toBe('syntax');
        expect(e.pos).toEqual({ file: 'lex.asn', line, column });
        expect(e.detail).toMatch(detail);
        expect(e.message).toBe(`lex.asn:${line}:${column}: ${e.detail} (syntax)`);
      });
    }
  });

  it('property: tokens printed with random separators and comments read back the same', () => {
    const nameArb = fc
      .tuple(
        fc.constantFrom(...'aZkQ'),
        fc.array(fc.constantFrom('a', 'B', '7', '-x', '-9'), { maxLength: 6 }),
      )
      .map(([h, t]) => h + t.join(''));
    const tokenArb = fc.oneof(
      nameArb.map((v) => ({ kind: 'word', value: v, src: v })),
      fc.bigInt({ min: 0n, max: 10n ** 30n }).map((v) => ({ kind: 'number', value: v.toString(), src: v.toString() })),
      fc.array(fc.constantFrom(...'0123456789ABCDEF'), { maxLength: 10 }).map((d) => ({ kind: 'hstring', value: d.join(''), src: `'${d.join(' ')}'H` })),
      fc.array(fc.constantFrom('0', '1'), { maxLength: 10 }).map((d) => ({ kind: 'bstring', value: d.join(''), src: `'${d.join('')}'B` })),
      fc.string({ maxLength: 8 }).map((s) => ({ kind: 'cstring', value: s, src: `"${s.replace(/"/g, '""')}"` })),
      fc.constantFrom('::=', '...', '..', '[[', ']]', '{', '}', '(', ')', '[', ']', ',', ';', '.', '|', '^', '<', '>', '!', '@', ':').map((p) => ({ kind: 'punct', value: p, src: p })),
      nameArb.map((v) => ({ kind: 'field', value: v, src: `&${v}` })),
    );
    const sepArb = fc.constantFrom(' ', '\n', '\t', ' -- note -- ', ' -- to eol\n', ' /* c /* n */ */ ', '\r\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(tokenArb, sepArb), { maxLength: 30 }), (items) => {
        let text = '';
        const starts: number[] = [];
        for (const [t, sep] of items) {
          starts.push(text.length);
          text += t.src + sep;
        }
        const got = tokenize(text, 'p');
        expect(got.map((t) => [t.kind, t.value])).toEqual([...items.map(([t]) => [t.kind, t.value]), ['eof', '']]);
        expect(got.slice(0, -1).map((t) => t.start)).toEqual(starts);
        for (const t of got.slice(0, -1)) {
          const before = text.slice(0, t.start);
          expect([t.pos.line, t.pos.column]).toEqual([before.split('\n').length, t.start - before.lastIndexOf('\n')]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: any string tokenizes or throws Asn1SyntaxError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120, unit: 'binary' }), (s) => {
        try {
          const ts = tokenize(s, 'p');
          expect(ts.at(-1)?.kind).toBe('eof');
        } catch (e) {
          expect(e).toBeInstanceOf(Asn1SyntaxError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
