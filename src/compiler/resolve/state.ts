/**
 * The resolver's shared state: the modules by name, what each defines and imports, the
 * memoised models, and the functions of every part (names, values, layers, models, checks,
 * constraints, defaults), so that each part reaches the others without importing them.
 *
 * @module
 */
import type { AssignmentAst, CharacterStringType, ComponentAst, ConstraintAst, ElementSetAst, ModuleAst, SourcePos, TypeAst, ValueAst } from '../ast.js';
import type { BaseModel, ComponentModel, ConstraintModel, DefaultValue, Layer, NamedTypeModel, TypeModel, ValueModel } from '../model.js';

/** Where a type is being resolved: the module whose tagging and extensibility apply. */
export interface Ctx {
  readonly mod: ModuleAst;
}

/** An assignment and the module that defines it. */
export interface Entry {
  readonly mod: ModuleAst;
  readonly ast: AssignmentAst;
}

/** The TLV layers of a type and whether its base is decoded from a whole TLV (CHOICE, open type). */
export interface Shallow {
  readonly layers: readonly Layer[];
  readonly tlv: boolean;
}

export interface Resolver {
  /** INTEGER types (`Module.Type`) decoded to bigint. */
  readonly bigTypes: ReadonlySet<string>;
  readonly byName: ReadonlyMap<string, ModuleAst>;
  /** Assignments of each module by name. */
  readonly local: ReadonlyMap<string, ReadonlyMap<string, AssignmentAst>>;
  /** Imported name → defining module, per module. */
  readonly importMaps: Map<string, Map<string, string>>;
  readonly typeMemo: Map<string, NamedTypeModel>;
  /** CHOICEs whose alternatives' tags are checked once every type is known. */
  readonly deferredChoiceChecks: Extract<BaseModel, { kind: 'choice' }>[];
  // names
  importAll(mods: readonly ModuleAst[]): void;
  importSource(modName: string, name: string, pos: SourcePos, seen?: Set<string>): string;
  lookup(mod: ModuleAst, name: string, pos: SourcePos, explicitModule?: string): Entry;
  builtinRedefinition(ast: AssignmentAst): CharacterStringType | undefined;
  // values
  namedValue(mod: ModuleAst, name: string, pos: SourcePos): ValueModel;
  evalValue(mod: ModuleAst, type: TypeAst, v: ValueAst): ValueModel;
  underlyingKind(mod: ModuleAst, type: TypeAst, depth?: number): string;
  evalInteger(mod: ModuleAst, v: ValueAst): bigint;
  evalOid(mod: ModuleAst, v: ValueAst): string;
  // layers
  namedLayers(e: Entry, pos: SourcePos): Shallow;
  tagNumber(mod: ModuleAst, n: number | { ref: string }, pos: SourcePos): number;
  applyTag(mod: ModuleAst, t: Extract<TypeAst, { kind: 'tagged' }>, inner: Shallow): Shallow;
  applyTagLayers(cls: 0 | 1 | 2 | 3, num: number, explicit: boolean, inner: Shallow): Shallow;
  shallow(mod: ModuleAst, t: TypeAst): Shallow;
  classFieldType(mod: ModuleAst, t: Extract<TypeAst, { kind: 'classField' }>): TypeAst | undefined;
  classFieldShallow(mod: ModuleAst, t: Extract<TypeAst, { kind: 'classField' }>): Shallow;
  // models
  namedType(e: Entry, pos: SourcePos): NamedTypeModel;
  resolveType(ctx: Ctx, t: TypeAst, id: string, big?: boolean): TypeModel;
  withConstraints(m: TypeModel, extra: ConstraintModel | undefined): TypeModel;
  resolveBase(ctx: Ctx, t: TypeAst, id: string, big: boolean): BaseModel;
  expandComponents(ctx: Ctx, list: readonly ComponentAst[]): Extract<ComponentAst, { kind: 'named' }>[];
  resolveStruct(ctx: Ctx, t: Extract<TypeAst, { kind: 'SEQUENCE' | 'SET' }>, id: string): BaseModel;
  resolveChoice(ctx: Ctx, t: Extract<TypeAst, { kind: 'CHOICE' }>, id: string): BaseModel;
  uniqueId(id: string): string;
  autoTag(type: TypeModel, i: number): TypeModel;
  isTlvBase(type: TypeModel): boolean;
  // checks
  firstTags(type: TypeModel): number[] | null;
  checkDistinctTags(items: readonly { name: string; type: TypeModel; pos: SourcePos }[], what: string): void;
  checkSequenceTags(components: readonly ComponentModel[]): void;
  layerTextOfPacked(t: number): string;
  // constraints
  evalConstraints(mod: ModuleAst, cs: readonly ConstraintAst[]): ConstraintModel | undefined;
  evalConstraint(mod: ModuleAst, c: ConstraintAst): ConstraintModel | undefined;
  evalSet(mod: ModuleAst, s: ElementSetAst): ConstraintModel | undefined;
  boundValue(mod: ModuleAst, v: ValueAst): number | bigint | undefined;
  // defaults
  finalBase(type: TypeModel): BaseModel;
  resolveDefault(mod: ModuleAst, type: TypeModel, v: ValueAst): DefaultValue;
}
