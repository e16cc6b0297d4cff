/**
 * Descriptor literals (src/der/descriptor.ts): the one description of each type that JER,
 * the tree view, detection and the registry interpret. Plain literals and arrow functions
 * only, so that a descriptor nobody uses drops out of a bundle.
 *
 * @module
 */
import type { BaseModel, ComponentModel, ConstraintModel, TypeModel } from '../model.js';
import { hexLit, ivLit, propKey, type EmitContext } from './context.js';


/** `{ size: [...], value: [...] }`, or undefined without constraints. */
export function constraintLit(c: ConstraintModel | undefined): string | undefined {
  if (!c || (!c.size && !c.value)) return undefined;
  const parts: string[] = [];
  if (c.size) parts.push(`size: ${ivLit(c.size)}`);
  if (c.value) parts.push(`value: ${ivLit(c.value)}`);
  return `{ ${parts.join(', ')} }`;
}

export function layersLit(t: TypeModel): string {
  return `[${t.layers.map((l) => hexLit(l.packed)).join(', ')}]`;
}

function namedLit(items: readonly (readonly [string, number])[]): string {
  return `{ ${items.map(([k, v]) => `${propKey(k)}: ${v}`).join(', ')} }`;
}

/** The base descriptor of `b`. */
export function baseLit(ctx: EmitContext, b: BaseModel): string {
  switch (b.kind) {
    case 'boolean':
      return "'bool'";
    case 'null':
      return "'null'";
    case 'integer':
      if (b.named.length) return `{ k: 'int', n: ${namedLit(b.named)} }`;
      return b.big ? "'big'" : "'int'";
    case 'enumerated':
      return ctx.enumTable(b);
    case 'bitString':
      return b.named.length ? `{ k: 'bits', n: ${namedLit(b.named)} }` : "'bits'";
    case 'octetString':
      return "'octets'";
    case 'oid':
      return "'oid'";
    case 'relativeOid':
      return "'roid'";
    case 'any':
      return "'any'";
    case 'string':
      return `'${b.stringType}'`;
    case 'time':
      return `'${b.timeType}'`;
    case 'sequence':
    case 'set':
      return `{ k: '${b.kind === 'sequence' ? 'seq' : 'set'}', c: [${b.components.map((c) => componentLit(ctx, c)).join(', ')}]${b.extensible ? ', x: 1' : ''} }`;
    case 'sequenceOf':
    case 'setOf': {
      const c = constraintLit(b.element.constraints);
      return `{ k: '${b.kind === 'sequenceOf' ? 'seqOf' : 'setOf'}', e: [${layersLit(b.element)}, ${baseLit(ctx, b.element.base)}${c ? `, ${c}` : ''}] }`;
    }
    case 'choice':
      return `{ k: 'choice', a: [${b.alternatives.map((a) => componentLit(ctx, { ...a, optional: false })).join(', ')}]${b.extensible ? ', x: 1' : ''} }`;
    case 'ref': {
      const redefined = ctx.named(b.module, b.name).builtinRedefinition;
      if (redefined) return `'${redefined}'`;
      return `() => ${ctx.refName(b.module, b.name)}`;
    }
  }
}

function componentLit(ctx: EmitContext, c: Pick<ComponentModel, 'name' | 'type' | 'optional' | 'default' | 'extension'>): string {
  const parts = [JSON.stringify(c.name), layersLit(c.type), baseLit(ctx, c.type.base)];
  const flags = (c.optional ? 1 : 0) | (c.default ? 2 : 0) | (c.extension ? 4 : 0);
  const cons = constraintLit(c.type.constraints);
  const def = c.default ? ctx.defaultConst(c.default) : undefined;
  if (flags || cons || def) parts.push(String(flags));
  if (cons || def) parts.push(cons ?? '0');
  if (def) parts.push(def);
  return `[${parts.join(', ')}]`;
}
