/**
 * What every part of the emitter shares while it writes one module: the model look-ups
 * (references, first tags, CHOICE openness), the names of helper functions and module-level
 * constants, and the file being written.
 *
 * @module
 */
import type { BaseModel, DefaultValue, ModuleModel, NamedTypeModel, ProgramModel, TypeModel } from '../model.js';
import { firstTagsOf, isSegmentable, packTag, tagHexOf } from '../model.js';
import type { GeneratedFile } from './file.js';

/** TypeScript identifier of an ASN.1 name: hyphens become underscores. */
export function tsName(name: string): string {
  return name.replace(/-/g, '_');
}

/** A property key as written in TypeScript source. */
export function propKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

/** `.name` or `["name"]`. */
export function propAccess(n: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(n) ? `.${n}` : `[${JSON.stringify(n)}]`;
}

export function hexLit(n: number): string {
  return '0x' + n.toString(16);
}

export function numLit(v: number | bigint): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(v);
}

/** A list of intervals as a literal: `[[1, 128], [130, Infinity]]`. */
export function ivLit(ivs: readonly (readonly [number | bigint, number | bigint])[]): string {
  return `[${ivs.map(([a, b]) => `[${numLit(a)}, ${numLit(b)}]`).join(', ')}]`;
}

/** The `what` argument of the runtime's SIZE checks: omitted for `length`, their default. */
export function whatArg(what: string): string {
  return what === 'length' ? '' : `, ${JSON.stringify(what)}`;
}

/** Runtime reader/writer stems of the character string types (`rUtf8`, `wUtf8`); others are 1-octet strings. */
const STRING_STEMS: Record<string, string> = {
  UTF8String: 'Utf8',
  PrintableString: 'Printable',
  NumericString: 'Numeric',
  IA5String: 'Ia5',
  VisibleString: 'Visible',
  ISO646String: 'Visible',
  BMPString: 'Bmp',
  UniversalString: 'Universal',
};

/**
 * The runtime function that reads (`r`: the content range; `s`: the content range and the TLV
 * start, in either the primitive or the constructed form) or writes (`w`) a character string type.
 */
export function stringFn(ctx: EmitContext, dir: 'r' | 's' | 'w', stringType: string): string {
  return ctx.file.rt(dir + (STRING_STEMS[stringType] ?? 'Latin1'));
}

/** Closes a composite's `try` block: the path grows by `segment` while an error unwinds. */
export function withPathCatch(ctx: EmitContext, segment: string): void {
  ctx.file.close('} catch (x) {');
  ctx.file.line(`  throw ${ctx.file.rt('withPath')}(x, ${segment});`);
  ctx.file.line('}');
}

/**
 * Closes the `try` block of a SEQUENCE/SET/CHOICE coder whose `f` holds the index of the
 * member being read or written (-1 before the first): the path grows by that member's name.
 * The names are one module-level array per member list, shared by the decoder and the encoder.
 */
export function memberCatch(ctx: EmitContext, names: readonly string[]): void {
  ctx.file.close('} catch (x) {');
  ctx.file.line(`  throw ${ctx.file.rt('withMember')}(x, ${ctx.memberNames(names)}, f);`);
  ctx.file.line('}');
}

export type EnumBase = Extract<BaseModel, { kind: 'enumerated' }>;

export interface EmitContext {
  readonly program: ProgramModel;
  readonly mod: ModuleModel;
  readonly file: GeneratedFile;
  named(module: string, name: string): NamedTypeModel;
  /** Follows references to the defining base. */
  finalBase(t: TypeModel): BaseModel;
  /** Identifier octets an encoding of `t` can start with; null = any tag. */
  firstTags(t: TypeModel): number[] | null;
  /** CHOICE or open type: decoded from its complete TLV. */
  isTlv(t: TypeModel): boolean;
  /** An untagged extensible CHOICE (a tag none of its alternatives has may be a later one). */
  openChoice(t: TypeModel): boolean;
  /** `tag 30`, `one of the tags …`, `any tag`. */
  tagDesc(t: TypeModel): string;
  /** The expected-tag argument of the runtime's errors: the packed tag when there is one, else {@link tagDesc}'s text. */
  tagArg(t: TypeModel): string;
  /**
   * A boolean expression: `v` is one of the first tags of `t`, or the constructed form of a
   * string's own tag (lenient mode reads segmented strings; strict mode refuses them by name).
   */
  matchExpr(t: TypeModel, v: string): string;
  /** {@link firstTags}, with the constructed form of each string's own tag: the tags a decoder takes. */
  matchTags(t: TypeModel): number[] | null;
  /** A boolean expression: `v` is the tag of layer `i` of `t` (for a string's own layer, in either form). */
  layerMatch(t: TypeModel, i: number, v: string): string;
  /** Name stem of the functions of a base: `_Name` for named types, `$id` for anonymous ones. */
  stem(b: BaseModel): string;
  /** Anonymous bases whose functions are still to be written. */
  readonly pending: BaseModel[];
  /** A fresh local variable name. */
  fresh(prefix: string): string;
  /** Starts the numbering of {@link fresh} names again (at each generated function: they are its locals). */
  resetFresh(): void;
  /** The module-level table of an ENUMERATED base. */
  enumTable(b: EnumBase): string;
  /**
   * The module-level array of member names, in ASN.1 spelling: messages name members so, and
   * {@link memberCatch}'s `withMember` turns them into property names for paths. Equal lists
   * share one array.
   */
  memberNames(names: readonly string[]): string;
  /** A DEFAULT value as an expression (a module-level constant unless it is a simple literal). */
  defaultConst(d: DefaultValue): string;
  /** The generated decoder or encoder of a named type, local or in another module. */
  refFn(module: string, name: string, fn: 'd' | 'e'): string;
  /** The name of a named type in this file (imported when another module defines it). */
  refName(module: string, name: string): string;
}

export function createContext(program: ProgramModel, mod: ModuleModel, file: GeneratedFile): EmitContext {
  const local = new Set(mod.types.map((t) => t.name));
  const stems = new Map<BaseModel, string>();
  for (const t of mod.types) stems.set(t.type.base, `_${tsName(t.name)}`);
  const pending: BaseModel[] = [];
  let counter = 0;
  const tagSets = new Map<string, string>();
  const enumTables = new Map<BaseModel, string>();
  const defaults = new Map<string, string>();
  const nameLists = new Map<string, string>();

  const named = (module: string, name: string) => program.type(module, name);
  function finalBase(t: TypeModel): BaseModel {
    let b = t.base;
    for (let i = 0; b.kind === 'ref' && i < 64; i++) b = named(b.module, b.name).type.base;
    return b;
  }
  const firstTags = (t: TypeModel) => firstTagsOf(t, (m, n) => named(m, n).type.base);

  function tagSetName(tags: number[]): string {
    const key = tags.join(',');
    let n = tagSets.get(key);
    if (!n) {
      n = `TAGS${tagSets.size + 1}`;
      tagSets.set(key, n);
      file.preamble(`const ${n} = /*@__PURE__*/ new Set([${tags.map(hexLit).join(', ')}]);`);
    }
    return n;
  }

  const ctx: EmitContext = {
    program,
    mod,
    file,
    named,
    finalBase,
    firstTags,
    isTlv(t) {
      const b = finalBase(t);
      return b.kind === 'choice' || b.kind === 'any';
    },
    openChoice(t) {
      if (t.layers.length > 0) return false;
      const b = finalBase(t);
      return b.kind === 'choice' && b.extensible;
    },
    tagDesc(t) {
      const tags = firstTags(t);
      if (tags === null) return 'any tag';
      if (tags.length === 1) return `tag ${tagHexOf(tags[0])}`;
      return `one of the tags ${tags.map(tagHexOf).join(' ')}`;
    },
    tagArg(t) {
      const tags = firstTags(t);
      return tags !== null && tags.length === 1 ? hexLit(tags[0]) : JSON.stringify(ctx.tagDesc(t));
    },
    matchExpr(t, v) {
      const tags = ctx.matchTags(t);
      if (tags === null) return `${v} >= 0`;
      if (tags.length === 0) return 'false';
      const terms = tagTerms(tags, v);
      if (terms.length <= 4) return terms.join(' || ');
      return `${tagSetName(tags)}.has(${v})`;
    },
    matchTags: (t) => firstTagsOf(t, (m, n) => named(m, n).type.base, new Set(), true),
    layerMatch(t, i, v) {
      const l = t.layers[i];
      if (i !== t.layers.length - 1 || l.constructed || !isSegmentable(t.base, (m, n) => named(m, n).type.base)) return `${v} === ${hexLit(l.packed)}`;
      return tagTerms([l.packed, packTag(l.cls, l.num, true)], v).join(' || ');
    },
    stem(b) {
      let s = stems.get(b);
      if (s === undefined) {
        s = `$${(b as { id: string }).id}`;
        stems.set(b, s);
        pending.push(b);
      }
      return s;
    },
    pending,
    fresh: (p) => `${p}${++counter}`,
    resetFresh() {
      counter = 0;
    },
    enumTable(b) {
      let n = enumTables.get(b);
      if (!n) {
        n = `ENUM${enumTables.size + 1}`;
        enumTables.set(b, n);
        const items = b.items.map(([k, v]) => `${propKey(k)}: ${v}`).join(', ');
        file.preamble(`const ${n} = /*@__PURE__*/ ${file.rt('enumTable')}({ ${items} } as const${b.extensible ? ', 1' : ''});`);
      }
      return n;
    },
    memberNames(names) {
      const lit = `[${names.map((n) => JSON.stringify(n)).join(', ')}]`;
      let n = nameLists.get(lit);
      if (!n) {
        n = `NAMES${nameLists.size + 1}`;
        nameLists.set(lit, n);
        file.preamble(`const ${n}${names.length ? '' : ': readonly string[]'} = ${lit};`);
      }
      return n;
    },
    defaultConst(d) {
      const lit = defaultLiteral(ctx, d);
      if (/^(-?\d+n?|true|false|null|"[^"]*")$/.test(lit)) return lit;
      let n = defaults.get(lit);
      if (!n) {
        n = `DEFAULT${defaults.size + 1}`;
        defaults.set(lit, n);
        file.preamble(`const ${n} = /*@__PURE__*/ ${lit};`);
      }
      return n;
    },
    refFn(module, name, fn) {
      if (module === mod.name && local.has(name)) return `${fn}_${tsName(name)}`;
      return `${file.sibling(module, tsName(name))}.$${fn}`;
    },
    refName(module, name) {
      if (module === mod.name && local.has(name)) return tsName(name);
      return file.sibling(module, tsName(name));
    },
  };
  return ctx;
}

/**
 * The tests of `v` against `tags`, one per tag, except that a one-octet primitive tag and its
 * constructed form are tested together (`(v | 32) === 0xa0` for 80 and A0).
 */
function tagTerms(tags: readonly number[], v: string): string[] {
  const all = new Set(tags);
  const out: string[] = [];
  for (const x of tags) {
    const single = x < 0x100;
    if (single && (x & 0x20) === 0 && all.has(x | 0x20)) out.push(`(${v} | 32) === ${hexLit(x | 0x20)}`);
    else if (!(single && (x & 0x20) !== 0 && all.has(x & ~0x20))) out.push(`${v} === ${hexLit(x)}`);
  }
  return out;
}

function defaultLiteral(ctx: EmitContext, d: DefaultValue): string {
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
      return `${ctx.file.rt('hexBytes')}(${JSON.stringify(d.hex)})`;
    case 'bits':
      return `{ bytes: ${ctx.file.rt('hexBytes')}(${JSON.stringify(d.hex)}), unusedBits: ${d.unusedBits} }`;
    case 'list':
      return `[${d.items.map((x) => defaultLiteral(ctx, x)).join(', ')}]`;
    case 'struct':
      return `{ ${d.members.map(([k, v]) => `${propKey(tsName(k))}: ${defaultLiteral(ctx, v)}`).join(', ')} }`;
  }
}
