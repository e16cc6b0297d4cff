/**
 * X.697 JER by interpretation of the type descriptors (src/der/descriptor.ts): one pair of
 * functions, `toJerOf` and `fromJerOf`, serves every generated type, so the generated files
 * carry no JSON code. The mapping is the one src/jer/index.ts documents.
 *
 * @module
 */
import { Asn1EncodeError } from '../der/errors.js';
import { HAS_DEFAULT, OPTIONAL, propertyName, type BaseDesc, type ChoiceDesc, type StructDesc } from '../der/descriptor.js';
import type { BitString } from '../der/bitstring.js';
import {
  JerError, bigIntToJer, bitsToJer, fromHex, jArray, jBigInt, jBits, jBoolean, jChoice, jEnum, jInteger, jNoExtraMembers, jNull,
  jObject, jString, jUnknown, toHex, type JsonValue,
} from './index.js';


/** Names of a SEQUENCE/SET's components (JER member names), built once per descriptor. */
const knownMembers = /*@__PURE__*/ new WeakMap<StructDesc, ReadonlySet<string>>();

function membersOf(d: StructDesc): ReadonlySet<string> {
  let s = knownMembers.get(d);
  if (s === undefined) {
    s = new Set(d.c.map((c) => c[0]));
    knownMembers.set(d, s);
  }
  return s;
}

/** The JER form of `v`, a value of the type whose base is `base`. */
export function toJerOf(base: BaseDesc, v: unknown): JsonValue {
  if (typeof base === 'string') {
    switch (base) {
      case 'big':
        return bigIntToJer(v as bigint);
      case 'bits':
        return bitsToJer(v as BitString);
      case 'octets':
      case 'any':
        return toHex(v as Uint8Array);
      default:
        return v as JsonValue;
    }
  }
  if (typeof base === 'function') return toJerOf(base().desc.base, v);
  switch (base.k) {
    case 'bits':
      return bitsToJer(v as BitString);
    case 'int':
    case 'enum':
      return v as JsonValue;
    case 'seqOf':
    case 'setOf': {
      const el = base.e[1];
      return (v as readonly unknown[]).map((x) => toJerOf(el, x));
    }
    case 'seq':
    case 'set':
      return structToJer(base, v as Record<string, unknown>);
    case 'choice':
      return choiceToJer(base, v as { $case: string; value: unknown });
  }
}

function structToJer(d: StructDesc, v: Record<string, unknown>): JsonValue {
  const o: { [k: string]: JsonValue } = {};
  for (const c of d.c) {
    const x = v[propertyName(c[0])];
    if (x !== undefined || !((c[3] ?? 0) & OPTIONAL)) o[c[0]] = toJerOf(c[2], x);
  }
  const unknown = v.$unknown as readonly Uint8Array[] | undefined;
  if (d.x && unknown !== undefined) o.$unknown = unknown.map(toHex);
  return o;
}

function choiceToJer(d: ChoiceDesc, v: { $case: string; value: unknown }): JsonValue {
  for (const a of d.a) if (propertyName(a[0]) === v.$case) return { [a[0]]: toJerOf(a[2], v.value) };
  if (d.x && v.$case === '$unknown') return { $unknown: toHex(v.value as Uint8Array) };
  throw new Asn1EncodeError('bad-choice', `unknown alternative ${JSON.stringify((v as { $case: unknown }).$case)}`);
}

/** A value of the type whose base is `base` from its JER form; JerError at `path` otherwise. */
export function fromJerOf(base: BaseDesc, j: unknown, path: string): unknown {
  if (typeof base === 'string') {
    switch (base) {
      case 'bool':
        return jBoolean(j, path);
      case 'null':
        return jNull(j, path);
      case 'int':
        return jInteger(j, path);
      case 'big':
        return jBigInt(j, path);
      case 'bits':
        return jBits(j, path);
      case 'octets':
      case 'any':
        return fromHex(j, path);
      default:
        return jString(j, path);
    }
  }
  if (typeof base === 'function') return fromJerOf(base().desc.base, j, path);
  switch (base.k) {
    case 'bits':
      return jBits(j, path);
    case 'int':
      return jInteger(j, path);
    case 'enum':
      return jEnum(j, path, base.n);
    case 'seqOf':
    case 'setOf': {
      const el = base.e[1];
      return jArray(j, path).map((x, i) => fromJerOf(el, x, `${path}[${i}]`));
    }
    case 'seq':
    case 'set':
      return structFromJer(base, j, path);
    case 'choice':
      return choiceFromJer(base, j, path);
  }
}

function structFromJer(d: StructDesc, j: unknown, path: string): unknown {
  const o = jObject(j, path);
  jNoExtraMembers(o, membersOf(d), path);
  const v: Record<string, unknown> = {};
  for (const c of d.c) {
    const name = c[0];
    const flags = c[3] ?? 0;
    const m = o[name];
    if (m !== undefined) v[propertyName(name)] = fromJerOf(c[2], m, `${path}.${name}`);
    else if (flags & HAS_DEFAULT) v[propertyName(name)] = c[5];
    else if (!(flags & OPTIONAL)) throw new JerError(path, `member ${name} is missing`);
  }
  if (d.x && o.$unknown !== undefined) v.$unknown = jUnknown(o.$unknown, `${path}.$unknown`);
  return v;
}

function choiceFromJer(d: ChoiceDesc, j: unknown, path: string): unknown {
  const [k, x] = jChoice(j, path);
  for (const a of d.a) if (a[0] === k) return { $case: propertyName(k), value: fromJerOf(a[2], x, `${path}.${k}`) };
  if (d.x && k === '$unknown') return { $case: '$unknown', value: fromHex(x, `${path}.$unknown`) };
  throw new JerError(path, `unknown alternative ${JSON.stringify(k)}`);
}
