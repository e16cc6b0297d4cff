/**
 * The top-level encoder entry: every encode goes through one shared writer and returns an
 * exact-size copy. These tests pin what that must not change: outputs are independent of
 * each other, a failed encode leaves nothing behind for the next one, a nested top-level
 * encode gets its own writer, and the one-interval constraint checks raise the same errors
 * as the general ones.
 */
import { describe, expect, it } from 'vitest';
import { Asn1EncodeError, Saip, Sgp32 } from '../../src/index.js';
import { encodeTop, mark, sizeInEnc, sizeRangeEnc, valueInEnc, valueRangeEnc, wHeader, wOctets, type Writer } from '../../src/der/runtime.js';
import { hex, toHexStr } from './bytes.js';

const EID = hex('89049032123451234512345678901235');

function signed(eimId: string, counterValue: number) {
  return {
    eimId,
    eidValue: EID,
    counterValue,
    euiccPackage: { $case: 'psmoList', value: [{ $case: 'enable', value: { iccid: hex('98001032547698103214'), rollbackFlag: null } }] },
  } as unknown as Sgp32.EuiccPackageSigned;
}

function caught(f: () => unknown): Asn1EncodeError {
  try {
    f();
  } catch (e) {
    if (e instanceof Asn1EncodeError) return e;
    throw e;
  }
  throw new Error('expected an Asn1EncodeError');
}

describe('encodeTop', () => {
  it('returns independent, exact-size outputs that decode back', () => {
    const a = Sgp32.EuiccPackageSigned.encode(signed('eim-a', 1));
    const aHex = toHexStr(a);
    const b = Sgp32.EuiccPackageSigned.encode(signed('eim-b-longer', 300));
    expect(a.byteLength).toBe(a.buffer.byteLength);
    expect(b.byteLength).toBe(b.buffer.byteLength);
    expect(a.buffer).not.toBe(b.buffer);
    expect(toHexStr(a)).toBe(aHex);
    a.fill(0xee);
    expect(Sgp32.EuiccPackageSigned.decode(b).eimId).toBe('eim-b-longer');
    expect(Sgp32.EuiccPackageSigned.decode(b).counterValue).toBe(300);
  });

  it('an encode after a failed one is unaffected by what the failed one wrote', () => {
    const good = toHexStr(Sgp32.EuiccPackageSigned.encode(signed('eim', 7)));
    const err = caught(() => Sgp32.EuiccPackageSigned.encode(signed('', 7)));
    expect(err.code).toBe('constraint');
    expect(toHexStr(Sgp32.EuiccPackageSigned.encode(signed('eim', 7)))).toBe(good);
  });

  it('handles a value larger than the shared buffer, then small ones again', () => {
    const big = new Uint8Array(40_000).map((_, i) => i & 0xff);
    const enc = Saip.ProfileElement.encode({ $case: 'genericFileManagement', value: { gfm_header: { mandated: null, identification: 1 }, fileManagementCMD: [[{ $case: 'fillFileContent', value: big }]] } } as unknown as Saip.ProfileElement);
    const back = Saip.ProfileElement.decode(enc) as unknown as { value: { fileManagementCMD: { value: Uint8Array }[][] } };
    expect(toHexStr(back.value.fileManagementCMD[0][0].value)).toBe(toHexStr(big));
    const small = Sgp32.EuiccPackageSigned.encode(signed('x', 1));
    expect(Sgp32.EuiccPackageSigned.decode(small).eimId).toBe('x');
  });

  it('a top-level encode nested in another gets its own writer', () => {
    const inner = (w: Writer, v: Uint8Array) => {
      const m = mark(w);
      wOctets(w, v);
      wHeader(w, m, 0x04);
    };
    const outer = (w: Writer, v: Uint8Array) => {
      const m = mark(w);
      wOctets(w, encodeTop(v, 'Inner', inner));
      wOctets(w, encodeTop(hex('0102'), 'Inner', inner));
      wHeader(w, m, 0x30);
    };
    expect(toHexStr(encodeTop(hex('aabbcc'), 'Outer', outer))).toBe('3009' + '04020102' + '0403aabbcc'); // written back to front: the second write comes first
  });
});

describe('one-interval constraint checks', () => {
  it('raise exactly what the general checks raise', () => {
    const msg = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return `${(e as Asn1EncodeError).code}: ${(e as Asn1EncodeError).detail}`;
      }
      return 'ok';
    };
    for (const [n, a, b] of [[0, 1, 128], [3, 2, 2], [5, 0, Infinity], [2, 2, 4], [9, 0, 8], [-1, 0, 0]] as const) {
      expect(msg(() => sizeRangeEnc(n, a, b, 'length'))).toBe(msg(() => sizeInEnc(n, [[a, b]], 'length')));
    }
    for (const [v, a, b] of [[256, 0, 255], [-1, 0, 255], [7, 7, 7], [5n, 0, 4], [1.5, 0, 1], [0, -Infinity, -1]] as const) {
      expect(msg(() => valueRangeEnc(v, a, b))).toBe(msg(() => valueInEnc(v, [[a, b]])));
    }
    expect(msg(() => valueRangeEnc('3' as unknown as number, 0, 5))).toBe('bad-value: expected an integer, got string');
    expect(msg(() => sizeRangeEnc(0, 1, 128, 'length'))).toBe('constraint: length 0 outside SIZE(1..128)');
    expect(msg(() => valueRangeEnc(300, 0, 255))).toBe('constraint: value 300 outside (0..255)');
  });

  it('generated encoders report a broken one-interval constraint with its path', () => {
    const err = caught(() => Sgp32.EuiccPackageSigned.encode(signed('', 1)));
    expect(err.message).toBe('EuiccPackageSigned.eimId: length 0 outside SIZE(1..128) (constraint)');
    const e2 = caught(() => Saip.UInt8.encode(256));
    expect(e2.code).toBe('constraint');
    expect(e2.detail).toBe('value 256 outside (0..255)');
  });
});
