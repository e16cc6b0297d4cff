/**
 * The `--type` flag: what users type to the schema's `Module.Name`.
 *
 * @module
 */
import { UPP_TYPE } from '../inspect/upp.js';
import { resolveTypeName, similarTypeNames } from '../inspect/schema.js';
import { UsageError } from './common.js';

/** `Module.Name` (or `UPP`) for a --type value; UsageError with suggestions when unknown. */
export function typeArg(command: string, value: string): string {
  if (value.toUpperCase() === UPP_TYPE || value === 'ProfileElement[]') return UPP_TYPE;
  const q = resolveTypeName(value);
  if (q) return q;
  const near = similarTypeNames(value);
  throw new UsageError(`${command}: unknown type ${JSON.stringify(value)}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; \`sgp32 types\` lists them`);
}

