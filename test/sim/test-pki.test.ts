/**
 * The test PKI: every chain it makes validates with our own validateChain (both curves, each
 * role), an EID outside the EUM's prefix is refused, pkijs and OpenSSL read every certificate.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { nodeProvider } from '../../src/crypto/node/index.js';
import { parseCertificate } from '../../src/pki/parse.js';
import { validateChain } from '../../src/pki/validate.js';
import { createTestPki, eidWithCheckDigits } from '../../src/sim/test-pki.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    // No OpenSSL on this machine: the cross-check is skipped below with one line.
    return false;
  }
}

describe.each(['P-256', 'brainpoolP256r1'] as const)('createTestPki on %s', (curve) => {
  const pki = createTestPki({ curve, eumPrefix: '89049032', provider: nodeProvider });
  const at = new Date(Date.now() + 60_000);

  it('CI → EUM → eUICC validates, with the EID in the EUM range and valid check digits', () => {
    const v = validateChain({ chain: [pki.eum.certificate, pki.euicc.certificate], anchors: [pki.ci.certificate], at, eidCheckDigits: true });
    expect(v.valid ? { role: v.role, eid: v.eid } : v).toEqual({ role: 'euicc', eid: pki.eid });
    expect(pki.eid.startsWith('89049032')).toBe(true);
  });

  it.each([
    ['dpAuth', 'dp-auth'],
    ['dpPb', 'dp-pb'],
    ['dpTls', 'dp-tls'],
    ['eim', 'eim'],
  ] as const)('CI → %s validates as %s', (who, role) => {
    const v = validateChain({ chain: [pki[who].certificate], anchors: [pki.ci.certificate], at, expectedRole: role });
    expect(v.valid ? v.role : v).toBe(role);
  });

  it('the SM-DP+ certificates carry the test SM-DP+ OID; key identifiers are method 1; the curve is the one asked', () => {
    for (const who of ['ci', 'eum', 'euicc', 'dpAuth', 'dpPb', 'dpTls', 'eim'] as const) {
      const view = parseCertificate(pki[who].certificate);
      expect(view.curve).toBe(curve);
      expect(view.problems ?? []).toEqual([]);
    }
    expect(parseCertificate(pki.dpAuth.certificate).subjectAltName?.registeredIds).toEqual(['2.999.10']);
    expect(parseCertificate(pki.dpTls.certificate).subjectAltName?.dnsNames).toEqual(['smdp.test.example']);
  });

  it('a chain is refused when one element is swapped or the anchor is another CI', () => {
    const other = createTestPki({ curve, provider: nodeProvider });
    expect(validateChain({ chain: [pki.eum.certificate, pki.euicc.certificate], anchors: [other.ci.certificate], at }).valid).toBe(false);
    expect(validateChain({ chain: [other.eum.certificate, pki.euicc.certificate], anchors: [pki.ci.certificate, other.ci.certificate], at }).valid).toBe(false);
  });

  it('pkijs reads each certificate and verifies its signature with the issuer key', async () => {
    if (curve !== 'P-256') return; // WebCrypto (under pkijs) has no brainpoolP256r1
    const parse = (der: Uint8Array) => pkijs.Certificate.fromBER(der.slice().buffer);
    const ci = parse(pki.ci.certificate);
    for (const [child, issuer] of [[pki.eum, ci], [pki.dpAuth, ci], [pki.euicc, parse(pki.eum.certificate)]] as const) {
      expect(await parse(child.certificate).verify(issuer)).toBe(true);
    }
  });
});

describe('EID outside the EUM range', () => {
  it('is refused by validateChain (eid-out-of-range); inside the range passes', () => {
    const at = new Date(Date.now() + 60_000);
    const outside = createTestPki({ eumPrefix: '89049032', eid: eidWithCheckDigits('890490330000000000000000000001'), provider: nodeProvider });
    const v = validateChain({ chain: [outside.eum.certificate, outside.euicc.certificate], anchors: [outside.ci.certificate], at });
    expect(v.valid ? 'valid' : v.reason).toBe('eid-out-of-range');
    const inside = createTestPki({ eumPrefix: '890490', eid: eidWithCheckDigits('890490330000000000000000000001'), provider: nodeProvider });
    expect(validateChain({ chain: [inside.eum.certificate, inside.euicc.certificate], anchors: [inside.ci.certificate], at }).valid).toBe(true);
  });
});

describe.skipIf(!hasOpenssl())('OpenSSL reads the certificates', () => {
  it.each(['P-256', 'brainpoolP256r1'] as const)('%s: x509 -text on each, and verifies the DP chain', (curve) => {
    const pki = createTestPki({ curve, provider: nodeProvider });
    const dir = mkdtempSync(path.join(tmpdir(), 'sgp32-pki-'));
    try {
      for (const who of ['ci', 'eum', 'euicc', 'dpAuth', 'dpPb', 'dpTls', 'eim'] as const) {
        const file = path.join(dir, `${who}.der`);
        writeFileSync(file, pki[who].certificate);
        const text = execFileSync('openssl', ['x509', '-inform', 'DER', '-in', file, '-noout', '-text'], { encoding: 'utf8' });
        expect(text).toContain('ecdsa-with-SHA256');
        if (who === 'euicc') expect(text).toContain(pki.eid);
      }
      for (const who of ['ci', 'dpAuth'] as const) execFileSync('openssl', ['x509', '-inform', 'DER', '-in', path.join(dir, `${who}.der`), '-out', path.join(dir, `${who}.pem`)]);
      // The DP chain has no GSMA nameConstraints, so a generic RFC 5280 verifier accepts it.
      const out = execFileSync('openssl', ['verify', '-policy_check', '-explicit_policy', '-policy', '2.23.146.1.2.1.4', '-CAfile', path.join(dir, 'ci.pem'), path.join(dir, 'dpAuth.pem')], { encoding: 'utf8' });
      expect(out).toContain(': OK');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
