/**
 * The type arguments of the commands that read or write messages: the registry of types they
 * work with (`--asn1 vendor.asn`: the five modules plus the user's own, compiled at run time)
 * and `--type`, what users type to a registry's `Module.Name`.
 *
 * @module
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Asn1SyntaxError } from '../compiler/ast.js';
import type { Registry } from '../der/registry.js';
import { compileRegistry } from '../inspect/compiled.js';
import { UPP_TYPE } from '../inspect/upp.js';
import { defaultRegistry } from '../generated/registry.js';
import { resolveTypeName, similarTypeNames } from '../inspect/schema.js';
import { UsageError } from './common.js';

/** The package's ASN.1 modules (asn1/*.asn): what a user's module may import from. */
const ASN1_DIR = new URL('../../asn1/', import.meta.url);

/** Registries already compiled in this process, by their list of files. */
const compiled = new Map<string, Registry>();

/**
 * The registry for `--asn1` files: the five generated modules, after the modules the files
 * define (compiled once per process: `validate`'s workers each call it with the same list).
 * @throws UsageError (exit 2) for a file that cannot be read or a module with an error, with
 *   the compiler's `file:line:column` message.
 */
export function registryArg(command: string, files: readonly string[] | undefined): Registry {
  if (files === undefined || files.length === 0) return defaultRegistry;
  const key = JSON.stringify(files);
  const known = compiled.get(key);
  if (known) return known;
  const inputs = files.map((file) => {
    try {
      return { file, text: readFileSync(file, 'utf8') };
    } catch (err) {
      throw new UsageError(`${command}: --asn1: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'EIO'})`);
    }
  });
  const dir = fileURLToPath(ASN1_DIR);
  const builtins = readdirSync(dir)
    .filter((f) => f.endsWith('.asn'))
    .map((f) => ({ file: `asn1/${f}`, text: readFileSync(`${dir}/${f}`, 'utf8') }));
  let registry: Registry;
  try {
    registry = compileRegistry(inputs, { builtins, base: defaultRegistry });
  } catch (err) {
    if (err instanceof Asn1SyntaxError || err instanceof RangeError) throw new UsageError(`${command}: --asn1: ${err.message}`);
    throw err;
  }
  compiled.set(key, registry);
  return registry;
}

/** `Module.Name` (or `UPP`) for a --type value; UsageError with suggestions when unknown. */
export function typeArg(command: string, value: string, registry: Registry): string {
  if (value.toUpperCase() === UPP_TYPE || value === 'ProfileElement[]') return UPP_TYPE;
  const q = resolveTypeName(value, registry);
  if (q) return q;
  const near = similarTypeNames(value, 5, registry);
  throw new UsageError(`${command}: unknown type ${JSON.stringify(value)}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; \`sgp32 types\` lists them`);
}
