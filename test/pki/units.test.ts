/** Building blocks: OID and name decoding, EID checks, PEM handling, argument checks. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Asn1DecodeError } from '../../src/der/errors.js';
import { Name } from '../../src/generated/PKIX1Explicit88.js';
import { nameView } from '../../src/pki/names.js';

/** The view of a Name encoding, through the generated codec (throws Asn1DecodeError for non-Names). */
const decodeName = (der: Uint8Array) => nameView(Name.decode(der, { keepEncoded: true, strict: false }), der, { strict: false });
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

describe('distinguished names', () => {
  it('renders RFC 4514 text, last RDN first, with escapes and multi-valued RDNs', () => {
    const n = name([AT.C, 'IT'], [AT.O, 'A, B + "C"'], [AT.CN, ' lead#'], [AT.serialNumber, '8904']);
    expect(decodeName(n).text).toBe('serialNumber=8904,CN=\\ lead#,O=A\\, B \\+ \\"C\\",C=IT');
    const multi = seq(set(seq(oid(AT.O), utf8('X')), seq(oid(AT.CN), utf8('Y'))));
    expect(decodeName(multi).text).toBe('O=X+CN=Y');
    const odd = seq(set(seq(oid('1.2.3.4'), tlv(0x04, Uint8Array.of(0xab)))));
    expect(decodeName(odd).text).toBe('1.2.3.4=#0401ab');
  });
  it('raises Asn1DecodeError for structures that are not Names, and for bad string values', () => {
    const strict = (der: Uint8Array) => nameView(Name.decode(der, { keepEncoded: true }), der, {});
    expect(() => strict(seq(set()))).toThrow(Asn1DecodeError);
    expect(() => strict(seq(seq(oid(AT.O), utf8('x'))))).toThrow(Asn1DecodeError);
    expect(() => strict(Uint8Array.of(0x30, 0x05))).toThrow(Asn1DecodeError);
    expect(() => strict(seq(set(seq(oid(AT.O), tlv(0x0c, Uint8Array.of(0xff))))))).toThrow(Asn1DecodeError); // not UTF-8
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
