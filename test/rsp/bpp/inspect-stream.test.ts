/**
 * The streaming BPP inspector (createBppInspector; inspectBpp is the same engine given one
 * piece): pieces of any size give exactly what the one-piece read gives, on single-, double-
 * and mixed-wrapped packages and on every mutation and truncation (same value, or the same
 * error code, offset and path); sizes and counts agree with an independent TLV walk; an error
 * inside the InitialiseSecureChannelRequest comes from its codec at its absolute offset; and a
 * 20 MB package read in pieces never has more than one StoreMetadata segment held.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../../../src/crypto/noble.js';
import { Asn1DecodeError } from '../../../src/der/errors.js';
import { tlv } from '../../../src/der/build.js';
import { BoundProfilePackage, InitialiseSecureChannelRequest } from '../../../src/generated/RSPDefinitions.js';
import { MAX_BUFFERED_SEGMENT, buildBpp, createBppInspector, inspectBpp, type BppInspection } from '../../../src/rsp/bpp/index.js';
import { concatBytes } from '../../../src/der/bytes.js';
import { children, profileBytes, tlvAt } from './helpers.js';

const euicc = nobleProvider.generateKeyPair('P-256');
const single = buildBpp({
  upp: profileBytes(40_000, (i) => (i * 13) & 0xff),
  metadata: { iccid: new Uint8Array(10).fill(0x98), serviceProviderName: 'SP', profileName: 'Profile' },
  transactionId: new Uint8Array(16).fill(7),
  eid: '89049032123451234512345678901235',
  euiccOtpk: euicc.publicKey,
  curve: 'P-256',
  smdpSigner: euicc.privateKey,
  ppk: { sEnc: new Uint8Array(16).fill(1), sMac: new Uint8Array(16).fill(2), initialMacChainingValue: new Uint8Array(16).fill(3) },
  provider: nobleProvider,
}).bpp;

/** The package with the elements chosen by `which` wrapped once more in a TLV of their own tag (old pySim output). */
function rewrap(bpp: Uint8Array, which: (index: number) => boolean): Uint8Array {
  const v = BoundProfilePackage.decode(bpp);
  let k = 0;
  const wrap = (tag: number) => (xs: readonly Uint8Array[]) => xs.map((x) => (which(k++) ? tlv(tag, x) : x));
  return BoundProfilePackage.encode({
    ...v,
    firstSequenceOf87: wrap(0x87)(v.firstSequenceOf87),
    sequenceOf88: wrap(0x88)(v.sequenceOf88),
    ...(v.secondSequenceOf87 ? { secondSequenceOf87: wrap(0x87)(v.secondSequenceOf87) } : {}),
    sequenceOf86: wrap(0x86)(v.sequenceOf86),
  });
}

const PACKAGES = { single, double: rewrap(single, () => true), mixed: rewrap(single, (i) => i % 2 === 1) };

/** What reading `bytes` gives: the inspection, or the error's code, offset and path. */
function outcome(read: () => BppInspection): BppInspection | { code: string; offset: number; path: string } {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof Asn1DecodeError)) throw err;
    return { code: err.code, offset: err.offset, path: err.path };
  }
}

/** `bytes` in pieces cut at `cuts`, through a fresh inspector. */
function inPieces(bytes: Uint8Array, cuts: readonly number[], peak?: (n: number) => void): BppInspection {
  const at = [0, ...[...new Set(cuts)].sort((a, b) => a - b), bytes.length];
  const inspector = createBppInspector({ strict: false });
  // Each piece is a copy the inspector does not own: it is overwritten once pushed.
  for (let i = 1; i < at.length; i++) {
    const piece = bytes.slice(at[i - 1], at[i]);
    inspector.push(piece);
    piece.fill(0xee);
  }
  peak?.(inspector.peakBufferedBytes);
  return inspector.end();
}

describe('createBppInspector', () => {
  it.each(Object.keys(PACKAGES) as (keyof typeof PACKAGES)[])('%s-wrapped: pieces of any size give the one-piece inspection', (kind) => {
    const bpp = PACKAGES[kind];
    const whole = inspectBpp(bpp, { strict: false });
    expect(whole.wrapping).toBe(kind);
    expect(whole.hasReplaceSessionKeys).toBe(true);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: bpp.length }), { maxLength: 40 }), (cuts) => {
        expect(inPieces(bpp, cuts, (n) => expect(n).toBeLessThanOrEqual(MAX_BUFFERED_SEGMENT))).toEqual(whole);
      }),
      { numRuns: 200 },
    );
    // one byte at a time
    expect(inPieces(bpp, Array.from({ length: bpp.length }, (_, i) => i))).toEqual(whole);
  });

  it('counts and sizes agree with an independent TLV walk; the metadata is the 88 plaintext', () => {
    for (const bpp of Object.values(PACKAGES)) {
      const info = inspectBpp(bpp);
      const [isc, ...groups] = children(bpp, 0);
      expect(isc.tag).toBe(0xbf23);
      expect(info.size).toBe(bpp.length);
      expect(info.groups.map((g) => [g.tag, g.offset, g.tlvLength])).toEqual(groups.map((g) => [g.tag, g.start, g.total]));
      expect(info.groups.map((g) => g.segmentSizes)).toEqual(groups.map((g) => children(bpp, g.start).map((e) => e.total)));
      expect(info.segmentCount).toBe(groups.reduce((n, g) => n + children(bpp, g.start).length, 0));
      expect(info.transactionId).toEqual(new Uint8Array(16).fill(7));
    }
    // the same StoreMetadataRequest bytes whatever the wrapping
    expect(inspectBpp(PACKAGES.double).storeMetadata).toEqual(inspectBpp(single).storeMetadata);
    expect(inspectBpp(single).storeMetadata[0]).toBe(0xbf);
  });

  it('a value that only looks wrapped (its first bytes are the tag and a length to its end) is single; a rewrapped one is double', () => {
    // Found by the round-trip property (e.g. {size: 557, maxSegmentBytes: 26}): a ciphertext or a
    // metadata plaintext may start with such bytes by chance. Planted here at every place.
    const small = buildBpp({
      upp: profileBytes(600, (i) => (i * 31) & 0xff),
      metadata: { iccid: new Uint8Array(10).fill(0x98), serviceProviderName: 'SP', profileName: 'P', iconType: 0, icon: new Uint8Array(200).fill(0x41) },
      transactionId: new Uint8Array(16).fill(7),
      eid: '89049032123451234512345678901235',
      euiccOtpk: euicc.publicKey,
      curve: 'P-256',
      smdpSigner: euicc.privateKey,
      maxSegmentBytes: 40,
      provider: nobleProvider,
    }).bpp;
    const [, ...groups] = children(small, 0);
    const elements = groups.flatMap((g) => children(small, g.start).map((e, i) => ({ ...e, index: i })));
    // the first 88 carries BF25 (the StoreMetadataRequest), so it cannot look wrapped
    const plantable = elements.filter((e) => !(e.tag === 0x88 && e.index === 0));
    expect(new Set(plantable.map((e) => e.tag))).toEqual(new Set([0x87, 0x88, 0x86]));
    const plaintext = (b: Uint8Array) => concatBytes(elements.filter((e) => e.tag === 0x88).map((e) => b.subarray(e.start + e.hl, e.start + e.total - 8)));
    for (const e of plantable) {
      const bpp = small.slice();
      const len = e.total - e.hl;
      // a minimal header of the element's tag whose length reaches the end of the value
      const fake = len - 2 < 128 ? [e.tag, len - 2] : len - 3 < 256 ? [e.tag, 0x81, len - 3] : [e.tag, 0x82, (len - 4) >> 8, (len - 4) & 0xff];
      bpp.set(fake, e.start + e.hl);
      expect(tlvAt(bpp, e.start + e.hl).total).toBe(len);
      const info = inspectBpp(bpp);
      expect(info.wrapping, `planted in ${e.tag.toString(16)} #${e.index}`).toBe('single');
      expect(info.storeMetadata).toEqual(plaintext(bpp));
      expect(inPieces(bpp, [e.start + e.hl + 1])).toEqual(inspectBpp(bpp, { strict: false }));
    }
    expect(inspectBpp(small).storeMetadata).toEqual(plaintext(small));
    // the other direction: every element really wrapped twice is still seen as such
    const double = rewrap(small, () => true);
    expect(inspectBpp(double).wrapping).toBe('double');
    expect(inspectBpp(double).storeMetadata).toEqual(plaintext(small));
    expect(inspectBpp(rewrap(small, (i) => i === 1)).wrapping).toBe('mixed');
  });

  it('every mutation and truncation: the same verdict in pieces as in one piece (value, or code, offset and path)', () => {
    const bpp = PACKAGES.mixed.subarray(0, 3000);
    const base = PACKAGES.mixed;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(fc.integer({ min: 0, max: base.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
            const t = base.slice();
            t[i] ^= x;
            return t;
          }),
          fc.integer({ min: 0, max: base.length }).map((n) => base.slice(0, n)),
          fc.uint8Array({ maxLength: 64 }).map((tail) => Uint8Array.from([...bpp.subarray(0, 40), ...tail])),
        ),
        fc.array(fc.integer({ min: 0, max: base.length }), { maxLength: 12 }),
        (bytes, cuts) => {
          const whole = outcome(() => inspectBpp(bytes, { strict: false }));
          expect(outcome(() => inPieces(bytes, cuts.filter((c) => c <= bytes.length)))).toEqual(whole);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('an error inside InitialiseSecureChannelRequest comes from its codec, at its offset in the package', () => {
    const [isc] = children(single, 0);
    const fields = children(single, isc.start);
    // remoteOpId (80 01 01) becomes a tag the type does not have: a codec error, not ours
    const bad = single.slice();
    bad[fields[0].start] = 0x9f;
    const alone = outcome(() => InitialiseSecureChannelRequest.decode(bad.subarray(isc.start, isc.start + isc.total)) as never);
    expect(alone).toMatchObject({ code: expect.any(String) });
    const inPackage = outcome(() => inspectBpp(bad)) as { code: string; offset: number; path: string };
    expect(inPackage.code).toBe((alone as { code: string }).code);
    expect(inPackage.offset).toBe(isc.start + (alone as { offset: number }).offset);
    expect(inPackage.path).toMatch(/^BoundProfilePackage\.initialiseSecureChannelRequest/);
    expect(outcome(() => inPieces(bad, [isc.start + 3, isc.start + 20]))).toEqual(inPackage);
  });

  it('strict mode refuses a long-form length that lenient mode reads', () => {
    // BF36's length written in four octets where two would do
    const [isc] = children(single, 0);
    const body = single.subarray(isc.start);
    const long = Uint8Array.from([0xbf, 0x36, 0x84, body.length >>> 24, (body.length >>> 16) & 0xff, (body.length >>> 8) & 0xff, body.length & 0xff, ...body]);
    expect(inspectBpp(long, { strict: false }).segmentCount).toBe(inspectBpp(single).segmentCount);
    expect(outcome(() => inspectBpp(long))).toMatchObject({ code: 'non-minimal-length', offset: 0 });
  });

  it('a 20 MB package in 64 KiB pieces: never more than one StoreMetadata segment held', () => {
    const v = BoundProfilePackage.decode(single);
    const segment = new Uint8Array(1016).fill(0x5a);
    const big = BoundProfilePackage.encode({ ...v, sequenceOf86: Array.from({ length: 20_000 }, () => segment) });
    expect(big.length).toBeGreaterThan(20e6);
    const inspector = createBppInspector();
    for (let p = 0; p < big.length; p += 65_536) inspector.push(big.subarray(p, p + 65_536));
    const info = inspector.end();
    expect(info.groups.at(-1)!.count).toBe(20_000);
    expect(info.groups.at(-1)!.segmentSizes.every((n) => n === 1020)).toBe(true);
    expect(inspector.peakBufferedBytes).toBeLessThanOrEqual(MAX_BUFFERED_SEGMENT);
    expect(info).toEqual(inspectBpp(big));
  });
});
