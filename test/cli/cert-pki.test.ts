/**
 * `sgp32 cert` on a test PKI issued with the generated encoder: path building from an
 * unordered --untrusted pool, --crl, --eid-range report, CRL files in `show`, the SHA-256
 * fingerprint (checked against the provider's SHA-256), the "expired now" flag, and bad data
 * (a truncated certificate) as exit 1.
 */
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../../src/crypto/noble.js';
import { ECDSA_WITH_SHA256, certificateTime, issueCertificate, issueCrl } from '../../src/pki/issue.js';
import { at, eidWithCheckDigits, euiccTbs, nameOf, testPki } from '../pki/gsma-tbs.js';
import { runCertOn, toPem } from './cert-fixtures.js';

const pki = testPki(nobleProvider);
const outside = issueCertificate(
  { ...euiccTbs(pki.eum, pki.euicc), subject: nameOf(at.c('ES'), at.o('sgp32 test'), at.serialNumber(eidWithCheckDigits('890440451184274848000000000116')), at.cn('Outside')) },
  pki.eum.keys.privateKey,
);
const crl = (serials: bigint[]): Uint8Array =>
  issueCrl(
    {
      version: 1,
      signature: ECDSA_WITH_SHA256,
      issuer: pki.ci.name,
      thisUpdate: certificateTime(new Date('2026-11-01T00:00:00Z')),
      nextUpdate: certificateTime(new Date('2026-12-01T00:00:00Z')),
      ...(serials.length ? { revokedCertificates: serials.map((s) => ({ userCertificate: s, revocationDate: certificateTime(new Date('2026-10-31T00:00:00Z')) })) } : {}),
    },
    pki.ci.keys.privateKey,
  );
const b64 = (der: Uint8Array): string => Buffer.from(der).toString('base64');

const files = new Map<string, Uint8Array>([
  ['ci.der', pki.ciDer],
  ['eum.der', pki.eumDer],
  ['euicc.der', pki.euiccDer],
  ['dp.der', pki.dpDer],
  ['outside.der', outside],
  ['pool.pem', new TextEncoder().encode(toPem(pki.dpDer) + toPem(pki.eumDer))],
  ['revoking.crl', crl([2n])],
  ['clean.crl', new TextEncoder().encode(`-----BEGIN X509 CRL-----\n${b64(crl([77n]))}\n-----END X509 CRL-----\n`)],
  ['truncated.der', pki.eumDer.subarray(0, 100)],
]);

const run = (...args: string[]): Promise<{ code: number; out: string; err: string }> => runCertOn(files, args);

const AT = ['--at', '2026-11-21T00:00:00Z'];

describe('sgp32 cert verify: --untrusted, --crl, --eid-range', () => {
  it('builds the path from an unordered pool (the SM-DP+ certificate in it is ignored)', async () => {
    const r = await run('verify', ...AT, '--json', '--anchor', 'ci.der', '--untrusted', 'pool.pem', 'euicc.der');
    expect([r.code, JSON.parse(r.out)]).toEqual([0, { valid: true, reason: 'valid', index: null, warnings: [] }]);
    // Without the pool the eUICC alone does not chain to the CI.
    const alone = await run('verify', ...AT, '--json', '--anchor', 'ci.der', 'euicc.der');
    expect([alone.code, JSON.parse(alone.out).reason]).toEqual([1, 'unknown-issuer']);
  });

  it('--crl: a revoked EUM is refused with its index; a CRL listing other serials passes', async () => {
    const revoked = await run('verify', ...AT, '--json', '--anchor', 'ci.der', '--crl', 'revoking.crl', 'eum.der', 'euicc.der');
    expect([revoked.code, JSON.parse(revoked.out)]).toEqual([1, { valid: false, reason: 'revoked', index: 0, warnings: [] }]);
    const clean = await run('verify', ...AT, '--json', '--anchor', 'ci.der', '--crl', 'clean.crl', '--crl', 'clean.crl', 'eum.der', 'euicc.der');
    expect(clean.code, clean.err).toBe(0);
    // After its nextUpdate the CRL itself is refused.
    const stale = await run('verify', '--at', '2027-01-01', '--json', '--anchor', 'ci.der', '--crl', 'clean.crl', 'eum.der', 'euicc.der');
    expect([stale.code, JSON.parse(stale.out).reason]).toEqual([1, 'crl-invalid']);
    const notCrl = await run('verify', ...AT, '--anchor', 'ci.der', '--crl', 'eum.der', 'eum.der', 'euicc.der');
    expect([notCrl.code, notCrl.err]).toEqual([1, expect.stringMatching(/eum\.der: not a CRL/)]);
  });

  it('--eid-range report keeps the chain valid and prints the broken rule; enforce refuses it', async () => {
    const enforce = await run('verify', ...AT, '--json', '--anchor', 'ci.der', 'eum.der', 'outside.der');
    expect([enforce.code, JSON.parse(enforce.out).reason]).toEqual([1, 'eid-out-of-range']);
    const report = await run('verify', ...AT, '--eid-range', 'report', '--anchor', 'ci.der', 'eum.der', 'outside.der');
    expect(report.code).toBe(0);
    expect(report.out).toMatch(/^warning: eid-out-of-range \(reported, not enforced\): .*89044045/m);
    const json = await run('verify', ...AT, '--eid-range', 'report', '--json', '--anchor', 'ci.der', 'eum.der', 'outside.der');
    expect(JSON.parse(json.out)).toMatchObject({ valid: true, warnings: [{ reason: 'eid-out-of-range', index: 1 }] });
    expect((await run('verify', '--eid-range', 'lax', '--anchor', 'ci.der', 'eum.der')).code).toBe(2);
  });

  it('a truncated certificate is bad data: exit 1', async () => {
    for (const args of [['verify', '--anchor', 'ci.der', 'truncated.der'], ['show', 'truncated.der']]) {
      const r = await run(...args);
      expect([r.code, r.err], args.join(' ')).toEqual([1, expect.stringMatching(/truncated/)]);
    }
  });
});

describe('sgp32 cert show: fingerprint, names, role in words, expiry, CRLs', () => {
  it('the certificate summary', async () => {
    const r = await run('show', '--json', '--at', '2031-01-01', 'dp.der', 'euicc.der');
    expect(r.code).toBe(0);
    const [dp, euicc] = JSON.parse(r.out) as Record<string, unknown>[];
    const fp = Array.from(nobleProvider.sha256(pki.dpDer), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
    expect(dp).toMatchObject({ kind: 'certificate', fingerprintSha256: fp, expiredNow: true, roleDescription: 'SM-DP+ authentication (CERT.DPauth) — SGP.22 v2 profile, variant O', signatureAlgorithmName: 'ecdsa-with-SHA256 (1.2.840.10045.4.3.2)' });
    expect(euicc).toMatchObject({ expiredNow: false, roleDescription: 'eUICC — SGP.22 v2 profile, variant O' });
    expect((euicc.extensions as { name: string }[]).map((e) => e.name)).toEqual(['authorityKeyIdentifier', 'subjectKeyIdentifier', 'keyUsage', 'certificatePolicies']);
    const text = await run('show', '--at', '2031-01-01', 'dp.der');
    expect(text.out).toContain(`SHA-256 fingerprint:    ${fp}`);
    expect(text.out).toMatch(/\(EXPIRED now\)/);
  });

  it('CRL files, DER and PEM', async () => {
    const r = await run('show', '--json', 'revoking.crl', 'clean.crl');
    expect(r.code).toBe(0);
    const [a, b] = JSON.parse(r.out) as Record<string, unknown>[];
    expect(a).toMatchObject({ kind: 'crl', issuer: 'C=IT,O=RSPTEST,OU=TESTCERT,CN=Test CI', nextUpdate: '2026-12-01T00:00:00.000Z', revoked: [{ serialNumber: '2' }] });
    expect(b).toMatchObject({ kind: 'crl', revoked: [{ serialNumber: '4d' }] });
    const text = await run('show', 'revoking.crl');
    expect(text.out).toMatch(/revoked: +2 \(2026-10-31T00:00:00\.000Z\)/);
  });
});
