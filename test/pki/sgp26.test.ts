/**
 * The GSMA SGP.26 test PKI (both curves) and the broken certificates next to it, read from
 * ../shared/vectors/certs. Expectations come from MANIFEST.json, which was produced with
 * OpenSSL and Python `cryptography` independently of this code.
 */
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../../src/crypto/noble.js';
import { nativeProvider } from '../support/providers.js';
import {
  parseCertificate,
  parseCertificates,
  selectCi,
  findIssuers,
  issuedByKeyId,
  subjectKeyIdentifierDer,
  validateChain,
  certificateSummary,
  type CertificateView,
  type ChainVerdict,
} from '../../src/pki/index.js';
import { HAVE_CERTS, SKIP_MESSAGE, loadManifest, readVector, type ManifestCert } from './vectors.js';

const hex = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''));
const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));

const ROLE_BY_OID: Record<string, string> = {
  '2.23.146.1.2.1.0': 'ci',
  '2.23.146.1.2.1.1': 'euicc',
  '2.23.146.1.2.1.2': 'eum',
  '2.23.146.1.2.1.3': 'dp-tls',
  '2.23.146.1.2.1.4': 'dp-auth',
  '2.23.146.1.2.1.5': 'dp-pb',
};

describe.skipIf(!HAVE_CERTS)('SGP.26 test certificates', () => {
  if (!HAVE_CERTS) {
    it.skip(SKIP_MESSAGE, () => {});
    return;
  }
  const manifest = loadManifest();
  const byFile = new Map(manifest.certificates.map((c) => [c.file, c]));
  const views = new Map<string, CertificateView>(manifest.certificates.map((c) => [c.file, parseCertificate(readVector(c.file))]));
  const view = (file: string): CertificateView => {
    const v = views.get(file);
    if (!v) throw new Error(`no certificate ${file}`);
    return v;
  };

  /** Issuer-first path from the self-signed root to `file`, following the manifest's issuedBy. */
  const pathTo = (file: string): ManifestCert[] => {
    const out: ManifestCert[] = [];
    let cur = byFile.get(file);
    while (cur) {
      out.unshift(cur);
      if (cur.selfSigned) break;
      cur = byFile.get(cur.issuedBy[0]);
    }
    return out;
  };

  it('parses every certificate in agreement with the manifest', () => {
    expect(manifest.certificates.length).toBe(34);
    for (const m of manifest.certificates) {
      const v = view(m.file);
      expect(hex(nobleProvider.sha256(v.der)), m.file).toBe(m.sha256OfDer);
      expect(v.serialNumberHex, m.file).toBe(m.serialHex);
      expect(v.subject.text.replaceAll('serialNumber=', '2.5.4.5='), m.file).toBe(m.subject);
      expect(v.issuer.text.replaceAll('serialNumber=', '2.5.4.5='), m.file).toBe(m.issuer);
      expect(v.notBefore.toISOString().replace('.000', ''), m.file).toBe(m.notBefore);
      expect(v.notAfter.toISOString().replace('.000', ''), m.file).toBe(m.notAfter);
      expect(v.curve, m.file).toBe(m.curve === 'secp256r1' ? 'P-256' : m.curve);
      expect(hex(v.subjectKeyIdentifier), m.file).toBe(m.ski);
      expect(hex(v.authorityKeyIdentifier), m.file).toBe(m.aki);
      expect(v.policies, m.file).toEqual(m.policyOids ?? []);
      expect(v.role, m.file).toBe(m.policyOids ? ROLE_BY_OID[m.policyOids[0]] : undefined);
      expect(v.problems, m.file).toEqual([]);
      expect(v.unknownCriticalExtensions, m.file).toEqual([]);
      expect(v.signatureRaw?.length, m.file).toBe(64);
    }
  });

  it('summarises every certificate as JSON, in agreement with the manifest', () => {
    for (const m of manifest.certificates) {
      const s = JSON.parse(JSON.stringify(certificateSummary(view(m.file))));
      expect(s.serialNumber, m.file).toBe(m.serialHex);
      expect(s.subjectKeyIdentifier, m.file).toBe(m.ski ?? null);
      expect(s.authorityKeyIdentifier, m.file).toBe(m.aki ?? null);
      expect(s.policies, m.file).toEqual(m.policyOids ?? []);
      expect(Date.parse(s.notAfter), m.file).toBe(Date.parse(m.notAfter));
      const ext = (m as unknown as { extensions: { oid: string; critical: boolean; name: string; value: unknown }[] }).extensions;
      expect(s.extensions.map((e: { oid: string; critical: boolean }) => [e.oid, e.critical]), m.file).toEqual(ext.map((e) => [e.oid, e.critical]));
      const san = ext.find((e) => e.name === 'subjectAltName');
      if (san) expect(s.subjectAltName, m.file).toEqual(san.value);
    }
  });

  it('reads the GSMA fields of EUM and eUICC certificates', () => {
    for (const curve of ['NIST', 'BRP']) {
      const eum = view(`sgp26/EUM/CERT_EUM_ECDSA_${curve}.der`);
      expect(eum.permittedEidPrefixes).toEqual(['89049032']);
      expect(eum.basicConstraints).toEqual({ ca: true, pathLength: 0 });
      expect(eum.keyUsage).toEqual(['keyCertSign']);
      const dn = eum.nameConstraints?.permitted[0];
      expect(dn?.type === 'directoryName' && dn.value.text).toBe('serialNumber=89049032,O=RSP Test EUM');
      const euicc = view(`sgp26/eUICC/CERT_EUICC_ECDSA_${curve}.der`);
      expect(euicc.eid).toBe('89049032123451234512345678901235');
      expect(euicc.keyUsage).toEqual(['digitalSignature']);
      expect(euicc.notAfter.getUTCFullYear()).toBe(7496);
    }
    expect(view('sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der').subjectAltName?.registeredIds).toEqual(['2.999.10']);
    expect(view('sgp26/DPtls/CERT_S_SM_DP_TLS_NIST.der').extendedKeyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  });

  it('each signature verifies with the key of the issuer the manifest names (signatureRaw too)', () => {
    for (const m of manifest.certificates) {
      const v = view(m.file);
      for (const issuerFile of m.issuedBy) {
        const key = view(issuerFile).publicKey;
        expect(key).toBeDefined();
        if (!key || !v.signatureRaw) continue;
        expect(nobleProvider.ecdsaVerify(key, v.tbs, v.signature, 'der'), m.file).toBe(true);
        expect(nobleProvider.ecdsaVerify(key, v.tbs, v.signatureRaw, 'raw'), m.file).toBe(true);
      }
    }
  });

  /** Expected verdict from the manifest's dates alone (the chains are otherwise sound). */
  const expectedAt = (path: ManifestCert[], at: Date): { reason: string; index: number } | 'valid' => {
    for (const [k, m] of path.entries()) {
      if (at.getTime() < Date.parse(m.notBefore)) return { reason: 'not-yet-valid', index: k - 1 };
      if (at.getTime() > Date.parse(m.notAfter)) return { reason: 'expired', index: k - 1 };
    }
    return 'valid';
  };

  const sgp26Leaves = manifest.certificates.filter((c) => c.file.startsWith('sgp26/') && !c.selfSigned);
  const times = [
    manifest.asOf,
    '2020-04-01T12:00:00Z',
    '2025-01-01T00:00:00Z',
    '2026-07-25T00:00:00Z',
    '2030-06-01T00:00:00Z',
    '2054-06-01T00:00:00Z',
    '2055-06-01T00:00:00Z',
    '7000-01-01T00:00:00Z',
  ];

  it('validates every SGP.26 chain, with its real expiry state, at fixed times', () => {
    let valid = 0;
    let expired = 0;
    for (const leaf of sgp26Leaves) {
      const path = pathTo(leaf.file);
      expect(path[0].selfSigned, leaf.file).toBe(true);
      expect(path[0].policyOids).toEqual(['2.23.146.1.2.1.0']);
      for (const t of times) {
        const at = new Date(t);
        const verdict = validateChain({ chain: path.slice(1).map((m) => view(m.file)), anchors: [view(path[0].file)], at });
        const expected = expectedAt(path, at);
        if (expected === 'valid') {
          expect(verdict, `${leaf.file} at ${t}: ${verdict.valid ? "" : verdict.detail}`).toMatchObject({ valid: true });
          valid++;
        } else {
          expect(verdict, `${leaf.file} at ${t}`).toMatchObject({ valid: false, ...expected });
          expired++;
        }
      }
    }
    expect(valid).toBeGreaterThan(60);
    expect(expired).toBeGreaterThan(30);
  });

  it('honours the manifest expiry flags as of its date', () => {
    const at = new Date(manifest.asOf);
    for (const leaf of sgp26Leaves) {
      const path = pathTo(leaf.file);
      const verdict = validateChain({ chain: path.slice(1).map((m) => view(m.file)), anchors: [view(path[0].file)], at });
      const anyExpired = path.some((m) => m.expiredAsOf2026_11_21);
      expect(verdict.valid, leaf.file).toBe(!anyExpired);
    }
    // The pySim TLS certificates expired on 2026-08-02, their VARO re-issues are valid.
    const old = validateChain({ chain: [view('sgp26/DPtls/CERT_S_SM_DP_TLS_BRP.der')], anchors: [view('sgp26/CI/CERT_CI_ECDSA_BRP.der')], at });
    expect(old).toMatchObject({ valid: false, reason: 'expired', index: 0 });
  });

  it('returns the leaf role and EID for eUICC chains on both curves, with both CIs as anchors', () => {
    const anchors = [view('sgp26/CI/CERT_CI_ECDSA_NIST.der'), view('sgp26/CI/CERT_CI_ECDSA_BRP.der')];
    for (const curve of ['NIST', 'BRP']) {
      const v = validateChain({
        chain: [readVector(`sgp26/EUM/CERT_EUM_ECDSA_${curve}.der`), readVector(`sgp26/eUICC/CERT_EUICC_ECDSA_${curve}.der`)],
        anchors,
        at: new Date('2026-11-21T00:00:00Z'),
        expectedRole: 'euicc',
      });
      expect(v.valid).toBe(true);
      if (!v.valid) continue;
      expect(v.role).toBe('euicc');
      expect(v.eid).toBe('89049032123451234512345678901235');
      expect(v.anchor.curve).toBe(curve === 'NIST' ? 'P-256' : 'brainpoolP256r1');
    }
  });

  // Under Node only: a browser has no native provider to compare with.
  if (nativeProvider) it('gives the same verdicts with the native provider', () => {
    const nodeProvider = nativeProvider;
    const at = new Date(manifest.asOf);
    for (const leaf of sgp26Leaves) {
      const path = pathTo(leaf.file);
      const args = { chain: path.slice(1).map((m) => view(m.file)), anchors: [view(path[0].file)], at };
      expect(validateChain({ ...args, provider: nodeProvider }), leaf.file).toEqual(validateChain(args));
    }
    const eum = view('sgp26/EUM/CERT_EUM_ECDSA_BRP.der');
    const forged = parseCertificate(Uint8Array.from([...eum.der.subarray(0, -1), eum.der[eum.der.length - 1] ^ 1]));
    expect(validateChain({ chain: [forged], anchors: [view('sgp26/CI/CERT_CI_ECDSA_BRP.der')], at, provider: nodeProvider })).toMatchObject({ valid: false, reason: 'bad-signature', index: 0 });
  });

  it('skips the validity check when no clock is given (at: null)', () => {
    const v = validateChain({ chain: [view('sgp26/DPtls/CERT_S_SM_DP_TLS_NIST.der')], anchors: [view('sgp26/CI/CERT_CI_ECDSA_NIST.der')], at: null });
    expect(v.valid).toBe(true);
  });

  const NOW = new Date('2026-11-21T00:00:00Z');
  const ciNist = (): CertificateView => view('sgp26/CI/CERT_CI_ECDSA_NIST.der');
  const eumNist = (): CertificateView => view('sgp26/EUM/CERT_EUM_ECDSA_NIST.der');
  const run = (chain: string[], anchors: CertificateView[] = [ciNist()], expectedRole?: 'euicc' | 'eum' | 'dp-auth'): ChainVerdict =>
    validateChain({ chain: chain.map(view), anchors, at: NOW, ...(expectedRole ? { expectedRole } : {}) });

  it('rejects the invalid/ certificates with the right reason and index', () => {
    const eum = 'sgp26/EUM/CERT_EUM_ECDSA_NIST.der';
    expect(run([eum, 'invalid/CERT_EUICC_ECDSA_NIST_EXPIRED.der'])).toMatchObject({ valid: false, reason: 'expired', index: 1 });
    expect(run([eum, 'invalid/CERT_EUICC_ECDSA_NIST_INVALID.der'])).toMatchObject({ valid: false, reason: 'issuer-mismatch', index: 1 });
    expect(run([eum, 'invalid/CERT_EUICC_ECDSA_NIST_INVALID_EID.der'])).toMatchObject({ valid: false, reason: 'eid-out-of-range', index: 1 });
    expect(run([eum, 'invalid/CERT_EUICC_ECDSA_NIST_UNMATCHED_EID.der'])).toMatchObject({ valid: false, reason: 'eid-check-digits', index: 1 });
    expect(
      validateChain({ chain: [eumNist(), view('invalid/CERT_EUICC_ECDSA_NIST_UNMATCHED_EID.der')], anchors: [ciNist()], at: NOW, eidCheckDigits: false }),
    ).toMatchObject({ valid: true });
    expect(run(['invalid/CERT_EUM_ECDSA_NIST_EXPIRED.der'])).toMatchObject({ valid: false, reason: 'expired', index: 0 });
    // Same key as the real EUM, but the eUICC names "EUM Test" as its issuer.
    expect(run(['invalid/CERT_EUM_ECDSA_NIST_EXPIRED.der', 'sgp26/eUICC/CERT_EUICC_ECDSA_NIST.der'])).toMatchObject({ valid: false, reason: 'issuer-mismatch', index: 1 });
    expect(run(['invalid/CERT_EUM_ECDSA_NIST_INVALID.der'])).toMatchObject({ valid: false, reason: 'unknown-issuer', index: 0 });
    expect(run(['invalid/CERT_EUM_ECDSA_NIST_UNKNOWN_CI.der'])).toMatchObject({ valid: false, reason: 'unknown-issuer', index: 0 });
    expect(run(['invalid/CERT_UNKNOWN_CI_ECDSA_NIST.der'])).toMatchObject({ valid: false, reason: 'unknown-issuer', index: 0 });
    // Trusting the unknown CI anyway: it is no CA by its extensions.
    expect(run(['invalid/CERT_EUM_ECDSA_NIST_UNKNOWN_CI.der'], [view('invalid/CERT_UNKNOWN_CI_ECDSA_NIST.der')])).toMatchObject({ valid: false, reason: 'not-a-ca', index: -1 });
    // The generator gave the broken EUMs the DP-auth policy: asked for an EUM, the role is wrong.
    const eumExpired = view('invalid/CERT_EUM_ECDSA_NIST_EXPIRED.der');
    expect(validateChain({ chain: [eumExpired], anchors: [ciNist()], at: new Date('2012-01-01T00:00:00Z'), expectedRole: 'eum' })).toMatchObject({
      valid: false,
      reason: 'not-yet-valid',
      index: -1,
    });
    expect(validateChain({ chain: [eumExpired], anchors: [ciNist()], at: null, expectedRole: 'eum' })).toMatchObject({ valid: false, reason: 'role-mismatch', index: 0 });
  });

  it('rejects the sysmocom eUICC: its EID is outside the SGP.26 EUM range', () => {
    const v = run(['sgp26/EUM/CERT_EUM_ECDSA_NIST.der', 'extra/eim_euiccCertificate.der']);
    expect(v).toMatchObject({ valid: false, reason: 'eid-out-of-range', index: 1 });
    expect(!v.valid && v.detail).toContain('89044045118427484800000000011628');
  });

  it('does not chain across curves: the brainpool CI did not issue the NIST EUM', () => {
    const v = run(['sgp26/EUM/CERT_EUM_ECDSA_NIST.der'], [view('sgp26/CI/CERT_CI_ECDSA_BRP.der')]);
    expect(v).toMatchObject({ valid: false, reason: 'unknown-issuer', index: 0 });
    expect(run(['sgp26/EUM/CERT_EUM_ECDSA_NIST.der', 'sgp26/eUICC/CERT_EUICC_ECDSA_BRP.der'])).toMatchObject({ valid: false, reason: 'key-identifier-mismatch', index: 1 });
  });

  it('checks the expected role of the leaf', () => {
    expect(run(['sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der'], [ciNist()], 'dp-auth')).toMatchObject({ valid: true, role: 'dp-auth' });
    expect(run(['sgp26/DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der'], [ciNist()], 'dp-auth')).toMatchObject({ valid: false, reason: 'role-mismatch', index: 0 });
    expect(run(['sgp26/EUM/CERT_EUM_ECDSA_NIST.der'], [ciNist()], 'eum')).toMatchObject({ valid: true, role: 'eum' });
  });

  it('accepts the anchor given as the first chain element', () => {
    const v = validateChain({ chain: [ciNist(), eumNist(), view('sgp26/eUICC/CERT_EUICC_ECDSA_NIST.der')], anchors: [ciNist()], at: NOW });
    expect(v).toMatchObject({ valid: true, role: 'euicc' });
    const bad = validateChain({ chain: [ciNist(), eumNist(), view('invalid/CERT_EUICC_ECDSA_NIST_EXPIRED.der')], anchors: [ciNist()], at: NOW });
    expect(bad).toMatchObject({ valid: false, reason: 'expired', index: 2 });
  });

  it('validates the self-signed eIM samples and the production CI roots as single certificates', () => {
    for (const f of ['eim/sample_eim_cert_nist.crt', 'eim/sample_eim_cert_brainpool.crt']) {
      const c = readVector(f);
      expect(validateChain({ chain: [c], anchors: [c], at: NOW, expectedRole: 'eim' }), f).toMatchObject({ valid: true, role: 'eim' });
      // Without expectedRole, there is no GSMA role to check against.
      expect(validateChain({ chain: [c], anchors: [c], at: NOW }), f).toMatchObject({ valid: false, reason: 'role-mismatch', index: 0 });
    }
    for (const f of ['eim/sgp26_gsma_root_ci_cert_nist_oiste.crt', 'eim/sgp26_gsma_root_ci_cert_nist_symantec.crt']) {
      const c = readVector(f);
      expect(validateChain({ chain: [c], anchors: [c], at: NOW }), f).toMatchObject({ valid: true, role: 'ci' });
    }
    // An SGP.26 chain does not validate against a production root.
    expect(run(['sgp26/EUM/CERT_EUM_ECDSA_NIST.der'], [view('eim/sgp26_gsma_root_ci_cert_nist_oiste.crt')])).toMatchObject({ valid: false, reason: 'unknown-issuer', index: 0 });
  });

  it('parses PEM files and concatenated PEM / DER chains', () => {
    const pem = new TextDecoder().decode(readVector('eim/sample_eim_cert_nist.crt'));
    expect(parseCertificate(pem).subject.text).toBe('O=Internet Widgits Pty Ltd,ST=Some-State,C=AU');
    const two = pem + new TextDecoder().decode(readVector('eim/sample_eim_cert_brainpool.crt'));
    expect(parseCertificates(two).map((c) => c.curve)).toEqual(['P-256', 'brainpoolP256r1']);
    const derChain = new Uint8Array([...readVector('sgp26/EUM/CERT_EUM_ECDSA_NIST.der'), ...readVector('sgp26/eUICC/CERT_EUICC_ECDSA_NIST.der')]);
    const parsed = parseCertificates(derChain);
    expect(parsed.map((c) => c.role)).toEqual(['eum', 'euicc']);
    expect(validateChain({ chain: parsed, anchors: [ciNist()], at: NOW }).valid).toBe(true);
  });

  it('selects the CI from EUICCInfo key identifier lists, in list order', () => {
    const anchors = [ciNist(), view('sgp26/CI/CERT_CI_ECDSA_BRP.der')];
    const nist = fromHex('f54172bdf98a95d65cbeb88a38a1c11d800a85c3');
    const brp = fromHex('c0bc70ba36929d43b467ff57570530e57ab8fcd8');
    const unknown = new Uint8Array(20).fill(7);
    expect(selectCi(anchors, [unknown, brp, nist])?.anchor.curve).toBe('brainpoolP256r1');
    expect(selectCi(anchors, [nist, brp])?.anchor.curve).toBe('P-256');
    expect(selectCi(anchors, [unknown])).toBeUndefined();
    // DER SubjectKeyIdentifier form (04 14 …), as euiccCiPKIdToBeUsed carries it.
    expect(selectCi(anchors, [subjectKeyIdentifierDer(anchors[1])])?.anchor.curve).toBe('brainpoolP256r1');
    // Truncated identifiers (SGP.32 ESipa) match only when allowed.
    expect(selectCi(anchors, [nist.subarray(0, 8)])).toBeUndefined();
    expect(selectCi(anchors, [nist.subarray(0, 8)], { allowTruncated: true })?.anchor.curve).toBe('P-256');
    // Which CI issued a DPauth certificate, judged by its AKI.
    expect(hex(issuedByKeyId(view('sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der'), [nist, brp]))).toBe(hex(brp));
    // Both test CIs share a name: only the key identifier tells them apart.
    expect(findIssuers(eumNist(), anchors).map((a) => a.curve)).toEqual(['P-256']);
  });
});
