/**
 * One row per rejection reason of validateChain. Each row takes the valid test PKI of
 * gsma-tbs.ts, changes one field of one TBSCertificate value (or the Certificate around it),
 * encodes it with the generated PKIX encoder and signs it again with the real parent key, so
 * that the named change is the only defect. Rows that have one also check the real-world input
 * that must still pass. Every row runs with both providers (pure-JS and native).
 */
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../../src/crypto/noble.js';
import type { CryptoProvider, EcPrivateKey } from '../../src/crypto/provider.js';
import { providers } from '../support/providers.js';
import * as X from '../../src/generated/PKIX1Explicit88.js';
import * as I from '../../src/generated/PKIX1Implicit88.js';
import * as R from '../../src/generated/RSPDefinitions.js';
import { CHAIN_INVALID_REASONS, validateChain, type ChainInvalidReason, type ChainVerdict, type ValidateChainOptions } from '../../src/pki/index.js';
import { ECDSA_WITH_SHA256, certificateTime, extensionOf, issueCertificate, issueCrl } from '../../src/pki/issue.js';
import { EID, NOW, at, dpTbs, eidWithCheckDigits, euiccTbs, eumTbs, ext, nameOf, party, testPki, type TestPki } from './gsma-tbs.js';


/** A TBS with its extension `oid` replaced (or removed when `by` is undefined), order kept. */
function withExt(tbs: X.TBSCertificate, oid: string, by?: X.Extension): X.TBSCertificate {
  const list = tbs.extensions ?? [];
  const i = list.findIndex((e) => e.extnID === oid);
  const out = i < 0 ? [...list, ...(by ? [by] : [])] : [...list.slice(0, i), ...(by ? [by] : []), ...list.slice(i + 1)];
  return { ...tbs, extensions: out };
}

/** Signs `tbs` with `key` and wraps it with an outer signatureAlgorithm of our choosing (issueCertificate refuses anything but ecdsa-with-SHA256). */
function signWithOuter(p: CryptoProvider, tbs: X.TBSCertificate, key: EcPrivateKey, outer: X.AlgorithmIdentifier): Uint8Array {
  const signature = p.ecdsaSign(key, X.TBSCertificate.encode(tbs), 'der');
  return X.Certificate.encode({ tbsCertificate: tbs, signatureAlgorithm: outer, signature: { bytes: signature, unusedBits: 0 } });
}

const ECDSA_SHA384 = { algorithm: '1.2.840.10045.4.3.3' };

interface Row {
  readonly reason: ChainInvalidReason;
  readonly what: string;
  /** The options of the refused validation; `index` the certificate the verdict must name. */
  readonly refused: (k: Kit) => { options: ValidateChainOptions; index: number };
  /** The real-world input of the same kind that must still pass. */
  readonly passes?: (k: Kit) => ValidateChainOptions;
}

interface Kit {
  readonly p: CryptoProvider;
  readonly pki: TestPki;
  /** Re-issues the eUICC certificate from a changed TBS, signed by the EUM. */
  euicc(change: (t: X.TBSCertificate) => X.TBSCertificate): Uint8Array;
  /** Re-issues the EUM certificate from a changed TBS, signed by the CI. */
  eum(change: (t: X.TBSCertificate) => X.TBSCertificate): Uint8Array;
  /** CI → EUM → eUICC with the given certificates. */
  chain(eum: Uint8Array, euicc: Uint8Array, more?: Partial<ValidateChainOptions>): ValidateChainOptions;
}

function kit(p: CryptoProvider, pki: TestPki): Kit {
  return {
    p,
    pki,
    euicc: (change) => issueCertificate(change(euiccTbs(pki.eum, pki.euicc)), pki.eum.keys.privateKey, p),
    eum: (change) => issueCertificate(change(eumTbs(pki.ci, pki.eum)), pki.ci.keys.privateKey, p),
    chain: (eum, euicc, more = {}) => ({ chain: [eum, euicc], anchors: [pki.ciDer], at: NOW, provider: p, ...more }),
  };
}

const euiccWithEid = (k: Kit, ...serials: string[]): Uint8Array =>
  k.euicc((t) => ({ ...t, subject: nameOf(at.c('ES'), at.o('sgp32 test'), ...serials.map((s) => at.serialNumber(s)), at.cn('Test eUICC')) }));

const ROWS: Row[] = [
  {
    reason: 'non-der-encoding',
    what: 'the EUM certificate with its outer length in long form (TBS and signature intact)',
    refused: (k) => {
      const d = k.pki.eumDer;
      const body = d.subarray(4); // 30 82 LL LL
      return { options: k.chain(Uint8Array.from([0x30, 0x83, 0, d[2], d[3], ...body]), k.pki.euiccDer), index: 0 };
    },
  },
  {
    reason: 'bad-version',
    what: 'v1, v2 with extensions and a version field of 3 (v4)',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, version: 0 }))), index: 1 }),
    passes: (k) => k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, version: 2 }))),
  },
  { reason: 'bad-version', what: 'v2 with extensions', refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, version: 1 }))), index: 1 }) },
  { reason: 'bad-version', what: 'version field 3 (v4)', refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, version: 3 }))), index: 1 }) },
  {
    reason: 'bad-serial-number',
    what: 'a serial number of 40 octets (20 allowed)',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, serialNumber: 1n << 312n }))), index: 1 }),
    // 20 octets with the high bit clear is the longest allowed (RFC 5280 §4.1.2.2), like the real 9-octet eUICC serial.
    passes: (k) => k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, serialNumber: (1n << 159n) - 1n }))),
  },
  { reason: 'bad-serial-number', what: 'a serial number of 1,000 octets', refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, serialNumber: 1n << 7990n }))), index: 1 }) },
  { reason: 'bad-serial-number', what: 'serial number 0', refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, serialNumber: 0n }))), index: 1 }) },
  { reason: 'bad-serial-number', what: 'a negative serial number', refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, serialNumber: -5n }))), index: 1 }) },
  {
    reason: 'bad-time',
    what: 'notAfter in month 13 (20261301000000Z)',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, validity: { ...t.validity, notAfter: { $case: 'generalTime', value: '20561301000000Z' } } }))), index: 1 }),
    // 29 February of a leap year is a real date.
    passes: (k) => k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, validity: { ...t.validity, notAfter: { $case: 'generalTime', value: '20560229000000Z' } } }))),
  },
  {
    reason: 'bad-time',
    what: 'month 13 in UTCTime',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, validity: { ...t.validity, notAfter: { $case: 'utcTime', value: '261301000000Z' } } }))), index: 1 }),
  },
  {
    reason: 'bad-time',
    what: 'GeneralizedTime for a notBefore before 2050',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, validity: { ...t.validity, notBefore: { $case: 'generalTime', value: '20240101000000Z' } } }))), index: 1 }),
    // GeneralizedTime from 2050 on (the SGP.26 eUICC carries year 7496).
    passes: (k) => k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, validity: { ...t.validity, notAfter: { $case: 'generalTime', value: '74960124094858Z' } } }))),
  },
  {
    reason: 'malformed-extension',
    what: 'a keyUsage whose value is not a BIT STRING',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => withExt(t, I.id_ce_keyUsage, { extnID: I.id_ce_keyUsage, critical: true, extnValue: Uint8Array.of(0x04, 0x01, 0x80) }))), index: 1 }),
  },
  {
    reason: 'malformed-extension',
    what: 'the same extension twice',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, extensions: [...(t.extensions ?? []), ext.policies(R.id_rspRole_euicc)] }))), index: 1 }),
  },
  {
    reason: 'algorithm-mismatch',
    what: 'signatureAlgorithm differs from tbsCertificate.signature',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, signWithOuter(k.p, euiccTbs(k.pki.eum, k.pki.euicc), k.pki.eum.keys.privateKey, ECDSA_SHA384)), index: 1 }),
  },
  {
    reason: 'unsupported-algorithm',
    what: 'ecdsa-with-SHA384 in both places',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, signWithOuter(k.p, { ...euiccTbs(k.pki.eum, k.pki.euicc), signature: ECDSA_SHA384 }, k.pki.eum.keys.privateKey, ECDSA_SHA384)), index: 1 }),
  },
  {
    reason: 'unsupported-public-key',
    what: 'a key on secp384r1 (by its curve OID)',
    refused: (k) => ({
      options: k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, subjectPublicKeyInfo: { ...t.subjectPublicKeyInfo, algorithm: { ...t.subjectPublicKeyInfo.algorithm, parameters: Uint8Array.of(0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22) } } }))),
      index: 1,
    }),
  },
  {
    reason: 'bad-public-key',
    what: 'a leaf whose point is not on its curve',
    refused: (k) => ({
      options: k.chain(k.pki.eumDer, k.euicc((t) => {
        const point = t.subjectPublicKeyInfo.subjectPublicKey.bytes.slice();
        point[64] ^= 1;
        return { ...t, subjectPublicKeyInfo: { ...t.subjectPublicKeyInfo, subjectPublicKey: { bytes: point, unusedBits: 0 } } };
      })),
      index: 1,
    }),
  },
  { reason: 'unknown-issuer', what: 'anchors of another PKI', refused: (k) => ({ options: { ...k.chain(k.pki.eumDer, k.pki.euiccDer), anchors: [testPki(k.p).ciDer] }, index: 0 }) },
  { reason: 'issuer-mismatch', what: 'the eUICC names another issuer', refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => ({ ...t, issuer: nameOf(at.cn('Another EUM')) }))), index: 1 }) },
  {
    reason: 'key-identifier-mismatch',
    what: 'authorityKeyIdentifier differs from the EUM key identifier',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => withExt(t, I.id_ce_authorityKeyIdentifier, ext.aki(new Uint8Array(20).fill(7))))), index: 1 }),
  },
  {
    reason: 'bad-signature',
    what: 'the eUICC signed by a key other than the EUM key',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, issueCertificate(euiccTbs(k.pki.eum, k.pki.euicc), k.pki.ci.keys.privateKey, k.p)), index: 1 }),
  },
  { reason: 'not-yet-valid', what: 'checked before notBefore', refused: (k) => ({ options: k.chain(k.pki.eumDer, k.pki.euiccDer, { at: new Date('2023-06-01T00:00:00Z') }), index: -1 }) },
  {
    reason: 'expired',
    what: 'an SM-DP+ certificate after its notAfter',
    refused: (k) => ({ options: { chain: [k.pki.dpDer], anchors: [k.pki.ciDer], at: new Date('2031-01-01T00:00:00Z'), provider: k.p }, index: 0 }),
    passes: (k) => ({ chain: [k.pki.dpDer], anchors: [k.pki.ciDer], at: new Date('2029-12-31T00:00:00Z'), provider: k.p }),
  },
  { reason: 'not-a-ca', what: 'an EUM without basicConstraints', refused: (k) => ({ options: k.chain(k.eum((t) => withExt(t, I.id_ce_basicConstraints)), k.pki.euiccDer), index: 0 }) },
  {
    reason: 'ca-end-entity',
    what: 'an eUICC leaf with basicConstraints cA=TRUE',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => withExt(t, I.id_ce_basicConstraints, ext.basicConstraints({ cA: true })))), index: 1 }),
    // An end entity may carry basicConstraints with cA FALSE (its DEFAULT, so an empty SEQUENCE).
    passes: (k) => k.chain(k.pki.eumDer, k.euicc((t) => withExt(t, I.id_ce_basicConstraints, ext.basicConstraints({})))),
  },
  {
    reason: 'ca-end-entity',
    what: 'an SM-DP+ certificate with cA=TRUE',
    refused: (k) => ({ options: { chain: [issueCertificate(withExt(dpTbs(k.pki.ci, k.pki.dp), I.id_ce_basicConstraints, ext.basicConstraints({ cA: true })), k.pki.ci.keys.privateKey, k.p)], anchors: [k.pki.ciDer], at: NOW, provider: k.p }, index: 0 }),
  },
  {
    reason: 'path-length-exceeded',
    what: 'a CA below an EUM whose pathLenConstraint is 0',
    refused: (k) => {
      // EUM (pathLen 0) → sub-CA → eUICC: one CA below the EUM is one too many.
      const sub = party(k.p, 'P-256', at.c('ES'), at.o('sgp32 test'), at.cn('Sub'));
      const subDer = issueCertificate(
        { ...euiccTbs(k.pki.eum, sub), extensions: [ext.aki(k.pki.eum.keyId), ext.ski(sub.keyId), ext.keyUsage('keyCertSign'), ext.basicConstraints({ cA: true }), ext.policies(R.id_rspRole_eum)] },
        k.pki.eum.keys.privateKey,
        k.p,
      );
      const leaf = issueCertificate(euiccTbs(sub, k.pki.euicc), sub.keys.privateKey, k.p);
      return { options: { chain: [k.pki.eumDer, subDer, leaf], anchors: [k.pki.ciDer], at: NOW, provider: k.p }, index: 1 };
    },
  },
  { reason: 'key-usage', what: 'an eUICC with keyCertSign instead of digitalSignature', refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => withExt(t, I.id_ce_keyUsage, ext.keyUsage('keyCertSign')))), index: 1 }) },
  { reason: 'role-mismatch', what: 'an eUICC with the SM-DP+ auth policy', refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => withExt(t, I.id_ce_certificatePolicies, ext.policies(R.id_rspRole_dp_auth))), { expectedRole: 'euicc' }), index: 1 }) },
  {
    reason: 'eid-invalid',
    what: 'two serialNumber attributes, the second outside the range',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, euiccWithEid(k, EID, eidWithCheckDigits('890440451184274848000000000116'))), index: 1 }),
    passes: (k) => k.chain(k.pki.eumDer, euiccWithEid(k, EID)),
  },
  { reason: 'eid-invalid', what: 'no serialNumber', refused: (k) => ({ options: k.chain(k.pki.eumDer, euiccWithEid(k)), index: 1 }) },
  {
    reason: 'eid-out-of-range',
    what: 'an EID outside the EUM prefix 89049032',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, euiccWithEid(k, eidWithCheckDigits('890440451184274848000000000116'))), index: 1 }),
  },
  {
    reason: 'eid-check-digits',
    what: 'an EID whose check digits are wrong',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, euiccWithEid(k, `${EID.slice(0, 30)}${EID.slice(30) === '00' ? '01' : '00'}`)), index: 1 }),
  },
  {
    reason: 'name-constraints',
    what: 'a CI whose nameConstraints do not permit the EUM subject',
    refused: (k) => {
      const ciTbsNc = withExt(ciTbsOf(k), I.id_ce_nameConstraints, nameConstraints(nameOf(at.c('ES'), at.o('Other org'))));
      const ci = issueCertificate(ciTbsNc, k.pki.ci.keys.privateKey, k.p);
      return { options: { ...k.chain(k.pki.eumDer, k.pki.euiccDer), anchors: [ci] }, index: 0 };
    },
    // RFC 5280 subtrees: the EUM subject C=ES,O=sgp32 test,CN=… lies below C=ES,O=sgp32 test.
    passes: (k) => {
      const ci = issueCertificate(withExt(ciTbsOf(k), I.id_ce_nameConstraints, nameConstraints(nameOf(at.c('ES'), at.o('sgp32 test')))), k.pki.ci.keys.privateKey, k.p);
      return { ...k.chain(k.pki.eumDer, k.pki.euiccDer), anchors: [ci] };
    },
  },
  {
    reason: 'name-constraints',
    what: 'nameConstraints on an end entity',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => withExt(t, I.id_ce_nameConstraints, nameConstraints(nameOf(at.c('ES')))))), index: 1 }),
  },
  {
    reason: 'name-constraints',
    what: 'a critical subjectAltName dNSName outside the CI dNSName subtree',
    refused: (k) => {
      const ci = issueCertificate(withExt(ciTbsOf(k), I.id_ce_nameConstraints, dnsConstraints('example.com')), k.pki.ci.keys.privateKey, k.p);
      const dp = issueCertificate(withExt(dpTbs(k.pki.ci, k.pki.dp), I.id_ce_subjectAltName, ext.san([{ $case: 'dNSName', value: 'smdp.other.org' }], true)), k.pki.ci.keys.privateKey, k.p);
      return { options: { chain: [dp], anchors: [ci], at: NOW, provider: k.p }, index: 0 };
    },
    passes: (k) => {
      const ci = issueCertificate(withExt(ciTbsOf(k), I.id_ce_nameConstraints, dnsConstraints('example.com')), k.pki.ci.keys.privateKey, k.p);
      const dp = issueCertificate(withExt(dpTbs(k.pki.ci, k.pki.dp), I.id_ce_subjectAltName, ext.san([{ $case: 'dNSName', value: 'smdp.example.com' }], true)), k.pki.ci.keys.privateKey, k.p);
      return { chain: [dp], anchors: [ci], at: NOW, provider: k.p };
    },
  },
  {
    reason: 'extended-key-usage',
    what: 'an SM-DP+ TLS certificate whose extendedKeyUsage lacks serverAuth',
    refused: (k) => ({ options: { chain: [tlsCert(k, [I.id_kp_clientAuth])], anchors: [k.pki.ciDer], at: NOW, provider: k.p }, index: 0 }),
    // SGP.26 DPtls: critical extendedKeyUsage serverAuth, clientAuth.
    passes: (k) => ({ chain: [tlsCert(k, [I.id_kp_serverAuth, I.id_kp_clientAuth])], anchors: [k.pki.ciDer], at: NOW, provider: k.p }),
  },
  {
    reason: 'extended-key-usage',
    what: 'a critical extendedKeyUsage (codeSigning) on an eUICC',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => withExt(t, I.id_ce_extKeyUsage, ext.extKeyUsage([I.id_kp_codeSigning], true)))), index: 1 }),
    passes: (k) => k.chain(k.pki.eumDer, k.euicc((t) => withExt(t, I.id_ce_extKeyUsage, ext.extKeyUsage([I.id_kp_codeSigning], false)))),
  },
  {
    reason: 'unknown-critical-extension',
    what: 'a critical extension nobody knows',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, k.euicc((t) => withExt(t, '1.3.6.1.4.1.99999.1', { extnID: '1.3.6.1.4.1.99999.1', critical: true, extnValue: Uint8Array.of(0x05, 0x00) }))), index: 1 }),
    passes: (k) => k.chain(k.pki.eumDer, k.euicc((t) => withExt(t, '1.3.6.1.4.1.99999.1', { extnID: '1.3.6.1.4.1.99999.1', extnValue: Uint8Array.of(0x05, 0x00) }))),
  },
  {
    reason: 'crl-invalid',
    what: 'a CI CRL signed by another key',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, k.pki.euiccDer, { crls: [ciCrl(k, [], k.pki.eum.keys.privateKey)] }), index: -1 }),
  },
  {
    reason: 'crl-invalid',
    what: 'a CI CRL past its nextUpdate',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, k.pki.euiccDer, { crls: [ciCrl(k, [], k.pki.ci.keys.privateKey, '2026-01-01T00:00:00Z')] }), index: -1 }),
  },
  {
    reason: 'revoked',
    what: 'the EUM serial listed in the CI CRL',
    refused: (k) => ({ options: k.chain(k.pki.eumDer, k.pki.euiccDer, { crls: [ciCrl(k, [2n], k.pki.ci.keys.privateKey)] }), index: 0 }),
    // A current CRL of the CI that lists other serials.
    passes: (k) => k.chain(k.pki.eumDer, k.pki.euiccDer, { crls: [ciCrl(k, [99n], k.pki.ci.keys.privateKey)] }),
  },
];

function ciTbsOf(k: Kit): X.TBSCertificate {
  const ci = X.Certificate.decode(k.pki.ciDer);
  return ci.tbsCertificate;
}

function nameConstraints(base: X.Name): X.Extension {
  return extensionOf(I.id_ce_nameConstraints, I.NameConstraints, { permittedSubtrees: [{ base: { $case: 'directoryName', value: base } }] }, true);
}

function dnsConstraints(domain: string): X.Extension {
  return extensionOf(I.id_ce_nameConstraints, I.NameConstraints, { permittedSubtrees: [{ base: { $case: 'dNSName', value: domain } }] }, true);
}

function tlsCert(k: Kit, purposes: string[]): Uint8Array {
  const tbs = withExt(withExt(dpTbs(k.pki.ci, k.pki.dp, R.id_rspRole_dp_tls), I.id_ce_certificatePolicies, ext.policies(R.id_rspRole_dp_tls, false)), I.id_ce_extKeyUsage, ext.extKeyUsage(purposes, true));
  return issueCertificate(tbs, k.pki.ci.keys.privateKey, k.p);
}

function ciCrl(k: Kit, serials: bigint[], key: EcPrivateKey, nextUpdate = '2026-12-31T00:00:00Z'): Uint8Array {
  return issueCrl(
    {
      version: 1,
      signature: ECDSA_WITH_SHA256,
      issuer: k.pki.ci.name,
      thisUpdate: certificateTime(new Date('2025-12-01T00:00:00Z')),
      nextUpdate: certificateTime(new Date(nextUpdate)),
      ...(serials.length ? { revokedCertificates: serials.map((s) => ({ userCertificate: s, revocationDate: certificateTime(new Date('2025-12-01T00:00:00Z')) })) } : {}),
      crlExtensions: [extensionOf(I.id_ce_cRLNumber, I.CRLNumber, 1n)],
    },
    key,
    k.p,
  );
}

const show = (v: ChainVerdict): string => (v.valid ? 'valid' : `${v.reason}@${v.index}: ${v.detail}`);

describe.each(providers)('validateChain rejection table ($name provider)', (p) => {
  const k = kit(p, testPki(p));

  it('the unaltered chains validate', () => {
    expect(show(validateChain(k.chain(k.pki.eumDer, k.pki.euiccDer)))).toBe('valid');
    expect(show(validateChain({ chain: [k.pki.dpDer], anchors: [k.pki.ciDer], at: NOW, provider: p }))).toBe('valid');
  });

  it.each(ROWS.map((r) => [r.reason, r.what, r] as const))('%s: %s', (reason, _what, row) => {
    const { options, index } = row.refused(k);
    const v = validateChain(options);
    expect(show(v)).toMatch(new RegExp(`^${reason}@${index}: `));
    if (row.passes) expect(show(validateChain(row.passes(k)))).toBe('valid');
  });

  it('every reason has a row', () => {
    const covered = new Set(ROWS.map((r) => r.reason));
    expect(CHAIN_INVALID_REASONS.filter((r) => !covered.has(r))).toEqual([]);
  });

  it("eidRange 'report': an EID outside the EUM range is valid with a warning that names the rule", () => {
    const outside = euiccWithEid(k, eidWithCheckDigits('890440451184274848000000000116'));
    const v = validateChain(k.chain(k.pki.eumDer, outside, { eidRange: 'report' }));
    expect(v).toMatchObject({ valid: true, warnings: [{ reason: 'eid-out-of-range', index: 1 }] });
    expect(validateChain(k.chain(k.pki.eumDer, k.pki.euiccDer, { eidRange: 'report' }))).toMatchObject({ valid: true, warnings: [] });
    expect(() => validateChain(k.chain(k.pki.eumDer, outside, { eidRange: 'ignore' as never }))).toThrow(RangeError);
  });
});

