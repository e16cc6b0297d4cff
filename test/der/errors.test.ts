/**
 * The negative table: one row per Asn1DecodeError code, each asserting the code, the absolute
 * offset, the ASN.1 path and the message format `path: detail (code, offset N)`. Then lenient
 * mode: BER forms decode with `strict: false` and are reported as diagnostics, while strict
 * mode rejects each with its code. All inputs are built byte by byte here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asn1DecodeError, Pkix, PkixImplicit, Rsp, Sgp32, decodeLenient, encodedBytesOf, type Codec, type DecodeErrorCode, type Diagnostic } from '../../src/index.js';
import { cat, hex, tlv, toHexStr } from './bytes.js';
import { compileAndLoad, removeCompiled, type LoadedModule } from './compile-module.js';

const ascii = (s: string) => new TextEncoder().encode(s);
const EID = hex('89049032123451234512345678901235');
const oidKeyUsage = tlv('06', hex('551d0f'));
const atvC = tlv('30', tlv('06', hex('550406')), tlv('13', ascii('DE'))); // countryName DE
const atvO = tlv('30', tlv('06', hex('55040a')), tlv('0c', ascii('Org'))); // organizationName

interface Row {
  code: DecodeErrorCode;
  why: string;
  codec: () => Codec<unknown>;
  bytes: Uint8Array;
  offset: number;
  path: string;
  detail: RegExp;
  options?: { maxDepth?: number };
}

// A SET with the same component twice cannot be had from the five modules without also
// breaking the SET's DER order, so a module compiled here supplies a clean example.
let TestSet: LoadedModule;
beforeAll(async () => {
  const mods = await compileAndLoad(
    `ErrorsTest DEFINITIONS AUTOMATIC TAGS ::= BEGIN
       Pair ::= SET { a INTEGER, b BOOLEAN OPTIONAL }
     END`,
    'ErrorsTest.asn',
  );
  TestSet = mods.ErrorsTest;
});
afterAll(removeCompiled);

const rows: Row[] = [
  {
    code: 'constructed-string', why: 'extnValue as a constructed OCTET STRING (24) in two segments',
    codec: () => Pkix.Extension, bytes: tlv('30', oidKeyUsage, tlv('24', tlv('04', hex('0302')), tlv('04', hex('05a0')))),
    offset: 7, path: 'Extension.extnValue', detail: /^constructed \(segmented\) string encoding is not DER$/,
  },
  {
    code: 'unexpected-tag', why: 'eidValue must be [APPLICATION 26] (5A), found OCTET STRING 04',
    codec: () => Rsp.GetEuiccDataResponse, bytes: tlv('bf3e', tlv('04', EID)),
    offset: 3, path: 'GetEuiccDataResponse.eidValue', detail: /^expected tag 5A, found tag 04$/,
  },
  {
    code: 'unexpected-tag', why: 'extnValue must be an OCTET STRING (04), found INTEGER 02: one-octet tags written as two digits on both sides',
    codec: () => Pkix.Extension, bytes: tlv('30', oidKeyUsage, tlv('02', hex('05'))),
    offset: 7, path: 'Extension.extnValue', detail: /^expected tag 04, found tag 02$/,
  },
  {
    code: 'unexpected-tag', why: 'wrong outer tag',
    codec: () => Rsp.GetEuiccDataResponse, bytes: tlv('bf3f', tlv('5a', EID)),
    offset: 0, path: 'GetEuiccDataResponse', detail: /^expected tag BF3E, found tag BF3F$/,
  },
  {
    code: 'missing-component', why: 'empty GetEuiccDataResponse',
    codec: () => Rsp.GetEuiccDataResponse, bytes: hex('bf3e00'),
    offset: 3, path: 'GetEuiccDataResponse.eidValue', detail: /^component eidValue \(tag 5A\) is missing$/,
  },
  {
    code: 'truncated', why: 'length 18 but only 17 content bytes',
    codec: () => Rsp.GetEuiccDataResponse, bytes: tlv('bf3e', tlv('5a', EID)).subarray(0, 20),
    offset: 0, path: 'GetEuiccDataResponse', detail: /^length 18 runs past the 17 bytes available$/,
  },
  {
    code: 'truncated', why: 'inner length runs past its container',
    codec: () => Rsp.GetEuiccDataResponse, bytes: cat(hex('bf3e12 5a11'), EID),
    // A header that cannot be read is matched to no component: the path ends at the SEQUENCE.
    offset: 3, path: 'GetEuiccDataResponse', detail: /^length 17 runs past the 16 bytes available$/,
  },
  {
    code: 'bad-length', why: 'reserved length octet FF',
    codec: () => Rsp.GetEuiccDataResponse, bytes: hex('bf3eff00'),
    offset: 0, path: 'GetEuiccDataResponse', detail: /^reserved length octet 0xFF$/,
  },
  {
    code: 'bad-length', why: 'a length beyond 2^32',
    codec: () => Rsp.GetEuiccDataResponse, bytes: hex('bf3e85 0100000000'),
    offset: 0, path: 'GetEuiccDataResponse', detail: /^length larger than 2\^32$/,
  },
  {
    code: 'non-minimal-length', why: 'long form for 18',
    codec: () => Rsp.GetEuiccDataResponse, bytes: cat(hex('bf3e8112 5a10'), EID),
    offset: 0, path: 'GetEuiccDataResponse', detail: /^length 18 not in its shortest form$/,
  },
  {
    code: 'indefinite-length', why: 'indefinite length in strict mode',
    codec: () => Rsp.GetEuiccDataResponse, bytes: cat(hex('bf3e80 5a10'), EID, hex('0000')),
    offset: 0, path: 'GetEuiccDataResponse', detail: /^indefinite length is not DER$/,
  },
  {
    code: 'bad-tag', why: 'tag number 30 in the high-tag-number form',
    codec: () => Rsp.GetEuiccDataResponse, bytes: cat(hex('bf3e12 5f1e10'), EID).subarray(0, 21),
    offset: 3, path: 'GetEuiccDataResponse', detail: /^tag number 30 in the high-tag-number form$/,
  },
  {
    code: 'bad-tag', why: 'leading 0x80 in the tag number',
    codec: () => Rsp.GetEuiccDataResponse, bytes: hex('bf803e00'),
    offset: 0, path: 'GetEuiccDataResponse', detail: /^tag number with a leading 0x80 octet$/,
  },
  {
    code: 'bad-integer', why: 'INTEGER without content',
    codec: () => Pkix.Version, bytes: hex('0200'),
    offset: 2, path: 'Version', detail: /^INTEGER with no content octets$/,
  },
  {
    code: 'bad-integer', why: 'redundant leading 00 (counterValue of an EuiccPackageSigned)',
    codec: () => Sgp32.EuiccPackageSigned,
    bytes: tlv('30', tlv('80', ascii('e')), tlv('5a', EID), tlv('81', hex('0005')), tlv('a0')),
    offset: 2 + 3 + 18 + 2, path: 'EuiccPackageSigned.counterValue', detail: /^INTEGER with a redundant leading octet$/,
  },
  {
    code: 'integer-range', why: '2^56 does not fit a number',
    codec: () => Pkix.Version, bytes: hex('0208 0100000000000000'),
    offset: 2, path: 'Version', detail: /^INTEGER of 8 octets does not fit a number$/,
  },
  {
    code: 'integer-range', why: '2^53 does not fit a number',
    codec: () => Pkix.Version, bytes: hex('0207 20000000000000'),
    offset: 2, path: 'Version', detail: /^INTEGER 9007199254740992 outside ±\(2\^53−1\)$/,
  },
  {
    code: 'bad-boolean', why: 'BOOLEAN of two octets',
    codec: () => Pkix.Extension, bytes: tlv('30', oidKeyUsage, tlv('01', hex('ffff')), tlv('04', hex('030205a0'))),
    offset: 9, path: 'Extension.critical', detail: /^BOOLEAN of 2 octets$/,
  },
  {
    code: 'bad-null', why: 'rollbackFlag NULL with content',
    codec: () => Sgp32.Psmo, bytes: tlv('a3', tlv('5a', hex('98109909002143658739')), tlv('05', hex('00'))),
    offset: 2 + 12 + 2, path: 'Psmo.enable.rollbackFlag', detail: /^NULL with 1 content octets$/,
  },
  {
    code: 'bad-bit-string', why: 'eight unused bits',
    codec: () => PkixImplicit.KeyUsage, bytes: hex('0302 0880'),
    offset: 2, path: 'KeyUsage', detail: /^BIT STRING with 8 unused bits$/,
  },
  {
    code: 'bad-bit-string', why: 'no unused-bits octet',
    codec: () => Pkix.UniqueIdentifier, bytes: hex('0300'),
    offset: 2, path: 'UniqueIdentifier', detail: /^BIT STRING without its unused-bits octet$/,
  },
  {
    code: 'bad-oid', why: 'last arc not terminated',
    codec: () => Pkix.AttributeType, bytes: hex('0602 2a86'),
    offset: 3, path: 'AttributeType', detail: /^last arc not terminated$/,
  },
  {
    code: 'bad-oid', why: 'arc with a leading 0x80',
    codec: () => Pkix.AttributeType, bytes: hex('0603 2a8001'),
    offset: 3, path: 'AttributeType', detail: /^arc with a leading 0x80 octet$/,
  },
  {
    code: 'bad-string', why: '@ is not a PrintableString character',
    codec: () => Pkix.X520countryName, bytes: hex('1302 4440'),
    offset: 3, path: 'X520countryName', detail: /^PrintableString with octet 40$/,
  },
  {
    code: 'bad-string', why: 'invalid UTF-8 in eimId',
    codec: () => Sgp32.EuiccPackageSigned,
    bytes: tlv('30', tlv('80', hex('c328')), tlv('5a', EID), tlv('81', hex('05')), tlv('a0')),
    offset: 4, path: 'EuiccPackageSigned.eimId', detail: /^UTF8String with invalid UTF-8$/,
  },
  {
    code: 'bad-time', why: 'a UTCTime that is no time at all',
    codec: () => Pkix.Time, bytes: tlv('17', ascii('yesterday')),
    offset: 2, path: 'Time.utcTime', detail: /^UTCTime "yesterday" is malformed$/,
  },
  {
    code: 'bad-enumerated', why: 'CRLReason 7 is not defined',
    codec: () => PkixImplicit.CRLReason, bytes: hex('0a0107'),
    offset: 2, path: 'CRLReason', detail: /^ENUMERATED value 7 is not one of unspecified, .*aACompromise$/,
  },
  {
    code: 'constraint', why: 'X520countryName is SIZE(2)',
    codec: () => Pkix.X520countryName, bytes: tlv('13', ascii('DEU')),
    offset: 2, path: 'X520countryName', detail: /^length 3 outside SIZE\(2\)$/,
  },
  {
    code: 'constraint', why: 'eimId is SIZE(1..128)',
    codec: () => Sgp32.EuiccPackageSigned,
    bytes: tlv('30', tlv('80'), tlv('5a', EID), tlv('81', hex('05')), tlv('a0')),
    offset: 4, path: 'EuiccPackageSigned.eimId', detail: /^length 0 outside SIZE\(1\.\.128\)$/,
  },
  {
    code: 'default-encoded', why: 'critical FALSE written out',
    codec: () => Pkix.Extension, bytes: tlv('30', oidKeyUsage, tlv('01', hex('00')), tlv('04', hex('030205a0'))),
    offset: 7, path: 'Extension.critical', detail: /^critical encoded with its DEFAULT value$/,
  },
  {
    code: 'set-order', why: 'SET OF elements not sorted',
    codec: () => Pkix.RelativeDistinguishedName, bytes: tlv('31', atvO, atvC),
    offset: 2 + atvO.length, path: 'RelativeDistinguishedName[1]', detail: /^SET OF elements not in DER order$/,
  },
  {
    code: 'set-order', why: 'SET components not in tag order',
    codec: () => Pkix.PersonalName, bytes: tlv('31', tlv('81', ascii('Ada')), tlv('80', ascii('Lovelace'))),
    offset: 7, path: 'PersonalName.surname', detail: /^SET components not in tag order$/,
  },
  {
    code: 'duplicate-component', why: 'PersonalName with two surnames',
    codec: () => Pkix.PersonalName, bytes: tlv('31', tlv('80', ascii('A')), tlv('80', ascii('B'))),
    offset: 5, path: 'PersonalName.surname', detail: /^surname appears twice in the SET$/,
  },
  {
    code: 'duplicate-component', why: 'a compiled SET { a, b } with a twice',
    codec: () => TestSet.Pair, bytes: tlv('31', tlv('80', hex('01')), tlv('80', hex('01'))),
    offset: 5, path: 'Pair.a', detail: /^a appears twice in the SET$/,
  },
  {
    code: 'trailing-data', why: 'a byte after the value',
    codec: () => Rsp.GetEuiccDataResponse, bytes: cat(tlv('bf3e', tlv('5a', EID)), hex('00')),
    offset: 21, path: 'GetEuiccDataResponse', detail: /^1 bytes after the value$/,
  },
  {
    code: 'trailing-data', why: 'an explicit tag holding two values (finalResult [2])',
    codec: () => Rsp.ProfileInstallationResultData,
    bytes: tlv('bf27', tlv('80', hex('01')), tlv('bf2f', tlv('80', hex('01')), tlv('81', hex('0780')), tlv('0c', ascii('a'))), tlv('06', hex('2a03')),
      tlv('a2', tlv('a0', tlv('4f', hex('a000')), tlv('04')), tlv('05'))),
    offset: 3 + 3 + 13 + 4 + 2 + 8, path: 'ProfileInstallationResultData.finalResult', detail: /^explicit tag holds more than one value$/,
  },
  {
    code: 'depth-limit', why: 'maxDepth 2 and a Psmo three levels down',
    codec: () => Sgp32.EuiccPackageRequest,
    bytes: tlv('bf51', tlv('30', tlv('80', ascii('e')), tlv('5a', EID), tlv('81', hex('05')), tlv('a0', tlv('a6'))), tlv('5f37', hex('00'))),
    options: { maxDepth: 2 }, offset: 3 + 2 + 3 + 18 + 3, path: 'EuiccPackageRequest.euiccPackageSigned.euiccPackage',
    detail: /^nesting deeper than 2$/,
  },
];

function decodeError(row: Row): Asn1DecodeError {
  try {
    row.codec().decode(row.bytes, row.options);
  } catch (err) {
    if (err instanceof Asn1DecodeError) return err;
    throw new Error(`expected an Asn1DecodeError, got ${String(err)}`);
  }
  throw new Error(`${toHexStr(row.bytes)} decoded without error`);
}

describe('one row per Asn1DecodeError code', () => {
  it.each(rows.map((r) => [`${r.code}: ${r.why}`, r] as const))('%s', (_name, row) => {
    const err = decodeError(row);
    expect(err.code).toBe(row.code);
    expect(err.offset).toBe(row.offset);
    expect(err.path).toBe(row.path);
    expect(err.detail).toMatch(row.detail);
    expect(err.message).toBe(`${row.path}: ${err.detail} (${row.code}, offset ${row.offset})`);
    expect(err.name).toBe('Asn1DecodeError');
  });

  it('covers every code of DecodeErrorCode', () => {
    // Keep in step with the union in src/der/errors.ts; the assignment below fails to compile
    // when a code is added there without a row here.
    const all: Record<DecodeErrorCode, true> = {
      'unexpected-tag': true, 'missing-component': true, truncated: true, 'bad-length': true, 'non-minimal-length': true,
      'indefinite-length': true, 'bad-tag': true, 'bad-integer': true, 'integer-range': true, 'bad-boolean': true,
      'bad-null': true, 'bad-bit-string': true, 'bad-oid': true, 'bad-string': true, 'bad-time': true,
      'bad-enumerated': true, constraint: true, 'default-encoded': true, 'set-order': true, 'duplicate-component': true,
      'trailing-data': true, 'depth-limit': true, 'constructed-string': true,
    };
    expect(new Set(rows.map((r) => r.code))).toEqual(new Set(Object.keys(all)));
  });

  it('a non-Uint8Array argument is a TypeError naming the argument, not a decode error', () => {
    expect(() => Rsp.GetEuiccDataResponse.decode('bf3e00' as never)).toThrow(new TypeError('bytes: expected a Uint8Array, got string'));
    expect(() => Rsp.GetEuiccDataResponse.decode(new Uint8Array(), { maxDepth: 0 })).toThrow(RangeError);
  });
});

describe('lenient mode accepts BER forms and reports each; strict mode rejects each', () => {
  const extension = (critical: Uint8Array) => tlv('30', oidKeyUsage, tlv('01', critical), tlv('04', hex('030205a0')));
  const derExtension = tlv('30', oidKeyUsage, tlv('04', hex('030205a0')));
  const derExtensionCritical = extension(hex('ff'));

  const cases: { name: string; codec: Codec<any>; ber: Uint8Array; code: DecodeErrorCode; offset: number; der: Uint8Array; check?: (v: any) => void }[] = [
    {
      name: 'indefinite length',
      codec: Pkix.Extension,
      ber: cat(hex('3080'), oidKeyUsage, tlv('04', hex('030205a0')), hex('0000')),
      code: 'indefinite-length', offset: 0, der: derExtension,
    },
    {
      name: 'nested indefinite lengths',
      codec: Pkix.RelativeDistinguishedName,
      ber: cat(hex('3180 3080'), tlv('06', hex('550406')), tlv('13', ascii('DE')), hex('0000 0000')),
      code: 'indefinite-length', offset: 0, der: tlv('31', atvC),
    },
    {
      name: 'non-minimal length',
      codec: Pkix.Extension,
      ber: cat(hex('30810d'), oidKeyUsage, hex('04820004'), hex('030205a0')),
      code: 'non-minimal-length', offset: 0, der: derExtension,
    },
    {
      name: 'BOOLEAN 01',
      codec: Pkix.Extension, ber: extension(hex('01')),
      code: 'bad-boolean', offset: 9, der: derExtensionCritical, check: (v) => expect(v.critical).toBe(true),
    },
    {
      name: 'non-minimal INTEGER',
      codec: Pkix.Version, ber: hex('0203 000002'),
      code: 'bad-integer', offset: 2, der: hex('020102'), check: (v) => expect(v).toBe(2),
    },
    {
      name: 'DEFAULT encoded',
      codec: Pkix.Extension, ber: extension(hex('00')),
      code: 'default-encoded', offset: 7, der: derExtension, check: (v) => expect(v.critical).toBe(false),
    },
    {
      name: 'SET OF out of order',
      codec: Pkix.RelativeDistinguishedName, ber: tlv('31', atvO, atvC),
      code: 'set-order', offset: 2 + atvO.length, der: tlv('31', atvC, atvO),
    },
    {
      name: 'unused bits not zero',
      codec: Pkix.UniqueIdentifier, ber: hex('0303 01abcd'),
      code: 'bad-bit-string', offset: 4, der: hex('0303 01abcc'),
    },
    {
      name: 'named-bit BIT STRING with trailing zero bits',
      codec: PkixImplicit.KeyUsage, ber: hex('0303 00a000'),
      code: 'bad-bit-string', offset: 4, der: hex('0302 05a0'),
    },
    {
      name: 'constructed OCTET STRING',
      codec: Pkix.Extension, ber: tlv('30', oidKeyUsage, tlv('24', tlv('04', hex('0302')), tlv('04', hex('05a0')))),
      code: 'constructed-string', offset: 7, der: derExtension, check: (v) => expect(toHexStr(v.extnValue)).toBe('030205a0'),
    },
    {
      name: 'constructed BIT STRING',
      codec: Pkix.UniqueIdentifier, ber: tlv('23', tlv('03', hex('00ab')), tlv('03', hex('01cc'))),
      code: 'constructed-string', offset: 0, der: hex('0303 01abcc'),
    },
    {
      name: 'UTCTime without seconds',
      codec: Pkix.Time, ber: tlv('17', ascii('2401020304Z')),
      code: 'bad-time', offset: 2, der: tlv('17', ascii('2401020304Z')),
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let strictErr: unknown;
    try {
      c.codec.decode(c.ber);
    } catch (err) {
      strictErr = err;
    }
    expect(strictErr).toBeInstanceOf(Asn1DecodeError);
    expect((strictErr as Asn1DecodeError).code).toBe(c.code);
    expect((strictErr as Asn1DecodeError).offset).toBe(c.offset);

    const { value, diagnostics } = decodeLenient(c.codec, c.ber);
    expect(diagnostics.length).toBeGreaterThanOrEqual(1);
    expect(diagnostics.every((d) => d.code === c.code)).toBe(true);
    expect(diagnostics[0].offset).toBe(c.offset);
    c.check?.(value);
    if (c.code !== 'bad-time') {
      // Re-encoding writes DER, which the strict decoder accepts.
      expect(toHexStr(c.codec.encode(value))).toBe(toHexStr(c.der));
      expect(() => c.codec.decode(c.der)).not.toThrow();
    }
  });

  it('the diagnostics array passed in the options collects the same entries', () => {
    const diagnostics: Diagnostic[] = [];
    Pkix.Extension.decode(extension(hex('01')), { strict: false, diagnostics });
    expect(diagnostics).toEqual([{ code: 'bad-boolean', offset: 9, detail: 'BOOLEAN octet 1 is neither 00 nor FF' }]);
  });

  it('keepEncoded in lenient mode: the exact BER bytes, each deviation reported once', () => {
    const inner = cat(hex('3080'), tlv('06', hex('550406')), tlv('13', ascii('DE')), hex('0000'));
    const ber = cat(hex('3180'), inner, hex('0000'));
    const { value, diagnostics } = decodeLenient(Pkix.RelativeDistinguishedName, ber, { keepEncoded: true });
    expect(diagnostics.map((d) => [d.code, d.offset])).toEqual([['indefinite-length', 0], ['indefinite-length', 2]]);
    // The element's encoding runs through its end-of-contents octets.
    expect(toHexStr(encodedBytesOf(value[0])!)).toBe(toHexStr(inner));
    const nonMinimal = cat(hex('30810d'), oidKeyUsage, hex('04820004 030205a0'));
    const r = decodeLenient(Pkix.Extension, nonMinimal, { keepEncoded: true });
    expect(r.diagnostics.map((d) => [d.code, d.offset])).toEqual([['non-minimal-length', 0], ['non-minimal-length', 8]]);
    expect(toHexStr(encodedBytesOf(r.value)!)).toBe(toHexStr(nonMinimal));
  });

  it('lenient mode still rejects what BER forbids too', () => {
    // Indefinite length on a primitive encoding, a truncated value, a missing component.
    const cases: [Codec<any>, Uint8Array, DecodeErrorCode][] = [
      [Pkix.Version, hex('0280 0100 00'), 'bad-length'],
      [Rsp.GetEuiccDataResponse, hex('bf3e80 5a0100'), 'truncated'],
      [Rsp.GetEuiccDataResponse, hex('bf3e00'), 'missing-component'],
    ];
    for (const [codec, bytes, code] of cases) {
      expect(() => codec.decode(bytes, { strict: false })).toThrow(expect.objectContaining({ code }));
    }
  });
});
