/**
 * `sgp32 decode` and `sgp32 detect`: one message to JER or the annotated tree; the candidate
 * types of one message.
 *
 * @module
 */
import { Asn1DecodeError, type Diagnostic } from '../der/errors.js';
import { INPUT_FORMS, readInput, type InputForm } from '../inspect/input.js';
import { codecFor, describeCandidate, detectTypes, nestedTypeOf, type Candidate } from '../inspect/detect.js';
import { renderJer, renderTreeJson, renderTreeText } from '../inspect/render.js';
import { UPP_TYPE, uppElements } from '../inspect/upp.js';
import { openOutput, useColor } from './output.js';
import { likeliestFailure } from '../inspect/validate.js';
import { DataError, EXIT_DATA, EXIT_OK, errorLine, isDebug, oneOf, parseCommand, readSource, say } from './common.js';
import { typeArg } from './type-arg.js';

/** Lives in src/inspect so that the browser page shares it; re-exported for the CLI modules. */
export { nestedTypeOf };

function diagnosticLines(diags: readonly Diagnostic[]): void {
  for (const d of diags) say(`sgp32 decode: warning: ${d.code} at offset ${d.offset}: ${d.detail}`);
}

/** The decoded value and type, or the error with the likeliest type. */
function decodeAuto(bytes: Uint8Array, type: string | undefined, lenient: boolean, quiet: boolean): { type: string; value?: unknown; error?: Asn1DecodeError; diagnostics: Diagnostic[] } {
  if (type !== undefined) {
    const diagnostics: Diagnostic[] = [];
    try {
      if (type === UPP_TYPE) {
        // Checked element by element and let go: the renderers read the elements again.
        for (const pe of uppElements(bytes, { strict: !lenient, diagnostics })) void pe;
        return { type, diagnostics };
      }
      return { type, value: codecFor(type).decode(bytes, { strict: !lenient, diagnostics }), diagnostics };
    } catch (err) {
      if (err instanceof Asn1DecodeError) return { type, error: err, diagnostics };
      throw err;
    }
  }
  const candidates = detectTypes(bytes, { lenient });
  const best = candidates[0];
  if (!best) throw new DataError(`no type of the modules starts with tag ${bytes[0].toString(16).padStart(2, '0').toUpperCase()}; give one with --type`, 'no-type');
  if (!best.fits) {
    const likely = likeliestFailure(candidates, bytes)!;
    if (!quiet) say(`sgp32 decode: no type fits; the likeliest is ${likely.type} (decoding got furthest)`);
    return { type: likely.type, error: likely.error, diagnostics: [...likely.diagnostics] };
  }
  if (!quiet) {
    const equal = candidates.filter((c) => c !== best && c.fits && c.unknown === best.unknown);
    const others = equal.length ? `; also fits: ${equal.slice(0, 4).map(describeCandidate).join(', ')}${equal.length > 4 ? `, … (${equal.length} in all)` : ''}` : '';
    say(`sgp32 decode: detected ${describeCandidate(best)}${others}`);
  }
  return { type: best.type, value: best.value, diagnostics: [...best.diagnostics] };
}

/** `sgp32 decode`. */
export async function decodeCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommand('decode', args, {
    type: { type: 'string', short: 't' },
    in: { type: 'string', short: 'i' },
    format: { type: 'string', short: 'f' },
    lenient: { type: 'boolean' },
    full: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    quiet: { type: 'boolean', short: 'q' },
    color: { type: 'string' },
  }, 1);
  const form = oneOf<InputForm | 'auto'>('decode', 'in', values.in, ['auto', ...INPUT_FORMS], 'auto');
  const format = oneOf('decode', 'format', values.format, ['jer', 'tree', 'tree-json'] as const, 'jer');
  const color = useColor(oneOf('decode', 'color', values.color, ['auto', 'always', 'never'] as const, 'auto'), values.output);
  const type = values.type !== undefined ? typeArg('decode', values.type) : undefined;
  const data = await readSource('decode', positionals[0]);
  const { bytes } = readInput(data, form);
  const lenient = values.lenient ?? false;
  const result = decodeAuto(bytes, type, lenient, values.quiet ?? false);
  diagnosticLines(result.diagnostics);
  // Opened before writing anything: a bad -o path is a usage error, not a half-done command.
  const out = openOutput('decode', values.output);
  try {
    const treeOptions = { maxValueBytes: values.full ? Infinity : 32, detectNested: nestedTypeOf };
    if (format === 'tree') renderTreeText(bytes, result.type, out, { ...treeOptions, color });
    if (format === 'tree-json') renderTreeJson(bytes, result.type, out, treeOptions);
    if (result.error) {
      say(`sgp32 decode: ${errorLine(result.error)}`);
      if (isDebug()) say(result.error.stack ?? '');
      return EXIT_DATA;
    }
    if (format === 'jer') renderJer(bytes, result.type, result.value, out, { lenient });
  } finally {
    out.close();
  }
  return EXIT_OK;
}

function candidateJson(c: Candidate) {
  return {
    type: c.type,
    fits: c.fits,
    ...(c.via ? { via: c.via } : {}),
    unknownExtensions: c.unknown,
    values: c.known,
    reason: c.reason,
    ...(c.error ? { error: { code: c.error.code, offset: c.error.offset, path: c.error.path, detail: c.error.detail } } : {}),
  };
}

function detectText(label: string | undefined, input: ReturnType<typeof readInput>, candidates: Candidate[], all: boolean): string[] {
  const fitting = candidates.filter((c) => c.fits);
  const failing = candidates.filter((c) => !c.fits);
  const first = input.bytes[0];
  const tagLen = first !== undefined && (first & 0x1f) === 0x1f ? 2 : 1;
  const tag = [...input.bytes.subarray(0, tagLen)].map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
  const lines: string[] = [`${label ? `${label}: ` : ''}${input.bytes.length} bytes (${input.form}${input.label ? ` ${input.label}` : ''}), outer tag ${tag}`];
  if (candidates.length === 0) lines.push('no type of the modules starts with this tag');
  const shownFitting = all ? fitting : fitting.slice(0, 8);
  shownFitting.forEach((c, i) => lines.push(`${i === 0 ? '* ' : '  '}${describeCandidate(c)}: ${c.reason}`));
  if (shownFitting.length < fitting.length) lines.push(`  … ${fitting.length - shownFitting.length} more that decode (--all lists them)`);
  if (fitting.length === 0 && candidates.length > 0) lines.push('no type decodes these bytes completely');
  const shownFailing = all ? failing : failing.slice(0, Math.max(0, 5 - shownFitting.length));
  for (const c of shownFailing) lines.push(`  ${c.type}: ${c.reason}`);
  if (shownFailing.length < failing.length) lines.push(`  … ${failing.length - shownFailing.length} more that do not decode (--all lists them)`);
  return lines;
}

/** `sgp32 detect`: one or more files (or standard input). */
export async function detectCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommand('detect', args, {
    in: { type: 'string', short: 'i' },
    lenient: { type: 'boolean' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const form = oneOf<InputForm | 'auto'>('detect', 'in', values.in, ['auto', ...INPUT_FORMS], 'auto');
  const sources = positionals.length ? positionals : ['-'];
  const many = sources.length > 1;
  const reports: unknown[] = [];
  const text: string[] = [];
  let allFit = true;
  for (const src of sources) {
    const data = await readSource('detect', src);
    const input = readInput(data, form);
    const candidates = detectTypes(input.bytes, { lenient: values.lenient ?? false });
    if (!candidates.some((c) => c.fits)) allFit = false;
    if (values.json) reports.push({ ...(many ? { file: src } : {}), form: input.form, bytes: input.bytes.length, candidates: candidates.map(candidateJson) });
    else text.push(...detectText(many ? src : undefined, input, candidates, values.all ?? false));
  }
  process.stdout.write(values.json ? JSON.stringify(many ? reports : reports[0], null, 2) + '\n' : text.join('\n') + '\n');
  return allFit ? EXIT_OK : EXIT_DATA;
}
