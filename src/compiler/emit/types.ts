/**
 * The TypeScript types of values (DESIGN.md, "Values"): one rule per ASN.1 kind.
 *
 * @module
 */
import type { BaseModel, ChoiceModel, StructModel, TypeModel } from '../model.js';
import { propKey, tsName, type EmitContext } from './context.js';

/** The value type of `t` as written in an exported declaration (anonymous types inline). */
export function tsType(ctx: EmitContext, t: TypeModel): string {
  return tsBase(ctx, t.base);
}

/**
 * The value type of `t` inside function bodies: anonymous SEQUENCE/SET/CHOICE/collection
 * types by the local alias {@link anonAlias} declares, so that long literals are written once.
 */
export function tsLocal(ctx: EmitContext, t: TypeModel): string {
  const b = t.base;
  if (b.kind === 'sequence' || b.kind === 'set' || b.kind === 'choice' || b.kind === 'sequenceOf' || b.kind === 'setOf') return aliasName(ctx, b);
  return tsBase(ctx, b);
}

function aliasName(ctx: EmitContext, b: BaseModel): string {
  const s = ctx.stem(b);
  return s.startsWith('_') ? s.slice(1) : `T${s}`;
}

/** The local alias of an anonymous base (`type T$Psmo_enable = { … }`). */
export function anonAlias(ctx: EmitContext, b: BaseModel): string {
  return `type ${aliasName(ctx, b)} = ${tsBase(ctx, b)};`;
}

export function tsBase(ctx: EmitContext, b: BaseModel): string {
  switch (b.kind) {
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'integer':
      return b.big ? 'bigint' : 'number';
    case 'enumerated':
      return b.items.map(([k]) => JSON.stringify(k)).join(' | ');
    case 'bitString':
      return ctx.file.rtType('BitString');
    case 'octetString':
    case 'any':
      return 'Uint8Array';
    case 'oid':
    case 'relativeOid':
    case 'string':
    case 'time':
      return 'string';
    case 'sequenceOf':
    case 'setOf':
      return `readonly (${tsType(ctx, b.element)})[]`;
    case 'sequence':
    case 'set':
      return structTs(ctx, b);
    case 'choice':
      return choiceTs(ctx, b);
    case 'ref':
      if (ctx.named(b.module, b.name).builtinRedefinition) return 'string';
      return ctx.refName(b.module, b.name);
  }
}

function structTs(ctx: EmitContext, b: StructModel): string {
  const parts = b.components.map((c) => `readonly ${propKey(tsName(c.name))}${c.optional ? '?' : ''}: ${tsType(ctx, c.type)}`);
  if (b.extensible) parts.push('readonly $unknown?: readonly Uint8Array[]');
  return parts.length ? `{ ${parts.join('; ')} }` : 'Record<string, never>';
}

function choiceTs(ctx: EmitContext, b: ChoiceModel): string {
  const parts = b.alternatives.map((a) => `{ readonly $case: ${JSON.stringify(tsName(a.name))}; readonly value: ${tsType(ctx, a.type)} }`);
  if (b.extensible) parts.push(`{ readonly $case: '$unknown'; readonly value: Uint8Array }`);
  return parts.join(' | ');
}
