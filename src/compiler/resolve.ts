/**
 * The resolver: syntax trees of a set of modules → the semantic model.
 *
 * - IMPORTS: each module is its own namespace; an imported name is looked up in the module it
 *   is imported from, following re-exports (SGP32Definitions imports UICCCapability from
 *   RSPDefinitions, which itself imports it from PEDefinitions).
 * - Tags (X.680 §31): the tag default of the module that *defines* a type applies; a tag on a
 *   CHOICE or an open type is explicit; AUTOMATIC tagging numbers the components of a
 *   SEQUENCE/SET/CHOICE from 0 only when none of its root components carries a written tag
 *   (§25.3, §29.3); an implicit tag replaces the outermost tag of the tagged type.
 * - EXTENSIBILITY IMPLIED makes every SEQUENCE, SET, CHOICE and ENUMERATED extensible (§13.4).
 * - Constraints are reduced to the intervals of SIZE and value that a decoder can check.
 * - Checks: undefined references, duplicate definitions, duplicate tags among the
 *   alternatives of a CHOICE, the components of a SET, and the optional runs of a SEQUENCE
 *   (§25.5), and untagged open types where they make decoding ambiguous.
 *
 * @module
 */
import {
  Asn1SyntaxError,
  type AssignmentAst,
  type BracedItemAst,
  type CharacterStringType,
  type ComponentAst,
  type ConstraintAst,
  type ElementSetAst,
  type ModuleAst,
  type SourcePos,
  type TypeAst,
  type ValueAst,
} from './ast.js';
import {
  TAG_CLASS,
  firstTagsOf,
  layer,
  layerText,
  type AlternativeModel,
  type BaseModel,
  type ComponentModel,
  type ConstraintModel,
  type DefaultValue,
  type Interval,
  type Layer,
  type ModuleModel,
  type NamedTypeModel,
  type NamedValueModel,
  type ProgramModel,
  type TypeModel,
  type ValueModel,
} from './model.js';

export interface ResolveOptions {
  /**
   * INTEGER types (as `Module.Type`) decoded to `bigint` rather than `number`. Defaults to the
   * certificate and CRL serial numbers of RFC 5280.
   */
  readonly bigIntTypes?: readonly string[];
}

export const DEFAULT_BIGINT_TYPES = [
  'PKIX1Explicit88.CertificateSerialNumber',
  'PKIX1Implicit88.CRLNumber',
  'PKIX1Implicit88.BaseCRLNumber',
];

const UNIVERSAL_STRING_TAG: Record<CharacterStringType, number> = {
  UTF8String: 12,
  NumericString: 18,
  PrintableString: 19,
  TeletexString: 20,
  T61String: 20,
  VideotexString: 21,
  IA5String: 22,
  GraphicString: 25,
  VisibleString: 26,
  ISO646String: 26,
  GeneralString: 27,
  UniversalString: 28,
  BMPString: 30,
  ObjectDescriptor: 7,
};

/** Top arcs of the OID tree that X.660 names, for `{ iso member-body(2) … }` written without numbers. */
const WELL_KNOWN_ARCS: Record<string, bigint> = {
  'itu-t': 0n,
  ccitt: 0n,
  iso: 1n,
  'joint-iso-itu-t': 2n,
  'joint-iso-ccitt': 2n,
};

interface Ctx {
  readonly mod: ModuleAst;
}

interface Entry {
  readonly mod: ModuleAst;
  readonly ast: AssignmentAst;
}

const CHAR_TYPES = new Set(Object.keys(UNIVERSAL_STRING_TAG));

export function resolveModules(mods: readonly ModuleAst[], options: ResolveOptions = {}): ProgramModel {
  const bigTypes = new Set(options.bigIntTypes ?? DEFAULT_BIGINT_TYPES);
  const byName = new Map<string, ModuleAst>();
  for (const m of mods) {
    if (byName.has(m.name)) throw new Asn1SyntaxError('duplicate-definition', `module ${m.name} defined twice`, m.pos);
    byName.set(m.name, m);
  }
  const local = new Map<string, Map<string, AssignmentAst>>();
  for (const m of mods) {
    const defs = new Map<string, AssignmentAst>();
    for (const a of m.assignments) {
      if (defs.has(a.name)) throw new Asn1SyntaxError('duplicate-definition', `${a.name} is defined twice in ${m.name}`, a.pos);
      defs.set(a.name, a);
    }
    local.set(m.name, defs);
  }

  // ---- names -------------------------------------------------------------------------------

  function importSource(modName: string, name: string, pos: SourcePos, seen: Set<string> = new Set()): string {
    const key = `${modName}.${name}`;
    if (seen.has(key)) throw new Asn1SyntaxError('import', `circular import of ${name}`, pos);
    seen.add(key);
    if (local.get(modName)!.has(name)) return modName;
    const m = byName.get(modName)!;
    for (const imp of m.imports) {
      if (imp.symbols.some((s) => s.name === name)) {
        if (!byName.has(imp.fromModule)) throw new Asn1SyntaxError('import', `module ${imp.fromModule} is not among the modules compiled`, imp.pos);
        return importSource(imp.fromModule, name, pos, seen);
      }
    }
    throw new Asn1SyntaxError('import', `${name} is neither defined in nor imported by ${modName}`, pos);
  }

  const importMaps = new Map<string, Map<string, string>>();
  for (const m of mods) {
    const map = new Map<string, string>();
    for (const imp of m.imports) {
      if (!byName.has(imp.fromModule)) throw new Asn1SyntaxError('import', `module ${imp.fromModule} is not among the modules compiled`, imp.pos);
      for (const s of imp.symbols) map.set(s.name, importSource(imp.fromModule, s.name, s.pos));
    }
    importMaps.set(m.name, map);
  }

  function lookup(mod: ModuleAst, name: string, pos: SourcePos, explicitModule?: string): Entry {
    const modName = explicitModule ?? (local.get(mod.name)!.has(name) ? mod.name : importMaps.get(mod.name)!.get(name));
    if (modName === undefined) throw new Asn1SyntaxError('undefined-reference', `${name} is not defined in ${mod.name}`, pos);
    const target = byName.get(modName);
    const ast = local.get(modName)?.get(name);
    if (target === undefined || ast === undefined) throw new Asn1SyntaxError('undefined-reference', `${modName}.${name} is not defined`, pos);
    return { mod: target, ast };
  }

  /** RFC 5280 re-defines UTF8String etc. as `[UNIVERSAL n] IMPLICIT OCTET STRING`; treat them as the built-ins. */
  function builtinRedefinition(ast: AssignmentAst): CharacterStringType | undefined {
    if (ast.kind !== 'type' || !CHAR_TYPES.has(ast.name)) return undefined;
    const t = ast.type;
    if (t.kind === 'tagged' && t.tag.cls === 'UNIVERSAL' && t.tag.number === UNIVERSAL_STRING_TAG[ast.name as CharacterStringType] && t.type.kind === 'OCTET STRING') {
      return ast.name as CharacterStringType;
    }
    return undefined;
  }

  // ---- values ------------------------------------------------------------------------------

  const valueMemo = new Map<string, ValueModel>();
  const valueBusy = new Set<string>();

  function namedValue(mod: ModuleAst, name: string, pos: SourcePos): ValueModel {
    const e = lookup(mod, name, pos);
    if (e.ast.kind !== 'value') throw new Asn1SyntaxError('bad-value', `${name} is not a value`, pos);
    const key = `${e.mod.name}.${name}`;
    const memo = valueMemo.get(key);
    if (memo) return memo;
    if (valueBusy.has(key)) throw new Asn1SyntaxError('bad-value', `value ${name} refers to itself`, pos);
    valueBusy.add(key);
    const v = evalValue(e.mod, e.ast.type, e.ast.value);
    valueBusy.delete(key);
    valueMemo.set(key, v);
    return v;
  }

  function evalValue(mod: ModuleAst, type: TypeAst, v: ValueAst): ValueModel {
    const kind = underlyingKind(mod, type);
    if (kind === 'OBJECT IDENTIFIER') return { kind: 'oid', value: evalOid(mod, v) };
    if (kind === 'BOOLEAN') {
      if (v.kind !== 'boolean') throw new Asn1SyntaxError('bad-value', 'expected TRUE or FALSE', v.pos);
      return { kind: 'boolean', value: v.value };
    }
    if (kind === 'INTEGER') return { kind: 'integer', value: evalInteger(mod, v) };
    throw new Asn1SyntaxError('unsupported', `value assignments of type ${kind} are not supported`, v.pos);
  }

  function underlyingKind(mod: ModuleAst, type: TypeAst, depth = 0): string {
    if (depth > 32) throw new Asn1SyntaxError('bad-value', 'type reference loop', type.pos);
    if (type.kind === 'tagged') return underlyingKind(mod, type.type, depth + 1);
    if (type.kind === 'ref') {
      const e = lookup(mod, type.name, type.pos, type.module);
      if (e.ast.kind !== 'type') throw new Asn1SyntaxError('bad-value', `${type.name} is not a type`, type.pos);
      return underlyingKind(e.mod, e.ast.type, depth + 1);
    }
    return type.kind;
  }

  function evalInteger(mod: ModuleAst, v: ValueAst): bigint {
    if (v.kind === 'number') return v.value;
    if (v.kind === 'ref') {
      const nv = namedValue(mod, v.name, v.pos);
      if (nv.kind !== 'integer') throw new Asn1SyntaxError('bad-value', `${v.name} is not an INTEGER value`, v.pos);
      return nv.value;
    }
    throw new Asn1SyntaxError('bad-value', 'expected an INTEGER value', v.pos);
  }

  function evalOid(mod: ModuleAst, v: ValueAst): string {
    if (v.kind === 'ref') {
      const nv = namedValue(mod, v.name, v.pos);
      if (nv.kind !== 'oid') throw new Asn1SyntaxError('bad-value', `${v.name} is not an OBJECT IDENTIFIER value`, v.pos);
      return nv.value;
    }
    if (v.kind !== 'braced') throw new Asn1SyntaxError('bad-value', 'expected an OBJECT IDENTIFIER value { … }', v.pos);
    const arcs: string[] = [];
    v.items.forEach((item: BracedItemAst, i) => {
      if (item.kind === 'namedNumber') arcs.push(String(item.number));
      else if (item.kind === 'value' && item.value.kind === 'number') arcs.push(String(item.value.value));
      else if (item.kind === 'value' && item.value.kind === 'ref') {
        const name = item.value.name;
        if (i === 0 && arcs.length === 0 && !(name in WELL_KNOWN_ARCS)) arcs.push(evalOid(mod, item.value));
        else if (i === 0 && name in WELL_KNOWN_ARCS) arcs.push(String(WELL_KNOWN_ARCS[name]));
        else arcs.push(String(evalInteger(mod, item.value)));
      } else throw new Asn1SyntaxError('bad-value', 'unexpected item in an OBJECT IDENTIFIER value', v.pos);
    });
    return arcs.join('.');
  }

  // ---- shallow layers of a type (no component resolution, so recursion is fine) -------------

  const layerMemo = new Map<string, { layers: readonly Layer[]; tlv: boolean }>();
  const layerBusy = new Set<string>();

  function namedLayers(e: Entry, pos: SourcePos): { layers: readonly Layer[]; tlv: boolean } {
    const key = `${e.mod.name}.${e.ast.name}`;
    const memo = layerMemo.get(key);
    if (memo) return memo;
    if (e.ast.kind !== 'type') throw new Asn1SyntaxError('undefined-reference', `${e.ast.name} is not a type`, pos);
    if (layerBusy.has(key)) throw new Asn1SyntaxError('undefined-reference', `${e.ast.name} is defined in terms of itself`, pos);
    const redef = builtinRedefinition(e.ast);
    layerBusy.add(key);
    const res = redef ? { layers: [layer(0, UNIVERSAL_STRING_TAG[redef], false)], tlv: false } : shallow(e.mod, e.ast.type);
    layerBusy.delete(key);
    layerMemo.set(key, res);
    return res;
  }

  function tagNumber(mod: ModuleAst, n: number | { ref: string }, pos: SourcePos): number {
    if (typeof n === 'number') return n;
    const v = namedValue(mod, n.ref, pos);
    if (v.kind !== 'integer') throw new Asn1SyntaxError('bad-value', `${n.ref} is not an INTEGER`, pos);
    return Number(v.value);
  }

  function applyTag(mod: ModuleAst, t: Extract<TypeAst, { kind: 'tagged' }>, inner: { layers: readonly Layer[]; tlv: boolean }): { layers: readonly Layer[]; tlv: boolean } {
    const cls = TAG_CLASS[t.tag.cls];
    const num = tagNumber(mod, t.tag.number, t.pos);
    let explicit: boolean;
    // X.680 §31.2.7: the tag is explicit when the module says so or when the tagged type is an
    // *untagged* CHOICE or open type (it has no tag to replace). A tagged CHOICE type
    // (`X ::= [65] CHOICE`) has one: an implicit tag replaces it (der.md §3 Rule D).
    if (t.mode === 'EXPLICIT') explicit = true;
    else if (t.mode === 'IMPLICIT') {
      if (inner.layers.length === 0) throw new Asn1SyntaxError('unsupported', 'IMPLICIT tag on an untagged CHOICE or open type', t.pos);
      explicit = false;
    } else explicit = mod.tagDefault === 'EXPLICIT' || inner.layers.length === 0;
    return applyTagLayers(cls, num, explicit, inner);
  }

  function applyTagLayers(cls: 0 | 1 | 2 | 3, num: number, explicit: boolean, inner: { layers: readonly Layer[]; tlv: boolean }) {
    if (explicit) return { layers: [layer(cls, num, true), ...inner.layers], tlv: inner.tlv };
    return { layers: [layer(cls, num, inner.layers[0].constructed), ...inner.layers.slice(1)], tlv: inner.tlv };
  }

  function shallow(mod: ModuleAst, t: TypeAst): { layers: readonly Layer[]; tlv: boolean } {
    switch (t.kind) {
      case 'tagged':
        return applyTag(mod, t, shallow(mod, t.type));
      case 'ref': {
        const e = lookup(mod, t.name, t.pos, t.module);
        return namedLayers(e, t.pos);
      }
      case 'CHOICE':
      case 'ANY':
        return { layers: [], tlv: true };
      case 'classField':
        return classFieldShallow(mod, t);
      default:
        return { layers: [layer(0, universalNumber(t), isConstructedKind(t.kind))], tlv: false };
    }
  }

  function classFieldType(mod: ModuleAst, t: Extract<TypeAst, { kind: 'classField' }>): TypeAst | undefined {
    const e = lookup(mod, t.className, t.pos);
    if (e.ast.kind !== 'class') throw new Asn1SyntaxError('undefined-reference', `${t.className} is not a class`, t.pos);
    const field = e.ast.fields.find((f) => f.name === t.field.replace(/^&/, ''));
    if (!field) throw new Asn1SyntaxError('undefined-reference', `${t.className} has no field &${t.field.replace(/^&/, '')}`, t.pos);
    return field.type;
  }

  function classFieldShallow(mod: ModuleAst, t: Extract<TypeAst, { kind: 'classField' }>) {
    const ft = classFieldType(mod, t);
    if (ft === undefined) return { layers: [], tlv: true };
    const e = lookup(mod, t.className, t.pos);
    return shallow(e.mod, ft);
  }

  // ---- full models -------------------------------------------------------------------------

  let idCounter = 0;
  const typeMemo = new Map<string, NamedTypeModel>();

  const typeBusy = new Set<string>();

  function namedType(e: Entry, pos: SourcePos): NamedTypeModel {
    const key = `${e.mod.name}.${e.ast.name}`;
    const memo = typeMemo.get(key);
    if (memo) return memo;
    if (e.ast.kind !== 'type') throw new Asn1SyntaxError('undefined-reference', `${e.ast.name} is not a type`, pos);
    // Recursive types (a SEQUENCE OF itself, a CHOICE with itself as an alternative) refer to
    // themselves through 'ref' bases, which need no resolution; only a question that needs the
    // model of a type while it is being built (its first tags, say) gets here twice.
    if (typeBusy.has(key)) throw new Asn1SyntaxError('undefined-reference', `${e.ast.name} is defined in terms of itself without a tag`, pos);
    typeBusy.add(key);
    const redef = builtinRedefinition(e.ast);
    let type: TypeModel;
    try {
      type = redef
        ? { layers: namedLayers(e, pos).layers, base: { kind: 'string', stringType: redef } }
        : resolveType({ mod: e.mod }, e.ast.type, e.ast.name, bigTypes.has(key));
    } finally {
      typeBusy.delete(key);
    }
    const model: NamedTypeModel = { module: e.mod.name, name: e.ast.name, type, pos: e.ast.pos, text: e.ast.text, builtinRedefinition: redef };
    typeMemo.set(key, model);
    return model;
  }

  function resolveType(ctx: Ctx, t: TypeAst, id: string, big = false): TypeModel {
    const constraints = t.constraints?.length ? evalConstraints(ctx.mod, t.constraints) : undefined;
    switch (t.kind) {
      case 'tagged': {
        const inner = resolveType(ctx, t.type, id, big);
        const tagged = applyTag(ctx.mod, t, { layers: inner.layers, tlv: isTlvBase(inner) });
        return withConstraints({ layers: tagged.layers, base: inner.base, constraints: inner.constraints }, constraints);
      }
      case 'ref': {
        const e = lookup(ctx.mod, t.name, t.pos, t.module);
        const { layers } = namedLayers(e, t.pos);
        if (e.ast.kind === 'type' && builtinRedefinition(e.ast)) {
          return withConstraints({ layers, base: { kind: 'string', stringType: builtinRedefinition(e.ast)! } }, constraints);
        }
        if (constraints) {
          // A constrained reference: check the target's own constraints and these.
          const target = namedType(e, t.pos);
          return { layers, base: { kind: 'ref', module: e.mod.name, name: e.ast.name }, constraints: mergeConstraints(target.type.constraints, constraints) };
        }
        return { layers, base: { kind: 'ref', module: e.mod.name, name: e.ast.name } };
      }
      case 'classField': {
        const ft = classFieldType(ctx.mod, t);
        if (ft === undefined) return { layers: [], base: { kind: 'any' }, constraints };
        const e = lookup(ctx.mod, t.className, t.pos);
        return withConstraints(resolveType({ mod: e.mod }, ft, id), constraints);
      }
      case 'ANY':
        return { layers: [], base: { kind: 'any', definedBy: t.definedBy }, constraints };
      case 'CHOICE':
        return { layers: [], base: resolveChoice(ctx, t, id), constraints };
      default: {
        const base = resolveBase(ctx, t, id, big);
        return { layers: [layer(0, universalNumber(t), isConstructedKind(t.kind))], base, constraints };
      }
    }
  }

  function withConstraints(m: TypeModel, extra: ConstraintModel | undefined): TypeModel {
    if (!extra) return m;
    return { ...m, constraints: mergeConstraints(m.constraints, extra) };
  }

  function resolveBase(ctx: Ctx, t: TypeAst, id: string, big: boolean): BaseModel {
    switch (t.kind) {
      case 'BOOLEAN':
        return { kind: 'boolean' };
      case 'NULL':
        return { kind: 'null' };
      case 'INTEGER': {
        const named = (t.namedNumbers ?? []).map((n) => [n.name, Number(typeof n.value === 'bigint' ? n.value : evalInteger(ctx.mod, { kind: 'ref', name: n.value.ref, pos: n.pos }))] as const);
        return { kind: 'integer', named, big };
      }
      case 'ENUMERATED': {
        const used = new Set<number>();
        const items: (readonly [string, number])[] = [];
        const all = [...t.root, ...t.additions];
        for (const it of all) if (it.value !== undefined) used.add(Number(typeof it.value === 'bigint' ? it.value : evalInteger(ctx.mod, { kind: 'ref', name: it.value.ref, pos: it.pos })));
        let next = 0;
        for (const it of all) {
          if (it.value !== undefined) items.push([it.name, Number(typeof it.value === 'bigint' ? it.value : evalInteger(ctx.mod, { kind: 'ref', name: it.value.ref, pos: it.pos }))]);
          else {
            while (used.has(next)) next++;
            used.add(next);
            items.push([it.name, next]);
          }
        }
        return { kind: 'enumerated', items, extensible: t.extensible || ctx.mod.extensibilityImplied };
      }
      case 'BIT STRING':
        return { kind: 'bitString', named: (t.namedBits ?? []).map((n) => [n.name, Number(typeof n.value === 'bigint' ? n.value : evalInteger(ctx.mod, { kind: 'ref', name: n.value.ref, pos: n.pos }))] as const) };
      case 'OCTET STRING':
        return { kind: 'octetString' };
      case 'OBJECT IDENTIFIER':
        return { kind: 'oid' };
      case 'RELATIVE-OID':
        return { kind: 'relativeOid' };
      case 'string':
        return { kind: 'string', stringType: t.stringType };
      case 'time':
        return { kind: 'time', timeType: t.timeType };
      case 'SEQUENCE':
      case 'SET':
        return resolveStruct(ctx, t, id);
      case 'SEQUENCE OF':
      case 'SET OF':
        return {
          kind: t.kind === 'SEQUENCE OF' ? 'sequenceOf' : 'setOf',
          element: resolveType(ctx, t.element, `${id}_item`),
          elementName: t.elementName,
          id: uniqueId(id),
        };
      case 'REAL':
        throw new Asn1SyntaxError('unsupported', 'REAL is not supported', t.pos);
      default:
        throw new Asn1SyntaxError('unsupported', `unexpected type ${t.kind}`, t.pos);
    }
  }

  function expandComponents(ctx: Ctx, list: readonly ComponentAst[]): Extract<ComponentAst, { kind: 'named' }>[] {
    const out: Extract<ComponentAst, { kind: 'named' }>[] = [];
    for (const c of list) {
      if (c.kind === 'named') out.push(c);
      else {
        // COMPONENTS OF Type: the root components of the referenced SEQUENCE/SET (X.680 §25.4).
        let t = c.type;
        let mod = ctx.mod;
        for (let i = 0; t.kind === 'ref' && i < 32; i++) {
          const e = lookup(mod, t.name, t.pos, t.module);
          if (e.ast.kind !== 'type') break;
          mod = e.mod;
          t = e.ast.type;
        }
        if (t.kind !== 'SEQUENCE' && t.kind !== 'SET') throw new Asn1SyntaxError('unsupported', 'COMPONENTS OF needs a SEQUENCE or SET type', c.pos);
        out.push(...expandComponents({ mod }, [...t.root, ...t.rootTail]));
      }
    }
    return out;
  }

  function resolveStruct(ctx: Ctx, t: Extract<TypeAst, { kind: 'SEQUENCE' | 'SET' }>, id: string): BaseModel {
    const root = expandComponents(ctx, [...t.root, ...t.rootTail]);
    const additions = expandComponents(ctx, t.additions);
    const auto = ctx.mod.tagDefault === 'AUTOMATIC' && !root.some((c) => c.type.kind === 'tagged');
    const all = [...root.map((c) => ({ c, ext: false })), ...additions.map((c) => ({ c, ext: true }))];
    // X.680 §25.3: root components are numbered first, then the additions.
    const components: ComponentModel[] = all.map(({ c, ext }, i) => {
      let type = resolveType(ctx, c.type, `${id}_${c.name}`);
      if (auto) type = autoTag(type, i);
      const def = c.default ? resolveDefault(ctx.mod, type, c.default) : undefined;
      return { name: c.name, type, optional: c.optional || c.default !== undefined, default: def, extension: ext, pos: c.pos };
    });
    const names = new Set<string>();
    for (const c of components) {
      if (names.has(c.name)) throw new Asn1SyntaxError('duplicate-definition', `component ${c.name} appears twice`, c.pos);
      names.add(c.name);
    }
    const model = { kind: t.kind === 'SEQUENCE' ? ('sequence' as const) : ('set' as const), components, extensible: t.extensible || ctx.mod.extensibilityImplied, id: uniqueId(id) };
    if (t.kind === 'SEQUENCE') checkSequenceTags(components);
    else checkDistinctTags(components.map((c) => ({ name: c.name, type: c.type, pos: c.pos })), 'SET');
    return model;
  }

  function resolveChoice(ctx: Ctx, t: Extract<TypeAst, { kind: 'CHOICE' }>, id: string): BaseModel {
    const auto = ctx.mod.tagDefault === 'AUTOMATIC' && !t.root.some((a) => a.type.kind === 'tagged');
    const all = [...t.root.map((a) => ({ a, ext: false })), ...t.additions.map((a) => ({ a, ext: true }))];
    const alternatives: AlternativeModel[] = all.map(({ a, ext }, i) => {
      let type = resolveType(ctx, a.type, `${id}_${a.name}`);
      if (auto) type = autoTag(type, i);
      return { name: a.name, type, extension: ext, pos: a.pos };
    });
    const names = new Set<string>();
    for (const a of alternatives) {
      if (names.has(a.name)) throw new Asn1SyntaxError('duplicate-definition', `alternative ${a.name} appears twice`, a.pos);
      names.add(a.name);
    }
    const model = { kind: 'choice' as const, alternatives, extensible: t.extensible || ctx.mod.extensibilityImplied, id: uniqueId(id) };
    deferredChoiceChecks.push(model);
    return model;
  }

  const usedIds = new Set<string>();
  function uniqueId(id: string): string {
    let out = id.replace(/-/g, '_');
    while (usedIds.has(out)) out = `${id.replace(/-/g, '_')}_${++idCounter}`;
    usedIds.add(out);
    return out;
  }

  /** AUTOMATIC tagging of one component: `[i]`, implicit unless the type is a CHOICE or open type. */
  function autoTag(type: TypeModel, i: number): TypeModel {
    const tlv = isTlvBase(type);
    // Explicit only for an untagged CHOICE or open type (X.680 §31.2.7); a tagged CHOICE type's
    // own tag is replaced, like any other type's.
    const res = applyTagLayers(2, i, type.layers.length === 0, { layers: type.layers, tlv });
    return { ...type, layers: res.layers };
  }

  function isTlvBase(type: TypeModel): boolean {
    const b = type.base;
    if (b.kind === 'choice' || b.kind === 'any') return true;
    if (b.kind === 'ref') {
      const e = { mod: byName.get(b.module)!, ast: local.get(b.module)!.get(b.name)! };
      return namedLayers(e, e.ast.pos).tlv;
    }
    return false;
  }

  // ---- tag checks --------------------------------------------------------------------------

  /** The identifier octets an encoding of `type` can start with; null = any (open type). */
  function firstTags(type: TypeModel): number[] | null {
    return firstTagsOf(type, (module, name) => {
      const e = { mod: byName.get(module)!, ast: local.get(module)!.get(name)! };
      return namedType(e, e.ast.pos).type.base;
    });
  }


  const deferredChoiceChecks: Extract<BaseModel, { kind: 'choice' }>[] = [];

  function checkDistinctTags(items: readonly { name: string; type: TypeModel; pos: SourcePos }[], what: string): void {
    const owner = new Map<number, string>();
    for (const it of items) {
      const tags = firstTags(it.type);
      if (tags === null) {
        if (items.length > 1) throw new Asn1SyntaxError('ambiguous-tag', `${it.name}: an untagged open type in a ${what} with other members cannot be told apart by its tag`, it.pos);
        continue;
      }
      for (const t of tags) {
        const prev = owner.get(t);
        if (prev !== undefined) throw new Asn1SyntaxError('duplicate-tag', `${it.name} has the same tag as ${prev} in this ${what}`, it.pos);
        owner.set(t, it.name);
      }
    }
  }

  /** X.680 §25.5: the tags of a run of optional components and the component after it differ. */
  function checkSequenceTags(components: readonly ComponentModel[]): void {
    let pending = new Map<number, string>();
    let pendingAny: string | undefined;
    for (const c of components) {
      const tags = firstTags(c.type);
      if (tags === null) {
        if (pending.size > 0 || pendingAny !== undefined) {
          throw new Asn1SyntaxError('ambiguous-tag', `${c.name}: an untagged open type after optional components cannot be told apart by its tag`, c.pos);
        }
        if (c.optional && c !== components[components.length - 1]) pendingAny = c.name;
      } else {
        if (pendingAny !== undefined) {
          throw new Asn1SyntaxError('ambiguous-tag', `${c.name} follows the optional untagged open type ${pendingAny}`, c.pos);
        }
        for (const t of tags) {
          const prev = pending.get(t);
          if (prev !== undefined) throw new Asn1SyntaxError('duplicate-tag', `${c.name} has the same tag (${layerTextOfPacked(t)}) as the optional component ${prev} before it`, c.pos);
        }
      }
      if (c.optional) {
        for (const t of tags ?? []) pending.set(t, c.name);
      } else {
        pending = new Map();
      }
    }
  }

  function layerTextOfPacked(t: number): string {
    return t.toString(16).toUpperCase();
  }

  // ---- constraints -------------------------------------------------------------------------

  function evalConstraints(mod: ModuleAst, cs: readonly ConstraintAst[]): ConstraintModel | undefined {
    let out: ConstraintModel | undefined;
    for (const c of cs) out = mergeConstraints(out, evalConstraint(mod, c));
    return out;
  }

  function evalConstraint(mod: ModuleAst, c: ConstraintAst): ConstraintModel | undefined {
    // An extensible constraint cannot reject anything a newer peer may send (X.680 §49.4).
    if (c.extensible) return undefined;
    return evalSet(mod, c.set);
  }

  function evalSet(mod: ModuleAst, s: ElementSetAst): ConstraintModel | undefined {
    switch (s.kind) {
      case 'value': {
        const v = boundValue(mod, s.value);
        return v === undefined ? undefined : { value: [[v, v]] };
      }
      case 'range': {
        let lo: number | bigint = s.lower === 'MIN' ? -Infinity : boundValue(mod, s.lower) ?? -Infinity;
        let hi: number | bigint = s.upper === 'MAX' ? Infinity : boundValue(mod, s.upper) ?? Infinity;
        if (s.lowerOpen) lo = typeof lo === 'bigint' ? lo + 1n : lo + 1;
        if (s.upperOpen) hi = typeof hi === 'bigint' ? hi - 1n : hi - 1;
        return { value: [[lo, hi]] };
      }
      case 'size': {
        const inner = evalConstraint(mod, s.constraint);
        return inner?.value ? { size: inner.value } : undefined;
      }
      case 'union': {
        let value: Interval[] | undefined = [];
        let size: Interval[] | undefined = [];
        for (const it of s.items) {
          const m = evalSet(mod, it);
          // A member that restricts nothing we can check makes the union unrestricted.
          if (!m) return undefined;
          if (m.value && value) value.push(...m.value);
          else value = undefined;
          if (m.size && size) size.push(...m.size);
          else size = undefined;
        }
        if (!value?.length && !size?.length) return undefined;
        return { value: value?.length ? value : undefined, size: size?.length ? size : undefined };
      }
      case 'intersection': {
        let out: ConstraintModel | undefined;
        for (const it of s.items) out = mergeConstraints(out, evalSet(mod, it));
        return out;
      }
      default:
        // FROM (permitted alphabet), contained subtypes, EXCEPT, ALL and opaque constraints are
        // documentation for the checks this runtime makes.
        return undefined;
    }
  }

  function boundValue(mod: ModuleAst, v: ValueAst): number | bigint | undefined {
    if (v.kind === 'number') return toNum(v.value);
    if (v.kind === 'ref') {
      const nv = namedValue(mod, v.name, v.pos);
      return nv.kind === 'integer' ? toNum(nv.value) : undefined;
    }
    return undefined;
  }

  // ---- DEFAULT values ----------------------------------------------------------------------

  function finalBase(type: TypeModel): BaseModel {
    let b = type.base;
    for (let i = 0; b.kind === 'ref' && i < 64; i++) {
      const e = { mod: byName.get(b.module)!, ast: local.get(b.module)!.get(b.name)! };
      b = namedType(e, e.ast.pos).type.base;
    }
    return b;
  }

  function resolveDefault(mod: ModuleAst, type: TypeModel, v: ValueAst): DefaultValue {
    const b = finalBase(type);
    const bad = (what: string) => new Asn1SyntaxError('bad-value', `DEFAULT value is not ${what}`, v.pos);
    switch (b.kind) {
      case 'boolean':
        if (v.kind !== 'boolean') throw bad('a BOOLEAN');
        return { kind: 'boolean', value: v.value };
      case 'null':
        return { kind: 'null' };
      case 'integer': {
        let n: bigint;
        if (v.kind === 'ref' && b.named.some(([k]) => k === v.name)) n = BigInt(b.named.find(([k]) => k === v.name)![1]);
        else n = evalInteger(mod, v);
        return b.big ? { kind: 'bigint', value: n } : { kind: 'number', value: Number(n) };
      }
      case 'enumerated':
        if (v.kind !== 'ref' || !b.items.some(([k]) => k === v.name)) throw bad('an item of the enumeration');
        return { kind: 'enumerated', value: v.name };
      case 'octetString':
        if (v.kind === 'hstring') return { kind: 'bytes', hex: (v.hex.length % 2 ? v.hex + '0' : v.hex).toLowerCase() };
        if (v.kind === 'bstring') return { kind: 'bytes', hex: bitsToHex(v.bits).hex };
        throw bad('an OCTET STRING');
      case 'bitString': {
        if (v.kind === 'bstring') return { kind: 'bits', ...bitsToHex(v.bits) };
        if (v.kind === 'hstring') return { kind: 'bits', hex: v.hex.toLowerCase(), unusedBits: 0 };
        if (v.kind === 'braced') {
          const bits: number[] = [];
          for (const it of v.items) {
            if (it.kind !== 'value' || it.value.kind !== 'ref') throw bad('a list of named bits');
            const name = it.value.name;
            const nb = b.named.find(([k]) => k === name);
            if (!nb) throw bad(`a named bit (${name})`);
            bits.push(nb[1]);
          }
          const len = bits.length ? Math.max(...bits) + 1 : 0;
          const bytes = new Uint8Array((len + 7) >> 3);
          for (const x of bits) bytes[x >> 3] |= 0x80 >> (x & 7);
          return { kind: 'bits', hex: Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join(''), unusedBits: (8 - (len & 7)) & 7 };
        }
        throw bad('a BIT STRING');
      }
      case 'string':
      case 'time':
        if (v.kind !== 'cstring') throw bad('a character string');
        return { kind: 'string', value: v.value };
      case 'oid':
        return { kind: 'oid', value: evalOid(mod, v) };
      case 'sequenceOf':
      case 'setOf':
        if (v.kind !== 'braced') throw bad('a list { … }');
        return {
          kind: 'list',
          items: v.items.map((it) => {
            if (it.kind !== 'value') throw bad('a list of values');
            return resolveDefault(mod, b.element, it.value);
          }),
        };
      case 'sequence':
      case 'set':
        if (v.kind !== 'braced') throw bad('a SEQUENCE value { … }');
        return {
          kind: 'struct',
          members: v.items.map((it) => {
            if (it.kind !== 'namedValue') throw bad('a list of named values');
            const comp = b.components.find((c) => c.name === it.name);
            if (!comp) throw bad(`a value with a known component (${it.name})`);
            return [it.name, resolveDefault(mod, comp.type, it.value)] as const;
          }),
        };
      default:
        throw new Asn1SyntaxError('unsupported', `DEFAULT values of ${b.kind} are not supported`, v.pos);
    }
  }

  // ---- assemble ----------------------------------------------------------------------------

  const modules: ModuleModel[] = mods.map((m) => {
    const types: NamedTypeModel[] = [];
    const values: NamedValueModel[] = [];
    for (const a of m.assignments) {
      if (a.kind === 'type') types.push(namedType({ mod: m, ast: a }, a.pos));
      else if (a.kind === 'value') values.push({ module: m.name, name: a.name, value: namedValue(m, a.name, a.pos), pos: a.pos, text: a.text });
    }
    const oidArcs = m.oid?.map((c) => (c.kind === 'name' ? undefined : String(c.value)));
    return {
      name: m.name,
      file: m.pos.file,
      oid: oidArcs && oidArcs.every((x) => x !== undefined) ? oidArcs.join('.') : undefined,
      tagDefault: m.tagDefault,
      extensibilityImplied: m.extensibilityImplied,
      imports: importMaps.get(m.name)!,
      types,
      values,
    };
  });
  for (const c of deferredChoiceChecks) checkDistinctTags(c.alternatives, 'CHOICE');

  return {
    modules,
    type(module: string, name: string): NamedTypeModel {
      const t = typeMemo.get(`${module}.${name}`);
      if (!t) throw new RangeError(`no type ${module}.${name}`);
      return t;
    },
  };
}

function toNum(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function bitsToHex(bits: string): { hex: string; unusedBits: number } {
  const len = bits.length;
  const bytes = new Uint8Array((len + 7) >> 3);
  for (let i = 0; i < len; i++) if (bits[i] === '1') bytes[i >> 3] |= 0x80 >> (i & 7);
  return { hex: Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join(''), unusedBits: (8 - (len & 7)) & 7 };
}

/** Intersection of two constraint models (both must hold). */
export function mergeConstraints(a: ConstraintModel | undefined, b: ConstraintModel | undefined): ConstraintModel | undefined {
  if (!a) return b;
  if (!b) return a;
  return {
    value: a.value && b.value ? intersect(a.value, b.value) : a.value ?? b.value,
    size: a.size && b.size ? intersect(a.size, b.size) : a.size ?? b.size,
  };
}

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [a0, a1] of a) {
    for (const [b0, b1] of b) {
      const lo = a0 > b0 ? a0 : b0;
      const hi = a1 < b1 ? a1 : b1;
      if (lo <= hi) out.push([lo, hi]);
    }
  }
  return out;
}

function universalNumber(t: TypeAst): number {
  switch (t.kind) {
    case 'BOOLEAN':
      return 1;
    case 'INTEGER':
      return 2;
    case 'BIT STRING':
      return 3;
    case 'OCTET STRING':
      return 4;
    case 'NULL':
      return 5;
    case 'OBJECT IDENTIFIER':
      return 6;
    case 'REAL':
      return 9;
    case 'ENUMERATED':
      return 10;
    case 'RELATIVE-OID':
      return 13;
    case 'SEQUENCE':
    case 'SEQUENCE OF':
      return 16;
    case 'SET':
    case 'SET OF':
      return 17;
    case 'string':
      return UNIVERSAL_STRING_TAG[t.stringType];
    case 'time':
      return t.timeType === 'UTCTime' ? 23 : 24;
    default:
      throw new Asn1SyntaxError('unsupported', `no universal tag for ${t.kind}`, t.pos);
  }
}

function isConstructedKind(kind: TypeAst['kind']): boolean {
  return kind === 'SEQUENCE' || kind === 'SET' || kind === 'SEQUENCE OF' || kind === 'SET OF';
}

export { layerText };
