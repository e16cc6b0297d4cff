/**
 * The type arguments of the commands that read or write messages: the registry of types they
 * work with and `--type`, what users type to a registry's `Module.Name`.
 *
 * @module
 */
import type { Registry } from '../der/registry.js';
import { UPP_TYPE } from '../inspect/upp.js';
import { defaultRegistry, resolveTypeName, similarTypeNames } from '../inspect/schema.js';
import { UsageError } from './common.js';

/** The registry a command works with: the five generated modules. */
export function registryArg(command: string): Registry {
  void command;
  return defaultRegistry;
}

/** `Module.Name` (or `UPP`) for a --type value; UsageError with suggestions when unknown. */
export function typeArg(command: string, value: string, registry: Registry = defaultRegistry): string {
  if (value.toUpperCase() === UPP_TYPE || value === 'ProfileElement[]') return UPP_TYPE;
  const q = resolveTypeName(value, registry);
  if (q) return q;
  const near = similarTypeNames(value, 5, registry);
  throw new UsageError(`${command}: unknown type ${JSON.stringify(value)}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; \`sgp32 types\` lists them`);
}
