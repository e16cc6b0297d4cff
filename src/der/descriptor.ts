/**
 * Type descriptors: the one description of every generated type that the generic features
 * interpret — JER (src/jer), the codec builder (`codec`), the tree view and type detection
 * (src/inspect), the registry. The compiler emits them as plain literals (no calls, so unused
 * ones cost nothing after tree shaking); the straight-line DER decoders and encoders emitted
 * beside them are the only per-type code.
 *
 * A descriptor says what X.680 says about a type once the compiler has resolved it: every tag
 * is final (module tagging defaults, AUTOMATIC tagging and the explicit rule for CHOICE and
 * open types are already applied), so a reader never reasons about tagging.
 *
 * @module
 */
import type { Interval } from './extras.js';
import { tagHex } from './bytes.js';
import { tagFields } from './header.js';

/**
 * Built-in kinds without parameters: `bool`, `null`, `int` (a number), `big` (an INTEGER
 * mapped to bigint), `octets`, `oid`, `roid` (RELATIVE-OID), `any` (an open type: the
 * complete TLV as bytes), `bits` (BIT STRING without named bits), a character string type by
 * its ASN.1 name (`UTF8String`, …) or a time type (`UTCTime`, `GeneralizedTime`).
 */
export type PlainKind =
  | 'bool'
  | 'null'
  | 'int'
  | 'big'
  | 'octets'
  | 'oid'
  | 'roid'
  | 'any'
  | 'bits'
  | StringTypeName
  | 'UTCTime'
  | 'GeneralizedTime';

/** The character string types (X.680 §41). */
export type StringTypeName =
  | 'UTF8String'
  | 'PrintableString'
  | 'NumericString'
  | 'IA5String'
  | 'VisibleString'
  | 'ISO646String'
  | 'BMPString'
  | 'UniversalString'
  | 'TeletexString'
  | 'T61String'
  | 'VideotexString'
  | 'GraphicString'
  | 'GeneralString'
  | 'ObjectDescriptor';

/** Names and numbers: named INTEGER values, ENUMERATED items, named bits. */
export type NamedNumbers = { readonly [name: string]: number };

/** The flags of a component or alternative: 1 OPTIONAL, 2 DEFAULT, 4 extension addition. */
export const OPTIONAL = 1;
export const HAS_DEFAULT = 2;
export const EXTENSION = 4;

/** SIZE and value-range constraints, each a union of closed intervals. */
export interface ConstraintDesc {
  readonly size?: readonly Interval[];
  readonly value?: readonly Interval[];
}

/** SEQUENCE or SET. */
export interface StructDesc {
  readonly k: 'seq' | 'set';
  readonly c: readonly ComponentDesc[];
  /** Extensible (EXTENSIBILITY IMPLIED or `...`): unknown components are kept in `$unknown`. */
  readonly x?: 1;
}

/**
 * One component: ASN.1 name, TLV layers of its type (packed identifier octets, outermost
 * first), base, flags ({@link OPTIONAL} | {@link HAS_DEFAULT} | {@link EXTENSION}), constraints,
 * DEFAULT value (as a decoded value).
 */
export type ComponentDesc = readonly [
  name: string,
  layers: readonly number[],
  base: BaseDesc,
  flags?: number,
  constraints?: ConstraintDesc | 0,
  defaultValue?: unknown,
];

/** SEQUENCE OF or SET OF. */
export interface CollectionDesc {
  readonly k: 'seqOf' | 'setOf';
  /** The element: layers, base, constraints. */
  readonly e: readonly [layers: readonly number[], base: BaseDesc, constraints?: ConstraintDesc];
}

/** CHOICE: alternatives as components (flags: {@link EXTENSION} only). */
export interface ChoiceDesc {
  readonly k: 'choice';
  readonly a: readonly ComponentDesc[];
  readonly x?: 1;
}

/** INTEGER with named numbers, ENUMERATED, BIT STRING with named bits. */
export interface NamedDesc {
  readonly k: 'int' | 'enum' | 'bits';
  readonly n: NamedNumbers;
  /** ENUMERATED with an extension marker. */
  readonly x?: 1;
}

/** A named type, referenced lazily (recursion, and modules that import each other). */
export type RefDesc = () => TypedCodec;

/** The base of a type: what is left when its tags are taken off. */
export type BaseDesc = PlainKind | StructDesc | CollectionDesc | ChoiceDesc | NamedDesc | RefDesc;

/** A named type: its module, name, layers, base and own constraints. */
export interface TypeDesc {
  readonly module: string;
  readonly name: string;
  readonly layers: readonly number[];
  readonly base: BaseDesc;
  readonly constraints?: ConstraintDesc;
}

/** What a descriptor reference leads to: anything carrying a {@link TypeDesc}. */
export interface TypedCodec {
  readonly desc: TypeDesc;
}

/** `tag 30`, `one of the tags A0 A1`, `any tag`: how messages name expected tags. */
export function tagsText(tags: readonly number[] | null): string {
  if (tags === null) return 'any tag';
  if (tags.length === 1) return `tag ${tagHex(tags[0])}`;
  return `one of the tags ${tags.map(tagHex).join(' ')}`;
}

/** `[APPLICATION 5] tag 65`: how messages name the expected tag of one explicit layer. */
export function layerTagText(packed: number): string {
  return `${layerText(packed)} tag ${tagHex(packed)}`;
}

const CLASS_WORDS = { universal: 'UNIVERSAL ', application: 'APPLICATION ', context: '', private: 'PRIVATE ' } as const;
const CLASS_ORDER = ['universal', 'application', 'context', 'private'] as const;

/** `[APPLICATION 55]`-style notation of packed identifier octets. */
export function layerText(packed: number): string {
  const { tagClass, tagNumber } = tagFields(packed);
  return `[${CLASS_WORDS[tagClass]}${tagNumber}]`;
}

/** Class (0 universal … 3 private) and number of packed identifier octets. */
export function tagClassNumber(packed: number): { cls: number; num: number } {
  const { tagClass, tagNumber } = tagFields(packed);
  return { cls: CLASS_ORDER.indexOf(tagClass), num: tagNumber };
}

/** Follows references to the base that defines the type (at most 64 steps). */
export function finalBaseOf(base: BaseDesc): Exclude<BaseDesc, RefDesc> {
  let b = base;
  for (let i = 0; typeof b === 'function' && i < 64; i++) b = b().desc.base;
  if (typeof b === 'function') throw new RangeError('descriptor: reference chain longer than 64 steps');
  return b;
}

/** The kind of a base, `ref` for a reference. */
export function kindOf(base: BaseDesc): string {
  if (typeof base === 'string') return base;
  if (typeof base === 'function') return 'ref';
  return base.k;
}

/** True for the kinds whose encoding is a whole TLV inside their layers (CHOICE, open types). */
export function isTlvBase(base: BaseDesc): boolean {
  const b = finalBaseOf(base);
  return b === 'any' || (typeof b === 'object' && b.k === 'choice');
}

/**
 * The identifier octets (packed) an encoding of a type with these layers and base can start
 * with; null when any tag can (an untagged open type). Untagged CHOICEs contribute the tags of
 * their alternatives. With `segments`, a string whose own TLV is the first layer also has its
 * constructed form (the tags a decoder takes: lenient mode reads segmented strings).
 */
export function firstTagsOf(layers: readonly number[], base: BaseDesc, seen: Set<TypeDesc> = new Set(), segments = false): number[] | null {
  if (layers.length > 0) {
    const c = segments && layers.length === 1 ? constructedForm(layers[0], base) : undefined;
    return c === undefined ? [layers[0]] : [layers[0], c];
  }
  if (base === 'any') return null;
  if (typeof base === 'function') {
    const d = base().desc;
    if (seen.has(d)) return [];
    seen.add(d);
    return firstTagsOf([], d.base, seen, segments);
  }
  if (typeof base === 'object' && base.k === 'choice') {
    const out: number[] = [];
    for (const a of base.a) {
      const tags = firstTagsOf(a[1], a[2], seen, segments);
      if (tags === null) return null;
      out.push(...tags);
    }
    return out;
  }
  return [];
}

/**
 * The constructed form of the primitive tag `packed` of a string base (BIT STRING, OCTET
 * STRING, character strings, times: X.690 §8.6.4, §8.7.3, §8.23.6); undefined for other bases
 * or a tag that is constructed already.
 */
export function constructedForm(packed: number, base: BaseDesc): number | undefined {
  const b = finalBaseOf(base);
  const segmentable = typeof b === 'string' ? !NOT_SEGMENTABLE.has(b) : b.k === 'bits';
  if (!segmentable) return undefined;
  let top = 1;
  while (packed >= top * 256) top *= 256;
  return Math.floor(packed / top) & 0x20 ? undefined : packed + 0x20 * top;
}

const NOT_SEGMENTABLE: ReadonlySet<string> = /*@__PURE__*/ new Set(['bool', 'null', 'int', 'big', 'oid', 'roid', 'any']);

/** The TypeScript property name of an ASN.1 identifier (hyphens become underscores). */
export function propertyName(asn1Name: string): string {
  return asn1Name.indexOf('-') < 0 ? asn1Name : asn1Name.replace(/-/g, '_');
}
