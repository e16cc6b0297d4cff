/**
 * The sgp32 ASN.1 compiler as a library: module texts in, TypeScript codec sources out. It
 * touches no file system, so it also runs in a browser.
 *
 * @example
 * ```ts
 * import { compile } from 'sgp32/compiler';
 * const { files } = compile([{ file: 'Vendor.asn', text }]);
 * // files: [{ module: 'VendorModule', fileName: 'VendorModule.ts', source: '…' }]
 * ```
 * @module sgp32/compiler
 */
import { parseModules } from './parser.js';
import { resolveModules, type ResolveOptions } from './resolve.js';
import { emitBarrel, emitModule, emitRegistry, type BarrelOptions, type EmitOptions } from './emit.js';
import type { ProgramModel } from './model.js';

export { parseModule, parseModules } from './parser.js';
export { tokenize } from './lexer.js';
export { resolveModules, DEFAULT_BIGINT_TYPES } from './resolve.js';
export type { ResolveOptions } from './resolve.js';
export { emitModule, emitBarrel, emitRegistry, tsName } from './emit.js';
export type { EmitOptions, BarrelOptions } from './emit.js';
export { Asn1SyntaxError } from './ast.js';
export type * from './ast.js';
export type * from './model.js';
export { packTag } from './model.js';

export interface CompileInput {
  /** Shown in error positions and generated headers. */
  readonly file: string;
  readonly text: string;
}

export interface CompiledFile {
  readonly module: string;
  readonly fileName: string;
  readonly source: string;
}

/**
 * Parses, resolves and emits a set of modules that import from each other. With `barrel`,
 * also `index.ts` (namespaces and flat names) and `registry.ts` (the default registry).
 * @throws Asn1SyntaxError with file, line and column for any problem in a module.
 */
export function compile(
  inputs: readonly CompileInput[],
  options: ResolveOptions & EmitOptions & { readonly barrel?: Omit<BarrelOptions, 'command' | 'runtimeImport'> } = {},
): { program: ProgramModel; files: CompiledFile[] } {
  const asts = inputs.flatMap((i) => parseModules(i.text, i.file));
  const program = resolveModules(asts, options);
  const barrel = options.barrel;
  const emitOptions: EmitOptions = barrel ? { ...options, namespaceOf: (m) => barrel.namespaces[m] } : options;
  const files = program.modules.map((m) => ({ module: m.name, fileName: `${m.name}.ts`, source: emitModule(program, m, emitOptions) }));
  if (barrel) {
    const b = { ...barrel, command: options.command, runtimeImport: options.runtimeImport };
    files.push({ module: '', fileName: 'index.ts', source: emitBarrel(program, b) });
    files.push({ module: '', fileName: 'registry.ts', source: emitRegistry(program, b) });
  }
  return { program, files };
}
