/**
 * Values: named value assignments (INTEGER, BOOLEAN, OBJECT IDENTIFIER) evaluated once each.
 *
 * @module
 */
import { Asn1SyntaxError, type BracedItemAst, type ModuleAst, type SourcePos, type TypeAst, type ValueAst } from '../ast.js';
import { type ValueModel } from '../model.js';
import { WELL_KNOWN_ARCS } from './builtins.js';
import type { Resolver } from './state.js';

/** The values part of the resolver; functions of the other parts are reached through `rs`. */
export function valueFunctions(rs: Resolver): Pick<Resolver, 'namedValue' | 'evalValue' | 'underlyingKind' | 'evalInteger' | 'evalOid'> {
  const valueMemo = new Map<string, ValueModel>();
  const valueBusy = new Set<string>();

  function namedValue(mod: ModuleAst, name: string, pos: SourcePos): ValueModel {
    const e = rs.lookup(mod, name, pos);
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
      const e = rs.lookup(mod, type.name, type.pos, type.module);
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

  return { namedValue, evalValue, underlyingKind, evalInteger, evalOid };
}
