/**
 * The shape of decoded SEQUENCE values: plain objects whose properties are the components
 * present, mandatory ones first, then the OPTIONAL ones present, in declaration order; absent
 * OPTIONAL components are absent properties (not `undefined` ones). The decoders' object
 * literals repeat a key to reserve in-object slots (emitValueObject in the compiler), which
 * must not change any of this.
 */
import { describe, expect, it } from 'vitest';
import { Saip, Sgp32 } from '../../src/index.js';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((x) => parseInt(x, 16)));

const base = {
  profileVersion: hex('020300'),
  svn: hex('020500'),
  euiccFirmwareVer: hex('0a0b0c'),
  extCardResource: hex('810100'),
  uiccCapability: { bytes: hex('067f36c0'), unusedBits: 6 }, // named bits: the DER (minimal) form
  rspCapability: { bytes: hex('06'), unusedBits: 1 },
  euiccCiPKIdListForVerification: [hex('01'.repeat(20))],
  euiccCiPKIdListForSigning: [hex('02'.repeat(20))],
  ppVersion: hex('000100'),
  sasAcreditationNumber: 'GI-BA-UP-0419',
};
const mandatory = Object.keys(base);

describe('decoded SEQUENCE values', () => {
  it('have only the mandatory components when no OPTIONAL one is present', () => {
    const v = Sgp32.EUICCInfo2.decode(Sgp32.EUICCInfo2.encode(base));
    expect(Object.keys(v)).toEqual(mandatory);
    expect('ts102241Version' in v).toBe(false);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(v).toStrictEqual(base);
  });

  it('add the OPTIONAL components present after the mandatory ones, in declaration order', () => {
    const value = { ...base, highestSvn: hex('020501'), euiccCategory: 2, ts102241Version: hex('090200') };
    const v = Sgp32.EUICCInfo2.decode(Sgp32.EUICCInfo2.encode(value));
    expect(Object.keys(v)).toEqual([...mandatory, 'ts102241Version', 'euiccCategory', 'highestSvn']);
    expect('globalplatformVersion' in v).toBe(false);
    expect(v).toStrictEqual(value);
  });

  it('keep unknown extension components last, in $unknown', () => {
    const encoded = Sgp32.EUICCInfo2.encode({ ...base, ipaMode: 1 });
    // Append an unknown context-specific component [30] (tag 9E) inside the outer TLV.
    const extra = hex('9e0101');
    // BF22, then the length: short form, or 81 xx / 82 xx xx.
    const first = encoded[2];
    const n = first & 0x80 ? first & 0x7f : 0;
    const content = encoded.subarray(3 + n);
    const newLen = content.length + extra.length;
    const header = newLen < 128 ? [0xbf, 0x22, newLen] : newLen < 256 ? [0xbf, 0x22, 0x81, newLen] : [0xbf, 0x22, 0x82, newLen >> 8, newLen & 0xff];
    const bytes = Uint8Array.from([...header, ...content, ...extra]);
    const v = Sgp32.EUICCInfo2.decode(bytes);
    expect(Object.keys(v)).toEqual([...mandatory, 'ipaMode', '$unknown']);
    expect(v.$unknown).toEqual([extra]);
  });

  it('are the same for a SEQUENCE whose only required component has a DEFAULT (Fcp)', () => {
    const fcp = { fileDescriptor: hex('4121'), fileID: hex('6f07'), shortEFID: hex('38') };
    const file = Saip.File.decode(Saip.File.encode([{ $case: 'fileDescriptor', value: fcp }]));
    const v = file[0].value as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['lcsi', 'fileDescriptor', 'fileID', 'shortEFID']);
    expect('efFileSize' in v).toBe(false);
  });
});
