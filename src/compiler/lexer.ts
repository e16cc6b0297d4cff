/**
 * Lexer for ASN.1 module texts (ITU-T X.680 §12, lexical items), as far as this compiler's
 * parser needs them: names, numbers, bstrings, hstrings, cstrings, the multi-character items
 * `::=`, `..`, `...`, `[[`, `]]`, single punctuation and `&field` references. Comments
 * (`--` to end of line or to the next `--`; nested `/* … *\/`) and white space are skipped.
 *
 * Every token keeps its position (file, 1-based line and column) and its start and end offsets,
 * so the parser can quote exact source slices.
 *
 * @module
 */

import { Asn1SyntaxError, type SourcePos } from './ast.js';

/**
 * Kind of a lexical item.
 * - `word`: an identifier, type reference, module reference or reserved word (the parser tells
 *   them apart by the case of the first letter and by the reserved-word list);
 * - `field`: `&name`, the name without `&` in {@link Token.value};
 * - `number`: a non-negative integer literal, value in {@link Token.bigint};
 * - `hstring` / `bstring`: `'…'H` / `'…'B`, digits in {@link Token.value} (white space removed,
 *   hex digits upper-cased);
 * - `cstring`: `"…"`, the characters between the quotes with `""` turned into `"`;
 * - `punct`: punctuation, the item itself in {@link Token.value};
 * - `eof`: end of the text (always the last token).
 */
export type TokenKind = 'word' | 'field' | 'number' | 'hstring' | 'bstring' | 'cstring' | 'punct' | 'eof';

/** One lexical item with where it is. */
export interface Token {
  readonly kind: TokenKind;
  /** The name, digits, string content or punctuation (see {@link TokenKind}). */
  readonly value: string;
  /** For `number` tokens: the value. */
  readonly bigint?: bigint;
  /** Position of the first character. */
  readonly pos: SourcePos;
  /** Offset of the first character in the text. */
  readonly start: number;
  /** Offset just after the last character. */
  readonly end: number;
}

/** Multi-character punctuation, longest first so that `...` wins over `..` and `.`. */
const MULTI_PUNCT = ['::=', '...', '..', '[[', ']]'] as const;
const SINGLE_PUNCT = new Set(['{', '}', '(', ')', '[', ']', ',', ';', '.', '|', '^', '<', '>', '!', '@', ':', '-']);

const isLetter = (c: string): boolean => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isAlnum = (c: string): boolean => isLetter(c) || isDigit(c);
/** X.680 §12.1.6 white space: space, tab, line feed, vertical tab, form feed, carriage return. */
const isSpace = (c: string): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f' || c === '\u00a0';

/** Quotes a short piece of source for an error message. */
function describe(text: string): string {
  const t = text.length > 24 ? `${text.slice(0, 24)}…` : text;
  return `'${t.replace(/\s+/g, ' ')}'`;
}

/**
 * Splits an ASN.1 module text into tokens.
 *
 * @param text - the module text.
 * @param file - the file name used in positions and error messages.
 * @returns the tokens in order, ending with one `eof` token.
 * @throws Asn1SyntaxError with code `'syntax'` at the offending character: unterminated
 *   `/* … *\/` comment, unterminated string, a bad digit in an hstring or bstring, a quoted
 *   string not followed by `H` or `B`, a name ending in a hyphen, a stray character.
 * @example
 * ```ts
 * const tokens = tokenize("Octet16 ::= OCTET STRING (SIZE(16))", 'x.asn');
 * tokens[1].value; // '::='
 * ```
 */
export function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;

  /**
   * Position of an offset at or after the current offset `i` (an hstring may span lines).
   * Scanning starts at `i`, not at the line start, so long lines cost no quadratic time.
   */
  const posAt = (offset: number): SourcePos => {
    let l = line;
    let ls = lineStart;
    for (let k = i; k < offset && k < n; k++) {
      if (text[k] === '\n') {
        l++;
        ls = k + 1;
      }
    }
    return { file, line: l, column: offset - ls + 1 };
  };
  const fail = (offset: number, expected: string, found: string): never => {
    throw new Asn1SyntaxError('syntax', `expected ${expected}, found ${found}`, posAt(offset));
  };
  /** Advances over text[from, to), keeping line bookkeeping. */
  const advance = (to: number): void => {
    for (let k = i; k < to; k++) {
      if (text[k] === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    i = to;
  };
  const push = (kind: TokenKind, value: string, start: number, pos: SourcePos, bigint?: bigint): void => {
    tokens.push(bigint === undefined ? { kind, value, pos, start, end: i } : { kind, value, bigint, pos, start, end: i });
  };

  while (i < n) {
    const c = text[i];
    if (isSpace(c)) {
      advance(i + 1);
      continue;
    }
    // Comments (X.680 §12.6).
    if (c === '-' && text[i + 1] === '-') {
      let k = i + 2;
      while (k < n && text[k] !== '\n' && text[k] !== '\r' && !(text[k] === '-' && text[k + 1] === '-')) k++;
      advance(k < n && text[k] === '-' ? k + 2 : k);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const open = i;
      const openPos = posAt(open);
      let depth = 0;
      let k = i;
      while (k < n) {
        if (text[k] === '/' && text[k + 1] === '*') {
          depth++;
          k += 2;
        } else if (text[k] === '*' && text[k + 1] === '/') {
          depth--;
          k += 2;
          if (depth === 0) break;
        } else k++;
      }
      if (depth !== 0) {
        throw new Asn1SyntaxError('syntax', "expected '*/' closing the comment, found end of input", openPos);
      }
      advance(k);
      continue;
    }
    const start = i;
    const pos = posAt(start);
    if (isLetter(c)) {
      let k = i + 1;
      for (;;) {
        if (k < n && isAlnum(text[k])) k++;
        else if (k < n && text[k] === '-' && k + 1 < n && isAlnum(text[k + 1])) k += 2;
        else break;
      }
      // A hyphen right after a name is either a comment (`--`) or a name ending in a hyphen.
      if (text[k] === '-' && text[k + 1] !== '-') {
        fail(k, 'a letter or digit after the hyphen in a name', k + 1 < n ? describe(text[k + 1]) : 'end of input');
      }
      advance(k);
      push('word', text.slice(start, k), start, pos);
      continue;
    }
    if (isDigit(c)) {
      let k = i + 1;
      while (k < n && isDigit(text[k])) k++;
      advance(k);
      const digits = text.slice(start, k);
      push('number', digits, start, pos, BigInt(digits));
      continue;
    }
    if (c === '&') {
      let k = i + 1;
      if (!(k < n && isLetter(text[k]))) fail(k, 'a field name after &', k < n ? describe(text[k]) : 'end of input');
      for (;;) {
        if (k < n && isAlnum(text[k])) k++;
        else if (k < n && text[k] === '-' && k + 1 < n && isAlnum(text[k + 1])) k += 2;
        else break;
      }
      if (text[k] === '-' && text[k + 1] !== '-') {
        fail(k, 'a letter or digit after the hyphen in a name', k + 1 < n ? describe(text[k + 1]) : 'end of input');
      }
      advance(k);
      push('field', text.slice(start + 1, k), start, pos);
      continue;
    }
    if (c === "'") {
      let k = i + 1;
      while (k < n && text[k] !== "'") k++;
      if (k >= n) fail(start, "a closing quote ' and H or B", 'end of input');
      const radix = text[k + 1];
      if (radix !== 'H' && radix !== 'B') {
        fail(k + 1, "H or B after the closing quote", k + 1 < n ? describe(text[k + 1]) : 'end of input');
      }
      let digits = '';
      for (let d = start + 1; d < k; d++) {
        const ch = text[d];
        if (isSpace(ch)) continue;
        const ok = radix === 'B' ? ch === '0' || ch === '1' : isDigit(ch) || (ch >= 'A' && ch <= 'F') || (ch >= 'a' && ch <= 'f');
        if (!ok) fail(d, radix === 'B' ? 'a binary digit 0 or 1' : 'a hexadecimal digit 0-9 or A-F', describe(ch));
        digits += ch;
      }
      advance(k + 2);
      push(radix === 'H' ? 'hstring' : 'bstring', radix === 'H' ? digits.toUpperCase() : digits, start, pos);
      continue;
    }
    if (c === '"') {
      let k = i + 1;
      let value = '';
      for (;;) {
        if (k >= n) fail(start, 'a closing quote "', 'end of input');
        if (text[k] === '"') {
          if (text[k + 1] === '"') {
            value += '"';
            k += 2;
            continue;
          }
          break;
        }
        value += text[k];
        k++;
      }
      advance(k + 1);
      push('cstring', value, start, pos);
      continue;
    }
    const multi = MULTI_PUNCT.find((p) => text.startsWith(p, i));
    if (multi !== undefined) {
      advance(i + multi.length);
      push('punct', multi, start, pos);
      continue;
    }
    if (SINGLE_PUNCT.has(c)) {
      advance(i + 1);
      push('punct', c, start, pos);
      continue;
    }
    fail(i, 'an ASN.1 lexical item', describe(c));
  }
  const eofPos = posAt(n);
  tokens.push({ kind: 'eof', value: '', pos: eofPos, start: n, end: n });
  return tokens;
}
