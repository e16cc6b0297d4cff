/**
 * Throughput of `sgp32 validate` on the generated corpus of test/cli (1,000 good and damaged
 * dumps in every storage form), with 1 and 2 worker threads, through the built binary.
 *
 * Run: npm run build && npx tsx bench/validate.ts [files=1000] [runs=3]
 * Reports the median wall time of each setting (process start included) as files/s and MB/s
 * (MB of dump files as stored).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir, cpus } from 'node:os';
import { makeCorpus } from '../test/cli/corpus.js';

const root = resolve(new URL('..', import.meta.url).pathname);
const files = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'sgp32-bench-'));
try {
  const corpus = makeCorpus(dir, files);
  const bytes = corpus.reduce((n, e) => n + statSync(e.file).size, 0);
  const invalid = corpus.filter((e) => !e.valid).length;
  console.log(`corpus: ${files} files (${invalid} damaged), ${(bytes / 1e6).toFixed(2)} MB; node ${process.version}, ${cpus().length} CPUs`);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  // Process start alone (loading the codecs), to read the numbers below with.
  const startup: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, [join(root, 'bin/sgp32.js'), 'types'], { stdio: 'ignore' });
    startup.push(performance.now() - t0);
  }
  console.log(`process start + codec loading: ${median(startup).toFixed(0)} ms (median of ${runs})`);
  console.log('jobs  seconds  files/s    MB/s');
  for (const jobs of [1, 2]) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [join(root, 'bin/sgp32.js'), 'validate', dir, '--report', 'json', '--jobs', String(jobs)], { maxBuffer: 256 * 1024 * 1024 });
      times.push((performance.now() - t0) / 1000);
      if (r.status !== 1) throw new Error(`validate exited ${r.status}: ${r.stderr}`);
      const summary = JSON.parse(r.stdout.toString()).summary;
      if (summary.invalid !== invalid) throw new Error(`expected ${invalid} invalid dumps, validate found ${summary.invalid}`);
    }
    const s = median(times);
    console.log(`${String(jobs).padStart(4)}  ${s.toFixed(2).padStart(7)}  ${(files / s).toFixed(0).padStart(7)}  ${(bytes / 1e6 / s).toFixed(3).padStart(6)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
