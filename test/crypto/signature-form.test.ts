/** Raw ⇄ DER conversion of ECDSA signatures: round trips, worked example, strict DER errors. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ecdsaDerToRaw, ecdsaRawToDer } from '../../src/crypto/signature-form.js';
import { SignatureFormatError, type SignatureFormatErrorCode } from '../../src/crypto/errors.js';
import { hex, toHex } from './helpers.js';

describe('signature forms', () => {
  it('converts the worked example of signatures.md §1.2', () => {
    const raw = hex('9eb61d189d332ff2dc6ff90a97a9438ab973f04e6fe2f106fa9c7809a36b8a12740e113c583009d3859a3b2eabe6f43409ae46f32cfd34e2d023b2561f9f2311');
    const der = ecdsaRawToDer(raw);
    expect(toHex(der)).toBe(
      '3045022100' + '9eb61d189d332ff2dc6ff90a97a9438ab973f04e6fe2f106fa9c7809a36b8a12' + '0220' + '740e113c583009d3859a3b2eabe6f43409ae46f32cfd34e2d023b2561f9f2311',
    );
    expect(ecdsaDerToRaw(der)).toEqual(raw);
  });

  it('round-trips any 64 bytes and produces minimal DER', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.integer({ min: 0, max: 40 }), (raw, zeros) => {
        raw.fill(0, 0, Math.min(zeros, 32)); // exercise leading-zero stripping
        const der = ecdsaRawToDer(raw);
        expect(der[0]).toBe(0x30);
        expect(der[1]).toBe(der.length - 2);
        expect(ecdsaDerToRaw(der)).toEqual(raw);
      }),
      { numRuns: 500 },
    );
  });

  it('encodes zero as INTEGER 0 (02 01 00)', () => {
    expect(toHex(ecdsaRawToDer(new Uint8Array(64)))).toBe('3006020100020100');
  });

  const bad: [string, string, SignatureFormatErrorCode, number][] = [
    ['empty', '', 'bad-der', 0],
    ['not a SEQUENCE', '3106020101020101', 'bad-der', 0],
    ['long-form SEQUENCE length', '308106020101020101', 'bad-der', 1],
    ['indefinite length', '3080020101020101 0000', 'bad-der', 1],
    ['SEQUENCE length too long', '3007020101020101', 'bad-der', 1],
    ['trailing byte after SEQUENCE', '300602010102010100', 'bad-der', 8],
    ['r not an INTEGER', '3006030101020101', 'bad-der', 2],
    ['r truncated', '30020201', 'bad-der', 3],
    ['s missing', '3003020101', 'bad-der', 5],
    ['extra element', '3009020101020101020101', 'bad-der', 8],
    ['empty INTEGER', '30050200020101', 'bad-integer', 3],
    ['negative r', '3006020181020101', 'bad-integer', 4],
    ['non-minimal r (00 01)', '300702020001020101', 'bad-integer', 4],
    ['non-minimal s (00 7f)', '30070201010202007f', 'bad-integer', 7],
    ['r of 33 significant bytes', '3026022101' + '00'.repeat(32) + '020101', 'bad-integer', 4],
  ];
  it.each(bad)('rejects %s', (_name, h, code, offset) => {
    let err: unknown;
    try {
      ecdsaDerToRaw(hex(h));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SignatureFormatError);
    expect((err as SignatureFormatError).code).toBe(code);
    expect((err as SignatureFormatError).offset).toBe(offset);
    expect((err as Error).message).toContain(`(${code}, ${offset})`);
  });

  it('accepts a 33-byte INTEGER with a sign byte (00 8x…)', () => {
    const r = 'ff'.repeat(32);
    const raw = ecdsaDerToRaw(hex('3026022100' + r + '020101'));
    expect(toHex(raw)).toBe(r + '00'.repeat(31) + '01');
  });

  it('raw with a wrong length is a SignatureFormatError; non-bytes is a TypeError', () => {
    expect(() => ecdsaRawToDer(new Uint8Array(63))).toThrow(SignatureFormatError);
    expect(() => ecdsaRawToDer(new Uint8Array(63))).toThrow('expected 64 bytes, got 63');
    expect(() => ecdsaRawToDer('00' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => ecdsaDerToRaw([] as unknown as Uint8Array)).toThrow('der: expected Uint8Array, got Array');
  });
});
