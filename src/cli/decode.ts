/**
 * `sgp32 decode` and `sgp32 detect`: one message to JER or the annotated tree; the candidate
 * types of one message.
 *
 * @module
 */
import { Asn1DecodeError, type Diagnostic } from '../der/errors.js';
import { INPUT_FORMS, readInput, type InputForm } from '../inspect/input.js';
import { codecFor, describeCandidate, detectTypes, type Candidate } from '../inspect/detect.js';
import { buildTree, formatTree } from '../inspect/tree.js';
import { likeliestFailure } from '../inspect/validate.js';
import { DataError, EXIT_DATA, EXIT_OK, errorLine, oneOf, parseCommand, readSource, say, typeArg, writeOutput } from './common.js';

/** Best fitting type of an encapsulated encoding for the tree view (strict, no unknown extensions, a tag of its own or a certificate). */
export function nestedTypeOf(bytes: Uint8Array): string | undefined {
  try {
    const best = detectTypes(bytes).find((c) => c.fits && c.unknown === 0);
    if (!best) return undefined;
    // Bare SEQUENCEs fit many types; name them only when they are certificates.
    if (bytes[0] === 0x30 && !/\.(Certificate|CertificateList)$/.test(best.type)) return undefined;
    return best.type;
  } catch (err) {
    if (err instanceof Asn1DecodeError) return undefined;
    throw err;
  }
}

function diagnosticLines(diags: readonly Diagnostic[]): void {
  for (const d of diags) say(`sgp32 decode: warning: ${d.code} at offset ${d.offset}: ${d.detail}`);
}

/** The decoded value and type, or the error with the likeliest type. */
function decodeAuto(bytes: Uint8Array, type: string | undefined, lenient: boolean, quiet: boolean): { type: string; value?: unknown; error?: Asn1DecodeError; diagnostics: Diagnostic[] } {
  if (type !== undefined) {
    const diagnostics: Diagnostic[] = [];
    try {
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
  }, 1);
  const form = oneOf<InputForm | 'auto'>('decode', 'in', values.in, ['auto', ...INPUT_FORMS], 'auto');
  const format = oneOf('decode', 'format', values.format, ['jer', 'tree'] as const, 'jer');
  const type = values.type !== undefined ? typeArg('decode', values.type) : undefined;
  const data = await readSource('decode', positionals[0]);
  const { bytes } = readInput(data, form);
  const lenient = values.lenient ?? false;
  const result = decodeAuto(bytes, type, lenient, values.quiet ?? false);
  diagnosticLines(result.diagnostics);
  if (format === 'tree') {
    const nodes = buildTree(bytes, result.type, { maxValueBytes: values.full ? Infinity : 32, detectNested: nestedTypeOf });
    writeOutput(values.output, formatTree(nodes).join('\n') + '\n');
  }
  if (result.error) {
    say(`sgp32 decode: ${errorLine(result.error)}`);
    return EXIT_DATA;
  }
  if (format === 'jer') writeOutput(values.output, JSON.stringify(codecFor(result.type).toJer(result.value as never), null, 2) + '\n');
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

/** `sgp32 detect`. */
export async function detectCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommand('detect', args, {
    in: { type: 'string', short: 'i' },
    lenient: { type: 'boolean' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
  }, 1);
  const form = oneOf<InputForm | 'auto'>('detect', 'in', values.in, ['auto', ...INPUT_FORMS], 'auto');
  const data = await readSource('detect', positionals[0]);
  const input = readInput(data, form);
  const candidates = detectTypes(input.bytes, { lenient: values.lenient ?? false });
  const fitting = candidates.filter((c) => c.fits);
  const failing = candidates.filter((c) => !c.fits);
  if (values.json) {
    process.stdout.write(JSON.stringify({ form: input.form, bytes: input.bytes.length, candidates: candidates.map(candidateJson) }, null, 2) + '\n');
    return fitting.length ? EXIT_OK : EXIT_DATA;
  }
  const lines: string[] = [`${input.bytes.length} bytes (${input.form}${input.label ? ` ${input.label}` : ''}), outer tag ${input.bytes[0] !== undefined ? [...input.bytes.subarray(0, input.bytes[0] % 32 === 31 ? 2 : 1)].map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase() : '?'}`];
  if (candidates.length === 0) lines.push('no type of the modules starts with this tag');
  fitting.forEach((c, i) => lines.push(`${i === 0 ? '* ' : '  '}${describeCandidate(c)}: ${c.reason}`));
  if (fitting.length === 0 && candidates.length > 0) lines.push('no type decodes these bytes completely');
  const shownFailing = values.all ? failing : failing.slice(0, Math.max(0, 5 - fitting.length));
  for (const c of shownFailing) lines.push(`  ${c.type}: ${c.reason}`);
  if (shownFailing.length < failing.length) lines.push(`  … ${failing.length - shownFailing.length} more that do not decode (--all lists them)`);
  process.stdout.write(lines.join('\n') + '\n');
  return fitting.length ? EXIT_OK : EXIT_DATA;
}
