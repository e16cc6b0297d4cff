/**
 * A registry: the set of compiled modules a tool works with, as a value. The CLI, the
 * decoder page and src/inspect take one instead of importing every module, so a bundle
 * carries only what it registers, and a module compiled at run time (a vendor's own ASN.1)
 * is looked up like the built-in ones.
 *
 * @example
 * ```ts
 * import { createRegistry } from 'sgp32/der';
 * import { $module as Sgp32 } from './generated/SGP32Definitions.js';
 * const registry = createRegistry(Sgp32);
 * registry.type('SGP32Definitions.EuiccPackageRequest')?.decode(bytes);
 * ```
 * @module
 */
import type { Codec } from './codec.js';

/**
 * A codec of any type. `any`, not `unknown`: a codec takes its type as input too (`encode`),
 * so `Codec<T>` is not a `Codec<unknown>`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCodec = Codec<any>;

/** What the compiler emits per module as `$module`. */
export interface ModuleEntry {
  /** The ASN.1 module name. */
  readonly name: string;
  /** The module's OBJECT IDENTIFIER, dotted, when it has a numeric one. */
  readonly oid?: string;
  /** The namespace the package exports it under (`Sgp32`), if any. */
  readonly namespace?: string;
  /** Every type's codec, in source order. */
  readonly types: readonly AnyCodec[];
  /** OBJECT IDENTIFIER values the module defines: ASN.1 value name → dotted form. */
  readonly oids?: { readonly [name: string]: string };
}

export interface Registry {
  /** The modules, in precedence order (first wins for bare names). */
  readonly modules: readonly ModuleEntry[];
  /** The codec of `Module.Name` (ASN.1 spelling), or undefined. */
  type(qualified: string): AnyCodec | undefined;
  /** Every type as `Module.Name`, module by module, in source order. */
  typeNames(): readonly string[];
  /** The name a module gives an OBJECT IDENTIFIER (first module wins), or undefined. */
  oidName(oid: string): string | undefined;
}

/**
 * A registry of `modules`; the first module that defines a bare name or an OID name wins.
 * @throws RangeError when two entries have the same module name.
 */
export function createRegistry(...modules: ModuleEntry[]): Registry {
  const types = new Map<string, AnyCodec>();
  const oids = new Map<string, string>();
  const seen = new Set<string>();
  for (const m of modules) {
    if (seen.has(m.name)) throw new RangeError(`modules: ${m.name} given twice`);
    seen.add(m.name);
    for (const c of m.types) types.set(`${m.name}.${c.typeName}`, c);
    for (const [name, oid] of Object.entries(m.oids ?? {})) if (!oids.has(oid)) oids.set(oid, name);
  }
  const names = [...types.keys()];
  return {
    modules,
    type: (q) => types.get(q),
    typeNames: () => names,
    oidName: (oid) => oids.get(oid),
  };
}
