/**
 * A test PKI shaped like the GSMA one (SGP.22 v2.5 §4.5.2 certificate profiles as SGP.26 issues
 * them; our notes certificates.md §1–§5): a self-signed CI; under it an EUM whose critical
 * nameConstraints permit one EID prefix, an eUICC carrying its EID as subject serialNumber,
 * the SM-DP+ certificates DPauth, DPpb and DPtls, and an eIM certificate. Every certificate is
 * a TBSCertificate value issued with `issueCertificate` of `sgp32/pki` (the generated PKIX
 * encoder); key identifiers follow RFC 5280 §4.2.1.2 method 1 (SHA-1 of the public key), as
 * every SGP.26 certificate does.
 *
 * Not for production: the keys are generated in memory and the names say "TEST".
 *
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { nobleProvider } from '../crypto/noble.js';
import type { CryptoProvider, Curve, EcKeyPair, EcPrivateKey, EcPublicKey } from '../crypto/provider.js';
import { bitStringFromNames } from '../der/bitstring.js';
import * as X from '../generated/PKIX1Explicit88.js';
import * as I from '../generated/PKIX1Implicit88.js';
import * as R from '../generated/RSPDefinitions.js';
import { parseCertificate } from '../pki/parse.js';
import { ECDSA_WITH_SHA256, certificateTime, extensionOf, issueCertificate, subjectPublicKeyInfoOf } from '../pki/issue.js';

/** One certificate of the test PKI with its key pair. */
export interface TestPkiEntity {
  /** Certificate DER. */
  readonly certificate: Uint8Array;
  readonly keys: EcKeyPair;
}

/** The whole test PKI. */
export interface TestPki {
  readonly curve: Curve;
  readonly ci: TestPkiEntity;
  readonly eum: TestPkiEntity;
  readonly euicc: TestPkiEntity;
  readonly dpAuth: TestPkiEntity;
  readonly dpPb: TestPkiEntity;
  readonly dpTls: TestPkiEntity;
  readonly eim: TestPkiEntity;
  /** The eUICC's EID (32 digits, check digits valid). */
  readonly eid: string;
  /** The EUM's permitted EID prefix. */
  readonly eumPrefix: string;
}

/** Options of {@link createTestPki}. */
export interface TestPkiOptions {
  /** Curve of every key (default P-256). */
  readonly curve?: Curve;
  /** EID prefix the EUM may issue for, 2 to 30 digits (default `89049032`, the SGP.26 one). */
  readonly eumPrefix?: string;
  /** The eUICC's EID (default: the prefix, zeros, and check digits). */
  readonly eid?: string;
  /** SM-DP+ FQDN for DPtls (default `smdp.test.example`). */
  readonly smdpFqdn?: string;
  /** eIM identifier for the eIM certificate's common name (default `eim.test.example`). */
  readonly eimId?: string;
  /** Start of validity (default now). */
  readonly notBefore?: Date;
  readonly provider?: CryptoProvider;
}

/** The SGP.26 test SM-DP+ OID (SAN registeredID of DPauth/DPpb, smdpOid of the PIR). */
export const TEST_SMDP_OID = '2.999.10';

/** An EID with valid check digits (SGP.29: the 32-digit number mod 97 is 1) from its first 30 digits. */
export function eidWithCheckDigits(first30: string): string {
  if (!/^\d{30}$/.test(first30)) throw new RangeError(`first30: expected 30 decimal digits, got ${JSON.stringify(first30)}`);
  const check = 98n - ((BigInt(first30) * 100n) % 97n);
  return first30 + check.toString().padStart(2, '0');
}

type Attr = X.AttributeTypeAndValue;
const utf8 = (v: string) => ({ $case: 'utf8String' as const, value: v });
const at = {
  c: (v: string): Attr => ({ type: X.id_at_countryName, value: X.X520countryName.encode(v) }),
  o: (v: string): Attr => ({ type: X.id_at_organizationName, value: X.X520OrganizationName.encode(utf8(v)) }),
  ou: (v: string): Attr => ({ type: X.id_at_organizationalUnitName, value: X.X520OrganizationalUnitName.encode(utf8(v)) }),
  cn: (v: string): Attr => ({ type: X.id_at_commonName, value: X.X520CommonName.encode(utf8(v)) }),
  serial: (v: string): Attr => ({ type: X.id_at_serialNumber, value: X.X520SerialNumber.encode(v) }),
};
const nameOf = (...attrs: Attr[]): X.Name => ({ $case: 'rdnSequence', value: attrs.map((a) => [a]) });
const policy = (oid: string, critical = true) => extensionOf(I.id_ce_certificatePolicies, I.CertificatePolicies, [{ policyIdentifier: oid }], critical);
const keyUsage = (...bits: (keyof typeof I.KeyUsage.bits)[]) => extensionOf(I.id_ce_keyUsage, I.KeyUsage, bitStringFromNames(bits, I.KeyUsage.bits), true);
const san = (names: I.GeneralName[]) => extensionOf(I.id_ce_subjectAltName, I.SubjectAltName, names);
const registered = (oid: string): I.GeneralName => ({ $case: 'registeredID', value: oid });

/** An issuer for more eUICCs of a test PKI: the EUM certificate and key. */
export interface EumIssuer {
  readonly certificate: Uint8Array;
  readonly privateKey: EcPrivateKey;
}

/**
 * Prepares an issuer of more eUICC certificates under the EUM (the profile of the test PKI's
 * eUICC: subject C, O, serialNumber = EID, CN; keyUsage digitalSignature; policy
 * id-rspRole-euicc). The EUM certificate is parsed once; each call signs one certificate.
 *
 * @throws CertificateParseError for a bad EUM certificate; the returned function throws
 *   RangeError for an EID that is not 32 digits.
 * @example const issue = euiccIssuer(eum); const der = issue(eid, keys.publicKey, 1000n);
 */
export function euiccIssuer(eum: EumIssuer, provider: CryptoProvider = nobleProvider): (eid: string, publicKey: EcPublicKey, serial: bigint) => Uint8Array {
  const view = parseCertificate(eum.certificate);
  const eumName = X.Certificate.decode(view.der).tbsCertificate.subject;
  const aki = extensionOf(I.id_ce_authorityKeyIdentifier, I.AuthorityKeyIdentifier, { keyIdentifier: view.subjectKeyIdentifier ?? sha1(view.publicKey?.point ?? new Uint8Array(0)) });
  const validity = { notBefore: certificateTime(view.notBefore), notAfter: certificateTime(new Date(Date.UTC(7496, 0, 1))) };
  const fixed = [keyUsage('digitalSignature'), policy(R.id_rspRole_euicc)];
  return (eid, publicKey, serial) => {
    if (!/^\d{32}$/.test(eid)) throw new RangeError(`eid: expected 32 digits, got ${JSON.stringify(eid)}`);
    const tbs: X.TBSCertificate = {
      version: 2,
      serialNumber: serial,
      signature: ECDSA_WITH_SHA256,
      issuer: eumName,
      validity,
      subject: nameOf(at.c('ES'), at.o('sgp32 Test EUM'), at.serial(eid), at.cn('Test eUICC')),
      subjectPublicKeyInfo: subjectPublicKeyInfoOf(publicKey),
      extensions: [aki, extensionOf(I.id_ce_subjectKeyIdentifier, I.SubjectKeyIdentifier, sha1(publicKey.point)), ...fixed],
    };
    return issueCertificate(tbs, eum.privateKey, provider);
  };
}

/**
 * Creates a test PKI.
 *
 * @throws RangeError for a bad prefix or EID. An EID outside the prefix is allowed on purpose: the
 *   chain is then refused by `validateChain` (eid-out-of-range), as a negative test needs.
 * @example
 * ```ts
 * const pki = createTestPki({ curve: 'brainpoolP256r1', eumPrefix: '89049032' });
 * validateChain({ chain: [pki.eum.certificate, pki.euicc.certificate], anchors: [pki.ci.certificate], at: new Date() });
 * ```
 */
export function createTestPki(options: TestPkiOptions = {}): TestPki {
  const provider = options.provider ?? nobleProvider;
  const curve = options.curve ?? 'P-256';
  const prefix = options.eumPrefix ?? '89049032';
  if (!/^\d{2,30}$/.test(prefix)) throw new RangeError(`eumPrefix: expected 2 to 30 digits, got ${JSON.stringify(prefix)}`);
  const eid = options.eid ?? eidWithCheckDigits(prefix.padEnd(30, '0'));
  if (!/^\d{32}$/.test(eid)) throw new RangeError(`eid: expected 32 digits, got ${JSON.stringify(eid)}`);
  const smdpFqdn = options.smdpFqdn ?? 'smdp.test.example';
  const eimId = options.eimId ?? 'eim.test.example';
  const t0 = options.notBefore ?? new Date();
  const years = (n: number) => new Date(Date.UTC(t0.getUTCFullYear() + n, t0.getUTCMonth(), t0.getUTCDate()));

  let serial = 0n;
  const make = (
    subject: X.Name,
    issuer: { name: X.Name; keys: EcKeyPair; keyId: Uint8Array } | 'self',
    extensions: (keyId: Uint8Array) => X.Extension[],
    notAfter: Date,
  ): { name: X.Name; keys: EcKeyPair; keyId: Uint8Array; certificate: Uint8Array } => {
    const keys = provider.generateKeyPair(curve);
    const keyId = sha1(keys.publicKey.point);
    const signer = issuer === 'self' ? { name: subject, keys, keyId } : issuer;
    const aki = issuer === 'self' ? [] : [extensionOf(I.id_ce_authorityKeyIdentifier, I.AuthorityKeyIdentifier, { keyIdentifier: signer.keyId })];
    const tbs: X.TBSCertificate = {
      version: 2,
      serialNumber: ++serial,
      signature: ECDSA_WITH_SHA256,
      issuer: signer.name,
      validity: { notBefore: certificateTime(t0), notAfter: certificateTime(notAfter) },
      subject,
      subjectPublicKeyInfo: subjectPublicKeyInfoOf(keys.publicKey),
      extensions: [...aki, extensionOf(I.id_ce_subjectKeyIdentifier, I.SubjectKeyIdentifier, keyId), ...extensions(keyId)],
    };
    return { name: subject, keys, keyId, certificate: issueCertificate(tbs, signer.keys.privateKey, provider) };
  };

  const tag = curve === 'P-256' ? 'NIST' : 'BRP';
  const ci = make(nameOf(at.cn(`sgp32 Test CI ${tag}`), at.ou('TESTCERT'), at.o('RSPTEST'), at.c('IT')), 'self', () => [
    keyUsage('keyCertSign', 'cRLSign'),
    extensionOf(I.id_ce_basicConstraints, I.BasicConstraints, { cA: true }, true),
    policy(R.id_rspRole_ci),
    san([registered('2.999.1')]),
  ], years(30));
  const eum = make(nameOf(at.c('ES'), at.o('sgp32 Test EUM'), at.cn(`EUM Test ${tag}`)), ci, () => [
    keyUsage('keyCertSign'),
    policy(R.id_rspRole_eum),
    san([registered('2.999.5')]),
    extensionOf(I.id_ce_basicConstraints, I.BasicConstraints, { cA: true, pathLenConstraint: 0 }, true),
    // The EID range as SGP.26 encodes it: a permitted directoryName whose serialNumber is the prefix (certificates.md §5.3).
    extensionOf(I.id_ce_nameConstraints, I.NameConstraints, { permittedSubtrees: [{ base: { $case: 'directoryName', value: nameOf(at.o('sgp32 Test EUM'), at.serial(prefix)) } }] }, true),
  ], years(29));
  const euicc = make(nameOf(at.c('ES'), at.o('sgp32 Test EUM'), at.serial(eid), at.cn(`Test eUICC ${tag}`)), eum, () => [keyUsage('digitalSignature'), policy(R.id_rspRole_euicc)], new Date(Date.UTC(7496, 0, 1)));
  const dp = (role: string, cn: string, extra: X.Extension[] = [], critical = true) =>
    make(nameOf(at.o('sgp32 Test SM-DP+'), at.cn(cn)), ci, () => [keyUsage('digitalSignature'), policy(role, critical), ...extra], years(4));
  const dpAuth = dp(R.id_rspRole_dp_auth, `TEST SM-DP+ auth ${tag}`, [san([registered(TEST_SMDP_OID)])]);
  const dpPb = dp(R.id_rspRole_dp_pb, `TEST SM-DP+ binding ${tag}`, [san([registered(TEST_SMDP_OID)])]);
  const dpTls = dp(R.id_rspRole_dp_tls, smdpFqdn, [
    extensionOf(I.id_ce_extKeyUsage, I.ExtKeyUsageSyntax, [I.id_kp_serverAuth, I.id_kp_clientAuth], true),
    san([{ $case: 'dNSName', value: smdpFqdn }, registered(TEST_SMDP_OID)]),
  ], false);
  const eim = make(nameOf(at.o('sgp32 Test eIM'), at.cn(eimId)), ci, () => [keyUsage('digitalSignature')], years(4));
  const entity = (e: { keys: EcKeyPair; certificate: Uint8Array }): TestPkiEntity => ({ certificate: e.certificate, keys: e.keys });
  return { curve, ci: entity(ci), eum: entity(eum), euicc: entity(euicc), dpAuth: entity(dpAuth), dpPb: entity(dpPb), dpTls: entity(dpTls), eim: entity(eim), eid, eumPrefix: prefix };
}
