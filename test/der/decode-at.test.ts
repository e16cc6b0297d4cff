/**
 * `decodeAt(bytes, start, end)`: a value decoded where it lies inside a larger buffer reports
 * the same absolute offsets the DER reader (`hdr`) finds for it. For every message type the
 * generator can make, the encoding is placed between random bytes; then
 * - the value equals `decode` of the bare encoding;
 * - every composite value's kept encoding (`keepEncoded`) is the TLV `hdr` reads at that
 *   absolute offset, and nothing else;
 * - an error (the encoding cut short, or its first tag changed) has the bare decode's offset
 *   plus the prefix length, and the same path and code.
 * Then the real messages of ../shared/vectors/messages (skipped with one line when absent).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodedBytesOf } from '../../src/index.js';
import { decodeErrorOf } from '../support/errors.js';
import { hdr, newReader } from '../../src/der/reader.js';
import { children, readHeader, type TlvHeader } from '../../src/der/header.js';
import { describeVectors, vectorBytes, vectorJson, vectorList } from '../support/vectors.js';

const LENIENT = { mode: 'lenient' } as const;
import { codecOf } from '../../src/inspect/index.js';
import { messageTypes } from '../cli/corpus.js';
import { makeValue } from '../cli/generate.js';

/** Every object inside a decoded value (SEQUENCE/SET/CHOICE values), depth first. */
function composites(v: unknown, out: object[] = []): object[] {
  if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return out;
  if (!Array.isArray(v)) out.push(v);
  for (const x of Object.values(v)) composites(x, out);
  return out;
}

/** The message types the generator can make a value of (it gives up on a few). */
const types = messageTypes().filter((t) => makeValue(t) !== undefined);

describe('decodeAt', () => {
  it('has a corpus of message types to check', () => {
    expect(types.length).toBeGreaterThan(40);
  });

  it.each(types)('%s: values and kept encodings at the offsets hdr reads', (type) => {
    const made = makeValue(type)!;
    const codec = codecOf(type);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (pre, post) => {
        const der = made.der;
        const buf = new Uint8Array(pre.length + der.length + post.length);
        buf.set(pre, 0);
        buf.set(der, pre.length);
        buf.set(post, pre.length + der.length);
        const start = pre.length;
        const end = start + der.length;
        const v = codec.decodeAt(buf, start, end, { keepEncoded: true });
        expect(v).toEqual(codec.decode(der));
        const r = newReader(buf);
        for (const node of composites(v)) {
          const enc = encodedBytesOf(node);
          if (enc === undefined) continue;
          expect(enc.buffer).toBe(buf.buffer);
          const at = enc.byteOffset - buf.byteOffset;
          expect(at).toBeGreaterThanOrEqual(start);
          hdr(r, at, end);
          expect(r.n - at).toBe(enc.length);
        }
        // A cut-short encoding and a changed first tag fail at the same place, shifted.
        const cut = Math.max(1, der.length >> 1);
        const bare = decodeErrorOf(() => codec.decode(der.subarray(0, cut)));
        const placed = decodeErrorOf(() => codec.decodeAt(buf, start, start + cut));
        expect([placed.code, placed.path, placed.offset]).toEqual([bare.code, bare.path, bare.offset + start]);
        const wrong = der.slice();
        wrong[0] = 0x05; // NULL: no message type starts with it
        buf.set(wrong, start);
        const bareTag = decodeErrorOf(() => codec.decode(wrong));
        const placedTag = decodeErrorOf(() => codec.decodeAt(buf, start, end));
        expect([placedTag.code, placedTag.path, placedTag.offset]).toEqual([bareTag.code, bareTag.path, bareTag.offset + start]);
      }),
      { numRuns: 5 },
    );
  });

  it('refuses offsets outside the buffer, and bytes left before end', () => {
    const type = types[0];
    const made = makeValue(type)!;
    const codec = codecOf(type);
    const buf = new Uint8Array(made.der.length + 3);
    buf.set(made.der, 1);
    expect(() => codec.decodeAt(buf, -1, 4)).toThrow(RangeError);
    expect(() => codec.decodeAt(buf, 2, 1)).toThrow(RangeError);
    expect(() => codec.decodeAt(buf, 0, buf.length + 1)).toThrow(RangeError);
    const trailing = decodeErrorOf(() => codec.decodeAt(buf, 1, buf.length));
    expect([trailing.code, trailing.offset]).toEqual(['trailing-data', 1 + made.der.length]);
    expect(codec.decodeAt(buf, 1, buf.length, { allowTrailing: true })).toEqual(codec.decode(made.der));
  });
});

/**
 * The same over the real messages of ../shared/vectors/messages (made by other
 * implementations: BER forms included, so read leniently): each is placed after a prefix, and
 * every kept encoding must start where the toolkit's walk of the buffer (`readHeader` and
 * `children`, on the reader `hdr` runs) finds a TLV and span exactly that TLV.
 */
describeVectors('decodeAt on the real messages', ['messages'], () => {
  /** The vector files whose type names a codec with the file's outer tag (stand-alone encodings). */
  const messages = vectorList('messages')
    .filter((n) => n.endsWith('.json'))
    .map((n) => ({ name: n.replace(/\.json$/, '.der'), type: vectorJson<{ asn1Type: string }>('messages', n).asn1Type.split(/[ ,]/)[0] }))
    .map((m) => ({ ...m, der: vectorBytes('messages', m.name) }))
    .filter((m) => codecOf(m.type).tags?.includes(readHeader(m.der, 0, LENIENT).tag) ?? true);

  /** Start → end of every TLV in `bytes` from `start`, walking into constructed ones. */
  function tlvSpans(bytes: Uint8Array, start: number, out = new Map<number, number>()): Map<number, number> {
    const walk = (h: TlvHeader) => {
      out.set(h.start, h.end);
      if (h.constructed) for (const c of children(bytes, h, LENIENT)) walk(c);
    };
    walk(readHeader(bytes, start, LENIENT));
    return out;
  }

  it('has real messages to check', () => {
    expect(messages.length).toBeGreaterThanOrEqual(8);
  });

  it.each(messages.map((m) => [m.name, m] as const))('%s: kept encodings at the offsets the header reader finds', (_, m) => {
    const codec = codecOf(m.type);
    const pre = 7;
    const buf = new Uint8Array(pre + m.der.length + 5).fill(0xa5);
    buf.set(m.der, pre);
    const options = { strict: false, keepEncoded: true } as const;
    const v = codec.decodeAt(buf, pre, pre + m.der.length, options);
    expect(v).toEqual(codec.decode(m.der, { strict: false }));
    const spans = tlvSpans(buf, pre);
    const kept = composites(v).map((node) => encodedBytesOf(node)).filter((e) => e !== undefined);
    expect(kept.length).toBeGreaterThan(0);
    for (const enc of kept) {
      expect(enc.buffer).toBe(buf.buffer);
      const at = enc.byteOffset - buf.byteOffset;
      expect([at, spans.get(at)]).toEqual([at, at + enc.length]);
    }
  });
});
