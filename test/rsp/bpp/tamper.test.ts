/**
 * Tampering: a flipped byte in any segment's MAC or data, swapped segments, a dropped segment, a
 * truncated package and trailing or inserted TLVs are each detected, as a result value naming
 * the right segment index; the streaming opener, fed the same bytes in random chunks, agrees.
 */
import { describe, expect, it } from 'vitest';
import { fastProvider, providers } from '../../support/providers.js';
import { equalBytes } from '../../support/bytes.js';
import { nobleProvider } from '../../../src/crypto/noble.js';
import { BoundProfilePackage } from '../../../src/generated/RSPDefinitions.js';
import { buildBpp, createBppOpener, openBpp, type BppFailure, type BspKeys } from '../../../src/rsp/bpp/index.js';
import { children } from './helpers.js';
import { prng as rng } from '../../support/bytes.js';

const provider = fastProvider;
const EID = '89049032123451234512345678901235';

/** A profile-like UPP: TLVs A0 82 LLLL … of random sizes; its last segment starts inside a TLV. */
function syntheticUpp(total: number, seed: number): Uint8Array {
  const r = rng(seed);
  const parts: number[] = [];
  while (parts.length < total) {
    const len = 300 + Math.floor(r() * 2500);
    parts.push(0xa0, 0x82, len >> 8, len & 0xff);
    for (let i = 0; i < len; i++) parts.push(Math.floor(r() * 256));
  }
  parts.push(0xaa, 0x00); // the End element
  return new Uint8Array(parts);
}

interface Seg {
  index: number;
  group: string;
  indexInGroup: number;
  start: number;
  total: number;
}

function segmentsOf(bpp: Uint8Array): Seg[] {
  const names: Record<number, string> = { 0xa0: 'firstSequenceOf87', 0xa1: 'sequenceOf88', 0xa2: 'secondSequenceOf87', 0xa3: 'sequenceOf86' };
  const out: Seg[] = [];
  for (const g of children(bpp, 0).slice(1)) {
    children(bpp, g.start).forEach((c, k) => out.push({ index: out.length, group: names[g.tag], indexInGroup: k, start: c.start, total: c.total }));
  }
  return out;
}

const euicc = provider.generateKeyPair('P-256');
const dppb = provider.generateKeyPair('P-256');
const upp = syntheticUpp(12_000, 42);
const ppk: BspKeys = { sEnc: new Uint8Array(16).fill(1), sMac: new Uint8Array(16).fill(2), initialMacChainingValue: new Uint8Array(16).fill(3) };

function build(withPpk: boolean): Uint8Array {
  return buildBpp({
    upp,
    metadata: { iccid: new Uint8Array(10), serviceProviderName: 'Tamper', profileName: 'Test', iconType: 1, icon: new Uint8Array(1024).fill(7) },
    transactionId: new Uint8Array(16).fill(9),
    eid: EID,
    euiccOtpk: euicc.publicKey,
    curve: 'P-256',
    smdpSigner: dppb.privateKey,
    provider,
    ...(withPpk ? { ppk } : {}),
    maxSegmentBytes: 700,
  }).bpp;
}

const openOpts = { euiccOtsk: euicc.privateKey, eid: EID, smdpPublicKey: dppb.publicKey, provider };

/** Opens with openBpp and, in random chunks, with the stream opener; both must agree. */
function failureOf(bpp: Uint8Array, seed = 1): BppFailure {
  const res = openBpp(bpp, openOpts);
  if (res.ok) throw new Error('tampered package opened');
  const opener = createBppOpener(openOpts);
  const r = rng(seed);
  for (let o = 0; o < bpp.length; ) {
    const n = Math.min(bpp.length - o, 1 + Math.floor(r() * (r() < 0.2 ? 8 : 3000)));
    opener.push(bpp.subarray(o, o + n));
    o += n;
  }
  const v = opener.end();
  expect(v.ok).toBe(false);
  if (!v.ok) expect(v.failure).toEqual(res.failure);
  return res.failure;
}

function where(f: BppFailure): [string, number | undefined, string | undefined, number | undefined] {
  return [f.reason, f.segment, f.group, f.indexInGroup];
}

for (const withPpk of [false, true]) {
  describe(`tamper (${withPpk ? 'with' : 'without'} ReplaceSessionKeys)`, () => {
    const bpp = build(withPpk);
    const segs = segmentsOf(bpp);
    const profile = segs.filter((s) => s.group === 'sequenceOf86');

    it('the untouched package opens, and its layout is as the tests assume', () => {
      const res = openBpp(bpp, openOpts);
      expect(res.ok && equalBytes(res.upp, upp)).toBe(true);
      expect(segs.filter((s) => s.group === 'sequenceOf88').length).toBeGreaterThan(1);
      expect(profile.length).toBeGreaterThan(10);
      // the last segment starts inside a TLV, so dropping it leaves the profile incomplete
      expect(res.ok && res.segments.filter((s) => s.group === 'sequenceOf86').slice(0, -1).reduce((n, s) => n + s.plaintextLength, 0)).not.toBe(0);
    });

    it('a flipped byte in any segment MAC or data names that segment', () => {
      for (const s of segs) {
        for (const at of [s.start + s.total - 1, s.start + s.total - 8, s.start + Math.floor(s.total / 2)]) {
          const t = bpp.slice();
          t[at] ^= 0x01;
          expect(where(failureOf(t, at))).toEqual(['mac-mismatch', s.index, s.group, s.indexInGroup]);
        }
      }
    });

    it('two segments swapped: detected at the first of them', () => {
      for (const [i, j] of [
        [0, 1],
        [3, 4],
        [2, 9],
      ]) {
        const a = profile[i];
        const b = profile[j];
        expect(a.total).toBe(b.total);
        const t = bpp.slice();
        t.set(bpp.subarray(b.start, b.start + b.total), a.start);
        t.set(bpp.subarray(a.start, a.start + a.total), b.start);
        expect(where(failureOf(t))).toEqual(['mac-mismatch', a.index, 'sequenceOf86', i]);
      }
      // across groups: the two 88s exchanged
      const m = segs.filter((s) => s.group === 'sequenceOf88');
      const v = BoundProfilePackage.decode(bpp);
      const t = BoundProfilePackage.encode({ ...v, sequenceOf88: [v.sequenceOf88[1], v.sequenceOf88[0], ...v.sequenceOf88.slice(2)] });
      expect(where(failureOf(t))).toEqual(['mac-mismatch', m[0].index, 'sequenceOf88', 0]);
    });

    it('a dropped segment: the next one fails, or the profile ends inside a TLV', () => {
      const v = BoundProfilePackage.decode(bpp);
      const n = v.sequenceOf86.length;
      for (const k of [0, 5, n - 2]) {
        const t = BoundProfilePackage.encode({ ...v, sequenceOf86: v.sequenceOf86.filter((_, i) => i !== k) });
        expect(where(failureOf(t))).toEqual(['mac-mismatch', profile[k].index, 'sequenceOf86', k]);
      }
      const last = BoundProfilePackage.encode({ ...v, sequenceOf86: v.sequenceOf86.slice(0, -1) });
      expect(where(failureOf(last))).toEqual(['upp-incomplete', profile[n - 1].index, 'sequenceOf86', n - 1]);
      const dropped88 = BoundProfilePackage.encode({ ...v, sequenceOf88: v.sequenceOf88.slice(1) });
      expect(where(failureOf(dropped88))).toEqual(['mac-mismatch', 1, 'sequenceOf88', 0]);
      const no87 = BoundProfilePackage.encode({ ...v, firstSequenceOf87: [] });
      expect(where(failureOf(no87))).toEqual(['empty-group', 0, 'firstSequenceOf87', 0]);
      if (withPpk) {
        // without the ReplaceSessionKeys group the profile is under keys the eUICC does not have
        const { secondSequenceOf87: _drop, ...rest } = v;
        const noRsk = BoundProfilePackage.encode(rest);
        const first86 = profile[0].index - 1;
        expect(where(failureOf(noRsk))).toEqual(['mac-mismatch', first86, 'sequenceOf86', 0]);
      }
    });

    it('a truncated package names the segment it ends in', () => {
      const isc = children(bpp, 0)[0];
      expect(where(failureOf(bpp.subarray(0, isc.start + 20)))).toEqual(['truncated', undefined, undefined, undefined]);
      expect(failureOf(bpp.subarray(0, 1)).reason).toBe('truncated');
      expect(failureOf(new Uint8Array(0)).reason).toBe('truncated');
      for (const s of [segs[0], segs[2], profile[4], profile[profile.length - 1]]) {
        expect(where(failureOf(bpp.subarray(0, s.start + Math.floor(s.total / 2))))).toEqual(['truncated', s.index, s.group, s.indexInGroup]);
        // cut exactly before the segment: it is the one missing
        expect(where(failureOf(bpp.subarray(0, s.start)))).toEqual(['truncated', s.index, s.group, s.indexInGroup]);
      }
    });

    it('a trailing TLV after the package, or an extra one inside it, names the next segment index', () => {
      const after = new Uint8Array([...bpp, 0x86, 0x02, 0x00, 0x00]);
      expect(where(failureOf(after))).toEqual(['trailing-data', segs.length, undefined, undefined]);
      const v = BoundProfilePackage.decode(bpp);
      const extra86 = BoundProfilePackage.encode({ ...v, sequenceOf86: [...v.sequenceOf86, v.sequenceOf86[3]] });
      expect(where(failureOf(extra86))).toEqual(['mac-mismatch', segs.length, 'sequenceOf86', profile.length]);
      const extraComponent = BoundProfilePackage.encode({ ...v, $unknown: [new Uint8Array([0x85, 0x01, 0x00])] });
      expect(where(failureOf(extraComponent))).toEqual(['unexpected-tag', segs.length, undefined, undefined]);
    });

    it('InitialiseSecureChannelRequest: smdpSign, smdpOtpk and transactionId are checked', () => {
      const isc = children(bpp, 0)[0];
      const sigAt = isc.start + isc.total - 10;
      const t = bpp.slice();
      t[sigAt] ^= 0x80;
      expect(where(failureOf(t))).toEqual(['bad-signature', undefined, undefined, undefined]);
      // without the SM-DP+ key the signature is not checked; the session keys still match
      const unchecked = openBpp(t, { euiccOtsk: euicc.privateKey, eid: EID, provider });
      expect(unchecked.ok && unchecked.signature).toBe('not-checked');
      // a changed smdpOtpk y-coordinate leaves the curve
      const otpkAt = isc.start + isc.total - 67 - 2;
      const u = bpp.slice();
      u[otpkAt] ^= 0x01;
      expect(failureOf(u).reason).toBe('bad-smdp-otpk');
      const uJs = openBpp(u, { ...openOpts, provider: nobleProvider });
      expect(!uJs.ok && uJs.failure.reason).toBe('bad-smdp-otpk');
      // an x-coordinate at or above the field prime is refused by both providers too
      expect(bpp[otpkAt - 63]).toBe(0x04);
      const big = bpp.slice();
      big.fill(0xff, otpkAt - 62, otpkAt - 30); // x: the 32 bytes after the 04 prefix
      for (const p of providers) {
        const r = openBpp(big, { ...openOpts, provider: p });
        expect(!r.ok && r.failure.reason).toBe('bad-smdp-otpk');
      }
      const tx = openBpp(bpp, { ...openOpts, transactionId: new Uint8Array(16) });
      expect(!tx.ok && tx.failure.reason).toBe('transaction-id-mismatch');
    });

    it('groups out of order or with a foreign tag are refused', () => {
      const v = BoundProfilePackage.decode(bpp);
      const groups = children(bpp, 0);
      // A1 before A0
      const a0 = groups[1];
      const a1 = groups[2];
      const swapped = bpp.slice();
      swapped.set(bpp.subarray(a1.start, a1.start + a1.total), a0.start);
      swapped.set(bpp.subarray(a0.start, a0.start + a0.total), a0.start + a1.total);
      expect(where(failureOf(swapped))).toEqual(['unexpected-tag', 0, undefined, undefined]);
      // an 87 element inside the 86 group
      const t = bpp.slice();
      t[profile[2].start] = 0x87;
      expect(where(failureOf(t))).toEqual(['unexpected-tag', profile[2].index, 'sequenceOf86', 2]);
      void v;
    });
  });
}
