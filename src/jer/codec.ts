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
import { constructedForm, firstTagsOf, finalBaseOf, isTlvBase, layerText, propertyName, tagsText, type BaseDesc, type NamedNumbers, type ConstraintDesc, type TypeDesc } from '../der/descriptor.js';
import { fail, hdr, unexpected, type DecodeOptions, type Reader } from '../der/reader.js';
import { decodeTop, encodeTop } from '../der/top.js';
import { mark, wHeader, type Writer } from '../der/writer.js';
import { fromJerOf, toJerOf } from './interpret.js';

export { layerText, tagsText } from '../der/descriptor.js';

/** How the top-level TLV of a type reads, worked out on first use (references may not be ready at load). */
interface TopShape {
  /** First tags of the whole type; null = any tag. */
  readonly tags: readonly number[] | null;
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
 * Builds the codec of a generated type. Generated code calls it once per type, at load, with
 * a `@__PURE__` mark so that unused types drop out of bundles.
 * @param module the ASN.1 module, e.g. `SGP32Definitions`
 * @param name the ASN.1 type name
 * @param layers packed identifier octets of the type's TLV layers, outermost first
 * @param base the base descriptor
 * @param d the generated decoder of the base
 * @param e the generated encoder of the base
 * @param constraints the type's own SIZE/value constraints (checked by `d` and `e`)
 */
export function codec<T, X extends object = object>(
  module: string,
  name: string,
  layers: readonly number[],
  base: BaseDesc,
  d: DecodeFn<T>,
  e: EncodeFn<T>,
  constraints?: ConstraintDesc,
): GeneratedCodec<T> & X {
  const desc: TypeDesc = constraints ? { module, name, layers, base, constraints } : { module, name, layers, base };
  let shape: TopShape | undefined;

  function read(r: Reader, start: number, limit: number): T {
    const sh = (shape ??= shapeOf(desc));
    hdr(r, start, limit);
    const t = r.t;
    const n = r.n;
    if (!sh.open && sh.accept !== null && !sh.accept.includes(t)) throw unexpected(r, start, t, sh.tagText);
    let ct = t;
    let cs = r.s;
    let ce = r.e;
    let ch = start;
    for (let i = 1; i <= sh.wrappers; i++) {
      hdr(r, cs, ce);
      if (r.n !== ce) throw fail('trailing-data', r.n, 'explicit tag holds more than one value');
      if (i < layers.length) {
        if (r.t !== layers[i] && (r.t !== sh.lastSegmented || i !== layers.length - 1)) throw unexpected(r, cs, r.t, `${layerText(layers[i])} tag ${layers[i].toString(16).toUpperCase()}`);
      } else if (sh.innerTags !== null && !sh.innerOpen && !sh.innerTags.includes(r.t)) throw unexpected(r, cs, r.t, sh.innerText);
      ch = cs;
      ct = r.t;
      cs = r.s;
      ce = r.e;
    }
    const v = d(r, ct, cs, ce, ch);
    r.n = n;
    return v;
  }

  function write(w: Writer, v: T): void {
    const m = mark(w);
    e(w, v);
    for (let i = layers.length - 1; i >= 0; i--) wHeader(w, m, layers[i]);
  }

  const out: Record<string, unknown> = {
    typeName: name,
    moduleName: module,
    desc,
    get tags(): readonly number[] | null {
      return (shape ??= shapeOf(desc)).tags;
    },
    decode: (bytes: Uint8Array, options?: DecodeOptions): T => decodeTop(bytes, options, name, read),
    decodeAt(bytes: Uint8Array, start: number, end: number, options?: DecodeOptions): T {
      if (!(bytes instanceof Uint8Array)) throw new TypeError(`bytes: expected a Uint8Array`);
      if (!Number.isInteger(start) || start < 0 || start > bytes.length) throw new RangeError(`start: expected an offset in 0..${bytes.length}, got ${start}`);
      if (!Number.isInteger(end) || end < start || end > bytes.length) throw new RangeError(`end: expected an offset in ${start}..${bytes.length}, got ${end}`);
      return decodeTop(bytes, options, name, read, start, end);
    },
    encode: (value: T): Uint8Array => encodeTop(value, name, write),
    toJer: (value: T): JsonValue => toJerOf(base, value),
    fromJer: (json: unknown): T => fromJerOf(base, json, name) as T,
    $d: d,
    $e: e,
  };
  if (typeof base === 'object' && (base.k === 'int' || base.k === 'enum' || base.k === 'bits')) {
    out[base.k === 'bits' ? 'bits' : 'values'] = byPropertyName(base.n);
  }
  return out as unknown as GeneratedCodec<T> & X;
}
