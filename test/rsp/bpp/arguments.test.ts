/**
 * Arguments are checked at the door: TypeError / RangeError naming the argument, with a precise
 * message; bad package bytes are never an exception for the openers (a result value) and an
 * Asn1DecodeError for the inspector.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../../../src/crypto/noble.js';
import { Asn1DecodeError } from '../../../src/der/errors.js';
import {
  buildBpp,
  createBppOpener,
  createBspState,
  deriveSessionKeys,
  inspectBpp,
  maxPlaintextPerSegment,
  openBpp,
  protectSegment,
  segmentTlvSize,
  type BuildBppOptions,
} from '../../../src/rsp/bpp/index.js';

const euicc = nobleProvider.generateKeyPair('P-256');
const base: BuildBppOptions = {
  upp: new Uint8Array([0xaa, 0x00]), // the End element alone
  metadata: { iccid: new Uint8Array(10), serviceProviderName: 'a', profileName: 'b' },
  transactionId: new Uint8Array([1]),
  eid: '89049032123451234512345678901235',
  euiccOtpk: euicc.publicKey,
  curve: 'P-256',
  smdpSigner: euicc.privateKey,
};
const keys = { sEnc: new Uint8Array(16), sMac: new Uint8Array(16), initialMacChainingValue: new Uint8Array(16) };

describe('buildBpp argument checks', () => {
  const cases: [string, Partial<Record<keyof BuildBppOptions, unknown>>, ErrorConstructor, RegExp][] = [
    ['curve', { curve: 'secp384r1' }, TypeError, /options\.curve: expected 'P-256' or 'brainpoolP256r1'/],
    ['eid length', { eid: new Uint8Array(15) }, RangeError, /options\.eid: expected 16 bytes, got 15/],
    ['eid hex', { eid: '8904' }, RangeError, /options\.eid: expected 32 hex digits/],
    ['transactionId', { transactionId: new Uint8Array(17) }, RangeError, /options\.transactionId: expected 1 to 16 bytes, got 17/],
    ['hostId', { hostId: new Uint8Array(0) }, RangeError, /options\.hostId: expected 1 to 16 bytes, got 0/],
    ['remoteOpId', { remoteOpId: 2 }, RangeError, /options\.remoteOpId: expected 1/],
    ['segment size', { maxSegmentBytes: 1021 }, RangeError, /maxSegmentBytes: expected an integer in \[26, 1020\], got 1021/],
    ['euiccOtpk', { euiccOtpk: new Uint8Array(64) }, RangeError, /options\.euiccOtpk: expected 65 bytes, got 64/],
    ['euiccOtpk curve', { euiccOtpk: nobleProvider.generateKeyPair('brainpoolP256r1').publicKey }, RangeError, /options\.euiccOtpk: key on brainpoolP256r1, expected P-256/],
    ['smdpOtsk', { smdpOtsk: 'key' }, TypeError, /options\.smdpOtsk: expected an EcPrivateKey/],
    ['signer', { smdpSigner: 42 }, TypeError, /options\.smdpSigner: expected an EcPrivateKey or a function/],
    ['signer result', { smdpSigner: () => new Uint8Array(63) }, TypeError, /options\.smdpSigner: expected a 64-byte r‖s signature, got 63 bytes/],
    ['empty upp', { upp: new Uint8Array(0) }, RangeError, /options\.upp: empty profile/],
    ['upp chunk too big', { upp: [new Uint8Array(1008)] }, RangeError, /options\.upp\[0\]: expected 1 to 1007 bytes, got 1008/],
    ['upp type', { upp: 'profile' }, TypeError, /options\.upp: expected a Uint8Array or an array/],
    ['metadata bytes', { metadata: new Uint8Array([0x30, 0x00]) }, RangeError, /options\.metadata: expected DER starting BF25, got 3000/],
    ['configureIsdp size', { configureIsdp: new Uint8Array([0xbf, 0x24, ...new Uint8Array(1006)]) }, RangeError, /options\.configureIsdp: 1008 bytes do not fit the single 87 segment/],
    ['ppk', { ppk: { ...keys, sMac: new Uint8Array(8) } }, RangeError, /options\.ppk\.sMac: expected 16 bytes, got 8/],
    ['provider', { provider: {} }, TypeError, /options\.provider: expected a CryptoProvider/],
  ];
  for (const [name, patch, type, message] of cases) {
    it(name, () => {
      expect(() => buildBpp({ ...base, ...patch } as BuildBppOptions)).toThrow(type);
      expect(() => buildBpp({ ...base, ...patch } as BuildBppOptions)).toThrow(message);
    });
  }
  it('not an object', () => expect(() => buildBpp(null as never)).toThrow(/options: expected an object/));
});

describe('opener argument checks', () => {
  const bpp = buildBpp(base).bpp;
  const cases: [string, Record<string, unknown>, ErrorConstructor, RegExp][] = [
    ['no keys', {}, TypeError, /options\.euiccOtsk: expected an EcPrivateKey \(or give options\.sessionKeys\)/],
    ['both', { sessionKeys: keys, euiccOtsk: euicc.privateKey }, TypeError, /either sessionKeys or euiccOtsk/],
    ['eid missing', { euiccOtsk: euicc.privateKey }, TypeError, /options\.eid: required with euiccOtsk/],
    ['curve mismatch', { euiccOtsk: euicc.privateKey, eid: base.eid, curve: 'brainpoolP256r1' }, RangeError, /options\.curve: brainpoolP256r1 differs/],
    ['session key size', { sessionKeys: { ...keys, sEnc: new Uint8Array(32) } }, RangeError, /options\.sessionKeys\.sEnc: expected 16 bytes, got 32/],
    ['lenient code', { sessionKeys: keys, lenient: ['oops'] }, RangeError, /options\.lenient: unknown deviation "oops"/],
    ['signature without otpk', { sessionKeys: keys, smdpPublicKey: euicc.publicKey }, TypeError, /options\.euiccOtpk: required to check smdpSign/],
    ['transactionId', { sessionKeys: keys, transactionId: new Uint8Array(0) }, RangeError, /options\.transactionId: expected 1 to 16 bytes, got 0/],
  ];
  for (const [name, opts, type, message] of cases) {
    it(name, () => {
      expect(() => openBpp(bpp, opts as never)).toThrow(type);
      expect(() => createBppOpener(opts as never)).toThrow(message);
    });
  }
  it('bpp and chunk types', () => {
    expect(() => openBpp('bf36' as never, { sessionKeys: keys })).toThrow(/bpp: expected a Uint8Array, got string/);
    expect(() => createBppOpener({ sessionKeys: keys }).push([1, 2] as never)).toThrow(/chunk: expected a Uint8Array/);
    expect(() => inspectBpp(null as never)).toThrow(/bpp: expected a Uint8Array, got null/);
  });
});

describe('BSP primitives', () => {
  it('argument checks', () => {
    expect(() => deriveSessionKeys(nobleProvider, new Uint8Array(32), { hostId: new Uint8Array(17), eid: new Uint8Array(16) })).toThrow(/hostId: expected 1 to 16 bytes, got 17/);
    expect(() => createBspState({ ...keys, initialMacChainingValue: new Uint8Array(0) })).toThrow(/keys\.initialMacChainingValue: expected 16 bytes, got 0/);
    expect(() => protectSegment(nobleProvider, createBspState(keys), 0x85, new Uint8Array(1))).toThrow(/tag: expected 0x86, 0x87 or 0x88/);
    expect(() => maxPlaintextPerSegment(25, true)).toThrow(RangeError);
  });
  it('segment arithmetic: the largest plaintext is the one whose TLV fits (property)', () => {
    expect(maxPlaintextPerSegment(1020, true)).toBe(1007);
    expect(maxPlaintextPerSegment(1020, false)).toBe(1008);
    fc.assert(
      fc.property(fc.integer({ min: 26, max: 1020 }), fc.boolean(), (limit, encrypted) => {
        const n = maxPlaintextPerSegment(limit, encrypted);
        expect(segmentTlvSize(n, encrypted)).toBeLessThanOrEqual(limit);
        expect(segmentTlvSize(n + 1, encrypted)).toBeGreaterThan(limit);
        const st = createBspState(keys);
        const tlv = protectSegment(nobleProvider, st, encrypted ? 0x86 : 0x88, new Uint8Array(n));
        expect(tlv.length).toBe(segmentTlvSize(n, encrypted));
        // the TLV owns its memory: nothing else (such as the MAC chaining value) shares it
        expect([tlv.byteOffset, tlv.buffer.byteLength]).toEqual([0, tlv.length]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('bad package bytes', () => {
  it('never throw from the openers (property over random bytes and mutations)', () => {
    const bpp = buildBpp(base).bpp;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.tuple(fc.integer({ min: 0, max: bpp.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
            const t = bpp.slice();
            t[i] ^= x;
            return t;
          }),
          fc.integer({ min: 0, max: bpp.length }).map((n) => bpp.subarray(0, n)),
        ),
        (bytes) => {
          const res = openBpp(bytes, { euiccOtsk: euicc.privateKey, eid: base.eid, lenient: true });
          if (!res.ok) expect(typeof res.failure.reason).toBe('string');
          try {
            inspectBpp(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(Asn1DecodeError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
