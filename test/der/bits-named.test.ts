/**
 * The named-bit BIT STRING writer normalises in place (no copy of the value): its output must
 * be exactly the minimal form `bitStringOf(bitsOf(v))` describes, for any value, including
 * values with set bits in the unused positions (ignored) and values with no bit set.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bitStringOf, bitsOf, wBits, type BitString } from '../../src/der/bitstring.js';
import { newWriter, type Writer } from '../../src/der/writer.js';
import { toHexStr } from './bytes.js';

const written = (v: BitString, named: boolean): string => {
  const w: Writer = newWriter(4);
  wBits(w, v, named);
  return toHexStr(w.b.subarray(w.p));
};

const bitString = fc
  .tuple(fc.uint8Array({ maxLength: 6 }), fc.integer({ min: 0, max: 7 }))
  .map(([bytes, unused]) => ({ bytes, unusedBits: bytes.length === 0 ? 0 : unused }));

describe('wBits for named-bit types', () => {
  it('writes the minimal form of bitStringOf(bitsOf(v))', () => {
    fc.assert(
      fc.property(bitString, (v) => {
        const norm = bitStringOf(bitsOf(v));
        const expected = toHexStr(Uint8Array.of(norm.unusedBits, ...norm.bytes));
        expect(written(v, true)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('handles the edge cases by hand', () => {
    expect(written({ bytes: new Uint8Array(0), unusedBits: 0 }, true)).toBe('00');
    expect(written({ bytes: Uint8Array.of(0, 0), unusedBits: 3 }, true)).toBe('00');
    expect(written({ bytes: Uint8Array.of(0x80), unusedBits: 0 }, true)).toBe('0780');
    expect(written({ bytes: Uint8Array.of(0x07), unusedBits: 1 }, true)).toBe('0106'); // bit 7 is an unused bit: ignored
    expect(written({ bytes: Uint8Array.of(0x40, 0x00), unusedBits: 0 }, true)).toBe('0640');
    expect(written({ bytes: Uint8Array.of(0xff, 0xff), unusedBits: 4 }, true)).toBe('04fff0');
    expect(written({ bytes: Uint8Array.of(0x06), unusedBits: 1 }, false)).toBe('0106');
  });
});
