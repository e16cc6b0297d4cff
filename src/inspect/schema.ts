/**
 * Look-ups over the type descriptors of a registry (every function that looks a name up takes
 * the registry as its last argument; `sgp32/inspect` binds the default one, see defaults.ts):
 * type names as users type them, first tags, the codec of a type, and the compact
 * `SchemaType` view of a descriptor that the tree view and detection walk.
 *
 * @module
 */
import type { Codec } from '../der/codec.js';
import type { BaseDesc, RefDesc, TypeDesc } from '../der/descriptor.js';
import type { Registry } from '../der/registry.js';

/**
 * The registry an option bag names. The modules of src/inspect require it (so that a bundle
 * carries only the modules its caller registers); `sgp32/inspect`'s functions default it to
 * every generated module.
 */
export interface InRegistry {
  readonly registry: Registry;
}

/** Named numbers, named bits or ENUMERATED items: `[identifier, number]`. */
export type SchemaNamed = readonly (readonly [string, number])[];
/** A component or alternative: `[name, type, flags]` (flags: 1 OPTIONAL, 2 DEFAULT, 4 extension addition). */
export type SchemaMember = readonly [string, SchemaType, number];
/**
 * One type as the tree view reads it: its TLV layers (packed identifier octets, outermost
 * first; for CHOICE, open types and references to them every layer is an explicit wrapper,
 * otherwise the last layer holds the content) and its base kind. Derived from the type's
 * descriptor (src/der/descriptor.ts).
 */
export type SchemaType =
  | readonly [readonly number[], 'bool' | 'null' | 'octets' | 'oid' | 'roid' | 'any']
  | readonly [readonly number[], 'int' | 'bits', SchemaNamed?]
  | readonly [readonly number[], 'enum', SchemaNamed]
  | readonly [readonly number[], 'str' | 'time' | 'ref', string]
  | readonly [readonly number[], 'seq' | 'set' | 'choice', readonly SchemaMember[]]
  | readonly [readonly number[], 'seqOf' | 'setOf', SchemaType];

const PLAIN: Readonly<Record<string, string>> = { bool: 'bool', null: 'null', int: 'int', big: 'int', octets: 'octets', oid: 'oid', roid: 'roid', any: 'any', bits: 'bits' };

/** The schema view of a use of a type: layers and base. */
function schemaOf(layers: readonly number[], base: BaseDesc): SchemaType {
  if (typeof base === 'string') {
    const plain = PLAIN[base];
    if (plain) return [layers, plain] as SchemaType;
    return [layers, base === 'UTCTime' || base === 'GeneralizedTime' ? 'time' : 'str', base];
  }
  if (typeof base === 'function') {
    const d = base().desc;
    const view: SchemaType = [layers, 'ref', `${d.module}.${d.name}`];
    refTargets.set(view, base);
    return view;
  }
  switch (base.k) {
    case 'int':
    case 'bits':
    case 'enum':
      return [layers, base.k, Object.entries(base.n)] as SchemaType;
    case 'seq':
    case 'set':
      return [layers, base.k, base.c.map((c) => [c[0], schemaOf(c[1], c[2]), c[3] ?? 0] as const)];
    case 'choice':
      return [layers, 'choice', base.a.map((a) => [a[0], schemaOf(a[1], a[2]), a[3] ?? 0] as const)];
    case 'seqOf':
    case 'setOf':
      return [layers, base.k, schemaOf(base.e[0], base.e[1])];
  }
}

/**
 * Views of named types, one per descriptor: a view depends on the descriptor alone, never on
 * the registry that led to it, so registries share them.
 */
const views = /*@__PURE__*/ new WeakMap<TypeDesc, SchemaType>();
/** The descriptor a `ref` view points at (the name in the view is for people). */
const refTargets = /*@__PURE__*/ new WeakMap<SchemaType, RefDesc>();

/** The schema view of a named type's descriptor. */
export function schemaOfDesc(desc: TypeDesc): SchemaType {
  let v = views.get(desc);
  if (v === undefined) views.set(desc, (v = schemaOf(desc.layers, desc.base)));
  return v;
}

/** The namespace each module of `registry` is exported under (`SGP32Definitions` → `Sgp32`), where it has one. */
export function moduleNamespaces(registry: Registry): Readonly<Record<string, string>> {
  return Object.fromEntries(registry.modules.flatMap((m) => (m.namespace ? [[m.name, m.namespace]] : [])));
}

/** The modules of the registry, in its order (the order bare names resolve in). */
export function schemaModules(registry: Registry): readonly string[] {
  return registry.modules.map((m) => m.name);
}

/** Every type as `Module.Name`, in source order per module. */
export function schemaTypeNames(registry: Registry): readonly string[] {
  return registry.typeNames();
}

/** The schema entry of a type given as `Module.Name` (ASN.1 spelling), or undefined. */
export function schemaType(qualified: string, registry: Registry): SchemaType | undefined {
  const c = registry.type(qualified);
  return c === undefined ? undefined : schemaOfDesc(c.desc);
}

/** The name the registry's modules give an OBJECT IDENTIFIER (first module wins). */
export function oidValueName(oid: string, registry: Registry): string | undefined {
  return registry.oidName(oid);
}

/** Splits `Module.Name` into its two parts. */
export function splitQualified(qualified: string): { module: string; name: string } {
  const dot = qualified.indexOf('.');
  return { module: qualified.slice(0, dot), name: qualified.slice(dot + 1) };
}

/**
 * Canonical module name for what a user typed: the module name or its namespace alias
 * (`Sgp32`, `Rsp`, `Saip`, `Pkix`, `PkixImplicit` in the default registry), case-insensitive.
 * Undefined when the registry has no such module.
 */
export function resolveModuleName(input: string, registry: Registry): string | undefined {
  const low = input.toLowerCase();
  return registry.modules.find((m) => m.name.toLowerCase() === low || m.namespace?.toLowerCase() === low)?.name;
}

/**
 * The `Module.Name` of a type as a user writes it: `Module.Type`, `Namespace.Type`
 * (`Sgp32.EUICCInfo2`) or a bare `Type`, hyphens or underscores alike. A bare name defined in
 * several modules resolves to the first module of the registry that defines it (in the default
 * registry SGP32Definitions, then RSPDefinitions, PEDefinitions and the PKIX modules).
 * Returns undefined when no type has that name.
 */
export function resolveTypeName(input: string, registry: Registry): string | undefined {
  const norm = (s: string) => s.replace(/_/g, '-');
  const dot = input.indexOf('.');
  if (dot > 0) {
    const m = resolveModuleName(input.slice(0, dot), registry);
    if (!m) return undefined;
    const q = `${m}.${norm(input.slice(dot + 1))}`;
    return registry.type(q) ? q : undefined;
  }
  // ASN.1 identifiers cannot contain underscores: they stand for hyphens (PE_Dummy = PE-Dummy).
  for (const m of registry.modules) {
    const q = `${m.name}.${norm(input)}`;
    if (registry.type(q)) return q;
  }
  return undefined;
}

/** Edit distance of two short strings (Levenshtein). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Type names close to `input` (same name in another case, containing it, or at most two edits
 * away), for "did you mean".
 */
export function similarTypeNames(input: string, limit: number, registry: Registry): string[] {
  const low = input.toLowerCase().replace(/^[^.]*\./, '').replace(/_/g, '-');
  const out: string[] = [];
  for (const q of registry.typeNames()) {
    const n = splitQualified(q).name.toLowerCase();
    if (n === low || (low.length >= 4 && n.includes(low)) || (low.length >= 6 && Math.abs(n.length - low.length) <= 2 && distance(n, low) <= 2)) out.push(q);
    if (out.length >= limit) break;
  }
  return out;
}

/** The codec of a schema type (`Module.Name`) in `registry`. @throws RangeError when it has none. */
export function codecOf(qualified: string, registry: Registry): Codec<unknown> {
  const codec = registry.type(qualified);
  if (!codec) throw new RangeError(`type: no codec for ${qualified}`);
  return codec;
}

/** The view of the type a `ref` view names (undefined for any other view). */
export function refTarget(t: SchemaType): SchemaType | undefined {
  const ref = refTargets.get(t);
  return ref === undefined ? undefined : schemaOfDesc(ref().desc);
}

/** Follows references to the defining base of `t`; returns it with the first referenced type's name. */
export function finalBase(t: SchemaType): { base: SchemaType; refName?: string } {
  let b = t;
  let refName: string | undefined;
  for (let i = 0; b[1] === 'ref' && i < 64; i++) {
    const target = refTarget(b);
    if (!target) break;
    refName ??= b[2] as string;
    b = target;
  }
  return { base: b, refName };
}

/** True for the kinds whose encoding is a whole TLV inside the layers (CHOICE, open types). */
export function isTlvKind(kind: SchemaType[1]): boolean {
  return kind === 'choice' || kind === 'any';
}

/** Identifier octets (packed) an encoding of `t` can start with; null when any tag can. */
export function firstTags(t: SchemaType, seen: Set<string> = new Set()): number[] | null {
  if (t[0].length > 0) return [t[0][0]];
  if (t[1] === 'any') return null;
  if (t[1] === 'choice') {
    const out: number[] = [];
    for (const [, alt] of t[2] as readonly (readonly [string, SchemaType, number])[]) {
      const tags = firstTags(alt, seen);
      if (tags === null) return null;
      out.push(...tags);
    }
    return out;
  }
  if (t[1] === 'ref') {
    const q = t[2] as string;
    if (seen.has(q)) return [];
    seen.add(q);
    const target = refTarget(t);
    return target ? firstTags(target, seen) : [];
  }
  return [];
}

const UNIVERSAL_NAMES: Readonly<Record<string, string>> = {
  bool: 'BOOLEAN',
  null: 'NULL',
  int: 'INTEGER',
  enum: 'ENUMERATED',
  bits: 'BIT STRING',
  octets: 'OCTET STRING',
  oid: 'OBJECT IDENTIFIER',
  roid: 'RELATIVE-OID',
  any: 'ANY',
  seq: 'SEQUENCE',
  set: 'SET',
  seqOf: 'SEQUENCE OF',
  setOf: 'SET OF',
  choice: 'CHOICE',
};

/** How a type reads in the tree view: the referenced type's name, else the built-in kind. */
export function typeLabel(t: SchemaType): string {
  if (t[1] === 'ref') return splitQualified(t[2] as string).name;
  if (t[1] === 'str' || t[1] === 'time') return t[2] as string;
  if (t[1] === 'seqOf' || t[1] === 'setOf') {
    const el = t[2] as SchemaType;
    return `${UNIVERSAL_NAMES[t[1]]} ${el[1] === 'ref' ? splitQualified(el[2] as string).name : typeLabel(el)}`;
  }
  return UNIVERSAL_NAMES[t[1]] ?? t[1];
}
