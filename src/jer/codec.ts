/**
 * The codec builder: one function turns a type's descriptor and its two generated functions
 * (the straight-line DER decoder and encoder) into the codec object users call —
 * `decode`, `decodeAt`, `encode`, `toJer`, `fromJer`, `tags`. Everything generic about a
 * type (the top-level TLV and its explicit wrappers, JER, tag look-ups) lives here once
 * instead of in every generated file.
 *
 * It sits in src/jer because it joins the two: the DER runtime below it imports nothing
 * from JER.
 *
 * @module
 */
import type { DecodeFn, EncodeFn, GeneratedCodec, JsonValue } from '../der/codec.js';
import { constructedForm, firstTagsOf, finalBaseOf, isTlvBase, layerTagText, propertyName, tagsText, type BaseDesc, type NamedNumbers, type ConstraintDesc, type TypeDesc } from '../der/descriptor.js';
import { fail, hdr, newReader, plainReader, unexpected, type DecodeOptions, type Reader } from '../der/reader.js';
import { withPath, type Asn1DecodeError } from '../der/errors.js';
import { decodeTop, encodeTop, trailingData } from '../der/top.js';
import { mark, wHeader, type Writer } from '../der/writer.js';
import { fromJerOf, toJerOf } from './interpret.js';
import { tagFields } from '../der/header.js';

export { layerText, tagsText } from '../der/descriptor.js';

/** How the top-level TLV of a type reads, worked out on first use (references may not be ready at load). */
interface TopShape {
  /** The type's layers (packed identifier octets, outermost first). */
  readonly layers: readonly number[];
  /** First tags of the whole type; null = any tag. */
  readonly tags: readonly number[] | null;
  /** The first tag, when it is the only one (most types): the common test, one comparison. */
  readonly one: number;
  /** {@link tags} with the constructed forms of strings: what the decoder takes. */
  readonly accept: readonly number[] | null;
  /** The constructed form of the last layer's tag, for a string base (else -1). */
  readonly lastSegmented: number;
  /** An untagged extensible CHOICE: any tag may be a later alternative, no check. */
  readonly open: boolean;
  readonly tagText: string;
  /** Explicit wrappers to step through before the generated decoder. */
  readonly wrappers: number;
  /** For CHOICE and open types inside layers: the tags the inner TLV may have (null = any). */
  readonly innerTags: readonly number[] | null;
  readonly innerOpen: boolean;
  readonly innerText: string;
}

/** Named numbers under their TypeScript names (the descriptor keeps the ASN.1 spelling). */
function byPropertyName(n: NamedNumbers): NamedNumbers {
  const keys = Object.keys(n);
  if (!keys.some((k) => k.includes('-'))) return n;
  return Object.fromEntries(keys.map((k) => [propertyName(k), n[k]]));
}

function isOpenChoice(base: BaseDesc): boolean {
  const b = finalBaseOf(base);
  return typeof b === 'object' && b.k === 'choice' && b.x === 1;
}

function shapeOf(desc: TypeDesc): TopShape {
  const tags = firstTagsOf(desc.layers, desc.base);
  const tlv = isTlvBase(desc.base);
  const L = desc.layers.length;
  const inner = firstTagsOf([], finalBaseOf(desc.base), new Set(), true);
  return {
    layers: desc.layers,
    one: tags !== null && tags.length === 1 ? tags[0] : -1,
    tags,
    accept: firstTagsOf(desc.layers, desc.base, new Set(), true),
    lastSegmented: L > 1 && !tlv ? (constructedForm(desc.layers[L - 1], desc.base) ?? -1) : -1,
    open: L === 0 && isOpenChoice(desc.base),
    tagText: tagsText(tags),
    wrappers: L === 0 ? 0 : tlv ? L : L - 1,
    innerTags: inner,
    innerOpen: isOpenChoice(desc.base),
    innerText: tagsText(firstTagsOf([], finalBaseOf(desc.base))),
  };
}

/**
 * Reads the header of the top-level TLV of a type at `start` and steps through its explicit
 * wrappers: leaves the innermost header (the one the generated decoder takes) in `r.t`, `r.s`,
 * `r.e`, the end of the whole TLV in `r.n`, and returns the start of the innermost TLV.
 * Kept small (two or more wrappers and the messages elsewhere) so that it inlines into {@link decodeEntry}.
 */
function openTop(r: Reader, start: number, limit: number, sh: TopShape): number {
  hdr(r, start, limit);
  if (r.t !== sh.one && !sh.open && sh.accept !== null && !sh.accept.includes(r.t)) throw unexpected(r, start, r.t, sh.tagText);
  if (sh.wrappers === 0) return start;
  if (sh.wrappers > 1) return openWrappers(r, start, sh);
  // One explicit tag (GetEimPackageResponse, [79] around a CHOICE): in line. Through the loop
  // of openWrappers, which the JIT does not inline here, decode/geteimpkg was 11 % slower
  // (bench/paired-builds.ts --per-case).
  const n = r.n;
  const ch = stepIn(r, sh, 1);
  r.n = n;
  return ch;
}

/** {@link openTop} through two or more explicit wrappers. */
function openWrappers(r: Reader, start: number, sh: TopShape): number {
  const n = r.n;
  let ch = start;
  for (let i = 1; i <= sh.wrappers; i++) ch = stepIn(r, sh, i);
  r.n = n;
  return ch;
}

/**
 * Steps into the explicit layer `i - 1` of a type, whose header is in `r`: reads the one TLV
 * inside it (layer `i`, or for the last wrapper the CHOICE or open type within) and checks its
 * tag. Returns its start.
 *
 * The common case is one comparison and the rest (segmented last layers, CHOICE tag lists,
 * the messages) sits in two functions of their own. Small like this, it is inlined into the
 * entry along with the header reads; with the messages in line it fell out of TurboFan's
 * inlining budget once `hdr` had grown its long-form path (`--trace-turbo-inlining`), and
 * decode/geteimpkg, whose type has one explicit wrapper, lost 2-3 % (docs/benchmarks.md,
 * round five).
 */
function stepIn(r: Reader, sh: TopShape, i: number): number {
  const cs = r.s;
  const ce = r.e;
  hdr(r, cs, ce);
  if (r.n !== ce || (!(i < sh.layers.length ? r.t === sh.layers[i] : sh.innerOpen) && !innerFits(r.t, sh, i))) throw stepError(r, sh, i, cs, ce);
  return cs;
}

/** Whether tag `t` may be inside explicit layer `i - 1`, beyond the one-comparison case of {@link stepIn}. */
function innerFits(t: number, sh: TopShape, i: number): boolean {
  const layers = sh.layers;
  if (i < layers.length) return t === sh.lastSegmented && i === layers.length - 1;
  return sh.innerTags === null || sh.innerTags.includes(t);
}

/** The error of a {@link stepIn} that failed. */
function stepError(r: Reader, sh: TopShape, i: number, cs: number, ce: number): Asn1DecodeError {
  if (r.n !== ce) return fail('trailing-data', r.n, 'explicit tag holds more than one value');
  return unexpected(r, cs, r.t, i < sh.layers.length ? layerTagText(sh.layers[i]) : sh.innerText);
}

/** Reads a complete top-level TLV (see {@link openTop}) and decodes it with the generated decoder `d`. */
function readTop<T>(r: Reader, start: number, limit: number, sh: TopShape, d: DecodeFn<T>): T {
  const h = openTop(r, start, limit, sh);
  const n = r.n;
  const v = d(r, r.t, r.s, r.e, h);
  r.n = n;
  return v;
}

/** Writes a complete value: its content with the generated encoder `e`, then the type's layers. */
function writeTop<T>(w: Writer, v: T, sh: TopShape, e: EncodeFn<T>): void {
  const m = mark(w);
  e(w, v);
  const layers = sh.layers;
  for (let i = layers.length - 1; i >= 0; i--) wHeader(w, m, layers[i]);
}

/** A codec's top-level shape, worked out on its first use. */
function topOf(c: GeneratedCodec<unknown>): TopShape {
  return ((c as unknown as { $top: TopShape | undefined }).$top ??= shapeOf(c.desc));
}

/**
 * @internal `decode` of a generated type. Each type's generated entry
 * `(b, o) => decodeEntry(b, o, X, d_X)` is a function of its own, and this one is kept small
 * (the generic steps are in {@link openTop}) so that the JIT inlines it there: `d` is then a
 * constant, a direct call it can inline in turn. Called from one function shared by every
 * type, the call of `d` would be megamorphic (measured: 10 to 20 % of a small message's
 * decode, bench/paired-builds.ts).
 */
export function decodeEntry<T>(bytes: Uint8Array, options: DecodeOptions | undefined, c: GeneratedCodec<T>, d: DecodeFn<T>): T {
  const r = options === undefined ? plainReader(bytes) : newReader(bytes, options);
  const end = bytes.length;
  let v: T;
  let n: number;
  try {
    const h = openTop(r, 0, end, topOf(c));
    n = r.n;
    v = d(r, r.t, r.s, r.e, h);
  } catch (err) {
    throw withPath(err, c.typeName);
  }
  if (n !== end && !(options?.allowTrailing ?? false)) throw trailingData(n, end, c.typeName);
  return v;
}

/** @internal `encode` of a generated type, through its generated entry `(v) => encodeEntry(v, X, e_X)`. */
export function encodeEntry<T>(value: T, c: GeneratedCodec<T>, e: EncodeFn<T>): Uint8Array {
  return encodeTop(value, c.typeName, writeTop, topOf(c), e);
}

/**
 * Builds the codec of a generated type. Generated code calls it once per type, at load, with
 * a `@__PURE__` mark so that unused types drop out of bundles.
 * @param module the ASN.1 module, e.g. `SGP32Definitions`
 * @param name the ASN.1 type name
 * @param layers packed identifier octets of the type's TLV layers, outermost first
 * @param base the base descriptor
 * @param d the generated decoder of the base
 * @param e the generated encoder of the base
 * @param constraints the type's own SIZE/value constraints (checked by `d` and `e`); 0 for none
 * @param dx the type's `decode`, generated per type: `(b, o) => decodeEntry(b, o, X, d)`
 * @param ex the type's `encode`, generated per type: `(v) => encodeEntry(v, X, e)`
 */
export function codec<T, X extends object = object>(
  module: string,
  name: string,
  layers: readonly number[],
  base: BaseDesc,
  d: DecodeFn<T>,
  e: EncodeFn<T>,
  constraints?: ConstraintDesc | 0,
  dx?: (bytes: Uint8Array, options?: DecodeOptions) => T,
  ex?: (value: T) => Uint8Array,
): GeneratedCodec<T> & X {
  const desc: TypeDesc = constraints ? { module, name, layers, base, constraints } : { module, name, layers, base };
  const out = new TypeCodec<T>(desc, d, e, dx, ex);
  if (typeof base === 'object' && (base.k === 'int' || base.k === 'enum' || base.k === 'bits')) {
    (out as unknown as Record<string, unknown>)[base.k === 'bits' ? 'bits' : 'values'] = byPropertyName(base.n);
  }
  return out as unknown as GeneratedCodec<T> & X;
}

/**
 * The codec object of a type. A class rather than an object literal because of `tags`: V8
 * keeps an object literal that has an accessor in dictionary mode, and every `X.$d(…)` one
 * generated module makes into another is then a hash look-up (measured with
 * bench/paired-builds.ts: 10 % of a small message's decode). Here the accessor sits on the
 * prototype, and the instances have the same data properties in the same order, so they share
 * one hidden class. The methods users may pass around detached (`decode`, `encode`, `toJer`,
 * `fromJer`, `decodeAt`) are closures of the instance, as before.
 */
class TypeCodec<T> {
  readonly typeName: string;
  readonly moduleName: string;
  readonly desc: TypeDesc;
  readonly decode: (bytes: Uint8Array, options?: DecodeOptions) => T;
  readonly decodeAt: (bytes: Uint8Array, start: number, end: number, options?: DecodeOptions) => T;
  readonly encode: (value: T) => Uint8Array;
  readonly toJer: (value: T) => JsonValue;
  readonly fromJer: (json: unknown) => T;
  readonly $d: DecodeFn<T>;
  readonly $e: EncodeFn<T>;
  $top: TopShape | undefined;

  constructor(desc: TypeDesc, d: DecodeFn<T>, e: EncodeFn<T>, dx?: (bytes: Uint8Array, options?: DecodeOptions) => T, ex?: (value: T) => Uint8Array) {
    const self = this as unknown as GeneratedCodec<T>;
    const { name, base } = desc;
    this.typeName = name;
    this.moduleName = desc.module;
    this.desc = desc;
    // Without generated entries (codecs built at run time), the same steps through closures.
    this.decode = dx ?? ((bytes, options) => decodeEntry(bytes, options, self, d));
    this.decodeAt = (bytes, start, end, options) => {
      if (!(bytes instanceof Uint8Array)) throw new TypeError(`bytes: expected a Uint8Array`);
      if (!Number.isInteger(start) || start < 0 || start > bytes.length) throw new RangeError(`start: expected an offset in 0..${bytes.length}, got ${start}`);
      if (!Number.isInteger(end) || end < start || end > bytes.length) throw new RangeError(`end: expected an offset in ${start}..${bytes.length}, got ${end}`);
      return decodeTop(bytes, options, name, readTop, start, end, topOf(self), d);
    };
    this.encode = ex ?? ((value) => encodeEntry(value, self, e));
    this.toJer = (value) => toJerOf(base, value);
    this.fromJer = (json) => fromJerOf(base, json, name) as T;
    this.$d = d;
    this.$e = e;
    this.$top = undefined;
  }

  get tags(): readonly number[] | null {
    return topOf(this as unknown as GeneratedCodec<unknown>).tags;
  }
}
