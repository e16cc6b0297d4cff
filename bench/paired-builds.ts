/**
 * Old-vs-new re-check of the codecs: every decode/encode case of the corpus, timed with the
 * library built from two trees (for instance `main` and a branch), one after the other on
 * the same machine, as operations per CPU millisecond (CPU time, not wall time: on a shared
 * machine a process is descheduled now and then, and wall time counts those pauses as work).
 *
 * Each measurement runs in a child process of its own (bench/paired-child.mjs, plain
 * JavaScript without a loader): two copies of the library in one process disturb each other
 * (the same build timed against a copy of itself came out 0.7x to 1.0x), and a loader such as
 * tsx turns the runtime's re-exports into getter calls that then dominate the profile.
 * The children run with `--single-threaded-gc`: `process.cpuUsage()` counts every thread of
 * the process, and V8's concurrent GC threads (sweeping the output buffers an encode
 * allocates) added from nothing to twice the main thread's time to an encode case, varying
 * from one child to the next (encode/euiccinfo2 of one build: 1.4 to 2.8 µs per value in ten
 * children; 1.15 to 1.29 µs with the collector on the main thread, where its work is counted
 * once, as it happens).
 * Rounds alternate which build goes first; the result per case is the median over the rounds
 * of the per-round ratio `new/old` (below 1.00 the new build is slower).
 *
 *   npm run build && cp -r dist /tmp/old-dist     # on the old tree
 *   npm run build                                 # on the new tree
 *   node --import tsx bench/paired-builds.ts /tmp/old-dist [dist] [--rounds 9] [--filter decode/] [--per-case]
 *
 * By default one child runs every case in turn, so each case runs after the others have
 * trained the JIT on the shared runtime (readers, writers): closer to an application's mixed
 * load, but a case's speed then depends on what ran before it, and the encode rows swing
 * between rounds (0.4x to 2.9x for a build against the same old one, at load 1.4). With
 * `--per-case` every case gets a fresh child of its own: the comparison of the code alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus } from './corpus.js';

function main(): void {
  const args = process.argv.slice(2);
  const opt = (flag: string, fallback: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args.splice(i, 2)[1] : fallback;
  };
  const rounds = Number(opt('--rounds', '9'));
  const filter = opt('--filter', '');
  const flag = args.indexOf('--per-case');
  const perCase = flag >= 0 && args.splice(flag, 1).length > 0;
  const [oldDir, newDir = 'dist'] = args;
  if (!oldDir) throw new Error('usage: paired-builds.ts <old dist> [new dist] [--rounds N] [--filter text]');
  const child = fileURLToPath(new URL('./paired-child.mjs', import.meta.url));
  const corpus = buildCorpus();
  const tmp = mkdtempSync(join(tmpdir(), 'sgp32-paired-'));
  const corpusFile = join(tmp, 'corpus.json');
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  writeFileSync(corpusFile, JSON.stringify({ bpp: hex(corpus.bpp), epr: hex(corpus.epr), upp: hex(corpus.upp), euiccinfo2: hex(corpus.euiccinfo2), geteimpkg: hex(corpus.geteimpkg), certs: corpus.certs.map(hex) }));
  const runOne = (dir: string, f: string): Record<string, number> =>
    JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--single-threaded-gc', child, resolve(dir), corpusFile, f], { encoding: 'utf8' }));
  // The case names, from a child asked for none of them.
  const names = Object.keys(runOne(newDir, '==')).filter((k) => k.includes(filter));
  const run = (dir: string): Record<string, number> =>
    perCase ? Object.assign({}, ...names.map((k) => runOne(dir, `=${k}`))) : runOne(dir, filter);
  const ratios: Record<string, number[]> = {};
  try {
    for (let i = 0; i < rounds; i++) {
      const [a, b] = i % 2 === 0 ? [run(newDir), run(oldDir)] : (([o, n]) => [n, o])([run(oldDir), run(newDir)]);
      for (const k of Object.keys(a)) (ratios[k] ??= []).push(a[k] / b[k]);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`case              new/old  (median of ${rounds} rounds, each build in its own process${perCase ? ', each case in its own process' : ''}; < 1.00 = new slower)  min..max`);
  for (const [k, r] of Object.entries(ratios)) {
    r.sort((x, y) => x - y);
    console.log(`${k.padEnd(18)}${r[r.length >> 1].toFixed(3)}    ${r[0].toFixed(2)}..${r[r.length - 1].toFixed(2)}`);
  }
}

main();
