/**
 * Recursive-descent parser for ASN.1 modules (ITU-T X.680 §13 module definitions, §16 type and
 * value assignments, §17–§41 types and values, §49–§51 subtype constraints; X.681 §9 information
 * object class fields and §14 `CLASS.&field` references; the 1988 `ANY [DEFINED BY id]`).
 * Produces the syntax tree of `./ast.ts`; nothing is resolved here.
 *
 * @module
 */

import {
  Asn1SyntaxError,
  type AlternativeAst,
  type AssignmentAst,
  type BracedItemAst,
  type CharacterStringType,
  type ClassFieldAst,
  type ComponentAst,
  type ConstraintAst,
  type ElementSetAst,
  type EnumItemAst,
  type ImportAst,
  type ModuleAst,
  type NamedNumberAst,
  type OidComponentAst,
  type SourcePos,
  type TagAst,
  type TagDefault,
  type TypeAst,
  type ValueAst,
} from './ast.js';
import { tokenize, type Token } from './lexer.js';

const STRING_TYPES: ReadonlySet<string> = new Set<CharacterStringType>([
  'UTF8String',
  'IA5String',
  'PrintableString',
  'NumericString',
  'VisibleString',
  'ISO646String',
  'TeletexString',
  'T61String',
  'VideotexString',
  'GraphicString',
  'GeneralString',
  'UniversalString',
  'BMPString',
  'ObjectDescriptor',
]);

/** X.680 §12.38 reserved words that can never name a type or a value. */
const RESERVED: ReadonlySet<string> = new Set([
  'ABSENT', 'ABSTRACT-SYNTAX', 'ALL', 'APPLICATION', 'AUTOMATIC', 'BEGIN', 'BIT', 'BOOLEAN', 'BY',
  'CHARACTER', 'CHOICE', 'CLASS', 'COMPONENT', 'COMPONENTS', 'CONSTRAINED', 'CONTAINING', 'DATE',
  'DATE-TIME', 'DEFAULT', 'DEFINITIONS', 'DURATION', 'EMBEDDED', 'ENCODED', 'ENCODING-CONTROL', 'END',
  'ENUMERATED', 'EXCEPT', 'EXPLICIT', 'EXPORTS', 'EXTENSIBILITY', 'EXTERNAL', 'FALSE', 'FROM',
  'GeneralizedTime', 'IDENTIFIER', 'IMPLICIT', 'IMPLIED', 'IMPORTS', 'INCLUDES', 'INSTANCE',
  'INSTRUCTIONS', 'INTEGER', 'INTERSECTION', 'MAX', 'MIN', 'MINUS-INFINITY', 'NOT-A-NUMBER', 'NULL',
  'OBJECT', 'OCTET', 'OF', 'OID-IRI', 'OPTIONAL', 'PATTERN', 'PDV', 'PLUS-INFINITY', 'PRESENT',
  'PRIVATE', 'REAL', 'RELATIVE-OID', 'RELATIVE-OID-IRI', 'SEQUENCE', 'SET', 'SETTINGS', 'SIZE',
  'STRING', 'SYNTAX', 'T61String', 'TIME', 'TIME-OF-DAY', 'TRUE', 'TYPE-IDENTIFIER', 'UNION',
  'UNIQUE', 'UNIVERSAL', 'UTCTime', 'WITH', 'ANY', 'DEFINED',
]);

/** Nesting limit for types, values and constraints, so hostile input cannot exhaust the stack. */
const MAX_DEPTH = 200;

const isUpper = (s: string): boolean => s.length > 0 && s[0] >= 'A' && s[0] <= 'Z';
const isLower = (s: string): boolean => s.length > 0 && s[0] >= 'a' && s[0] <= 'z';

/** Mutable view of a component while the parser fills it. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

class Parser {
  private i = 0;
  private depth = 0;
  /** Type names that the module defines or imports and that shadow a built-in string type. */
  private shadowed: ReadonlySet<string> = new Set();

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  // ---- token helpers ----------------------------------------------------------------------

  private peek(k = 0): Token {
    const idx = Math.min(this.i + k, this.tokens.length - 1);
    return this.tokens[idx];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  /** End offset of the last token consumed. */
  private lastEnd(): number {
    return this.i === 0 ? 0 : this.tokens[this.i - 1].end;
  }

  private isPunct(p: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.value === p;
  }

  private isWord(w: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'word' && t.value === w;
  }

  private describe(t: Token): string {
    if (t.kind === 'eof') return 'end of input';
    const s = this.text.slice(t.start, t.end).replace(/\s+/g, ' ');
    return `'${s.length > 24 ? `${s.slice(0, 24)}…` : s}'`;
  }

  private fail(expected: string, t: Token = this.peek()): never {
    throw new Asn1SyntaxError('syntax', `expected ${expected}, found ${this.describe(t)}`, t.pos);
  }

  private expectPunct(p: string): Token {
    if (!this.isPunct(p)) this.fail(`'${p}'`);
    return this.next();
  }

  private expectWord(w: string): Token {
    if (!this.isWord(w)) this.fail(`'${w}'`);
    return this.next();
  }

  private expectNumber(): Token & { bigint: bigint } {
    const t = this.peek();
    if (t.kind !== 'number') this.fail('a number');
    this.next();
    return t as Token & { bigint: bigint };
  }

  /** A lower-case-initial name (identifier / value reference), not a reserved word. */
  private expectIdentifier(what = 'an identifier'): Token {
    const t = this.peek();
    if (t.kind !== 'word' || !isLower(t.value)) this.fail(what);
    return this.next();
  }

  /** An upper-case-initial name that is not a reserved word (type or module reference). */
  private expectTypeReference(what = 'a type reference'): Token {
    const t = this.peek();
    if (t.kind !== 'word' || !isUpper(t.value) || (RESERVED.has(t.value) && !this.shadowed.has(t.value))) this.fail(what);
    return this.next();
  }

  private isTypeReference(k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'word' && isUpper(t.value) && !RESERVED.has(t.value) && !(STRING_TYPES.has(t.value) && !this.shadowed.has(t.value));
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting at most ${MAX_DEPTH} levels deep`);
  }

  private leave(): void {
    this.depth--;
  }

  // ---- modules ----------------------------------------------------------------------------

  parseModules(): ModuleAst[] {
    const modules: ModuleAst[] = [];
    while (this.peek().kind !== 'eof') modules.push(this.parseModule());
    return modules;
  }

  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  /** Fails unless every token has been consumed. */
  expectEnd(): void {
    if (!this.atEnd()) this.fail('end of input after the module');
  }

  parseModule(): ModuleAst {
    this.shadowed = new Set();
    const nameTok = this.expectTypeReference('a module name');
    let oid: OidComponentAst[] | undefined;
    if (this.isPunct('{')) oid = this.parseOid();
    this.expectWord('DEFINITIONS');
    let tagDefault: TagDefault = 'EXPLICIT';
    const t = this.peek();
    if (t.kind === 'word' && (t.value === 'EXPLICIT' || t.value === 'IMPLICIT' || t.value === 'AUTOMATIC')) {
      this.next();
      tagDefault = t.value;
      this.expectWord('TAGS');
    }
    let extensibilityImplied = false;
    if (this.isWord('EXTENSIBILITY')) {
      this.next();
      this.expectWord('IMPLIED');
      extensibilityImplied = true;
    }
    this.expectPunct('::=');
    this.expectWord('BEGIN');
    const bodyStart = this.i;

    let exports: string[] | 'ALL' = 'ALL';
    let imports: ImportAst[] = [];
    let assignments: AssignmentAst[] = [];
    // Two passes at most: a module may define or import a type named like a built-in string
    // type (RFC 5280's 1988 modules define UTF8String, BMPString, UniversalString); references
    // to such a name are then references, not the built-in type.
    for (let pass = 0; pass < 2; pass++) {
      this.i = bodyStart;
      exports = this.parseExports();
      imports = this.parseImports();
      assignments = [];
      while (!this.isWord('END')) {
        if (this.atEnd()) this.fail("an assignment or 'END'");
        assignments.push(this.parseAssignment());
      }
      const local = new Set<string>();
      for (const a of assignments) if (a.kind === 'type' && STRING_TYPES.has(a.name)) local.add(a.name);
      for (const im of imports) for (const s of im.symbols) if (STRING_TYPES.has(s.name)) local.add(s.name);
      const same = local.size === this.shadowed.size && [...local].every((nm) => this.shadowed.has(nm));
      if (same) break;
      this.shadowed = local;
    }
    this.expectWord('END');
    return {
      name: nameTok.value,
      ...(oid ? { oid } : {}),
      tagDefault,
      extensibilityImplied,
      exports,
      imports,
      assignments,
      pos: nameTok.pos,
    };
  }

  private parseOid(): OidComponentAst[] {
    this.expectPunct('{');
    const out: OidComponentAst[] = [];
    while (!this.isPunct('}')) {
      const t = this.peek();
      if (t.kind === 'number') {
        this.next();
        out.push({ kind: 'number', value: t.bigint as bigint });
      } else if (t.kind === 'word' && isLower(t.value)) {
        this.next();
        if (this.isPunct('(')) {
          this.next();
          const num = this.expectNumber();
          this.expectPunct(')');
          out.push({ kind: 'nameAndNumber', name: t.value, value: num.bigint });
        } else out.push({ kind: 'name', name: t.value });
      } else this.fail("an object identifier component or '}'");
    }
    this.next();
    return out;
  }

  private parseSymbol(): { name: string; pos: SourcePos } {
    const t = this.peek();
    if (t.kind !== 'word' || (RESERVED.has(t.value) && !STRING_TYPES.has(t.value))) this.fail('a symbol name');
    this.next();
    // A parameterized reference may be exported or imported as `Name{}`.
    if (this.isPunct('{') && this.isPunct('}', 1)) {
      this.next();
      this.next();
    }
    return { name: t.value, pos: t.pos };
  }

  private parseExports(): string[] | 'ALL' {
    if (!this.isWord('EXPORTS')) return 'ALL';
    this.next();
    if (this.isWord('ALL')) {
      this.next();
      this.expectPunct(';');
      return 'ALL';
    }
    const names: string[] = [];
    if (!this.isPunct(';')) {
      for (;;) {
        names.push(this.parseSymbol().name);
        if (!this.isPunct(',')) break;
        this.next();
      }
    }
    this.expectPunct(';');
    return names;
  }

  private parseImports(): ImportAst[] {
    if (!this.isWord('IMPORTS')) return [];
    this.next();
    const groups: ImportAst[] = [];
    while (!this.isPunct(';')) {
      const first = this.peek();
      const symbols: { name: string; pos: SourcePos }[] = [];
      for (;;) {
        symbols.push(this.parseSymbol());
        if (!this.isPunct(',')) break;
        this.next();
      }
      this.expectWord('FROM');
      const mod = this.expectTypeReference('a module name');
      let fromOid: OidComponentAst[] | undefined;
      if (this.isPunct('{')) fromOid = this.parseOid();
      else if (this.peek().kind === 'word' && isLower(this.peek().value) && !this.isPunct(',', 1) && !this.isWord('FROM', 1)) {
        // X.680 §13.19: a value reference naming the module's OID (an AssignedIdentifier),
        // recognised because it is not followed by ',' or FROM as the next symbol would be.
        const ref = this.next();
        fromOid = [{ kind: 'name', name: ref.value }];
      }
      groups.push({ symbols, fromModule: mod.value, ...(fromOid ? { fromOid } : {}), pos: first.pos });
    }
    this.next();
    return groups;
  }

  // ---- assignments ------------------------------------------------------------------------

  private parseAssignment(): AssignmentAst {
    const nameTok = this.peek();
    if (nameTok.kind !== 'word' || (RESERVED.has(nameTok.value) && !STRING_TYPES.has(nameTok.value))) {
      this.fail('a type or value reference');
    }
    this.next();
    if (isUpper(nameTok.value)) {
      this.expectPunct('::=');
      if (this.isWord('CLASS')) {
        this.next();
        const fields = this.parseClassBody();
        return { kind: 'class', name: nameTok.value, fields, pos: nameTok.pos, text: this.text.slice(nameTok.start, this.lastEnd()) };
      }
      const type = this.parseType();
      return { kind: 'type', name: nameTok.value, type, pos: nameTok.pos, text: this.text.slice(nameTok.start, this.lastEnd()) };
    }
    const type = this.parseType();
    this.expectPunct('::=');
    const value = this.parseValue();
    return { kind: 'value', name: nameTok.value, type, value, pos: nameTok.pos, text: this.text.slice(nameTok.start, this.lastEnd()) };
  }

  private parseClassBody(): ClassFieldAst[] {
    this.expectPunct('{');
    const fields: ClassFieldAst[] = [];
    for (;;) {
      const f = this.peek();
      if (f.kind !== 'field') this.fail('a class field (&name)');
      this.next();
      let type: TypeAst | undefined;
      let unique = false;
      let optional = false;
      if (isLower(f.value)) {
        type = this.parseType();
        if (this.isWord('UNIQUE')) {
          this.next();
          unique = true;
        }
      }
      if (this.isWord('OPTIONAL')) {
        this.next();
        optional = true;
      } else if (this.isWord('DEFAULT')) {
        // The default of a class field is kept by no consumer; it is parsed and dropped.
        this.next();
        if (type) this.parseValue();
        else this.parseType();
        optional = true;
      }
      fields.push({ name: f.value, ...(type ? { type } : {}), optional, unique, pos: f.pos });
      if (this.isPunct(',')) {
        this.next();
        continue;
      }
      break;
    }
    this.expectPunct('}');
    if (this.isWord('WITH') && this.isWord('SYNTAX', 1)) {
      // X.681 §10 syntax lists only shape information-object notation; they are skipped.
      this.next();
      this.next();
      if (!this.isPunct('{')) this.fail("'{'");
      this.skipBalanced();
    }
    return fields;
  }

  /** Skips a balanced `{…}`, `(…)` or `[…]` group starting at the current token. */
  private skipBalanced(): void {
    const stack: string[] = [];
    const close: Record<string, string> = { '{': '}', '(': ')', '[': ']', '[[': ']]' };
    do {
      const t = this.peek();
      if (t.kind === 'eof') this.fail(stack.length > 0 ? `'${stack[stack.length - 1]}'` : 'a bracket');
      if (t.kind === 'punct' && close[t.value] !== undefined) stack.push(close[t.value]);
      else if (t.kind === 'punct' && (t.value === '}' || t.value === ')' || t.value === ']' || t.value === ']]')) {
        if (stack[stack.length - 1] !== t.value) this.fail(`'${stack[stack.length - 1]}'`);
        stack.pop();
      }
      this.next();
    } while (stack.length > 0);
  }

  // ---- types ------------------------------------------------------------------------------

  private parseType(): TypeAst {
    this.enter();
    try {
      let type = this.parseTypeNoConstraint();
      if (this.isPunct('(')) {
        const constraints: ConstraintAst[] = [...(type.constraints ?? [])];
        while (this.isPunct('(')) constraints.push(this.parseConstraint());
        type = { ...type, constraints } as TypeAst;
      }
      return type;
    } finally {
      this.leave();
    }
  }

  private parseTypeNoConstraint(): TypeAst {
    const t = this.peek();
    const pos = t.pos;
    if (t.kind === 'punct' && t.value === '[') return this.parseTaggedType();
    if (t.kind !== 'word') this.fail('a type');
    const w = t.value;
    if (STRING_TYPES.has(w) && !this.shadowed.has(w)) {
      this.next();
      return { kind: 'string', stringType: w as CharacterStringType, pos };
    }
    switch (w) {
      case 'BOOLEAN':
      case 'NULL':
      case 'REAL':
      case 'RELATIVE-OID':
        this.next();
        return { kind: w, pos };
      case 'UTCTime':
      case 'GeneralizedTime':
        this.next();
        return { kind: 'time', timeType: w, pos };
      case 'INTEGER': {
        this.next();
        if (this.isPunct('{')) return { kind: 'INTEGER', namedNumbers: this.parseNamedNumbers(), pos };
        return { kind: 'INTEGER', pos };
      }
      case 'BIT': {
        this.next();
        this.expectWord('STRING');
        if (this.isPunct('{')) return { kind: 'BIT STRING', namedBits: this.parseNamedNumbers(), pos };
        return { kind: 'BIT STRING', pos };
      }
      case 'OCTET':
        this.next();
        this.expectWord('STRING');
        return { kind: 'OCTET STRING', pos };
      case 'OBJECT':
        this.next();
        this.expectWord('IDENTIFIER');
        return { kind: 'OBJECT IDENTIFIER', pos };
      case 'ENUMERATED':
        this.next();
        return this.parseEnumerated(pos);
      case 'SEQUENCE':
      case 'SET':
        this.next();
        return this.parseSequenceOrSet(w, pos);
      case 'CHOICE':
        this.next();
        return this.parseChoice(pos);
      case 'ANY':
        this.next();
        if (this.isWord('DEFINED')) {
          this.next();
          this.expectWord('BY');
          const id = this.expectIdentifier('the identifier of the component that defines the type');
          return { kind: 'ANY', definedBy: id.value, pos };
        }
        return { kind: 'ANY', pos };
      default:
        break;
    }
    if (!this.isTypeReference() && !this.shadowed.has(w)) this.fail('a type');
    this.next();
    if (this.isPunct('.')) {
      const after = this.peek(1);
      if (after.kind === 'field') {
        this.next();
        this.next();
        return { kind: 'classField', className: w, field: after.value, pos };
      }
      if (after.kind === 'word' && isUpper(after.value) && !RESERVED.has(after.value)) {
        this.next();
        this.next();
        return { kind: 'ref', name: after.value, module: w, pos };
      }
      this.fail("a type reference or '&field' after '.'", after);
    }
    return { kind: 'ref', name: w, pos };
  }

  private parseTaggedType(): TypeAst {
    const open = this.expectPunct('[');
    let cls: TagAst['cls'] = 'CONTEXT';
    const c = this.peek();
    if (c.kind === 'word' && (c.value === 'UNIVERSAL' || c.value === 'APPLICATION' || c.value === 'PRIVATE')) {
      this.next();
      cls = c.value;
    }
    let number: TagAst['number'];
    const nt = this.peek();
    if (nt.kind === 'number') {
      this.next();
      const v = nt.bigint as bigint;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail('a tag number at most 2^53-1', nt);
      number = Number(v);
    } else if (nt.kind === 'word' && isLower(nt.value)) {
      this.next();
      number = { ref: nt.value };
    } else this.fail('a tag number');
    this.expectPunct(']');
    let mode: 'IMPLICIT' | 'EXPLICIT' | undefined;
    const m = this.peek();
    if (m.kind === 'word' && (m.value === 'IMPLICIT' || m.value === 'EXPLICIT')) {
      this.next();
      mode = m.value;
    }
    const inner = this.parseType();
    return { kind: 'tagged', tag: { cls, number }, ...(mode ? { mode } : {}), type: inner, pos: open.pos };
  }

  /** `{ name(number), … }` for INTEGER named numbers and BIT STRING named bits. */
  private parseNamedNumbers(): NamedNumberAst[] {
    this.expectPunct('{');
    const out: NamedNumberAst[] = [];
    for (;;) {
      const id = this.expectIdentifier('a named number');
      this.expectPunct('(');
      const value = this.parseSignedNumberOrRef();
      this.expectPunct(')');
      out.push({ name: id.value, value, pos: id.pos });
      if (this.isPunct(',')) {
        this.next();
        continue;
      }
      break;
    }
    this.expectPunct('}');
    return out;
  }

  private parseSignedNumberOrRef(): bigint | { ref: string } {
    const t = this.peek();
    if (t.kind === 'punct' && t.value === '-') {
      this.next();
      return -this.expectNumber().bigint;
    }
    if (t.kind === 'number') {
      this.next();
      return t.bigint as bigint;
    }
    if (t.kind === 'word' && isLower(t.value)) {
      this.next();
      return { ref: t.value };
    }
    return this.fail('a number or a value reference');
  }

  private parseEnumerated(pos: SourcePos): TypeAst {
    this.expectPunct('{');
    const root: EnumItemAst[] = [];
    const additions: EnumItemAst[] = [];
    let extensible = false;
    let seenMarkers = 0;
    for (;;) {
      if (this.isPunct('...')) {
        if (seenMarkers > 0) this.fail('an enumeration item');
        this.next();
        seenMarkers++;
        extensible = true;
        this.parseExceptionSpec();
      } else {
        const id = this.expectIdentifier(seenMarkers === 0 && root.length === 0 ? 'an enumeration item' : "an enumeration item or '...'");
        let value: bigint | { ref: string } | undefined;
        if (this.isPunct('(')) {
          this.next();
          value = this.parseSignedNumberOrRef();
          this.expectPunct(')');
        }
        const item: EnumItemAst = { name: id.value, ...(value !== undefined ? { value } : {}), pos: id.pos };
        (extensible ? additions : root).push(item);
      }
      if (this.isPunct(',')) {
        this.next();
        continue;
      }
      break;
    }
    if (root.length === 0) this.fail('an enumeration item before the extension marker', this.tokens[this.i - 1]);
    this.expectPunct('}');
    return { kind: 'ENUMERATED', root, extensible, additions, pos };
  }

  private parseSequenceOrSet(kw: 'SEQUENCE' | 'SET', pos: SourcePos): TypeAst {
    if (this.isPunct('{')) return this.parseComponents(kw, pos);
    // `SEQUENCE SIZE (…) OF`, `SEQUENCE (constraint) OF`, `SEQUENCE OF`.
    const constraints: ConstraintAst[] = [];
    if (this.isWord('SIZE')) {
      const sizeTok = this.next();
      const inner = this.parseConstraint();
      constraints.push({ set: { kind: 'size', constraint: inner }, extensible: false, pos: sizeTok.pos });
    } else if (this.isPunct('(')) {
      constraints.push(this.parseConstraint());
    }
    if (!this.isWord('OF')) this.fail(constraints.length > 0 ? "'OF'" : "'{' or 'OF'");
    this.next();
    let elementName: string | undefined;
    const en = this.peek();
    if (en.kind === 'word' && isLower(en.value)) {
      this.next();
      elementName = en.value;
    }
    const element = this.parseType();
    return {
      kind: kw === 'SEQUENCE' ? 'SEQUENCE OF' : 'SET OF',
      element,
      ...(elementName !== undefined ? { elementName } : {}),
      ...(constraints.length > 0 ? { constraints } : {}),
      pos,
    };
  }

  private parseComponents(kw: 'SEQUENCE' | 'SET', pos: SourcePos): TypeAst {
    this.expectPunct('{');
    const root: ComponentAst[] = [];
    const additions: ComponentAst[] = [];
    const rootTail: ComponentAst[] = [];
    let markers = 0;
    if (this.isPunct('}')) {
      this.next();
      return { kind: kw, root, extensible: false, additions, rootTail, pos };
    }
    for (;;) {
      if (this.isPunct('...')) {
        if (markers >= 2) this.fail('a component');
        this.next();
        markers++;
        if (markers === 1) this.parseExceptionSpec();
      } else if (this.isPunct('[[')) {
        if (markers !== 1) this.fail('a component');
        this.next();
        const vn = this.peek();
        if (vn.kind === 'number' && this.isPunct(':', 1)) {
          this.next();
          this.next();
        }
        for (;;) {
          additions.push(this.parseComponent());
          if (this.isPunct(',')) {
            this.next();
            continue;
          }
          break;
        }
        this.expectPunct(']]');
      } else {
        const c = this.parseComponent();
        (markers === 0 ? root : markers === 1 ? additions : rootTail).push(c);
      }
      if (this.isPunct(',')) {
        this.next();
        continue;
      }
      break;
    }
    if (!this.isPunct('}')) this.fail("',' or '}'");
    this.next();
    return { kind: kw, root, extensible: markers > 0, additions, rootTail, pos };
  }

  private parseComponent(): ComponentAst {
    const t = this.peek();
    if (t.kind === 'word' && t.value === 'COMPONENTS') {
      this.next();
      this.expectWord('OF');
      return { kind: 'componentsOf', type: this.parseType(), pos: t.pos };
    }
    const id = this.expectIdentifier(markersHint(t));
    const type = this.parseType();
    const comp: Mutable<Extract<ComponentAst, { kind: 'named' }>> = { kind: 'named', name: id.value, type, optional: false, pos: id.pos };
    if (this.isWord('OPTIONAL')) {
      this.next();
      comp.optional = true;
    } else if (this.isWord('DEFAULT')) {
      this.next();
      comp.default = this.parseValue();
    }
    return comp;
  }

  private parseChoice(pos: SourcePos): TypeAst {
    this.expectPunct('{');
    const root: AlternativeAst[] = [];
    const additions: AlternativeAst[] = [];
    let markers = 0;
    for (;;) {
      if (this.isPunct('...')) {
        if (markers >= 2) this.fail('an alternative');
        this.next();
        markers++;
        if (markers === 1) this.parseExceptionSpec();
      } else if (this.isPunct('[[')) {
        if (markers !== 1) this.fail('an alternative');
        this.next();
        const vn = this.peek();
        if (vn.kind === 'number' && this.isPunct(':', 1)) {
          this.next();
          this.next();
        }
        for (;;) {
          additions.push(this.parseAlternative());
          if (this.isPunct(',')) {
            this.next();
            continue;
          }
          break;
        }
        this.expectPunct(']]');
      } else {
        if (markers === 2) this.fail("'}'");
        const a = this.parseAlternative();
        (markers === 0 ? root : additions).push(a);
      }
      if (this.isPunct(',')) {
        this.next();
        continue;
      }
      break;
    }
    if (root.length === 0) this.fail('an alternative before the extension marker', this.tokens[this.i - 1]);
    if (!this.isPunct('}')) this.fail("',' or '}'");
    this.next();
    return { kind: 'CHOICE', root, extensible: markers > 0, additions, pos };
  }

  private parseAlternative(): AlternativeAst {
    const id = this.expectIdentifier("an alternative name or '...'");
    const type = this.parseType();
    return { name: id.value, type, pos: id.pos };
  }

  /** `! value` or `! Type : value` after an extension marker; parsed and dropped (X.680 §53). */
  private parseExceptionSpec(): void {
    if (!this.isPunct('!')) return;
    this.next();
    const t = this.peek();
    if (t.kind === 'number' || (t.kind === 'punct' && t.value === '-') || (t.kind === 'word' && isLower(t.value))) {
      this.parseValue();
      return;
    }
    this.parseType();
    this.expectPunct(':');
    this.parseValue();
  }

  // ---- constraints ------------------------------------------------------------------------

  private parseConstraint(): ConstraintAst {
    this.enter();
    try {
      const open = this.expectPunct('(');
      const t = this.peek();
      // General constraints (X.682) and table constraints: kept as text only.
      if (
        (t.kind === 'word' && (t.value === 'CONSTRAINED' || t.value === 'CONTAINING' || t.value === 'ENCODED')) ||
        (t.kind === 'punct' && (t.value === '{' || t.value === '@'))
      ) {
        this.i--;
        const start = open.start;
        this.skipBalanced();
        const text = this.text.slice(start + 1, this.lastEnd() - 1).trim();
        return { set: { kind: 'opaque', text }, extensible: false, pos: open.pos };
      }
      const set = this.parseElementSetSpec();
      let extensible = false;
      let additions: ElementSetAst | undefined;
      if (this.isPunct(',')) {
        this.next();
        this.expectPunct('...');
        extensible = true;
        if (this.isPunct(',')) {
          this.next();
          additions = this.parseElementSetSpec();
        }
      }
      this.parseExceptionSpec();
      if (!this.isPunct(')')) this.fail(extensible ? "')'" : "',' or ')'");
      this.next();
      return { set, extensible, ...(additions ? { additions } : {}), pos: open.pos };
    } finally {
      this.leave();
    }
  }

  private parseElementSetSpec(): ElementSetAst {
    if (this.isWord('ALL')) {
      this.next();
      this.expectWord('EXCEPT');
      return { kind: 'except', base: { kind: 'all' }, excluded: this.parseElements() };
    }
    const items: ElementSetAst[] = [this.parseIntersections()];
    while (this.isPunct('|') || this.isWord('UNION')) {
      this.next();
      items.push(this.parseIntersections());
    }
    return items.length === 1 ? items[0] : { kind: 'union', items };
  }

  private parseIntersections(): ElementSetAst {
    const items: ElementSetAst[] = [this.parseIntersectionElements()];
    while (this.isPunct('^') || this.isWord('INTERSECTION')) {
      this.next();
      items.push(this.parseIntersectionElements());
    }
    return items.length === 1 ? items[0] : { kind: 'intersection', items };
  }

  private parseIntersectionElements(): ElementSetAst {
    const base = this.parseElements();
    if (this.isWord('EXCEPT')) {
      this.next();
      return { kind: 'except', base, excluded: this.parseElements() };
    }
    return base;
  }

  private parseElements(): ElementSetAst {
    this.enter();
    try {
      const t = this.peek();
      if (t.kind === 'punct' && t.value === '(') {
        this.next();
        const inner = this.parseElementSetSpec();
        this.expectPunct(')');
        return inner;
      }
      if (t.kind === 'word') {
        switch (t.value) {
          case 'SIZE':
            this.next();
            return { kind: 'size', constraint: this.parseConstraint() };
          case 'FROM':
            this.next();
            return { kind: 'from', constraint: this.parseConstraint() };
          case 'INCLUDES':
            this.next();
            return { kind: 'containedSubtype', type: this.parseType() };
          case 'PATTERN': {
            const start = t.start;
            this.next();
            this.parseValue();
            return { kind: 'opaque', text: this.text.slice(start, this.lastEnd()) };
          }
          case 'WITH': {
            const start = t.start;
            this.next();
            if (this.isWord('COMPONENT')) {
              this.next();
              if (!this.isPunct('(')) this.fail("'('");
              this.skipBalanced();
            } else {
              this.expectWord('COMPONENTS');
              if (!this.isPunct('{')) this.fail("'{'");
              this.skipBalanced();
            }
            return { kind: 'opaque', text: this.text.slice(start, this.lastEnd()) };
          }
          case 'MIN':
            return this.parseRangeFrom('MIN');
          default:
            break;
        }
        const typeStart =
          (isUpper(t.value) && !['TRUE', 'FALSE', 'NULL', 'MAX', 'PLUS-INFINITY', 'MINUS-INFINITY', 'NOT-A-NUMBER'].includes(t.value)) &&
          !(this.isPunct('.', 1) && this.peek(2).kind === 'word' && isLower(this.peek(2).value));
        if (typeStart) return { kind: 'containedSubtype', type: this.parseType() };
      }
      if (t.kind === 'punct' && t.value === '[') return { kind: 'containedSubtype', type: this.parseType() };
      const value = this.parseValue();
      return this.parseRangeFrom(value);
    } finally {
      this.leave();
    }
  }

  /** After a lower endpoint (already parsed, or `MIN` still to consume): a range or a single value. */
  private parseRangeFrom(lower: ValueAst | 'MIN'): ElementSetAst {
    if (lower === 'MIN') this.next();
    let lowerOpen = false;
    if (this.isPunct('<') && this.isPunct('..', 1)) {
      this.next();
      lowerOpen = true;
    }
    if (!this.isPunct('..')) {
      if (lower === 'MIN' || lowerOpen) this.fail("'..'");
      return { kind: 'value', value: lower as ValueAst };
    }
    this.next();
    let upperOpen = false;
    if (this.isPunct('<')) {
      this.next();
      upperOpen = true;
    }
    let upper: ValueAst | 'MAX';
    if (this.isWord('MAX')) {
      this.next();
      upper = 'MAX';
    } else upper = this.parseValue();
    return { kind: 'range', lower, upper, lowerOpen, upperOpen };
  }

  // ---- values -----------------------------------------------------------------------------

  private parseValue(): ValueAst {
    this.enter();
    try {
      const t = this.peek();
      const pos = t.pos;
      switch (t.kind) {
        case 'number':
          this.next();
          return { kind: 'number', value: t.bigint as bigint, pos };
        case 'hstring':
          this.next();
          return { kind: 'hstring', hex: t.value, pos };
        case 'bstring':
          this.next();
          return { kind: 'bstring', bits: t.value, pos };
        case 'cstring':
          this.next();
          return { kind: 'cstring', value: t.value, pos };
        case 'punct':
          if (t.value === '-' && this.peek(1).kind === 'number') {
            this.next();
            const num = this.next();
            return { kind: 'number', value: -(num.bigint as bigint), pos };
          }
          if (t.value === '{') return this.parseBraced();
          break;
        case 'word':
          switch (t.value) {
            case 'TRUE':
            case 'FALSE':
              this.next();
              return { kind: 'boolean', value: t.value === 'TRUE', pos };
            case 'NULL':
              this.next();
              return { kind: 'null', pos };
            case 'PLUS-INFINITY':
            case 'MINUS-INFINITY':
            case 'NOT-A-NUMBER':
              this.next();
              return { kind: 'real', text: t.value, pos };
            default:
              break;
          }
          if (isLower(t.value)) {
            this.next();
            return { kind: 'ref', name: t.value, pos };
          }
          if (this.isTypeReference() && this.isPunct('.', 1) && this.peek(2).kind === 'word' && isLower(this.peek(2).value)) {
            this.next();
            this.next();
            const v = this.next();
            return { kind: 'ref', name: v.value, module: t.value, pos };
          }
          break;
        default:
          break;
      }
      return this.fail('a value');
    } finally {
      this.leave();
    }
  }

  /**
   * `{ … }`. Without commas the items are OID-style (`iso(1)`, `id-pkix 1`); with commas each
   * comma-separated group is one value or `identifier value` (a SEQUENCE/SET component value).
   */
  private parseBraced(): ValueAst {
    const open = this.expectPunct('{');
    const groups: { item: BracedItemAst; tok: Token }[][] = [[]];
    let commas = 0;
    while (!this.isPunct('}')) {
      const t = this.peek();
      if (t.kind === 'punct' && t.value === ',') {
        if (groups[groups.length - 1].length === 0) this.fail('a value');
        this.next();
        commas++;
        groups.push([]);
        continue;
      }
      if (t.kind === 'eof') this.fail("a value or '}'");
      if (t.kind === 'word' && isLower(t.value) && this.isPunct('(', 1)) {
        this.next();
        this.next();
        const num = this.expectNumber();
        this.expectPunct(')');
        groups[groups.length - 1].push({ item: { kind: 'namedNumber', name: t.value, number: num.bigint, pos: t.pos }, tok: t });
        continue;
      }
      groups[groups.length - 1].push({ item: { kind: 'value', value: this.parseValue() }, tok: t });
    }
    if (commas > 0 && groups[groups.length - 1].length === 0) this.fail('a value');
    this.next();
    if (commas === 0) return { kind: 'braced', items: groups[0].map((g) => g.item), pos: open.pos };
    const items: BracedItemAst[] = [];
    for (const g of groups) {
      if (g.length === 1) items.push(g[0].item);
      else {
        const [first, second] = g;
        if (g.length > 2 || first.item.kind !== 'value' || first.item.value.kind !== 'ref' || first.item.value.module !== undefined || second.item.kind !== 'value') {
          const bad = g.length > 2 ? g[2].tok : g[1].tok;
          throw new Asn1SyntaxError('syntax', `expected ',' or '}', found ${this.describe(bad)}`, bad.pos);
        }
        items.push({ kind: 'namedValue', name: first.item.value.name, value: second.item.value, pos: first.tok.pos });
      }
    }
    return { kind: 'braced', items, pos: open.pos };
  }
}

function markersHint(t: Token): string {
  return t.kind === 'punct' && t.value === '}' ? 'a component' : "a component, '...' or '}'";
}

/**
 * Parses every module in an ASN.1 text (one file may hold several modules, one after another).
 *
 * @param text - the ASN.1 source.
 * @param file - the file name reported in positions and errors.
 * @returns the modules in source order (an empty array for a text holding only comments).
 * @throws Asn1SyntaxError with code `'syntax'`, positioned at the offending token, message
 *   `file:line:col: expected X, found Y (syntax)`.
 * @example
 * ```ts
 * const [m] = parseModules('M DEFINITIONS ::= BEGIN T ::= INTEGER END', 'm.asn');
 * m.assignments[0].name; // 'T'
 * ```
 */
export function parseModules(text: string, file: string): ModuleAst[] {
  if (typeof text !== 'string') throw new TypeError(`text: expected a string, got ${typeof text}`);
  if (typeof file !== 'string') throw new TypeError(`file: expected a string, got ${typeof file}`);
  const parser = new Parser(text, tokenize(text, file));
  return parser.parseModules();
}

/**
 * Parses a text that holds exactly one ASN.1 module.
 *
 * @param text - the ASN.1 source.
 * @param file - the file name reported in positions and errors.
 * @returns the module's syntax tree.
 * @throws Asn1SyntaxError with code `'syntax'` on any syntax error, when the text holds no
 *   module, or when anything but comments follows the module's `END`.
 * @example
 * ```ts
 * const m = parseModule(readFileSync('asn1/RSPDefinitions.asn', 'utf8'), 'RSPDefinitions.asn');
 * m.tagDefault; // 'AUTOMATIC'
 * ```
 */
export function parseModule(text: string, file: string): ModuleAst {
  if (typeof text !== 'string') throw new TypeError(`text: expected a string, got ${typeof text}`);
  if (typeof file !== 'string') throw new TypeError(`file: expected a string, got ${typeof file}`);
  const parser = new Parser(text, tokenize(text, file));
  const m = parser.parseModule();
  parser.expectEnd();
  return m;
}
