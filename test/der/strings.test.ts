/**
 * Character-string readers around their length thresholds: short ASCII strings are built by
 * `+=`, 13 to 32 octets by one fixed-arity `String.fromCharCode` call, longer or non-ASCII
 * ones by TextDecoder. Every path must give the string TextDecoder gives (the reference), keep
 * rejecting what it rejected, and `utf8Count` must agree with `charCount`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charCount, utf8Count } from '../../src/der/extras.js';
import { newReader, rIa5, rPrintable, rUtcTime, rUtf8, rVisible } from '../../src/der/reader.js';
import { Asn1DecodeError } from '../../src/der/errors.js';

const enc = new TextEncoder();
const ref = new TextDecoder('utf-8', { fatal: true });

/** Reads `content` placed at `pad` octets into a larger buffer, so that offsets matter. */
function read(f: typeof rUtf8, content: Uint8Array, pad = 3): string {
  const b = new Uint8Array(pad + content.length + 2).fill(0x41);
  b.set(content, pad);
  return f(newReader(b), pad, pad + content.length);
}

describe('string readers at every length from 0 to 48', () => {
  const alphabet = 'AZaz09 ()+,-./:=?';
  for (let n = 0; n <= 48; n++) {
    it(`${n} characters`, () => {
      const s = Array.from({ length: n }, (_, i) => alphabet[(i * 7 + n) % alphabet.length]).join('');
      const bytes = enc.encode(s);
      expect(read(rUtf8, bytes)).toBe(s);
      expect(read(rPrintable, bytes)).toBe(s);
      expect(read(rIa5, bytes)).toBe(s);
      expect(read(rVisible, bytes)).toBe(s);
    });
  }
});

describe('rUtf8 against TextDecoder', () => {
  it('decodes any valid UTF-8 as TextDecoder does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat({ max: 5 }), (s, pad) => {
        const bytes = enc.encode(s);
        expect(read(rUtf8, bytes, pad)).toBe(ref.decode(bytes));
      }),
      { numRuns: 400 },
    );
  });

  it('decodes random octets as TextDecoder does, or rejects them as it does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        let want: string | undefined;
        try {
          want = ref.decode(bytes);
        } catch {
          want = undefined;
        }
        if (want === undefined) expect(() => read(rUtf8, bytes)).toThrow(Asn1DecodeError);
        else expect(read(rUtf8, bytes)).toBe(want);
      }),
      { numRuns: 400 },
    );
  });

  it('rejects invalid UTF-8 at every length with a bad-string error at the content start', () => {
    for (let n = 1; n <= 40; n++) {
      const bytes = new Uint8Array(n).fill(0x61);
      bytes[n - 1] = 0xff;
      try {
        read(rUtf8, bytes, 5);
        expect.unreachable();
      } catch (x) {
        expect(x).toBeInstanceOf(Asn1DecodeError);
        expect((x as Asn1DecodeError).code).toBe('bad-string');
        expect((x as Asn1DecodeError).offset).toBe(5);
      }
    }
  });
});

describe('ASCII string types keep checking every octet', () => {
  it('rejects a character outside PrintableString at its offset, at 13..32 octets too', () => {
    for (let n = 1; n <= 40; n++) {
      const bytes = enc.encode('A'.repeat(n));
      bytes[n - 1] = 0x2a; // '*' is not in PrintableString
      try {
        read(rPrintable, bytes, 2);
        expect.unreachable();
      } catch (x) {
        expect((x as Asn1DecodeError).code).toBe('bad-string');
        expect((x as Asn1DecodeError).offset).toBe(2 + n - 1);
      }
    }
  });

  it('reads a DER UTCTime (13 characters, the fixed-arity path)', () => {
    expect(read(rUtcTime, enc.encode('250102030405Z'))).toBe('250102030405Z');
  });
});

describe('utf8Count', () => {
  it('equals charCount for any string and its UTF-8 length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        expect(utf8Count(s, enc.encode(s).length)).toBe(charCount(s));
      }),
      { numRuns: 400 },
    );
  });
});
