/**
 * A GSMA-like PKI generated at test time (both curves, mixed-curve, v3-style sub-CA, eIM),
 * valid as built, then broken one check at a time: each negative test asserts the reason code
 * and the index of the failing certificate.
 */
import { describe, expect, it } from 'vitest';
import { nobleProvider as provider } from '../../src/crypto/noble.js';
import type { Curve } from '../../src/crypto/provider.js';
import { parseCertificate, retagCertificate, validateChain, type ChainVerdict, type GsmaRole } from '../../src/pki/index.js';
import {
  AT,
  KU,
  NOW,
  OID,
  ROLE,
  assemble,
  base,
  bitString,
  ciExtensions,
  dpExtensions,
  eidWithCheckDigits,
  eumExtensions,
  euiccExtensions,
  euiccParty as euiccPartyOf,
  ext,
  makeCert,
  makeTestPki,
  name,
  octets,
  oid,
  party,
  seq,
  spki,
  tlv,
  tbsOf,
  TEST_EID,
  type Ext,
  type Party,
  type TestPki,
} from './build.js';
import { concat } from '../support/bytes.js';

const EID = TEST_EID;
type Pki = TestPki;

const euiccParty = (curve: Curve, eid = EID): Party => euiccPartyOf(provider, curve, eid);

const makePki = (ciCurve: Curve, eumCurve: Curve, euiccCurve: Curve): Pki => makeTestPki(provider, ciCurve, eumCurve, euiccCurve);

const nist = makePki('P-256', 'P-256', 'P-256');
const brp = makePki('brainpoolP256r1', 'brainpoolP256r1', 'brainpoolP256r1');
const mixed = makePki('brainpoolP256r1', 'P-256', 'brainpoolP256r1');
const mixed2 = makePki('P-256', 'brainpoolP256r1', 'P-256');

function check(chain: Uint8Array[], anchors: Uint8Array[], opts: { at?: Date | null; expectedRole?: GsmaRole } = {}): ChainVerdict {
  return validateChain({ chain, anchors, at: opts.at === undefined ? NOW : opts.at, ...(opts.expectedRole ? { expectedRole: opts.expectedRole } : {}) });
}

function expectInvalid(v: ChainVerdict, reason: string, index: number): void {
  expect(v.valid ? 'valid' : `${v.reason}@${v.index}: ${v.detail}`).toMatch(new RegExp(`^${reason}@${index}:`));
}

describe('generated GSMA-like PKI: valid chains', () => {
  it.each([
    ['NIST', nist],
    ['brainpool', brp],
    ['mixed (brainpool CI, NIST EUM, brainpool eUICC)', mixed],
  ])('CI → EUM → eUICC (%s)', (_n, p) => {
    const v = check([p.eumCert, p.euiccCert], [p.ciCert]);
    expect(v).toMatchObject({ valid: true, role: 'euicc', eid: EID });
  });

  it('CI → SM-DP+ auth, pb and TLS on both curves', () => {
    for (const p of [nist, brp]) {
      for (const [policy, role] of [
        [ROLE.dpAuth, 'dp-auth'],
        [ROLE.dpPb, 'dp-pb'],
        [ROLE.dpTls, 'dp-tls'],
      ] as const) {
        const dp = party(provider, p.ci.keys.publicKey.curve, 'TEST SM-DP+');
        const cert = makeCert(provider, base(10, p.ci, dp, dpExtensions(dp, p.ci, policy)));
        expect(check([cert], [p.ciCert], { expectedRole: role })).toMatchObject({ valid: true, role });
        expect(parseCertificate(cert).subjectAltName?.registeredIds).toEqual(['2.999.10']);
      }
    }
  });

  it('eIM certificates: under an eIM CA of the caller, self-signed, and under a CI', () => {
    const eimCa = party(provider, 'P-256', 'eIM CA');
    const eim = party(provider, 'brainpoolP256r1', 'eIM');
    const caCert = makeCert(provider, base(20, eimCa, eimCa, [ext.ski(eimCa.keyId), ext.basicConstraints(true)]));
    const eimCert = makeCert(provider, base(21, eimCa, eim, [ext.aki(eimCa.keyId), ext.ski(eim.keyId), ext.keyUsage(KU.digitalSignature)]));
    expect(check([eimCert], [caCert], { expectedRole: 'eim' })).toMatchObject({ valid: true, role: 'eim' });
    const selfSigned = makeCert(provider, base(22, eim, eim, [ext.ski(eim.keyId), ext.basicConstraints(true)]));
    expect(check([selfSigned], [selfSigned], { expectedRole: 'eim' })).toMatchObject({ valid: true });
    const underCi = makeCert(provider, base(23, nist.ci, eim, [ext.aki(nist.ci.keyId), ext.keyUsage(KU.digitalSignature)]));
    expect(check([underCi], [nist.ciCert], { expectedRole: 'eim' })).toMatchObject({ valid: true });
  });

  it('SGP.22 v3-style: CI → CI sub-CA → EUM (permittedEins) → eUICC', () => {
    const { ci, ciCert } = nist;
    const sub = party(provider, 'P-256', 'CI SubCA');
    const eum = party(provider, 'brainpoolP256r1', 'EUM v3');
    const euicc = euiccParty('P-256', eidWithCheckDigits('890490991234512345123456789012'));
    const subCert = makeCert(provider, base(30, ci, sub, [ext.aki(ci.keyId), ext.ski(sub.keyId), ext.keyUsage(KU.keyCertSign), ext.basicConstraints(true, 1), ext.policies(ROLE.ciSubca)]));
    const eumCert = makeCert(
      provider,
      base(31, sub, eum, [ext.aki(sub.keyId), ext.ski(eum.keyId), ext.keyUsage(KU.keyCertSign), ext.basicConstraints(true, 0), ext.policies(ROLE.eumV3), ext.permittedEins('89049032', '89049099')]),
    );
    const euiccCert = makeCert(provider, base(32, eum, euicc, [ext.aki(eum.keyId), ext.ski(euicc.keyId), ext.keyUsage(KU.digitalSignature), ext.policies(ROLE.euiccV3)]));
    const v = check([subCert, eumCert, euiccCert], [ciCert]);
    expect(v).toMatchObject({ valid: true, role: 'euicc' });
    expect(parseCertificate(eumCert)).toMatchObject({ role: 'eum', roleVariant: 'v3', permittedEidPrefixes: ['89049032', '89049099'] });
  });

  it('certificates re-tagged from RSP messages (A5/A6/A1) parse and validate as the original', () => {
    const tagged = (c: Uint8Array, tag: number): Uint8Array => Uint8Array.from([tag, ...c.subarray(1)]);
    const eum = retagCertificate(tagged(nist.eumCert, 0xa5));
    const euicc = retagCertificate(tagged(nist.euiccCert, 0xa6));
    expect(eum).toEqual(nist.eumCert);
    expect(check([eum, euicc], [nist.ciCert]).valid).toBe(true);
    expect(retagCertificate(nist.eumCert)).toBe(nist.eumCert);
    expect(() => retagCertificate(Uint8Array.of(0x04, 0x00))).toThrow(RangeError);
    expect(() => retagCertificate(Uint8Array.of(0xbf, 0x20, 0x00))).toThrow(RangeError);
  });

  it('picks the anchor by key identifier among CIs with the same name', () => {
    // Two CIs with identical names, as in SGP.26: only the key identifier tells them apart.
    const a = party(provider, 'P-256', 'CI');
    const b = { ...party(provider, 'brainpoolP256r1', 'CI'), name: a.name };
    const aCert = makeCert(provider, base(40, a, a, ciExtensions(a)));
    const bCert = makeCert(provider, base(41, b, b, ciExtensions(b)));
    const eum = party(provider, 'P-256', 'EUM');
    const eumCert = makeCert(provider, base(42, b, eum, eumExtensions(eum, b)));
    const v = check([eumCert], [aCert, bCert]);
    expect(v.valid && v.anchor.curve).toBe('brainpoolP256r1');
  });
});

// Every negative on every curve combination: the reason and index do not depend on the curves.
describe.each([
  ['NIST', nist],
  ['brainpool', brp],
  ['mixed: brainpool CI, NIST EUM, brainpool eUICC', mixed],
  ['mixed: NIST CI, brainpool EUM, NIST eUICC', mixed2],
] as const)('generated GSMA-like PKI (%s): one failure per check, with reason and index', (_label, pki) => {
  const { ci, eum, euicc, ciCert, eumCert } = pki;
  const leafCurve = euicc.keys.publicKey.curve;

  const euiccWith = (over: Parameters<typeof base>[4] = {}, exts: Ext[] = euiccExtensions(euicc, eum)): Uint8Array => makeCert(provider, base(3, eum, euicc, exts, over));
  const eumWith = (exts: Ext[], over: Parameters<typeof base>[4] = {}): Uint8Array => makeCert(provider, base(2, ci, eum, exts, over));

  it('1. encoding: BER (long-form) lengths, indefinite length, trailing bytes', () => {
    const good = pki.euiccCert;
    // Outer SEQUENCE length with a superfluous leading zero octet: the signed TBS is untouched.
    const header = good[1] === 0x82 ? 4 : 3;
    const longForm = concat(Uint8Array.of(0x30, 0x83, 0x00, good[2], good[3]), good.subarray(header));
    expect(good[1]).toBe(0x82);
    expectInvalid(check([eumCert, longForm], [ciCert]), 'non-der-encoding', 1);
    expect((check([eumCert, longForm], [ciCert]) as { detail: string }).detail).toContain('non-minimal-length');
    // Trailing bytes after the certificate.
    const trailing = concat(good, Uint8Array.of(0x00));
    const t = check([eumCert, trailing], [ciCert]);
    expectInvalid(t, 'non-der-encoding', 1);
    expect((t as { detail: string }).detail).toContain('trailing-data');
    // Indefinite length on the outer SEQUENCE.
    const indefinite = concat(Uint8Array.of(0x30, 0x80), good.subarray(header), Uint8Array.of(0, 0));
    const i = check([eumCert, indefinite], [ciCert]);
    expectInvalid(i, 'non-der-encoding', 1);
    expect((i as { detail: string }).detail).toContain('indefinite-length');
    // A TBS written with a long-form length and signed as written: the signature is fine,
    // the encoding still is not DER.
    const tbs = tbsOf(base(3, eum, euicc, euiccExtensions(euicc, eum)));
    const berTbs = concat(Uint8Array.of(0x30, 0x84, 0, 0, tbs[2], tbs[3]), tbs.subarray(4));
    expect(tbs[1]).toBe(0x82);
    const signedBer = assemble(berTbs, provider.ecdsaSign(eum.keys.privateKey, berTbs, 'der'));
    expect(provider.ecdsaVerify(eum.keys.publicKey, parseCertificate(signedBer).tbs, parseCertificate(signedBer).signature, 'der')).toBe(true);
    expectInvalid(check([eumCert, signedBer], [ciCert]), 'non-der-encoding', 1);
  });

  it('1. encoding: DEFAULT values written out, times not in DER form', () => {
    const explicitFalse = euiccWith({}, [...euiccExtensions(euicc, eum), { ...ext.raw('1.3.6.1.4.1.99999.3', false, octets(Uint8Array.of(1))), explicitFalse: true }]);
    const v = check([eumCert, explicitFalse], [ciCert]);
    expectInvalid(v, 'non-der-encoding', 1);
    expect(!v.valid && v.detail).toMatch(/DEFAULT value \(default-encoded\)/);
    const caFalse = eumWith([...eumExtensions(eum, ci).filter((e) => e.oid !== '2.5.29.19'), { oid: '2.5.29.19', critical: true, value: seq(tlv(0x01, Uint8Array.of(0))) }]);
    expectInvalid(check([caFalse, pki.euiccCert], [ciCert]), 'malformed-extension', 0);
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    for (const validity of [
      seq(tlv(0x17, enc('2401010000Z')), tlv(0x18, enc('70000101000000Z'))), // UTCTime without seconds
      seq(tlv(0x17, enc('240101000000Z')), tlv(0x18, enc('70000101000000.5Z'))), // fractional seconds
      seq(tlv(0x17, enc('240101000000+0100')), tlv(0x18, enc('70000101000000Z'))), // offset instead of Z
    ]) {
      const cert = euiccWith({ validity });
      const r = check([eumCert, cert], [ciCert]);
      // Refused either by the DER reader (a BER time form) or by the RFC 5280 time rule.
      expect(r.valid ? 'valid' : `${r.reason}@${r.index}`).toMatch(/^(non-der-encoding|bad-time)@1$/);
      expect(!r.valid && r.detail).toMatch(/not in the DER form .*\(bad-time\)|not in the form RFC 5280 §4\.1\.2\.5 requires/);
    }
  });

  it('1. encoding: malformed or duplicated known extension, algorithm mismatch, unsupported algorithm and key', () => {
    const badKu = euiccWith({}, [...euiccExtensions(euicc, eum).filter((e) => e.oid !== '2.5.29.15'), ext.raw('2.5.29.15', true, octets(Uint8Array.of(1)))]);
    expectInvalid(check([eumCert, badKu], [ciCert]), 'malformed-extension', 1);
    const dup = euiccWith({}, [...euiccExtensions(euicc, eum), ext.keyUsage(KU.digitalSignature)]);
    expectInvalid(check([eumCert, dup], [ciCert]), 'malformed-extension', 1);
    expectInvalid(check([eumCert, euiccWith({ tbsSignatureAlgorithm: OID.ecdsaSha384 })], [ciCert]), 'algorithm-mismatch', 1);
    expectInvalid(check([eumCert, euiccWith({ tbsSignatureAlgorithm: OID.ecdsaSha384, signatureAlgorithm: OID.ecdsaSha384 })], [ciCert]), 'unsupported-algorithm', 1);
    // A P-256 or brainpool point labelled as secp256k1.
    const k1 = euiccWith({ spki: spki(euicc.keys.publicKey, '1.3.132.0.10') });
    expectInvalid(check([eumCert, k1], [ciCert]), 'unsupported-public-key', 1);
    // The same key in compressed form.
    const p = euicc.keys.publicKey.point;
    const compressed = concat(Uint8Array.of(2 + (p[64] & 1)), p.subarray(1, 33));
    const curveOid = leafCurve === 'P-256' ? '1.2.840.10045.3.1.7' : '1.3.36.3.3.2.8.1.1.7';
    const c = euiccWith({ spki: seq(seq(oid(OID.ecPublicKey), oid(curveOid)), bitString(compressed)) });
    expectInvalid(check([eumCert, c], [ciCert]), 'unsupported-public-key', 1);
    // An EUM whose key is not on the curve: refused when the certificate is parsed.
    const offCurve = new Uint8Array(eum.keys.publicKey.point);
    offCurve[64] ^= 1;
    const eumOff = eumWith(eumExtensions(eum, ci), { publicKey: { kind: 'public', curve: eum.keys.publicKey.curve, point: offCurve } });
    expectInvalid(check([eumOff, pki.euiccCert], [ciCert]), 'bad-public-key', 0);
  });

  it('2. chaining: unknown issuer, issuer name mismatch, key identifier mismatch', () => {
    expectInvalid(check([eumCert, pki.euiccCert], [(pki === brp ? nist : brp).ciCert]), 'unknown-issuer', 0);
    const otherName = euiccWith({ issuer: name([AT.CN, 'Some other EUM']) });
    expectInvalid(check([eumCert, otherName], [ciCert]), 'issuer-mismatch', 1);
    const wrongAki = euiccWith({}, [ext.aki(new Uint8Array(20).fill(9)), ext.ski(euicc.keyId), ext.keyUsage(KU.digitalSignature), ext.policies(ROLE.euicc)]);
    expectInvalid(check([eumCert, wrongAki], [ciCert]), 'key-identifier-mismatch', 1);
  });

  it('3. signatures: wrong signing key, corrupted anchor self-signature', () => {
    const other = party(provider, leafCurve, 'impostor');
    expectInvalid(check([eumCert, euiccWith({ signingKey: other.keys.privateKey })], [ciCert]), 'bad-signature', 1);
    expectInvalid(check([eumWith(eumExtensions(eum, ci), { signingKey: other.keys.privateKey }), pki.euiccCert], [ciCert]), 'bad-signature', 0);
    // A brainpool CI's signature does not verify as NIST and vice versa (mixed chain, wrong key).
    const wrongCurve = makeCert(provider, base(2, mixed.ci, mixed.eum, eumExtensions(mixed.eum, mixed.ci), { signingKey: party(provider, 'P-256', 'x').keys.privateKey }));
    expectInvalid(check([wrongCurve, mixed.euiccCert], [mixed.ciCert]), 'bad-signature', 0);
    const ciBroken = makeCert(provider, base(1, ci, ci, ciExtensions(ci), { signingKey: other.keys.privateKey }));
    expectInvalid(check([eumCert], [ciBroken]), 'bad-signature', -1);
  });

  it('4. validity at the given time (no clock read): not yet valid, expired, anchor expired', () => {
    const later = euiccWith({ notBefore: new Date('2030-01-01T00:00:00Z') });
    expectInvalid(check([eumCert, later], [ciCert]), 'not-yet-valid', 1);
    expect(check([eumCert, later], [ciCert], { at: new Date('2031-01-01T00:00:00Z') }).valid).toBe(true);
    expect(check([eumCert, later], [ciCert], { at: null }).valid).toBe(true);
    const old = eumWith(eumExtensions(eum, ci), { notAfter: new Date('2025-01-01T00:00:00Z') });
    expectInvalid(check([old, pki.euiccCert], [ciCert]), 'expired', 0);
    expectInvalid(check([eumCert, pki.euiccCert], [ciCert], { at: new Date('2023-06-01T00:00:00Z') }), 'not-yet-valid', -1);
    // notAfter is inclusive (RFC 5280 §4.1.2.5).
    const edge = new Date('2025-01-01T00:00:00Z');
    expect(check([old, pki.euiccCert], [ciCert], { at: edge }).valid).toBe(true);
    expectInvalid(check([old, pki.euiccCert], [ciCert], { at: new Date(edge.getTime() + 1000) }), 'expired', 0);
  });

  it('5. basic constraints: issuer not a CA, path length exceeded', () => {
    const noBc = eumWith(eumExtensions(eum, ci).filter((e) => e.oid !== '2.5.29.19'));
    expectInvalid(check([noBc, pki.euiccCert], [ciCert]), 'not-a-ca', 0);
    const notCa = eumWith([...eumExtensions(eum, ci).filter((e) => e.oid !== '2.5.29.19'), ext.basicConstraints(false)]);
    expectInvalid(check([notCa, pki.euiccCert], [ciCert]), 'not-a-ca', 0);
    // EUM (pathLen 0) → sub-EUM → eUICC: one CA too many below the EUM.
    const sub = party(provider, eum.keys.publicKey.curve, 'EUM sub');
    const subCert = makeCert(provider, base(50, eum, sub, [ext.aki(eum.keyId), ext.ski(sub.keyId), ext.keyUsage(KU.keyCertSign), ext.basicConstraints(true), ext.policies(ROLE.eum), ext.eidRanges('sgp32 test', '89049032')]));
    const leaf = euiccParty(leafCurve);
    const leafCert = makeCert(provider, base(51, sub, leaf, euiccExtensions(leaf, sub)));
    expectInvalid(check([eumCert, subCert, leafCert], [ciCert]), 'path-length-exceeded', 1);
  });

  it('6. key usage: issuer without keyCertSign, leaf without digitalSignature, missing keyUsage', () => {
    const eumNoSign = eumWith([...eumExtensions(eum, ci).filter((e) => e.oid !== '2.5.29.15'), ext.keyUsage(KU.digitalSignature)]);
    expectInvalid(check([eumNoSign, pki.euiccCert], [ciCert]), 'key-usage', 0);
    const leafCertSign = euiccWith({}, [...euiccExtensions(euicc, eum).filter((e) => e.oid !== '2.5.29.15'), ext.keyUsage(KU.keyCertSign)]);
    expectInvalid(check([eumCert, leafCertSign], [ciCert]), 'key-usage', 1);
    const leafNoKu = euiccWith({}, euiccExtensions(euicc, eum).filter((e) => e.oid !== '2.5.29.15'));
    expectInvalid(check([eumCert, leafNoKu], [ciCert]), 'key-usage', 1);
    const ciNoKu = makeCert(provider, base(1, ci, ci, ciExtensions(ci).filter((e) => e.oid !== '2.5.29.15')));
    expectInvalid(check([eumCert, pki.euiccCert], [ciNoKu]), 'key-usage', -1);
  });

  it('7. roles: wrong policy at each position, or not the expected one', () => {
    const eumAsDp = eumWith([...eumExtensions(eum, ci).filter((e) => e.oid !== '2.5.29.32'), ext.policies(ROLE.dpAuth)]);
    expectInvalid(check([eumAsDp, pki.euiccCert], [ciCert]), 'role-mismatch', 0);
    expectInvalid(check([eumCert, pki.euiccCert], [ciCert], { expectedRole: 'dp-auth' }), 'role-mismatch', 1);
    const noPolicy = euiccWith({}, euiccExtensions(euicc, eum).filter((e) => e.oid !== '2.5.29.32'));
    expectInvalid(check([eumCert, noPolicy], [ciCert]), 'role-mismatch', 1);
    const twoRoles = euiccWith({}, [...euiccExtensions(euicc, eum).filter((e) => e.oid !== '2.5.29.32'), ext.policies(ROLE.euicc, ROLE.dpAuth)]);
    expectInvalid(check([eumCert, twoRoles], [ciCert]), 'role-mismatch', 1);
    const ciNoRole = makeCert(provider, base(1, ci, ci, ciExtensions(ci).filter((e) => e.oid !== '2.5.29.32')));
    expectInvalid(check([eumCert, pki.euiccCert], [ciNoRole]), 'role-mismatch', -1);
    // An SM-DP+ certificate is not an eIM certificate.
    const dp = party(provider, ci.keys.publicKey.curve, 'DP');
    const dpCert = makeCert(provider, base(60, ci, dp, dpExtensions(dp, ci, ROLE.dpAuth)));
    expectInvalid(check([dpCert], [ciCert], { expectedRole: 'eim' }), 'role-mismatch', 0);
    // A DP-auth certificate presented as DP-pb.
    expectInvalid(check([dpCert], [ciCert], { expectedRole: 'dp-pb' }), 'role-mismatch', 0);
  });

  it('8. EID: missing, malformed, outside the EUM range, wrong check digits, EUM without range', () => {
    const noEid = party(provider, leafCurve, 'eUICC');
    const noEidCert = makeCert(provider, base(70, eum, noEid, euiccExtensions(noEid, eum)));
    expectInvalid(check([eumCert, noEidCert], [ciCert]), 'eid-invalid', 1);
    const shortEid = euiccParty(leafCurve, '8904903212345');
    expectInvalid(check([eumCert, makeCert(provider, base(71, eum, shortEid, euiccExtensions(shortEid, eum)))], [ciCert]), 'eid-invalid', 1);
    const outside = euiccParty(leafCurve, eidWithCheckDigits('890490331234512345123456789012'));
    expectInvalid(check([eumCert, makeCert(provider, base(72, eum, outside, euiccExtensions(outside, eum)))], [ciCert]), 'eid-out-of-range', 1);
    const badDigits = euiccParty(leafCurve, `${EID.slice(0, 30)}${EID.slice(30) === '99' ? '98' : '99'}`);
    const badDigitsCert = makeCert(provider, base(73, eum, badDigits, euiccExtensions(badDigits, eum)));
    expectInvalid(check([eumCert, badDigitsCert], [ciCert]), 'eid-check-digits', 1);
    expect(validateChain({ chain: [eumCert, badDigitsCert], anchors: [ciCert], at: NOW, eidCheckDigits: false }).valid).toBe(true);
    const eumNoRange = eumWith(eumExtensions(eum, ci).filter((e) => e.oid !== '2.5.29.30'));
    expectInvalid(check([eumNoRange, pki.euiccCert], [ciCert]), 'eid-out-of-range', 1);
    // Several ranges: any one may match.
    const eumTwo = eumWith([...eumExtensions(eum, ci).filter((e) => e.oid !== '2.5.29.30'), ext.eidRanges('sgp32 test', '89001111', '89049032')]);
    expect(check([eumTwo, pki.euiccCert], [ciCert]).valid).toBe(true);
  });

  it('9. unknown critical extensions are rejected, unknown non-critical ones are not', () => {
    const crit = euiccWith({}, [...euiccExtensions(euicc, eum), ext.raw('1.3.6.1.4.1.99999.1', true, octets(Uint8Array.of(1)))]);
    expectInvalid(check([eumCert, crit], [ciCert]), 'unknown-critical-extension', 1);
    expect(parseCertificate(crit).unknownCriticalExtensions).toEqual(['1.3.6.1.4.1.99999.1']);
    const nonCrit = euiccWith({}, [...euiccExtensions(euicc, eum), ext.raw('1.3.6.1.4.1.99999.1', false, octets(Uint8Array.of(1)))]);
    expect(check([eumCert, nonCrit], [ciCert]).valid).toBe(true);
    const anchorCrit = makeCert(provider, base(1, ci, ci, [...ciExtensions(ci), ext.raw('1.3.6.1.4.1.99999.2', true, octets(Uint8Array.of(1)))]));
    expectInvalid(check([eumCert, pki.euiccCert], [anchorCrit]), 'unknown-critical-extension', -1);
  });

  it('checks run in order: the earliest failing check wins over later ones', () => {
    // Expired (4) and wrong role (7): expiry reported. Expired EUM (index 0) and bad eUICC
    // signature (index 1): signature (3) comes before validity (4).
    const expiredDp = eumWith([...eumExtensions(eum, ci).filter((e) => e.oid !== '2.5.29.32'), ext.policies(ROLE.dpAuth)], { notAfter: new Date('2025-01-01T00:00:00Z') });
    expectInvalid(check([expiredDp, pki.euiccCert], [ciCert]), 'expired', 0);
    const other = party(provider, leafCurve, 'impostor');
    const expiredEum = eumWith(eumExtensions(eum, ci), { notAfter: new Date('2025-01-01T00:00:00Z') });
    expectInvalid(check([expiredEum, euiccWith({ signingKey: other.keys.privateKey })], [ciCert]), 'bad-signature', 1);
  });
});
