/**
 * Paired measurement: two functions timed in alternating slices, each after a full
 * collection, and the median of the per-round ratios, so that a drift of the machine's speed
 * affects both sides alike. `bench/run.ts` re-checks ratio targets with it;
 * `bench/paired-builds.ts` compares two builds of the library with it.
 *
 * @module
 */

/**
 * Operations per millisecond of `fn` over one slice of about `ms` milliseconds. The heap is
 * collected first (when the process runs with --expose-gc), so that a slice does not pay for
 * the garbage the other implementation of the pair left behind.
 */
export function sliceRate(fn: () => unknown, ms: number): number {
  (globalThis as { gc?: () => void }).gc?.();
  const t0 = performance.now();
  let n = 0;
  let t: number;
  do {
    fn();
    n++;
  } while ((t = performance.now() - t0) < ms);
  return n / t;
}

/**
 * The rate of `a` over the rate of `b`, measured in `rounds` rounds of one slice each
 * (alternating which goes first); the median of the per-round ratios, so that a change of the
 * machine's speed during the measurement affects both sides alike.
 */
export function pairedRatio(a: () => unknown, b: () => unknown, rounds: number, sliceMs: number): number {
  sliceRate(a, sliceMs);
  sliceRate(b, sliceMs);
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      const ra = sliceRate(a, sliceMs);
      ratios.push(ra / sliceRate(b, sliceMs));
    } else {
      const rb = sliceRate(b, sliceMs);
      ratios.push(sliceRate(a, sliceMs) / rb);
    }
  }
  ratios.sort((x, y) => x - y);
  return ratios[rounds >> 1];
}

