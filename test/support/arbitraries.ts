/**
 * fast-check arbitraries derived from the compiler's semantic model (src/compiler/model.ts):
 * one arbitrary per named type, built by walking its TypeModel — never written by hand per
 * type. Values follow the generated codecs' value model (DESIGN.md): SEQUENCE → object with
 * absent OPTIONAL members omitted, CHOICE → `{ $case, value }`, BIT STRING → `{ bytes,
 * unusedBits }`, OCTET STRING / open type → Uint8Array, OID → dotted string, and so on.
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
import { readFileSync } from 'node:fs';
import { compile } from '../../src/compiler/index.js';
import type { BaseModel, DefaultValue, Interval, NamedTypeModel, ProgramModel, TypeModel } from '../../src/compiler/model.js';
import type { CharacterStringType } from '../../src/compiler/ast.js';
import { bitStringOf } from '../../src/der/bitstring.js';

/** The five specification modules, in the order scripts/gen.ts compiles them. */
export const ASN1_FILES = ['PKIX1Explicit88.asn', 'PKIX1Implicit88.asn', 'PEDefinitions.asn', 'RSPDefinitions.asn', 'SGP32Definitions.asn'] as const;

/** Compiles asn1/*.asn (read from the repository) and returns the semantic model. */
export function loadProgram(): ProgramModel {
  const inputs = ASN1_FILES.map((f) => ({ file: `asn1/${f}`, text: readFileSync(new URL(`../../asn1/${f}`, import.meta.url), 'utf8') }));
  return compile(inputs).program;
}

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

interface Effective {
  readonly base: BaseModel;
  readonly size?: readonly Interval[];
  readonly value?: readonly Interval[];
  /** Set when the chain ends at RFC 5280's `[UNIVERSAL n] IMPLICIT OCTET STRING` string types. */
  readonly redefined?: CharacterStringType;
}

// ---- the generator -----------------------------------------------------------------------------

/** Options of {@link ModelArbitraries}. */
export interface ArbitraryOptions {
  /** Nesting budget of constructed values (raised to a type's minimum height when needed). */
  readonly depth?: number;
  /** Items in SEQUENCE OF / SET OF beyond the minimum size. */
  readonly extraItems?: number;
  /** Octets or characters beyond the minimum size. */
  readonly extraLength?: number;
}

/**
 * Builds arbitraries from a compiled program. `forType(module, name)` gives the arbitrary of
 * one named type; `normalise(module, name, value)` the value its decoder returns.
 */
export class ModelArbitraries {
  private readonly heights = new Map<BaseModel, number>();
  private readonly memo = new Map<string, fc.Arbitrary<unknown>>();
  private readonly ids = new Map<BaseModel, number>();
  private readonly depth: number;
  private readonly extraItems: number;
  private readonly extraLength: number;

  constructor(
    readonly program: ProgramModel,
    options: ArbitraryOptions = {},
  ) {
    this.depth = options.depth ?? 6;
    this.extraItems = options.extraItems ?? 2;
    this.extraLength = options.extraLength ?? 8;
    this.computeHeights();
  }

  /** The arbitrary of the named type `module.name`, as its exported codec takes it. */
  forType(module: string, name: string): fc.Arbitrary<unknown> {
    const t = this.program.type(module, name);
    // A builtin redefinition's own codec works on its base, OCTET STRING (bytes); references
    // to it elsewhere take strings (effective() stops at them).
    const h = this.typeHeight(t.type);
    if (h === Infinity) throw new Error(`${module}.${name} has no finite value`);
    return this.arb(t.type, Math.max(this.depth, h));
  }

  /** The value a decoder (or `fromJer`) returns for `value`: DEFAULT members filled in. */
  normalise(module: string, name: string, value: unknown): unknown {
    return this.norm(this.program.type(module, name).type, value);
  }

  // ---- heights: the least nesting a finite value of each base needs -------------------------

  private named(b: { module: string; name: string }): NamedTypeModel {
    return this.program.type(b.module, b.name);
  }

  private effective(t: TypeModel): Effective {
    let size = t.constraints?.size;
    let value = t.constraints?.value;
    let b = t.base;
    for (let i = 0; b.kind === 'ref' && i < 64; i++) {
      const n = this.named(b);
      if (n.builtinRedefinition) return { base: b, size, value, redefined: n.builtinRedefinition };
      size = intersect(size, n.type.constraints?.size);
      value = intersect(value, n.type.constraints?.value);
      b = n.type.base;
    }
    return { base: b, size, value };
  }

  private heightOf(b: BaseModel): number {
    return this.heights.get(b) ?? Infinity;
  }

  private typeHeight(t: TypeModel, guard = 0): number {
    const e = this.effective(t);
    if (e.redefined) return 0;
    const b = e.base;
    if (b.kind === 'sequenceOf' || b.kind === 'setOf') {
      // A list needs its element only when its size constraint forbids the empty list.
      if (guard > 32) return Infinity;
      return 1 + (minOf(e.size) > 0 ? this.typeHeight(b.element, guard + 1) : 0);
    }
    return this.heightOf(b);
  }

  private allBases(): BaseModel[] {
    const out: BaseModel[] = [];
    const seen = new Set<BaseModel>();
    const walk = (t: TypeModel): void => {
      const b = t.base;
      if (seen.has(b)) return;
      seen.add(b);
      out.push(b);
      if (b.kind === 'sequence' || b.kind === 'set') b.components.forEach((c) => walk(c.type));
      else if (b.kind === 'choice') b.alternatives.forEach((a) => walk(a.type));
      else if (b.kind === 'sequenceOf' || b.kind === 'setOf') walk(b.element);
    };
    for (const m of this.program.modules) for (const t of m.types) walk(t.type);
    return out;
  }

  /** Least fixed point of the heights of SEQUENCE, SET and CHOICE bases (primitives: 0). */
  private computeHeights(): void {
    const bases = this.allBases();
    for (const b of bases) {
      if (b.kind !== 'sequence' && b.kind !== 'set' && b.kind !== 'choice' && b.kind !== 'sequenceOf' && b.kind !== 'setOf' && b.kind !== 'ref') this.heights.set(b, 0);
    }
    for (let changed = true; changed; ) {
      changed = false;
      for (const b of bases) {
        let h: number;
        if (b.kind === 'sequence' || b.kind === 'set') h = 1 + Math.max(0, ...b.components.filter((c) => !c.optional).map((c) => this.typeHeight(c.type)));
        else if (b.kind === 'choice') h = 1 + Math.min(...b.alternatives.map((a) => this.typeHeight(a.type)));
        else continue;
        if (h < this.heightOf(b)) {
          this.heights.set(b, h);
          changed = true;
        }
      }
    }
  }

  // ---- arbitraries -------------------------------------------------------------------------

  private idOf(b: BaseModel): number {
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
  private arb(t: TypeModel, budget: number): fc.Arbitrary<unknown> {
    const e = this.effective(t);
    const key = `${this.idOf(e.base)}|${budget}|${JSON.stringify(e.size, big)}|${JSON.stringify(e.value, big)}|${e.redefined ?? ''}`;
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

  private build(e: Effective, budget: number): fc.Arbitrary<unknown> {
    if (e.redefined) return stringArb(e.redefined, this.sizeRange(e.size, this.extraLength));
    const b = e.base;
    switch (b.kind) {
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'integer':
        return integerArb(e.value, b.big);
      case 'enumerated':
        return fc.constantFrom(...b.items.map(([k]) => k));
      case 'bitString':
        if (b.named.length > 0) {
          const max = Math.max(...b.named.map(([, n]) => n)) + 3;
          return fc.uniqueArray(fc.integer({ min: 0, max }), { maxLength: 6 }).map((bits) => bitStringOf(bits));
        }
        return this.sizeRange(e.size, 40).chain((bits) =>
          fc.uint8Array({ minLength: (bits + 7) >> 3, maxLength: (bits + 7) >> 3 }).map((bytes) => {
            const unusedBits = (8 - (bits & 7)) & 7;
            if (bytes.length > 0) bytes[bytes.length - 1] &= 0xff << unusedBits;
            return { bytes, unusedBits };
          }),
        );
      case 'octetString':
        return this.sizeRange(e.size, this.extraLength).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
      case 'oid':
        return oidArb();
      case 'relativeOid':
        return fc.array(arcArb(), { minLength: 1, maxLength: 5 }).map((a) => a.join('.'));
      case 'string':
        return stringArb(b.stringType, this.sizeRange(e.size, this.extraLength));
      case 'time':
        return b.timeType === 'UTCTime' ? utcTimeArb() : generalizedTimeArb();
      case 'any':
        return derTlvArb();
      case 'sequence':
      case 'set': {
        const parts: Record<string, fc.Arbitrary<unknown>> = {};
        const required: string[] = [];
        for (const c of b.components) {
          const key = c.name.replace(/-/g, '_');
          const optional = c.optional || c.default !== undefined;
          if (optional && this.typeHeight(c.type) > budget - 1) continue; // cannot terminate here: absent
          const inner = this.arb(c.type, budget - 1);
          // DEFAULT members: absent, equal to the default, or any other value.
          parts[key] = c.default ? fc.oneof(inner, fc.constant(defaultValue(c.default))) : inner;
          if (!optional) required.push(key);
        }
        return fc.record(parts, { requiredKeys: required as never[] });
      }
      case 'choice': {
        const alts = b.alternatives.filter((a) => this.typeHeight(a.type) <= budget - 1);
        const use = alts.length > 0 ? alts : b.alternatives;
        return fc.oneof(...use.map((a) => this.arb(a.type, budget - 1).map((value) => ({ $case: a.name.replace(/-/g, '_'), value }))));
      }
      case 'sequenceOf':
      case 'setOf': {
        // Out of budget: the empty list (heights guarantee the size constraint allows it then).
        if (this.typeHeight(b.element) > budget - 1) return fc.constant([]);
        const el = this.arb(b.element, budget - 1);
        return this.sizeRange(e.size, this.extraItems).chain((n) => fc.array(el, { minLength: n, maxLength: n }));
      }
      case 'ref':
        throw new Error('unreachable: effective() follows references');
    }
  }

  // ---- normalisation -----------------------------------------------------------------------

  private norm(t: TypeModel, v: unknown): unknown {
    const e = this.effective(t);
    if (e.redefined) return v;
    const b = e.base;
    switch (b.kind) {
      case 'sequence':
      case 'set': {
        const o = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const c of b.components) {
          const key = c.name.replace(/-/g, '_');
          if (o[key] !== undefined) out[key] = this.norm(c.type, o[key]);
          else if (c.default) out[key] = defaultValue(c.default);
        }
        return out;
      }
      case 'choice': {
        const o = v as { $case: string; value: unknown };
        const alt = b.alternatives.find((a) => a.name.replace(/-/g, '_') === o.$case);
        return { $case: o.$case, value: alt ? this.norm(alt.type, o.value) : o.value };
      }
      case 'sequenceOf':
      case 'setOf':
        return (v as unknown[]).map((x) => this.norm(b.element, x));
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
    return this.align(this.program.type(module, name).type, expected, actual, equal);
  }

  private align(t: TypeModel, x: unknown, y: unknown, equal: (a: unknown, b: unknown) => boolean): unknown {
    const e = this.effective(t);
    if (e.redefined || typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) return x;
    const b = e.base;
    switch (b.kind) {
      case 'sequence':
      case 'set': {
        const out: Record<string, unknown> = { ...(x as Record<string, unknown>) };
        for (const c of b.components) {
          const key = c.name.replace(/-/g, '_');
          if (out[key] !== undefined) out[key] = this.align(c.type, out[key], (y as Record<string, unknown>)[key], equal);
        }
        return out;
      }
      case 'choice': {
        const xo = x as { $case: string; value: unknown };
        const yo = y as { $case: string; value: unknown };
        const alt = b.alternatives.find((a) => a.name.replace(/-/g, '_') === xo.$case);
        if (!alt || xo.$case !== yo.$case) return x;
        return { $case: xo.$case, value: this.align(alt.type, xo.value, yo.value, equal) };
      }
      case 'sequenceOf':
      case 'setOf': {
        const xs = x as unknown[];
        const ys = y as unknown[];
        if (!Array.isArray(xs) || !Array.isArray(ys)) return x;
        if (b.kind === 'sequenceOf' || xs.length !== ys.length) return xs.map((el, i) => this.align(b.element, el, ys[i], equal));
        const left = [...xs];
        const out: unknown[] = [];
        for (const yEl of ys) {
          const i = left.findIndex((xEl) => equal(this.align(b.element, xEl, yEl, equal), yEl));
          if (i < 0) return xs;
          out.push(this.align(b.element, left[i], yEl, equal));
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

// ---- DEFAULT values (the same mapping as the emitter's default literals) -----------------------

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

/** The value-model form of a resolved DEFAULT value. */
export function defaultValue(d: DefaultValue): unknown {
  switch (d.kind) {
    case 'boolean':
    case 'number':
    case 'bigint':
    case 'enumerated':
    case 'string':
    case 'oid':
      return d.value;
    case 'null':
      return null;
    case 'bytes':
      return hexToBytes(d.hex);
    case 'bits':
      return { bytes: hexToBytes(d.hex), unusedBits: d.unusedBits };
    case 'list':
      return d.items.map(defaultValue);
    case 'struct':
      return Object.fromEntries(d.members.map(([k, v]) => [k.replace(/-/g, '_'), defaultValue(v)]));
  }
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

function codePointArb(type: CharacterStringType): fc.Arbitrary<number> {
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
export function stringArb(type: CharacterStringType, size: fc.Arbitrary<number>): fc.Arbitrary<string> {
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
