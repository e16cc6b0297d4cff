/**
 * `sgp32 validate`: many dumps, one verdict each, a summary, and JSON or JUnit reports for CI.
 *
 * @module
 */
import { Worker } from 'node:worker_threads';
import { expandPaths } from './glob.js';
import type { FileResult, FileValidationOptions } from './validate-file.js';
import { EXIT_DATA, EXIT_OK, UsageError, isDebug, oneOf, parseCommand, positiveInt, readSource, stderrIsTerminal } from './common.js';
import { openOutput } from './output.js';
import { Tally, createReport } from './validate-report.js';
import type { Verdict } from '../inspect/validate.js';
import { registryArg, typeArg } from './type-arg.js';

const BATCH = 16;

/**
 * Validates `files` on `jobs` threads (this one and jobs-1 workers) and hands each verdict to
 * `onResult` in the order of `files`, as soon as it and every one before it are known. At most
 * a few batches per thread are in flight or waiting for an earlier one, so memory does not
 * grow with the number of files.
 */
export async function validateFiles(
  files: readonly string[],
  options: FileValidationOptions,
  jobs: number,
  onResult: (r: FileResult) => void,
  onProgress?: (done: number, failed: number) => void,
): Promise<void> {
  let failed = 0;
  let done = 0;
  const emit = (r: FileResult) => {
    if (!r.valid) failed++;
    done++;
    onResult(r);
  };
  if (jobs <= 1 || files.length <= BATCH) {
    // Loaded here, not at the top: with worker threads the main thread needs no codecs.
    const { validateFile } = await import('./validate-file.js');
    for (const f of files) {
      emit(validateFile(f, options));
      onProgress?.(done, failed);
    }
    return;
  }
  const batchCount = Math.ceil(files.length / BATCH);
  const window = 2 * jobs;
  const ready = new Map<number, readonly FileResult[]>();
  let nextBatch = 0;
  let nextOut = 0;
  let wake: (() => void)[] = [];
  const record = (batch: number, rs: readonly FileResult[]) => {
    ready.set(batch, rs);
    for (let out; (out = ready.get(nextOut)) !== undefined; nextOut++) {
      ready.delete(nextOut);
      out.forEach(emit);
    }
    onProgress?.(done, failed);
    const woken = wake;
    wake = [];
    woken.forEach((w) => w());
  };
  /** The next batch to run, once the window lets one more start; undefined when none is left. */
  const take = async (): Promise<number | undefined> => {
    while (nextBatch < batchCount && nextBatch - nextOut >= window) await new Promise<void>((r) => wake.push(r));
    return nextBatch < batchCount ? nextBatch++ : undefined;
  };
  const slice = (batch: number) => files.slice(batch * BATCH, (batch + 1) * BATCH);
  // N jobs: this thread and N-1 workers take batches from one queue (each thread loads the codecs once).
  const workers = Array.from({ length: Math.min(jobs - 1, batchCount - 1) }, () => new Worker(new URL('./validate-worker.js', import.meta.url), { workerData: { ...options, debug: isDebug() } }));
  const inThisThread = async () => {
    const { validateFile } = await import('./validate-file.js');
    for (let batch; (batch = await take()) !== undefined; ) {
      record(batch, slice(batch).map((f) => validateFile(f, options)));
      // Let the workers' answers in between batches.
      await new Promise((r) => setImmediate(r));
    }
  };
  const inWorker = async (w: Worker) => {
    let failure: Error | undefined;
    let answer: ((msg: { batch: number; results: FileResult[] }) => void) | undefined;
    let fail: ((err: Error) => void) | undefined;
    w.on('message', (msg: { batch: number; results: FileResult[] }) => answer?.(msg));
    const stop = (err: Error) => {
      failure ??= err;
      fail?.(err);
    };
    w.on('error', stop);
    w.on('exit', (code) => stop(new Error(`validate worker exited with code ${code}`)));
    for (let batch; (batch = await take()) !== undefined; ) {
      if (failure) throw failure;
      const msg = await new Promise<{ batch: number; results: FileResult[] }>((resolve, reject) => {
        answer = resolve;
        fail = reject;
        w.postMessage({ batch, files: slice(batch) });
      });
      record(msg.batch, msg.results);
    }
  };
  try {
    await Promise.all([inThisThread(), ...workers.map(inWorker)]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
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
    asn1: { type: 'string', multiple: true },
  });
  if (positionals.length === 0) throw new UsageError('validate: give at least one file, folder or glob');
  if (values.json && values.report !== undefined && values.report !== 'json') throw new UsageError('validate: --json is --report json; give one of them');
  // --json: machine output, as every command spells it.
  const report = values.json ? 'json' : values.report === undefined ? undefined : oneOf('validate', 'report', values.report, ['json', 'junit'] as const, 'json');
  if (values.output !== undefined && report === undefined) throw new UsageError('validate: -o/--output needs --report json|junit');
  const jobs = positiveInt('validate', 'jobs', values.jobs, 1);
  // --asn1 modules are compiled here first: an error in one is a usage error before any work.
  const registry = registryArg('validate', values.asn1);
  const type = values.type !== undefined ? typeArg('validate', values.type, registry) : undefined;
  // Opened once the flags are checked and before any work: a bad -o path is a usage error at once.
  const out = values.output !== undefined ? openOutput('validate', values.output) : undefined;
  // `-` is one dump read from standard input.
  const stdin = positionals.includes('-');
  const { files, missing, skipped } = expandPaths(positionals.filter((p) => p !== '-'));
  if (missing.length) throw new UsageError(`validate: nothing found at ${missing.map((m) => JSON.stringify(m)).join(', ')}`);
  const tty = stderrIsTerminal() && files.length >= 20;
  let lastDraw = 0;
  let drawn = false;
  const progress = tty
    ? (done: number, failed: number) => {
        const now = Date.now();
        if (now - lastDraw < 100 && done < files.length) return;
        lastDraw = now;
        drawn = true;
        process.stderr.write(`\rvalidating ${done}/${files.length} (${failed} invalid)`);
      }
    : undefined;
  // The report goes to stdout unless -o names a file; the human lines then go to stderr.
  const human = report !== undefined && (values.output === undefined || values.output === '-') ? process.stderr : process.stdout;
  const say = (text: string) => {
    if (drawn) process.stderr.write('\r\x1b[K');
    drawn = false;
    human.write(text + '\n');
  };
  const t0 = performance.now();
  const fileOptions = { type, lenient: values.lenient ?? false, allowUnknown: values['allow-unknown'] ?? false, asn1: values.asn1 };
  const tally = new Tally();
  const writer = report !== undefined ? createReport(report, jobs, skipped) : undefined;
  try {
    // Each verdict is counted, reported and said (when it fails, or with -v) as it comes.
    const take = (r: FileResult) => {
      tally.add(r);
      writer?.add(r);
      if (values.verbose || !r.valid) say(resultLine(r));
    };
    if (stdin) {
      const { validateData } = await import('./validate-file.js');
      take(validateData('-', await readSource('validate', '-'), fileOptions));
    }
    await validateFiles(files, fileOptions, jobs, take, progress);
    if (drawn) process.stderr.write('\r\x1b[K');
    drawn = false;
    const summary = tally.summary((performance.now() - t0) / 1000);
    for (const k of skipped) say(`skip  ${k.path}  ${k.reason}`);
    say(
      // One verdict per dump (each PEM block of a file is one), as the lines above.
      `${summary.dumps} dump${summary.dumps === 1 ? '' : 's'}${summary.dumps !== summary.files ? ` in ${summary.files} file${summary.files === 1 ? '' : 's'}` : ''}: ${summary.validDumps} valid, ${summary.invalidDumps} invalid` +
        ` (${(summary.bytes / 1e6).toFixed(2)} MB in ${summary.seconds.toFixed(2)} s, ${jobs} job${jobs === 1 ? '' : 's'})`,
    );
    if (summary.files === 0) say('no dump files found (.der .bin .hex .b64 .pem .txt)');
    if (writer) {
      const sink = out ?? openOutput('validate', undefined);
      try {
        writer.finish(sink, summary);
      } finally {
        sink.close();
      }
    }
    return summary.invalid === 0 && summary.files > 0 ? EXIT_OK : EXIT_DATA;
  } finally {
    writer?.dispose();
  }
}
