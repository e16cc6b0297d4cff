/**
 * `npm run bench` — every suite, side by side with the peer libraries, in one process and one
 * run; prints a table with ratios, the memory per decode and the target checks.
 *
 *   npm run bench                      full run (a few minutes)
 *   npm run bench -- --quick           same cases, fewer samples (under a minute)
 *   npm run bench -- --json out.json   also writes { node, results: [...] } to out.json
 *   npm run bench -- --filter decode/  only the cases whose name contains the text
 *   npm run bench -- --filter page/    only the decoder page in Chromium (bench/page.ts)
 *
 * The library is measured as users run it: the compiled JavaScript in dist/ (`npm run bench`
 * builds it first when src/ is newer, scripts/ensure-built.mjs). Only the bench's own files go
 * through tsx. Transpiling src/ on the fly would also work, but tsx keeps function names by
 * wrapping every nested function in a `__name` call, which costs several per cent in code
 * that creates closures per call.
 *
 * Not a test: the numbers depend on the machine and its load.
 *
 * @module
 */
import Benchmark from 'benchmark';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCorpus, loadExternal } from './corpus.js';
import { planCases } from './cases.js';
import { pairedRatio } from './paired.js';
import { checkTargets, formatRenderRatios, formatTable, formatTargets, isBorderline, toJsonReport, withPairedRatio, type Result } from './report.js';

interface Args {
  quick: boolean;
  json: string | undefined;
  filter: string | undefined;
  memory: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { quick: false, json: undefined, filter: undefined, memory: true };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--quick') a.quick = true;
    else if (x === '--json') {
      a.json = argv[++i];
      if (!a.json) throw new Error('--json needs a file name');
    } else if (x === '--filter') a.filter = argv[++i];
    else if (x === '--no-memory') a.memory = false;
    else throw new Error(`unknown argument ${x} (expected --quick, --json <file>, --filter <text>, --no-memory)`);
  }
  return a;
}

/**
 * Runs `fn` untimed in 100 ms windows until its rate stops improving (three windows in a row
 * below 1.1x the best so far) once `minMs` have passed, or until `maxMs`.
 */
function warmUp(fn: () => unknown, minMs: number, maxMs: number): void {
  const start = performance.now();
  let best = 0;
  let flat = 0;
  for (;;) {
    const t0 = performance.now();
    let n = 0;
    do {
      fn();
      n++;
    } while (performance.now() - t0 < 100);
    const rate = n / (performance.now() - t0);
    if (rate > best * 1.1) {
      best = rate;
      flat = 0;
    } else flat++;
    const elapsed = performance.now() - start;
    if (elapsed >= maxMs || (elapsed >= minMs && flat >= 3)) return;
  }
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`sgp32 bench — Node ${process.version}, ${cpus().length} x ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${args.quick ? 'quick' : 'full'} run`);
  console.log(`load average at start: ${load()} (above the core count, other processes share the CPU and the numbers are noisy)`);
  const corpus = buildCorpus();
  const external = loadExternal(repoRoot);
  const plan = await planCases(corpus, external);
  for (const n of plan.notes) console.log(`note: ${n}`);
  const cases = args.filter ? plan.cases.filter((c) => c.case.includes(args.filter!)) : plan.cases;
  const maxTime = args.quick ? 0.05 : 1;
  const minSamples = args.quick ? 2 : 8;
  // Every case first runs untimed until the JIT has settled, so the numbers are steady-state
  // for every implementation: the large generated decoders (a SAIP profile touches ~250
  // functions) need over a second of CPU before their optimised code is in place, and on a
  // loaded machine the background compiler gets even less time.
  const warm = args.quick ? { min: 50, max: 300 } : { min: 1000, max: 8000 };
  const minTime = args.quick ? 0.02 : 0;

  const gc = (globalThis as { gc?: () => void }).gc;
  const results: Result[] = [];
  for (const c of cases) {
    // Each case starts from a collected heap, with only its own inputs alive (full runs).
    if (!args.quick) gc?.();
    const fn = c.make();
    warmUp(fn, warm.min, warm.max);
    const b = new Benchmark(`${c.case} ${c.impl}`, fn, { maxTime, minSamples, initCount: 1, ...(minTime > 0 ? { minTime } : {}) });
    b.run();
    if (b.error) throw new Error(`${c.case} ${c.impl} failed: ${String(b.error)}`);
    results.push({ case: c.case, impl: c.impl, opsPerSec: b.hz, bytes: c.bytes, nodes: c.nodes, rme: b.stats.rme });
    if (!args.quick) process.stderr.write(`  ${c.case} ${c.impl}: ${b.hz.toFixed(1)} ops/s\n`);
  }

  console.log('');
  console.log(formatTable(results));
  console.log('\nratio columns: sgp32/<peer> = how many times faster sgp32 is; walk/sgp32 = how far the zero-allocation TLV walk is ahead;');
  console.log('sgp32-js/noble and sgp32-native/node-crypto = provider speed relative to the raw library (1.00x = no overhead).');

  const rendering = formatRenderRatios(results);
  if (rendering.length > 0) console.log('\nrendering relative to decode (ops/s ratio, same input):\n' + rendering.join('\n'));

  if (args.memory && !args.filter) {
    console.log('\nmemory per decode (heap bytes; child process with --expose-gc and a large young generation):');
    const out = execFileSync(process.execPath, ['--expose-gc', '--max-semi-space-size=64', '--import', 'tsx', fileURLToPath(new URL('./memory.ts', import.meta.url)), ...(args.quick ? ['--quick'] : [])], {
      encoding: 'utf8',
      cwd: repoRoot,
    });
    process.stdout.write(out);
  }

  // The decoder page in Chromium: in a full run, and with --filter page/.
  if (!args.filter || 'page/'.includes(args.filter) || args.filter.startsWith('page')) {
    const { runPageBench } = await import('./page.js');
    console.log('\ndecoder page (Chromium):');
    console.log((await runPageBench({ loads: args.quick ? 1 : 3 })).join('\n'));
  }

  // Ratio targets are measured again with the two implementations side by side: alternating
  // slices in the same minutes, median of the per-round ratios (a full run re-checks every
  // ratio target, --quick only those close to their threshold).
  const made = new Map(cases.map((c) => [`${c.case}|${c.impl}`, c]));
  const checks = checkTargets(results).map((t) => {
    if (t.pair === undefined || (args.quick && !isBorderline(t))) return t;
    const over = made.get(`${t.case}|${t.pair!.over}`);
    const under = made.get(`${t.case}|${t.pair!.under}`);
    if (over === undefined || under === undefined) return t;
    return withPairedRatio(t, pairedRatio(over.make(), under.make(), args.quick ? 3 : 21, args.quick ? 5 : 25));
  });
  if (checks.length > 0) {
    console.log('\ntargets (issue 8):');
    console.log(formatTargets(checks));
  }
  if (plan.notes.length > 0) console.log('\n' + plan.notes.map((n) => `note: ${n}`).join('\n'));
  if (args.json) {
    writeFileSync(args.json, JSON.stringify(toJsonReport(results, process.version), null, 2) + '\n');
    console.log(`\nwrote ${args.json}`);
  }
  console.log(`\n${cases.length} cases in ${((performance.now() - started) / 1000).toFixed(1)} s; load average at end: ${load()}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
