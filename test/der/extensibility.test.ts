/**
 * EXTENSIBILITY IMPLIED (X.680 §13.4): a newer peer may add SEQUENCE components and CHOICE
 * alternatives. The decoders keep what they do not know (`$unknown`, `{ $case: '$unknown' }`)
 * and the encoders write it back, so decode -> encode reproduces the input bytes. The 1988
 * PKIX modules are not extensible: there an unknown component is an error.
 *
 * The messages are built byte by byte with the helpers in ./bytes.ts, not with the writer.
 */
import { describe, expect, it } from 'vitest';
import { Asn1DecodeError, Pkix, Rsp, Saip, Sgp32, type Codec } from '../../src/index.js';
import { cat, hex, tlv, toHexStr } from './bytes.js';

const EID = hex('89049032123451234512345678901235');
const ICCID = hex('98109909002143658739');
const SIG = new Uint8Array(64).fill(0x5c);

/** EuiccPackageSigned components up to (not including) the euiccPackage. */
function signedHead(): Uint8Array {
  return cat(tlv('80', new TextEncoder().encode('eim.example.com')), tlv('5a', EID), tlv('81', hex('05')));
}

function request(euiccPackage: Uint8Array, signedExtra: Uint8Array = new Uint8Array(), requestExtra: Uint8Array = new Uint8Array()): Uint8Array {
  return tlv('bf51', tlv('30', signedHead(), euiccPackage, signedExtra), tlv('5f37', SIG), requestExtra);
}

const enablePsmo = tlv('a3', tlv('5a', ICCID));

/** decode -> encode and decode -> JER -> JSON text -> fromJer -> encode both give `bytes`. */
function roundTrips<T>(codec: Codec<T>, bytes: Uint8Array): T {
  const v = codec.decode(bytes);
  expect(toHexStr(codec.encode(v))).toBe(toHexStr(bytes));
  const json = JSON.stringify(codec.toJer(v));
  expect(toHexStr(codec.encode(codec.fromJer(JSON.parse(json))))).toBe(toHexStr(bytes));
  return v;
}

describe('unknown SEQUENCE components are kept', () => {
  it('an extra [99] component at the end of EuiccPackageSigned', () => {
    const extra = tlv('9f63', hex('0102030405'));
    const bytes = request(tlv('a0', enablePsmo), extra);
    const v = roundTrips(Sgp32.EuiccPackageRequest, bytes);
    expect(v.euiccPackageSigned.$unknown?.map(toHexStr)).toEqual([toHexStr(extra)]);
    expect(v.euiccPackageSigned.counterValue).toBe(5);
    expect(v.$unknown).toBeUndefined();
    const jer = Sgp32.EuiccPackageRequest.toJer(v) as any;
    expect(jer.euiccPackageSigned.$unknown).toEqual([toHexStr(extra)]);
  });

  it('several unknown components, constructed and primitive, at two levels', () => {
    const e1 = tlv('bf63', tlv('80', hex('aa')), tlv('a1', tlv('04', hex('bbcc'))));
    const e2 = tlv('9f64', new Uint8Array());
    const e3 = tlv('9f7f', hex('ff'));
    const bytes = request(tlv('a0', enablePsmo), cat(e1, e2), e3);
    const v = roundTrips(Sgp32.EuiccPackageRequest, bytes);
    expect(v.euiccPackageSigned.$unknown?.map(toHexStr)).toEqual([toHexStr(e1), toHexStr(e2)]);
    expect(v.$unknown?.map(toHexStr)).toEqual([toHexStr(e3)]);
  });

  it('an unknown component inside a nested anonymous SEQUENCE (Psmo enable)', () => {
    const extra = tlv('9f20', hex('01'));
    const bytes = request(tlv('a0', tlv('a3', tlv('5a', ICCID), extra)));
    const v = roundTrips(Sgp32.EuiccPackageRequest, bytes);
    const pkg = v.euiccPackageSigned.euiccPackage;
    if (pkg.$case !== 'psmoList') throw new Error(`expected psmoList, got ${pkg.$case}`);
    const psmo = pkg.value[0];
    if (psmo.$case !== 'enable') throw new Error(`expected enable, got ${psmo.$case}`);
    expect(psmo.value.$unknown?.map(toHexStr)).toEqual([toHexStr(extra)]);
  });

  it('an unknown trailing component of a real-shaped RSP message (GetEuiccDataResponse)', () => {
    const extra = tlv('9f70', hex('00'));
    const bytes = tlv('bf3e', tlv('5a', EID), extra);
    const v = roundTrips(Rsp.GetEuiccDataResponse, bytes);
    expect(v.$unknown?.map(toHexStr)).toEqual([toHexStr(extra)]);
  });
});

describe('unknown CHOICE alternatives are kept', () => {
  it('a Psmo alternative with an unknown tag inside psmoList', () => {
    const unknownPsmo = tlv('bf7e', tlv('80', hex('01')), tlv('5a', ICCID));
    const bytes = request(tlv('a0', enablePsmo, unknownPsmo, tlv('a6', new Uint8Array())));
    const v = roundTrips(Sgp32.EuiccPackageRequest, bytes);
    const pkg = v.euiccPackageSigned.euiccPackage;
    if (pkg.$case !== 'psmoList') throw new Error(`expected psmoList, got ${pkg.$case}`);
    expect(pkg.value.map((p) => p.$case)).toEqual(['enable', '$unknown', 'getRAT']);
    expect(toHexStr(pkg.value[1].value as Uint8Array)).toBe(toHexStr(unknownPsmo));
    const jer = Sgp32.EuiccPackageRequest.toJer(v) as any;
    expect(jer.euiccPackageSigned.euiccPackage.psmoList[1]).toEqual({ $unknown: toHexStr(unknownPsmo) });
  });

  it('an unknown EuiccPackage alternative as the mandatory last component', () => {
    // [3]: a later alternative cannot be [2], the tag of the OPTIONAL eimTransactionId before
    // it (X.680 §25.5: distinct tags); A2 is that component in BER's constructed form.
    const unknownPkg = tlv('a3', tlv('30', tlv('80', hex('07'))));
    const bytes = request(unknownPkg);
    const v = roundTrips(Sgp32.EuiccPackageRequest, bytes);
    expect(v.euiccPackageSigned.euiccPackage).toEqual({ $case: '$unknown', value: unknownPkg });
  });

  it('an unknown alternative decoded as a stand-alone CHOICE (Psmo, ProfileElement)', () => {
    const unknownPsmo = tlv('af', tlv('80', hex('01')));
    expect(roundTrips(Sgp32.Psmo, unknownPsmo)).toEqual({ $case: '$unknown', value: unknownPsmo });
    const unknownPe = tlv('bf64', tlv('a0', tlv('80', hex('00'))));
    expect(roundTrips(Saip.ProfileElement, unknownPe)).toEqual({ $case: '$unknown', value: unknownPe });
  });

  it('an unknown alternative inside an explicitly tagged CHOICE (ProfileInstallationResultData.finalResult [2])', () => {
    // finalResult [2] CHOICE { successResult SuccessResult, errorResult ErrorResult, ... }
    const unknownAlt = tlv('a7', tlv('80', hex('01')));
    const data = tlv(
      'bf27',
      tlv('80', hex('00112233445566778899aabbccddeeff')),
      tlv('bf2f', tlv('80', hex('02')), tlv('81', hex('0780')), tlv('0c', new TextEncoder().encode('smdp.example.com'))),
      tlv('06', hex('883710')),
      tlv('a2', unknownAlt),
    );
    const bytes = tlv('bf37', data, tlv('5f37', SIG));
    const v = roundTrips(Sgp32.ProfileInstallationResult, bytes);
    expect(v.profileInstallationResultData.finalResult).toEqual({ $case: '$unknown', value: unknownAlt });
  });

  it('fromJer rejects a misspelled runtime member instead of dropping it', () => {
    const v = Sgp32.EuiccPackageRequest.decode(request(tlv('a0', enablePsmo), tlv('9f63', hex('01'))));
    const jer = JSON.parse(JSON.stringify(Sgp32.EuiccPackageRequest.toJer(v)));
    jer.euiccPackageSigned.$unknwn = jer.euiccPackageSigned.$unknown;
    delete jer.euiccPackageSigned.$unknown;
    expect(() => Sgp32.EuiccPackageRequest.fromJer(jer)).toThrow(/\$unknwn/);
  });
});

describe('encoding unknown parts', () => {
  it('an $unknown item that is not exactly one TLV is an encode error, not bad output', () => {
    const v = Sgp32.EuiccPackageRequest.decode(request(tlv('a0', enablePsmo), tlv('9f63', hex('01'))));
    const bad = { ...v, euiccPackageSigned: { ...v.euiccPackageSigned, $unknown: [hex('9f6305 01')] } };
    expect(() => Sgp32.EuiccPackageRequest.encode(bad)).toThrow(expect.objectContaining({ name: 'Asn1EncodeError', code: 'bad-value', path: 'EuiccPackageRequest.euiccPackageSigned' }));
    const two = { ...v, $unknown: [hex('800101 800101')] };
    expect(() => Sgp32.EuiccPackageRequest.encode(two)).toThrow(/\$unknown\[0\] has 3 bytes after its TLV/);
    const jer = JSON.parse(JSON.stringify(Sgp32.EuiccPackageRequest.toJer(v)));
    jer.euiccPackageSigned.$unknown = ['01'];
    expect(() => Sgp32.EuiccPackageRequest.encode(Sgp32.EuiccPackageRequest.fromJer(jer))).toThrow(/is not a TLV/);
    const unknownAlt = { $case: '$unknown' as const, value: hex('a203 8001') };
    expect(() => Sgp32.Psmo.encode(unknownAlt)).toThrow(/not a TLV/);
  });
});

describe('non-extensible types (PKIX 1988 modules)', () => {
  const ecdsaWithSha256 = tlv('06', hex('2a8648ce3d040302'));

  function decodeError(f: () => unknown): Asn1DecodeError {
    try {
      f();
    } catch (err) {
      if (err instanceof Asn1DecodeError) return err;
      throw err;
    }
    throw new Error('expected an Asn1DecodeError');
  }

  it('an extra component at the end of AlgorithmIdentifier is an unexpected-tag error', () => {
    const bytes = tlv('30', ecdsaWithSha256, tlv('05', new Uint8Array()), tlv('04', hex('00')));
    const err = decodeError(() => Pkix.AlgorithmIdentifier.decode(bytes));
    expect(err.code).toBe('unexpected-tag');
    expect(err.offset).toBe(2 + 10 + 2);
    expect(err.path).toBe('AlgorithmIdentifier');
    expect(err.message).toBe(`AlgorithmIdentifier: ${err.detail} (unexpected-tag, offset 14)`);
  });

  it('an extra component in Validity is an error, and so is an unknown Time alternative', () => {
    const t = (s: string) => tlv('17', new TextEncoder().encode(s));
    const validity = tlv('30', t('240101000000Z'), t('340101000000Z'), tlv('80', hex('00')));
    const err = decodeError(() => Pkix.Validity.decode(validity));
    expect(err.code).toBe('unexpected-tag');
    expect(err.offset).toBe(2 + 15 + 15);

    const badTime = tlv('30', t('240101000000Z'), tlv('04', hex('00')));
    const err2 = decodeError(() => Pkix.Validity.decode(badTime));
    expect(err2.code).toBe('unexpected-tag');
    expect(err2.offset).toBe(17);
    expect(err2.path).toBe('Validity.notAfter');
  });
});
