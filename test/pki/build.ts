/**
 * A GSMA-like test PKI made at test time: TBSCertificate assembly (RFC 5280 §4.1) on the DER
 * toolkit's writers (`tlv`, `integer`, `oid` of sgp32/der, cross-checked against asn1js in
 * test/der/toolkit.test.ts) and signing through the crypto provider (DER signature form).
 * Every knob a negative test needs (names, key identifiers, extensions, algorithms, validity,
 * signing key) is a field of {@link CertSpec}.
 */
import type { CryptoProvider, Curve, EcKeyPair, EcPrivateKey, EcPublicKey } from '../../src/crypto/provider.js';
import { CURVES } from '../../src/crypto/curves.js';
import { integer, oid, tlv } from '../../src/der/build.js';
import { contentOf, readHeader } from '../../src/der/header.js';

export { oid, tlv };

// ---- DER values ------------------------------------------------------------------------------

export const seq = (...c: Uint8Array[]): Uint8Array => tlv(0x30, ...c);
export const set = (...c: Uint8Array[]): Uint8Array => tlv(0x31, ...c);
export const octets = (b: Uint8Array): Uint8Array => tlv(0x04, b);
export const utf8 = (s: string): Uint8Array => tlv(0x0c, new TextEncoder().encode(s));
export const printable = (s: string): Uint8Array => tlv(0x13, new TextEncoder().encode(s));
export const bool = (b: boolean): Uint8Array => tlv(0x01, Uint8Array.of(b ? 0xff : 0x00));
export const bitString = (b: Uint8Array, unused = 0): Uint8Array => tlv(0x03, Uint8Array.of(unused), b);
export const int = (v: bigint | number): Uint8Array => integer(v);

function time(d: Date): Uint8Array {
  const y = d.getUTCFullYear();
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  return y >= 1950 && y < 2050 ? tlv(0x17, new TextEncoder().encode(`${p(y % 100)}${rest}`)) : tlv(0x18, new TextEncoder().encode(`${p(y, 4)}${rest}`));
}

// ---- names and extensions -------------------------------------------------------------------

export type Rdn = readonly [type: string, value: string, kind?: 'utf8' | 'printable'];

export function name(...rdns: Rdn[]): Uint8Array {
  return seq(...rdns.map(([t, v, k]) => set(seq(oid(t), (k ?? (t === '2.5.4.6' || t === '2.5.4.5' ? 'printable' : 'utf8')) === 'printable' ? printable(v) : utf8(v)))));
}

export const AT = { C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3', serialNumber: '2.5.4.5' } as const;

export interface Ext {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
  /** Write `critical FALSE` explicitly (not DER; for negative tests). */
  readonly explicitFalse?: boolean;
}

export const ext = {
  ski: (id: Uint8Array): Ext => ({ oid: '2.5.29.14', critical: false, value: octets(id) }),
  aki: (id: Uint8Array): Ext => ({ oid: '2.5.29.35', critical: false, value: seq(tlv(0x80, id)) }),
  keyUsage: (...bits: number[]): Ext => {
    const b = new Uint8Array(2);
    for (const i of bits) b[i >> 3] |= 0x80 >> (i & 7);
    const used = b[1] === 0 ? b.subarray(0, 1) : b;
    let last = used[used.length - 1];
    let unused = 0;
    while (last !== 0 && (last & 1) === 0) {
      last >>= 1;
      unused++;
    }
    return { oid: '2.5.29.15', critical: true, value: bitString(used, unused) };
  },
  basicConstraints: (ca: boolean, pathLen?: number): Ext => ({
    oid: '2.5.29.19',
    critical: true,
    value: seq(...(ca ? [bool(true)] : []), ...(pathLen === undefined ? [] : [int(pathLen)])),
  }),
  policies: (...oids: string[]): Ext => ({ oid: '2.5.29.32', critical: true, value: seq(...oids.map((o) => seq(oid(o)))) }),
  /** GSMA variant-O EID range: permitted directoryName { O, serialNumber = prefix } per range. */
  eidRanges: (org: string, ...prefixes: string[]): Ext => ({
    oid: '2.5.29.30',
    critical: true,
    value: seq(tlv(0xa0, ...prefixes.map((p) => seq(tlv(0xa4, name([AT.O, org], [AT.serialNumber, p])))))),
  }),
  /** GSMA v3 permittedEins: SEQUENCE OF PrintableString. */
  permittedEins: (...prefixes: string[]): Ext => ({ oid: '2.23.146.1.2.2.0', critical: false, value: seq(...prefixes.map(printable)) }),
  sanRegisteredId: (o: string): Ext => {
    const inner = oid(o);
    return { oid: '2.5.29.17', critical: false, value: seq(tlv(0x88, contentOf(inner, readHeader(inner, 0)))) };
  },
  sanDns: (host: string): Ext => ({ oid: '2.5.29.17', critical: false, value: seq(tlv(0x82, new TextEncoder().encode(host))) }),
  raw: (o: string, critical: boolean, value: Uint8Array): Ext => ({ oid: o, critical, value }),
};

export const KU = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

// ---- certificates ---------------------------------------------------------------------------

export const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
} as const;

export function spki(key: EcPublicKey, curveOid = CURVES[key.curve].oid): Uint8Array {
  return seq(seq(oid(OID.ecPublicKey), oid(curveOid)), bitString(key.point));
}

export interface CertSpec {
  readonly serial: bigint;
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: EcPublicKey;
  readonly signingKey: EcPrivateKey;
  readonly extensions: readonly Ext[];
  /** Overrides for negative tests. */
  readonly spki?: Uint8Array;
  readonly tbsSignatureAlgorithm?: string;
  readonly signatureAlgorithm?: string;
  /** Replaces the Validity SEQUENCE. */
  readonly validity?: Uint8Array;
}

export function tbsOf(spec: CertSpec): Uint8Array {
  const alg = seq(oid(spec.tbsSignatureAlgorithm ?? OID.ecdsaSha256));
  const exts = spec.extensions.map((e) => seq(oid(e.oid), ...(e.critical ? [bool(true)] : e.explicitFalse ? [bool(false)] : []), octets(e.value)));
  return seq(
    tlv(0xa0, int(2)),
    int(spec.serial),
    alg,
    spec.issuer,
    spec.validity ?? seq(time(spec.notBefore), time(spec.notAfter)),
    spec.subject,
    spec.spki ?? spki(spec.publicKey),
    ...(exts.length ? [tlv(0xa3, seq(...exts))] : []),
  );
}

/** Assembles a Certificate from TBS bytes and the DER signature over exactly those bytes. */
export function assemble(tbs: Uint8Array, signature: Uint8Array, signatureAlgorithm: string = OID.ecdsaSha256): Uint8Array {
  return seq(tbs, seq(oid(signatureAlgorithm)), bitString(signature));
}

export function makeCert(provider: CryptoProvider, spec: CertSpec): Uint8Array {
  const tbs = tbsOf(spec);
  return assemble(tbs, provider.ecdsaSign(spec.signingKey, tbs, 'der'), spec.signatureAlgorithm ?? OID.ecdsaSha256);
}

/** An EID with correct check digits (mod 97 = 1) from its first 30 digits. */
export function eidWithCheckDigits(first30: string): string {
  let rem = 0;
  for (const ch of `${first30}00`) rem = (rem * 10 + Number(ch)) % 97;
  return `${first30}${String(98 - rem).padStart(2, '0')}`;
}

// ---- a whole PKI ----------------------------------------------------------------------------

export interface Party {
  readonly keys: EcKeyPair;
  readonly name: Uint8Array;
  readonly keyId: Uint8Array;
}

let counter = 0;
export function party(provider: CryptoProvider, curve: Curve, cn: string, extra: Rdn[] = []): Party {
  counter++;
  const keys = provider.generateKeyPair(curve);
  // Key identifiers: SHA-256 truncated to 20 bytes (any unique value will do; GSMA verifiers
  // compare them as given, certificates.md §4.1).
  return { keys, name: name([AT.C, 'XX'], [AT.O, 'sgp32 test'], ...extra, [AT.CN, cn]), keyId: provider.sha256(keys.publicKey.point).slice(0, 20) };
}

/** An EID with valid check digits inside the test EUM's prefix, shared by the chain tests. */
export const TEST_EID = eidWithCheckDigits('890490321234512345123456789012');

/** A CI → EUM → eUICC hierarchy: each party's keys and the three certificates. */
export interface TestPki {
  ci: Party;
  eum: Party;
  euicc: Party;
  ciCert: Uint8Array;
  eumCert: Uint8Array;
  euiccCert: Uint8Array;
}

export function euiccParty(provider: CryptoProvider, curve: Curve, eid = TEST_EID): Party {
  return party(provider, curve, 'eUICC', [[AT.serialNumber, eid]]);
}

export function makeTestPki(provider: CryptoProvider, ciCurve: Curve, eumCurve: Curve, euiccCurve: Curve, eid = TEST_EID): TestPki {
  const ci = party(provider, ciCurve, 'CI');
  const eum = party(provider, eumCurve, 'EUM');
  const euicc = euiccParty(provider, euiccCurve, eid);
  return {
    ci,
    eum,
    euicc,
    ciCert: makeCert(provider, base(1, ci, ci, ciExtensions(ci))),
    eumCert: makeCert(provider, base(2, ci, eum, eumExtensions(eum, ci))),
    euiccCert: makeCert(provider, base(3, eum, euicc, euiccExtensions(euicc, eum))),
  };
}

export const ROLE = {
  ci: '2.23.146.1.2.1.0',
  euicc: '2.23.146.1.2.1.1',
  eum: '2.23.146.1.2.1.2',
  dpTls: '2.23.146.1.2.1.3',
  dpAuth: '2.23.146.1.2.1.4',
  dpPb: '2.23.146.1.2.1.5',
  ciSubca: '2.23.146.1.2.1.0.0',
  eumV3: '2.23.146.1.2.1.0.0.0',
  euiccV3: '2.23.146.1.2.1.0.0.0.0.0',
} as const;

export const T0 = new Date('2024-01-01T00:00:00Z');
export const FAR = new Date('7000-01-01T00:00:00Z');
export const NOW = new Date('2026-11-21T00:00:00Z');

/** Fields shared by most specs: issued by `issuer` to `subject`, signed with the issuer's key. */
export function base(serial: number, issuer: Party, subject: Party, extensions: Ext[], over: Partial<CertSpec> = {}): CertSpec {
  return {
    serial: BigInt(serial),
    issuer: issuer.name,
    subject: subject.name,
    notBefore: T0,
    notAfter: FAR,
    publicKey: subject.keys.publicKey,
    signingKey: issuer.keys.privateKey,
    extensions,
    ...over,
  };
}

export const ciExtensions = (ci: Party): Ext[] => [
  ext.ski(ci.keyId),
  ext.keyUsage(KU.keyCertSign, KU.cRLSign),
  ext.basicConstraints(true),
  ext.policies(ROLE.ci),
  ext.sanRegisteredId('2.999.1'),
];
export const eumExtensions = (eum: Party, ci: Party, prefix = '89049032'): Ext[] => [
  ext.aki(ci.keyId),
  ext.ski(eum.keyId),
  ext.keyUsage(KU.keyCertSign),
  ext.policies(ROLE.eum),
  ext.sanRegisteredId('2.999.5'),
  ext.basicConstraints(true, 0),
  ext.eidRanges('sgp32 test', prefix),
];
export const euiccExtensions = (euicc: Party, eum: Party): Ext[] => [
  ext.aki(eum.keyId),
  ext.ski(euicc.keyId),
  ext.keyUsage(KU.digitalSignature),
  ext.policies(ROLE.euicc),
];
export const dpExtensions = (dp: Party, ci: Party, policy: string): Ext[] => [
  ext.aki(ci.keyId),
  ext.ski(dp.keyId),
  ext.keyUsage(KU.digitalSignature),
  ext.policies(policy),
  ext.sanRegisteredId('2.999.10'),
];
