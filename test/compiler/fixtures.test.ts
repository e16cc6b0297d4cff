/**
 * Hand-derived fixtures for types with constraints, DEFAULT components, named bits, SET OF and
 * tagged CHOICEs: each row's hex was worked out by hand from X.690 and ../shared/spec/der.md
 * (the derivation is in the comment above the row) and is checked in both directions:
 * encode(value) gives exactly the hex, and decode(hex) gives the value back. Plus the error
 * rows (constraint violations on encode and decode) and self-tests of the strict-DER checker.
 */
import { describe, expect, it } from 'vitest';
import * as Sgp32 from '../../src/generated/SGP32Definitions.js';
import * as Rsp from '../../src/generated/RSPDefinitions.js';
import * as Pkix from '../../src/generated/PKIX1Explicit88.js';
import * as Saip from '../../src/generated/PEDefinitions.js';
import type { Codec } from '../../src/der/codec.js';
import { Asn1DecodeError, Asn1EncodeError } from '../../src/der/errors.js';
import { bitStringOf } from '../../src/der/bitstring.js';
import { derViolations } from '../support/der-check.js';

function bytes(hex: string): Uint8Array {
  const h = hex.replace(/\s+/g, '');
  if (h.length % 2 !== 0 || /[^0-9a-fA-F]/.test(h)) throw new Error(`bad hex fixture ${hex}`);
  return Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
}

/** Hex dump, 16 octets a line with offsets, so that a mismatch shows where it starts. */
function dump(b: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < b.length; i += 16) {
    const row = Array.from(b.subarray(i, i + 16), (x) => x.toString(16).padStart(2, '0')).join(' ');
    lines.push(`${i.toString(16).padStart(4, '0')}: ${row}`);
  }
  return lines.join('\n');
}

interface Row {
  readonly name: string;
  readonly codec: Codec<unknown>;
  readonly value: unknown;
  readonly hex: string;
  /** What decode(hex) returns, when it differs from `value` (DEFAULT filled in, SET OF sorted). */
  readonly decoded?: unknown;
}

function row<T>(name: string, codec: Codec<T>, value: T, hex: string, decoded?: T): Row {
  return { name, codec: codec as Codec<unknown>, value, hex, decoded };
}

const ICCID = bytes('98 10 32 54 76 98 10 32 54 f6');
const EID = bytes('01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10');

const enable: Sgp32.Psmo = { $case: 'enable', value: { iccid: ICCID, rollbackFlag: null } };

// AttributeTypeAndValue encodings: CN (2.5.4.3 → 55 04 03) "abc", C (2.5.4.6 → 55 04 06) "DE".
const cn: Pkix.AttributeTypeAndValue = { type: '2.5.4.3', value: bytes('0c 03 61 62 63') }; // 30 0a 06 03 550403 0c 03 616263
const country: Pkix.AttributeTypeAndValue = { type: '2.5.4.6', value: bytes('13 02 44 45') }; // 30 09 06 03 550406 13 02 4445

const ROWS: Row[] = [
  // EuiccPackageSigned has tags written in its component list, so no automatic tagging (Rule B):
  // eimId [0] → 80 04 "eim1"; eidValue 5A 10 <16>; counterValue 1006 = 0x03EE → 81 02 03 EE
  // (der.md §4); eimTransactionId [2] → 82 02 01 02; euiccPackage is an untagged CHOICE whose
  // alternatives are auto-tagged: psmoList [0] → A0; enable [3] SEQUENCE → A3 0E { 5A 0A iccid,
  // 05 00 } (rollbackFlag keeps its universal NULL tag, der.md §4) → A0 10. Content of the
  // SEQUENCE: 6 + 18 + 4 + 4 + 18 = 50 = 0x32. eimSignature [APPLICATION 55] → 5F 37 04 …;
  // [81] SEQUENCE → BF 51, content 52 + 7 = 59 = 0x3B.
  row(
    'EuiccPackageRequest with one enable PSMO',
    Sgp32.EuiccPackageRequest,
    {
      euiccPackageSigned: {
        eimId: 'eim1',
        eidValue: EID,
        counterValue: 1006,
        eimTransactionId: bytes('01 02'),
        euiccPackage: { $case: 'psmoList', value: [enable] },
      },
      eimSignature: bytes('aa bb cc dd'),
    },
    'bf 51 3b  30 32  80 04 65 69 6d 31  5a 10 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10  81 02 03 ee  82 02 01 02' +
      '  a0 10 a3 0e 5a 0a 98 10 32 54 76 98 10 32 54 f6 05 00  5f 37 04 aa bb cc dd',
  ),
  // Psmo enable with rollbackFlag: A3 { 5A 0A iccid, 05 00 } (der.md §4).
  row('Psmo enable with rollbackFlag', Sgp32.Psmo, enable, 'a3 0e 5a 0a 98 10 32 54 76 98 10 32 54 f6 05 00'),
  row('Psmo enable without rollbackFlag', Sgp32.Psmo, { $case: 'enable', value: { iccid: ICCID } }, 'a3 0c 5a 0a 98 10 32 54 76 98 10 32 54 f6'),
  // getRAT [6] SEQUENCE {} → A6 00 (der.md §4).
  row('Psmo getRAT (empty SEQUENCE)', Sgp32.Psmo, { $case: 'getRAT', value: {} }, 'a6 00'),
  // StoreMetadataRequest [37] → BF 25; iccid 5A 0A; [17] → 91 02 "SP"; [18] → 92 02 "P1";
  // profileClass [21] DEFAULT operational: omitted when operational (der.md §5), content 20 = 0x14.
  row(
    'StoreMetadataRequest, profileClass = operational (default, omitted)',
    Sgp32.StoreMetadataRequest,
    { iccid: ICCID, serviceProviderName: 'SP', profileName: 'P1', profileClass: 2 },
    'bf 25 14 5a 0a 98 10 32 54 76 98 10 32 54 f6 91 02 53 50 92 02 50 31',
  ),
  // … and with test(0): 95 01 00 after profileName, content 23 = 0x17.
  row(
    'StoreMetadataRequest, profileClass = test (present)',
    Sgp32.StoreMetadataRequest,
    { iccid: ICCID, serviceProviderName: 'SP', profileName: 'P1', profileClass: 0 },
    'bf 25 17 5a 0a 98 10 32 54 76 98 10 32 54 f6 91 02 53 50 92 02 50 31 95 01 00',
  ),
  row(
    'RSP StoreMetadataRequest, profileClass = provisioning',
    Rsp.StoreMetadataRequest,
    { iccid: ICCID, serviceProviderName: '', profileName: '', profileClass: 1 },
    'bf 25 13 5a 0a 98 10 32 54 76 98 10 32 54 f6 91 00 92 00 95 01 01',
  ),
  // ProfileInfo [PRIVATE 3] → E3; fallbackAttribute [38] BOOLEAN DEFAULT FALSE → 9F 26 01 FF only when TRUE.
  row('ProfileInfo, fallbackAttribute FALSE (default, omitted)', Sgp32.ProfileInfo, { iccid: ICCID, fallbackAttribute: false }, 'e3 0c 5a 0a 98 10 32 54 76 98 10 32 54 f6'),
  row(
    'ProfileInfo, fallbackAttribute TRUE, fallbackAllowed FALSE',
    Sgp32.ProfileInfo,
    { iccid: ICCID, fallbackAttribute: true, fallbackAllowed: false },
    'e3 14 5a 0a 98 10 32 54 76 98 10 32 54 f6 9f 26 01 ff 9f 67 01 00',
  ),
  row('ProfileInfo, empty', Sgp32.ProfileInfo, { fallbackAttribute: false }, 'e3 00'),
  // Named bits, minimal DER form (X.690 §11.2.2, der.md §4): {install} = bit 0 → 07 80;
  // {install, delete} = bits 0, 3 → 1001 0000, 4 unused → 04 90; {} → 03 01 00.
  row('NotificationEvent {notificationInstall}', Rsp.NotificationEvent, bitStringOf([0]), '03 02 07 80'),
  row('NotificationEvent {notificationInstall, notificationDelete}', Rsp.NotificationEvent, bitStringOf([0, 3]), '03 02 04 90'),
  row('NotificationEvent {}', Rsp.NotificationEvent, bitStringOf([]), '03 01 00'),
  // NotificationMetadata [47] → BF 2F: seqNumber [0] 20 → 80 01 14; [1] NotificationEvent →
  // 81 02 07 80 (the real-bytes form of der.md §4); UTF8String 0C 03 "a.b"; content 12 = 0x0C.
  row(
    'NotificationMetadata with notificationInstall',
    Rsp.NotificationMetadata,
    { seqNumber: 20, profileManagementOperation: bitStringOf([0]), notificationAddress: 'a.b' },
    'bf 2f 0c 80 01 14 81 02 07 80 0c 03 61 2e 62',
  ),
  // INTEGER edge values, minimal two's complement (X.690 §8.3.2).
  ...(
    [
      [0, '02 01 00'],
      [127, '02 01 7f'],
      [128, '02 02 00 80'],
      [255, '02 02 00 ff'],
      [256, '02 02 01 00'],
      [-1, '02 01 ff'],
      [-128, '02 01 80'],
      [-129, '02 02 ff 7f'],
      [-256, '02 02 ff 00'],
      [2 ** 31, '02 05 00 80 00 00 00'],
      [-(2 ** 31), '02 04 80 00 00 00'],
      [2 ** 53 - 1, '02 07 1f ff ff ff ff ff ff'],
      [-(2 ** 53 - 1), '02 07 e0 00 00 00 00 00 01'],
    ] as const
  ).map(([v, hex]) => row(`INTEGER ${v}`, Sgp32.EimPackageResultErrorCode, v, hex)),
  // Unbounded INTEGER as bigint (certificate serial numbers).
  ...(
    [
      [0n, '02 01 00'],
      [2n ** 63n, '02 09 00 80 00 00 00 00 00 00 00'],
      [-(2n ** 63n), '02 08 80 00 00 00 00 00 00 00'],
      [2n ** 64n, '02 09 01 00 00 00 00 00 00 00 00'],
      [-(2n ** 64n) - 1n, '02 09 fe ff ff ff ff ff ff ff ff'],
    ] as const
  ).map(([v, hex]) => row(`CertificateSerialNumber ${v}`, Pkix.CertificateSerialNumber, v, hex)),
  // UInt8 ::= INTEGER (0..255): the bounds themselves.
  row('UInt8 0', Saip.UInt8, 0, '02 01 00'),
  row('UInt8 255', Saip.UInt8, 255, '02 02 00 ff'),
  // SET OF in DER order (X.690 §11.6): C (30 09 …) sorts before CN (30 0A …); 0x0B + 0x0C = 0x17.
  row(
    'RelativeDistinguishedName, sorted by encoding',
    Pkix.RelativeDistinguishedName,
    [country, cn],
    '31 17 30 09 06 03 55 04 06 13 02 44 45 30 0a 06 03 55 04 03 0c 03 61 62 63',
  ),
  // A tagged CHOICE type at the top: [79] CHOICE → BF 4F { alternative }; eimPackageError is an
  // untagged INTEGER (the CHOICE has tags in its list, so no automatic tagging).
  row('GetEimPackageResponse eimPackageError', Sgp32.GetEimPackageResponse, { $case: 'eimPackageError', value: 1 }, 'bf 4f 03 02 01 01'),
  // [79] GetEimPackageResponse where the type is [79] CHOICE: the implicit tag replaces the
  // type's own (Rule D), one BF 4F, not two.
  row(
    'EsipaMessageFromEimToIpa getEimPackageResponse',
    Sgp32.EsipaMessageFromEimToIpa,
    { $case: 'getEimPackageResponse', value: { $case: 'eimPackageError', value: 1 } },
    'bf 4f 03 02 01 01',
  ),
  // CancelSessionRequestEsipa [65] SEQUENCE, automatic tags: transactionId [0] → 80 04 …;
  // cancelSessionResponse [1] of the [65] CHOICE → A1 replaces BF 41 (der.md §3.1, asn1c output);
  // inside, the auto-tagged alternative cancelSessionResponseError [1] INTEGER → 81 01 05.
  row(
    'CancelSessionRequestEsipa with an error response',
    Sgp32.CancelSessionRequestEsipa,
    { transactionId: bytes('01 02 03 04'), cancelSessionResponse: { $case: 'cancelSessionResponseError', value: 5 } },
    'bf 41 0b 80 04 01 02 03 04 a1 03 81 01 05',
  ),
];

describe('hand-derived fixtures, both directions', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_name, r) => {
    const expected = bytes(r.hex);
    const got = r.codec.encode(r.value);
    expect(dump(got), `encode(${r.name})`).toBe(dump(expected));
    expect(derViolations(got)).toEqual([]);
    expect(r.codec.decode(expected), `decode(${r.name})`).toEqual(r.decoded ?? r.value);
  });

  it('DEFAULT members may be left out of the value: the encoding is the same', () => {
    const v = { iccid: ICCID, serviceProviderName: 'SP', profileName: 'P1' };
    expect(dump(Sgp32.StoreMetadataRequest.encode(v))).toBe(dump(bytes('bf 25 14 5a 0a 98 10 32 54 76 98 10 32 54 f6 91 02 53 50 92 02 50 31')));
    expect(Sgp32.StoreMetadataRequest.decode(Sgp32.StoreMetadataRequest.encode(v))).toEqual({ ...v, profileClass: 2 });
    expect(dump(Sgp32.ProfileInfo.encode({}))).toBe(dump(bytes('e3 00')));
  });

  it('an explicitly encoded DEFAULT is a DER violation (strict) but accepted leniently', () => {
    // 95 01 02 (operational) written out: content 20 + 3 = 23 = 0x17.
    const withDefault = bytes('bf 25 17 5a 0a 98 10 32 54 76 98 10 32 54 f6 91 02 53 50 92 02 50 31 95 01 02');
    expect(() => Sgp32.StoreMetadataRequest.decode(withDefault)).toThrow(Asn1DecodeError);
    try {
      Sgp32.StoreMetadataRequest.decode(withDefault);
    } catch (e) {
      expect((e as Asn1DecodeError).code).toBe('default-encoded');
    }
    expect(Sgp32.StoreMetadataRequest.decode(withDefault, { strict: false })).toEqual({ iccid: ICCID, serviceProviderName: 'SP', profileName: 'P1', profileClass: 2 });
  });

  it('named bits are written minimal even when the value carries trailing zero bits', () => {
    const padded = { bytes: bytes('80 00'), unusedBits: 0 };
    expect(dump(Rsp.NotificationEvent.encode(padded))).toBe(dump(bytes('03 02 07 80')));
  });

  it('SET OF elements given out of order are encoded sorted', () => {
    const out = Pkix.RelativeDistinguishedName.encode([cn, country]);
    expect(dump(out)).toBe(dump(bytes('31 17 30 09 06 03 55 04 06 13 02 44 45 30 0a 06 03 55 04 03 0c 03 61 62 63')));
    expect(Pkix.RelativeDistinguishedName.decode(out)).toEqual([country, cn]);
  });
});

function encodeError(f: () => unknown): Asn1EncodeError {
  try {
    f();
  } catch (e) {
    if (e instanceof Asn1EncodeError) return e;
    throw new Error(`expected an Asn1EncodeError, got ${String(e)}`);
  }
  throw new Error('expected an Asn1EncodeError, nothing was thrown');
}

function decodeError(f: () => unknown): Asn1DecodeError {
  try {
    f();
  } catch (e) {
    if (e instanceof Asn1DecodeError) return e;
    throw new Error(`expected an Asn1DecodeError, got ${String(e)}`);
  }
  throw new Error('expected an Asn1DecodeError, nothing was thrown');
}

describe('constraint violations', () => {
  const signed = {
    eimId: 'eim1',
    eidValue: EID,
    counterValue: 1,
    euiccPackage: { $case: 'psmoList', value: [] },
  } satisfies Sgp32.EuiccPackageSigned;

  it('SIZE on encode: eimId (SIZE(1..128)) empty, with the path of the member', () => {
    const e = encodeError(() => Sgp32.EuiccPackageRequest.encode({ euiccPackageSigned: { ...signed, eimId: '' }, eimSignature: bytes('00') }));
    expect(e.code).toBe('constraint');
    expect(e.path).toBe('EuiccPackageRequest.euiccPackageSigned.eimId');
    expect(e.message).toContain('SIZE(1..128)');
  });

  it('SIZE on encode through a named type: Iccid (SIZE(10)) of 9 octets inside a PSMO', () => {
    const e = encodeError(() =>
      Sgp32.EuiccPackageRequest.encode({
        euiccPackageSigned: { ...signed, euiccPackage: { $case: 'psmoList', value: [{ $case: 'delete', value: { iccid: ICCID.subarray(0, 9) } }] } },
        eimSignature: bytes('00'),
      }),
    );
    expect(e.code).toBe('constraint');
    expect(e.path).toMatch(/^EuiccPackageRequest\.euiccPackageSigned\.euiccPackage\.psmoList\[0\]\.delete\.iccid/);
  });

  it('SIZE on encode: TransactionId (SIZE(1..16)) of 17 octets', () => {
    const e = encodeError(() => Sgp32.EuiccPackageRequest.encode({ euiccPackageSigned: { ...signed, eimTransactionId: new Uint8Array(17) }, eimSignature: bytes('00') }));
    expect(e.code).toBe('constraint');
    expect(e.path).toBe('EuiccPackageRequest.euiccPackageSigned.eimTransactionId');
  });

  it('SIZE of a UTF8String counts characters, not UTF-16 code units (X.680 §51.5)', () => {
    // 128 characters outside the BMP: 256 UTF-16 code units, 512 octets of UTF-8.
    const eimId = '\u{1F600}'.repeat(128);
    const out = Sgp32.EuiccPackageRequest.encode({ euiccPackageSigned: { ...signed, eimId }, eimSignature: bytes('00') });
    expect(Sgp32.EuiccPackageRequest.decode(out).euiccPackageSigned.eimId).toBe(eimId);
    const e = encodeError(() => Sgp32.EuiccPackageRequest.encode({ euiccPackageSigned: { ...signed, eimId: eimId + 'x' }, eimSignature: bytes('00') }));
    expect(e.code).toBe('constraint');
    expect(e.message).toContain('length 129');
  });

  it('SIZE on decode: an eimId of 0 octets', () => {
    // 30 LL 80 00 5A 10 <eid> 81 01 01 A0 00 inside BF 51, plus 5F 37 01 00.
    const inner = '80 00 5a 10 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 81 01 01 a0 00'; // 2 + 18 + 3 + 2 = 25
    const hex = `bf 51 1f 30 19 ${inner} 5f 37 01 00`; // 27 + 4 = 31 = 0x1F
    const e = decodeError(() => Sgp32.EuiccPackageRequest.decode(bytes(hex)));
    expect(e.code).toBe('constraint');
    expect(e.path).toBe('EuiccPackageRequest.euiccPackageSigned.eimId');
  });

  it('value range on encode: UInt8 256 and -1, ExtensionAttribute type 257', () => {
    expect(encodeError(() => Saip.UInt8.encode(256)).code).toBe('constraint');
    expect(encodeError(() => Saip.UInt8.encode(-1)).code).toBe('constraint');
    const e = encodeError(() => Pkix.ExtensionAttribute.encode({ extension_attribute_type: 257, extension_attribute_value: bytes('05 00') }));
    expect(e.code).toBe('constraint');
    expect(e.path).toBe('ExtensionAttribute.extension_attribute_type');
  });

  it('value range on decode: UInt8 encoded as 256', () => {
    expect(decodeError(() => Saip.UInt8.decode(bytes('02 02 01 00'))).code).toBe('constraint');
  });

  it('a number INTEGER beyond 2^53 − 1 is refused both ways', () => {
    expect(encodeError(() => Sgp32.EimPackageResultErrorCode.encode(2 ** 53)).code).toBe('bad-value');
    expect(decodeError(() => Sgp32.EimPackageResultErrorCode.decode(bytes('02 07 20 00 00 00 00 00 00'))).code).toBe('integer-range');
  });
});

describe('the strict-DER checker itself', () => {
  it.each([
    ['indefinite length', '30 80 05 00 00 00', 'indefinite'],
    ['long form below 128', '04 81 01 00', 'long-form length below 128'],
    ['leading zero length octet', '04 82 00 80' + ' 00'.repeat(128), 'leading zero length'],
    ['high-tag form for 30', '9f 1e 00', 'high-tag-number form'],
    ['leading 0x80 in a tag number', '9f 80 40 00', 'leading 0x80'],
    ['BOOLEAN 01', '01 01 01', 'BOOLEAN'],
    ['INTEGER 00 7F', '02 02 00 7f', 'not minimal'],
    ['INTEGER FF 80', '02 02 ff 80', 'not minimal'],
    ['empty INTEGER', '02 00', 'without content'],
    ['BIT STRING 8 unused bits', '03 02 08 00', 'more than 7'],
    ['BIT STRING non-zero unused bits', '03 02 07 81', 'unused bits not zero'],
    ['constructed OCTET STRING', '24 03 04 01 00', 'constructed encoding'],
    ['child overruns its parent', '30 03 04 05 00', 'runs past'],
    ['trailing octets', '05 00 00', 'after the TLV'],
    ['SET OF out of order', '31 06 04 01 02 04 01 01', 'neither in encoding order'],
    ['NULL with content', '05 01 00', 'NULL'],
    ['OID arc with 0x80', '06 02 80 01', 'leading 0x80'],
    ['UTCTime with offset', '17 11 30 30 30 31 30 31 30 30 30 30 30 30 2b 30 31 30 30', 'UTCTime'],
  ])('rejects %s', (_n, hex, rule) => {
    const v = derViolations(bytes(hex));
    expect(v.length).toBe(1);
    expect(v[0].rule).toContain(rule);
  });

  it.each([
    // A SET (not SET OF) is in tag order (X.690 §10.3): [0] A0 00 before [1] 81 01 01 is DER
    // although A0 > 81 as octets.
    ['SET in tag order', '31 05 80 01 01 a1 00'],
    ['SET in tag order, constructed first', '31 05 a0 00 81 01 01'],
    ['SET OF in encoding order', '31 06 04 01 01 04 01 02'],
    ['high tag 31', '9f 1f 00'],
    ['long length 128', '04 81 80' + ' 00'.repeat(128)],
    ['GeneralizedTime with fraction', '18 11 32 30 32 36 30 31 30 31 30 30 30 30 30 30 2e 35 5a'],
  ])('accepts %s', (_n, hex) => {
    expect(derViolations(bytes(hex))).toEqual([]);
  });
});
