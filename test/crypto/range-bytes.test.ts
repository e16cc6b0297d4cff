/**
 * The byte-wise range checks the providers use instead of bigints (scalar and r/s below n,
 * coordinates below p), held against bigint comparison over random and boundary values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURVES, below, bigIntToBytes, bytesToBigInt, isZero, limitBytes } from '../../src/crypto/curves.js';
import type { Curve } from '../../src/crypto/provider.js';

const curves: Curve[] = ['P-256', 'brainpoolP256r1'];

describe.each(curves)('byte-wise range checks on %s', (curve) => {
  const { p, n } = CURVES[curve];
  const limits = limitBytes(curve);

  it('limitBytes gives p and n as 32 big-endian bytes', () => {
    expect(bytesToBigInt(limits.p)).toBe(p);
    expect(bytesToBigInt(limits.n)).toBe(n);
  });

  it('below(x, n) and below(x, p) agree with bigint comparison, boundaries included', () => {
    const near = (v: bigint) => fc.bigInt({ min: v > 3n ? v - 3n : 0n, max: v + 3n < 2n ** 256n ? v + 3n : 2n ** 256n - 1n });
    const any = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), near(n), near(p), near(0n), near(2n ** 256n - 4n));
    fc.assert(
      fc.property(any, (x) => {
        const b = bigIntToBytes(x, 32);
        expect(below(b, limits.n)).toBe(x < n);
        expect(below(b, limits.p)).toBe(x < p);
        expect(isZero(b)).toBe(x === 0n);
      }),
      { numRuns: 2000 },
    );
  });
});
