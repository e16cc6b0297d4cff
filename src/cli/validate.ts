/**
 * `sgp32 validate`: many dumps, one verdict each, a summary, and JSON or JUnit reports for CI.
 *
 * @module
 */
import { Worker } from 'node:worker_threads';
import { expandPaths } from './glob.js';
import type { FileResult, FileValidationOptions } from './validate-file.js';
import { EXIT_DATA, EXIT_OK, UsageError, isDebug, oneOf, parseCommand, positiveInt, readSource, stderrIsTerminal, version } from './common.js';
import { openOutput } from './output.js';
import type { Skipped } from './glob.js';
import type { Verdict } from '../inspect/validate.js';
import { typeArg } from './type-arg.js';

const BATCH = 16;

/** Validates `files` on `jobs` threads (this one and jobs-1 workers); results in the order of `files`. */
export async function validateFiles(files: readonly string[], options: FileValidationOptions, jobs: number, onProgress?: (done: number, failed: number) => void): Promise<FileResult[]> {
  const results: FileResult[] = new Array(files.length);
  let failed = 0;
  if (jobs <= 1 || files.length <= BATCH) {
    // Loaded here, not at the top: with worker threads the main thread needs no codecs.
    const { validateFile } = await import('./validate-file.js');
    files.forEach((f, i) => {
      results[i] = validateFile(f, options);
      if (!results[i].valid) failed++;
      onProgress?.(i + 1, failed);
    });
    return results;
  }
  const batches: number[] = [];
  for (let i = 0; i < files.length; i += BATCH) batches.push(i);
  let nextBatch = 0;
  let done = 0;
  const record = (start: number, rs: readonly FileResult[]) => {
    rs.forEach((r, k) => {
      results[start + k] = r;
      if (!r.valid) failed++;
    });
    done += rs.length;
    onProgress?.(done, failed);
  };
  // N jobs: this thread and N-1 workers take batches from one queue (each thread loads the codecs once).
  const workers = Array.from({ length: Math.min(jobs - 1, batches.length - 1) }, () => new Worker(new URL('./validate-worker.js', import.meta.url), { workerData: { ...options, debug: isDebug() } }));
  const inThisThread = async () => {
    const { validateFile } = await import('./validate-file.js');
    while (nextBatch < batches.length) {
      const start = batches[nextBatch++];
      record(start, files.slice(start, start + BATCH).map((f) => validateFile(f, options)));
      // Let the workers' answers in between batches.
      await new Promise((r) => setImmediate(r));
    }
  };
  try {
    await Promise.all([
      inThisThread(),
      ...workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (nextBatch >= batches.length) {
                resolve();
                return;
              }
              const start = batches[nextBatch++];
              w.postMessage({ batch: start, files: files.slice(start, start + BATCH) });
            };
            w.on('message', (msg: { batch: number; results: FileResult[] }) => {
              record(msg.batch, msg.results);
              send();
            });
            w.on('error', reject);
            w.on('exit', (code) => {
              if (nextBatch < batches.length || code !== 0) reject(new Error(`validate worker exited with code ${code}`));
            });
            send();
          }),
      ),
    ]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/**
 * Text for an XML attribute or element. XML 1.0 cannot hold most control characters, not even
 * as character references, so they are written out as `\u0001`: two file names that differ
 * only in one stay two names.
 */
export function xmlEscape(s: string): string {
  return s
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Summary counts of a run. */
export interface Summary {
  readonly files: number;
  readonly valid: number;
  readonly invalid: number;
  /** Files that could not be read (counted in `invalid` too). */
  readonly errors: number;
  readonly bytes: number;
  readonly seconds: number;
}

export function summarize(results: readonly FileResult[], seconds: number): Summary {
  const valid = results.filter((r) => r.valid).length;
  return {
    files: results.length,
    valid,
    invalid: results.length - valid,
    errors: results.filter((r) => r.ioError).length,
    bytes: results.reduce((n, r) => n + r.fileBytes, 0),
    seconds,
  };
}

/** The JUnit XML report: one testcase per dump; failures for invalid dumps, errors for unreadable files. */
export function junitReport(results: readonly FileResult[], s: Summary, skipped: readonly Skipped[] = []): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const attrs = `tests="${s.files + skipped.length}" failures="${s.invalid - s.errors}" errors="${s.errors}" skipped="${skipped.length}" time="${s.seconds.toFixed(3)}"`;
  lines.push(`<testsuites name="sgp32 validate" ${attrs}>`);
  lines.push(`  <testsuite name="sgp32 validate" ${attrs}>`);
  lines.push(`    <properties><property name="sgp32.version" value="${xmlEscape(version())}"/></properties>`);
  for (const r of results) {
    const cls = r.type ?? 'unknown';
    const open = `    <testcase classname="${xmlEscape(cls)}" name="${xmlEscape(r.file)}" time="${(r.ms / 1000).toFixed(6)}"`;
    if (r.valid) {
      if (r.diagnostics.length) {
        lines.push(`${open}>`);
        lines.push(`      <system-out>${xmlEscape(r.diagnostics.map((d) => `${d.code} at offset ${d.offset}: ${d.detail}`).join('\n'))}</system-out>`);
        lines.push('    </testcase>');
      } else lines.push(`${open}/>`);
      continue;
    }
    const e = r.error!;
    const where = [e.offset !== undefined ? `offset ${e.offset}` : '', e.path ? `path ${e.path}` : ''].filter(Boolean).join(', ');
    const el = r.ioError ? 'error' : 'failure';
    lines.push(`${open}>`);
    lines.push(`      <${el} type="${xmlEscape(e.code)}" message="${xmlEscape(e.message)}">${xmlEscape(`${e.code}${where ? ` (${where})` : ''}: ${e.message}`)}</${el}>`);
    lines.push('    </testcase>');
  }
  for (const k of skipped) lines.push(`    <testcase classname="skipped" name="${xmlEscape(k.path)}" time="0"><skipped message="${xmlEscape(k.reason)}"/></testcase>`);
  lines.push('  </testsuite>');
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

/** The JSON report. */
export function jsonReport(results: readonly FileResult[], s: Summary, jobs: number, skipped: readonly Skipped[] = []): string {
  return (
    JSON.stringify(
      {
        tool: 'sgp32 validate',
        version: version(),
        summary: { ...s, jobs, skipped: skipped.length },
        skipped,
        results: results.map((r) => ({
          file: r.file,
          ...verdictJson(r),
          ...(r.blocks ? { blocks: r.blocks.map((b, i) => ({ block: i + 1, ...verdictJson(b) })) } : {}),
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

/** The report fields of one verdict (a file's, or a PEM block's). */
function verdictJson(r: Verdict) {
  return {
    valid: r.valid,
    ...(r.type ? { type: r.type } : {}),
    detected: r.detected,
    ...(r.form ? { form: r.form } : {}),
    ...(r.label !== undefined ? { label: r.label } : {}),
    ...(r.ambiguous ? { ambiguous: r.ambiguous } : {}),
    bytes: r.bytes,
    ...(r.error ? { error: r.error } : {}),
    diagnostics: r.diagnostics,
    unknown: r.unknown,
  };
}

/** `SGP32Definitions.EuiccPackageRequest` → `EuiccPackageRequest`. */
function shortTypeName(type: string): string {
  return type.slice(type.indexOf('.') + 1);
}

function verdictLine(r: Verdict, name: string): string {
  if (r.valid) {
    const notes = [
      r.diagnostics.length ? `${r.diagnostics.length} BER deviation${r.diagnostics.length === 1 ? '' : 's'}` : '',
      r.unknown.length ? `${r.unknown.length} unknown component${r.unknown.length === 1 ? '' : 's'}: ${r.unknown.map((u) => u.path).join(', ')}` : '',
    ].filter(Boolean);
    const type = r.ambiguous ? `${r.ambiguous.map(shortTypeName).join(' | ')} (ambiguous: give --type)` : shortTypeName(r.type!);
    return `ok    ${name}  ${type}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  }
  const e = r.error!;
  const where = [e.offset !== undefined ? `offset ${e.offset}` : '', e.path ? `in ${e.path}` : ''].filter(Boolean).join(' ');
  return `FAIL  ${name}  ${r.type ? shortTypeName(r.type) + ': ' : ''}${e.code}${where ? ` at ${where}` : ''}: ${e.message}`;
}

/** One line per failing (or, verbose, every) dump; a PEM file with several blocks gets one per block. */
export function resultLine(r: FileResult): string {
  if (r.blocks) return r.blocks.map((b, i) => verdictLine(b, `${r.file}[${i + 1}]${b.label !== undefined ? ` (${b.label})` : ''}`)).join('\n');
  return verdictLine(r, r.file);
}

/** `sgp32 validate`. */
export async function validateCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommand('validate', args, {
    type: { type: 'string', short: 't' },
    lenient: { type: 'boolean' },
    'allow-unknown': { type: 'boolean' },
    report: { type: 'string', short: 'r' },
    json: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    jobs: { type: 'string', short: 'j' },
    verbose: { type: 'boolean', short: 'v' },
  });
  if (positionals.length === 0) throw new UsageError('validate: give at least one file, folder or glob');
  if (values.json && values.report !== undefined && values.report !== 'json') throw new UsageError('validate: --json is --report json; give one of them');
  // --json: machine output, as every command spells it.
  const report = values.json ? 'json' : values.report === undefined ? undefined : oneOf('validate', 'report', values.report, ['json', 'junit'] as const, 'json');
  if (values.output !== undefined && report === undefined) throw new UsageError('validate: -o/--output needs --report json|junit');
  const jobs = positiveInt('validate', 'jobs', values.jobs, 1);
  const type = values.type !== undefined ? typeArg('validate', values.type) : undefined;
  // Opened once the flags are checked and before any work: a bad -o path is a usage error at once.
  const out = values.output !== undefined ? openOutput('validate', values.output) : undefined;
  // `-` is one dump read from standard input.
  const stdin = positionals.includes('-');
  const { files, missing, skipped } = expandPaths(positionals.filter((p) => p !== '-'));
  if (missing.length) throw new UsageError(`validate: nothing found at ${missing.map((m) => JSON.stringify(m)).join(', ')}`);
  const tty = stderrIsTerminal() && files.length >= 20;
  let lastDraw = 0;
  const progress = tty
    ? (done: number, failed: number) => {
        const now = Date.now();
        if (now - lastDraw < 100 && done < files.length) return;
        lastDraw = now;
        process.stderr.write(`\rvalidating ${done}/${files.length} (${failed} invalid)`);
      }
    : undefined;
  const t0 = performance.now();
  const fileOptions = { type, lenient: values.lenient ?? false, allowUnknown: values['allow-unknown'] ?? false };
  const results = await validateFiles(files, fileOptions, jobs, progress);
  if (stdin) {
    const { validateData } = await import('./validate-file.js');
    results.unshift(validateData('-', await readSource('validate', '-'), fileOptions));
  }
  if (tty) process.stderr.write('\r\x1b[K');
  const summary = summarize(results, (performance.now() - t0) / 1000);
  // The report goes to stdout unless -o names a file; the human lines then go to stderr.
  const human = report !== undefined && (values.output === undefined || values.output === '-') ? process.stderr : process.stdout;
  const lines = results.filter((r) => values.verbose || !r.valid).map(resultLine);
  for (const k of skipped) lines.push(`skip  ${k.path}  ${k.reason}`);
  lines.push(
    `${summary.files} dump${summary.files === 1 ? '' : 's'}: ${summary.valid} valid, ${summary.invalid} invalid` +
      ` (${(summary.bytes / 1e6).toFixed(2)} MB in ${summary.seconds.toFixed(2)} s, ${jobs} job${jobs === 1 ? '' : 's'})`,
  );
  if (results.length === 0) lines.push('no dump files found (.der .bin .hex .b64 .pem .txt)');
  human.write(lines.join('\n') + '\n');
  const sink = out ?? openOutput('validate', undefined);
  try {
    if (report === 'junit') sink.write(junitReport(results, summary, skipped));
    if (report === 'json') sink.write(jsonReport(results, summary, jobs, skipped));
  } finally {
    sink.close();
  }
  return summary.invalid === 0 && results.length > 0 ? EXIT_OK : EXIT_DATA;
}
