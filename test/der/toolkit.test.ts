/**
 * The DER toolkit for people (`sgp32/der`): the named-field header reader in its three modes,
 * the children iterator and the writers, checked against asn1js (an independent BER
 * implementation) and against hand-made encodings; errors table-driven with code and offset.
 */
import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  children, peekTag, tagFields, tagLength, contentOf, integer, lengthOf, needsMore, oid, readHeader, readOid, tlv, tryReadHeader,
  type HeaderMode, type HeaderOptions, type PartialHeader,
  type Diagnostic, type TlvHeader,
} from '../../src/der/index.js';
import { cat, derLen, hex, toHexStr } from './bytes.js';
import { decodeErrorOf as decodeError } from '../support/errors.js';

/**
 * A random DER tree: TLVs of the application, context and private classes (universal tags
 * make asn1js interpret the content), any tag number, primitive or constructed.
 */
interface Node {
  readonly cls: number;
  readonly num: number;
  readonly kids?: readonly Node[];
  readonly content?: Uint8Array;
}

const nodeArb: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ cls: fc.integer({ min: 1, max: 3 }), num: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 31, max: 0x1fffff })), content: fc.uint8Array({ maxLength: 300 }) }),
    fc.record({ cls: fc.integer({ min: 1, max: 3 }), num: fc.integer({ min: 0, max: 200 }), kids: fc.array(tie('node'), { maxLength: 4 }) }),
  ),
})).node;

/** Identifier octets written by hand (X.690 §8.1.2), independent of the toolkit. */
function identifier(n: Node): Uint8Array {
  const lead = (n.cls << 6) | (n.kids ? 0x20 : 0);
  if (n.num < 31) return Uint8Array.of(lead | n.num);
  const groups: number[] = [];
  for (let v = n.num; v > 0; v = Math.floor(v / 128)) groups.unshift(v & 0x7f);
  return Uint8Array.of(lead | 0x1f, ...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
}

function encodeNode(n: Node): Uint8Array {
  const content = n.kids ? cat(...n.kids.map(encodeNode)) : n.content!;
  return cat(identifier(n), derLen(content.length), content);
}

/** Every header of the tree, depth first, read with the toolkit. */
function walk(bytes: Uint8Array, h: TlvHeader, out: TlvHeader[] = []): TlvHeader[] {
  out.push(h);
  if (h.constructed) for (const c of children(bytes, h)) walk(bytes, c, out);
  return out;
}

/** The parts of an asn1js block the walk reads. */
interface Asn1jsBlock {
  readonly blockLength: number;
  readonly idBlock: { readonly tagClass: number; readonly tagNumber: number; readonly isConstructed: boolean; readonly blockLength: number };
  readonly lenBlock: { readonly length: number; readonly blockLength: number };
  readonly valueBlock: { readonly value?: asn1js.AsnType[] };
}

/** The same walk with asn1js: [tag class, tag number, constructed, start, header length, content length]. */
function walkAsn1js(block: asn1js.AsnType, start: number, out: number[][] = []): number[][] {
  const b = block as unknown as Asn1jsBlock;
  const hl = b.idBlock.blockLength + b.lenBlock.blockLength;
  out.push([b.idBlock.tagClass - 1, b.idBlock.tagNumber, b.idBlock.isConstructed ? 1 : 0, start, hl, b.lenBlock.length]);
  if (b.idBlock.isConstructed) {
    let p = start + hl;
    for (const k of b.valueBlock.value ?? []) {
      walkAsn1js(k, p, out);
      p += (k as unknown as Asn1jsBlock).blockLength;
    }
  }
  return out;
}

const CLASS_INDEX = { universal: 0, application: 1, context: 2, private: 3 } as const;

describe('readHeader and children', () => {
  it('name the fields of a header', () => {
    // BF36 (BoundProfilePackage) with a two-octet length.
    const b = cat(hex('bf36 82 0100'), new Uint8Array(256));
    expect(readHeader(b, 0)).toEqual({
      start: 0, tag: 0xbf36, tagClass: 'context', tagNumber: 54, constructed: true, tagLength: 2,
      headerLength: 5, contentStart: 5, length: 256, contentEnd: 261, end: 261, indefinite: false, minimal: true,
    });
    const p = readHeader(hex('00 5f37 03 010203'), 1);
    expect([p.tagClass, p.tagNumber, p.constructed, p.start, p.contentStart, p.end]).toEqual(['application', 55, false, 1, 4, 7]);
    expect(toHexStr(contentOf(hex('00 5f37 03 010203'), p))).toBe('010203');
  });

  it('agree with asn1js on every TLV of random DER trees', () => {
    fc.assert(
      fc.property(nodeArb, (n) => {
        const der = encodeNode(n);
        const ours = walk(der, readHeader(der, 0)).map((h) => [CLASS_INDEX[h.tagClass], h.tagNumber, h.constructed ? 1 : 0, h.start, h.headerLength, h.length]);
        const parsed = asn1js.fromBER(der);
        expect(parsed.offset).toBe(der.length);
        expect(ours).toEqual(walkAsn1js(parsed.result, 0));
      }),
      { numRuns: 200 },
    );
  });

  it('refuse what DER refuses, each with its code and the TLV offset (strict mode)', () => {
    const rows: [string, string, number, string, number][] = [
      // name, bytes, offset read at, code, error offset
      ['empty', '', 0, 'truncated', 0],
      ['header cut short', '30', 0, 'truncated', 0],
      ['content cut short', '30 05 0101', 0, 'truncated', 0],
      ['content past end option', '04 02 0101 04 00', 0, 'truncated', 0],
      ['long form below 128', '04 81 01 00', 0, 'non-minimal-length', 0],
      ['leading zero length octet', '00 04 82 0080' + '00'.repeat(128), 1, 'non-minimal-length', 1],
      ['indefinite length', '30 80 0000', 0, 'indefinite-length', 0],
      ['reserved length octet', '04 ff', 0, 'bad-length', 0],
      ['high form for a low number', '9f 1e 00', 0, 'bad-tag', 0],
      ['leading 0x80 in the tag number', 'bf 80 01 00', 0, 'bad-tag', 0],
      ['tag number over 21 bits', 'bf ff ff ff 7f 00', 0, 'bad-tag', 0],
    ];
    for (const [name, h, at, code, offset] of rows) {
      const bytes = hex(h);
      const err = decodeError(() => readHeader(bytes, at, name === 'content past end option' ? { end: 3 } : undefined));
      expect([name, err.code, err.offset]).toEqual([name, code, offset]);
    }
  });

  it('accept BER in lenient mode and report each deviation', () => {
    const diagnostics: Diagnostic[] = [];
    const b = hex('30 80 04 81 02 aabb 0000');
    const h = readHeader(b, 0, { mode: 'lenient', diagnostics });
    expect([h.indefinite, h.minimal, h.contentStart, h.contentEnd, h.end, h.length]).toEqual([true, false, 2, 7, 9, 5]);
    const [k] = [...children(b, h, { mode: 'lenient', diagnostics })];
    expect([k.tag, k.minimal, k.headerLength, k.length, k.end]).toEqual([0x04, false, 3, 2, 7]);
    expect(diagnostics.map((d) => [d.code, d.offset])).toEqual([['indefinite-length', 0], ['non-minimal-length', 2]]);
    // The same bytes are refused in strict mode, at the outer TLV.
    expect(decodeError(() => readHeader(b, 0)).code).toBe('indefinite-length');
  });

  it('report an error inside a constructed TLV at the child that has it', () => {
    const b = hex('30 08 0201 05 04 81 02 aabb');
    const it = children(b, readHeader(b, 0));
    expect(it.next().value).toMatchObject({ tag: 2, start: 2 });
    const err = decodeError(() => it.next());
    expect([err.code, err.offset]).toEqual(['non-minimal-length', 5]);
  });

  it('check their arguments', () => {
    expect(() => readHeader('30' as unknown as Uint8Array, 0)).toThrow(TypeError);
    expect(() => readHeader(hex('3000'), 3)).toThrow(RangeError);
    expect(() => readHeader(hex('3000'), 0, { end: 5 })).toThrow(RangeError);
    expect(() => readHeader(hex('3000'), 0, { mode: 'loose' as 'strict' })).toThrow(RangeError);
  });
});

describe('tryReadHeader', () => {
  /** What readHeader says: its header, or the code of the Asn1DecodeError it throws. */
  function verdict(bytes: Uint8Array, at: number, options: HeaderOptions): TlvHeader | PartialHeader | string {
    try {
      return readHeader(bytes, at, options);
    } catch (err) {
      return decodeError(() => {
        throw err;
      }).code;
    }
  }

  it('answers with readHeader\'s header where it reads one and undefined where it throws, on any bytes, offset and end, in every mode', () => {
    // Random bytes, and random bytes after a real header (so that long lengths, high tag
    // numbers and indefinite lengths are met often), in both modes.
    const bytesArb = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.tuple(nodeArb, fc.uint8Array({ maxLength: 8 }), fc.nat()).map(([n, tail, cut]) => {
        const der = cat(encodeNode(n), tail);
        return der.subarray(0, cut % (der.length + 1));
      }),
      fc.tuple(fc.constantFrom('30 80', '04 81', '04 82 00', 'bf 1f', 'bf 80', 'bf ff ff ff', '04 ff', '24 80 04 00 00 00', '04 85 00 00 00 00 01'), fc.uint8Array({ maxLength: 6 })).map(([h, tail]) => cat(hex(h), tail)),
    );
    fc.assert(
      fc.property(bytesArb, fc.nat(), fc.nat(), fc.constantFrom('strict', 'lenient', 'partial') as fc.Arbitrary<HeaderMode>, (bytes, a, b, mode) => {
        const end = bytes.length === 0 ? 0 : b % (bytes.length + 1);
        const at = a % (end + 1);
        const want = verdict(bytes, at, { mode, end });
        const got = tryReadHeader(bytes, at, { mode, end } as HeaderOptions & { mode: 'strict' });
        expect(got).toEqual(typeof want === 'string' ? undefined : want);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts whole TLVs at their offset and refuses each malformed header, by mode', () => {
    // bytes, offset, end (default: all), strict answer [start, contentStart, end] or undefined, lenient answer
    type Row = [string, number, number | undefined, number[] | undefined, number[] | undefined];
    const rows: Row[] = [
      ['00 3000', 1, undefined, [1, 3, 3], [1, 3, 3]],
      ['ff 04 02 aabb ff', 1, 5, [1, 3, 5], [1, 3, 5]],
      ['00 bf 36 01 00', 1, undefined, [1, 4, 5], [1, 4, 5]],
      ['00 04 81 80' + '00'.repeat(128), 1, undefined, [1, 4, 132], [1, 4, 132]],
      ['04 81 01 00', 0, undefined, undefined, [0, 3, 4]], // long form below 128
      ['30 80 0000', 0, undefined, undefined, [0, 2, 4]], // indefinite
      ['04 85 00 00 00 00 01 aa', 0, undefined, undefined, [0, 7, 8]], // five length octets, leading zeros
      ['', 0, undefined, undefined, undefined],
      ['30', 0, undefined, undefined, undefined],
      ['00 30 05 0101', 1, undefined, undefined, undefined], // content cut short
      ['04 02 0101 04 00', 0, 3, undefined, undefined], // content past `end`
      ['04 ff', 0, undefined, undefined, undefined], // reserved length octet
      ['04 84 ff ff ff ff', 0, undefined, undefined, undefined], // length past the end
      ['9f 1e 00', 0, undefined, undefined, undefined], // high form for a low number
      ['bf 80 01 00', 0, undefined, undefined, undefined], // leading 0x80 in the tag number
      ['bf ff ff ff 7f 00', 0, undefined, undefined, undefined], // tag number over 21 bits
      ['bf 9f', 0, undefined, undefined, undefined], // identifier cut short
      ['04 80 00 00', 0, undefined, undefined, undefined], // indefinite on a primitive
      ['9f 1f 00', 0, undefined, [0, 3, 3], [0, 3, 3]], // the smallest high tag number
      ['5f 37 81 80' + '00'.repeat(128), 0, undefined, [0, 4, 132], [0, 4, 132]],
      ['bf 36 82 01 00' + '00'.repeat(256), 0, undefined, [0, 5, 261], [0, 5, 261]],
      ['04 82 00 ff' + '00'.repeat(255), 0, undefined, undefined, [0, 4, 259]], // two length octets for one
      ['04 82 00 7f' + '00'.repeat(127), 0, undefined, undefined, [0, 4, 131]], // two length octets for a short form
      ['04 82 01 00' + '00'.repeat(255), 0, undefined, undefined, undefined], // content one octet short
      ['04 82 01 00' + '00'.repeat(256), 0, 259, undefined, undefined], // content past `end`
      ['04 81 80' + '00'.repeat(128), 0, 130, undefined, undefined],
      ['bf 36 82 01', 0, undefined, undefined, undefined], // length octets cut short
      ['04 81', 0, undefined, undefined, undefined],
      ['bf 36 82 01 00 00', 0, 3, undefined, undefined], // length octets past `end`
    ];
    for (const [h, at, end, strict, lenient] of rows) {
      const bytes = hex(h);
      const answer = (mode: 'strict' | 'lenient') => {
        const r = tryReadHeader(bytes, at, { mode, end });
        return r === undefined ? undefined : [r.start, r.contentStart, r.end];
      };
      expect([h, answer('strict'), answer('lenient')]).toEqual([h, strict, lenient]);
    }
  });

  it('in strict mode, takes a header only in its one DER form (X.690 §10.1), on random bytes after likely header octets', () => {
    // Identifier and length octets chosen to meet every branch of the reader (low and high
    // tag numbers, short and long lengths, minimal or not), then random octets and room for
    // the content. Whatever is taken must be the tag's identifier octets followed by the
    // shortest length octets, written here by hand.
    const ids = ['04', '30', 'a1', '9f 1e', '9f 1f', '5f 37', 'bf 36', 'bf 80', 'bf 81 00', 'df 7f', '1f 85 01', 'ff ff ff 7f', ''];
    const lengths = ['00', '05', '7f', '80', '81', '81 7f', '81 80', '81 ff', '82', '82 00', '82 00 80', '82 01 00', '83 00 01 00', '84', ''];
    const bytesArb = fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...lengths), fc.uint8Array({ maxLength: 4 }), fc.nat({ max: 300 }))
      .map(([id, len, tail, room]) => cat(hex(id), hex(len), tail, new Uint8Array(room)));
    const identifierOf = (tag: number) => {
      const out: number[] = [];
      for (let t = tag; out.length === 0 || t > 0; t = Math.floor(t / 256)) out.unshift(t & 0xff);
      return Uint8Array.from(out);
    };
    let taken = 0;
    fc.assert(
      fc.property(bytesArb, fc.nat(), (bytes, cut) => {
        const end = cut % (bytes.length + 1);
        const h = tryReadHeader(bytes, 0, { mode: 'strict', end });
        if (h === undefined) return;
        taken++;
        expect(toHexStr(bytes.subarray(0, h.headerLength))).toBe(toHexStr(cat(identifierOf(h.tag), derLen(h.length))));
        expect(h.end).toBeLessThanOrEqual(end);
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(100);
  });

  it('in partial mode, asks for more bytes or gives an open header, and refuses malformed headers', () => {
    const partial = (h: string) => tryReadHeader(hex(h), 0, { mode: 'partial' });
    expect(partial('bf 36 82 01')).toEqual({ needMore: 1 });
    expect(partial('30 80 04')).toMatchObject({ indefinite: true, contentStart: 2, end: undefined });
    expect(partial('04 82 01 2c aa')).toMatchObject({ tag: 4, contentStart: 4, length: 300, end: 304 });
    for (const bad of ['04 ff', '04 85 00 00 00 00 01', 'bf 80 01', '9f 1e 00', '04 80']) expect([bad, partial(bad)]).toEqual([bad, undefined]);
  });

  it('checks its arguments as readHeader does', () => {
    expect(() => tryReadHeader('30' as unknown as Uint8Array, 0)).toThrow(TypeError);
    expect(() => tryReadHeader(hex('3000'), 3)).toThrow(RangeError);
    expect(() => tryReadHeader(hex('3000'), 0, { end: 5 })).toThrow(RangeError);
    expect(() => tryReadHeader(hex('3000'), 0, { mode: 'loose' as 'strict' })).toThrow(RangeError);
  });
});

describe('readHeader in partial mode (streaming)', () => {
  it('asks for more bytes on every prefix of a header, never more than the header still needs, then reads it', () => {
    fc.assert(
      fc.property(nodeArb, fc.boolean(), (n, longForm) => {
        let der = encodeNode(n);
        const full = readHeader(der, 0);
        if (longForm) {
          // A non-minimal length (one extra leading zero octet), which streams must take.
          const lenOctets = der.subarray(full.tagLength, full.headerLength);
          const count = lenOctets[0] & 0x80 ? lenOctets[0] & 0x7f : 0;
          const value = count ? lenOctets.subarray(1) : lenOctets;
          der = cat(der.subarray(0, full.tagLength), Uint8Array.of(0x80 | (count + 1), 0), value, contentOf(der, full));
        }
        const strictish = readHeader(der, 0, { mode: 'lenient' });
        for (let k = 0; k < strictish.headerLength; k++) {
          const h = readHeader(der.subarray(0, k), 0, { mode: 'partial' });
          expect(needsMore(h)).toBe(true);
          if (needsMore(h)) {
            expect(h.needMore).toBeGreaterThan(0);
            expect(k + h.needMore).toBeLessThanOrEqual(strictish.headerLength);
          }
        }
        // With the header and none, some or all of the content: the same header.
        for (const k of [strictish.headerLength, Math.floor((strictish.headerLength + der.length) / 2), der.length]) {
          const h = readHeader(der.subarray(0, k), 0, { mode: 'partial' });
          expect(h).toEqual(strictish);
          expect(needsMore(h)).toBe(false);
        }
        expect(strictish.minimal).toBe(!longForm);
      }),
      { numRuns: 200 },
    );
  });

  it('returns an indefinite header with its end unknown, and refuses malformed headers at once', () => {
    const h = readHeader(hex('bf36 80 30'), 0, { mode: 'partial' });
    expect(h).toMatchObject({ tag: 0xbf36, indefinite: true, contentStart: 3, end: undefined, length: undefined });
    const rows: [string, string][] = [
      ['04 80', 'bad-length'],
      ['04 ff', 'bad-length'],
      ['9f 05 00', 'bad-tag'],
      ['bf 80', 'bad-tag'],
      ['bf ff ff ff', 'bad-tag'],
      ['04 85 ff ff ff ff ff', 'bad-length'],
    ];
    for (const [h2, code] of rows) expect([h2, decodeError(() => readHeader(hex(h2), 0, { mode: 'partial' })).code]).toEqual([h2, code]);
  });
});

describe('writers', () => {
  it('tlv and lengthOf write what asn1js reads back, for every length form', () => {
    fc.assert(
      fc.property(fc.constantFrom(0x04, 0x30, 0xa1, 0x5f37, 0xbf36, 0x9f8101), fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 3 }), fc.nat({ max: 70000 }), (tag, parts, pad) => {
        const raw = [...parts, new Uint8Array(pad % 3 === 0 ? pad : 0)];
        // asn1js reads a constructed TLV's content as TLVs (and refuses, e.g., an empty 18
        // GeneralizedTime: seed -1391701737), so there each piece is an OCTET STRING TLV.
        const constructed = ((tag >= 0x10000 ? tag >> 16 : tag >= 0x100 ? tag >> 8 : tag) & 0x20) !== 0;
        const pieces = constructed ? raw.map((x) => tlv(0x04, x)) : raw;
        const t = tlv(tag, ...pieces);
        const content = cat(...pieces);
        const h = readHeader(t, 0);
        expect([h.tag, h.length, h.end]).toEqual([tag, content.length, t.length]);
        expect(contentOf(t, h)).toEqual(content);
        expect(lengthOf(content.length)).toEqual(derLen(content.length));
        const parsed = asn1js.fromBER(t);
        expect((parsed.result as unknown as Asn1jsBlock).lenBlock.length).toBe(content.length);
      }),
      { numRuns: 100 },
    );
    expect(toHexStr(lengthOf(300))).toBe('82012c');
    expect(() => lengthOf(-1)).toThrow(RangeError);
    expect(() => lengthOf(2 ** 32)).toThrow(RangeError);
    for (const bad of [0x1f, 0xbf80, 0xbf36 | 0x80, 0x3036, -1, 1.5]) expect(() => tlv(bad)).toThrow(RangeError);
    expect(() => tlv(0x30, 'ab' as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('integer agrees with asn1js for numbers and bigints', () => {
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n })), (v) => {
        const ours = integer(v);
        const theirs = new Uint8Array(new asn1js.Integer(typeof v === 'bigint' ? { value: 0 } : { value: v }).toBER());
        if (typeof v === 'number') expect(ours).toEqual(theirs);
        const back = asn1js.fromBER(ours).result as asn1js.Integer;
        expect(back.toBigInt()).toBe(BigInt(v));
      }),
      { numRuns: 300 },
    );
    expect(toHexStr(integer(128))).toBe('02020080');
    expect(toHexStr(integer(-129))).toBe('0202ff7f');
    expect(() => integer(2 ** 53)).toThrow(RangeError);
  });

  it('oid writes what readOid and asn1js read back', () => {
    for (const o of ['1.2.840.10045.2.1', '1.3.36.3.3.2.8.1.1.7', '2.999.1', '0.39', '2.23.146.1.2.1.0.0.2']) {
      const t = oid(o);
      expect(readOid(t, readHeader(t, 0))).toBe(o);
      expect((asn1js.fromBER(t).result as asn1js.ObjectIdentifier).getValue()).toBe(o);
    }
    expect(toHexStr(oid('1.2.840.10045.2.1'))).toBe('06072a8648ce3d0201');
    expect(() => oid('1.40')).toThrow(RangeError);
    expect(() => oid('x')).toThrow(RangeError);
    expect(decodeError(() => readOid(hex('0400'), readHeader(hex('0400'), 0))).code).toBe('unexpected-tag');
    expect(decodeError(() => readOid(hex('0602 2a86'), readHeader(hex('0602 2a86'), 0)))).toMatchObject({ code: 'bad-oid', offset: 3 });
  });
});

describe('peekTag, tagLength and tagFields', () => {
  it('read the tag from the identifier octets alone, as readHeader packs it', () => {
    fc.assert(
      fc.property(nodeArb, (n) => {
        const der = encodeNode(n);
        const h = readHeader(der, 0);
        const id = identifier(n);
        expect(peekTag(id)).toBe(h.tag);
        expect(peekTag(cat(hex('00'), der), 1)).toBe(h.tag);
        expect(tagLength(h.tag)).toBe(id.length);
        expect(tagFields(h.tag)).toEqual({ tagClass: h.tagClass, tagNumber: n.num, constructed: !!n.kids });
        // Cut short: no tag.
        if (id.length > 1) expect(peekTag(id.subarray(0, id.length - 1))).toBeUndefined();
      }),
      { numRuns: 200 },
    );
    for (const bad of ['', 'bf', 'bf80', '9f05', 'bfffffff7f']) expect([bad, peekTag(hex(bad))]).toEqual([bad, undefined]);
    expect(tagFields(0x5f37)).toEqual({ tagClass: 'application', tagNumber: 55, constructed: false });
    expect(tagFields(0x30)).toEqual({ tagClass: 'universal', tagNumber: 16, constructed: true });
  });
});
