/**
 * The streaming opener on a 5 MB synthetic profile fed in random chunk sizes: every segment is
 * emitted as soon as its last byte arrives, the plaintext equals the profile, and the bytes the
 * opener holds never exceed a small multiple of one segment (reported, with heap deltas).
 */
import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../../../src/crypto/noble.js';
import { nodeProvider } from '../../../src/crypto/node/index.js';
import { buildBpp, createBppOpener, openBpp, MAX_SEGMENT_BYTES, type BppStreamEvent } from '../../../src/rsp/bpp/index.js';
import { children } from './helpers.js';
import { prng as rng } from '../../support/bytes.js';

const EID = '89049032123451234512345678901235';

/** Profile-like TLVs (A0 83 LLLLLL …) up to `total` bytes. */
function syntheticUpp(total: number, seed: number): Uint8Array {
  const r = rng(seed);
  const out = new Uint8Array(total);
  let o = 0;
  while (o < total) {
    const room = total - o;
    if (room < 8) {
      // fill the tail with empty TLVs (05 00), the last one the End element (AA 00)
      while (o + 2 <= total) {
        out[o++] = o + 2 >= total ? 0xaa : 0x05;
        out[o++] = 0x00;
      }
      if (o < total) throw new Error('odd tail');
      break;
    }
    const len = Math.min(room - 7, 1000 + Math.floor(r() * 60_000));
    out.set([0xa0, 0x83, len >> 16, (len >> 8) & 0xff, len & 0xff], o);
    o += 5;
    for (let i = 0; i < len; i++) out[o + i] = (r() * 256) | 0;
    o += len;
  }
  return out;
}

/** End offsets of every segment, from an independent TLV walk. */
function segmentEnds(bpp: Uint8Array): number[] {
  const ends: number[] = [];
  for (const g of children(bpp, 0).slice(1)) for (const c of children(bpp, g.start)) ends.push(c.start + c.total);
  return ends;
}

describe('streaming opener', () => {
  const SIZE = 5 * 1024 * 1024;
  const upp = syntheticUpp(SIZE, 2024);
  const euicc = nodeProvider.generateKeyPair('brainpoolP256r1');
  const dppb = nodeProvider.generateKeyPair('brainpoolP256r1');
  const built = buildBpp({
    upp,
    metadata: { iccid: new Uint8Array(10), serviceProviderName: 'Stream', profileName: '5 MB' },
    transactionId: new Uint8Array(16).fill(5),
    eid: EID,
    euiccOtpk: euicc.publicKey,
    curve: 'brainpoolP256r1',
    smdpSigner: dppb.privateKey,
    provider: nodeProvider,
  });
  const bpp = built.bpp;
  const ends = segmentEnds(bpp);
  const uppHash = createHash('sha256').update(upp).digest('hex');

  it('5 MB profile in random chunks: verified segments as they complete, memory bounded by one segment', () => {
    const r = rng(77);
    const opener = createBppOpener({ euiccOtsk: euicc.privateKey, eid: EID, smdpPublicKey: dppb.publicKey, provider: nodeProvider });
    // A collector handle without --expose-gc on the command line.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const retained = (): number => {
      gc();
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const heapBefore = retained();
    let heapPeak = 0;
    const samples: [number, number][] = [];
    const hash = createHash('sha256');
    let emitted = 0;
    let pushed = 0;
    let chunks = 0;
    let uppBytes = 0;
    while (pushed < bpp.length) {
      const kind = r();
      const max = kind < 0.3 ? 7 : kind < 0.8 ? 3000 : 70_000;
      const n = Math.min(bpp.length - pushed, 1 + Math.floor(r() * max));
      // a fresh copy, as a socket would hand it over: nothing may point into an earlier chunk
      const events: BppStreamEvent[] = opener.push(bpp.slice(pushed, pushed + n));
      pushed += n;
      chunks++;
      for (const ev of events) {
        if (ev.type !== 'segment') continue;
        emitted++;
        if (ev.report.group === 'sequenceOf86') {
          hash.update(ev.plaintext);
          uppBytes += ev.plaintext.length;
        }
      }
      // every segment whose last byte has arrived is out, and no other
      let complete = 0;
      while (complete < ends.length && ends[complete] <= pushed) complete++;
      if (emitted !== complete) throw new Error(`after ${pushed} bytes: ${emitted} segments emitted, ${complete} complete`);
      if (chunks % 50 === 0) {
        const now = retained() - heapBefore;
        heapPeak = Math.max(heapPeak, now);
        samples.push([pushed, now]);
      }
    }
    const verdict = opener.end();
    expect(verdict.ok).toBe(true);
    expect(uppBytes).toBe(SIZE);
    expect(hash.digest('hex')).toBe(uppHash);
    expect(emitted).toBe(ends.length);
    const peak = opener.peakBufferedBytes;
    console.log(
      `[bpp stream] ${(bpp.length / 1048576).toFixed(2)} MB package, ${ends.length} segments, ${chunks} chunks: ` +
        `opener peak buffered ${peak} bytes (${(peak / MAX_SEGMENT_BYTES).toFixed(2)} × 1020); ` +
        `retained heap+arrayBuffers growth after gc, sampled every 50 chunks: ${(heapPeak / 1024).toFixed(0)} KiB`,
    );
    expect(peak).toBeLessThanOrEqual(2 * MAX_SEGMENT_BYTES);
    console.log(`[bpp stream] retained growth by position: ${samples.map(([p, n]) => `${(p / 1048576).toFixed(1)}MB:${(n / 1024).toFixed(0)}K`).join(' ')}`);
    // Heap samples are noisy (array buffer backing stores are released lazily), but a leak
    // proportional to the profile would keep every late sample high: the last third's
    // smallest must stay far below the 5 MB profile.
    const late = samples.slice(Math.floor((samples.length * 2) / 3)).map(([, n]) => n);
    expect(Math.min(...late)).toBeLessThan(1024 * 1024);
    expect(opener.bufferedBytes).toBe(0);
  });

  it('the one-shot opener agrees on the same package', () => {
    const res = openBpp(bpp, { euiccOtsk: euicc.privateKey, eid: EID, provider: nodeProvider });
    expect(res.ok && createHash('sha256').update(res.upp).digest('hex')).toBe(uppHash);
  });

  it('any chunking gives the same events as one push (property, small packages, noble)', () => {
    const small = buildBpp({
      upp: syntheticUpp(6000, 3),
      metadata: { iccid: new Uint8Array(10), serviceProviderName: 'S', profileName: 'P', iconType: 0, icon: new Uint8Array(1024).fill(1) },
      transactionId: new Uint8Array([1, 2]),
      eid: EID,
      euiccOtpk: euicc.publicKey,
      curve: 'brainpoolP256r1',
      smdpSigner: dppb.privateKey,
      ppk: { sEnc: new Uint8Array(16), sMac: new Uint8Array(16).fill(1), initialMacChainingValue: new Uint8Array(16).fill(2) },
      provider: nodeProvider,
    }).bpp;
    const opts = { euiccOtsk: euicc.privateKey, eid: EID, provider: nobleProvider };
    const whole = createBppOpener(opts);
    const reference = whole.push(small);
    expect(whole.end().ok).toBe(true);
    const summary = (evs: BppStreamEvent[]) => evs.map((e) => (e.type === 'segment' ? `${e.report.segment}:${Buffer.from(e.plaintext).toString('hex')}` : e.type));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1500 }), { minLength: 1, maxLength: 40 }), (sizes) => {
        const o = createBppOpener(opts);
        const evs: BppStreamEvent[] = [];
        let p = 0;
        for (let k = 0; p < small.length; k++) {
          const n = sizes[k % sizes.length];
          evs.push(...o.push(small.subarray(p, p + n)));
          p += n;
        }
        expect(o.end().ok).toBe(true);
        expect(summary(evs)).toEqual(summary(reference));
      }),
      { numRuns: 30 },
    );
  });

  it('after a failure no more plaintext is emitted', () => {
    const t = bpp.slice(0, 200_000);
    const at = ends[50] - 3;
    t[at] ^= 1;
    const o = createBppOpener({ euiccOtsk: euicc.privateKey, eid: EID, provider: nodeProvider });
    const evs = o.push(t);
    expect(evs.filter((e) => e.type === 'segment').length).toBe(50);
    expect(o.push(bpp.subarray(200_000, 300_000))).toEqual([]);
    const v = o.end();
    expect(!v.ok && [v.failure.reason, v.failure.segment]).toEqual(['mac-mismatch', 50]);
  });
});
