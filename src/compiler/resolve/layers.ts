/**
 * The TLV layers of a type without resolving its components (so recursive types are fine):
 * module tag defaults, IMPLICIT/EXPLICIT, and the explicit rule for CHOICE and open types
 * (X.680 §31.2.7).
 *
 * @module
 */
import { Asn1SyntaxError, type ModuleAst, type SourcePos, type TypeAst } from '../ast.js';
import { TAG_CLASS, layer, type Layer } from '../model.js';
import { UNIVERSAL_STRING_TAG, universalNumber, isConstructedKind } from './builtins.js';
import type { Entry, Resolver, Shallow } from './state.js';

/** The layers part of the resolver; functions of the other parts are reached through `rs`. */
export function layerFunctions(rs: Resolver): Pick<Resolver, 'namedLayers' | 'tagNumber' | 'applyTag' | 'applyTagLayers' | 'shallow' | 'classFieldType' | 'classFieldShallow'> {
  const layerMemo = new Map<string, Shallow>();
  const layerBusy = new Set<string>();

  function namedLayers(e: Entry, pos: SourcePos): Shallow {
    const key = `${e.mod.name}.${e.ast.name}`;
    const memo = layerMemo.get(key);
    if (memo) return memo;
    if (e.ast.kind !== 'type') throw new Asn1SyntaxError('undefined-reference', `${e.ast.name} is not a type`, pos);
    if (layerBusy.has(key)) throw new Asn1SyntaxError('undefined-reference', `${e.ast.name} is defined in terms of itself`, pos);
    const redef = rs.builtinRedefinition(e.ast);
    layerBusy.add(key);
    const res = redef ? { layers: [layer(0, UNIVERSAL_STRING_TAG[redef], false)], tlv: false } : shallow(e.mod, e.ast.type);
    layerBusy.delete(key);
    layerMemo.set(key, res);
    return res;
  }

  function tagNumber(mod: ModuleAst, n: number | { ref: string }, pos: SourcePos): number {
    if (typeof n === 'number') return n;
    const v = rs.namedValue(mod, n.ref, pos);
    if (v.kind !== 'integer') throw new Asn1SyntaxError('bad-value', `${n.ref} is not an INTEGER`, pos);
    return Number(v.value);
  }

  function applyTag(mod: ModuleAst, t: Extract<TypeAst, { kind: 'tagged' }>, inner: Shallow): Shallow {
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

  function applyTagLayers(cls: 0 | 1 | 2 | 3, num: number, explicit: boolean, inner: Shallow): Shallow {
    if (explicit) return { layers: [layer(cls, num, true), ...inner.layers], tlv: inner.tlv };
    return { layers: [layer(cls, num, inner.layers[0].constructed), ...inner.layers.slice(1)], tlv: inner.tlv };
  }

  function shallow(mod: ModuleAst, t: TypeAst): Shallow {
    switch (t.kind) {
      case 'tagged':
        return applyTag(mod, t, shallow(mod, t.type));
      case 'ref': {
        const e = rs.lookup(mod, t.name, t.pos, t.module);
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
    const e = rs.lookup(mod, t.className, t.pos);
    if (e.ast.kind !== 'class') throw new Asn1SyntaxError('undefined-reference', `${t.className} is not a class`, t.pos);
    const field = e.ast.fields.find((f) => f.name === t.field.replace(/^&/, ''));
    if (!field) throw new Asn1SyntaxError('undefined-reference', `${t.className} has no field &${t.field.replace(/^&/, '')}`, t.pos);
    return field.type;
  }

  function classFieldShallow(mod: ModuleAst, t: Extract<TypeAst, { kind: 'classField' }>): Shallow {
    const ft = classFieldType(mod, t);
    if (ft === undefined) return { layers: [], tlv: true };
    const e = rs.lookup(mod, t.className, t.pos);
    return shallow(e.mod, ft);
  }

  return { namedLayers, tagNumber, applyTag, applyTagLayers, shallow, classFieldType, classFieldShallow };
}
