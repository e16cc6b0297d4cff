/**
 * `sgp32 encode` (JER → DER) and `sgp32 types`.
 *
 * @module
 */
import { codecFor } from '../inspect/detect.js';
import { firstTags, moduleNamespaces, resolveModuleName, schemaType, splitQualified, typeLabel } from '../inspect/schema.js';
import type { Registry } from '../der/registry.js';
import { tagHex } from '../der/reader.js';
import { UPP_TYPE } from '../inspect/upp.js';
import { DataError, EXIT_OK, UsageError, parseCommand, readSource } from './common.js';
import { formArg, inForm, openOutput } from './output.js';
import { registryArg, typeArg } from './type-arg.js';

/** `sgp32 encode`. */
export async function encodeCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommand('encode', args, {
    type: { type: 'string', short: 't' },
    form: { type: 'string' },
    out: { type: 'string' },
    output: { type: 'string', short: 'o' },
    asn1: { type: 'string', multiple: true },
  }, 1);
  if (values.type === undefined) throw new UsageError('encode: --type is required (sgp32 types lists them)');
  const registry = registryArg('encode', values.asn1);
  const type = typeArg('encode', values.type, registry);
  const toTerminal = values.output === undefined && process.stdout.isTTY === true;
  const form = formArg('encode', values, toTerminal ? 'hex' : 'der');
  const sink = openOutput('encode', values.output);
  const data = await readSource('encode', positionals[0]);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch (err) {
    throw new DataError(`the input is not JSON: ${err instanceof Error ? err.message : String(err)}`, 'bad-json');
  }
  const codec = codecFor(type, registry);
  const bytes = codec.encode(codec.fromJer(json));
  const label = type === UPP_TYPE ? 'UPP' : splitQualified(type).name === 'Certificate' ? 'CERTIFICATE' : splitQualified(type).name.toUpperCase();
  const text = inForm(bytes, form, label);
  try {
    if (typeof text === 'string') sink.write(text);
    else sink.writeBytes(text);
  } finally {
    sink.close();
  }
  return EXIT_OK;
}

function tagsOf(q: string, registry: Registry): string {
  const tags = firstTags(schemaType(q, registry)!);
  if (tags === null) return 'any';
  const uniq = [...new Set(tags)].map(tagHex);
  return uniq.length > 6 ? `${uniq.slice(0, 6).join(' ')} …` : uniq.join(' ');
}

/** `sgp32 types`. */
export async function typesCommand(args: readonly string[]): Promise<number> {
  const { values } = parseCommand('types', args, { module: { type: 'string', short: 'm' }, json: { type: 'boolean' }, asn1: { type: 'string', multiple: true } }, 0);
  const registry = registryArg('types', values.asn1);
  let mod: string | undefined;
  if (values.module !== undefined) {
    mod = resolveModuleName(values.module, registry);
    const ns = moduleNamespaces(registry);
    if (!mod) throw new UsageError(`types: unknown module ${JSON.stringify(values.module)}; one of ${registry.modules.map((m) => (ns[m.name] ? `${m.name} (${ns[m.name]})` : m.name)).join(', ')}`);
  }
  const names = registry.typeNames().filter((q) => mod === undefined || splitQualified(q).module === mod);
  if (values.json) {
    const rows = names.map((q) => ({ type: q, tags: tagsOf(q, registry), kind: typeLabel(schemaType(q, registry)!) }));
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return EXIT_OK;
  }
  const w = Math.max(...names.map((q) => q.length));
  const lines = names.map((q) => `${q.padEnd(w)}  ${tagsOf(q, registry).padEnd(10)}  ${typeLabel(schemaType(q, registry)!)}`);
  if (mod === undefined || mod === 'PEDefinitions') lines.push(`${UPP_TYPE.padEnd(w)}  ${tagsOf('PEDefinitions.ProfileElement', registry).padEnd(10)}  a run of ProfileElements (Unprotected Profile Package)`);
  process.stdout.write(lines.join('\n') + '\n');
  return EXIT_OK;
}
