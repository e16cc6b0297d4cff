/**
 * issueCertificate / issueCrl: the generated encoder writes the certificate, the provider signs
 * the TBS bytes, and the result is read back by the generated decoder, verified by the other
 * provider, accepted by our chain validator and by OpenSSL (where installed).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nobleProvider } from '../../src/crypto/noble.js';
import { nodeProvider } from '../../src/crypto/node/index.js';
import type { EcPublicKey } from '../../src/crypto/provider.js';
import { Certificate, CertificateList, TBSCertList, TBSCertificate } from '../../src/generated/PKIX1Explicit88.js';
import { ECDSA_WITH_SHA256, certificateTime, issueCertificate, issueCrl } from '../../src/pki/issue.js';
import { validateChain } from '../../src/pki/validate.js';
import { NOW, ciTbs, testPki } from './gsma-tbs.js';

const providers = [nobleProvider, nodeProvider];
const OPENSSL = ['/usr/bin/openssl', '/usr/local/bin/openssl'].find((p) => existsSync(p));

function pem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
}

/** The signature over the exact tbsCertificate bytes inside `der`, checked by `verifier`. */
function verifiesWith(der: Uint8Array, key: EcPublicKey, verifier: typeof nobleProvider): boolean {
  const cert = Certificate.decode(der, { keepEncoded: true });
  const tbs = TBSCertificate.encode(cert.tbsCertificate);
  expect(Buffer.from(der).includes(Buffer.from(tbs))).toBe(true);
  return verifier.ecdsaVerify(key, tbs, cert.signature.bytes, 'der');
}

describe.each(providers)('issueCertificate with the $name provider', (provider) => {
  const other = provider === nobleProvider ? nodeProvider : nobleProvider;

  it.each(['P-256', 'brainpoolP256r1'] as const)('round-trips a GSMA chain on %s and verifies with both providers', (curve) => {
    const pki = testPki(provider, curve);
    const ci = Certificate.decode(pki.ciDer);
    // decode -> encode reproduces the bytes; the TBS value is the one issued
    expect(Certificate.encode(ci)).toEqual(pki.ciDer);
    expect(TBSCertificate.encode(ci.tbsCertificate)).toEqual(TBSCertificate.encode(ciTbs(pki.ci)));
    expect(ci.signatureAlgorithm).toEqual(ECDSA_WITH_SHA256);
    for (const [der, key] of [
      [pki.ciDer, pki.ci.keys.publicKey],
      [pki.eumDer, pki.ci.keys.publicKey],
      [pki.euiccDer, pki.eum.keys.publicKey],
      [pki.dpDer, pki.ci.keys.publicKey],
    ] as const) {
      expect(verifiesWith(der, key, provider)).toBe(true);
      expect(verifiesWith(der, key, other)).toBe(true);
      // signed by the wrong key: refused
      expect(verifiesWith(der, pki.euicc.keys.publicKey, other)).toBe(false);
    }
    expect(validateChain({ chain: [pki.eumDer, pki.euiccDer], anchors: [pki.ciDer], at: NOW, provider: other })).toMatchObject({ valid: true });
    expect(validateChain({ chain: [pki.dpDer], anchors: [pki.ciDer], at: NOW, provider: other })).toMatchObject({ valid: true });
  });

  it('issues a CRL that decodes and verifies with the other provider', () => {
    const pki = testPki(provider);
    const tbs: TBSCertList = {
      version: 1,
      signature: ECDSA_WITH_SHA256,
      issuer: pki.ci.name,
      thisUpdate: certificateTime(new Date('2026-11-01T00:00:00Z')),
      nextUpdate: certificateTime(new Date('2026-12-01T00:00:00Z')),
      revokedCertificates: [{ userCertificate: 2n, revocationDate: certificateTime(new Date('2026-10-31T00:00:00Z')) }],
    };
    const der = issueCrl(tbs, pki.ci.keys.privateKey, provider);
    const crl = CertificateList.decode(der);
    expect(CertificateList.encode(crl)).toEqual(der);
    expect(crl.tbsCertList.revokedCertificates?.[0].userCertificate).toBe(2n);
    expect(other.ecdsaVerify(pki.ci.keys.publicKey, TBSCertList.encode(crl.tbsCertList), crl.signature.bytes, 'der')).toBe(true);
  });

  it('refuses a signature algorithm other than ecdsa-with-SHA256 and a missing key', () => {
    const pki = testPki(provider);
    const tbs = ciTbs(pki.ci);
    expect(() => issueCertificate({ ...tbs, signature: { algorithm: '1.2.840.10045.4.3.3' } }, pki.ci.keys.privateKey, provider)).toThrow(RangeError);
    expect(() => issueCertificate(tbs, undefined as never, provider)).toThrow(TypeError);
  });
});

describe('certificateTime', () => {
  it('uses UTCTime through 2049 and GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
    expect(certificateTime(new Date('2049-12-31T23:59:59.900Z'))).toEqual({ $case: 'utcTime', value: '491231235959Z' });
    expect(certificateTime(new Date('2050-01-01T00:00:00Z'))).toEqual({ $case: 'generalTime', value: '20500101000000Z' });
    expect(certificateTime(new Date('1950-01-01T00:00:00Z'))).toEqual({ $case: 'utcTime', value: '500101000000Z' });
    expect(() => certificateTime(new Date('1949-12-31T00:00:00Z'))).toThrow(RangeError);
    expect(() => certificateTime(new Date(Number.NaN))).toThrow(TypeError);
  });
});

if (!OPENSSL) {
  describe('issueCertificate and OpenSSL', () => {
    it.skip('openssl is not installed (looked in /usr/bin and /usr/local/bin): OpenSSL cross-check skipped', () => {});
  });
}

describe.skipIf(!OPENSSL)('issueCertificate and OpenSSL', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sgp32-issue-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const openssl = (args: string[]): string => execFileSync(OPENSSL!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  it.each(providers.map((p) => [p.name, p] as const))('openssl x509 reads and openssl verify accepts CI -> SM-DP+ issued with %s', (_name, provider) => {
    for (const curve of ['P-256', 'brainpoolP256r1'] as const) {
      const pki = testPki(provider, curve);
      const ci = path.join(dir, `${provider.name}-${curve}-ci.pem`);
      const dp = path.join(dir, `${provider.name}-${curve}-dp.pem`);
      writeFileSync(ci, pem(pki.ciDer));
      writeFileSync(dp, pem(pki.dpDer));
      const text = openssl(['x509', '-in', dp, '-noout', '-text']);
      expect(text).toContain('Signature Algorithm: ecdsa-with-SHA256');
      expect(text).toContain('2.23.146.1.2.1.4');
      // The SGP.26 policies are critical and unknown to OpenSSL: tell it to ignore them, as
      // every GSMA user of `openssl verify` does; the signatures and the chain are checked.
      const out = openssl(['verify', '-ignore_critical', '-attime', String(Math.floor(NOW.getTime() / 1000)), '-CAfile', ci, dp]);
      expect(out.trim()).toBe(`${dp}: OK`);
      // an SM-DP+ certificate of another PKI (same issuer name, another CI key) fails in OpenSSL too
      const other = testPki(provider, curve);
      const foreign = path.join(dir, `${provider.name}-${curve}-foreign.pem`);
      writeFileSync(foreign, pem(other.dpDer));
      expect(() => openssl(['verify', '-ignore_critical', '-attime', String(Math.floor(NOW.getTime() / 1000)), '-CAfile', ci, foreign])).toThrow();
    }
  });
});
