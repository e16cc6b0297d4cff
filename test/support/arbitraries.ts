/**
 * fast-check arbitraries derived from the type descriptors (src/der/descriptor.ts) — the one
 * description of every type that JER, the tree view and detection interpret too: one generic
 * builder walks a codec's descriptor, never a hand-written arbitrary per type. It works for any
 * registry, the five generated modules or modules compiled at run time. Values follow the
 * codecs' value model (DESIGN.md): SEQUENCE → object with absent OPTIONAL members omitted,
 * CHOICE → `{ $case, value }`, BIT STRING → `{ bytes, unusedBits }`, OCTET STRING / open type →
 * Uint8Array, OID → dotted string, and so on.
 *
 * What the arbitraries respect:
 * - SIZE and value-range constraints, on the use and along the chain of referenced named types
 *   (intersected);
 * - the DER form of named-bit BIT STRINGs (trailing zero bits removed, via `bitStringOf`) and
 *   zero unused bits elsewhere;
 * - the character set of each string type (SIZE counted in characters, i.e. code points);
 *   UTCTime / GeneralizedTime in their DER forms;
 * - valid OBJECT IDENTIFIER arcs (first 0..2, second < 40 under 0 and 1);
 * - open types as one complete, strictly DER-conformant TLV;
 * - DEFAULT components: absent, equal to the default, or another value ({@link normalise}
 *   gives the value a decoder returns, with defaults filled in);
 * - bounded recursion: a nesting budget, below which only the alternatives, optional members
 *   and list sizes that can still terminate are chosen.
 * `$unknown` members and alternatives are never generated.
 */
import fc from 'fast-check';
import type { BaseDesc, ConstraintDesc, StringTypeName, TypeDesc } from '../../src/der/descriptor.js';
import { HAS_DEFAULT, OPTIONAL, propertyName } from '../../src/der/descriptor.js';
import type { Interval } from '../../src/der/extras.js';
import type { Registry } from '../../src/der/registry.js';
import { bitStringOf } from '../../src/der/bitstring.js';
import { defaultRegistry } from '../../src/generated/registry.js';

/** The five specification modules, in the order scripts/gen.ts compiles them. */
export const ASN1_FILES = ['PKIX1Explicit88.asn', 'PKIX1Implicit88.asn', 'PEDefinitions.asn', 'RSPDefinitions.asn', 'SGP32Definitions.asn'] as const;

// ---- constraints -------------------------------------------------------------------------------

type Bound = number | bigint;

function maxB(a: Bound, b: Bound): Bound {
  return a >= b ? a : b;
}
function minB(a: Bound, b: Bound): Bound {
  return a <= b ? a : b;
}

/** Intersection of two unions of closed intervals. */
export function intersect(a: readonly Interval[] | undefined, b: readonly Interval[] | undefined): readonly Interval[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const out: Interval[] = [];
  for (const [a0, a1] of a) {
    for (const [b0, b1] of b) {
      const lo = maxB(a0, b0);
      const hi = minB(a1, b1);
      if (lo <= hi) out.push([lo, hi]);
    }
  }
  return out;
}

/** One use of a type: its layers do not matter for values; its base and constraints do. */
interface Use {
  readonly base: BaseDesc;
  readonly constraints?: ConstraintDesc | 0;
}

/** A use with references followed: the defining base and the constraints met on the way. */
interface Effective {
  readonly base: Exclude<BaseDesc, () => unknown>;
  readonly size?: readonly Interval[];
  readonly value?: readonly Interval[];
}

// ---- the generator -----------------------------------------------------------------------------

/** Options of {@link DescriptorArbitraries}. */
export interface ArbitraryOptions {
  /** Nesting budget of constructed values (raised to a type's minimum height when needed). */
  readonly depth?: number;
  /** Items in SEQUENCE OF / SET OF beyond the minimum size. */
  readonly extraItems?: number;
  /** Octets or characters beyond the minimum size. */
  readonly extraLength?: number;
}

/**
 * Builds arbitraries from the descriptors of a registry's types. `forType(module, name)` gives
 * the arbitrary of one named type; `normalise(module, name, value)` the value its decoder
 * returns.
 */
export class DescriptorArbitraries {
  private readonly heights = new Map<object, number>();
  private readonly memo = new Map<string, fc.Arbitrary<unknown>>();
  private readonly ids = new Map<BaseDesc, number>();
  private readonly depth: number;
  private readonly extraItems: number;
  private readonly extraLength: number;

  constructor(
    readonly registry: Registry = defaultRegistry,
    options: ArbitraryOptions = {},
  ) {
    this.depth = options.depth ?? 6;
    this.extraItems = options.extraItems ?? 2;
    this.extraLength = options.extraLength ?? 8;
    this.computeHeights();
  }

  private desc(module: string, name: string): TypeDesc {
    const c = this.registry.type(`${module}.${name}`);
    if (!c) throw new Error(`no type ${module}.${name} in the registry`);
    return c.desc;
  }

  /** The arbitrary of the named type `module.name`, as its codec takes it. */
  forType(module: string, name: string): fc.Arbitrary<unknown> {
    const t = this.desc(module, name);
    const use: Use = { base: t.base, constraints: t.constraints };
    const h = this.typeHeight(use);
    if (h === Infinity) throw new Error(`${module}.${name} has no finite value`);
    return this.arb(use, Math.max(this.depth, h));
  }

  /** The value a decoder (or `fromJer`) returns for `value`: DEFAULT members filled in. */
  normalise(module: string, name: string, value: unknown): unknown {
    const t = this.desc(module, name);
    return this.norm({ base: t.base, constraints: t.constraints }, value);
  }

  // ---- heights: the least nesting a finite value of each base needs -------------------------

  private effective(u: Use): Effective {
    let size = u.constraints ? u.constraints.size : undefined;
    let value = u.constraints ? u.constraints.value : undefined;
    let b = u.base;
    for (let i = 0; typeof b === 'function' && i < 64; i++) {
      const d = b().desc;
      size = intersect(size, d.constraints?.size);
      value = intersect(value, d.constraints?.value);
      b = d.base;
    }
    if (typeof b === 'function') throw new Error('reference chain longer than 64 steps');
    return { base: b, size, value };
  }

  private heightOf(b: Effective['base']): number {
    if (typeof b === 'string' || (b.k !== 'seq' && b.k !== 'set' && b.k !== 'choice')) return 0;
    return this.heights.get(b) ?? Infinity;
  }

  private typeHeight(u: Use, guard = 0): number {
    const e = this.effective(u);
    const b = e.base;
    if (typeof b === 'object' && (b.k === 'seqOf' || b.k === 'setOf')) {
      // A list needs its element only when its size constraint forbids the empty list.
      if (guard > 32) return Infinity;
      return 1 + (minOf(e.size) > 0 ? this.typeHeight({ base: b.e[1], constraints: b.e[2] }, guard + 1) : 0);
    }
    return this.heightOf(b);
  }

  /** Every SEQUENCE, SET and CHOICE base reachable from the registry's types. */
  private structBases(): Extract<BaseDesc, { k: 'seq' | 'set' | 'choice' }>[] {
    const out: Extract<BaseDesc, { k: 'seq' | 'set' | 'choice' }>[] = [];
    const seen = new Set<unknown>();
    const walk = (b: BaseDesc): void => {
      if (seen.has(b)) return;
      seen.add(b);
      if (typeof b === 'function') return walk(b().desc.base);
      if (typeof b === 'string') return;
      if (b.k === 'seq' || b.k === 'set') {
        out.push(b);
        b.c.forEach((c) => walk(c[2]));
      } else if (b.k === 'choice') {
        out.push(b);
        b.a.forEach((a) => walk(a[2]));
      } else if (b.k === 'seqOf' || b.k === 'setOf') walk(b.e[1]);
    };
    for (const q of this.registry.typeNames()) walk(this.registry.type(q)!.desc.base);
    return out;
  }

  /** Least fixed point of the heights of SEQUENCE, SET and CHOICE bases (primitives: 0). */
  private computeHeights(): void {
    const bases = this.structBases();
    for (let changed = true; changed; ) {
      changed = false;
      for (const b of bases) {
        let h: number;
        if (b.k === 'choice') h = 1 + Math.min(...b.a.map((a) => this.typeHeight({ base: a[2], constraints: a[4] })));
        else h = 1 + Math.max(0, ...b.c.filter((c) => !((c[3] ?? 0) & OPTIONAL)).map((c) => this.typeHeight({ base: c[2], constraints: c[4] })));
        if (h < this.heightOf(b)) {
          this.heights.set(b, h);
          changed = true;
        }
      }
    }
  }

  // ---- arbitraries -------------------------------------------------------------------------

  private idOf(b: BaseDesc): number | string {
    if (typeof b === 'string') return b;
    let id = this.ids.get(b);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(b, id);
    }
    return id;
  }

  /**
   * The arbitrary of a use of a type with `budget` levels of nesting left (memoised by the
   * effective base, budget and constraints).
   */
  private arb(u: Use, budget: number): fc.Arbitrary<unknown> {
    const e = this.effective(u);
    const key = `${this.idOf(e.base)}|${budget}|${JSON.stringify(e.size, big)}|${JSON.stringify(e.value, big)}`;
    let a = this.memo.get(key);
    if (a === undefined) {
      a = this.build(e, budget);
      this.memo.set(key, a);
    }
    return a;
  }

  private sizeRange(size: readonly Interval[] | undefined, extra: number): fc.Arbitrary<number> {
    const ivs = size ?? [[0, Infinity] as Interval];
    return fc.oneof(
      ...ivs.map(([a, b]) => {
        const lo = Number(a === -Infinity ? 0 : a);
        const hi = Math.min(Number(b), lo + extra);
        return fc.integer({ min: Math.max(0, lo), max: Math.max(0, hi) });
      }),
    );
  }

  private bitsArb(size: readonly Interval[] | undefined): fc.Arbitrary<unknown> {
    return this.sizeRange(size, 40).chain((bits) =>
      fc.uint8Array({ minLength: (bits + 7) >> 3, maxLength: (bits + 7) >> 3 }).map((bytes) => {
        const unusedBits = (8 - (bits & 7)) & 7;
        if (bytes.length > 0) bytes[bytes.length - 1] &= 0xff << unusedBits;
        return { bytes, unusedBits };
      }),
    );
  }

  private build(e: Effective, budget: number): fc.Arbitrary<unknown> {
    const b = e.base;
    if (typeof b === 'string') {
      switch (b) {
        case 'bool':
          return fc.boolean();
        case 'null':
          return fc.constant(null);
        case 'int':
          return integerArb(e.value, false);
        case 'big':
          return integerArb(e.value, true);
        case 'bits':
          return this.bitsArb(e.size);
        case 'octets':
          return this.sizeRange(e.size, this.extraLength).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
        case 'oid':
          return oidArb();
        case 'roid':
          return fc.array(arcArb(), { minLength: 1, maxLength: 5 }).map((a) => a.join('.'));
        case 'UTCTime':
          return utcTimeArb();
        case 'GeneralizedTime':
          return generalizedTimeArb();
        case 'any':
          return derTlvArb();
        default:
          return stringArb(b, this.sizeRange(e.size, this.extraLength));
      }
    }
    switch (b.k) {
      case 'int':
        return integerArb(e.value, false);
      case 'enum':
        return fc.constantFrom(...Object.keys(b.n));
      case 'bits': {
        const max = Math.max(...Object.values(b.n)) + 3;
        return fc.uniqueArray(fc.integer({ min: 0, max }), { maxLength: 6 }).map((bits) => bitStringOf(bits));
      }
      case 'seq':
      case 'set': {
        const parts: Record<string, fc.Arbitrary<unknown>> = {};
        const required: string[] = [];
        for (const c of b.c) {
          const key = propertyName(c[0]);
          const flags = c[3] ?? 0;
          const optional = (flags & (OPTIONAL | HAS_DEFAULT)) !== 0;
          const use = { base: c[2], constraints: c[4] };
          if (optional && this.typeHeight(use) > budget - 1) continue; // cannot terminate here: absent
          const inner = this.arb(use, budget - 1);
          // DEFAULT members: absent, equal to the default, or any other value.
          parts[key] = flags & HAS_DEFAULT ? fc.oneof(inner, fc.constant(c[5])) : inner;
          if (!optional) required.push(key);
        }
        return fc.record(parts, { requiredKeys: required as never[] });
      }
      case 'choice': {
        const alts = b.a.filter((a) => this.typeHeight({ base: a[2], constraints: a[4] }) <= budget - 1);
        const use = alts.length > 0 ? alts : b.a;
        return fc.oneof(...use.map((a) => this.arb({ base: a[2], constraints: a[4] }, budget - 1).map((value) => ({ $case: propertyName(a[0]), value }))));
      }
      case 'seqOf':
      case 'setOf': {
        const el = { base: b.e[1], constraints: b.e[2] };
        // Out of budget: the empty list (heights guarantee the size constraint allows it then).
        if (this.typeHeight(el) > budget - 1) return fc.constant([]);
        const items = this.arb(el, budget - 1);
        return this.sizeRange(e.size, this.extraItems).chain((n) => fc.array(items, { minLength: n, maxLength: n }));
      }
    }
  }

  // ---- normalisation -----------------------------------------------------------------------

  private norm(u: Use, v: unknown): unknown {
    const b = this.effective(u).base;
    if (typeof b === 'string') return v;
    switch (b.k) {
      case 'seq':
      case 'set': {
        const o = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const c of b.c) {
          const key = propertyName(c[0]);
          if (o[key] !== undefined) out[key] = this.norm({ base: c[2], constraints: c[4] }, o[key]);
          else if ((c[3] ?? 0) & HAS_DEFAULT) out[key] = c[5];
        }
        return out;
      }
      case 'choice': {
        const o = v as { $case: string; value: unknown };
        const alt = b.a.find((a) => propertyName(a[0]) === o.$case);
        return { $case: o.$case, value: alt ? this.norm({ base: alt[2], constraints: alt[4] }, o.value) : o.value };
      }
      case 'seqOf':
      case 'setOf':
        return (v as unknown[]).map((x) => this.norm({ base: b.e[1], constraints: b.e[2] }, x));
      default:
        return v;
    }
  }

  /**
   * Reorders the SET OF arrays of `expected` to the order found in `actual` (DER sorts SET OF
   * elements by their encodings), matching elements by deep equality; unmatched elements stay
   * where they are so that a comparison reports them.
   */
  alignSetOf(module: string, name: string, expected: unknown, actual: unknown, equal: (a: unknown, b: unknown) => boolean): unknown {
    const t = this.desc(module, name);
    return this.align({ base: t.base, constraints: t.constraints }, expected, actual, equal);
  }

  private align(u: Use, x: unknown, y: unknown, equal: (a: unknown, b: unknown) => boolean): unknown {
    const b = this.effective(u).base;
    if (typeof b === 'string' || typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) return x;
    switch (b.k) {
      case 'seq':
      case 'set': {
        const out: Record<string, unknown> = { ...(x as Record<string, unknown>) };
        for (const c of b.c) {
          const key = propertyName(c[0]);
          if (out[key] !== undefined) out[key] = this.align({ base: c[2], constraints: c[4] }, out[key], (y as Record<string, unknown>)[key], equal);
        }
        return out;
      }
      case 'choice': {
        const xo = x as { $case: string; value: unknown };
        const yo = y as { $case: string; value: unknown };
        const alt = b.a.find((a) => propertyName(a[0]) === xo.$case);
        if (!alt || xo.$case !== yo.$case) return x;
        return { $case: xo.$case, value: this.align({ base: alt[2], constraints: alt[4] }, xo.value, yo.value, equal) };
      }
      case 'seqOf':
      case 'setOf': {
        const el = { base: b.e[1], constraints: b.e[2] };
        const xs = x as unknown[];
        const ys = y as unknown[];
        if (!Array.isArray(xs) || !Array.isArray(ys)) return x;
        if (b.k === 'seqOf' || xs.length !== ys.length) return xs.map((item, i) => this.align(el, item, ys[i], equal));
        const left = [...xs];
        const out: unknown[] = [];
        for (const yEl of ys) {
          const i = left.findIndex((xEl) => equal(this.align(el, xEl, yEl, equal), yEl));
          if (i < 0) return xs;
          out.push(this.align(el, left[i], yEl, equal));
          left.splice(i, 1);
        }
        return out;
      }
      default:
        return x;
    }
  }
}

function minOf(size: readonly Interval[] | undefined): number {
  if (size === undefined || size.length === 0) return 0;
  return Math.min(...size.map(([a]) => (a === -Infinity ? 0 : Number(a))));
}

function big(_k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`;
  if (v === Infinity) return 'Inf';
  if (v === -Infinity) return '-Inf';
  return v;
}

// ---- primitive arbitraries ---------------------------------------------------------------------

function integerArb(ivs: readonly Interval[] | undefined, bigType: boolean): fc.Arbitrary<unknown> {
  const ranges = ivs ?? [[-Infinity, Infinity] as Interval];
  if (bigType) {
    return fc.oneof(
      ...ranges.map(([a, b]) => {
        const lo = a === -Infinity ? -(1n << 80n) : BigInt(a);
        const hi = b === Infinity ? 1n << 80n : BigInt(b);
        return fc.oneof(fc.bigInt({ min: lo, max: hi }), fc.bigInt({ min: lo, max: minB(hi, lo + 300n) as bigint }));
      }),
    );
  }
  return fc.oneof(
    ...ranges.map(([a, b]) => {
      const lo = a === -Infinity ? Number.MIN_SAFE_INTEGER : Math.max(Number(a), Number.MIN_SAFE_INTEGER);
      const hi = b === Infinity ? Number.MAX_SAFE_INTEGER : Math.min(Number(b), Number.MAX_SAFE_INTEGER);
      // Small values near the lower bound (sign-octet edges) as well as the full range.
      const arbs = [fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: Math.min(hi, lo + 300) })];
      if (Math.max(lo, -300) <= Math.min(hi, 300)) arbs.push(fc.integer({ min: Math.max(lo, -300), max: Math.min(hi, 300) }));
      return fc.oneof(...arbs);
    }),
  );
}

function arcArb(): fc.Arbitrary<string> {
  return fc.oneof(fc.integer({ min: 0, max: 200 }).map(String), fc.bigInt({ min: 0n, max: 1n << 70n }).map(String));
}

/** OBJECT IDENTIFIER values: first arc 0..2, second below 40 under 0 and 1 (X.660). */
export function oidArb(): fc.Arbitrary<string> {
  const head = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 39 })).map(([a, b]) => `${a}.${b}`),
    fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.bigInt({ min: 0n, max: 1n << 64n })).map((b) => `2.${b}`),
  );
  return fc.tuple(head, fc.array(arcArb(), { maxLength: 6 })).map(([h, rest]) => [h, ...rest].join('.'));
}

const PRINTABLE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?";

function codePointArb(type: StringTypeName): fc.Arbitrary<number> {
  switch (type) {
    case 'PrintableString':
      return fc.constantFrom(...[...PRINTABLE].map((c) => c.charCodeAt(0)));
    case 'NumericString':
      return fc.constantFrom(...[...'0123456789 '].map((c) => c.charCodeAt(0)));
    case 'IA5String':
      return fc.integer({ min: 0, max: 0x7f });
    case 'VisibleString':
    case 'ISO646String':
      return fc.integer({ min: 0x20, max: 0x7e });
    case 'BMPString':
      return fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0xffff }));
    case 'UTF8String':
    case 'UniversalString':
      return fc.oneof(
        fc.integer({ min: 0x20, max: 0x7e }),
        fc.integer({ min: 0, max: 0xd7ff }),
        fc.integer({ min: 0xe000, max: 0x10ffff }),
      );
    default:
      // TeletexString, VideotexString, GraphicString, GeneralString: octets 1:1 (Latin-1).
      return fc.integer({ min: 0, max: 0xff });
  }
}

/**
 * Strings of a character string type with a character count from `size`: characters as X.680
 * counts them for SIZE (code points; a UTF8String or UniversalString character outside the BMP
 * is one character, two UTF-16 code units).
 */
export function stringArb(type: StringTypeName, size: fc.Arbitrary<number>): fc.Arbitrary<string> {
  const cp = codePointArb(type);
  return size.chain((n) => fc.array(cp, { minLength: n, maxLength: n }).map((cps) => String.fromCodePoint(...cps)));
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function dateParts(): fc.Arbitrary<[number, number, number, number, number]> {
  return fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }));
}

/** UTCTime in the DER form YYMMDDHHMMSSZ (X.690 §11.8). */
export function utcTimeArb(): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: 0, max: 99 }), dateParts()).map(([y, [mo, d, h, mi, s]]) => `${pad(y, 2)}${pad(mo, 2)}${pad(d, 2)}${pad(h, 2)}${pad(mi, 2)}${pad(s, 2)}Z`);
}

/** GeneralizedTime in the DER form YYYYMMDDHHMMSS[.f]Z, no trailing zero in the fraction (X.690 §11.7). */
export function generalizedTimeArb(): fc.Arbitrary<string> {
  const frac = fc.option(fc.tuple(fc.stringMatching(/^\d{0,3}$/), fc.integer({ min: 1, max: 9 })).map(([a, b]) => `.${a}${b}`), { nil: '' });
  return fc
    .tuple(fc.integer({ min: 1, max: 9999 }), dateParts(), frac)
    .map(([y, [mo, d, h, mi, s], f]) => `${pad(y, 4)}${pad(mo, 2)}${pad(d, 2)}${pad(h, 2)}${pad(mi, 2)}${pad(s, 2)}${f}Z`);
}

// ---- open types: well-formed DER TLVs written here, without src/der ---------------------------

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) out.unshift(x & 0xff);
  return [0x80 | out.length, ...out];
}

function identifier(cls: number, constructed: boolean, num: number): number[] {
  const first = (cls << 6) | (constructed ? 0x20 : 0);
  if (num < 31) return [first | num];
  const tail = [num & 0x7f];
  for (let x = num >>> 7; x > 0; x >>>= 7) tail.unshift(0x80 | (x & 0x7f));
  return [first | 0x1f, ...tail];
}

function tlv(id: number[], content: Uint8Array | number[]): Uint8Array {
  return Uint8Array.from([...id, ...derLength(content.length), ...content]);
}

function derInteger(v: bigint): number[] {
  const out: number[] = [];
  let x = v;
  for (;;) {
    const low = Number(x & 0xffn);
    out.unshift(low);
    x >>= 8n;
    if ((x === 0n && low < 0x80) || (x === -1n && low >= 0x80)) return out;
  }
}

const nonUniversalTag = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 31, max: 5000 })));

/** One complete DER TLV: primitives of a few universal types and tagged or SEQUENCE constructions. */
export function derTlvArb(): fc.Arbitrary<Uint8Array> {
  const { node } = fc.letrec<{ node: Uint8Array; prim: Uint8Array; cons: Uint8Array }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('prim'), tie('cons')),
    prim: fc.oneof(
      fc.uint8Array({ maxLength: 12 }).map((b) => tlv([0x04], b)),
      fc.uint8Array({ minLength: 120, maxLength: 300 }).map((b) => tlv([0x04], b)),
      fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }).map((v) => tlv([0x02], derInteger(v))),
      fc.boolean().map((v) => tlv([0x01], [v ? 0xff : 0])),
      fc.constant(tlv([0x05], [])),
      fc.string({ maxLength: 8 }).map((s) => tlv([0x0c], [...new TextEncoder().encode(s)])),
      fc.tuple(nonUniversalTag, fc.uint8Array({ maxLength: 8 })).map(([[c, n], b]) => tlv(identifier(c, false, n), b)),
    ),
    cons: fc.tuple(fc.oneof(fc.constant<[number, number] | null>(null), nonUniversalTag), fc.array(tie('node'), { maxLength: 3 })).map(([tag, kids]) => {
      const content: number[] = [];
      for (const k of kids) content.push(...k);
      return tlv(tag === null ? [0x30] : identifier(tag[0], true, tag[1]), content);
    }),
  }));
  return node;
}

/**
 * Structural equality of values of the value model, written for the tests (independent of the
 * runtime's DEFAULT comparison): Uint8Array by content, arrays element-wise, plain objects by
 * their defined members; numbers and bigints are never equal to each other.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a !== 'object' || a === null || b === null) return Object.is(a, b);
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) return false;
    return a.every((x, i) => sameValue(x, b[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
