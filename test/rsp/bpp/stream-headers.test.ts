/**
 * Headers of a stream that arrives in pieces (src/rsp/bpp/stream-headers.ts): the header carry
 * shared by the streaming opener and the profile scanner, and the scanner itself. TLV
 * sequences are written by hand here (identifier octets from a table, length octets in the
 * short, minimal long or padded long form), so every expected header comes from how the bytes
 * were made, then cut at random places.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHeaderCarry, createTlvScanner } from '../../../src/rsp/bpp/stream-headers.js';
import { concat, hex, toHex } from '../../support/bytes.js';

/** Identifier octets and the tag as the reader packs them. */
const IDS: readonly [string, number][] = [
  ['04', 0x04], ['30', 0x30], ['a3', 0xa3], ['88', 0x88], ['5f37', 0x5f37], ['bf36', 0xbf36], ['bf817f', 0xbf817f], ['9f8f8f01', 0x9f8f8f01],
];

interface Made {
  readonly id: number;
  readonly length: number;
  /** 'short' below 128 / 'long' minimal / 'padded' with a leading zero octet. */
  readonly form: 'minimal' | 'padded';
}

function lengthOctets(n: number, form: Made['form']): Uint8Array {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  if (form === 'padded') bytes.unshift(0);
  else if (n < 0x80) return Uint8Array.of(n);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

interface Expected {
  readonly start: number;
  readonly tag: number;
  readonly headerLength: number;
  readonly length: number;
  readonly minimal: boolean;
}

/** The bytes of a TLV sequence and the header of each TLV in it. */
function build(tlvs: readonly Made[]): { bytes: Uint8Array; headers: Expected[] } {
  const parts: Uint8Array[] = [];
  const headers: Expected[] = [];
  let at = 0;
  for (const t of tlvs) {
    const [idHex, tag] = IDS[t.id];
    const header = concat(hex(idHex), lengthOctets(t.length, t.form));
    headers.push({ start: at, tag, headerLength: header.length, length: t.length, minimal: t.form === 'minimal' });
    parts.push(header, new Uint8Array(t.length).fill(0xa5));
    at += header.length + t.length;
  }
  return { bytes: concat(...parts), headers };
}

const madeArb: fc.Arbitrary<Made> = fc.record({
  id: fc.integer({ min: 0, max: IDS.length - 1 }),
  length: fc.oneof(fc.integer({ min: 0, max: 130 }), fc.constantFrom(255, 256, 300)),
  form: fc.constantFrom('minimal', 'minimal', 'padded') as fc.Arbitrary<Made['form']>,
});

/** `bytes` cut at the given places (sorted, deduplicated, inside the bytes). */
function cut(bytes: Uint8Array, at: readonly number[]): Uint8Array[] {
  const points = [...new Set(at.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  return out;
}

type Seen = (Expected & { readonly carried: string | undefined }) | { readonly error: string; readonly start: number };

/** Every header of the pieces, read through one carry, content skipped. */
function readPieces(pieces: readonly Uint8Array[]): { seen: Seen[]; pending: number } {
  const carry = createHeaderCarry();
  const seen: Seen[] = [];
  let pos = 0;
  let skip = 0;
  for (const piece of pieces) {
    let i = 0;
    while (i < piece.length) {
      if (skip > 0) {
        const n = Math.min(skip, piece.length - i);
        skip -= n;
        i += n;
        pos += n;
        continue;
      }
      const start = pos - carry.pending;
      const h = carry.read(piece, i);
      i += carry.used;
      pos += carry.used;
      if (h.status === 'more') continue;
      if (h.status === 'error') {
        seen.push({ error: h.detail, start });
        return { seen, pending: carry.pending };
      }
      seen.push({ start, tag: h.tag, headerLength: h.headerLength, length: h.length, minimal: h.minimal, carried: carry.carried && toHex(carry.carried) });
      skip = h.length;
    }
  }
  return { seen, pending: carry.pending };
}

/** Where each piece starts. */
function pieceStarts(pieces: readonly Uint8Array[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const p of pieces) {
    starts.push(at);
    at += p.length;
  }
  return starts;
}

describe('header carry', () => {
  it('reads every header of a TLV sequence cut anywhere, holding the whole header when it spans pieces', () => {
    fc.assert(
      fc.property(fc.array(madeArb, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 12 }), (tlvs, at) => {
        const { bytes, headers } = build(tlvs);
        const pieces = cut(bytes, at);
        const starts = pieceStarts(pieces).filter((s, k) => pieces[k].length > 0);
        // A header is carried when a non-empty piece starts strictly inside it.
        const spans = (h: Expected) => starts.some((s) => s > h.start && s < h.start + h.headerLength);
        const expected = headers.map((h) => ({ ...h, carried: spans(h) ? toHex(bytes.subarray(h.start, h.start + h.headerLength)) : undefined }));
        const { seen, pending } = readPieces(pieces);
        expect(seen).toEqual(expected);
        expect(pending).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a header cut short, and reports it pending', () => {
    const { bytes } = build([{ id: 5, length: 300, form: 'minimal' }]); // bf36 82 012c
    for (let n = 1; n < 5; n++) {
      const { seen, pending } = readPieces([bytes.subarray(0, n)]);
      expect([n, seen, pending]).toEqual([n, [], n]);
    }
  });

  it('refuses a malformed header at its own offset however the bytes are cut', () => {
    // A good TLV, then a malformed header; the detail names what is wrong.
    const rows: [string, string][] = [
      ['04 ff 00', 'reserved length octet 0xFF'],
      ['04 85 00 00 00 00 01', 'length in 5 octets (at most 4 in partial mode)'],
      ['30 80 00 00', 'indefinite length (not supported in a Bound Profile Package)'],
      ['bf 80 01 00', 'tag number with a leading 0x80 octet'],
      ['9f 1e 00', 'tag number 30 in the high-tag-number form'],
      ['bf ff ff ff 7f 00', 'tag number larger than 21 bits'],
    ];
    const good = build([{ id: 1, length: 3, form: 'minimal' }]).bytes;
    for (const [bad, detail] of rows) {
      const bytes = concat(good, hex(bad));
      for (let c = 0; c <= bytes.length; c++) {
        const { seen } = readPieces(cut(bytes, [c]));
        expect([bad, c, seen.at(-1)]).toEqual([bad, c, { error: detail, start: good.length }]);
        // The scanner says the same, with the offset in its text.
        const scanner = createTlvScanner();
        const errors = cut(bytes, [c]).map((p) => scanner.feed(p));
        expect([bad, c, errors.find((e) => e !== undefined), scanner.failed, scanner.atBoundary()]).toEqual([bad, c, `${detail} at offset ${good.length}`, true, false]);
      }
    }
  });
});

describe('TLV scanner', () => {
  it('counts the TLVs of a stream cut anywhere, and is at a boundary only between them', () => {
    fc.assert(
      fc.property(fc.array(madeArb, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 12 }), fc.nat(), (tlvs, at, drop) => {
        const { bytes, headers } = build(tlvs);
        const scanner = createTlvScanner();
        for (const p of cut(bytes, at)) expect(scanner.feed(p)).toBeUndefined();
        expect([scanner.count, scanner.atBoundary(), scanner.lastTag, scanner.failed]).toEqual([headers.length, true, headers.at(-1)!.tag, false]);
        // The same stream stopped short of its end: inside a TLV, never at a boundary.
        const short = createTlvScanner();
        const end = drop % bytes.length;
        for (const p of cut(bytes.subarray(0, end), at)) expect(short.feed(p)).toBeUndefined();
        const boundaries = new Set(headers.map((h) => h.start));
        expect([end, short.atBoundary()]).toEqual([end, boundaries.has(end)]);
        expect(short.count).toBe(headers.filter((h) => h.start + h.headerLength + h.length <= end).length);
      }),
      { numRuns: 300 },
    );
  });
});
