/**
 * The TypeScript emitter: one module of the semantic model → one TypeScript source file with,
 * for every type assignment, its value type and its codec (`decode`, `encode`, `toJer`,
 * `fromJer`). Decoders are straight-line code over integer offsets into one Uint8Array (no
 * TLV trees); encoders write one buffer back to front.
 *
 * Per named type `N` the file holds four private functions over the type's *base* — `d_N`
 * (decode the content, or for CHOICE/open types the complete TLV), `e_N` (encode the same),
 * `j_N` (to JER) and `f_N` (from JER) — and an exported codec object `N` that wraps them with
 * the type's own tags. Anonymous inner SEQUENCE/SET/CHOICE/SEQUENCE OF types get functions
 * named after their position (`d$Psmo_enable`). Other modules reach the functions through the
 * codec object (`Certificate.$d`).
 *
 * @module
 */
import type {
  BaseModel,
  ChoiceModel,
  ComponentModel,
  ConstraintModel,
  DefaultValue,
  Interval,
  ModuleModel,
  NamedTypeModel,
  ProgramModel,
  StructModel,
  TypeModel,
} from './model.js';
import { firstTagsOf, layerText } from './model.js';

export interface EmitOptions {
  /** Import path of the runtime surface from the generated file. */
  readonly runtimeImport?: string;
  /** Import path of a sibling generated module, by module name. */
  readonly moduleImport?: (moduleName: string) => string;
  /** The command that regenerates the file, for its header. */
  readonly command?: string;
}

/** TypeScript identifier of an ASN.1 name: hyphens become underscores. */
export function tsName(name: string): string {
  return name.replace(/-/g, '_');
}

const RESERVED = new Set(['delete', 'default', 'enum', 'class', 'function', 'new', 'switch', 'case', 'var', 'let', 'const', 'in', 'do', 'if', 'for', 'while', 'return', 'this', 'null', 'true', 'false', 'void', 'with', 'yield', 'break', 'catch', 'continue', 'debugger', 'else', 'export', 'extends', 'finally', 'import', 'instanceof', 'super', 'throw', 'try', 'typeof']);

/** A property key as written in TypeScript source. */
function propKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

function hexLit(n: number): string {
  return '0x' + n.toString(16);
}

function numLit(v: number | bigint): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(v);
}

class Out {
  readonly lines: string[] = [];
  private ind = '';
  line(s = ''): this {
    this.lines.push(s === '' ? '' : this.ind + s);
    return this;
  }
  open(s: string): this {
    this.line(s);
    this.ind += '  ';
    return this;
  }
  close(s = '}'): this {
    this.ind = this.ind.slice(2);
    this.line(s);
    return this;
  }
  dedent(): this {
    this.ind = this.ind.slice(2);
    return this;
  }
}

export function emitModule(program: ProgramModel, mod: ModuleModel, options: EmitOptions = {}): string {
  const runtime = options.runtimeImport ?? '../der/runtime.js';
  const modPath = options.moduleImport ?? ((m: string) => `./${m}.js`);
  const o = new Out();
  let varCounter = 0;
  const fresh = (p: string) => `${p}${++varCounter}`;

  // Functions of each base model: named types use their name, anonymous ones their id.
  const stemOf = new Map<BaseModel, string>();
  for (const t of mod.types) stemOf.set(t.type.base, `_${tsName(t.name)}`);
  const anon: BaseModel[] = [];

  function stem(b: BaseModel): string {
    let s = stemOf.get(b);
    if (s === undefined) {
      s = `$${(b as { id: string }).id}`;
      stemOf.set(b, s);
      anon.push(b);
    }
    return s;
  }

  const imported = new Map<string, string>(); // ts name -> module
  const local = new Set(mod.types.map((t) => t.name));

  function refFn(module: string, name: string, fn: 'd' | 'e' | 'j' | 'f'): string {
    if (module === mod.name && local.has(name)) return `${fn}_${tsName(name)}`;
    imported.set(tsName(name), module);
    const member = { d: '$d', e: '$e', j: 'toJer', f: '$f' }[fn];
    return `${tsName(name)}.${member}`;
  }

  function named(module: string, name: string): NamedTypeModel {
    return program.type(module, name);
  }

  function finalBase(t: TypeModel): BaseModel {
    let b = t.base;
    for (let i = 0; b.kind === 'ref' && i < 64; i++) b = named(b.module, b.name).type.base;
    return b;
  }

  function isTlv(t: TypeModel): boolean {
    const b = finalBase(t);
    if (b.kind === 'choice' || b.kind === 'any') {
      // A reference keeps the tlv nature of its target only when no layer of its own turned it into content.
      return true;
    }
    return false;
  }

  /** Identifier octets an encoding of `t` can start with; null = any tag. */
  function firstTags(t: TypeModel): number[] | null {
    return firstTagsOf(t, (m, n) => named(m, n).type.base);
  }

  /**
   * An untagged extensible CHOICE: a tag none of its alternatives has may be an alternative
   * that a later version of the module added, so it decodes to `{ $case: '$unknown' }` rather
   * than failing wherever the CHOICE is the only thing the TLV can be.
   */
  function openChoice(t: TypeModel): boolean {
    if (t.layers.length > 0) return false;
    const b = finalBase(t);
    return b.kind === 'choice' && b.extensible;
  }

  function tagDesc(t: TypeModel): string {
    const tags = firstTags(t);
    if (tags === null) return 'any tag';
    if (tags.length === 1) return `tag ${tags[0].toString(16).toUpperCase()}`;
    return `one of the tags ${tags.map((x) => x.toString(16).toUpperCase()).join(' ')}`;
  }

  function matchExpr(t: TypeModel, v: string): string {
    const tags = firstTags(t);
    if (tags === null) return `${v} >= 0`;
    if (tags.length === 0) return 'false';
    if (tags.length <= 4) return tags.map((x) => `${v} === ${hexLit(x)}`).join(' || ');
    return `${tagSetName(tags)}.has(${v})`;
  }

  const tagSets = new Map<string, string>();
  function tagSetName(tags: number[]): string {
    const key = tags.join(',');
    let n = tagSets.get(key);
    if (!n) {
      n = `TAGS${tagSets.size + 1}`;
      tagSets.set(key, n);
    }
    return n;
  }

  // ---- TypeScript types --------------------------------------------------------------------

  function tsType(t: TypeModel): string {
    return tsBase(t.base);
  }

  function tsBase(b: BaseModel): string {
    switch (b.kind) {
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'integer':
        return b.big ? 'bigint' : 'number';
      case 'enumerated':
        return b.items.map(([k]) => JSON.stringify(k)).join(' | ');
      case 'bitString':
        return 'BitString';
      case 'octetString':
      case 'any':
        return 'Uint8Array';
      case 'oid':
      case 'relativeOid':
      case 'string':
      case 'time':
        return 'string';
      case 'sequenceOf':
      case 'setOf':
        return `readonly (${tsType(b.element)})[]`;
      case 'sequence':
      case 'set':
        return structTs(b);
      case 'choice':
        return choiceTs(b);
      case 'ref': {
        const n = named(b.module, b.name);
        if (n.builtinRedefinition) return 'string';
        if (b.module !== mod.name || !local.has(b.name)) imported.set(tsName(b.name), b.module);
        return tsName(b.name);
      }
    }
  }

  function structTs(b: StructModel): string {
    const parts = b.components.map((c) => `readonly ${propKey(tsName(c.name))}${c.optional ? '?' : ''}: ${tsType(c.type)}`);
    if (b.extensible) parts.push('readonly $unknown?: readonly Uint8Array[]');
    return parts.length ? `{ ${parts.join('; ')} }` : 'Record<string, never>';
  }

  function choiceTs(b: ChoiceModel): string {
    const parts = b.alternatives.map((a) => `{ readonly $case: ${JSON.stringify(tsName(a.name))}; readonly value: ${tsType(a.type)} }`);
    if (b.extensible) parts.push(`{ readonly $case: '$unknown'; readonly value: Uint8Array }`);
    return parts.join(' | ');
  }

  // ---- constraints -------------------------------------------------------------------------

  function measure(t: TypeModel, v: string, s: string, e: string): { size: string; what: string } {
    const b = finalBase(t);
    switch (b.kind) {
      case 'octetString':
        return { size: `${e} - ${s}`, what: 'length' };
      case 'string':
        // A decoded UTF8String has as many characters as octets when they are all ASCII.
        if (b.stringType === 'UTF8String') return { size: `utf8Count(${v}, ${e} - ${s})`, what: 'length' };
        return { size: countExpr(b, v), what: 'length' };
      case 'bitString':
        return { size: `bitLength(${v})`, what: 'bit count' };
      case 'sequenceOf':
      case 'setOf':
        return { size: `${v}.length`, what: 'number of items' };
      default:
        return { size: countExpr(b, v), what: 'length' };
    }
  }

  /** SIZE of a string counts characters: code points for UTF8String and UniversalString. */
  function countExpr(b: BaseModel, v: string): string {
    return b.kind === 'string' && (b.stringType === 'UTF8String' || b.stringType === 'UniversalString') ? `charCount(${v})` : `${v}.length`;
  }

  function ivLit(ivs: readonly Interval[]): string {
    return `[${ivs.map(([a, b]) => `[${numLit(a)}, ${numLit(b)}]`).join(', ')}]`;
  }

  function decodeChecks(t: TypeModel, c: ConstraintModel | undefined, v: string, s: string, e: string): string[] {
    if (!c) return [];
    const out: string[] = [];
    if (c.size) {
      const m = measure(t, v, s, e);
      const size = finalBase(t).kind === 'octetString' ? `${v}.length` : m.size;
      if (c.size.length === 1) out.push(`sizeCheck(${size}, ${numLit(c.size[0][0])}, ${numLit(c.size[0][1])}, ${s}, ${JSON.stringify(m.what)});`);
      else out.push(`sizeIn(${size}, ${ivLit(c.size)}, ${s}, ${JSON.stringify(m.what)});`);
    }
    if (c.value && finalBase(t).kind === 'integer') {
      if (c.value.length === 1) out.push(`rangeCheck(${v}, ${numLit(c.value[0][0])}, ${numLit(c.value[0][1])}, ${s});`);
      else out.push(`valueIn(${v}, ${ivLit(c.value)}, ${s});`);
    }
    return out;
  }

  function encodeChecks(t: TypeModel, c: ConstraintModel | undefined, v: string): string[] {
    if (!c) return [];
    const out: string[] = [];
    const b = finalBase(t);
    if (c.size) {
      const size = b.kind === 'bitString' ? `bitLength(${v})` : countExpr(b, v);
      const what = b.kind === 'bitString' ? 'bit count' : b.kind === 'sequenceOf' || b.kind === 'setOf' ? 'number of items' : 'length';
      if (c.size.length === 1) out.push(`sizeRangeEnc(${size}, ${numLit(c.size[0][0])}, ${numLit(c.size[0][1])}, ${JSON.stringify(what)});`);
      else out.push(`sizeInEnc(${size}, ${ivLit(c.size)}, ${JSON.stringify(what)});`);
    }
    if (c.value && b.kind === 'integer') {
      if (c.value.length === 1) out.push(`valueRangeEnc(${v}, ${numLit(c.value[0][0])}, ${numLit(c.value[0][1])});`);
      else out.push(`valueInEnc(${v}, ${ivLit(c.value)});`);
    }
    return out;
  }

  // ---- decoding ----------------------------------------------------------------------------

  /** Expression decoding the base content (or TLV for choice/any) with header vars. */
  function baseDecodeExpr(b: BaseModel, t: string, s: string, e: string, h: string): string {
    switch (b.kind) {
      case 'boolean':
        return `rBool(r, ${s}, ${e})`;
      case 'null':
        return `rNull(r, ${s}, ${e})`;
      case 'integer':
        return b.big ? `rBigInt(r, ${s}, ${e})` : `rInt(r, ${s}, ${e})`;
      case 'enumerated':
        return `(rEnum(r, ${s}, ${e}, ${enumTable(b)}) as ${tsBase(b)})`;
      case 'bitString':
        return `rBits(r, ${s}, ${e}, ${b.named.length > 0})`;
      case 'octetString':
        return `new Uint8Array(r.buf, r.off + ${s}, ${e} - ${s})`; // rOctets, in line: a zero-copy view
      case 'oid':
        return `rOid(r, ${s}, ${e})`;
      case 'relativeOid':
        return `rRelOid(r, ${s}, ${e})`;
      case 'string':
        return `${stringReader(b.stringType)}(r, ${s}, ${e})`;
      case 'time':
        return b.timeType === 'UTCTime' ? `rUtcTime(r, ${s}, ${e})` : `rGeneralizedTime(r, ${s}, ${e})`;
      case 'any':
        return `rTlv(r, ${h})`;
      case 'ref':
        if (named(b.module, b.name).builtinRedefinition) return `${stringReader(named(b.module, b.name).builtinRedefinition!)}(r, ${s}, ${e})`;
        return `${refFn(b.module, b.name, 'd')}(r, ${t}, ${s}, ${e}, ${h})`;
      default:
        return `d${stem(b)}(r, ${t}, ${s}, ${e}, ${h})`;
    }
  }

  const enumTables = new Map<BaseModel, string>();
  function enumTable(b: Extract<BaseModel, { kind: 'enumerated' }>): string {
    let n = enumTables.get(b);
    if (!n) {
      n = `ENUM${enumTables.size + 1}`;
      enumTables.set(b, n);
    }
    return n;
  }

  /**
   * Statements decoding a value of `t` into `target`, given the header (t,s,e,h) of its
   * outermost TLV, whose tag the caller has matched against the first layer.
   */
  function useDecode(t: TypeModel, vt: string, vs: string, ve: string, vh: string, target: string, checkConstraints: boolean): string[] {
    const out: string[] = [];
    const tlv = isTlv(t);
    const L = t.layers;
    const wrappers = L.length === 0 ? 0 : tlv ? L.length : L.length - 1;
    let [ct, cs, ce, ch] = [vt, vs, ve, vh];
    for (let i = 1; i <= wrappers; i++) {
      const nt = fresh('t');
      const ns = fresh('s');
      const ne = fresh('e');
      const nh = fresh('h');
      out.push(`hdr(r, ${cs}, ${ce});`);
      out.push(`if (r.n !== ${ce}) throw fail('trailing-data', r.n, 'explicit tag holds more than one value');`);
      if (i < L.length) out.push(`if (r.t !== ${hexLit(L[i].packed)}) throw unexpected(r, ${cs}, r.t, ${JSON.stringify(layerText(L[i]) + ' tag ' + L[i].packed.toString(16).toUpperCase())});`);
      else if (!matchAll(t) && !openChoice({ layers: [], base: t.base })) out.push(`if (!(${matchBaseExpr(t, 'r.t')})) throw unexpected(r, ${cs}, r.t, ${JSON.stringify(tagDescBase(t))});`);
      out.push(`const ${nt} = r.t, ${ns} = r.s, ${ne} = r.e, ${nh} = ${cs};`);
      [ct, cs, ce, ch] = [nt, ns, ne, nh];
    }
    out.push(`${target} = ${baseDecodeExpr(t.base, ct, cs, ce, ch)};`);
    if (checkConstraints && t.constraints) out.push(...decodeChecks(t, t.constraints, target, cs, ce));
    return out;
  }

  /** Tag check of the TLV inside the last explicit wrapper of a CHOICE/open type. */
  // Inside the last layer of a CHOICE or open type is one TLV of the base itself. `t.layers`
  // already holds the layers of every type a reference chain goes through, so the tags to
  // match are those of the final base, not of the (tagged) type a reference names.
  function matchAll(t: TypeModel): boolean {
    return firstTags({ layers: [], base: finalBase(t) }) === null;
  }
  function matchBaseExpr(t: TypeModel, v: string): string {
    return matchExpr({ layers: [], base: finalBase(t) }, v);
  }
  function tagDescBase(t: TypeModel): string {
    return tagDesc({ layers: [], base: finalBase(t) });
  }

  function needsUseChecks(t: TypeModel): boolean {
    return t.constraints !== undefined;
  }

  function emitStructDecoder(name: string, b: StructModel, tsT: string): void {
    if (b.kind === 'set') return emitSetDecoder(name, b, tsT);
    o.open(`function d${name}(r: Reader, t: number, s: number, e: number, h: number): ${tsT} {`);
    o.line('enter(r, h);');
    o.line(`let f = ${JSON.stringify(tsName(b.components[0]?.name ?? ''))};`);
    o.open('try {');
    o.line('let p = s, ht = -1, hs = 0, he = 0, hn = 0, hl = 0;');
    o.line('const b = r.b;');
    const vars: string[] = [];
    b.components.forEach((c, ci) => {
      const v = `c_${tsName(c.name)}`;
      vars.push(v);
      o.line(`f = ${JSON.stringify(tsName(c.name))};`);
      // The next header: one-octet tag with a short-form length read in line (most TLVs of
      // these modules), anything else by `hdr`. In line because the calls of a large decoder
      // exhaust the JIT's inlining budget long before its last component.
      o.line('if (ht < 0 && p < e) { ht = b[p]; hl = b[p + 1]; if ((ht & 31) !== 31 && hl < 128 && (hn = p + 2 + hl) <= e) { hs = p + 2; he = hn; } else { hdr(r, p, e); ht = r.t; hs = r.s; he = r.e; hn = r.n; } }');
      o.line(`let ${v}: ${tsType(c.type)}${c.optional && !c.default ? ' | undefined' : ''};`);
      let cond = matchExpr(c.type, 'ht');
      if (!c.optional && !c.default && openChoice(c.type)) {
        // A mandatory extensible CHOICE also takes a tag no later component can have: an
        // alternative added by a later version.
        const later = b.components.slice(ci + 1).map((x) => `(${matchExpr(x.type, 'ht')})`);
        cond = `${cond === 'false' ? '' : `${cond} || `}(ht >= 0${later.length ? ` && !(${later.join(' || ')})` : ''})`;
      }
      o.open(`if (${cond}) {`);
      for (const st of useDecode(c.type, 'ht', 'hs', 'he', 'p', v, needsUseChecks(c.type))) o.line(st);
      if (c.default) o.line(`if (deepEqual(${v}, ${defaultConst(c.default)})) deviation(r, 'default-encoded', p, ${JSON.stringify(`${c.name} encoded with its DEFAULT value`)});`);
      o.line('p = hn;');
      o.line('ht = -1;');
      if (c.default) o.close(`} else ${v} = ${defaultConst(c.default)};`);
      else if (c.optional) o.close();
      else {
        o.close(`} else if (p < e) throw unexpected(r, p, ht, ${JSON.stringify(tagDesc(c.type))});`);
        o.line(`else throw missing(p, ${JSON.stringify(c.name)}, ${JSON.stringify(tagDesc(c.type))});`);
      }
    });
    o.line("f = '';");
    if (b.extensible) o.line('const unknown = p < e ? rUnknown(r, p, e) : undefined;');
    else o.line(`if (p < e) { hdr(r, p, e); throw unexpected(r, p, r.t, 'the end of the ${b.kind.toUpperCase()}'); }`);
    emitValueObject(b, tsT);
    if (b.extensible) o.line('if (unknown !== undefined) v.$unknown = unknown;');
    o.line('r.depth--;');
    o.line('if (r.keep) keepEncoded(r, v, h, e);');
    o.line(`return v as ${tsT};`);
    o.close('} catch (x) {');
    o.line('  throw withPath(x, f);');
    o.line('}');
    o.close();
  }

  /**
   * The decoded value of a SEQUENCE/SET: one object literal with the mandatory (and DEFAULT)
   * components, then each OPTIONAL component that is present, in declaration order, so that
   * absent components are absent properties (DESIGN.md).
   *
   * V8 gives an object made by a literal exactly as many in-object property slots as the
   * literal has keys; each property added later goes to a separate, growing property array
   * (one more allocation, and a copy, every third property). The literal therefore repeats its
   * shortest key once per OPTIONAL component: a repeated key defines nothing more (the
   * object has the same properties, in the same order) but reserves an in-object slot for each
   * optional component. Measured: 2-8% of a profile decode, whose Fcp values carry up to ten
   * optional components. Other engines ignore the repeats; test/der/value-shape.test.ts checks
   * that the values keep their properties and order.
   */
  function emitValueObject(b: StructModel, tsT: string): void {
    const required = b.components.filter((c) => !c.optional || c.default);
    const optional = b.components.filter((c) => c.optional && !c.default);
    const fields = required.map((c) => `${propKey(tsName(c.name))}: c_${tsName(c.name)}`);
    const decl = `const v: { -readonly [K in keyof ${tsT}]: ${tsT}[K] } =`;
    if (required.length === 0 || optional.length === 0) o.line(`${decl} { ${fields.join(', ')} };`);
    else {
      const slot = fields.reduce((a, x) => (x.length < a.length ? x : a));
      o.open(`${decl} {`);
      o.line(`${fields.join(', ')},`);
      o.line('// @ts-expect-error TS1117: the repeated key reserves in-object slots for the OPTIONAL components (emitValueObject)');
      o.line(`${Array.from(optional, () => slot).join(', ')},`);
      o.close('};');
    }
    for (const c of optional) o.line(`if (c_${tsName(c.name)} !== undefined) v${propAccess(tsName(c.name))} = c_${tsName(c.name)};`);
  }

  function propAccess(n: string): string {
    return /^[A-Za-z_$][\w$]*$/.test(n) ? `.${n}` : `[${JSON.stringify(n)}]`;
  }

  function canonicalKey(t: TypeModel): number {
    const tags = firstTags(t);
    if (!tags || tags.length === 0) return Number.MAX_SAFE_INTEGER;
    const l = t.layers[0];
    if (l) return l.cls * 2 ** 24 + l.num;
    return Math.min(...tags);
  }

  function emitSetDecoder(name: string, b: StructModel, tsT: string): void {
    o.open(`function d${name}(r: Reader, t: number, s: number, e: number, h: number): ${tsT} {`);
    o.line('enter(r, h);');
    o.line("let f = '';");
    o.open('try {');
    o.line('let p = s, last = -1;');
    o.line('let unknown: Uint8Array[] | undefined;');
    for (const c of b.components) o.line(`let c_${tsName(c.name)}: ${tsType(c.type)} | undefined;`);
    o.open('while (p < e) {');
    o.line('hdr(r, p, e);');
    o.line('const ht = r.t, hs = r.s, he = r.e, hn = r.n;');
    let first = true;
    for (const c of b.components) {
      const v = `c_${tsName(c.name)}`;
      o.open(`${first ? '' : '} else '}if (${matchExpr(c.type, 'ht')}) {`);
      first = false;
      o.line(`f = ${JSON.stringify(tsName(c.name))};`);
      o.line(`if (${v} !== undefined) throw fail('duplicate-component', p, ${JSON.stringify(`${c.name} appears twice in the SET`)});`);
      o.line(`if (${canonicalKey(c.type)} < last) deviation(r, 'set-order', p, 'SET components not in tag order');`);
      o.line(`last = ${canonicalKey(c.type)};`);
      for (const st of useDecode(c.type, 'ht', 'hs', 'he', 'p', v, needsUseChecks(c.type))) o.line(st);
      o.close('');
    }
    o.lines.pop();
    o.open(`${first ? '{' : '} else {'}`);
    if (b.extensible) o.line('(unknown ??= []).push(r.b.subarray(p, hn));');
    else o.line(`throw unexpected(r, p, ht, 'a component of the SET');`);
    o.close();
    o.line('p = hn;');
    o.close();
    o.line("f = '';");
    for (const c of b.components) {
      const v = `c_${tsName(c.name)}`;
      if (c.default) o.line(`if (${v} === undefined) ${v} = ${defaultConst(c.default)};`);
      else if (!c.optional) o.line(`if (${v} === undefined) throw missing(e, ${JSON.stringify(c.name)}, ${JSON.stringify(tagDesc(c.type))});`);
    }
    emitValueObject(b, tsT);
    if (b.extensible) o.line('if (unknown !== undefined) v.$unknown = unknown;');
    o.line('r.depth--;');
    o.line('if (r.keep) keepEncoded(r, v, h, e);');
    o.line(`return v as ${tsT};`);
    o.close('} catch (x) {');
    o.line('  throw withPath(x, f);');
    o.line('}');
    o.close();
  }

  function emitCollectionDecoder(name: string, b: Extract<BaseModel, { kind: 'sequenceOf' | 'setOf' }>, tsT: string): void {
    const el = b.element;
    o.open(`function d${name}(r: Reader, t: number, s: number, e: number, h: number): ${tsT} {`);
    o.line('enter(r, h);');
    o.line(`const out: (${tsType(el)})[] = [];`);
    o.line('let p = s;');
    if (b.kind === 'setOf') o.line('let ps = -1, pe = 0;');
    o.open('try {');
    o.open('while (p < e) {');
    o.line('hdr(r, p, e);');
    o.line('const ht = r.t, hs = r.s, he = r.e, hn = r.n;');
    if (!openChoice(el)) o.line(`if (!(${matchExpr(el, 'ht')})) throw unexpected(r, p, ht, ${JSON.stringify(tagDesc(el))});`);
    o.line(`let item: ${tsType(el)};`);
    for (const st of useDecode(el, 'ht', 'hs', 'he', 'p', 'item', needsUseChecks(el))) o.line(st);
    if (b.kind === 'setOf') {
      o.line('if (ps >= 0) setOrder(r, ps, pe, p, hn);');
      o.line('ps = p;');
      o.line('pe = hn;');
    }
    o.line('out.push(item);');
    o.line('p = hn;');
    o.close();
    o.close('} catch (x) {');
    o.line('  throw withPath(x, `[${out.length}]`);');
    o.line('}');
    o.line('r.depth--;');
    o.line('return out;');
    o.close();
  }

  function emitChoiceDecoder(name: string, b: ChoiceModel, tsT: string, typeName: string): void {
    o.open(`function d${name}(r: Reader, t: number, s: number, e: number, h: number): ${tsT} {`);
    o.line('enter(r, h);');
    o.line("let f = '';");
    o.open('try {');
    o.line(`let v: ${tsT};`);
    o.open('switch (t) {');
    let anyAlt: (typeof b.alternatives)[number] | undefined;
    for (const a of b.alternatives) {
      const tags = firstTags(a.type);
      if (tags === null) {
        anyAlt = a;
        continue;
      }
      if (tags.length === 0) continue;
      for (const tg of tags) o.line(`case ${hexLit(tg)}:`);
      o.open('{');
      o.line(`f = ${JSON.stringify(tsName(a.name))};`);
      o.line(`let x: ${tsType(a.type)};`);
      for (const st of useDecode(a.type, 't', 's', 'e', 'h', 'x', needsUseChecks(a.type))) o.line(st);
      o.line(`v = { $case: ${JSON.stringify(tsName(a.name))}, value: x };`);
      o.line('break;');
      o.close();
    }
    o.open('default:');
    if (anyAlt) {
      o.line(`f = ${JSON.stringify(tsName(anyAlt.name))};`);
      o.line(`v = { $case: ${JSON.stringify(tsName(anyAlt.name))}, value: rTlv(r, h) };`);
    } else if (b.extensible) o.line("v = { $case: '$unknown', value: rTlv(r, h) };");
    else o.line(`throw unexpected(r, h, t, ${JSON.stringify(`an alternative of ${typeName}`)});`);
    o.dedent();
    o.close();
    o.line('r.depth--;');
    o.line('if (r.keep) keepEncoded(r, v, h, e);');
    o.line('return v;');
    o.close('} catch (x) {');
    o.line('  throw withPath(x, f);');
    o.line('}');
    o.close();
  }

  // ---- encoding ----------------------------------------------------------------------------

  function baseEncode(b: BaseModel, v: string): string {
    switch (b.kind) {
      case 'boolean':
        return `wBool(w, ${v});`;
      case 'null':
        return `wNull(${v});`;
      case 'integer':
        return b.big ? `wBigInt(w, ${v});` : `wInt(w, ${v});`;
      case 'enumerated':
        return `wEnum(w, ${v}, ${enumTable(b)});`;
      case 'bitString':
        return `wBits(w, ${v}, ${b.named.length > 0});`;
      case 'octetString':
        return `wOctets(w, ${v});`;
      case 'oid':
        return `wOid(w, ${v});`;
      case 'relativeOid':
        return `wRelOid(w, ${v});`;
      case 'string':
        return `${stringWriter(b.stringType)}(w, ${v});`;
      case 'time':
        return b.timeType === 'UTCTime' ? `wUtcTime(w, ${v});` : `wGeneralizedTime(w, ${v});`;
      case 'any':
        return `wTlv(w, ${v});`;
      case 'ref':
        if (named(b.module, b.name).builtinRedefinition) return `${stringWriter(named(b.module, b.name).builtinRedefinition!)}(w, ${v});`;
        return `${refFn(b.module, b.name, 'e')}(w, ${v});`;
      default:
        return `e${stem(b)}(w, ${v});`;
    }
  }

  function useEncode(t: TypeModel, v: string, checkConstraints: boolean): string[] {
    const out: string[] = [];
    const m = fresh('m');
    if (checkConstraints && t.constraints) out.push(...encodeChecks(t, t.constraints, v));
    out.push(`const ${m} = mark(w);`);
    out.push(baseEncode(t.base, v));
    for (let i = t.layers.length - 1; i >= 0; i--) out.push(`wHeader(w, ${m}, ${hexLit(t.layers[i].packed)});`);
    return out;
  }

  function emitStructEncoder(name: string, b: StructModel, tsT: string): void {
    o.open(`function e${name}(w: Writer, v: ${tsT}): void {`);
    o.line("if (typeof v !== 'object' || v === null) throw new Asn1EncodeError('bad-value', `expected an object, got ${typeof v}`);");
    o.line("let f = '';");
    o.open('try {');
    let comps = [...b.components];
    if (b.kind === 'set') comps.sort((x, y) => canonicalKey(x.type) - canonicalKey(y.type));
    if (b.extensible) o.line('if (v.$unknown !== undefined) wUnknown(w, v.$unknown);');
    for (const c of comps.reverse()) {
      const x = fresh('x');
      o.line(`f = ${JSON.stringify(tsName(c.name))};`);
      o.line(`const ${x} = v${propAccess(tsName(c.name))};`);
      if (c.default) o.open(`if (${x} !== undefined && !deepEqual(${x}, ${defaultConst(c.default)})) {`);
      else if (c.optional) o.open(`if (${x} !== undefined) {`);
      else {
        o.line(`if (${x} === undefined) throw new Asn1EncodeError('missing-component', ${JSON.stringify(`component ${c.name} is missing`)});`);
        o.open('{');
      }
      for (const st of useEncode(c.type, x, needsUseChecks(c.type))) o.line(st);
      o.close();
    }
    o.close('} catch (x) {');
    o.line('  throw withPath(x, f);');
    o.line('}');
    o.close();
  }

  function emitCollectionEncoder(name: string, b: Extract<BaseModel, { kind: 'sequenceOf' | 'setOf' }>, tsT: string): void {
    o.open(`function e${name}(w: Writer, v: ${tsT}): void {`);
    o.line("if (!Array.isArray(v)) throw new Asn1EncodeError('bad-value', `expected an array, got ${typeof v}`);");
    if (b.kind === 'setOf') {
      o.line('let i = 0;');
      o.open('try {');
      o.open(`wSetOf(w, v, (w: Writer, item: ${tsType(b.element)}) => {`);
      for (const st of useEncode(b.element, 'item', needsUseChecks(b.element))) o.line(st);
      o.line('i++;');
      o.close('});');
      o.close('} catch (x) {');
      o.line('  throw withPath(x, `[${i}]`);');
      o.line('}');
    } else {
      o.line('let i = v.length - 1;');
      o.open('try {');
      o.open('for (; i >= 0; i--) {');
      o.line('const item = v[i];');
      for (const st of useEncode(b.element, 'item', needsUseChecks(b.element))) o.line(st);
      o.close();
      o.close('} catch (x) {');
      o.line('  throw withPath(x, `[${i}]`);');
      o.line('}');
    }
    o.close();
  }

  function emitChoiceEncoder(name: string, b: ChoiceModel, tsT: string): void {
    o.open(`function e${name}(w: Writer, v: ${tsT}): void {`);
    o.line("if (typeof v !== 'object' || v === null) throw new Asn1EncodeError('bad-value', `expected a { $case, value } object, got ${typeof v}`);");
    o.line("let f = '';");
    o.open('try {');
    o.open('switch (v.$case) {');
    for (const a of b.alternatives) {
      o.open(`case ${JSON.stringify(tsName(a.name))}: {`);
      o.line(`f = ${JSON.stringify(tsName(a.name))};`);
      for (const st of useEncode(a.type, 'v.value', needsUseChecks(a.type))) o.line(st);
      o.line('break;');
      o.close();
    }
    if (b.extensible) o.line("case '$unknown': wTlv(w, v.value); break;");
    o.line("default: throw new Asn1EncodeError('bad-choice', `unknown alternative ${JSON.stringify((v as { $case: unknown }).$case)}`);");
    o.close();
    o.close('} catch (x) {');
    o.line('  throw withPath(x, f);');
    o.line('}');
    o.close();
  }

  // ---- JER ---------------------------------------------------------------------------------

  function jerExpr(b: BaseModel, v: string): string {
    switch (b.kind) {
      case 'boolean':
      case 'null':
      case 'enumerated':
      case 'oid':
      case 'relativeOid':
      case 'string':
      case 'time':
        return v;
      case 'integer':
        return b.big ? `bigIntToJer(${v})` : v;
      case 'bitString':
        return `bitsToJer(${v})`;
      case 'octetString':
      case 'any':
        return `toHex(${v})`;
      case 'ref':
        if (named(b.module, b.name).builtinRedefinition) return v;
        return `${refFn(b.module, b.name, 'j')}(${v})`;
      default:
        return `j${stem(b)}(${v})`;
    }
  }

  function fromJerExpr(b: BaseModel, v: string, path: string): string {
    switch (b.kind) {
      case 'boolean':
        return `jBoolean(${v}, ${path})`;
      case 'null':
        return `jNull(${v}, ${path})`;
      case 'integer':
        return b.big ? `jBigInt(${v}, ${path})` : `jInteger(${v}, ${path})`;
      case 'enumerated':
        return `(jEnum(${v}, ${path}, ${enumTable(b)}) as ${tsBase(b)})`;
      case 'bitString':
        return `jBits(${v}, ${path})`;
      case 'octetString':
      case 'any':
        return `fromHex(${v}, ${path})`;
      case 'oid':
      case 'relativeOid':
      case 'string':
      case 'time':
        return `jString(${v}, ${path})`;
      case 'ref':
        if (named(b.module, b.name).builtinRedefinition) return `jString(${v}, ${path})`;
        return `${refFn(b.module, b.name, 'f')}(${v}, ${path})`;
      default:
        return `f${stem(b)}(${v}, ${path})`;
    }
  }

  function emitStructJer(name: string, b: StructModel, tsT: string): void {
    o.open(`function j${name}(v: ${tsT}): JsonValue {`);
    o.line('const o: { [k: string]: JsonValue } = {};');
    for (const c of b.components) {
      const acc = `v${propAccess(tsName(c.name))}`;
      const set = `o[${JSON.stringify(c.name)}] = ${jerExpr(c.type.base, acc)};`;
      o.line(c.optional ? `if (${acc} !== undefined) ${set}` : set);
    }
    if (b.extensible) o.line('if (v.$unknown !== undefined) o.$unknown = v.$unknown.map(toHex);');
    o.line('return o;');
    o.close();
    const known = `KNOWN${name}`;
    knownSets.push(`const ${known} = /*@__PURE__*/ new Set(${JSON.stringify(b.components.map((c) => c.name))});`);
    o.open(`function f${name}(j: unknown, path: string): ${tsT} {`);
    o.line('const o = jObject(j, path);');
    o.line(`jNoExtraMembers(o, ${known}, path);`);
    o.line(`const v: { -readonly [K in keyof ${tsT}]: ${tsT}[K] } = {} as never;`);
    for (const c of b.components) {
      const m = `o[${JSON.stringify(c.name)}]`;
      const p = `path + ${JSON.stringify('.' + c.name)}`;
      const assign = `v${propAccess(tsName(c.name))} = ${fromJerExpr(c.type.base, m, p)};`;
      if (c.default) o.line(`if (${m} !== undefined) ${assign} else v${propAccess(tsName(c.name))} = ${defaultConst(c.default)};`);
      else if (c.optional) o.line(`if (${m} !== undefined) ${assign}`);
      else o.line(`if (${m} === undefined) throw new JerError(path, ${JSON.stringify(`member ${c.name} is missing`)}); ${assign}`);
    }
    if (b.extensible) o.line("if (o.$unknown !== undefined) v.$unknown = jUnknown(o.$unknown, path + '.$unknown');");
    o.line(`return v as ${tsT};`);
    o.close();
  }

  const knownSets: string[] = [];

  function emitCollectionJer(name: string, b: Extract<BaseModel, { kind: 'sequenceOf' | 'setOf' }>, tsT: string): void {
    o.line(`function j${name}(v: ${tsT}): JsonValue { return v.map((x) => ${jerExpr(b.element.base, 'x')}); }`);
    o.line(`function f${name}(j: unknown, path: string): ${tsT} { return jArray(j, path).map((x, i) => ${fromJerExpr(b.element.base, 'x', 'path + `[${i}]`')}); }`);
  }

  function emitChoiceJer(name: string, b: ChoiceModel, tsT: string): void {
    o.open(`function j${name}(v: ${tsT}): JsonValue {`);
    o.open('switch (v.$case) {');
    for (const a of b.alternatives) o.line(`case ${JSON.stringify(tsName(a.name))}: return { ${JSON.stringify(a.name)}: ${jerExpr(a.type.base, 'v.value')} };`);
    if (b.extensible) o.line("case '$unknown': return { $unknown: toHex(v.value) };");
    o.close();
    o.line("throw new Asn1EncodeError('bad-choice', `unknown alternative ${JSON.stringify((v as { $case: unknown }).$case)}`);");
    o.close();
    o.open(`function f${name}(j: unknown, path: string): ${tsT} {`);
    o.line('const [k, x] = jChoice(j, path);');
    o.open('switch (k) {');
    for (const a of b.alternatives) o.line(`case ${JSON.stringify(a.name)}: return { $case: ${JSON.stringify(tsName(a.name))}, value: ${fromJerExpr(a.type.base, 'x', `path + ${JSON.stringify('.' + a.name)}`)} };`);
    if (b.extensible) o.line("case '$unknown': return { $case: '$unknown', value: fromHex(x, path + '.$unknown') };");
    o.close();
    o.line('throw new JerError(path, `unknown alternative ${JSON.stringify(k)}`);');
    o.close();
  }

  // ---- defaults ----------------------------------------------------------------------------

  const defaults: string[] = [];
  const defaultNames = new Map<string, string>();
  function defaultConst(d: DefaultValue): string {
    const lit = defaultLiteral(d);
    if (/^(-?\d+n?|true|false|null|"[^"]*")$/.test(lit)) return lit;
    let n = defaultNames.get(lit);
    if (!n) {
      n = `DEFAULT${defaultNames.size + 1}`;
      defaultNames.set(lit, n);
      defaults.push(`const ${n} = /*@__PURE__*/ ${lit};`);
    }
    return n;
  }

  function defaultLiteral(d: DefaultValue): string {
    switch (d.kind) {
      case 'boolean':
        return String(d.value);
      case 'null':
        return 'null';
      case 'number':
        return String(d.value);
      case 'bigint':
        return `${d.value}n`;
      case 'enumerated':
      case 'string':
      case 'oid':
        return JSON.stringify(d.value);
      case 'bytes':
        return `hexBytes(${JSON.stringify(d.hex)})`;
      case 'bits':
        return `{ bytes: hexBytes(${JSON.stringify(d.hex)}), unusedBits: ${d.unusedBits} }`;
      case 'list':
        return `[${d.items.map(defaultLiteral).join(', ')}]`;
      case 'struct':
        return `{ ${d.members.map(([k, v]) => `${propKey(tsName(k))}: ${defaultLiteral(v)}`).join(', ')} }`;
    }
  }

  // ---- per named type ----------------------------------------------------------------------

  function emitBaseFunctions(stemName: string, b: BaseModel, tsT: string, typeName: string, own: TypeModel | undefined): void {
    switch (b.kind) {
      case 'sequence':
      case 'set':
        emitStructDecoder(stemName, b, tsT);
        emitStructEncoder(stemName, b, tsT);
        emitStructJer(stemName, b, tsT);
        return;
      case 'sequenceOf':
      case 'setOf':
        emitCollectionDecoder(stemName, b, tsT);
        emitCollectionEncoder(stemName, b, tsT);
        emitCollectionJer(stemName, b, tsT);
        return;
      case 'choice':
        emitChoiceDecoder(stemName, b, tsT, typeName);
        emitChoiceEncoder(stemName, b, tsT);
        emitChoiceJer(stemName, b, tsT);
        return;
      default: {
        // A named type over a primitive or another named type: its own constraints are checked here.
        const t: TypeModel = own ?? { layers: [], base: b };
        o.open(`function d${stemName}(r: Reader, t: number, s: number, e: number, h: number): ${tsT} {`);
        o.line(`const v = ${baseDecodeExpr(b, 't', 's', 'e', 'h')};`);
        for (const st of decodeChecks(t, t.constraints, 'v', 's', 'e')) o.line(st);
        o.line('return v;');
        o.close();
        o.open(`function e${stemName}(w: Writer, v: ${tsT}): void {`);
        for (const st of encodeChecks(t, t.constraints, 'v')) o.line(st);
        o.line(baseEncode(b, 'v'));
        o.close();
        o.line(`function j${stemName}(v: ${tsT}): JsonValue { return ${jerExpr(b, 'v')}; }`);
        o.line(`function f${stemName}(j: unknown, path: string): ${tsT} { return ${fromJerExpr(b, 'j', 'path')}; }`);
      }
    }
  }

  const body = new Out();
  const header: string[] = [];

  function docComment(t: NamedTypeModel): string[] {
    const lines = t.text.replace(/\*\//g, '*\\/').split('\n');
    return ['/**', ` * ${t.module}.${t.name} — ${t.pos.file.split('/').pop()}:${t.pos.line}`, ' *', ' * ```asn1', ...lines.map((l) => ` * ${l.replace(/\s+$/, '')}`), ' * ```', ' */'];
  }

  for (const t of mod.types) {
    const n = tsName(t.name);
    const b = t.type.base;
    const stemName = `_${n}`;
    for (const l of docComment(t)) o.line(l);
    const tsT = tsBase(b);
    if (b.kind === 'sequence' || b.kind === 'set') o.line(`export interface ${n} ${tsT}`);
    else o.line(`export type ${n} = ${tsT};`);
    emitBaseFunctions(stemName, b, n, t.name, t.type);
    // Top-level read of a complete TLV.
    o.open(`function x_${n}(r: Reader, limit: number): ${n} {`);
    o.line('hdr(r, 0, limit);');
    o.line('const t = r.t, s = r.s, e = r.e, n = r.n;');
    const topType: TypeModel = { layers: t.type.layers, base: { kind: 'ref', module: mod.name, name: t.name } };
    if (!openChoice(t.type)) o.line(`if (!(${matchExpr(t.type, 't')})) throw unexpected(r, 0, t, ${JSON.stringify(tagDesc(t.type))});`);
    o.line(`let v: ${n};`);
    for (const st of useDecode(topType, 't', 's', 'e', '0', 'v', false)) o.line(st);
    o.line('r.n = n;');
    o.line('return v;');
    o.close();
    o.open(`function w_${n}(w: Writer, v: ${n}): void {`);
    for (const st of useEncode(topType, 'v', false)) o.line(st);
    o.close();
    const tags = firstTags(t.type);
    const extra: string[] = [];
    if (b.kind === 'integer' && b.named.length) extra.push(`values: { ${b.named.map(([k, v]) => `${propKey(tsName(k))}: ${v}`).join(', ')} } as const`);
    if (b.kind === 'enumerated') extra.push(`values: { ${b.items.map(([k, v]) => `${propKey(tsName(k))}: ${v}`).join(', ')} } as const`);
    if (b.kind === 'bitString' && b.named.length) extra.push(`bits: { ${b.named.map(([k, v]) => `${propKey(tsName(k))}: ${v}`).join(', ')} } as const`);
    o.line(`/** Codec of {@link ${n}}: \`${n}.decode(bytes)\`, \`${n}.encode(value)\`, \`${n}.toJer(value)\`, \`${n}.fromJer(json)\`. */`);
    o.open(`export const ${n} = {`);
    o.line(`typeName: ${JSON.stringify(t.name)},`);
    o.line(`moduleName: ${JSON.stringify(mod.name)},`);
    o.line(`tags: ${tags === null ? 'null' : `[${tags.map(hexLit).join(', ')}]`},`);
    o.line(`decode: (bytes: Uint8Array, options?: DecodeOptions): ${n} => decodeTop(bytes, options, ${JSON.stringify(t.name)}, x_${n}),`);
    o.line(`encode: (value: ${n}): Uint8Array => encodeTop(value, ${JSON.stringify(t.name)}, w_${n}),`);
    o.line(`toJer: j_${n},`);
    o.line(`fromJer: (json: unknown): ${n} => f_${n}(json, ${JSON.stringify(t.name)}),`);
    o.line(`/** @internal */ $d: d_${n},`);
    o.line(`/** @internal */ $e: e_${n},`);
    o.line(`/** @internal */ $f: f_${n},`);
    for (const x of extra) o.line(`${x},`);
    o.close('};');
    o.line('');
    // Anonymous inner types reached from this type.
    while (anon.length) {
      const a = anon.shift()!;
      const s = stemOf.get(a)!;
      emitBaseFunctions(s, a, tsBase(a), t.name, undefined);
      o.line('');
    }
  }

  // Values
  const valueLines: string[] = [];
  for (const v of mod.values) {
    const lit = v.value.kind === 'integer' ? (v.value.value >= BigInt(Number.MIN_SAFE_INTEGER) && v.value.value <= BigInt(Number.MAX_SAFE_INTEGER) ? String(v.value.value) : `${v.value.value}n`) : JSON.stringify(v.value.value);
    valueLines.push(`/** ${v.module}.${v.name} — \`${v.text.replace(/\s+/g, ' ').replace(/\*\//g, '*\\/')}\` */`);
    valueLines.push(`export const ${tsName(v.name)} = ${lit};`);
  }

  // Header and imports
  header.push(`// Generated by the sgp32 ASN.1 compiler from ${mod.file.split('/').pop()} (module ${mod.name}) — do not edit.`);
  header.push(`// Regenerate with: ${options.command ?? 'npm run gen'}`);
  header.push('/* eslint-disable */');
  header.push('');
  header.push('import {');
  header.push('  type BitString, type DecodeOptions, type JsonValue, type Reader, type Writer,');
  header.push('  Asn1EncodeError, JerError, mark, bigIntToJer, bitLength, bitsToJer, charCount, compareEncodings, decodeTop, deepEqual, deviation, encodeTop, enter, fail, fromHex, hdr, hexBytes,');
  header.push('  jArray, jBigInt, jBits, jBoolean, jChoice, jEnum, jInteger, jNoExtraMembers, jNull, jObject, jString, jUnknown, keepEncoded, missing, rangeCheck, rBigInt, rBits, rBmp, rBool,');
  header.push('  rEnum, rGeneralizedTime, rIa5, rInt, rLatin1, rNull, rNumeric, rOctets, rOid, rPrintable, rRelOid, rTlv, rUnknown, rUniversal, rUtcTime, rUtf8, rVisible, setOrder, sizeCheck, sizeIn,');
  header.push('  sizeInEnc, sizeRangeEnc, toHex, unexpected, utf8Count, valueIn, valueInEnc, valueRangeEnc, wBigInt, wBits, wBmp, wBool, wEnum, wGeneralizedTime, wHeader, wIa5, wInt, wLatin1, wNull, wNumeric, wOctets, wOid,');
  header.push('  wPrintable, wRelOid, wSetOf, wTlv, wUnknown, wUniversal, wUtcTime, wUtf8, wVisible, withPath,');
  header.push(`} from ${JSON.stringify(runtime)};`);
  const byModule = new Map<string, string[]>();
  for (const [n, m] of imported) {
    if (m === mod.name) continue;
    if (!byModule.has(m)) byModule.set(m, []);
    byModule.get(m)!.push(n);
  }
  for (const [m, names] of [...byModule].sort()) header.push(`import { ${names.sort().join(', ')} } from ${JSON.stringify(modPath(m))};`);
  header.push('');
  for (const [key, n] of tagSets) header.push(`const ${n} = /*@__PURE__*/ new Set([${key.split(',').map((x) => hexLit(Number(x))).join(', ')}]);`);
  for (const [b, n] of enumTables) {
    const eb = b as Extract<BaseModel, { kind: 'enumerated' }>;
    header.push(`const ${n} = { names: /*@__PURE__*/ new Map<number, string>([${eb.items.map(([k, v]) => `[${v}, ${JSON.stringify(k)}]`).join(', ')}]), values: /*@__PURE__*/ new Map<string, number>([${eb.items.map(([k, v]) => `[${JSON.stringify(k)}, ${v}]`).join(', ')}]) } as const;`);
  }
  header.push(...defaults);
  header.push(...knownSets);
  header.push('');
  if (valueLines.length) header.push(...valueLines, '');
  void body;
  return [...header, ...o.lines, ''].join('\n');
}

function stringReader(t: string): string {
  switch (t) {
    case 'UTF8String':
      return 'rUtf8';
    case 'PrintableString':
      return 'rPrintable';
    case 'NumericString':
      return 'rNumeric';
    case 'IA5String':
      return 'rIa5';
    case 'VisibleString':
    case 'ISO646String':
      return 'rVisible';
    case 'BMPString':
      return 'rBmp';
    case 'UniversalString':
      return 'rUniversal';
    default:
      return 'rLatin1';
  }
}

function stringWriter(t: string): string {
  switch (t) {
    case 'UTF8String':
      return 'wUtf8';
    case 'PrintableString':
      return 'wPrintable';
    case 'NumericString':
      return 'wNumeric';
    case 'IA5String':
      return 'wIa5';
    case 'VisibleString':
    case 'ISO646String':
      return 'wVisible';
    case 'BMPString':
      return 'wBmp';
    case 'UniversalString':
      return 'wUniversal';
    default:
      return 'wLatin1';
  }
}

export type { ComponentModel };
