/**
 * Full type models: named types, references, SEQUENCE/SET/CHOICE components with AUTOMATIC
 * tagging (X.680 §25.3, §29.3), COMPONENTS OF, collections, ENUMERATED numbering.
 *
 * @module
 */
import { Asn1SyntaxError, type ComponentAst, type SourcePos, type TypeAst } from '../ast.js';
import { layer, type AlternativeModel, type BaseModel, type ComponentModel, type ConstraintModel, type NamedTypeModel, type TypeModel } from '../model.js';
import { universalNumber, isConstructedKind } from './builtins.js';
import { mergeConstraints } from './constraints.js';
import type { Ctx, Entry, Resolver } from './state.js';

/** The models part of the resolver; functions of the other parts are reached through `rs`. */
export function modelFunctions(rs: Resolver): Pick<Resolver, 'namedType' | 'resolveType' | 'withConstraints' | 'resolveBase' | 'expandComponents' | 'resolveStruct' | 'resolveChoice' | 'uniqueId' | 'autoTag' | 'isTlvBase'> {
  let idCounter = 0;

  const typeBusy = new Set<string>();

  function namedType(e: Entry, pos: SourcePos): NamedTypeModel {
    const key = `${e.mod.name}.${e.ast.name}`;
    const memo = rs.typeMemo.get(key);
    if (memo) return memo;
    if (e.ast.kind !== 'type') throw new Asn1SyntaxError('undefined-reference', `${e.ast.name} is not a type`, pos);
    // Recursive types (a SEQUENCE OF itself, a CHOICE with itself as an alternative) refer to
    // themselves through 'ref' bases, which need no resolution; only a question that needs the
    // model of a type while it is being built (its first tags, say) gets here twice.
    if (typeBusy.has(key)) throw new Asn1SyntaxError('undefined-reference', `${e.ast.name} is defined in terms of itself without a tag`, pos);
    typeBusy.add(key);
    const redef = rs.builtinRedefinition(e.ast);
    let type: TypeModel;
    try {
      type = redef
        ? { layers: rs.namedLayers(e, pos).layers, base: { kind: 'string', stringType: redef } }
        : resolveType({ mod: e.mod }, e.ast.type, e.ast.name, rs.bigTypes.has(key));
    } finally {
      typeBusy.delete(key);
    }
    const model: NamedTypeModel = { module: e.mod.name, name: e.ast.name, type, pos: e.ast.pos, text: e.ast.text, builtinRedefinition: redef };
    rs.typeMemo.set(key, model);
    return model;
  }

  function resolveType(ctx: Ctx, t: TypeAst, id: string, big = false): TypeModel {
    const constraints = t.constraints?.length ? rs.evalConstraints(ctx.mod, t.constraints) : undefined;
    switch (t.kind) {
      case 'tagged': {
        const inner = resolveType(ctx, t.type, id, big);
        const tagged = rs.applyTag(ctx.mod, t, { layers: inner.layers, tlv: isTlvBase(inner) });
        return withConstraints({ layers: tagged.layers, base: inner.base, constraints: inner.constraints }, constraints);
      }
      case 'ref': {
        const e = rs.lookup(ctx.mod, t.name, t.pos, t.module);
        const { layers } = rs.namedLayers(e, t.pos);
        if (e.ast.kind === 'type' && rs.builtinRedefinition(e.ast)) {
          return withConstraints({ layers, base: { kind: 'string', stringType: rs.builtinRedefinition(e.ast)! } }, constraints);
        }
        if (constraints) {
          // A constrained reference: check the target's own constraints and these.
          const target = namedType(e, t.pos);
          return { layers, base: { kind: 'ref', module: e.mod.name, name: e.ast.name }, constraints: mergeConstraints(target.type.constraints, constraints) };
        }
        return { layers, base: { kind: 'ref', module: e.mod.name, name: e.ast.name } };
      }
      case 'classField': {
        const ft = rs.classFieldType(ctx.mod, t);
        if (ft === undefined) return { layers: [], base: { kind: 'any' }, constraints };
        const e = rs.lookup(ctx.mod, t.className, t.pos);
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
        const named = (t.namedNumbers ?? []).map((n) => [n.name, Number(typeof n.value === 'bigint' ? n.value : rs.evalInteger(ctx.mod, { kind: 'ref', name: n.value.ref, pos: n.pos }))] as const);
        return { kind: 'integer', named, big };
      }
      case 'ENUMERATED': {
        const used = new Set<number>();
        const items: (readonly [string, number])[] = [];
        const all = [...t.root, ...t.additions];
        for (const it of all) if (it.value !== undefined) used.add(Number(typeof it.value === 'bigint' ? it.value : rs.evalInteger(ctx.mod, { kind: 'ref', name: it.value.ref, pos: it.pos })));
        let next = 0;
        for (const it of all) {
          if (it.value !== undefined) items.push([it.name, Number(typeof it.value === 'bigint' ? it.value : rs.evalInteger(ctx.mod, { kind: 'ref', name: it.value.ref, pos: it.pos }))]);
          else {
            while (used.has(next)) next++;
            used.add(next);
            items.push([it.name, next]);
          }
        }
        return { kind: 'enumerated', items, extensible: t.extensible || ctx.mod.extensibilityImplied };
      }
      case 'BIT STRING':
        return { kind: 'bitString', named: (t.namedBits ?? []).map((n) => [n.name, Number(typeof n.value === 'bigint' ? n.value : rs.evalInteger(ctx.mod, { kind: 'ref', name: n.value.ref, pos: n.pos }))] as const) };
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
          const e = rs.lookup(mod, t.name, t.pos, t.module);
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
      const def = c.default ? rs.resolveDefault(ctx.mod, type, c.default) : undefined;
      return { name: c.name, type, optional: c.optional || c.default !== undefined, default: def, extension: ext, pos: c.pos };
    });
    const names = new Set<string>();
    for (const c of components) {
      if (names.has(c.name)) throw new Asn1SyntaxError('duplicate-definition', `component ${c.name} appears twice`, c.pos);
      names.add(c.name);
    }
    const model = { kind: t.kind === 'SEQUENCE' ? ('sequence' as const) : ('set' as const), components, extensible: t.extensible || ctx.mod.extensibilityImplied, id: uniqueId(id) };
    if (t.kind === 'SEQUENCE') rs.checkSequenceTags(components);
    else rs.checkDistinctTags(components.map((c) => ({ name: c.name, type: c.type, pos: c.pos })), 'SET');
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
    rs.deferredChoiceChecks.push(model);
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
    const res = rs.applyTagLayers(2, i, type.layers.length === 0, { layers: type.layers, tlv });
    return { ...type, layers: res.layers };
  }

  function isTlvBase(type: TypeModel): boolean {
    const b = type.base;
    if (b.kind === 'choice' || b.kind === 'any') return true;
    if (b.kind === 'ref') {
      const e = { mod: rs.byName.get(b.module)!, ast: rs.local.get(b.module)!.get(b.name)! };
      return rs.namedLayers(e, e.ast.pos).tlv;
    }
    return false;
  }

  return { namedType, resolveType, withConstraints, resolveBase, expandComponents, resolveStruct, resolveChoice, uniqueId, autoTag, isTlvBase };
}
