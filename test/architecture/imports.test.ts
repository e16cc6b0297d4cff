/**
 * The import graph follows ../shared/STYLE.md "Layout and boundaries" (and DESIGN.md "Layout"):
 * - nothing in src/ but src/cli/**, src/crypto/node/** and src/node/** imports `node:*` or a Node builtin;
 * - src/esipa (browser-safe bindings) imports no Node builtin and nothing from src/node or src/cli;
 * - src/der imports nothing outside src/der (JER builds on the DER runtime, never the reverse);
 * - src/jer imports only src/der and itself;
 * - src/generated imports only src/der/runtime.js, the codec builder src/jer/codec.js and
 *   sibling generated files;
 * - src/compiler imports nothing from src/generated, no runtime values from src/der (types
 *   only), and no node:*;
 * - src/crypto never imports src/generated;
 * - src/inspect and src/web import generated code (values) only where they bind the default
 *   registry (src/inspect/defaults.ts, src/web/registry.ts): the rest takes a registry.
 * Imports are read with the TypeScript parser, so type-only imports are told apart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { tsFiles } from './source-files.js';

const root = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const SRC = join(root, 'src');

interface Edge {
  /** Importing file, relative to the repository root (`src/der/extras.ts`). */
  from: string;
  /** The specifier as written. */
  spec: string;
  /** For relative specifiers, the imported file relative to the root (`.js` read as `.ts`). */
  target?: string;
  typeOnly: boolean;
  line: number;
}

function edgesOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: Edge[] = [];
  const add = (specNode: ts.Expression | undefined, typeOnly: boolean, node: ts.Node) => {
    if (!specNode || !ts.isStringLiteral(specNode)) return;
    const spec = specNode.text;
    const target = spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)).replace(/\.js$/, '.ts') : undefined;
    out.push({ from: relative(root, file), spec, target, typeOnly, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const c = node.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, typeOnly, node);
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node.moduleSpecifier, node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)), node);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false, node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal as ts.Expression, true, node);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const edges = tsFiles(SRC).flatMap(edgesOf);
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]));
const isNodeImport = (spec: string) => spec.startsWith('node:') || NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split('/')[0]);
const under = (p: string | undefined, dir: string) => p !== undefined && (p === dir || p.startsWith(dir + '/'));
const show = (e: Edge) => `${e.from}:${e.line} imports ${e.spec}${e.typeOnly ? ' (type only)' : ''}`;

describe('import graph (STYLE.md: Layout and boundaries)', () => {
  it('reads a plausible graph', () => {
    expect(edges.length).toBeGreaterThan(30);
    expect(edges.some((e) => e.from === 'src/jer/codec.ts' && e.target === 'src/der/top.ts')).toBe(true);
    // Every relative import points at a file that exists.
    const missing = edges.filter((e) => e.target !== undefined && !existsSync(join(root, e.target)));
    expect(missing.map(show)).toEqual([]);
  });

  it('only src/cli, src/crypto/node and src/node import node:* or Node builtins', () => {
    const bad = edges.filter((e) => isNodeImport(e.spec) && !under(e.from, 'src/cli') && !under(e.from, 'src/crypto/node') && !under(e.from, 'src/node'));
    expect(bad.map(show)).toEqual([]);
  });

  it('src/esipa stays browser-safe: no src/node, src/cli or third-party transport imports', () => {
    const bad = edges.filter((e) => under(e.from, 'src/esipa') && (under(e.target, 'src/node') || under(e.target, 'src/cli') || (e.target === undefined && !e.typeOnly)));
    expect(edges.some((e) => under(e.from, 'src/esipa'))).toBe(true);
    expect(bad.map(show)).toEqual([]);
  });

  it('src/der imports nothing outside src/der', () => {
    const bad = edges.filter((e) => under(e.from, 'src/der') && e.target !== undefined && !under(e.target, 'src/der'));
    const bare = edges.filter((e) => under(e.from, 'src/der') && e.target === undefined);
    expect([...bad, ...bare].map(show)).toEqual([]);
  });

  it('src/jer imports only src/der, and nothing else outside itself', () => {
    const bad = edges.filter((e) => under(e.from, 'src/jer') && (e.target === undefined || (!under(e.target, 'src/jer') && !under(e.target, 'src/der'))));
    expect(bad.map(show)).toEqual([]);
  });

  it('src/generated imports only src/der/runtime.js, src/jer/codec.js and sibling generated files', () => {
    const bad = edges.filter(
      (e) =>
        under(e.from, 'src/generated') &&
        !(e.target === 'src/der/runtime.ts' || e.target === 'src/jer/codec.ts' || (e.target !== undefined && dirname(e.target) === 'src/generated')),
    );
    expect(bad.map(show)).toEqual([]);
  });

  it('src/compiler imports no generated code, no runtime values and no node:*', () => {
    const bad = edges.filter(
      (e) =>
        under(e.from, 'src/compiler') &&
        (isNodeImport(e.spec) || under(e.target, 'src/generated') || ((under(e.target, 'src/der') || under(e.target, 'src/jer')) && !e.typeOnly) ||
          (e.target !== undefined && !under(e.target, 'src/compiler') && !under(e.target, 'src/der') && !under(e.target, 'src/jer'))),
    );
    expect(bad.map(show)).toEqual([]);
  });

  it('src/crypto never imports src/generated', () => {
    const bad = edges.filter((e) => under(e.from, 'src/crypto') && under(e.target, 'src/generated'));
    expect(bad.map(show)).toEqual([]);
  });

  it('src/inspect and src/web import generated values only in defaults.ts and registry.ts', () => {
    const binders = new Set(['src/inspect/defaults.ts', 'src/web/registry.ts']);
    const bad = edges.filter((e) => (under(e.from, 'src/inspect') || under(e.from, 'src/web')) && under(e.target, 'src/generated') && !e.typeOnly && !binders.has(e.from));
    expect(bad.map(show)).toEqual([]);
  });

  it('the checks see the violations they look for', () => {
    // A synthetic edge list run through the same predicates: each rule rejects its own example.
    const probe = (from: string, spec: string, typeOnly = false): Edge => ({
      from, spec, typeOnly, line: 1,
      target: spec.startsWith('.') ? relative(root, resolve(join(root, dirname(from)), spec)).replace(/\.js$/, '.ts') : undefined,
    });
    expect(isNodeImport(probe('src/der/reader.ts', 'fs').spec)).toBe(true);
    expect(isNodeImport(probe('src/der/reader.ts', 'node:crypto').spec)).toBe(true);
    expect(isNodeImport(probe('src/der/reader.ts', '@noble/curves').spec)).toBe(false);
    expect(probe('src/der/extras.ts', '../compiler/model.js', true).target).toBe('src/compiler/model.ts');
    expect(under(probe('src/compiler/emit.ts', '../generated/index.js').target, 'src/generated')).toBe(true);
  });
});

