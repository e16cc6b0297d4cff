/**
 * Verdicts on real-world-shaped Bound Profile Packages, both directions:
 * - metadata encoded as BER, as commercial SM-DP+s send it (`95 01 02`: profileClass at its
 *   DEFAULT; a named BIT STRING with trailing zero bits) opens by default and is reported as
 *   `non-der-metadata`; `strict` refuses it; `bpp inspect --json` and `bpp build` read it;
 * - a package cut on a ProfileElement boundary, its outer lengths fixed up (no MAC covers
 *   them), is refused as `profile-truncated` by openBpp, by the streaming opener before it
 *   reports success, and by `sgp32 bpp open`, with and without the UPP check.
 */
import { describe, expect, it } from 'vitest';
import { runBpp } from '../../../src/cli/bpp.js';
import { nodeProvider } from '../../../src/crypto/node/index.js';
import { StoreMetadataRequest } from '../../../src/generated/SGP32Definitions.js';
import { buildBpp, createBppOpener, openBpp } from '../../../src/rsp/bpp/index.js';
import { cat, hex, tlv } from '../../der/bytes.js';
import { children, toHex } from './helpers.js';

const EID = '89049032123451234512345678901235';
const euicc = nodeProvider.generateKeyPair('P-256');
const dppb = nodeProvider.generateKeyPair('P-256');

/** Profile elements, each its own 86 segment (an SM-DP+ segmenting on PE boundaries). */
const pe = (tag: string, n: number) => tlv(tag, new Uint8Array(n).fill(0x11));
const ELEMENTS = [pe('a0', 40), pe('a1', 300), pe('a3', 120), pe('a4', 60), tlv('aa', hex('a0 03 80 01 05'))];

const DER_META = StoreMetadataRequest.encode({ iccid: hex('98001032547698103214'), serviceProviderName: 'Operator', profileName: 'Commercial' });
/** The same metadata with `extra` appended inside BF25 (components in tag order). */
const metaWith = (extra: string) => tlv('bf25', DER_META.subarray(3), hex(extra));

function build(metadata: Uint8Array, upp: Uint8Array[] = ELEMENTS): Uint8Array {
  return buildBpp({ upp, metadata, transactionId: hex('0102'), eid: EID, euiccOtpk: euicc.publicKey, curve: 'P-256', smdpSigner: dppb.privateKey }).bpp;
}

const openOpts = { euiccOtsk: euicc.privateKey, eid: EID, smdpPublicKey: dppb.publicKey };

/** Drops the last `k` 86 segments and rewrites the A3 and BF36 lengths (no MAC covers them). */
function dropLastSegments(bpp: Uint8Array, k: number): Uint8Array {
  const top = children(bpp, 0);
  const a3 = top[top.length - 1];
  const segs = children(bpp, a3.start);
  const kept = segs.slice(0, segs.length - k).map((s) => bpp.subarray(s.start, s.start + s.total));
  const before = top.slice(0, -1).map((c) => bpp.subarray(c.start, c.start + c.total));
  return tlv('bf36', ...before, tlv('a3', ...kept));
}

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const files = new Map<string, Uint8Array>();
  const io = {
    stdout: (t: string) => void out.push(t),
    stderr: (t: string) => void out.push(t),
    readFile: async (p: string) => files.get(p) ?? new Uint8Array(0),
    writeFile: async () => undefined,
    readStdin: async () => stdin,
  };
  let stdin: Uint8Array = new Uint8Array(0);
  const code = await runBpp(args.map((a) => (a.startsWith('hex:') ? ((stdin = hex(a.slice(4))), '-') : a)), io);
  return { code, out: out.join('') };
}

describe('BER metadata from real SM-DP+s', () => {
  // [row, bytes appended to the DER metadata, DER form of that component]
  const rows: [string, string, string][] = [
    ['profileClass at its DEFAULT (95 01 02)', '950102', ''],
    ['pprIds, a named BIT STRING with trailing zero bits (99 02 00 40)', '99020040', '99020640'],
    ['both', '950102 99020040', '99020640'],
  ];
  it.each(rows)('%s: opens by default, reported as non-der-metadata; strict refuses it', (_row, extra, derExtra) => {
    const meta = metaWith(extra);
    const bpp = build(meta);
    const res = openBpp(bpp, openOpts);
    expect(res.ok, res.ok ? '' : res.failure.detail).toBe(true);
    if (!res.ok) return;
    expect(toHex(res.storeMetadata.bytes)).toBe(toHex(meta)); // as received
    expect(res.deviations.length).toBe(extra.split(' ').length);
    expect(res.deviations.every((d) => d.code === 'non-der-metadata' && d.group === 'sequenceOf88')).toBe(true);
    // independent: the DER form of the same value
    expect(toHex(StoreMetadataRequest.encode(res.storeMetadata.value))).toBe(toHex(derExtra ? tlv('bf25', DER_META.subarray(3), hex(derExtra)) : DER_META));
    const strict = openBpp(bpp, { ...openOpts, strict: true });
    expect(!strict.ok && strict.failure.reason).toBe('non-der-metadata');
  });

  it('DER metadata gives no deviation (the other direction)', () => {
    const res = openBpp(build(DER_META), { ...openOpts, strict: true });
    expect(res.ok && res.deviations).toEqual([]);
  });

  it('metadata that is not BER at all is still refused (bad-store-metadata)', () => {
    const res = openBpp(build(metaWith('9503')), openOpts); // a length running past the value
    expect(!res.ok && res.failure.reason).toBe('bad-store-metadata');
  });

  it('sgp32 bpp inspect --json gives the metadata as a decoded object, with the deviation', async () => {
    const bpp = build(metaWith('950102'));
    const r = await cli(['inspect', `hex:${toHex(bpp)}`, '--json']);
    expect(r.code, r.out).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.storeMetadata).toMatchObject({ serviceProviderName: 'Operator', profileName: 'Commercial', profileClass: 2 });
    expect(j.storeMetadataDeviations).toEqual([expect.objectContaining({ code: 'non-der-metadata' })]);
  });

  it('sgp32 bpp build takes BER metadata and sends it as given', async () => {
    const meta = metaWith('950102');
    const args = ['build', '--upp', `hex:${toHex(cat(...ELEMENTS))}`, '--metadata', toHex(meta)];
    // --metadata is read from a file: give the hex through the in-memory reader
    const out: string[] = [];
    const files = new Map<string, Uint8Array>([['meta.hex', new TextEncoder().encode(toHex(meta))]]);
    const io = {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void out.push(t),
      readFile: async (p: string) => files.get(p) ?? new Uint8Array(0),
      writeFile: async () => undefined,
      readStdin: async () => cat(...ELEMENTS),
    };
    args[2] = '-';
    args[4] = 'meta.hex';
    const code = await runBpp([...args, '--eid', EID, '--euicc-otpk', toHex(euicc.publicKey.point), '--curve', 'p256', '--json'], io);
    expect(code, out.join('')).toBe(0);
  });
});

describe('a package cut on a ProfileElement boundary, lengths fixed up', () => {
  const whole = build(DER_META);
  // [row, segments dropped, UPP check]
  const rows: [string, number, boolean][] = [
    ['the End element dropped, UPP check on', 1, true],
    ['the End element dropped, UPP check off', 1, false],
    ['the last two elements dropped, UPP check on', 2, true],
    ['the last two elements dropped, UPP check off', 2, false],
  ];
  it.each(rows)('%s: profile-truncated (one-shot, streaming, CLI)', async (_row, k, checkUpp) => {
    const cut = dropLastSegments(whole, k);
    const res = openBpp(cut, { ...openOpts, checkUpp });
    expect(!res.ok && res.failure.reason).toBe('profile-truncated');
    // every MAC still verified: only the End check sees it
    expect(!res.ok && res.segments.length).toBe(2 + ELEMENTS.length - k); // A0, A1, then the 86s kept
    // the streaming opener, one byte at a time: never a success
    const opener = createBppOpener({ ...openOpts, checkUpp });
    for (let i = 0; i < cut.length; i++) opener.push(cut.subarray(i, i + 1));
    const v = opener.end();
    expect(!v.ok && v.failure.reason).toBe('profile-truncated');
    const c = await cli(['open', `hex:${toHex(cut)}`, '--eid', EID, '--euicc-otsk', toHex(euicc.privateKey.d), '--curve', 'p256', ...(checkUpp ? [] : ['--no-upp-check'])]);
    expect(c.code).toBe(1);
    expect(c.out).toContain('profile-truncated');
  });

  it.each([true, false])('the whole package opens (UPP check %s), one-shot, streaming and CLI', async (checkUpp) => {
    const res = openBpp(whole, { ...openOpts, checkUpp });
    expect(res.ok && toHex(res.upp)).toBe(toHex(cat(...ELEMENTS)));
    const opener = createBppOpener({ ...openOpts, checkUpp });
    opener.push(whole);
    expect(opener.end().ok).toBe(true);
    const c = await cli(['open', `hex:${toHex(whole)}`, '--eid', EID, '--euicc-otsk', toHex(euicc.privateKey.d), '--curve', 'p256', ...(checkUpp ? [] : ['--no-upp-check'])]);
    expect(c.code, c.out).toBe(0);
  });

  it('a cut inside an element is refused too: upp-incomplete with the check, profile-truncated without', () => {
    const upp = cat(...ELEMENTS);
    const cutInside = build(DER_META, [upp.subarray(0, 200), upp.subarray(200)]);
    const inside = dropLastSegments(cutInside, 1);
    expect(openBpp(inside, openOpts)).toMatchObject({ ok: false, failure: { reason: 'upp-incomplete' } });
    expect(openBpp(inside, { ...openOpts, checkUpp: false })).toMatchObject({ ok: false, failure: { reason: 'profile-truncated' } });
  });
});
