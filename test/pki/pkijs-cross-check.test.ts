/**
 * pkijs as an independent reader: every certificate of ../shared/vectors/certs and every
 * certificate the project's test PKIs make (test/pki/build.ts chains, the generated-encoder PKI
 * of gsma-tbs.ts, the CLI fixtures) is parsed by our generated-codec parser and by pkijs, and
 * every field is compared: version, serial, names (each attribute's type and value), validity,
 * key algorithm, curve and point, signature algorithm and value, the exact TBS bytes, each
 * extension (OID, criticality, value bytes) and the decoded SKI, AKI, key usage, basic
 * constraints, policies, extended key usage and subjectAltName.
 */
import { describe, expect, it } from 'vitest';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { nobleProvider } from '../../src/crypto/noble.js';
import { parseCertificate, type CertificateView } from '../../src/pki/index.js';
import { chains } from './chains.js';
import { makeCertSet } from '../cli/cert-fixtures.js';
import { testPki } from './gsma-tbs.js';
import { HAVE_CERTS, SKIP_MESSAGE, loadManifest, readVector } from './vectors.js';

const hex = (b: ArrayBuffer | Uint8Array): string => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

/** pkijs's reading of the fields we compare, in our vocabulary. */
function viaPkijs(der: Uint8Array) {
  const c = pkijs.Certificate.fromBER(der as Uint8Array<ArrayBuffer>);
  const ext = (oid: string) => c.extensions?.find((e) => e.extnID === oid);
  const parsed = <T>(oid: string): T | undefined => ext(oid)?.parsedValue as T | undefined;
  const names = (n: pkijs.RelativeDistinguishedNames) => n.typesAndValues.map((tv) => [tv.type, (tv.value.valueBlock as { value?: string }).value]);
  const ku = ext('2.5.29.15');
  const kuBits: number[] = [];
  if (ku) {
    const bits = (asn1js.fromBER(ku.extnValue.valueBlock.valueHexView).result as asn1js.BitString).valueBlock;
    const bytes = bits.valueHexView;
    for (let i = 0; i < bytes.length * 8 - bits.unusedBits; i++) if (bytes[i >> 3] & (0x80 >> (i & 7))) kuBits.push(i);
  }
  const bc = parsed<pkijs.BasicConstraints>('2.5.29.19');
  const aki = parsed<pkijs.AuthorityKeyIdentifier>('2.5.29.35');
  const ski = parsed<asn1js.OctetString>('2.5.29.14');
  const san = parsed<pkijs.AltName>('2.5.29.17');
  const params = c.subjectPublicKeyInfo.algorithm.algorithmParams as asn1js.ObjectIdentifier | undefined;
  return {
    version: c.version + 1,
    serial: hex(c.serialNumber.valueBlock.valueHexView),
    issuer: names(c.issuer),
    subject: names(c.subject),
    notBefore: c.notBefore.value.getTime(),
    notAfter: c.notAfter.value.getTime(),
    keyAlgorithm: c.subjectPublicKeyInfo.algorithm.algorithmId,
    curve: params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : undefined,
    point: hex(c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
    signatureAlgorithm: c.signatureAlgorithm.algorithmId,
    signature: hex(c.signatureValue.valueBlock.valueHexView),
    tbs: hex(c.tbsView),
    extensions: (c.extensions ?? []).map((e) => [e.extnID, e.critical, hex(e.extnValue.valueBlock.valueHexView)]),
    ski: ski ? hex(ski.valueBlock.valueHexView) : undefined,
    aki: aki?.keyIdentifier ? hex(aki.keyIdentifier.valueBlock.valueHexView) : undefined,
    keyUsage: ku ? kuBits : undefined,
    basicConstraints: bc ? { ca: bc.cA === true, pathLength: typeof bc.pathLenConstraint === 'number' ? bc.pathLenConstraint : bc.pathLenConstraint?.valueBlock.valueDec } : undefined,
    policies: parsed<pkijs.CertificatePolicies>('2.5.29.32')?.certificatePolicies.map((p) => p.policyIdentifier) ?? [],
    extendedKeyUsage: parsed<pkijs.ExtKeyUsage>('2.5.29.37')?.keyPurposes,
    san: san?.altNames.map((g) => (g.type === 8 ? `RID:${g.value}` : g.type === 2 ? `DNS:${g.value}` : `[${g.type}]`)),
  };
}

const KU_NUMBERS: Record<string, number> = { digitalSignature: 0, nonRepudiation: 1, keyEncipherment: 2, dataEncipherment: 3, keyAgreement: 4, keyCertSign: 5, cRLSign: 6, encipherOnly: 7, decipherOnly: 8 };

/** Ours, in the same shape. */
function viaSgp32(v: CertificateView): ReturnType<typeof viaPkijs> {
  const names = (n: CertificateView['subject']) => n.rdns.flat().map((a) => [a.type, a.value]);
  // pkijs keeps the serial's encoded octets (a leading 00 included), so compare those.
  const serialHex = v.serialNumber.toString(16).padStart(2, '0');
  const serial = (serialHex.length % 2 ? `0${serialHex}` : serialHex).replace(/^([89a-f])/, '00$1');
  return {
    version: v.version,
    serial,
    issuer: names(v.issuer),
    subject: names(v.subject),
    notBefore: v.notBefore.getTime(),
    notAfter: v.notAfter.getTime(),
    keyAlgorithm: v.publicKeyAlgorithm,
    curve: v.curveOid,
    point: hex(v.publicKey!.point),
    signatureAlgorithm: v.signatureAlgorithm,
    signature: hex(v.signature),
    tbs: hex(v.tbs),
    extensions: v.extensions.map((e) => [e.oid, e.critical, hex(e.value)]),
    ski: v.subjectKeyIdentifier ? hex(v.subjectKeyIdentifier) : undefined,
    aki: v.authorityKeyIdentifier ? hex(v.authorityKeyIdentifier) : undefined,
    keyUsage: v.keyUsage?.map((k) => KU_NUMBERS[k]),
    basicConstraints: v.basicConstraints,
    policies: [...v.policies],
    extendedKeyUsage: v.extendedKeyUsage ? [...v.extendedKeyUsage] : undefined,
    san: v.subjectAltName?.all.map((g) => (g.type === 'registeredID' ? `RID:${g.value}` : g.type === 'dNSName' ? `DNS:${g.value}` : `[${g.type === 'directoryName' ? 4 : g.type === 'uniformResourceIdentifier' ? 6 : g.type === 'rfc822Name' ? 1 : g.tag}]`)),
  };
}

function compare(name: string, der: Uint8Array): void {
  const ours = parseCertificate(der);
  expect(ours.problems, name).toEqual([]);
  expect(viaSgp32(ours), name).toEqual(viaPkijs(ours.der));
}

describe('pkijs cross-check: the project test PKIs', () => {
  it('generated chains (hand DER writer), both curves and mixed', () => {
    for (const [name, certs] of chains.filter(([n]) => n.startsWith('generated'))) certs.forEach((c, i) => compare(`${name}[${i}]`, c));
  });
  it('the generated-encoder PKI (issueCertificate), both curves', () => {
    for (const p of [nobleProvider]) {
      for (const curve of ['P-256', 'brainpoolP256r1'] as const) {
        const pki = testPki(p, curve);
        for (const [n, der] of Object.entries({ ci: pki.ciDer, eum: pki.eumDer, euicc: pki.euiccDer, dp: pki.dpDer })) compare(`${curve} ${n}`, der);
      }
    }
  });
  it('the CLI fixtures', () => {
    for (const [n, der] of Object.entries(makeCertSet('P-256', 'brainpoolP256r1', 'P-256'))) if (n !== 'euiccBer' && n !== 'euiccTrailing') compare(`cli ${n}`, der);
  });
});

describe.skipIf(!HAVE_CERTS)('pkijs cross-check: every certificate in ../shared/vectors/certs', () => {
  if (!HAVE_CERTS) {
    it.skip(SKIP_MESSAGE, () => {});
    return;
  }
  const manifest = loadManifest();
  it.each(manifest.certificates.map((c) => [c.file]))('%s', (file) => {
    compare(file, parseCertificate(readVector(file)).der);
  });
  it('covers all the manifest lists', () => {
    expect(manifest.certificates.length).toBeGreaterThanOrEqual(34);
  });
});
