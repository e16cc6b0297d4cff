/**
 * The OpenSSL command-line tool as an independent verifier: signatures made by our providers
 * verify with `openssl dgst -sha256 -verify`, OpenSSL's signatures verify with ours, and the key
 * files we export are read by `openssl pkey` / `openssl ec` to the same public key.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPrivateKeyPem, exportPublicKeyPem, importPublicKey } from '../../src/crypto/keys.js';
import type { Curve } from '../../src/crypto/provider.js';
import { providers } from './helpers.js';

const OPENSSL = ['/usr/bin/openssl', '/usr/local/bin/openssl'].find((p) => existsSync(p));
const curves: Curve[] = ['P-256', 'brainpoolP256r1'];

if (!OPENSSL) {
  describe('OpenSSL CLI', () => {
    it.skip('openssl is not installed (looked in /usr/bin and /usr/local/bin): independent OpenSSL checks skipped', () => {});
  });
}

describe.skipIf(!OPENSSL)('OpenSSL CLI as independent verifier', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sgp32-openssl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, data: string | Uint8Array): string => {
    const f = path.join(dir, name);
    writeFileSync(f, data);
    return f;
  };
  const openssl = (args: string[]): string => execFileSync(OPENSSL!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  describe.each(providers)('$name provider', (p) => {
    it.each(curves)('signatures (DER form) on %s verify with openssl dgst', (curve) => {
      const { privateKey, publicKey } = p.generateKeyPair(curve);
      const pub = file(`${p.name}-${curve}.pub.pem`, exportPublicKeyPem(publicKey));
      for (let i = 0; i < 4; i++) {
        const msg = p.randomBytes(17 * i + 1);
        const sig = p.ecdsaSign(privateKey, msg, 'der');
        const out = openssl(['dgst', '-sha256', '-verify', pub, '-signature', file('sig.der', sig), file('msg.bin', msg)]);
        expect(out.trim()).toBe('Verified OK');
      }
      // and OpenSSL rejects a signature over another message
      const sig = p.ecdsaSign(privateKey, Uint8Array.of(1), 'der');
      expect(() => openssl(['dgst', '-sha256', '-verify', pub, '-signature', file('sig.der', sig), file('msg.bin', Uint8Array.of(2))])).toThrow();
    });

    it.each(curves)('OpenSSL signatures with our exported %s key verify with the provider', (curve) => {
      const { privateKey, publicKey } = p.generateKeyPair(curve);
      for (const format of ['pkcs8', 'sec1'] as const) {
        const key = file(`${p.name}-${curve}-${format}.pem`, exportPrivateKeyPem(privateKey, format));
        // OpenSSL reads the key and derives the same public key
        const pubPem = openssl(['pkey', '-in', key, '-pubout']);
        expect(importPublicKey(pubPem).point).toEqual(publicKey.point);
        const msg = p.randomBytes(100);
        const msgFile = file('m.bin', msg);
        const sigFile = path.join(dir, 'o.sig');
        openssl(['dgst', '-sha256', '-sign', key, '-out', sigFile, msgFile]);
        expect(p.ecdsaVerify(publicKey, msg, new Uint8Array(readFileSync(sigFile)), 'der')).toBe(true);
      }
    });
  });

  it('openssl ec reads our SEC1 export with the named curve', () => {
    for (const curve of curves) {
      const { privateKey } = providers[0].generateKeyPair(curve);
      const key = file('k.pem', exportPrivateKeyPem(privateKey, 'sec1'));
      const text = openssl(['ec', '-in', key, '-noout', '-text']);
      expect(text).toContain(curve === 'P-256' ? 'prime256v1' : 'brainpoolP256r1');
    }
  });
});
