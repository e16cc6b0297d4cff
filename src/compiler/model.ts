/**
 * The semantic model: what the resolver makes of the syntax tree and what the emitter (and the
 * property tests) work from. Every tag is resolved here — module tag defaults, AUTOMATIC
 * tagging (X.680 §25.3, §29.3), IMPLICIT/EXPLICIT, the explicit rule for CHOICE and open types
 * (X.680 §31.2.7) — so that the runtime never reasons about tagging.
 *
 * @module
 */
import type { CharacterStringType, SourcePos } from './ast.js';
import type { Interval } from '../der/extras.js';

export type TagClassNumber = 0 | 1 | 2 | 3; // universal, application, context, private

/** One TLV layer of an encoding: its identifier octets. */
export interface Layer {
  readonly cls: TagClassNumber;
  readonly num: number;
  readonly constructed: boolean;
  /** Identifier octets packed big-endian, as the runtime reader packs them. */
  readonly packed: number;
}

/** A closed interval; bounds are numbers (±Infinity for MIN/MAX) or bigints. Defined by the runtime, whose checks take it. */
export type { Interval };

/** Effective PER-visible-free constraints: value in one of the intervals. Undefined = no check. */
export interface ConstraintModel {
  readonly value?: readonly Interval[];
  readonly size?: readonly Interval[];
  /** Constraint text for doc comments and messages. */
  readonly text?: string;
}

/**
 * A type as used at one place. `layers` are the TLV layers outermost first. For "content"
 * bases the last layer's content is the base content and the layers before it are explicit
 * wrappers; for CHOICE and open types (which have no tag of their own) every layer is an
 * explicit wrapper around one complete TLV of the base.
 */
export interface TypeModel {
  readonly layers: readonly Layer[];
  readonly base: BaseModel;
  readonly constraints?: ConstraintModel;
}

export type BaseModel =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'null' }
  | { readonly kind: 'integer'; readonly named: readonly (readonly [string, number])[]; readonly big: boolean }
  | { readonly kind: 'enumerated'; readonly items: readonly (readonly [string, number])[]; readonly extensible: boolean }
  | { readonly kind: 'bitString'; readonly named: readonly (readonly [string, number])[] }
  | { readonly kind: 'octetString' }
  | { readonly kind: 'oid' }
  | { readonly kind: 'relativeOid' }
  | { readonly kind: 'string'; readonly stringType: CharacterStringType }
  | { readonly kind: 'time'; readonly timeType: 'UTCTime' | 'GeneralizedTime' }
  | StructModel
  | { readonly kind: 'sequenceOf' | 'setOf'; readonly element: TypeModel; readonly elementName?: string; readonly id: string }
  | ChoiceModel
  /** Open type (1988 ANY, ANY DEFINED BY, CLASS.&Type): the complete TLV as bytes. */
  | { readonly kind: 'any'; readonly definedBy?: string }
  /** A named type; its layers are already part of the enclosing TypeModel. */
  | { readonly kind: 'ref'; readonly module: string; readonly name: string };

export interface StructModel {
  readonly kind: 'sequence' | 'set';
  readonly components: readonly ComponentModel[];
  readonly extensible: boolean;
  /** Unique id used to name the helper functions of an anonymous type. */
  readonly id: string;
}

export interface ChoiceModel {
  readonly kind: 'choice';
  readonly alternatives: readonly AlternativeModel[];
  readonly extensible: boolean;
  readonly id: string;
}

export interface ComponentModel {
  readonly name: string;
  readonly type: TypeModel;
  readonly optional: boolean;
  readonly default?: DefaultValue;
  /** An extension addition (after `...`). */
  readonly extension: boolean;
  readonly pos: SourcePos;
}

export interface AlternativeModel {
  readonly name: string;
  readonly type: TypeModel;
  readonly extension: boolean;
  readonly pos: SourcePos;
}

/** A resolved DEFAULT value, typed by its component's type. */
export type DefaultValue =
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'bigint'; readonly value: bigint }
  | { readonly kind: 'enumerated'; readonly value: string }
  | { readonly kind: 'bytes'; readonly hex: string }
  | { readonly kind: 'bits'; readonly hex: string; readonly unusedBits: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'oid'; readonly value: string }
  | { readonly kind: 'list'; readonly items: readonly DefaultValue[] }
  | { readonly kind: 'struct'; readonly members: readonly (readonly [string, DefaultValue])[] };

export interface NamedTypeModel {
  readonly module: string;
  readonly name: string;
  readonly type: TypeModel;
  readonly pos: SourcePos;
  /** The assignment as written, for doc comments. */
  readonly text: string;
  /** RFC 5280's re-definitions of built-in string types as `[UNIVERSAL n] IMPLICIT OCTET STRING`. */
  readonly builtinRedefinition?: CharacterStringType;
}

export type ValueModel =
  | { readonly kind: 'integer'; readonly value: bigint }
  | { readonly kind: 'oid'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean };

export interface NamedValueModel {
  readonly module: string;
  readonly name: string;
  readonly value: ValueModel;
  readonly pos: SourcePos;
  readonly text: string;
}

export interface ModuleModel {
  readonly name: string;
  readonly file: string;
  /** Dotted module OBJECT IDENTIFIER, when numeric arcs allow it. */
  readonly oid?: string;
  readonly tagDefault: 'EXPLICIT' | 'IMPLICIT' | 'AUTOMATIC';
  readonly extensibilityImplied: boolean;
  /** Names imported, with the module that defines each (re-exports followed). */
  readonly imports: ReadonlyMap<string, string>;
  readonly types: readonly NamedTypeModel[];
  readonly values: readonly NamedValueModel[];
}

export interface ProgramModel {
  readonly modules: readonly ModuleModel[];
  /** Finds a named type by module and name. */
  type(module: string, name: string): NamedTypeModel;
}

export const TAG_CLASS: Record<string, TagClassNumber> = { UNIVERSAL: 0, APPLICATION: 1, CONTEXT: 2, PRIVATE: 3 };

/** Packs identifier octets big-endian (X.690 §8.1.2). */
export function packTag(cls: TagClassNumber, num: number, constructed: boolean): number {
  const first = (cls << 6) | (constructed ? 0x20 : 0);
  if (num < 31) return first | num;
  const tail: number[] = [num & 0x7f];
  let n = num >>> 7;
  while (n > 0) {
    tail.unshift((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  let packed = first | 0x1f;
  for (const x of tail) packed = packed * 256 + x;
  return packed;
}

export function layer(cls: TagClassNumber, num: number, constructed: boolean): Layer {
  return { cls, num, constructed, packed: packTag(cls, num, constructed) };
}

/**
 * Packed identifier octets in hex, two digits per octet (`04`, `BF36`), as `tagHex` of
 * src/der/bytes.ts writes them in the runtime's messages: the texts the compiler bakes into
 * generated code read the same. (The compiler takes no runtime values from src/der.)
 */
export function tagHexOf(packed: number): string {
  const h = packed.toString(16).toUpperCase();
  return h.length % 2 === 1 ? '0' + h : h;
}

/** `[APPLICATION 55]`-style notation of a layer. */
export function layerText(l: Layer): string {
  const cls = ['UNIVERSAL ', 'APPLICATION ', '', 'PRIVATE '][l.cls];
  return `[${cls}${l.num}]`;
}

/**
 * BIT STRING, OCTET STRING, the character strings and the time types: BER may encode them
 * constructed, in segments (X.690 §8.6.4, §8.7.3, §8.23.6), which lenient decoding reads.
 */
export function isSegmentable(base: BaseModel, baseOf: (module: string, name: string) => BaseModel): boolean {
  let b = base;
  for (let i = 0; b.kind === 'ref' && i < 64; i++) b = baseOf(b.module, b.name);
  return b.kind === 'octetString' || b.kind === 'bitString' || b.kind === 'string' || b.kind === 'time';
}

/**
 * The identifier octets an encoding of `type` can start with; null when any tag is possible
 * (an untagged open type). Untagged CHOICEs contribute the tags of their alternatives;
 * `baseOf` looks up the base of a named type (its layers are already part of `type`). With
 * `segments`, a string whose own TLV is the first layer also has its constructed form (what
 * a decoder matches: lenient mode reads segmented strings, strict mode names the refusal).
 */
export function firstTagsOf(type: TypeModel, baseOf: (module: string, name: string) => BaseModel, seen: Set<string> = new Set(), segments = false): number[] | null {
  if (type.layers.length > 0) {
    const l = type.layers[0];
    if (segments && type.layers.length === 1 && !l.constructed && isSegmentable(type.base, baseOf)) return [l.packed, packTag(l.cls, l.num, true)];
    return [l.packed];
  }
  const b = type.base;
  if (b.kind === 'any') return null;
  if (b.kind === 'choice') {
    const out: number[] = [];
    for (const a of b.alternatives) {
      const ts = firstTagsOf(a.type, baseOf, seen, segments);
      if (ts === null) return null;
      out.push(...ts);
    }
    return out;
  }
  if (b.kind === 'ref') {
    const key = `${b.module}.${b.name}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return firstTagsOf({ layers: [], base: baseOf(b.module, b.name) }, baseOf, seen, segments);
  }
  return [];
}
