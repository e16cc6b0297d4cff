/**
 * DER decoding and encoding by interpreting descriptors: the decoder and encoder of a type
 * that has a descriptor but no generated code — a module compiled at run time (a vendor's own
 * ASN.1, `sgp32 decode --asn1`). They follow the generated straight-line coders
 * (src/compiler/emit/decode.ts, encode.ts) rule for rule: the same tags matched, the same
 * checks, errors with the same codes, offsets and paths, the same value shapes, so that a codec
 * built on them behaves as a generated one (test/der/interpret.test.ts compares the two over
 * every type of the five modules). They are slower than generated code, which is why the
 * compiler still emits the latter for the built-in modules.
 *
 * A reference to a named type calls that type's own `$d`/`$e`, so a run-time module whose
 * types refer to generated ones uses the generated coders for those.
 *
 * @module
 */
import type { DecodeFn, EncodeFn } from './codec.js';
import { constructedForm, firstTagsOf, finalBaseOf, isTlvBase, layerTagText, propertyName, tagClassNumber, tagsText, type BaseDesc, type ComponentDesc, type ConstraintDesc, type NamedDesc } from './descriptor.js';
import { Asn1EncodeError, withPath } from './errors.js';
import { hdrNext, withMember } from './runtime.js';
import { rOctetsC, sBits, sBmp, sGeneralizedTime, sIa5, sLatin1, sNumeric, sPrintable, sUniversal, sUtcTime, sUtf8, sVisible } from './segments.js';
import {
  charCount, deepEqual, enumTable, rEnum, rTlv, sizeIn, sizeInEnc, sizeRangeEnc, utf8Count, valueIn, valueInEnc, valueRangeEnc, wEnum, wIa5, wLatin1, wNull, wNumeric,
  wPrintable, wTlv, wVisible, type EnumTable,
} from './extras.js';
import {
  deviation, enter, fail, hdr, keepEncoded, missing, rangeCheck, rBigInt, rBool, rInt, rNull, rOid,
  rRelOid, rUnknown, setOrder, sizeCheck, unexpected, view, type Reader,
} from './reader.js';
import { bitLength, wBits, type BitString } from './bitstring.js';
import {
  mark, wBigInt, wBmp, wBool, wGeneralizedTime, wHeader, wInt, wOctets, wOid, wRelOid, wSetOf, wUnknown, wUniversal, wUtcTime, wUtf8, type Writer,
} from './writer.js';

/** A value under construction. */
type Obj = Record<string, unknown>;

/** The generated decoder and encoder a referenced type carries (`$d`, `$e`). */
interface Coders {
  readonly $d: DecodeFn<unknown>;
  readonly $e: EncodeFn<unknown>;
}

/** One use of a type: its TLV layers, base and constraints (a component, an element, a named type). */
interface Use {
  readonly layers: readonly number[];
  readonly base: BaseDesc;
  readonly constraints?: ConstraintDesc | 0;
}

type Reading = (r: Reader, t: number, s: number, e: number, h: number) => unknown;
type Writing = (w: Writer, v: unknown) => void;

/** Readers of the character string types, given the content range and the TLV start (primitive or constructed form). */
const STRING_READERS: Readonly<Record<string, (r: Reader, s: number, e: number, h: number) => string>> = {
  UTF8String: sUtf8,
  PrintableString: sPrintable,
  NumericString: sNumeric,
  IA5String: sIa5,
  VisibleString: sVisible,
  ISO646String: sVisible,
  BMPString: sBmp,
  UniversalString: sUniversal,
};
const STRING_WRITERS: Readonly<Record<string, (w: Writer, v: string) => void>> = {
  UTF8String: wUtf8,
  PrintableString: wPrintable,
  NumericString: wNumeric,
  IA5String: wIa5,
  VisibleString: wVisible,
  ISO646String: wVisible,
  BMPString: wBmp,
  UniversalString: wUniversal,
};

const enumTables = /*@__PURE__*/ new WeakMap<NamedDesc, EnumTable>();

/** The look-up table of an ENUMERATED descriptor (generated descriptors are tables already). */
function tableOf(b: NamedDesc): EnumTable {
  if ('names' in b) return b as unknown as EnumTable;
  let t = enumTables.get(b);
  if (!t) enumTables.set(b, (t = enumTable(b.n, b.x)));
  return t;
}

/** An untagged extensible CHOICE: a tag none of its alternatives has may be a later one. */
function openChoice(u: Use): boolean {
  if (u.layers.length > 0) return false;
  const b = finalBaseOf(u.base);
  return typeof b === 'object' && b.k === 'choice' && b.x === 1;
}

/** The expected-tag argument of the reader's errors: the one packed tag, or its text. */
function tagArg(u: Use): string | number {
  const tags = firstTagsOf(u.layers, u.base);
  return tags !== null && tags.length === 1 ? tags[0] : tagsText(tags);
}

/**
 * `tag` is one a decoder of `u` takes: a first tag of its encodings, or the constructed form
 * of a string's own tag (lenient mode reads segmented strings; strict mode refuses them by name).
 */
function matcher(u: Use): (tag: number) => boolean {
  const tags = firstTagsOf(u.layers, u.base, new Set(), true);
  if (tags === null) return (t) => t >= 0;
  const set = new Set(tags);
  return (t) => set.has(t);
}

/** DER order key of a SET component (X.690 §10.3), as the emitter computes it. */
function canonicalKey(u: Use): number {
  const tags = firstTagsOf(u.layers, u.base);
  if (!tags || tags.length === 0) return Number.MAX_SAFE_INTEGER;
  if (u.layers.length > 0) {
    const { cls, num } = tagClassNumber(u.layers[0]);
    return cls * 2 ** 24 + num;
  }
  return Math.min(...tags);
}

/** How a value of `base` is measured for SIZE: its count and the word for it. */
function measure(base: BaseDesc): { count: (v: unknown, s: number, e: number) => number; what: string } {
  const b = finalBaseOf(base);
  if (b === 'UTF8String') return { count: (v, s, e) => utf8Count(v as string, e - s), what: 'length' };
  if (b === 'UniversalString') return { count: (v) => charCount(v as string), what: 'length' };
  if (b === 'bits' || (typeof b === 'object' && b.k === 'bits')) return { count: (v) => bitLength(v as BitString), what: 'bit count' };
  if (typeof b === 'object' && (b.k === 'seqOf' || b.k === 'setOf')) return { count: (v) => (v as unknown[]).length, what: 'number of items' };
  return { count: (v) => (v as { length: number }).length, what: 'length' };
}

function isIntegerBase(base: BaseDesc): boolean {
  const b = finalBaseOf(base);
  return b === 'int' || b === 'big' || (typeof b === 'object' && b.k === 'int');
}

/** The decode-side SIZE and value checks of `c` on a value of `base` (none: undefined). */
function decodeChecks(base: BaseDesc, c: ConstraintDesc | 0 | undefined): ((v: unknown, s: number, e: number) => void) | undefined {
  if (!c || (!c.size && !(c.value && isIntegerBase(base)))) return undefined;
  const size = c.size;
  const value = isIntegerBase(base) ? c.value : undefined;
  const m = size ? measure(base) : undefined;
  return (v, s, e) => {
    if (size && m) {
      if (size.length === 1) sizeCheck(m.count(v, s, e), size[0][0] as number, size[0][1] as number, s, m.what);
      else sizeIn(m.count(v, s, e), size, s, m.what);
    }
    if (value) {
      if (value.length === 1) rangeCheck(v as number, value[0][0], value[0][1], s);
      else valueIn(v as number, value, s);
    }
  };
}

/** The encode-side SIZE and value checks of `c` on a value of `base`. */
function encodeChecks(base: BaseDesc, c: ConstraintDesc | 0 | undefined): ((v: unknown) => void) | undefined {
  if (!c || (!c.size && !(c.value && isIntegerBase(base)))) return undefined;
  const size = c.size;
  const value = isIntegerBase(base) ? c.value : undefined;
  const b = finalBaseOf(base);
  const isBits = b === 'bits' || (typeof b === 'object' && b.k === 'bits');
  const chars = b === 'UTF8String' || b === 'UniversalString';
  const what = isBits ? 'bit count' : typeof b === 'object' && (b.k === 'seqOf' || b.k === 'setOf') ? 'number of items' : 'length';
  const count = (v: unknown) => (isBits ? bitLength(v as BitString) : chars ? charCount(v as string) : (v as { length: number }).length);
  return (v) => {
    if (size) {
      if (size.length === 1) sizeRangeEnc(count(v), size[0][0], size[0][1], what);
      else sizeInEnc(count(v), size, what);
    }
    if (value) {
      if (value.length === 1) valueRangeEnc(v as number, value[0][0], value[0][1]);
      else valueInEnc(v as number, value);
    }
  };
}

/**
 * The decoder and encoder of a base, for a named type (its own constraints checked, as the
 * generated coders of a type over a primitive or another named type do) or an inner one.
 * `typeName` names the enclosing named type in messages (`an alternative of …`).
 */
export function interpretedCoders(base: BaseDesc, typeName: string, constraints?: ConstraintDesc): { d: DecodeFn<unknown>; e: EncodeFn<unknown> } {
  const composite = typeof base === 'object' && base.k !== 'int' && base.k !== 'enum' && base.k !== 'bits';
  let d: Reading | undefined;
  let e: Writing | undefined;
  if (composite) {
    return {
      d: (r, t, s, en, h) => (d ??= baseReader(base, typeName))(r, t, s, en, h),
      e: (w, v) => (e ??= baseWriter(base))(w, v),
    };
  }
  return {
    d(r, t, s, en, h) {
      if (!d) {
        const read = baseReader(base, typeName);
        const check = decodeChecks(base, constraints);
        d = check ? (r2, t2, s2, e2, h2) => {
          const v = read(r2, t2, s2, e2, h2);
          check(v, s2, e2);
          return v;
        } : read;
      }
      return d(r, t, s, en, h);
    },
    e(w, v) {
      if (!e) {
        const write = baseWriter(base);
        const check = encodeChecks(base, constraints);
        e = check ? (w2, v2) => {
          check(v2);
          write(w2, v2);
        } : write;
      }
      e(w, v);
    },
  };
}

/** Reads the content of a TLV of `base` (for CHOICE and open types: the complete TLV at `h`). */
function baseReader(base: BaseDesc, typeName: string): Reading {
  if (typeof base === 'function') return (r, t, s, e, h) => (base() as unknown as Coders).$d(r, t, s, e, h);
  if (typeof base === 'string') {
    switch (base) {
      case 'bool':
        return (r, _t, s, e) => rBool(r, s, e);
      case 'null':
        return (r, _t, s, e) => rNull(r, s, e);
      case 'int':
        return (r, _t, s, e) => rInt(r, s, e);
      case 'big':
        return (r, _t, s, e) => rBigInt(r, s, e);
      case 'octets':
        return (r, _t, s, e, h) => (r.b[h] & 32 ? rOctetsC(r, s, e, h) : view(r, s, e));
      case 'oid':
        return (r, _t, s, e) => rOid(r, s, e);
      case 'roid':
        return (r, _t, s, e) => rRelOid(r, s, e);
      case 'any':
        return (r, _t, _s, _e, h) => rTlv(r, h);
      case 'bits':
        return (r, _t, s, e, h) => sBits(r, s, e, h, false);
      case 'UTCTime':
        return (r, _t, s, e, h) => sUtcTime(r, s, e, h);
      case 'GeneralizedTime':
        return (r, _t, s, e, h) => sGeneralizedTime(r, s, e, h);
      default: {
        const read = STRING_READERS[base] ?? sLatin1;
        return (r, _t, s, e, h) => read(r, s, e, h);
      }
    }
  }
  switch (base.k) {
    case 'int':
      return (r, _t, s, e) => rInt(r, s, e);
    case 'enum': {
      const table = tableOf(base);
      return (r, _t, s, e) => rEnum(r, s, e, table);
    }
    case 'bits':
      return (r, _t, s, e, h) => sBits(r, s, e, h, true);
    case 'seq':
      return sequenceReader(base.c, base.x === 1);
    case 'set':
      return setReader(base.c, base.x === 1);
    case 'seqOf':
    case 'setOf':
      return collectionReader({ layers: base.e[0], base: base.e[1], constraints: base.e[2] }, base.k === 'setOf', typeName);
    case 'choice':
      return choiceReader(base.a, base.x === 1, typeName);
  }
}

/**
 * Reads one use of a type from the header (t, s, e, h) of its outermost TLV, whose tag the
 * caller matched: steps through the explicit wrappers, reads the base, checks the constraints.
 */
function useReader(u: Use, typeName: string): Reading {
  const L = u.layers;
  const wrappers = L.length === 0 ? 0 : isTlvBase(u.base) ? L.length : L.length - 1;
  const inner: Use = { layers: [], base: finalBaseOf(u.base) };
  const innerTags = firstTagsOf([], inner.base);
  const innerCheck = innerTags !== null && !openChoice({ layers: [], base: u.base });
  const innerMatch = matcher(inner);
  const innerArg = tagArg(inner);
  const read = baseReader(u.base, typeName);
  const check = decodeChecks(u.base, u.constraints);
  // A string's own (last) layer is taken in its constructed form too.
  const lastConstructed = L.length > 0 ? constructedForm(L[L.length - 1], u.base) : undefined;
  return (r, t, s, e, h) => {
    for (let i = 1; i <= wrappers; i++) {
      hdr(r, s, e);
      if (r.n !== e) throw fail('trailing-data', r.n, 'explicit tag holds more than one value');
      if (i < L.length) {
        if (r.t !== L[i] && !(i === L.length - 1 && r.t === lastConstructed)) throw unexpected(r, s, r.t, layerTagText(L[i]));
      } else if (innerCheck && !innerMatch(r.t)) throw unexpected(r, s, r.t, innerArg);
      h = s;
      t = r.t;
      const ns = r.s;
      e = r.e;
      s = ns;
    }
    const v = read(r, t, s, e, h);
    if (check) check(v, s, e);
    return v;
  };
}

/** Component names as values carry them (hyphens become underscores), for error paths. */
function namesOf(members: readonly ComponentDesc[]): string[] {
  return members.map((m) => propertyName(m[0]));
}

const enum Flag {
  Optional = 1,
  Default = 2,
}

/** Assembles a SEQUENCE/SET value as generated decoders do: mandatory and DEFAULT components first, then the OPTIONAL ones present. */
function valueOf(members: readonly ComponentDesc[], names: readonly string[], vals: unknown[]): Obj {
  const v: Obj = {};
  members.forEach((m, i) => {
    if (!((m[3] ?? 0) & Flag.Optional) || (m[3] ?? 0) & Flag.Default) v[names[i]] = vals[i];
  });
  members.forEach((m, i) => {
    if ((m[3] ?? 0) & Flag.Optional && !((m[3] ?? 0) & Flag.Default) && vals[i] !== undefined) v[names[i]] = vals[i];
  });
  return v;
}

/**
 * What the SEQUENCE and SET readers work out once per type from its components: property names,
 * each component's use, its tag test and expected-tag text, and its reader (made on first use:
 * references may not be ready when the type is built).
 */
function componentsOf(members: readonly ComponentDesc[]) {
  const uses = members.map((m) => ({ layers: m[1], base: m[2], constraints: m[4] }));
  let reads: Reading[] | undefined;
  return { names: namesOf(members), uses, matches: uses.map(matcher), args: uses.map(tagArg), readers: () => (reads ??= uses.map((u) => useReader(u, ''))) };
}

function sequenceReader(members: readonly ComponentDesc[], extensible: boolean): Reading {
  const { names, uses, matches, args, readers } = componentsOf(members);
  // A mandatory untagged extensible CHOICE also takes a tag no later component can have.
  const takesLater = members.map((m, i) => !((m[3] ?? 0) & (Flag.Optional | Flag.Default)) && openChoice(uses[i]));
  // A header that cannot be read belongs to no component yet, unless the component is an open
  // type (any tag): `hdrNext` ends the error's path at this SEQUENCE.
  const headers = uses.map((u) => (firstTagsOf(u.layers, u.base, new Set(), true) === null ? hdr : hdrNext));
  return (r, _t, s, e, h) => {
    const reads = readers();
    enter(r, h);
    let f = -1;
    try {
      let p = s;
      let ht = -1;
      let hs = 0;
      let he = 0;
      let hn = 0;
      const vals: unknown[] = [];
      for (let i = 0; i < members.length; i++) {
        f = i;
        if (ht < 0 && p < e) {
          headers[i](r, p, e);
          ht = r.t;
          hs = r.s;
          he = r.e;
          hn = r.n;
        }
        const flags = members[i][3] ?? 0;
        let hit = ht >= 0 && matches[i](ht);
        if (!hit && takesLater[i] && ht >= 0) hit = !matches.slice(i + 1).some((m) => m(ht));
        if (hit) {
          const v = reads[i](r, ht, hs, he, p);
          if (flags & Flag.Default && deepEqual(v, members[i][5])) deviation(r, 'default-encoded', p, `${members[i][0]} encoded with its DEFAULT value`);
          vals[i] = v;
          p = hn;
          ht = -1;
        } else if (flags & Flag.Default) vals[i] = members[i][5];
        else if (!(flags & Flag.Optional)) {
          if (p < e) throw unexpected(r, p, ht, args[i]);
          throw missing(p, members[i][0], args[i]);
        }
      }
      f = -1;
      let unknown: Uint8Array[] | undefined;
      if (extensible) unknown = p < e ? rUnknown(r, p, e) : undefined;
      else if (p < e) {
        hdr(r, p, e);
        throw unexpected(r, p, r.t, 'the end of the SEQUENCE');
      }
      const v = valueOf(members, names, vals);
      if (unknown !== undefined) v.$unknown = unknown;
      r.depth--;
      if (r.keep) keepEncoded(r, v, h, e);
      return v;
    } catch (x) {
      throw withMember(x, names, f);
    }
  };
}

function setReader(members: readonly ComponentDesc[], extensible: boolean): Reading {
  const { names, uses, matches, args, readers } = componentsOf(members);
  const keys = uses.map(canonicalKey);
  return (r, _t, s, e, h) => {
    const reads = readers();
    enter(r, h);
    let f = -1;
    try {
      let p = s;
      let last = -1;
      let unknown: Uint8Array[] | undefined;
      const vals: unknown[] = [];
      while (p < e) {
        hdrNext(r, p, e);
        const { t: ht, s: hs, e: he, n: hn } = r;
        const i = matches.findIndex((m) => m(ht));
        if (i >= 0) {
          f = i;
          if (vals[i] !== undefined) throw fail('duplicate-component', p, `${members[i][0]} appears twice in the SET`);
          if (keys[i] < last) deviation(r, 'set-order', p, 'SET components not in tag order');
          last = keys[i];
          vals[i] = reads[i](r, ht, hs, he, p);
        } else if (extensible) unknown = rUnknown(r, p, hn, unknown);
        else throw unexpected(r, p, ht, 'a component of the SET');
        p = hn;
      }
      f = -1;
      members.forEach((m, i) => {
        const flags = m[3] ?? 0;
        if (vals[i] !== undefined) return;
        if (flags & Flag.Default) vals[i] = m[5];
        else if (!(flags & Flag.Optional)) throw missing(e, m[0], args[i]);
      });
      const v = valueOf(members, names, vals);
      if (unknown !== undefined) v.$unknown = unknown;
      r.depth--;
      if (r.keep) keepEncoded(r, v, h, e);
      return v;
    } catch (x) {
      throw withMember(x, names, f);
    }
  };
}

function collectionReader(el: Use, isSetOf: boolean, typeName: string): Reading {
  const match = matcher(el);
  const open = openChoice(el);
  const arg = tagArg(el);
  let read: Reading | undefined;
  return (r, _t, s, e, h) => {
    read ??= useReader(el, typeName);
    enter(r, h);
    const out: unknown[] = [];
    let p = s;
    let ps = -1;
    let pe = 0;
    try {
      while (p < e) {
        hdr(r, p, e);
        const { t: ht, s: hs, e: he, n: hn } = r;
        if (!open && !match(ht)) throw unexpected(r, p, ht, arg);
        const item = read(r, ht, hs, he, p);
        if (isSetOf) {
          if (ps >= 0) setOrder(r, ps, pe, p, hn);
          ps = p;
          pe = hn;
        }
        out.push(item);
        p = hn;
      }
    } catch (x) {
      throw withPath(x, `[${out.length}]`);
    }
    r.depth--;
    return out;
  };
}

function choiceReader(alternatives: readonly ComponentDesc[], extensible: boolean, typeName: string): Reading {
  const names = namesOf(alternatives);
  let byTag: Map<number, number> | undefined;
  let anyAlt = -1;
  let reads: Reading[] | undefined;
  return (r, t, s, e, h) => {
    if (!byTag) {
      byTag = new Map();
      alternatives.forEach((a, i) => {
        const tags = firstTagsOf(a[1], a[2], new Set(), true);
        if (tags === null) anyAlt = i;
        else for (const tg of tags) if (!byTag!.has(tg)) byTag!.set(tg, i);
      });
      reads = alternatives.map((a) => useReader({ layers: a[1], base: a[2], constraints: a[4] }, typeName));
    }
    enter(r, h);
    let f = -1;
    try {
      let v: Obj;
      const i = byTag.get(t);
      if (i !== undefined) {
        f = i;
        v = { $case: names[i], value: reads![i](r, t, s, e, h) };
      } else if (anyAlt >= 0) {
        f = anyAlt;
        v = { $case: names[anyAlt], value: rTlv(r, h) };
      } else if (extensible) v = { $case: '$unknown', value: rTlv(r, h) };
      else throw unexpected(r, h, t, `an alternative of ${typeName}`);
      r.depth--;
      if (r.keep) keepEncoded(r, v, h, e);
      return v;
    } catch (x) {
      throw withMember(x, names, f);
    }
  };
}

// ---- encoding ---------------------------------------------------------------------------------

function baseWriter(base: BaseDesc): Writing {
  if (typeof base === 'function') return (w, v) => (base() as unknown as Coders).$e(w, v);
  if (typeof base === 'string') {
    switch (base) {
      case 'bool':
        return (w, v) => wBool(w, v as boolean);
      case 'null':
        return (_w, v) => wNull(v as null);
      case 'int':
        return (w, v) => wInt(w, v as number);
      case 'big':
        return (w, v) => wBigInt(w, v as bigint);
      case 'octets':
        return (w, v) => wOctets(w, v as Uint8Array);
      case 'oid':
        return (w, v) => wOid(w, v as string);
      case 'roid':
        return (w, v) => wRelOid(w, v as string);
      case 'any':
        return (w, v) => wTlv(w, v as Uint8Array);
      case 'bits':
        return (w, v) => wBits(w, v as BitString, false);
      case 'UTCTime':
        return (w, v) => wUtcTime(w, v as string);
      case 'GeneralizedTime':
        return (w, v) => wGeneralizedTime(w, v as string);
      default: {
        const write = STRING_WRITERS[base] ?? wLatin1;
        return (w, v) => write(w, v as string);
      }
    }
  }
  switch (base.k) {
    case 'int':
      return (w, v) => wInt(w, v as number);
    case 'enum': {
      const table = tableOf(base);
      return (w, v) => wEnum(w, v as string, table);
    }
    case 'bits':
      return (w, v) => wBits(w, v as BitString, true);
    case 'seq':
    case 'set':
      return structWriter(base.c, base.k === 'set', base.x === 1);
    case 'seqOf':
    case 'setOf':
      return collectionWriter({ layers: base.e[0], base: base.e[1], constraints: base.e[2] }, base.k === 'setOf');
    case 'choice':
      return choiceWriter(base.a, base.x === 1);
  }
}

function useWriter(u: Use): Writing {
  const write = baseWriter(u.base);
  const check = encodeChecks(u.base, u.constraints);
  const L = u.layers;
  return (w, v) => {
    if (check) check(v);
    const m = mark(w);
    write(w, v);
    for (let i = L.length - 1; i >= 0; i--) wHeader(w, m, L[i]);
  };
}

function notA(what: string, v: unknown): Asn1EncodeError {
  return new Asn1EncodeError('bad-value', `expected ${what}, got ${typeof v}`);
}

function structWriter(members: readonly ComponentDesc[], isSet: boolean, extensible: boolean): Writing {
  const names = namesOf(members);
  const order = members.map((_, i) => i);
  if (isSet) {
    const keys = members.map((m) => canonicalKey({ layers: m[1], base: m[2] }));
    order.sort((a, b) => keys[a] - keys[b]);
  }
  order.reverse();
  let writes: Writing[] | undefined;
  return (w, v) => {
    writes ??= members.map((m) => useWriter({ layers: m[1], base: m[2], constraints: m[4] }));
    if (typeof v !== 'object' || v === null) throw notA('an object', v);
    const o = v as Obj;
    let f = -1;
    try {
      if (extensible && o.$unknown !== undefined) wUnknown(w, o.$unknown as Uint8Array[]);
      for (const i of order) {
        f = i;
        const flags = members[i][3] ?? 0;
        const x = o[names[i]];
        if (flags & Flag.Default) {
          if (x !== undefined && !deepEqual(x, members[i][5])) writes[i](w, x);
        } else if (flags & Flag.Optional) {
          if (x !== undefined) writes[i](w, x);
        } else {
          if (x === undefined) throw new Asn1EncodeError('missing-component', `component ${members[i][0]} is missing`);
          writes[i](w, x);
        }
      }
    } catch (x) {
      throw withPath(x, f < 0 ? '' : names[f]);
    }
  };
}

function collectionWriter(el: Use, isSetOf: boolean): Writing {
  let write: Writing | undefined;
  return (w, v) => {
    write ??= useWriter(el);
    if (!Array.isArray(v)) throw notA('an array', v);
    const one = write;
    if (isSetOf) {
      let i = 0;
      try {
        wSetOf(w, v, (w2: Writer, item: unknown) => {
          one(w2, item);
          i++;
        });
      } catch (x) {
        throw withPath(x, `[${i}]`);
      }
      return;
    }
    let i = v.length - 1;
    try {
      for (; i >= 0; i--) one(w, v[i]);
    } catch (x) {
      throw withPath(x, `[${i}]`);
    }
  };
}

function choiceWriter(alternatives: readonly ComponentDesc[], extensible: boolean): Writing {
  const names = namesOf(alternatives);
  let writes: Writing[] | undefined;
  return (w, v) => {
    writes ??= alternatives.map((a) => useWriter({ layers: a[1], base: a[2], constraints: a[4] }));
    if (typeof v !== 'object' || v === null) throw notA('a { $case, value } object', v);
    const c = v as { $case: unknown; value: unknown };
    let f = -1;
    try {
      const i = names.indexOf(c.$case as string);
      if (i >= 0) {
        f = i;
        writes[i](w, c.value);
      } else if (extensible && c.$case === '$unknown') wTlv(w, c.value as Uint8Array);
      else throw new Asn1EncodeError('bad-choice', `unknown alternative ${JSON.stringify(c.$case)}`);
    } catch (x) {
      throw withPath(x, f < 0 ? '' : names[f]);
    }
  };
}
