/**
 * Registries of modules compiled at run time: ASN.1 text in, a {@link Registry} out, with no
 * TypeScript compiler and no generated files. The `sgp32/compiler` parser and resolver make
 * the semantic model; each type becomes a descriptor (src/der/descriptor.ts) and a codec
 * whose DER coders interpret it (src/der/interpret.ts). Types of modules the base registry
 * already has (the five built-in ones) keep their generated codecs: a vendor module that
 * imports `EuiccPackageRequest` from SGP32Definitions decodes that part at full speed.
 *
 * @example
 * ```ts
 * import { compileRegistry, detectTypes } from 'sgp32/inspect';
 * const registry = compileRegistry([{ file: 'Vendor.asn', text }], { builtins });
 * detectTypes(bytes, { registry })[0].type; // 'VendorModule.VendorReport'
 * ```
 * @module
 */
import { parseModules, resolveModules, type CompileInput, type ResolveOptions } from '../compiler/index.js';
import type { BaseModel, ComponentModel, ConstraintModel, DefaultValue, ModuleAst, TypeModel } from '../compiler/index.js';
import type { BaseDesc, ComponentDesc, ConstraintDesc } from '../der/descriptor.js';
import { propertyName } from '../der/descriptor.js';
import { enumTable, hexBytes } from '../der/extras.js';
import { interpretedCoders } from '../der/interpret.js';
import { createRegistry, type AnyCodec, type ModuleEntry, type Registry } from '../der/registry.js';
import { codec } from '../jer/codec.js';

/** Options of {@link compileRegistry}. */
export interface CompileRegistryOptions extends ResolveOptions {
  /**
   * The registry the compiled modules join, and whose codecs serve the modules they import
   * from (`sgp32/inspect`'s `compileRegistry` defaults it to the five generated modules; an
   * empty registry, `createRegistry()`, compiles every module from text). The result lists the compiled modules first,
   * so their bare type names win.
   */
  readonly base?: Registry;
  /**
   * Texts of modules the inputs may import from (the package's `asn1/*.asn` for the built-in
   * modules): only those the inputs need are read, and a module the base registry has is
   * served by its codecs, not compiled again.
   */
  readonly builtins?: readonly CompileInput[];
}

/** The names of the modules `asts` import from that none of them defines. */
function missingImports(asts: readonly ModuleAst[]): string[] {
  const have = new Set(asts.map((m) => m.name));
  return [...new Set(asts.flatMap((m) => m.imports.map((i) => i.fromModule)))].filter((m) => !have.has(m));
}

/**
 * Compiles `inputs` (one or more modules, which may import from each other, from `builtins`
 * and so from the built-in modules) and returns a registry of their types followed by the
 * modules of `options.base`.
 *
 * @throws Asn1SyntaxError (`file:line:column: detail (code)`) for any problem in a module,
 *   including an import from a module neither the inputs nor `builtins` define.
 * @throws RangeError when an input defines a module the base registry has.
 */
export function compileRegistry(inputs: readonly CompileInput[], options: CompileRegistryOptions & { readonly base: Registry }): Registry {
  const base = options.base;
  const own = inputs.flatMap((i) => parseModules(i.text, i.file));
  for (const m of own) if (base.modules.some((x) => x.name === m.name)) throw new RangeError(`${m.name}: the registry has a module of that name already`);
  // Add the built-in texts the inputs need, and the ones those need in turn.
  const asts = [...own];
  const available = new Map<string, CompileInput>();
  for (const b of options.builtins ?? []) available.set(b.file, b);
  const parsed = new Map<string, ModuleAst[]>();
  for (let missing = missingImports(asts); missing.length > 0; missing = missingImports(asts)) {
    let added = false;
    for (const [file, input] of available) {
      const mods = parsed.get(file) ?? parseModules(input.text, input.file);
      parsed.set(file, mods);
      if (mods.some((m) => missing.includes(m.name))) {
        asts.push(...mods);
        available.delete(file);
        added = true;
      }
    }
    if (!added) break; // the resolver names the module that is not there
  }
  const program = resolveModules(asts, options);
  const isOwn = (m: string) => own.some((x) => x.name === m);
  const compiled = program.modules.filter((m) => isOwn(m.name) || !base.modules.some((x) => x.name === m.name));
  const compiledNames = new Set(compiled.map((m) => m.name));
  // One codec per type of the compiled modules; references are looked up when first used, so
  // the order of building does not matter (and recursion is no problem).
  const codecs = new Map<string, AnyCodec>();
  const refOf = (module: string, type: string): BaseDesc => {
    const named = program.type(module, type);
    if (named.builtinRedefinition) return named.builtinRedefinition;
    const q = `${module}.${type}`;
    const from = compiledNames.has(module) ? codecs : base;
    return () => {
      const c = from instanceof Map ? from.get(q) : from.type(q);
      if (!c) throw new RangeError(`${q}: not in the registry`);
      return c;
    };
  };
  for (const m of compiled) {
    for (const t of m.types) {
      const b = baseDescOf(t.type.base, refOf);
      const cons = constraintDescOf(t.type.constraints);
      const { d, e } = interpretedCoders(b, t.name, cons);
      codecs.set(`${m.name}.${t.name}`, codec<unknown>(m.name, t.name, t.type.layers.map((l) => l.packed), b, d, e, cons));
    }
  }
  const entries: ModuleEntry[] = compiled.map((m) => {
    const oids = Object.fromEntries(m.values.filter((v) => v.value.kind === 'oid').map((v) => [v.name, v.value.value as string]));
    return {
      name: m.name,
      ...(m.oid ? { oid: m.oid } : {}),
      types: m.types.map((t) => codecs.get(`${m.name}.${t.name}`)!),
      ...(Object.keys(oids).length ? { oids } : {}),
    };
  });
  // The inputs' modules first (their bare names win), then the base, then built-in texts
  // compiled because the base lacks them.
  return createRegistry(...entries.filter((e) => isOwn(e.name)), ...base.modules, ...entries.filter((e) => !isOwn(e.name)));
}

function constraintDescOf(c: ConstraintModel | undefined): ConstraintDesc | undefined {
  if (!c || (!c.size && !c.value)) return undefined;
  return { ...(c.size ? { size: c.size } : {}), ...(c.value ? { value: c.value } : {}) };
}

function namedNumbers(items: readonly (readonly [string, number])[]): { [name: string]: number } {
  return Object.fromEntries(items);
}

/** The descriptor of a base, as the emitter writes it (src/compiler/emit/descriptor.ts), as a value. */
function baseDescOf(b: BaseModel, refOf: (module: string, name: string) => BaseDesc): BaseDesc {
  switch (b.kind) {
    case 'boolean':
      return 'bool';
    case 'null':
      return 'null';
    case 'integer':
      if (b.named.length) return { k: 'int', n: namedNumbers(b.named) };
      return b.big ? 'big' : 'int';
    case 'enumerated':
      return enumTable(namedNumbers(b.items), b.extensible ? 1 : undefined);
    case 'bitString':
      return b.named.length ? { k: 'bits', n: namedNumbers(b.named) } : 'bits';
    case 'octetString':
      return 'octets';
    case 'oid':
      return 'oid';
    case 'relativeOid':
      return 'roid';
    case 'any':
      return 'any';
    case 'string':
      return b.stringType;
    case 'time':
      return b.timeType;
    case 'sequence':
    case 'set':
      return { k: b.kind === 'sequence' ? 'seq' : 'set', c: b.components.map((c) => componentDescOf(c, refOf)), ...(b.extensible ? { x: 1 as const } : {}) };
    case 'sequenceOf':
    case 'setOf': {
      const c = constraintDescOf(b.element.constraints);
      const el = [layersOf(b.element), baseDescOf(b.element.base, refOf), ...(c ? [c] : [])] as const;
      return { k: b.kind === 'sequenceOf' ? 'seqOf' : 'setOf', e: el as unknown as readonly [readonly number[], BaseDesc, ConstraintDesc?] };
    }
    case 'choice':
      return { k: 'choice', a: b.alternatives.map((a) => componentDescOf({ ...a, optional: false }, refOf)), ...(b.extensible ? { x: 1 as const } : {}) };
    case 'ref':
      return refOf(b.module, b.name);
  }
}

function layersOf(t: TypeModel): number[] {
  return t.layers.map((l) => l.packed);
}

function componentDescOf(c: Pick<ComponentModel, 'name' | 'type' | 'optional' | 'default' | 'extension'>, refOf: (module: string, name: string) => BaseDesc): ComponentDesc {
  const flags = (c.optional ? 1 : 0) | (c.default ? 2 : 0) | (c.extension ? 4 : 0);
  const cons = constraintDescOf(c.type.constraints);
  const out: unknown[] = [c.name, layersOf(c.type), baseDescOf(c.type.base, refOf)];
  if (flags || cons || c.default) out.push(flags);
  if (cons || c.default) out.push(cons ?? 0);
  if (c.default) out.push(defaultValueOf(c.default));
  return out as unknown as ComponentDesc;
}

/** A DEFAULT value as the decoder returns it. */
function defaultValueOf(d: DefaultValue): unknown {
  switch (d.kind) {
    case 'boolean':
    case 'number':
    case 'bigint':
    case 'enumerated':
    case 'string':
    case 'oid':
      return d.value;
    case 'null':
      return null;
    case 'bytes':
      return hexBytes(d.hex);
    case 'bits':
      return { bytes: hexBytes(d.hex), unusedBits: d.unusedBits };
    case 'list':
      return d.items.map(defaultValueOf);
    case 'struct':
      return Object.fromEntries(d.members.map(([k, v]) => [propertyName(k), defaultValueOf(v)]));
  }
}
