/**
 * DEFAULT values, typed by their component's type.
 *
 * @module
 */
import { Asn1SyntaxError, type ModuleAst, type ValueAst } from '../ast.js';
import { type BaseModel, type DefaultValue, type TypeModel } from '../model.js';
import { bitsToHex } from './builtins.js';
import type { Resolver } from './state.js';

/** The defaults part of the resolver; functions of the other parts are reached through `rs`. */
export function defaultFunctions(rs: Resolver): Pick<Resolver, 'finalBase' | 'resolveDefault'> {
  function finalBase(type: TypeModel): BaseModel {
    let b = type.base;
    for (let i = 0; b.kind === 'ref' && i < 64; i++) {
      const e = { mod: rs.byName.get(b.module)!, ast: rs.local.get(b.module)!.get(b.name)! };
      b = rs.namedType(e, e.ast.pos).type.base;
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
        else n = rs.evalInteger(mod, v);
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
          // The bits named, as the bstring they stand for ('0101…', the highest named bit last).
          const len = bits.length ? Math.max(...bits) + 1 : 0;
          const set = new Set(bits);
          return { kind: 'bits', ...bitsToHex(Array.from({ length: len }, (_, i) => (set.has(i) ? '1' : '0')).join('')) };
        }
        throw bad('a BIT STRING');
      }
      case 'string':
      case 'time':
        if (v.kind !== 'cstring') throw bad('a character string');
        return { kind: 'string', value: v.value };
      case 'oid':
        return { kind: 'oid', value: rs.evalOid(mod, v) };
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

  return { finalBase, resolveDefault };
}
