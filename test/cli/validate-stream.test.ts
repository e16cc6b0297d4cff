/**
 * `sgp32 validate` writes its reports as the verdicts come (src/cli/validate-report.ts): each
 * verdict goes to a spool file at once, the report is assembled at the end from a header with
 * the counts and the spool. Checked here: the spool grows while verdicts are added and the
 * writer holds no more than its 64 KiB block; the reports are byte for byte the canonical
 * `JSON.stringify(report, null, 2)` and well-formed JUnit; and through the real command, 300
 * dumps whose lenient reports are 50 MB (JUnit) and 100 MB (JSON) (thousands of BER diagnostics
 * each) run in a child
 * process whose peak RSS stays far below the report's size (the one-string writer needed five
 * times it).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus } from '../../bench/corpus.js';
import { toLongFormBer } from '../rsp/ber.js';
import { ensureBuilt, runWithPeakRss, sgp32 } from './helpers.js';
import { parseXml } from './xml.js';
import { createReport, type Summary } from '../../src/cli/validate-report.js';
import type { FileResult } from '../../src/cli/validate-file.js';
import type { OutputSink } from '../../src/cli/output.js';

let dir: string;
const DUMPS = 300;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sgp32-validate-stream-'));
  // A profile with every length in long form: valid in lenient mode, one diagnostic per TLV.
  const ber = toLongFormBer(buildCorpus().upp);
  for (let i = 0; i < DUMPS; i++) writeFileSync(join(dir, `dump${String(i).padStart(3, '0')}.der`), ber);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A sink that keeps what it is given (the writer's output in memory, for small reports). */
function memorySink(): OutputSink & { text(): string } {
  const parts: string[] = [];
  return {
    write: (t) => void parts.push(t),
    writeBytes: (b) => void parts.push(Buffer.from(b).toString('utf8')),
    close: () => undefined,
    text: () => parts.join(''),
  };
}

const verdict = (i: number): FileResult => ({
  file: `dumps/${i}.der`,
  ms: 1.5,
  fileBytes: 100 + i,
  valid: i % 3 !== 0,
  detected: true,
  type: 'SGP32Definitions.EuiccPackageRequest',
  form: 'der',
  bytes: 100 + i,
  diagnostics: i % 3 === 1 ? [{ code: 'non-minimal-length', offset: i, detail: `long form at ${i} "quoted" <tag>` }] : [],
  unknown: [],
  ...(i % 3 === 0 ? { error: { code: 'truncated', offset: i, path: 'EuiccPackageRequest', message: `need ${i} more bytes` } } : {}),
});

const summaryOf = (n: number): Summary => {
  const valid = Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 !== 0).length;
  return { files: n, valid, invalid: n - valid, dumps: n, validDumps: valid, invalidDumps: n - valid, errors: 0, bytes: n * 100, seconds: 0.25 };
};

describe('the report writer', () => {
  it.each(['json', 'junit'] as const)('%s: spools each verdict as it is added, and removes the spool', (kind) => {
    const tmp = mkdtempSync(join(dir, 'tmp-'));
    const w = createReport(kind, 1, [], tmp);
    const sizes: number[] = [];
    for (let i = 0; i < 3000; i++) {
      w.add(verdict(i));
      if (i % 500 === 499) sizes.push(w.spooledBytes);
    }
    expect(w.count).toBe(3000);
    // the spool file grows as verdicts come, nothing waits for the end
    expect(sizes[0]).toBeGreaterThan(64 * 1024);
    for (let k = 1; k < sizes.length; k++) expect(sizes[k]).toBeGreaterThan(sizes[k - 1]);
    expect(readdirSync(tmp)).toHaveLength(1);
    const sink = memorySink();
    w.finish(sink, summaryOf(3000));
    expect(readdirSync(tmp)).toEqual([]);
    rmSync(tmp, { recursive: true });
    const text = sink.text();
    if (kind === 'json') {
      const report = JSON.parse(text) as { summary: Summary & { jobs: number }; results: { file: string; valid: boolean }[] };
      // byte for byte what one JSON.stringify of the whole report writes
      expect(text).toBe(JSON.stringify(report, null, 2) + '\n');
      expect(report.summary).toMatchObject({ files: 3000, valid: 2000, invalid: 1000, jobs: 1 });
      expect(report.results.map((r) => r.file)).toEqual(Array.from({ length: 3000 }, (_, i) => `dumps/${i}.der`));
      expect(report.results.map((r) => r.valid)).toEqual(Array.from({ length: 3000 }, (_, i) => i % 3 !== 0));
    } else {
      const xml = parseXml(text);
      const suite = xml.children.find((c) => c.name === 'testsuite')!;
      expect(Number(suite.attrs.tests)).toBe(3000);
      expect(Number(suite.attrs.failures)).toBe(1000);
      const cases = suite.children.filter((c) => c.name === 'testcase');
      expect(cases.map((c) => c.attrs.name)).toEqual(Array.from({ length: 3000 }, (_, i) => `dumps/${i}.der`));
      expect(cases.filter((c) => c.children.some((x) => x.name === 'failure'))).toHaveLength(1000);
    }
  });

  it('writes an empty run as JSON.stringify does', () => {
    const w = createReport('json', 2, [{ path: 'a/loop', reason: 'symbolic link to a folder (not followed)' }]);
    const sink = memorySink();
    w.finish(sink, { files: 0, valid: 0, invalid: 0, dumps: 0, validDumps: 0, invalidDumps: 0, errors: 0, bytes: 0, seconds: 0 });
    const text = sink.text();
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
    expect(JSON.parse(text)).toMatchObject({ results: [], skipped: [{ path: 'a/loop' }], summary: { files: 0, jobs: 2, skipped: 1 } });
  });
});

describe(`sgp32 validate --lenient on ${DUMPS} dumps with reports of 50 to 100 MB`, () => {
  // 100 MB for the process, 100 MB per thread (each loads the codecs and holds a batch of
  // verdicts of thousands of diagnostics): the one-string writer needed 390–510 MB here.
  const limit = (jobs: string) => (100 + 100 * Number(jobs)) * 2 ** 20;

  it.each([
    ['json', '1'],
    ['junit', '2'],
  ])('--report %s --jobs %s: peak RSS under 100 MB + 100 MB per job', async (report, jobs) => {
    const r = await runWithPeakRss(['validate', '--lenient', '--report', report, '--jobs', jobs, dir], 300);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${DUMPS} dumps: ${DUMPS} valid, 0 invalid`);
    // the JUnit report carries the diagnostics too, in fewer bytes
    expect(r.bytes).toBeGreaterThan(report === 'json' ? 100e6 : 45e6);
    if (report === 'json') {
      expect(r.head).toMatch(new RegExp(`^\\{\\n {2}"tool": "sgp32 validate",\\n[^]*"summary": \\{\\n {4}"files": ${DUMPS},`));
      expect(r.tail).toMatch(/"unknown": \[\]\n {4}\}\n {2}\]\n\}\n$/);
    } else {
      expect(r.head).toMatch(new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<testsuites name="sgp32 validate" tests="${DUMPS}" failures="0" errors="0" skipped="0"`));
      expect(r.tail).toMatch(/<\/system-out>\n {4}<\/testcase>\n {2}<\/testsuite>\n<\/testsuites>\n$/);
    }
    expect(r.peak, `peak RSS ${r.peak}`).toBeLessThan(limit(jobs));
  }, 300_000);

  it('says each failing dump as it comes, before the summary, and the report agrees', () => {
    // Strict mode: every dump fails on its first long-form length; the lines keep the file order.
    const r = sgp32(['validate', '--report', 'json', dir]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(DUMPS + 1);
    expect(lines.slice(0, DUMPS).map((l) => /^FAIL {2}(\S+) /.exec(l)?.[1])).toEqual(readdirSync(dir).filter((f) => f.endsWith('.der')).sort().map((f) => join(dir, f)));
    expect(lines[DUMPS]).toMatch(new RegExp(`^${DUMPS} dumps: 0 valid, ${DUMPS} invalid`));
    expect(r.stdout).toBe(JSON.stringify(JSON.parse(r.stdout), null, 2) + '\n');
  });
});
