/**
 * Steady-state CPU-time rates of the suite's cases, one case at a time — a developer tool for
 * A/B comparisons of codec changes and for `node --cpu-prof` profiles on a machine shared with
 * other work, where wall-clock rates drift. Each case warms for 1.5 s of CPU, then the best of
 * five ~0.3 s windows of `process.cpuUsage()` is reported. That counts every thread of the
 * process, so the script runs itself again with `--single-threaded-gc` when started without it
 * (as bench/paired-builds.ts runs its children): with concurrent GC threads, the encode cases,
 * whose output buffers keep the sweeper busy, moved with that thread's share of the CPU.
 *
 *   npm run build   (the cases run the compiled dist/)
 *   node --import tsx bench/cpu.ts [case-substring] [impl]
 *   node --import tsx bench/cpu.ts decode/upp sgp32
 *
 * Not part of `npm run bench` and not a test.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';

if (!process.execArgv.includes('--single-threaded-gc')) {
  const child = spawnSync(process.execPath, ['--single-threaded-gc', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
// Loaded after the check, so that the parent process does not load the corpus and peers for nothing.
const { buildCorpus } = await import('./corpus.js');
const { planCases } = await import('./cases.js');

const filter = process.argv[2] ?? 'decode/';
const implFilter = process.argv[3];
const plan = await planCases(buildCorpus(), { upp: [], certs: [], dir: undefined });
for (const c of plan.cases.filter((x) => x.case.includes(filter) && (implFilter === undefined || x.impl === implFilter))) {
  const fn = c.make();
  const warm = process.cpuUsage();
  while (process.cpuUsage(warm).user < 1.5e6) fn();
  let best = Infinity;
  for (let rep = 0; rep < 5; rep++) {
    const t0 = process.cpuUsage();
    let n = 0;
    let us = 0;
    do {
      for (let i = 0; i < 20; i++) fn();
      n += 20;
      const d = process.cpuUsage(t0);
      us = d.user + d.system;
    } while (us < 300_000);
    best = Math.min(best, us / n);
  }
  const ops = 1e6 / best;
  const perNode = c.nodes ? `${((best * 1000) / c.nodes).toFixed(1)} ns/TLV` : '';
  const mbs = c.bytes ? `${((ops * c.bytes) / 1e6).toFixed(1)} MB/s` : '';
  console.log(`${c.case.padEnd(24)} ${c.impl.padEnd(13)} ${ops.toFixed(0).padStart(9)} ops/s (CPU)  ${perNode} ${mbs}`);
}
