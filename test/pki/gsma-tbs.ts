/**
 * GSMA-shaped TBSCertificate values built from the generated PKIX types (SGP.26 profiles as
 * certificates.md §3 records them), issued with {@link issueCertificate}. A negative test
 * changes one field of a value and issues it again with the parent's key, so that the change is
 * the only defect of the certificate.
 */
import type { CryptoProvider, Curve, EcKeyPair } from '../../src/crypto/provider.js';
import { bitStringFromNames } from '../../src/der/bitstring.js';
import * as X from '../../src/generated/PKIX1Explicit88.js';
import * as I from '../../src/generated/PKIX1Implicit88.js';
import * as R from '../../src/generated/RSPDefinitions.js';
import { ECDSA_WITH_SHA256, certificateTime, extensionOf, issueCertificate, subjectPublicKeyInfoOf } from '../../src/pki/issue.js';

export type Attr = X.AttributeTypeAndValue;

export const at = {
  c: (v: string): Attr => ({ type: X.id_at_countryName, value: X.X520countryName.encode(v) }),
  o: (v: string): Attr => ({ type: X.id_at_organizationName, value: X.X520OrganizationName.encode({ $case: 'utf8String', value: v }) }),
  ou: (v: string): Attr => ({ type: X.id_at_organizationalUnitName, value: X.X520OrganizationalUnitName.encode({ $case: 'utf8String', value: v }) }),
  cn: (v: string): Attr => ({ type: X.id_at_commonName, value: X.X520CommonName.encode({ $case: 'utf8String', value: v }) }),
  serialNumber: (v: string): Attr => ({ type: X.id_at_serialNumber, value: X.X520SerialNumber.encode(v) }),
};

/** A Name with one attribute per RDN, in the order given. */
export const nameOf = (...attrs: Attr[]): X.Name => ({ $case: 'rdnSequence', value: attrs.map((a) => [a]) });

export interface Party {
  readonly keys: EcKeyPair;
  readonly name: X.Name;
  readonly keyId: Uint8Array;
}

export function party(provider: CryptoProvider, curve: Curve, ...attrs: Attr[]): Party {
  const keys = provider.generateKeyPair(curve);
  // Any unique key identifier will do: GSMA verifiers compare them as given (certificates.md §4.1).
  return { keys, name: nameOf(...attrs), keyId: provider.sha256(keys.publicKey.point).slice(0, 20) };
}

export const ext = {
  ski: (id: Uint8Array) => extensionOf(I.id_ce_subjectKeyIdentifier, I.SubjectKeyIdentifier, id),
  aki: (id: Uint8Array) => extensionOf(I.id_ce_authorityKeyIdentifier, I.AuthorityKeyIdentifier, { keyIdentifier: id }),
  keyUsage: (...bits: (keyof typeof I.KeyUsage.bits)[]) => extensionOf(I.id_ce_keyUsage, I.KeyUsage, bitStringFromNames(bits, I.KeyUsage.bits), true),
  basicConstraints: (value: I.BasicConstraints) => extensionOf(I.id_ce_basicConstraints, I.BasicConstraints, value, true),
  policies: (oid: string, critical = true) => extensionOf(I.id_ce_certificatePolicies, I.CertificatePolicies, [{ policyIdentifier: oid }], critical),
  san: (names: I.GeneralName[], critical = false) => extensionOf(I.id_ce_subjectAltName, I.SubjectAltName, names, critical),
  eidRange: (org: string, prefix: string) =>
    extensionOf(I.id_ce_nameConstraints, I.NameConstraints, { permittedSubtrees: [{ base: { $case: 'directoryName', value: nameOf(at.o(org), at.serialNumber(prefix)) } }] }, true),
  extKeyUsage: (oids: string[], critical = true) => extensionOf(I.id_ce_extKeyUsage, I.ExtKeyUsageSyntax, oids, critical),
};

export const T0 = new Date('2024-01-01T00:00:00Z');
export const FAR = new Date('7000-01-01T00:00:00Z');
export const NOW = new Date('2026-11-21T00:00:00Z');

/** A v3 TBSCertificate issued by `issuer` to `subject`. */
export function tbsOf(serial: bigint, issuer: Party, subject: Party, extensions: X.Extension[], notAfter: Date = FAR): X.TBSCertificate {
  return {
    version: 2,
    serialNumber: serial,
    signature: ECDSA_WITH_SHA256,
    issuer: issuer.name,
    validity: { notBefore: certificateTime(T0), notAfter: certificateTime(notAfter) },
    subject: subject.name,
    subjectPublicKeyInfo: subjectPublicKeyInfoOf(subject.keys.publicKey),
    extensions,
  };
}

export const ciTbs = (ci: Party): X.TBSCertificate =>
  tbsOf(1n, ci, ci, [ext.ski(ci.keyId), ext.keyUsage('keyCertSign', 'cRLSign'), ext.basicConstraints({ cA: true }), ext.policies(R.id_rspRole_ci), ext.san([{ $case: 'registeredID', value: '2.999.1' }])]);

export const eumTbs = (ci: Party, eum: Party, prefix = '89049032'): X.TBSCertificate =>
  tbsOf(2n, ci, eum, [
    ext.aki(ci.keyId),
    ext.ski(eum.keyId),
    ext.keyUsage('keyCertSign'),
    ext.policies(R.id_rspRole_eum),
    ext.san([{ $case: 'registeredID', value: '2.999.5' }]),
    ext.basicConstraints({ cA: true, pathLenConstraint: 0 }),
    ext.eidRange('sgp32 test', prefix),
  ]);

export const euiccTbs = (eum: Party, euicc: Party): X.TBSCertificate =>
  tbsOf(3n, eum, euicc, [ext.aki(eum.keyId), ext.ski(euicc.keyId), ext.keyUsage('digitalSignature'), ext.policies(R.id_rspRole_euicc)]);

export const dpTbs = (ci: Party, dp: Party, policy: string = R.id_rspRole_dp_auth): X.TBSCertificate =>
  tbsOf(4n, ci, dp, [ext.aki(ci.keyId), ext.ski(dp.keyId), ext.keyUsage('digitalSignature'), ext.policies(policy), ext.san([{ $case: 'registeredID', value: '2.999.10' }])], new Date('2030-01-01T00:00:00Z'));

/** An EID with valid check digits (mod 97 = 1) from its first 30 digits. */
export function eidWithCheckDigits(first30: string): string {
  const r = Number(BigInt(`${first30}00`) % 97n);
  return `${first30}${String(98 - r).padStart(2, '0')}`;
}

export const EID = eidWithCheckDigits('890490321234512345123456789012');

/** A GSMA PKI made at test time: CI, EUM, eUICC, SM-DP+ auth, each issued by its parent. */
export interface TestPki {
  readonly ci: Party;
  readonly eum: Party;
  readonly euicc: Party;
  readonly dp: Party;
  readonly ciDer: Uint8Array;
  readonly eumDer: Uint8Array;
  readonly euiccDer: Uint8Array;
  readonly dpDer: Uint8Array;
}

export function testPki(provider: CryptoProvider, curve: Curve = 'P-256'): TestPki {
  const ci = party(provider, curve, at.cn('Test CI'), at.ou('TESTCERT'), at.o('RSPTEST'), at.c('IT'));
  const eum = party(provider, curve, at.c('ES'), at.o('sgp32 test'), at.cn('EUM Test'));
  const euicc = party(provider, curve, at.c('ES'), at.o('sgp32 test'), at.serialNumber(EID), at.cn('Test eUICC'));
  const dp = party(provider, curve, at.o('ACME'), at.cn('TEST SM-DP+'));
  return {
    ci,
    eum,
    euicc,
    dp,
    ciDer: issueCertificate(ciTbs(ci), ci.keys.privateKey, provider),
    eumDer: issueCertificate(eumTbs(ci, eum), ci.keys.privateKey, provider),
    euiccDer: issueCertificate(euiccTbs(eum, euicc), eum.keys.privateKey, provider),
    dpDer: issueCertificate(dpTbs(ci, dp), ci.keys.privateKey, provider),
  };
}
