/**
 * The small benchmark.js runner shared by the standalone scripts `bench/bpp.ts` and
 * `bench/eim.ts`: one suite per operation and curve, a printed line per case, and the rates
 * kept for the summary each script prints at its end.
 */
import Benchmark from 'benchmark';
import type { Curve } from '../dist/crypto/provider.js';

/** One measured case. */
export interface SuiteRow {
  readonly op: string;
  readonly curve: Curve;
  readonly name: string;
  /** Operations per second (benchmark.js `hz`). */
  readonly hz: number;
  /** Relative margin of error, percent. */
  readonly rme: number;
}

/** Seconds per case: `BENCH_TIME` in the environment, 1 by default. */
export const maxTime = Number(process.env.BENCH_TIME ?? 1);

/**
 * Runs `cases` as one suite, prints `line(row)` after each case and appends the row to `rows`.
 */
export function runSuite(rows: SuiteRow[], op: string, curve: Curve, cases: Record<string, () => unknown>, line: (row: SuiteRow) => string): void {
  const suite = new Benchmark.Suite(`${op} ${curve}`);
  for (const [name, fn] of Object.entries(cases)) suite.add(name, fn, { maxTime, minSamples: 5 });
  suite.on('cycle', (e: Benchmark.Event) => {
    const b = e.target as Benchmark.Target & { name: string; hz: number; stats: { rme: number } };
    const row: SuiteRow = { op, curve, name: b.name, hz: b.hz, rme: b.stats.rme };
    rows.push(row);
    console.log(line(row));
  });
  suite.run();
}
