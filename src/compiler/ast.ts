/**
 * Syntax tree of an ASN.1 module (X.680), as the parser produces it: nothing is resolved yet
 * (references are names, tags are as written, tag defaults not applied). The resolver turns it
 * into the semantic model the emitter works from.
 *
 * Covers what the five specification modules of this project use, and the usual neighbours of
 * those constructs so that vendor modules compile too.
 *
 * @module
 */

/** A place in a module text; lines and columns start at 1. */
export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type TagDefault = 'EXPLICIT' | 'IMPLICIT' | 'AUTOMATIC';

export interface ModuleAst {
  readonly name: string;
  /** The module's OBJECT IDENTIFIER as written (`{ iso(1) … }`), if any. */
  readonly oid?: readonly OidComponentAst[];
  /** EXPLICIT when the header says nothing (X.680 §13.1). */
  readonly tagDefault: TagDefault;
  readonly extensibilityImplied: boolean;
  /** `'ALL'` when there is no EXPORTS clause or it says ALL. */
  readonly exports: readonly string[] | 'ALL';
  readonly imports: readonly ImportAst[];
  readonly assignments: readonly AssignmentAst[];
  readonly pos: SourcePos;
}

export interface ImportAst {
  readonly symbols: readonly { readonly name: string; readonly pos: SourcePos }[];
  readonly fromModule: string;
  readonly fromOid?: readonly OidComponentAst[];
  readonly pos: SourcePos;
}

export type AssignmentAst = TypeAssignmentAst | ValueAssignmentAst | ClassAssignmentAst;

export interface TypeAssignmentAst {
  readonly kind: 'type';
  readonly name: string;
  readonly type: TypeAst;
  readonly pos: SourcePos;
  /** The source text of the whole assignment, comments included, for doc comments. */
  readonly text: string;
}

export interface ValueAssignmentAst {
  readonly kind: 'value';
  readonly name: string;
  readonly type: TypeAst;
  readonly value: ValueAst;
  readonly pos: SourcePos;
  readonly text: string;
}

/** `OPENTYPE ::= CLASS { &typeId OBJECT IDENTIFIER, &Type }` (X.681), fields only. */
export interface ClassAssignmentAst {
  readonly kind: 'class';
  readonly name: string;
  readonly fields: readonly ClassFieldAst[];
  readonly pos: SourcePos;
  readonly text: string;
}

export interface ClassFieldAst {
  /** Without the `&`. */
  readonly name: string;
  /** A fixed-type value field has a type; a type field (`&Type`) has none. */
  readonly type?: TypeAst;
  readonly optional: boolean;
  readonly unique: boolean;
  readonly pos: SourcePos;
}

export type TagClass = 'UNIVERSAL' | 'APPLICATION' | 'PRIVATE' | 'CONTEXT';

export interface TagAst {
  readonly cls: TagClass;
  /** A number or a reference to an INTEGER value. */
  readonly number: number | { readonly ref: string };
}

export interface NamedNumberAst {
  readonly name: string;
  /** A literal or a reference to an INTEGER value. */
  readonly value: bigint | { readonly ref: string };
  readonly pos: SourcePos;
}

/** Every type node may carry constraints written after it: `INTEGER (0..255)`. */
interface TypeBase {
  readonly pos: SourcePos;
  readonly constraints?: readonly ConstraintAst[];
}

export type TypeAst =
  | TaggedTypeAst
  | (TypeBase & { readonly kind: 'BOOLEAN' })
  | (TypeBase & { readonly kind: 'NULL' })
  | (TypeBase & { readonly kind: 'INTEGER'; readonly namedNumbers?: readonly NamedNumberAst[] })
  | EnumeratedTypeAst
  | (TypeBase & { readonly kind: 'REAL' })
  | (TypeBase & { readonly kind: 'BIT STRING'; readonly namedBits?: readonly NamedNumberAst[] })
  | (TypeBase & { readonly kind: 'OCTET STRING' })
  | (TypeBase & { readonly kind: 'OBJECT IDENTIFIER' })
  | (TypeBase & { readonly kind: 'RELATIVE-OID' })
  | (TypeBase & { readonly kind: 'string'; readonly stringType: CharacterStringType })
  | (TypeBase & { readonly kind: 'time'; readonly timeType: 'UTCTime' | 'GeneralizedTime' })
  | StructuredTypeAst
  | ChoiceTypeAst
  | CollectionOfTypeAst
  | (TypeBase & { readonly kind: 'ref'; readonly name: string; readonly module?: string })
  /** 1988 `ANY` / `ANY DEFINED BY field`. */
  | (TypeBase & { readonly kind: 'ANY'; readonly definedBy?: string })
  /** `CLASS.&field` (X.681 §14), e.g. `OPENTYPE.&typeId`. */
  | (TypeBase & { readonly kind: 'classField'; readonly className: string; readonly field: string });

export type CharacterStringType =
  | 'UTF8String'
  | 'IA5String'
  | 'PrintableString'
  | 'NumericString'
  | 'VisibleString'
  | 'ISO646String'
  | 'TeletexString'
  | 'T61String'
  | 'VideotexString'
  | 'GraphicString'
  | 'GeneralString'
  | 'UniversalString'
  | 'BMPString'
  | 'ObjectDescriptor';

export interface TaggedTypeAst extends TypeBase {
  readonly kind: 'tagged';
  readonly tag: TagAst;
  /** As written; undefined when the notation has neither IMPLICIT nor EXPLICIT. */
  readonly mode?: 'IMPLICIT' | 'EXPLICIT';
  readonly type: TypeAst;
}

export interface EnumeratedTypeAst extends TypeBase {
  readonly kind: 'ENUMERATED';
  /** Identifiers with or without a written number, in source order. */
  readonly root: readonly EnumItemAst[];
  readonly extensible: boolean;
  readonly additions: readonly EnumItemAst[];
}

export interface EnumItemAst {
  readonly name: string;
  readonly value?: bigint | { readonly ref: string };
  readonly pos: SourcePos;
}

export interface StructuredTypeAst extends TypeBase {
  readonly kind: 'SEQUENCE' | 'SET';
  /** Root components before any extension marker. */
  readonly root: readonly ComponentAst[];
  /** True when the list holds an extension marker `...`. */
  readonly extensible: boolean;
  /** Extension additions (after `...`), groups flattened, in order. */
  readonly additions: readonly ComponentAst[];
  /** Root components after a second `...` marker. */
  readonly rootTail: readonly ComponentAst[];
}

export type ComponentAst =
  | {
      readonly kind: 'named';
      readonly name: string;
      readonly type: TypeAst;
      readonly optional: boolean;
      readonly default?: ValueAst;
      readonly pos: SourcePos;
    }
  | { readonly kind: 'componentsOf'; readonly type: TypeAst; readonly pos: SourcePos };

export interface ChoiceTypeAst extends TypeBase {
  readonly kind: 'CHOICE';
  readonly root: readonly AlternativeAst[];
  readonly extensible: boolean;
  readonly additions: readonly AlternativeAst[];
}

export interface AlternativeAst {
  readonly name: string;
  readonly type: TypeAst;
  readonly pos: SourcePos;
}

export interface CollectionOfTypeAst extends TypeBase {
  readonly kind: 'SEQUENCE OF' | 'SET OF';
  /** `SEQUENCE SIZE (1..MAX) OF` puts the constraint here, same as `(SIZE …)` after the type. */
  readonly element: TypeAst;
  /** `SEQUENCE OF name Type` (X.680 §25.1) names the element. */
  readonly elementName?: string;
}

/**
 * A subtype constraint (X.680 §49–51), kept close to the notation. Exception specifications
 * (`!…`) are parsed and dropped.
 */
export interface ConstraintAst {
  readonly set: ElementSetAst;
  /** True when the constraint holds an extension marker: `(SIZE(1..8, ...))`. */
  readonly extensible: boolean;
  readonly additions?: ElementSetAst;
  readonly pos: SourcePos;
}

export type ElementSetAst =
  | { readonly kind: 'union'; readonly items: readonly ElementSetAst[] }
  | { readonly kind: 'intersection'; readonly items: readonly ElementSetAst[] }
  | { readonly kind: 'except'; readonly base: ElementSetAst; readonly excluded: ElementSetAst }
  | { readonly kind: 'all' }
  | { readonly kind: 'value'; readonly value: ValueAst }
  | {
      readonly kind: 'range';
      readonly lower: ValueAst | 'MIN';
      readonly upper: ValueAst | 'MAX';
      readonly lowerOpen: boolean;
      readonly upperOpen: boolean;
    }
  | { readonly kind: 'size'; readonly constraint: ConstraintAst }
  | { readonly kind: 'from'; readonly constraint: ConstraintAst }
  | { readonly kind: 'containedSubtype'; readonly type: TypeAst }
  /** `(CONSTRAINED BY {…})`, `(WITH COMPONENTS …)`, `(CONTAINING …)`: kept for information only. */
  | { readonly kind: 'opaque'; readonly text: string };

export type ValueAst =
  | { readonly kind: 'number'; readonly value: bigint; readonly pos: SourcePos }
  | { readonly kind: 'real'; readonly text: string; readonly pos: SourcePos }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly pos: SourcePos }
  | { readonly kind: 'null'; readonly pos: SourcePos }
  /** `'0A1B'H`, digits only (upper-case, white space removed). */
  | { readonly kind: 'hstring'; readonly hex: string; readonly pos: SourcePos }
  /** `'0101'B`, the bits as written (white space removed). */
  | { readonly kind: 'bstring'; readonly bits: string; readonly pos: SourcePos }
  | { readonly kind: 'cstring'; readonly value: string; readonly pos: SourcePos }
  /** An identifier: a value reference, a named number or an enumeration item. */
  | { readonly kind: 'ref'; readonly name: string; readonly module?: string; readonly pos: SourcePos }
  /** `{ … }`: an OID, a SEQUENCE OF / SET OF value, named bits, or an empty SEQUENCE value. */
  | { readonly kind: 'braced'; readonly items: readonly BracedItemAst[]; readonly pos: SourcePos };

/** One item inside braces: a value, `name(number)` (OID arc), or `name value` (SEQUENCE value). */
export type BracedItemAst =
  | { readonly kind: 'value'; readonly value: ValueAst }
  | { readonly kind: 'namedNumber'; readonly name: string; readonly number: bigint; readonly pos: SourcePos }
  | { readonly kind: 'namedValue'; readonly name: string; readonly value: ValueAst; readonly pos: SourcePos };

export type OidComponentAst =
  | { readonly kind: 'number'; readonly value: bigint }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'nameAndNumber'; readonly name: string; readonly value: bigint };

/** A problem in a module text, with where it is. */
export class Asn1SyntaxError extends Error {
  override readonly name = 'Asn1SyntaxError';
  constructor(
    readonly code: 'syntax' | 'undefined-reference' | 'duplicate-definition' | 'duplicate-tag' | 'ambiguous-tag' | 'bad-value' | 'unsupported' | 'import',
    readonly detail: string,
    readonly pos: SourcePos,
  ) {
    super(`${pos.file}:${pos.line}:${pos.column}: ${detail} (${code})`);
  }
}
