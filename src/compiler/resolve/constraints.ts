/**
 * Constraints reduced to what a decoder checks: intervals of value and SIZE (X.680 §49–51);
 * extensible constraints restrict nothing.
 *
 * @module
 */
import { type ConstraintAst, type ElementSetAst, type ModuleAst, type ValueAst } from '../ast.js';
import { type ConstraintModel, type Interval } from '../model.js';
import { toNum } from './builtins.js';
import type { Resolver } from './state.js';

/** The constraints part of the resolver; functions of the other parts are reached through `rs`. */
export function constraintFunctions(rs: Resolver): Pick<Resolver, 'evalConstraints' | 'evalConstraint' | 'evalSet' | 'boundValue'> {
  function evalConstraints(mod: ModuleAst, cs: readonly ConstraintAst[]): ConstraintModel | undefined {
    let out: ConstraintModel | undefined;
    for (const c of cs) out = mergeConstraints(out, evalConstraint(mod, c));
    return out;
  }

  function evalConstraint(mod: ModuleAst, c: ConstraintAst): ConstraintModel | undefined {
    // An extensible constraint cannot reject anything a newer peer may send (X.680 §49.4).
    if (c.extensible) return undefined;
    return evalSet(mod, c.set);
  }

  function evalSet(mod: ModuleAst, s: ElementSetAst): ConstraintModel | undefined {
    switch (s.kind) {
      case 'value': {
        const v = boundValue(mod, s.value);
        return v === undefined ? undefined : { value: [[v, v]] };
      }
      case 'range': {
        let lo: number | bigint = s.lower === 'MIN' ? -Infinity : boundValue(mod, s.lower) ?? -Infinity;
        let hi: number | bigint = s.upper === 'MAX' ? Infinity : boundValue(mod, s.upper) ?? Infinity;
        if (s.lowerOpen) lo = typeof lo === 'bigint' ? lo + 1n : lo + 1;
        if (s.upperOpen) hi = typeof hi === 'bigint' ? hi - 1n : hi - 1;
        return { value: [[lo, hi]] };
      }
      case 'size': {
        const inner = evalConstraint(mod, s.constraint);
        return inner?.value ? { size: inner.value } : undefined;
      }
      case 'union': {
        let value: Interval[] | undefined = [];
        let size: Interval[] | undefined = [];
        for (const it of s.items) {
          const m = evalSet(mod, it);
          // A member that restricts nothing we can check makes the union unrestricted.
          if (!m) return undefined;
          if (m.value && value) value.push(...m.value);
          else value = undefined;
          if (m.size && size) size.push(...m.size);
          else size = undefined;
        }
        if (!value?.length && !size?.length) return undefined;
        return { value: value?.length ? value : undefined, size: size?.length ? size : undefined };
      }
      case 'intersection': {
        let out: ConstraintModel | undefined;
        for (const it of s.items) out = mergeConstraints(out, evalSet(mod, it));
        return out;
      }
      default:
        // FROM (permitted alphabet), contained subtypes, EXCEPT, ALL and opaque constraints are
        // documentation for the checks this runtime makes.
        return undefined;
    }
  }

  function boundValue(mod: ModuleAst, v: ValueAst): number | bigint | undefined {
    if (v.kind === 'number') return toNum(v.value);
    if (v.kind === 'ref') {
      const nv = rs.namedValue(mod, v.name, v.pos);
      return nv.kind === 'integer' ? toNum(nv.value) : undefined;
    }
    return undefined;
  }

  return { evalConstraints, evalConstraint, evalSet, boundValue };
}


/** Intersection of two constraint models (both must hold). */
export function mergeConstraints(a: ConstraintModel | undefined, b: ConstraintModel | undefined): ConstraintModel | undefined {
  if (!a) return b;
  if (!b) return a;
  return {
    value: a.value && b.value ? intersect(a.value, b.value) : a.value ?? b.value,
    size: a.size && b.size ? intersect(a.size, b.size) : a.size ?? b.size,
  };
}

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [a0, a1] of a) {
    for (const [b0, b1] of b) {
      const lo = a0 > b0 ? a0 : b0;
      const hi = a1 < b1 ? a1 : b1;
      if (lo <= hi) out.push([lo, hi]);
    }
  }
  return out;
}
