/** Building blocks: OID and name decoding, EID checks, PEM handling, argument checks. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeOid, decodeNameAt } from '../../src/pki/asn1-values.js';
import { derProblems } from '../../src/pki/tlv.js';
import {
  CertificateParseError,
  eidCheckDigitsValid,
  isEidFormat,
  keyIdContent,
  matchingEidPrefix,
  pemToDer,
  selectCi,
  subjectKeyIdentifierDer,
  parseCertificate,
} from '../../src/pki/index.js';
import { AT, eidWithCheckDigits, name, oid, seq, set, tlv, utf8 } from './build.js';

describe('OBJECT IDENTIFIER decoding', () => {
  it('decodes what an independent encoder wrote (property)', () => {
    const arc = fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }); // at most 9 octets per arc; decodeOid caps content at 64 octets
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.array(arc, { maxLength: 6 }), (a, b, rest) => {
        const dotted = [a, b, ...rest].join('.');
        const enc = oid(dotted);
        expect(decodeOid(enc.subarray(2))).toBe(dotted);
      }),
    );
  });
  it('rejects empty, non-minimal and unterminated content', () => {
    expect(decodeOid(new Uint8Array(0))).toBeUndefined();
    expect(decodeOid(Uint8Array.of(0x2a, 0x80, 0x01))).toBeUndefined();
    expect(decodeOid(Uint8Array.of(0x2a, 0x86))).toBeUndefined();
  });
});

describe('distinguished names', () => {
  it('renders RFC 4514 text, last RDN first, with escapes and multi-valued RDNs', () => {
    const n = name([AT.C, 'IT'], [AT.O, 'A, B + "C"'], [AT.CN, ' lead#'], [AT.serialNumber, '8904']);
    expect(decodeNameAt(n, 0)?.text).toBe('serialNumber=8904,CN=\\ lead#,O=A\\, B \\+ \\"C\\",C=IT');
    const multi = seq(set(seq(oid(AT.O), utf8('X')), seq(oid(AT.CN), utf8('Y'))));
    expect(decodeNameAt(multi, 0)?.text).toBe('O=X+CN=Y');
    const odd = seq(set(seq(oid('1.2.3.4'), tlv(0x04, Uint8Array.of(0xab)))));
    expect(decodeNameAt(odd, 0)?.text).toBe('1.2.3.4=#0401ab');
  });
  it('returns undefined for structures that are not Names', () => {
    expect(decodeNameAt(seq(set()), 0)).toBeUndefined();
    expect(decodeNameAt(seq(seq(oid(AT.O), utf8('x'))), 0)).toBeUndefined();
    expect(decodeNameAt(Uint8Array.of(0x30, 0x05), 0)).toBeUndefined();
  });
});

describe('strict DER checks', () => {
  it.each([
    ['long-form length', '30 81 03 02 01 01', 'non-minimal-length'],
    ['length with leading zero', '30 82 00 03 02 01 01', 'non-minimal-length'],
    ['indefinite length', '30 80 02 01 01 00 00', 'indefinite-length'],
    ['trailing byte', '30 03 02 01 01 00', 'trailing-data'],
    ['truncated', '30 05 02 01 01', 'truncated'],
    ['BOOLEAN 01', '30 03 01 01 01', 'non-canonical-boolean'],
    ['INTEGER 00 01', '30 04 02 02 00 01', 'non-minimal-integer'],
    ['INTEGER FF 80', '30 04 02 02 ff 80', 'non-minimal-integer'],
    ['BIT STRING unused 8', '30 04 03 02 08 00', 'bad-bit-string'],
    ['BIT STRING dirty unused bits', '30 04 03 02 01 01', 'bad-bit-string'],
    ['constructed OCTET STRING', '30 05 24 03 04 01 00', 'constructed-string'],
    ['high tag form for a low tag', '30 04 1f 02 01 01', 'non-minimal-tag'],
  ])('%s', (_n, hex, code) => {
    const bytes = Uint8Array.from(hex.split(' ').map((h) => parseInt(h, 16)));
    expect(derProblems(bytes).map((p) => p.code)).toContain(code);
  });
  it('accepts DER', () => {
    expect(derProblems(Uint8Array.of(0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, 0x80))).toEqual([]);
  });
  it('bounds nesting depth', () => {
    let b: Uint8Array = Uint8Array.of(0x05, 0x00);
    for (let i = 0; i < 100; i++) b = seq(b);
    expect(derProblems(b).map((p) => p.code)).toContain('depth-limit');
  });
});

describe('EID helpers', () => {
  it('check digits: real EIDs pass, altered ones fail', () => {
    for (const eid of ['89044045118427484800000000011628', '89049032000000000000279973200019', '89049032123451234512345678901235']) {
      expect(eidCheckDigitsValid(eid), eid).toBe(true);
    }
    expect(eidCheckDigitsValid('89049032123451234512345678901335')).toBe(false);
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{30}$/), (first30) => {
        const eid = eidWithCheckDigits(first30);
        expect(eidCheckDigitsValid(eid)).toBe(true);
        const last = Number(eid[31]);
        expect(eidCheckDigitsValid(`${eid.slice(0, 31)}${(last + 1) % 10}`)).toBe(false);
      }),
    );
  });
  it('checks arguments', () => {
    expect(() => eidCheckDigitsValid(42 as unknown as string)).toThrow(TypeError);
    expect(() => eidCheckDigitsValid('8904')).toThrow(RangeError);
    expect(isEidFormat('8904903212345123451234567890123A')).toBe(false);
  });
  it('prefix match', () => {
    expect(matchingEidPrefix('89049032123451234512345678901235', ['89001111', '89049032'])).toBe('89049032');
    expect(matchingEidPrefix('89049033123451234512345678901235', ['89049032'])).toBeUndefined();
    expect(matchingEidPrefix('89049032123451234512345678901235', [''])).toBeUndefined();
  });
});

describe('PEM', () => {
  const body = 'MAMCAQE='; // 30 03 02 01 01
  it('skips other labels and reads several blocks', () => {
    const text = `junk\n-----BEGIN EC PRIVATE KEY-----\n${body}\n-----END EC PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\r\n${body}\r\n-----END CERTIFICATE-----\r\n`;
    expect(pemToDer(text).map((d) => [...d])).toEqual([
      [0x30, 3, 2, 1, 1],
      [0x30, 3, 2, 1, 1],
    ]);
  });
  it('refuses mismatched armour, bad base64 and PEM without certificates', () => {
    const err = (f: () => unknown): string => {
      try {
        f();
        return 'none';
      } catch (e) {
        return e instanceof CertificateParseError ? e.code : 'other';
      }
    };
    expect(err(() => pemToDer(`-----BEGIN CERTIFICATE-----\n${body}\n-----END X509 CRL-----`))).toBe('invalid-pem');
    expect(err(() => pemToDer('-----BEGIN CERTIFICATE-----\nMAMC!QE=\n-----END CERTIFICATE-----'))).toBe('invalid-pem');
    expect(err(() => pemToDer(`-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----`))).toBe('empty-input');
    expect(err(() => parseCertificate(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`))).toBe('not-a-certificate');
    expect(() => pemToDer(3 as unknown as string)).toThrow(TypeError);
  });
});

describe('key identifiers', () => {
  it('unwraps the DER SubjectKeyIdentifier form only when it is one', () => {
    const id = new Uint8Array(20).fill(5);
    expect(keyIdContent(Uint8Array.of(0x04, 20, ...id))).toEqual(id);
    expect(keyIdContent(id)).toBe(id);
  });
  it('checks arguments', () => {
    expect(() => selectCi('x' as never, [])).toThrow(TypeError);
    expect(() => selectCi([], [42 as never])).toThrow(TypeError);
    expect(() => selectCi([], 'x' as never)).toThrow(TypeError);
    expect(() => subjectKeyIdentifierDer({ subjectKeyIdentifier: undefined } as never)).toThrow(RangeError);
  });
});
