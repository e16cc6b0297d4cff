/**
 * `sgp32 validate` on a generated corpus of 1,000 good and damaged dumps, through the built
 * binary: the right files fail with the right codes, the JUnit report parses and counts
 * right, `--jobs 2` gives the same verdicts, lenient mode accepts the BER-only defects.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll } from 'vitest';
import { BIN, ensureBuilt, sgp32 } from './helpers.js';
import { makeCorpus, type CorpusEntry } from './corpus.js';
import { parseXml } from './xml.js';

let dir: string;
let corpus: CorpusEntry[];

interface JsonReport {
  summary: { files: number; valid: number; invalid: number; errors: number; jobs: number };
  results: { file: string; valid: boolean; type?: string; error?: { code: string; offset?: number; path?: string; message: string }; diagnostics: unknown[] }[];
}

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sgp32-corpus-'));
  corpus = makeCorpus(dir, 1000);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sgp32 validate on 1,000 generated dumps', () => {
  let oneJob: JsonReport;

  it('fails exactly the damaged dumps, each with the expected error code (JSON report, 1 job)', () => {
    const r = sgp32(['validate', dir, '--report', 'json']);
    expect(r.code).toBe(1);
    oneJob = JSON.parse(r.stdout) as JsonReport;
    expect(oneJob.results).toHaveLength(1000);
    const byFile = new Map(oneJob.results.map((x) => [x.file, x]));
    const bad = corpus.filter((e) => !e.valid);
    expect(bad.length).toBeGreaterThan(150);
    expect(bad.length).toBeLessThan(350);
    for (const e of corpus) {
      const v = byFile.get(e.file);
      expect(v, e.file).toBeDefined();
      expect(v!.valid, `${e.file} (${e.type})`).toBe(e.valid);
      if (!e.valid) expect(v!.error?.code, `${e.file} (${e.type})`).toBe(e.code);
    }
    expect(oneJob.summary).toMatchObject({ files: 1000, valid: 1000 - bad.length, invalid: bad.length, errors: 0, jobs: 1 });
    // The human lines went to stderr (the report had stdout): one FAIL line per bad dump.
    const failLines = r.stderr.split('\n').filter((l) => l.startsWith('FAIL  '));
    expect(failLines).toHaveLength(bad.length);
    expect(r.stderr).toContain(`1000 dumps: ${1000 - bad.length} valid, ${bad.length} invalid`);
  });

  it('writes a JUnit report that parses and has the right counts (-o)', () => {
    const out = join(dir, 'report.xml');
    const r = sgp32(['validate', dir, '--report', 'junit', '-o', out]);
    expect(r.code).toBe(1);
    const xml = parseXml(readFileSync(out, 'utf8'));
    expect(xml.name).toBe('testsuites');
    const suite = xml.children.find((c) => c.name === 'testsuite')!;
    const cases = suite.children.filter((c) => c.name === 'testcase');
    const bad = corpus.filter((e) => !e.valid);
    expect(cases).toHaveLength(1000);
    expect(Number(suite.attrs.tests)).toBe(1000);
    expect(Number(suite.attrs.failures)).toBe(bad.length);
    expect(Number(suite.attrs.errors)).toBe(0);
    expect(Number(xml.attrs.failures)).toBe(bad.length);
    const failed = new Map<string, string>();
    for (const c of cases) {
      const f = c.children.find((x) => x.name === 'failure');
      if (f) failed.set(c.attrs.name, f.attrs.type);
    }
    expect(failed.size).toBe(bad.length);
    for (const e of bad) expect(failed.get(e.file), e.file).toBe(e.code);
    // With -o the human summary goes to stdout.
    expect(r.stdout).toContain(`1000 dumps: ${1000 - bad.length} valid, ${bad.length} invalid`);
  });

  it('gives the same verdicts with --jobs 2', () => {
    const r = sgp32(['validate', dir, '--report', 'json', '--jobs', '2']);
    expect(r.code).toBe(1);
    const two = JSON.parse(r.stdout) as JsonReport;
    expect(two.summary.jobs).toBe(2);
    const strip = (rep: JsonReport) => rep.results.map((x) => ({ file: x.file, valid: x.valid, type: x.type, error: x.error }));
    expect(strip(two)).toEqual(strip(oneJob));
  });

  it('accepts the BER-only defects (non-minimal and indefinite lengths) in lenient mode, as diagnostics', () => {
    const r = sgp32(['validate', dir, '--report', 'json', '--lenient', '--jobs', '2']);
    const rep = JSON.parse(r.stdout) as JsonReport;
    const byFile = new Map(rep.results.map((x) => [x.file, x]));
    for (const e of corpus) {
      const v = byFile.get(e.file)!;
      expect(v.valid, `${e.file} (${e.code ?? 'good'})`).toBe(e.validLenient);
      if (e.valid === false && e.validLenient) expect(v.diagnostics.length, e.file).toBeGreaterThan(0);
    }
    expect(r.code).toBe(corpus.every((e) => e.validLenient) ? 0 : 1);
  });

  it('takes globs (* and **) and explicit files, and checks against a given --type', () => {
    const good = corpus.filter((e) => e.valid && e.type === 'SGP32Definitions.EuiccPackageRequest' && e.file.endsWith('.der')).slice(0, 3);
    expect(good.length).toBe(3);
    const rel = (p: string) => relative(dir, p);
    const inBatch0 = corpus.filter((e) => rel(e.file).startsWith('batch0/') && e.file.endsWith('.hex'));
    let r = sgp32(['validate', 'batch0/*.hex', '--report', 'json'], { cwd: dir });
    let rep = JSON.parse(r.stdout) as JsonReport;
    expect(rep.results.map((x) => x.file).sort()).toEqual(inBatch0.map((e) => rel(e.file)).sort());
    r = sgp32(['validate', '**/dump000?.pem', '--report', 'json'], { cwd: dir });
    rep = JSON.parse(r.stdout) as JsonReport;
    const pems = corpus.filter((e) => /dump000\d\.pem$/.test(e.file)).map((e) => rel(e.file));
    expect(rep.results.map((x) => x.file).sort()).toEqual(pems.sort());
    r = sgp32(['validate', '--type', 'Sgp32.EuiccPackageRequest', ...good.map((e) => e.file)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 dumps: 3 valid, 0 invalid');
    const result = corpus.find((e) => e.valid && e.type === 'SGP32Definitions.EuiccPackageResult')!;
    r = sgp32(['validate', '--type', 'EuiccPackageRequest', result.file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}.* EuiccPackageRequest: unexpected-tag at offset \d+ in EuiccPackageRequest/);
  });

  const haveScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!haveScript)('shows a progress line on a terminal, and none when stderr is not one', () => {
    // util-linux `script` runs the command with a pseudo-terminal as stdout and stderr.
    const batch = join(dir, 'batch0');
    const tty = spawnSync('script', ['-qfec', `'${process.execPath}' '${BIN}' validate '${batch}'`, '/dev/null']);
    const out = tty.stdout.toString();
    expect(out).toContain('\rvalidating 100/100 (');
    // The line is cleared before the results are printed.
    expect(out).toContain('\r\x1b[K');
    expect(out.indexOf('\r\x1b[K')).toBeLessThan(out.indexOf('100 dumps: '));
    const plain = sgp32(['validate', batch]);
    expect(plain.stderr).toBe('');
    expect(plain.stdout).not.toContain('validating');
  });

  it('is a usage error (2) for paths that match nothing and for bad flags', () => {
    expect(sgp32(['validate', join(dir, 'nope')]).code).toBe(2);
    expect(sgp32(['validate', join(dir, '*.nothing')]).code).toBe(2);
    expect(sgp32(['validate']).code).toBe(2);
    expect(sgp32(['validate', dir, '--jobs', '0']).code).toBe(2);
    expect(sgp32(['validate', dir, '--report', 'xml']).code).toBe(2);
    expect(sgp32(['validate', dir, '-o', 'x.json']).code).toBe(2);
  });
});
