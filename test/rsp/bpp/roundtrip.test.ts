/**
 * build → open round trips: random profiles from 1 byte to 200 KB on both curves, with and
 * without ReplaceSessionKeys, random segment limits, random providers on each side; the TS.48
 * profiles bound and reopened byte-exact; cross-provider; the StoreMetadataRequest choice.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Curve, EcKeyPair } from '../../../src/crypto/provider.js';
import { nobleProvider } from '../../../src/crypto/noble.js';
import { fastProvider, nativeProvider, providers } from '../../support/providers.js';
import { equalBytes } from '../../support/bytes.js';
import { keyPairArb, keyPairOf } from '../../support/keys.js';
import { vectorList } from '../../support/vectors.js';
import { StoreMetadataRequest as Sgp22StoreMetadataRequest } from '../../../src/generated/RSPDefinitions.js';
import { StoreMetadataRequest } from '../../../src/generated/SGP32Definitions.js';
import { buildBpp, inspectBpp, openBpp, MAX_SEGMENT_BYTES, type BspKeys } from '../../../src/rsp/bpp/index.js';
import { SKIP_MSG, children, profileBytes, haveUpp, readBytes, readJson, toHex } from './helpers.js';

const curves: readonly Curve[] = ['P-256', 'brainpoolP256r1'];

function randomBytes(n: number, seed: number): Uint8Array {
  // xorshift: cheap deterministic filler for large profiles (fast-check picks the seed).
  const out = new Uint8Array(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const metadataArb = fc.record(
  {
    iccid: fc.uint8Array({ minLength: 10, maxLength: 10 }),
    serviceProviderName: fc.string({ maxLength: 32 }),
    profileName: fc.string({ maxLength: 64 }),
    iconType: fc.constantFrom(0, 1),
    icon: fc.uint8Array({ maxLength: 1024 }),
  },
  { requiredKeys: ['iccid', 'serviceProviderName', 'profileName'] },
);

const keyArb = fc.record({
  sEnc: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  sMac: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  initialMacChainingValue: fc.uint8Array({ minLength: 16, maxLength: 16 }),
});

/** Fixed key pairs on `curve` from the scalars `a` (eUICC) and `b` (SM-DP+), for the examples below. */
function keysOf(curve: Curve, a: bigint, b: bigint): { curve: Curve; euicc: EcKeyPair; dppb: EcKeyPair } {
  return { curve, euicc: keyPairOf(curve, a), dppb: keyPairOf(curve, b) };
}

/** A curve, the eUICC's one-time key pair and the SM-DP+'s signing key pair on it (replayable from fast-check's seed). */
const keysArb = fc.constantFrom(...curves).chain((curve) => fc.record({ curve: fc.constant(curve), euicc: keyPairArb(curve), dppb: keyPairArb(curve) }));

/** Few large profiles, more small ones; segment limits anywhere in [26, 1020] for small ones. */
const caseArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ size: fc.integer({ min: 6, max: 4000 }), maxSegmentBytes: fc.integer({ min: 26, max: MAX_SEGMENT_BYTES }) }) },
  { weight: 1, arbitrary: fc.record({ size: fc.integer({ min: 4000, max: 200 * 1024 }), maxSegmentBytes: fc.integer({ min: 600, max: MAX_SEGMENT_BYTES }) }) },
);

describe('build → open (property)', () => {
  it('random profiles, curves, PPK or not, segment limits and providers', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.integer(),
        keysArb,
        fc.option(keyArb, { nil: undefined }),
        metadataArb,
        fc.uint8Array({ minLength: 1, maxLength: 16 }),
        fc.constantFrom(...providers),
        fc.constantFrom(...providers),
        ({ size, maxSegmentBytes }, seed, { curve, euicc, dppb }, ppk, metadata, transactionId, buildWith, openWith) => {
          const filler = randomBytes(size, seed);
          const upp = profileBytes(size, (i) => filler[i]);
          const eid = randomBytes(16, seed ^ 0x5a5a);
          const meta = metadata.icon === undefined ? (({ iconType: _t, ...m }) => m)(metadata) : metadata;
          const built = buildBpp({
            upp,
            metadata: meta,
            transactionId,
            eid,
            euiccOtpk: euicc.publicKey,
            curve,
            smdpSigner: dppb.privateKey,
            ppk: ppk as BspKeys | undefined,
            maxSegmentBytes,
            provider: buildWith,
          });
          const res = openBpp(built.bpp, {
            euiccOtsk: euicc.privateKey,
            eid,
            smdpPublicKey: dppb.publicKey,
            transactionId,
            checkUpp: false,
            provider: openWith,
          });
          if (!res.ok) throw new Error(`${res.failure.reason} at ${res.failure.segment}: ${res.failure.detail}`);
          expect(equalBytes(res.upp, upp)).toBe(true);
          expect(res.signature).toBe('valid');
          expect(res.sessionKeysReplaced).toBe(ppk !== undefined);
          expect(res.deviations).toEqual([]);
          expect(toHex(res.sessionKeys.sMac)).toBe(toHex(built.sessionKeys.sMac));
          expect(toHex(res.storeMetadata.bytes)).toBe(toHex(StoreMetadataRequest.encode(meta)));
          expect(toHex(res.configureIsdp.bytes)).toBe('bf2400');
          // 88 and 86 segments within the limit chosen; the single 87s within SGP.22's
          for (const s of res.segments) expect(s.tlvLength).toBeLessThanOrEqual(s.tag === 0x87 ? MAX_SEGMENT_BYTES : maxSegmentBytes);
          const profile = res.segments.filter((s) => s.group === 'sequenceOf86');
          expect(profile.length).toBe(built.counts.sequenceOf86);
          const firstCounter = ppk ? 1 : 2 + built.counts.sequenceOf88;
          expect(profile.map((s) => s.counter)).toEqual(profile.map((_, i) => firstCounter + i));
          // the structure an independent walker sees
          const groups = children(built.bpp, 0).slice(1);
          expect(groups.map((g) => g.tag)).toEqual(ppk ? [0xa0, 0xa1, 0xa2, 0xa3] : [0xa0, 0xa1, 0xa3]);
          const info = inspectBpp(built.bpp);
          expect(info.wrapping).toBe('single');
          expect(info.segmentCount).toBe(res.segments.length);
          expect(toHex(info.storeMetadata)).toBe(toHex(res.storeMetadata.bytes));
        },
      ),
      {
        // fast-check prints the seed and path of a failure (pass them back as `seed`/`path`)
        numRuns: 40,
        // the two ends of the range, always run: 1 byte (smallest segments), 200 KB (PPK, brainpool)
        examples: [
          [{ size: 6, maxSegmentBytes: 26 }, 1, keysOf('P-256', 1n, 2n), undefined, { iccid: new Uint8Array(10), serviceProviderName: '', profileName: '' }, new Uint8Array(1), nobleProvider, fastProvider],
          [
            { size: 200 * 1024, maxSegmentBytes: MAX_SEGMENT_BYTES },
            2,
            keysOf('brainpoolP256r1', 3n, 4n),
            { sEnc: new Uint8Array(16).fill(1), sMac: new Uint8Array(16).fill(2), initialMacChainingValue: new Uint8Array(16).fill(3) },
            { iccid: new Uint8Array(10), serviceProviderName: 'SP', profileName: 'P', iconType: 1, icon: new Uint8Array(1024) },
            new Uint8Array(16),
            fastProvider,
            nobleProvider,
          ],
          // seen failing (seed 1701214321, when keys were still made with generateKeyPair and
          // the seed could not replay them): a segment whose value started, by chance, like a
          // second TLV of its tag was counted double-wrapped. The 86/87 ciphertext depends on
          // the keys, so this row reaches that case for 86/87 only by chance (inspect-stream.test.ts
          // plants it at every place); in the first, the icon (at offset 30 of the metadata, 16 plaintext
          // bytes a segment) makes every 88 after the first start with 88 16, a length to its end.
          [
            { size: 557, maxSegmentBytes: 26 },
            3,
            keysOf('P-256', 5n, 6n),
            undefined,
            { iccid: new Uint8Array(10), serviceProviderName: 'x', profileName: 'y', iconType: 0, icon: Uint8Array.from({ length: 300 }, (_, i) => (i % 2 ? 0x16 : 0x88)) },
            new Uint8Array(4),
            fastProvider,
            fastProvider,
          ],
          [{ size: 141339, maxSegmentBytes: 601 }, 4, keysOf('brainpoolP256r1', 7n, 8n), undefined, { iccid: new Uint8Array(10), serviceProviderName: 'SP', profileName: 'P' }, new Uint8Array(16), nobleProvider, fastProvider],
        ],
      },
    );
  });

  it('chunks already cut are used as given, one 86 each', () => {
    const euicc = fastProvider.generateKeyPair('P-256');
    // one profile of 1,512 bytes (a filler element, then End) cut 1,007 + 5 + 500
    const whole = profileBytes(1512, (i) => (i * 7) & 0xff);
    const chunks = [whole.subarray(0, 1007), whole.subarray(1007, 1012), whole.subarray(1012)];
    const built = buildBpp({
      upp: chunks,
      metadata: { iccid: new Uint8Array(10), serviceProviderName: 'x', profileName: 'y' },
      transactionId: new Uint8Array([1]),
      eid: '89049032123451234512345678901235',
      euiccOtpk: euicc.publicKey,
      curve: 'P-256',
      smdpSigner: euicc.privateKey,
    });
    const res = openBpp(built.bpp, { euiccOtsk: euicc.privateKey, eid: '89049032123451234512345678901235', checkUpp: false });
    expect(res.ok && res.segments.filter((s) => s.group === 'sequenceOf86').map((s) => s.plaintextLength)).toEqual([1007, 5, 500]);
    expect(res.ok && res.segments.filter((s) => s.group === 'sequenceOf86').map((s) => s.tlvLength)).toEqual([1020, 26, 524]);
  });
});

// Under Node only: a browser has no native provider to cross with.
const native = nativeProvider;
if (native) describe('cross-provider', () => {
  for (const [build, open] of [[nobleProvider, native], [native, nobleProvider]] as const) {
    for (const curve of curves) {
      it(`build with ${build.name}, open with ${open.name} (${curve})`, () => {
        const euicc = open.generateKeyPair(curve);
        const dppb = build.generateKeyPair(curve);
        const filler = randomBytes(30_000, 7);
        const upp = profileBytes(30_000, (i) => filler[i]);
        const built = buildBpp({
          upp,
          metadata: { iccid: new Uint8Array(10), serviceProviderName: 'SP', profileName: 'P' },
          transactionId: randomBytes(16, 3),
          eid: randomBytes(16, 4),
          euiccOtpk: euicc.publicKey.point,
          curve,
          smdpSigner: dppb.privateKey,
          provider: build,
        });
        const res = openBpp(built.bpp, { euiccOtsk: euicc.privateKey, eid: randomBytes(16, 4), smdpPublicKey: dppb.publicKey, checkUpp: false, provider: open });
        expect(res.ok && equalBytes(res.upp, upp)).toBe(true);
        // the wrong EID derives other keys: the first segment fails
        const wrong = openBpp(built.bpp, { euiccOtsk: euicc.privateKey, eid: randomBytes(16, 6), provider: open });
        expect(!wrong.ok && [wrong.failure.reason, wrong.failure.segment]).toEqual(['mac-mismatch', 0]);
      });
    }
  }
});

describe.skipIf(!haveUpp)(`TS.48 profiles${haveUpp ? '' : ` (${SKIP_MSG})`}`, () => {
  const files = haveUpp ? vectorList('upp').filter((f) => f.endsWith('.der')) : [];
  it('there are TS.48 profiles to bind', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    for (const curve of curves) {
      it(`${file} bound and reopened byte-exact (${curve}, with and without PPK)`, () => {
        const upp = readBytes('upp', file);
        const meta = readJson('upp', file.replace(/\.der$/, '.json'));
        const euicc = fastProvider.generateKeyPair(curve);
        const dppb = fastProvider.generateKeyPair(curve);
        for (const ppk of [undefined, { sEnc: randomBytes(16, 1), sMac: randomBytes(16, 2), initialMacChainingValue: randomBytes(16, 3) }]) {
          const built = buildBpp({
            upp,
            metadata: { iccid: new Uint8Array(10), serviceProviderName: 'GSMA', profileName: meta.profileHeader?.profileType ?? file },
            transactionId: randomBytes(16, 9),
            eid: '89049032123451234512345678901235',
            euiccOtpk: euicc.publicKey,
            curve,
            smdpSigner: dppb.privateKey,
            ppk,
            provider: fastProvider,
          });
          const res = openBpp(built.bpp, { euiccOtsk: euicc.privateKey, eid: '89049032123451234512345678901235', smdpPublicKey: dppb.publicKey });
          expect(res.ok).toBe(true);
          if (!res.ok) return;
          expect(equalBytes(res.upp, upp)).toBe(true);
          expect(res.segments.filter((s) => s.group === 'sequenceOf86').length).toBe(Math.ceil(upp.length / 1007));
          expect(Math.max(...res.segments.map((s) => s.tlvLength))).toBe(1020);
        }
      });
    }
  }
});

describe('StoreMetadataRequest: the SGP.32 codec', () => {
  it('encodes an SGP.22-only value exactly as the SGP.22 codec does, and adds the SGP.32 components', () => {
    const v = { iccid: randomBytes(10, 1), serviceProviderName: 'Op', profileName: 'Name', iconType: 1, icon: randomBytes(100, 2), profileClass: 1 };
    expect(toHex(StoreMetadataRequest.encode(v))).toBe(toHex(Sgp22StoreMetadataRequest.encode(v)));
    const v32 = { ...v, ecallIndication: true, fallbackAllowed: false };
    const bytes = StoreMetadataRequest.encode(v32);
    expect(StoreMetadataRequest.decode(bytes)).toMatchObject({ ecallIndication: true, fallbackAllowed: false });
    // the SGP.22 codec keeps them only as unknown extensions
    expect(Sgp22StoreMetadataRequest.decode(bytes).$unknown?.length).toBe(2);
  });
});

