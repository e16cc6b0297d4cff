/**
 * The one bytes module (src/der/bytes.ts): hex, base64 and PEM against Node's Buffer and
 * crypto (independent implementations), both directions, with the refusals table-driven by
 * code and offset.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BytesFormatError, compareBytes, concatBytes, equalBytes, fromBase64, fromHex, isBase64, isHex, readPem, tagHex, toBase64, toHex, tryFromBase64, tryFromHex, writePem,
} from '../../src/der/bytes.js';

function formatError(f: () => unknown): BytesFormatError {
  try {
    f();
  } catch (err) {
    if (err instanceof BytesFormatError) return err;
    throw err;
  }
  throw new Error('expected a BytesFormatError');
}

describe('hex', () => {
  it('round-trips and agrees with Buffer in both cases and with separators', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const ref = Buffer.from(b).toString('hex');
        expect(toHex(b)).toBe(ref);
        expect(toHex(b, { upper: true })).toBe(ref.toUpperCase());
        expect(toHex(b, { separator: ':' })).toBe(ref.match(/../g)?.join(':') ?? '');
        expect(fromHex(ref)).toEqual(b);
        expect(fromHex(ref.toUpperCase())).toEqual(b);
        expect(fromHex(`  0x${ref.match(/../g)?.join(' ') ?? ''}\n`, { loose: true })).toEqual(b);
      }),
    );
  });

  it('refuses non-hex at the first bad character, and odd counts at the last digit', () => {
    const rows: [string, boolean, number][] = [
      ['0g', false, 1],
      ['abc', false, 2],
      ['ab cd', false, 2],
      ['0xab', false, 1],
      ['ab:c', true, 3],
      ['ab\u00a0cd', true, 2], // a no-break space is not white space here
      ['ab;cd', true, 2],
    ];
    for (const [text, loose, offset] of rows) {
      const err = formatError(() => fromHex(text, { loose }));
      expect([text, err.code, err.offset]).toEqual([text, 'bad-hex', offset]);
      expect(isHex(text, { loose })).toBe(false);
    }
    expect(isHex('ab cd', { loose: true })).toBe(true);
    // Strict mode (what state files and JER use): whole octets of either case, nothing else.
    for (const ok of ['', 'aBcD', '00ff']) expect([ok, isHex(ok)]).toEqual([ok, true]);
    for (const no of ['a', ' ab', 'ab ', '0x00', 'ab:cd', 'zz']) expect([no, isHex(no)]).toEqual([no, false]);
    expect(isHex(5 as unknown as string)).toBe(false);
    expect(() => fromHex(5 as unknown as string)).toThrow(TypeError);
    expect(() => toHex('ab' as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('tryFromHex and tryFromBase64', () => {
  it('give what fromHex / fromBase64 give, and undefined exactly where they throw (property)', () => {
    const hexish = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABxz :\n'.split('')), maxLength: 12 });
    const b64ish = fc.string({ unit: fc.constantFrom(...'AZaz09+/-_= \n'.split('')), maxLength: 12 });
    const outcome = (f: () => Uint8Array): string => {
      try {
        return toHex(f());
      } catch (e) {
        if (e instanceof BytesFormatError) return 'throws';
        throw e;
      }
    };
    fc.assert(
      fc.property(hexish, fc.boolean(), (text, loose) => {
        const t = tryFromHex(text, { loose });
        expect(t === undefined ? 'throws' : toHex(t)).toBe(outcome(() => fromHex(text, { loose })));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(b64ish, fc.constantFrom('standard' as const, 'url' as const, 'either' as const), fc.boolean(), (text, alphabet, whitespace) => {
        const t = tryFromBase64(text, { alphabet, whitespace });
        expect(t === undefined ? 'throws' : toHex(t)).toBe(outcome(() => fromBase64(text, { alphabet, whitespace })));
      }),
      { numRuns: 500 },
    );
    expect([tryFromHex(5 as unknown as string), tryFromBase64(null as unknown as string)]).toEqual([undefined, undefined]);
  });
});

describe('tagHex', () => {
  it('writes the identifier octets of a packed tag, two upper-case digits each, as Buffer does', () => {
    // Identifier octets of one to four bytes (a multi-octet tag never starts with 00).
    const idArb = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 1 }),
      fc.tuple(fc.integer({ min: 1, max: 255 }), fc.uint8Array({ minLength: 1, maxLength: 3 })).map(([a, rest]) => Uint8Array.of(a, ...rest)),
    );
    fc.assert(
      fc.property(idArb, (id) => {
        const packed = id.reduce((t, x) => t * 256 + x, 0);
        expect(tagHex(packed)).toBe(Buffer.from(id).toString('hex').toUpperCase());
      }),
    );
    const rows: [number, string][] = [[0, '00'], [0x04, '04'], [0x30, '30'], [0x5f37, '5F37'], [0xbf36, 'BF36'], [0xbf8f7f, 'BF8F7F'], [0xffffffff, 'FFFFFFFF']];
    for (const [tag, text] of rows) expect([tag, tagHex(tag)]).toEqual([tag, text]);
  });

  it('refuses what is not packed identifier octets', () => {
    for (const bad of [-1, 1.5, 2 ** 32, Number.NaN, '30' as unknown as number]) expect(() => tagHex(bad)).toThrow(RangeError);
  });
});

describe('base64', () => {
  it('round-trips and agrees with Buffer (standard and URL-safe, padded or not)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const std = Buffer.from(b).toString('base64');
        const url = Buffer.from(b).toString('base64url');
        expect(toBase64(b)).toBe(std);
        expect(toBase64(b, { url: true })).toBe(url);
        expect(toBase64(b, { pad: false })).toBe(std.replace(/=+$/, ''));
        expect(fromBase64(std)).toEqual(b);
        expect(fromBase64(std.replace(/=+$/, ''))).toEqual(b);
        expect(fromBase64(url, { alphabet: 'url' })).toEqual(b);
        expect(fromBase64(url, { alphabet: 'either' })).toEqual(b);
        expect(fromBase64(std.replace(/(.{10})/g, '$1\r\n '), { whitespace: true })).toEqual(b);
      }),
    );
    // Large input (a BoundProfilePackage member) in one go.
    const big = new Uint8Array(100_000).map((_, i) => (i * 7) & 255);
    expect(toBase64(big)).toBe(Buffer.from(big).toString('base64'));
  });

  it('refuses characters outside the alphabet, misplaced padding and impossible lengths', () => {
    const rows: [string, 'standard' | 'url' | 'either', boolean, number][] = [
      ['ab-_', 'standard', false, 2],
      ['ab+/', 'url', false, 2],
      ['ab c', 'standard', false, 2],
      ['a===', 'standard', false, 1],
      ['ab=c', 'standard', false, 3],
      ['abc==', 'standard', false, 4],
      ['abcde', 'standard', false, 5],
      ['ab=', 'standard', false, 3],
      ['é', 'either', true, 0],
    ];
    for (const [text, alphabet, whitespace, offset] of rows) {
      const err = formatError(() => fromBase64(text, { alphabet, whitespace }));
      expect([text, err.code, err.offset]).toEqual([text, 'bad-base64', offset]);
      expect(isBase64(text, { alphabet, whitespace })).toBe(false);
    }
    expect(fromBase64('')).toEqual(new Uint8Array(0));
  });
});

describe('PEM', () => {
  it('reads what OpenSSL (through node:crypto) writes, every block, and writes the same text back', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spkiPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const sec1Pem = privateKey.export({ type: 'sec1', format: 'pem' }) as string;
    const spkiDer = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
    const sec1Der = new Uint8Array(privateKey.export({ type: 'sec1', format: 'der' }));
    const text = `junk before\n${spkiPem}between\r\n${sec1Pem.replace(/\n/g, '\r\n')}`;
    const blocks = readPem(text);
    expect(blocks.map((b) => b.label)).toEqual(['PUBLIC KEY', 'EC PRIVATE KEY']);
    expect(blocks[0].bytes).toEqual(spkiDer);
    expect(blocks[1].bytes).toEqual(sec1Der);
    expect(text.slice(blocks[0].start, blocks[0].end)).toBe(spkiPem.trimEnd());
    expect(writePem('PUBLIC KEY', spkiDer)).toBe(spkiPem);
    expect(createPublicKey(writePem('PUBLIC KEY', spkiDer)).export({ type: 'spki', format: 'der' })).toEqual(Buffer.from(spkiDer));
    expect(readPem('no armour here')).toEqual([]);
  });

  it('keeps legacy header lines apart from the body', () => {
    const text = '-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,\n 00112233\n\nvzYA\n-----END EC PRIVATE KEY-----\n';
    const [b] = readPem(text);
    expect(b.headers).toEqual(['Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC, 00112233']);
    expect(b.bytes).toEqual(Uint8Array.of(0xbf, 0x36, 0));
  });

  it('refuses broken armour and bad bodies, with the offset in the text', () => {
    const rows: [string, number][] = [
      ['-----BEGIN A-----\nvzYA\n', 0],
      ['-----END A-----\n', 0],
      ['-----BEGIN A-----\nvzYA\n-----END B-----\n', 23],
      ['-----BEGIN A-----\n-----BEGIN B-----\n', 18],
      ['-----BEGIN A-----\nvz!A\n-----END A-----\n', 20],
    ];
    for (const [text, offset] of rows) {
      const err = formatError(() => readPem(text));
      expect([text, err.code, err.offset]).toEqual([text, 'bad-pem', offset]);
    }
    expect(() => writePem('-X', new Uint8Array(1))).toThrow(RangeError);
    expect(() => writePem('A', [1] as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('concat, equal, compare', () => {
  it('agree with Buffer', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 5 }), fc.uint8Array({ maxLength: 20 }), fc.uint8Array({ maxLength: 20 }), (parts, a, b) => {
        expect(concatBytes(parts)).toEqual(new Uint8Array(Buffer.concat(parts)));
        expect(equalBytes(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)));
        expect(equalBytes(a, a.slice())).toBe(true);
        expect(Math.sign(compareBytes(a, b))).toBe(Buffer.compare(a, b));
      }),
    );
  });
});
