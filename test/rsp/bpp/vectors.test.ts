/**
 * Every vector of ../shared/vectors/bsp reproduced: key derivation, ECKA, each 87/88/86 output
 * of the mode51 session (step by step and inside a complete package we build), the old pySim
 * BPP opened leniently to upp_expected.der while strict mode names its three deviations, and
 * the ES10b segmentation of the onomondo-ipa BPP.
 */
import { describe, expect, it } from 'vitest';
import { privateKeyFromRaw, publicKeyFromRaw } from '../../../src/crypto/keys.js';
import {
  buildBpp,
  createBppOpener,
  bspSharedInfo,
  createBspState,
  deriveSessionKeys,
  es10bSegments,
  inspectBpp,
  openBpp,
  protectSegment,
  unprotectSegment,
  type BspKeys,
} from '../../../src/rsp/bpp/index.js';
import { SKIP_MSG, children, haveBsp, hex, profileBytes, providers, readBytes, readJson, toHex } from './helpers.js';
import { concat, equalBytes } from '../../support/bytes.js';

const keysOf = (k: { sEnc: string; sMac: string; initialMacChainingValue: string }): BspKeys => ({
  sEnc: hex(k.sEnc),
  sMac: hex(k.sMac),
  initialMacChainingValue: hex(k.initialMacChainingValue),
});

describe.skipIf(!haveBsp)(`BSP vectors${haveBsp ? '' : ` (${SKIP_MSG})`}`, () => {
  const kdf = haveBsp ? readJson('bsp', 'kdf.json') : { cases: [] };
  const ecka = haveBsp ? readJson('bsp', 'ecka_mode51.json') : undefined;
  const session = haveBsp ? readJson('bsp', 'bsp_session_mode51.json') : undefined;

  for (const provider of providers) {
    describe(`provider ${provider.name}`, () => {
      for (const c of kdf.cases) {
        it(`${c.id}: SharedInfo and the three derived keys`, () => {
          const params = { keyType: parseInt(c.input.keyType, 16), keyLen: parseInt(c.input.keyLength, 16), hostId: hex(c.input.hostId), eid: c.input.eid };
          expect(toHex(bspSharedInfo(params))).toBe(c.derivedByCurator.sharedInfo);
          const keys = deriveSessionKeys(provider, hex(c.input.sharedSecret), params);
          expect(toHex(keys.sEnc)).toBe(c.expected.sEnc);
          expect(toHex(keys.sMac)).toBe(c.expected.sMac);
          expect(toHex(keys.initialMacChainingValue)).toBe(c.expected.initialMacChainingValue);
        });
      }

      it('ecka-mode51: ECDH(smdpOtsk, euiccOtpk) gives the shared secret', () => {
        const d = privateKeyFromRaw('P-256', hex(ecka.input.smdpOtsk));
        expect(toHex(provider.publicKeyOf(d).point)).toBe(ecka.input.smdpOtpk);
        const z = provider.ecdh(d, publicKeyFromRaw('P-256', hex(ecka.input.euiccOtpk)));
        expect(toHex(z)).toBe(ecka.expected.sharedSecret);
      });

      it('bsp-session-mode51: each 87/88/86 output, MCV and counter step by step, and back', () => {
        for (const s of session.sessions) {
          const st = createBspState(keysOf(s.keys));
          const rx = createBspState(keysOf(s.keys));
          for (const step of s.steps) {
            expect(st.counter).toBe(step.derivedByCurator.blockCounterBefore);
            expect(toHex(st.mcv)).toBe(step.derivedByCurator.macChainingValueBefore);
            const out = protectSegment(provider, st, parseInt(step.tag, 16), hex(step.plaintext));
            expect(toHex(out)).toBe(step.expectedOutput);
            expect(toHex(st.mcv)).toBe(step.derivedByCurator.macChainingValueAfter);
            const valueStart = out[1] < 0x80 ? 2 : 2 + (out[1] & 0x7f);
            const back = unprotectSegment(provider, rx, out, valueStart, step.tag !== '88');
            expect(back.ok && toHex(back.plaintext)).toBe(step.plaintext);
          }
        }
      });
    });
  }

  it('a complete package built from the mode51 inputs carries every vector output byte for byte', () => {
    const [s1, s2] = session.sessions;
    const steps = [...s1.steps, ...s2.steps];
    const smdpOtsk = privateKeyFromRaw('P-256', hex(ecka.input.smdpOtsk));
    const upp = hex(steps[3].plaintext + steps[4].plaintext);
    const kdfCase = kdf.cases.find((c: { id: string }) => c.id === 'kdf-BSP_Test_mode51');
    const built = buildBpp({
      upp,
      metadata: hex(steps[1].plaintext),
      configureIsdp: hex(steps[0].plaintext),
      transactionId: hex('0102030405060708090a0b0c0d0e0f10'),
      eid: kdfCase.input.eid,
      euiccOtpk: hex(ecka.input.euiccOtpk),
      curve: 'P-256',
      smdpOtsk,
      smdpSigner: privateKeyFromRaw('P-256', hex('11'.repeat(32))),
      hostId: hex(kdfCase.input.hostId),
      ppk: keysOf(s2.keys),
    });
    expect(toHex(built.sessionKeys.sEnc)).toBe(kdfCase.expected.sEnc);
    expect(toHex(built.smdpOtpk.point)).toBe(ecka.input.smdpOtpk);
    const bpp = built.bpp;
    const [isc, a0, a1, a2, a3] = children(bpp, 0);
    expect([isc.tag, a0.tag, a1.tag, a2.tag, a3.tag]).toEqual([0xbf23, 0xa0, 0xa1, 0xa2, 0xa3]);
    const inner = (g: { start: number; hl: number }) => children(bpp, g.start).map((c) => toHex(bpp.subarray(c.start, c.start + c.total)));
    expect(inner(a0)).toEqual([steps[0].expectedOutput]);
    expect(inner(a1)).toEqual([steps[1].expectedOutput]);
    expect(inner(a2)).toEqual([steps[2].expectedOutput]);
    expect(inner(a3)).toEqual([steps[3].expectedOutput, steps[4].expectedOutput]);
    const smdpPublicKey = providers[0].publicKeyOf(privateKeyFromRaw('P-256', hex('11'.repeat(32))));
    const common = { sessionKeys: built.sessionKeys, euiccOtpk: hex(ecka.input.euiccOtpk), smdpPublicKey };
    // The two 1,007-byte slices are a profile's beginning only: it ends inside a TLV.
    const partial = openBpp(bpp, common);
    expect(!partial.ok && [partial.failure.reason, partial.failure.segment]).toEqual(['upp-incomplete', 5]);
    // Without the UPP check it is still refused: a profile that ends without its End element.
    const cut = openBpp(bpp, { ...common, checkUpp: false });
    expect(!cut.ok && [cut.failure.reason, cut.failure.segment]).toEqual(['profile-truncated', 5]);
    // The streaming opener has handed out every verified segment by then: the vector's plaintexts.
    const opener = createBppOpener({ ...common, checkUpp: false });
    const events = opener.push(bpp);
    expect(opener.end().ok).toBe(false);
    const plain = (type: string, group?: string) => events.filter((e) => e.type === type && (group === undefined || (e.type === 'segment' && e.report.group === group)));
    expect(toHex(concat(...plain('segment', 'sequenceOf86').map((e) => (e as { plaintext: Uint8Array }).plaintext)))).toBe(toHex(upp));
    expect(plain('initialise-secure-channel').map((e) => (e as { signature: string }).signature)).toEqual(['valid']);
    expect(plain('segment', 'sequenceOf86').every((e) => (e as { report: { keys: string } }).report.keys === 'replacement')).toBe(true);
    expect(plain('replace-session-keys').map((e) => toHex((e as { bytes: Uint8Array }).bytes))).toEqual([steps[2].plaintext]);
  });

  describe('old pySim BPP (bpp_decode)', () => {
    const meta = haveBsp ? readJson('bsp', 'bpp_decode', 'bpp_decode.json') : undefined;
    const bpp = haveBsp ? readBytes('bsp', 'bpp_decode', 'bpp.der') : new Uint8Array();
    const expectedUpp = haveBsp ? readBytes('bsp', 'bpp_decode', 'upp_expected.der') : new Uint8Array();
    const opts = () => ({ sessionKeys: keysOf(meta.keys.session), ppk: keysOf(meta.keys.ppk) });

    it('strict mode refuses it and names each of its three deviations', () => {
      const res = openBpp(bpp, opts());
      expect(res.ok).toBe(false);
      if (res.ok) return;
      expect(res.failure.reason).toBe('double-wrapped');
      expect(res.failure.segment).toBe(0);
      expect(res.failure.group).toBe('firstSequenceOf87');
      const codes = [...new Set(res.deviations.map((d) => d.code))].sort();
      expect(codes).toEqual(['double-wrapped', 'oversized-segment', 'replacement-keys-without-request']);
      // every element is double-wrapped, 12 profile segments are 1,040 bytes, the key switch happens at segment 2
      expect(res.deviations.filter((d) => d.code === 'double-wrapped').map((d) => d.segment)).toEqual([...Array(15).keys()]);
      expect(res.deviations.filter((d) => d.code === 'oversized-segment').map((d) => d.segment)).toEqual([...Array(12).keys()].map((i) => i + 2));
      expect(res.deviations.filter((d) => d.code === 'replacement-keys-without-request').map((d) => [d.segment, d.group])).toEqual([[2, 'sequenceOf86']]);
      expect(new Set(res.failures.map((f) => f.reason))).toEqual(new Set(codes));
    });

    it('accepting only some deviations still refuses the others by name', () => {
      const a = openBpp(bpp, { ...opts(), lenient: ['double-wrapped'] });
      expect(!a.ok && [a.failure.reason, a.failure.segment]).toEqual(['oversized-segment', 2]);
      const b = openBpp(bpp, { ...opts(), lenient: ['double-wrapped', 'oversized-segment'] });
      expect(!b.ok && [b.failure.reason, b.failure.segment]).toEqual(['replacement-keys-without-request', 2]);
      // without the out-of-band PPK the profile simply does not verify
      const c = openBpp(bpp, { sessionKeys: keysOf(meta.keys.session), lenient: true });
      expect(!c.ok && [c.failure.reason, c.failure.segment, c.failure.group]).toEqual(['mac-mismatch', 2, 'sequenceOf86']);
    });

    it('lenient mode opens it to upp_expected.der byte for byte', () => {
      const res = openBpp(bpp, { ...opts(), lenient: true });
      expect(res.ok).toBe(true);
      if (!res.ok) return;
      expect(equalBytes(res.upp, expectedUpp)).toBe(true);
      expect(toHex(res.configureIsdp.bytes)).toBe(meta.expected.firstSequenceOf87Plaintext);
      expect(toHex(res.storeMetadata.bytes)).toBe(meta.expected.sequenceOf88Plaintext);
      expect(res.storeMetadata.value.serviceProviderName).toBe('OsmocomSPN');
      expect(res.storeMetadata.value.profileName).toBe('OsmocomProfile');
      expect(res.sessionKeysReplaced).toBe(true);
      expect(res.segments.length).toBe(15);
      expect(res.segments.every((s) => s.wrapping === 'double')).toBe(true);
      expect(res.segments.slice(2).map((s) => s.counter)).toEqual([...Array(13).keys()].map((i) => i + 1));
      expect(toHex(res.initialiseSecureChannelRequest.transactionId)).toBe(meta.initialiseSecureChannelRequest.transactionId);
      expect(toHex(res.initialiseSecureChannelRequest.smdpOtpk)).toBe(meta.initialiseSecureChannelRequest.smdpOtpk);
    });

    it('inspect sees its structure without keys', () => {
      const info = inspectBpp(bpp);
      expect(info.wrapping).toBe('double');
      expect(info.hasReplaceSessionKeys).toBe(false);
      expect(info.groups.map((g) => [g.group, g.count])).toEqual([
        ['firstSequenceOf87', 1],
        ['sequenceOf88', 1],
        ['sequenceOf86', 13],
      ]);
      expect(info.groups[2].segmentSizes).toEqual(meta.structure.sequenceOf86.map((s: { outerTlvLength: number }) => s.outerTlvLength));
      expect(info.oversizedSegments).toBe(12);
      expect(toHex(info.storeMetadata)).toBe(meta.expected.sequenceOf88Plaintext);
      expect(toHex(info.smdpSign)).toBe(meta.initialiseSecureChannelRequest.smdpSign);
    });
  });

  it('our package has the TLV skeleton of the osmo-smdpp package in onomondo-ipa (same hostId, PPK)', () => {
    const ipa = readBytes('messages', 'ipa_BoundProfilePackage.der');
    const euicc = providers[0].generateKeyPair('P-256');
    const ours = buildBpp({
      upp: profileBytes(3000, () => 0x42),
      metadata: inspectBpp(ipa).storeMetadata,
      transactionId: new Uint8Array(16),
      eid: '89049032123451234512345678901235',
      euiccOtpk: euicc.publicKey,
      curve: 'P-256',
      smdpSigner: euicc.privateKey,
      hostId: new TextEncoder().encode('mahlzeit'),
      ppk: { sEnc: new Uint8Array(16), sMac: new Uint8Array(16), initialMacChainingValue: new Uint8Array(16) },
    }).bpp;
    // tags and lengths of BF23's fields, and of the groups' first elements, side by side
    const skeleton = (b: Uint8Array) => {
      const [isc, a0, a1, a2, a3] = children(b, 0);
      const fields = children(b, isc.start).map((c) => `${c.tag.toString(16)}:${c.total}`);
      const crt = children(b, children(b, isc.start)[2].start).map((c) => `${c.tag.toString(16)}:${c.total}`);
      const first = [a0, a1, a2, a3].map((g) => {
        const e = children(b, g.start)[0];
        return `${g.tag.toString(16)}>${e.tag.toString(16)}`;
      });
      return { fields, crt, first, a0: a0.total, a1: a1.total, a2: a2.total };
    };
    expect(skeleton(ours)).toEqual(skeleton(ipa));
  });

  it('ES10b blocks of the onomondo-ipa BPP match its segmentation log', () => {
    const v = readJson('messages', 'ipa_BoundProfilePackage.json');
    const bpp = readBytes('messages', 'ipa_BoundProfilePackage.der');
    const blocks = es10bSegments(bpp);
    expect(blocks.map(toHex)).toEqual(v.es10bSegments.segments.map((s: { hex: string }) => s.hex));
    const info = inspectBpp(bpp);
    expect(info.wrapping).toBe('single');
    expect(info.hasReplaceSessionKeys).toBe(true);
    expect(info.groups.map((g) => g.count)).toEqual([1, 1, 1, 13]);
  });
});
