/**
 * The pure parts behind the CLI, in-process: input-form detection against Node's own hex and
 * base64 (property tests), ICCID/EID digits, globs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToBase64, bytesToHex, bytesToPem, parseBase64, parseHex, readInput } from '../../src/inspect/input.js';
import { bcdDigits, iccidDigits, resolveTypeName } from '../../src/inspect/index.js';
import { globToRegExp } from '../../src/cli/glob.js';

const enc = (s: string) => new TextEncoder().encode(s);
/** The property's seed: random per run unless FC_SEED replays one; always printed. */
const PROPERTY_SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : (Math.random() * 2 ** 31) | 0;
console.log(`[input forms] fast-check seed ${PROPERTY_SEED} (replay with FC_SEED=${PROPERTY_SEED})`);
/** A DER-looking payload: a SEQUENCE header and arbitrary content (so that it starts with a TLV). */
const payload = fc.uint8Array({ minLength: 0, maxLength: 300 }).map((c) => {
  const len = c.length < 128 ? [c.length] : c.length < 256 ? [0x81, c.length] : [0x82, c.length >> 8, c.length & 255];
  return Uint8Array.from([0x30, ...len, ...c]);
});

describe('input forms', () => {
  it('hex and base64 writers agree with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(bytesToHex(b)).toBe(Buffer.from(b).toString('hex'));
        expect(bytesToBase64(b)).toBe(Buffer.from(b).toString('base64'));
      }),
    );
  });

  it('reads back every text form of any encoding, and binary as binary', () => {
    fc.assert(
      fc.property(payload, fc.constantFrom('', ' ', ':', '\n'), fc.boolean(), (der, sep, upper) => {
        let h = bytesToHex(der, sep);
        if (upper) h = h.toUpperCase();
        expect(readInput(enc(h))).toEqual({ bytes: der, form: 'hex' });
        const b64 = Buffer.from(der).toString('base64');
        // Base64 that happens to be hex digits only would read as hex: skip those (vanishingly rare beyond a few bytes).
        if (!/^[0-9a-fA-F]*$/.test(b64)) {
          expect(readInput(enc(b64))).toEqual({ bytes: der, form: 'base64' });
          expect(readInput(enc(Buffer.from(der).toString('base64url')))).toEqual({ bytes: der, form: 'base64' });
        }
        expect(readInput(enc(bytesToPem(der, 'X')))).toEqual({ bytes: der, form: 'pem', label: 'X' });
        expect(readInput(der).form).toBe('der');
      }),
      // A fresh seed each run (fast-check's default), printed so any failure can be replayed
      // with `{ seed, path }`; the rows below keep the counterexamples found so far.
      { numRuns: 300, seed: PROPERTY_SEED },
    );
  });

  it.each([
    // fast-check seed 925358258: a SEQUENCE of spaces and tabs is printable, yet binary DER.
    '30 09 20 20 20 20 20 09 20 20 20',
    '30 0a 20 20 20 20 20 09 20 20 20 31', // "0\n …1": its text reading "01" is not one TLV
  ])('binary DER that looks like text: %s', (h) => {
    const der = Uint8Array.from(Buffer.from(h.replace(/ /g, ''), 'hex'));
    expect(readInput(der)).toEqual({ bytes: der, form: 'der' });
  });

  it('text whose reading is one TLV stays text even when its bytes happen to be one TLV', () => {
    // "3017" + 46 hex digits: 50 printable bytes, and 0x33 0x30 is also a header of length 48.
    const der = Uint8Array.from([0x30, 0x17, ...new Uint8Array(23).fill(0x41)]);
    const text = enc(bytesToHex(der));
    expect(text.length).toBe(50);
    expect(readInput(text)).toEqual({ bytes: der, form: 'hex' });
  });

  it('rejects what is not hex or base64', () => {
    expect(parseHex('0a0')).toBeUndefined();
    expect(parseHex('0g')).toBeUndefined();
    expect(parseBase64('ab=c')).toBeUndefined();
    expect(parseBase64('a')).toBeUndefined();
    expect(() => readInput(enc('not #hex'))).toThrow(/bad-input-form/);
    expect(() => readInput(new Uint8Array(0))).toThrow(/empty/);
    expect(() => readInput(enc('3000'), 'pem')).toThrow(/PEM/);
  });
});

describe('digits', () => {
  it('reads ICCIDs nibble-swapped and EIDs in plain order', () => {
    // The TS.48 test ICCID 89000123456789012341 as SGP.22 stores it (vectors README).
    expect(iccidDigits(Buffer.from('98001032547698103214', 'hex'))).toBe('89000123456789012341');
    expect(iccidDigits(Buffer.from('989444999999990930f1', 'hex'))).toBe('8949449999999990031');
    expect(iccidDigits(Buffer.from('98001032547698103a14', 'hex'))).toBeUndefined();
    expect(bcdDigits(Buffer.from('89049032123451234512345678901235', 'hex'))).toBe('89049032123451234512345678901235');
  });
});

describe('globs and type names', () => {
  it('matches * and ? within a segment and ** across segments', () => {
    const table: [string, string, boolean][] = [
      ['*.der', 'a.der', true],
      ['*.der', 'x/a.der', false],
      ['**/*.der', 'a.der', true],
      ['**/*.der', 'x/y/a.der', true],
      ['x/**', 'x/y/z.hex', true],
      ['dump?.pem', 'dump1.pem', true],
      ['dump?.pem', 'dump12.pem', false],
      ['a.b/*.der', 'a.b/c.der', true],
      ['a.b/*.der', 'axb/c.der', false],
    ];
    for (const [glob, path, hit] of table) expect(globToRegExp(glob).test(path), `${glob} ${path}`).toBe(hit);
  });

  it('resolves type names as users write them', () => {
    expect(resolveTypeName('EuiccPackageRequest')).toBe('SGP32Definitions.EuiccPackageRequest');
    expect(resolveTypeName('EUICCInfo2')).toBe('SGP32Definitions.EUICCInfo2');
    expect(resolveTypeName('Rsp.EUICCInfo2')).toBe('RSPDefinitions.EUICCInfo2');
    expect(resolveTypeName('rspdefinitions.EUICCInfo2')).toBe('RSPDefinitions.EUICCInfo2');
    expect(resolveTypeName('PE_Dummy')).toBe('PEDefinitions.PE-Dummy');
    expect(resolveTypeName('Saip.PE-Dummy')).toBe('PEDefinitions.PE-Dummy');
    expect(resolveTypeName('Nope')).toBeUndefined();
  });
});
