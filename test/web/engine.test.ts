/**
 * The decoder page's engine (under Node and in Chromium): what the page shows for good, bad and random input.
 * Random and mutated input never makes it throw anything but the documented input-form error,
 * every tree node lies inside the input, and an error offset points into the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeForPage, quickType, typeNames } from '../../src/web/engine.js';
import { esipaMessages, toHex } from '../inspect/capture-builder.js';
import { toBase64 } from '../support/bytes.js';

const text = (s: string) => new TextEncoder().encode(s);

function checkShape(r: ReturnType<typeof decodeForPage>): void {
  for (const n of r.nodes) {
    expect(n.offset).toBeGreaterThanOrEqual(0);
    expect(n.offset + n.headerLength + n.length).toBeLessThanOrEqual(r.bytes.length);
  }
  if (r.error?.offset !== undefined) expect(r.error.offset).toBeLessThanOrEqual(r.bytes.length);
}

describe('decodeForPage', () => {
  const m = esipaMessages();

  it('detects and decodes each demo message in every input form', () => {
    for (const bytes of [m.getEimPackageRequest, m.getEimPackageResponse, m.initiateAuthentication, m.euiccInfo1, m.noPackage]) {
      const b64 = toBase64(bytes);
      for (const [data, form] of [[bytes, 'der'], [text(toHex(bytes)), 'hex'], [text(b64), 'base64'], [text(`-----BEGIN X-----\n${b64}\n-----END X-----\n`), 'pem']] as const) {
        const r = decodeForPage(data, 'auto', 'auto');
        expect(r.form).toBe(form);
        expect(toHex(r.bytes)).toBe(toHex(bytes));
        expect(r.error).toBeUndefined();
        expect(r.type).not.toBeNull();
        expect(r.nodes[0]).toMatchObject({ offset: 0, depth: 0 });
        checkShape(r);
      }
    }
    expect(decodeForPage(m.euiccInfo1, 'der', 'auto').type).toMatch(/EUICCInfo1$/);
    // The JER of the value is the codec's own, and reads back to the same bytes.
    const r = decodeForPage(m.euiccInfo1, 'der', 'RSPDefinitions.EUICCInfo1');
    expect(r.jer).toMatchObject({ svn: '020500' });
    expect(decodeForPage(m.euiccInfo1, 'der', 'auto').jer).toEqual(r.jer);
    expect(quickType(m.euiccInfo1)).toMatch(/EUICCInfo1/);
  });

  it('reports a chosen type that does not fit with offset and path', () => {
    const bad = m.getEimPackageRequest.slice();
    bad[3] = 0x5b;
    const r = decodeForPage(bad, 'der', 'SGP32Definitions.GetEimPackageRequest');
    expect(r.error).toMatchObject({ code: 'unexpected-tag', offset: 3, path: 'GetEimPackageRequest.eidValue' });
    expect(r.detected).toBe(false);
  });

  it('refuses unknown types and unreadable forms with a RangeError or InputFormatError', () => {
    expect(() => decodeForPage(m.euiccInfo1, 'der', 'Nope.Nothing')).toThrow(RangeError);
    expect(() => decodeForPage(text('zz'), 'hex', 'auto')).toThrow(/hex/);
    expect(() => decodeForPage(new Uint8Array(0), 'auto', 'auto')).toThrow(/empty/);
    expect(typeNames()).toContain('SGP32Definitions.EuiccPackageRequest');
  });

  it('never throws anything else on random or mutated input', () => {
    const seeds = [m.getEimPackageResponse, m.initiateAuthentication, m.euiccInfo1];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 64 }),
          fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat()).map(([s, edits, cut]) => {
            const b = s.slice(0, 1 + (cut % s.length));
            for (const [i, v] of edits) b[i % b.length] = v;
            return b;
          }),
        ),
        fc.boolean(),
        (bytes, lenient) => {
          let r;
          try {
            r = decodeForPage(bytes, 'der', 'auto', lenient);
          } catch (err) {
            // Not even a TLV header: the only error the page expects from binary input.
            expect((err as Error).name).toMatch(/^(RangeError|InputFormatError)$/);
            return;
          }
          checkShape(r);
        },
      ),
      { numRuns: 200 },
    );
  });
});
