/**
 * Test helpers for the compiler suites: the five specification modules, an independent
 * comment stripper and assignment counter, and AST utilities.
 */
import type { ComponentAst, ModuleAst, TypeAst } from '../../src/compiler/ast.js';
import { readBytes } from '../support/files.js';

export const MODULE_NAMES = ['SGP32Definitions', 'RSPDefinitions', 'PEDefinitions', 'PKIX1Explicit88', 'PKIX1Implicit88'] as const;
export type ModuleName = (typeof MODULE_NAMES)[number];

export function moduleText(name: ModuleName): string {
  return new TextDecoder().decode(readBytes('asn1', `${name}.asn`));
}

/**
 * Replaces comments by spaces (keeping newlines), written independently of the lexer with
 * plain regular expressions: block comments innermost first until none is left, then `--`
 * comments up to the next `--` or the end of the line.
 */
export function stripComments(text: string): string {
  let s = text;
  for (;;) {
    const t = s.replace(/\/\*(?:(?!\/\*|\*\/)[\s\S])*\*\//g, (m) => m.replace(/[^\n]/g, ' '));
    if (t === s) break;
    s = t;
  }
  return s.replace(/--.*?(--|$)/gm, (m) => ' '.repeat(m.length));
}

/** Counts assignments at statement starts in a comment-stripped module body, by regex. */
export function countAssignments(text: string): { type: number; value: number; class: number; names: string[] } {
  const stripped = stripComments(text);
  const body = stripped.slice(stripped.search(/\bBEGIN\b/) + 5, stripped.lastIndexOf('END'));
  const names: string[] = [];
  let type = 0;
  let value = 0;
  let cls = 0;
  for (const m of body.matchAll(/^[ \t]*([A-Z][A-Za-z0-9-]*)\s*::=\s*(CLASS\b)?/gm)) {
    names.push(m[1]);
    if (m[2]) cls++;
    else type++;
  }
  for (const m of body.matchAll(/^[ \t]*([a-z][A-Za-z0-9-]*)[ \t]+(?:INTEGER|OBJECT[ \t]+IDENTIFIER|[A-Z][A-Za-z0-9-]*)\s*::=/gm)) {
    names.push(m[1]);
    value++;
  }
  return { type, value, class: cls, names };
}

/** Deep copy without `pos` members, so trees compare against literals. */
export function noPos<T>(v: T): T {
  if (Array.isArray(v)) return v.map(noPos) as T;
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'pos') out[k] = noPos(x);
    return out as T;
  }
  return v;
}

export function assignment(m: ModuleAst, name: string) {
  const a = m.assignments.find((x) => x.name === name);
  if (!a) throw new Error(`no assignment ${name} in ${m.name}`);
  return a;
}

export function typeOf(m: ModuleAst, name: string): TypeAst {
  const a = assignment(m, name);
  if (a.kind !== 'type') throw new Error(`${name} is not a type assignment`);
  return a.type;
}

/** Every type node of a tree, depth first. */
export function* walkType(t: TypeAst): Generator<TypeAst> {
  yield t;
  switch (t.kind) {
    case 'tagged':
      yield* walkType(t.type);
      break;
    case 'SEQUENCE':
    case 'SET':
      for (const c of [...t.root, ...t.additions, ...t.rootTail]) yield* walkType(c.type);
      break;
    case 'CHOICE':
      for (const a of [...t.root, ...t.additions]) yield* walkType(a.type);
      break;
    case 'SEQUENCE OF':
    case 'SET OF':
      yield* walkType(t.element);
      break;
    default:
      break;
  }
}

/** The first named component called `name` anywhere in the module. */
export function findComponent(m: ModuleAst, name: string): Extract<ComponentAst, { kind: 'named' }> {
  for (const a of m.assignments) {
    if (a.kind !== 'type') continue;
    for (const t of walkType(a.type)) {
      if (t.kind !== 'SEQUENCE' && t.kind !== 'SET') continue;
      for (const c of [...t.root, ...t.additions, ...t.rootTail]) if (c.kind === 'named' && c.name === name) return c;
    }
  }
  throw new Error(`no component ${name} in ${m.name}`);
}
