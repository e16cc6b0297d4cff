/**
 * Tag checks: distinct tags among CHOICE alternatives and SET components, and between a run
 * of OPTIONAL SEQUENCE components and the component after it (X.680 §25.5).
 *
 * @module
 */
import { Asn1SyntaxError, type SourcePos } from '../ast.js';
import { firstTagsOf, tagHexOf, type ComponentModel, type TypeModel } from '../model.js';
import type { Resolver } from './state.js';

/** The checks part of the resolver; functions of the other parts are reached through `rs`. */
export function checkFunctions(rs: Resolver): Pick<Resolver, 'firstTags' | 'checkDistinctTags' | 'checkSequenceTags' | 'layerTextOfPacked'> {
  /** The identifier octets an encoding of `type` can start with; null = any (open type). */
  function firstTags(type: TypeModel): number[] | null {
    return firstTagsOf(type, (module, name) => {
      const e = { mod: rs.byName.get(module)!, ast: rs.local.get(module)!.get(name)! };
      return rs.namedType(e, e.ast.pos).type.base;
    });
  }



  function checkDistinctTags(items: readonly { name: string; type: TypeModel; pos: SourcePos }[], what: string): void {
    const owner = new Map<number, string>();
    for (const it of items) {
      const tags = firstTags(it.type);
      if (tags === null) {
        if (items.length > 1) throw new Asn1SyntaxError('ambiguous-tag', `${it.name}: an untagged open type in a ${what} with other members cannot be told apart by its tag`, it.pos);
        continue;
      }
      for (const t of tags) {
        const prev = owner.get(t);
        if (prev !== undefined) throw new Asn1SyntaxError('duplicate-tag', `${it.name} has the same tag as ${prev} in this ${what}`, it.pos);
        owner.set(t, it.name);
      }
    }
  }

  /** X.680 §25.5: the tags of a run of optional components and the component after it differ. */
  function checkSequenceTags(components: readonly ComponentModel[]): void {
    let pending = new Map<number, string>();
    let pendingAny: string | undefined;
    for (const c of components) {
      const tags = firstTags(c.type);
      if (tags === null) {
        if (pending.size > 0 || pendingAny !== undefined) {
          throw new Asn1SyntaxError('ambiguous-tag', `${c.name}: an untagged open type after optional components cannot be told apart by its tag`, c.pos);
        }
        if (c.optional && c !== components[components.length - 1]) pendingAny = c.name;
      } else {
        if (pendingAny !== undefined) {
          throw new Asn1SyntaxError('ambiguous-tag', `${c.name} follows the optional untagged open type ${pendingAny}`, c.pos);
        }
        for (const t of tags) {
          const prev = pending.get(t);
          if (prev !== undefined) throw new Asn1SyntaxError('duplicate-tag', `${c.name} has the same tag (${layerTextOfPacked(t)}) as the optional component ${prev} before it`, c.pos);
        }
      }
      if (c.optional) {
        for (const t of tags ?? []) pending.set(t, c.name);
      } else {
        pending = new Map();
      }
    }
  }

  function layerTextOfPacked(t: number): string {
    return tagHexOf(t);
  }

  return { firstTags, checkDistinctTags, checkSequenceTags, layerTextOfPacked };
}
