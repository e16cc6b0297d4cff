/**
 * The JSON and JUnit reports of `sgp32 validate`, written as the verdicts come.
 *
 * Both formats put the counts before the results: JUnit's `<testsuite tests= failures=
 * errors= time=>` (which Jenkins, GitLab and the other JUnit readers take their totals from)
 * and our JSON's `summary`. So each verdict is written, as soon as it is known, to a spool
 * file in a private temporary folder (64 KiB blocks, nothing else kept in memory), and at the
 * end the report is written as a header with the counts, the spooled results copied over in
 * 64 KiB pieces, and the closing lines; the folder is removed in every case. Memory does not
 * grow with the number of dumps, the reports are one well-formed document each (byte for byte
 * what a one-piece writer makes: `JSON.stringify(report, null, 2)` and the same JUnit lines),
 * and a reader never sees half a report. Per-dump `<testsuite>` elements would have avoided
 * the spool but change what CI shows (one suite per file); a placeholder header rewritten in
 * place works only for a seekable `-o` file, not for standard output.
 *
 * @module
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Skipped } from './glob.js';
import type { FileResult } from './validate-file.js';
import type { Verdict } from '../inspect/validate.js';
import { openOutput, type OutputSink } from './output.js';
import { version } from './common.js';

/** Summary counts of a run. */
export interface Summary {
  readonly files: number;
  readonly valid: number;
  readonly invalid: number;
  /** Dumps with a verdict of their own: a file, or each PEM block of a file with several. */
  readonly dumps: number;
  readonly validDumps: number;
  readonly invalidDumps: number;
  /** Files that could not be read (counted in `invalid` too). */
  readonly errors: number;
  readonly bytes: number;
  readonly seconds: number;
}

/** Counts verdicts one at a time (nothing of them is kept). */
export class Tally {
  files = 0;
  valid = 0;
  dumps = 0;
  validDumps = 0;
  errors = 0;
  bytes = 0;

  add(r: FileResult): void {
    this.files++;
    if (r.valid) this.valid++;
    for (const d of r.blocks ?? [r]) {
      this.dumps++;
      if (d.valid) this.validDumps++;
    }
    if (r.ioError) this.errors++;
    this.bytes += r.fileBytes;
  }

  summary(seconds: number): Summary {
    const { files, valid, dumps, validDumps } = this;
    return { files, valid, invalid: files - valid, dumps, validDumps, invalidDumps: dumps - validDumps, errors: this.errors, bytes: this.bytes, seconds };
  }
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

/** The `<testcase>` lines of one dump: failures for invalid dumps, errors for unreadable files. */
function junitCase(r: FileResult): string {
  const open = `    <testcase classname="${xmlEscape(r.type ?? 'unknown')}" name="${xmlEscape(r.file)}" time="${(r.ms / 1000).toFixed(6)}"`;
  if (r.valid) {
    if (!r.diagnostics.length) return `${open}/>\n`;
    return `${open}>\n      <system-out>${xmlEscape(r.diagnostics.map((d) => `${d.code} at offset ${d.offset}: ${d.detail}`).join('\n'))}</system-out>\n    </testcase>\n`;
  }
  const e = r.error!;
  const where = [e.offset !== undefined ? `offset ${e.offset}` : '', e.path ? `path ${e.path}` : ''].filter(Boolean).join(', ');
  const el = r.ioError ? 'error' : 'failure';
  return `${open}>\n      <${el} type="${xmlEscape(e.code)}" message="${xmlEscape(e.message)}">${xmlEscape(`${e.code}${where ? ` (${where})` : ''}: ${e.message}`)}</${el}>\n    </testcase>\n`;
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

/** One member of the JSON report's `results`, indented as `JSON.stringify(report, null, 2)` places it. */
function jsonResult(r: FileResult): string {
  const item = { file: r.file, ...verdictJson(r), ...(r.blocks ? { blocks: r.blocks.map((b, i) => ({ block: i + 1, ...verdictJson(b) })) } : {}) };
  return '    ' + JSON.stringify(item, null, 2).replace(/\n/g, '\n    ');
}

/** A report being written; see the module comment. */
export interface ReportWriter {
  /** Writes one verdict to the spool. */
  add(r: FileResult): void;
  /** Verdicts written so far. */
  readonly count: number;
  /** Bytes in the spool file so far (the rest, under 64 KiB, waits in the sink's buffer). */
  readonly spooledBytes: number;
  /** Writes the whole report to `sink` and removes the spool. */
  finish(sink: OutputSink, summary: Summary): void;
  /** Removes the spool (after {@link finish}, or when the run failed). */
  dispose(): void;
}

/**
 * Starts a `json` or `junit` report of a run on `jobs` threads that skipped `skipped`; the
 * spool's folder is made in `tmp` (the system's temporary folder by default).
 */
export function createReport(kind: 'json' | 'junit', jobs: number, skipped: readonly Skipped[], tmp = tmpdir()): ReportWriter {
  const dir = mkdtempSync(join(tmp, 'sgp32-validate-'));
  const path = join(dir, 'results');
  let spool: OutputSink | undefined = openOutput('validate', path);
  let count = 0;
  const dispose = () => {
    if (spool) spool.close();
    spool = undefined;
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    add(r: FileResult): void {
      spool!.write(kind === 'json' ? (count ? ',\n' : '') + jsonResult(r) : junitCase(r));
      count++;
    },
    get count() {
      return count;
    },
    get spooledBytes() {
      return spool ? statSync(path).size : 0;
    },
    finish(sink: OutputSink, s: Summary): void {
      spool!.close();
      spool = undefined;
      if (kind === 'json') {
        const head = JSON.stringify({ tool: 'sgp32 validate', version: version(), summary: { ...s, jobs, skipped: skipped.length }, skipped, results: [] }, null, 2);
        // `JSON.stringify` ends an empty array as `[]`: the spooled members go in between.
        sink.write(count === 0 ? head : head.slice(0, -'[]\n}'.length) + '[\n');
        copyFile(path, sink);
        sink.write(count === 0 ? '\n' : '\n  ]\n}\n');
      } else {
        const attrs = `tests="${s.files + skipped.length}" failures="${s.invalid - s.errors}" errors="${s.errors}" skipped="${skipped.length}" time="${s.seconds.toFixed(3)}"`;
        sink.write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="sgp32 validate" ${attrs}>\n  <testsuite name="sgp32 validate" ${attrs}>\n`);
        sink.write(`    <properties><property name="sgp32.version" value="${xmlEscape(version())}"/></properties>\n`);
        copyFile(path, sink);
        for (const k of skipped) sink.write(`    <testcase classname="skipped" name="${xmlEscape(k.path)}" time="0"><skipped message="${xmlEscape(k.reason)}"/></testcase>\n`);
        sink.write('  </testsuite>\n</testsuites>\n');
      }
      dispose();
    },
    dispose,
  };
}

/** Copies the file at `path` to `sink` in 64 KiB pieces. */
function copyFile(path: string, sink: OutputSink): void {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(64 * 1024);
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) sink.writeBytes(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}
