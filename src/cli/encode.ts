/**
 * `sgp32 encode` (JER → DER) and `sgp32 types`.
 *
 * @module
 */
import { codecFor } from '../inspect/detect.js';
import { MODULE_NAMESPACES, firstTags, resolveModuleName, schemaModules, schemaType, schemaTypeNames, splitQualified, typeLabel } from '../inspect/schema.js';
import { tagHex } from '../der/reader.js';
import { UPP_TYPE } from '../inspect/upp.js';
import { DataError, EXIT_OK, UsageError, parseCommand, readSource } from './common.js';
import { formArg, inForm, openOutput } from './output.js';
import { typeArg } from './type-arg.js';

/** `sgp32 encode`. */
export async function encodeCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommand('encode', args, {
    type: { type: 'string', short: 't' },
    form: { type: 'string' },
    out: { type: 'string' },
    output: { type: 'string', short: 'o' },
  }, 1);
  if (values.type === undefined) throw new UsageError('encode: --type is required (sgp32 types lists them)');
  const type = typeArg('encode', values.type);
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
  const codec = codecFor(type);
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

function tagsOf(q: string): string {
  const tags = firstTags(schemaType(q)!);
  if (tags === null) return 'any';
  const uniq = [...new Set(tags)].map(tagHex);
  return uniq.length > 6 ? `${uniq.slice(0, 6).join(' ')} …` : uniq.join(' ');
}

/** `sgp32 types`. */
export async function typesCommand(args: readonly string[]): Promise<number> {
  const { values } = parseCommand('types', args, { module: { type: 'string', short: 'm' }, json: { type: 'boolean' } }, 0);
  let mod: string | undefined;
  if (values.module !== undefined) {
    mod = resolveModuleName(values.module);
    if (!mod) throw new UsageError(`types: unknown module ${JSON.stringify(values.module)}; one of ${schemaModules().map((m) => `${m} (${MODULE_NAMESPACES[m]})`).join(', ')}`);
  }
  const names = schemaTypeNames().filter((q) => mod === undefined || splitQualified(q).module === mod);
  if (values.json) {
    const rows = names.map((q) => ({ type: q, tags: tagsOf(q), kind: typeLabel(schemaType(q)!) }));
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return EXIT_OK;
  }
  const w = Math.max(...names.map((q) => q.length));
  const lines = names.map((q) => `${q.padEnd(w)}  ${tagsOf(q).padEnd(10)}  ${typeLabel(schemaType(q)!)}`);
  if (mod === undefined || mod === 'PEDefinitions') lines.push(`${UPP_TYPE.padEnd(w)}  ${tagsOf('PEDefinitions.ProfileElement').padEnd(10)}  a run of ProfileElements (Unprotected Profile Package)`);
  process.stdout.write(lines.join('\n') + '\n');
  return EXIT_OK;
}
