/**
 * The SGP.26 test PKI and the sample eIM keys of ../shared/vectors/certs: every key file imports,
 * every private key's public key equals the public key of the certificates MANIFEST.json lists
 * for it, and a signature made with the private key verifies with the certificate's key on both
 * providers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPrivateKey, importPublicKey } from '../../src/crypto/keys.js';
import { publicKeyFromCertificate } from '../../src/pki/keys.js';
import type { EcPrivateKey, EcPublicKey } from '../../src/crypto/provider.js';
import { haveVectors, providers, vectorsDir } from './helpers.js';

interface ManifestKey {
  file: string;
  kind: 'private' | 'public';
  curve: string;
  matchesCertificates?: string[];
}

const certsDir = path.join(vectorsDir, 'certs');
const keys: ManifestKey[] = haveVectors ? JSON.parse(readFileSync(path.join(certsDir, 'MANIFEST.json'), 'utf8')).keys : [];
const expectedCurve = (c: string): string => (c === 'secp256r1' || c === 'prime256v1' ? 'P-256' : c);

describe.skipIf(!haveVectors)('SGP.26 and eIM key files (../shared/vectors/certs)', () => {
  it('the manifest lists the SGP.26 SK_/PK_ files and the eIM keys', () => {
    expect(keys.filter((k) => k.file.startsWith('sgp26/') && k.kind === 'private').length).toBeGreaterThanOrEqual(19);
    expect(keys.filter((k) => k.file.startsWith('sgp26/') && k.kind === 'public').length).toBeGreaterThanOrEqual(17);
    expect(keys.filter((k) => k.file.startsWith('eim/')).length).toBe(2);
  });

  it.each(keys.map((k) => [k.file, k] as const))('%s', (_file, k) => {
    const text = readFileSync(path.join(certsDir, k.file), 'utf8');
    const key: EcPrivateKey | EcPublicKey = k.kind === 'private' ? importPrivateKey(text) : importPublicKey(text);
    expect(key.curve).toBe(expectedCurve(k.curve));
    // the same file given as bytes imports to the same key
    const fromBytes = k.kind === 'private' ? importPrivateKey(readFileSync(path.join(certsDir, k.file))) : importPublicKey(readFileSync(path.join(certsDir, k.file)));
    expect(fromBytes).toEqual(key);
    const certs = k.matchesCertificates ?? [];
    expect(certs.length).toBeGreaterThan(0);
    for (const p of providers) {
      const pub = key.kind === 'private' ? p.publicKeyOf(key) : key;
      for (const c of certs) {
        const certKey = publicKeyFromCertificate(readFileSync(path.join(certsDir, c)));
        expect(certKey.curve, c).toBe(key.curve);
        expect(certKey.point, c).toEqual(pub.point);
        if (key.kind === 'private') {
          const msg = new TextEncoder().encode(`signed with ${k.file} for ${c}`);
          for (const form of ['raw', 'der'] as const) {
            const sig = p.ecdsaSign(key, msg, form);
            for (const v of providers) expect(v.ecdsaVerify(certKey, msg, sig, form), `${p.name}→${v.name} ${form}`).toBe(true);
          }
        }
      }
    }
  });
});

if (!haveVectors) {
  describe('SGP.26 keys', () => {
    it.skip(`../shared/vectors not found at ${vectorsDir}: SGP.26 key tests skipped`, () => {});
  });
}
