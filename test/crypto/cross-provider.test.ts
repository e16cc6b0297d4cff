/**
 * Property tests across the two providers: what one signs the other verifies (both curves, both
 * forms), ECDH is symmetric and identical, and every deterministic operation gives the same bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../../src/crypto/noble.js';
import { nodeProvider } from '../../src/crypto/node/index.js';
import { ecdsaDerToRaw, ecdsaRawToDer } from '../../src/crypto/signature-form.js';
import type { Curve } from '../../src/crypto/provider.js';
import { CURVES, bigIntToBytes } from '../../src/crypto/curves.js';
import { privateKeyArb as arbKey } from '../support/keys.js';

const curves: Curve[] = ['P-256', 'brainpoolP256r1'];
const pairs = [
  [nobleProvider, nodeProvider],
  [nodeProvider, nobleProvider],
] as const;


describe.each(curves)('cross-provider properties on %s', (curve) => {
  it.each(pairs.map(([a, b]) => [a.name, b.name, a, b] as const))('%s signs, %s verifies (raw and DER)', (_an, _bn, signer, verifier) => {
    fc.assert(
      fc.property(arbKey(curve), fc.uint8Array({ maxLength: 300 }), fc.constantFrom('raw' as const, 'der' as const), (key, msg, form) => {
        const pub = signer.publicKeyOf(key);
        const sig = signer.ecdsaSign(key, msg, form);
        expect(verifier.ecdsaVerify(pub, msg, sig, form)).toBe(true);
        // the other form of the same signature verifies too
        const other = form === 'raw' ? ecdsaRawToDer(sig) : ecdsaDerToRaw(sig);
        expect(verifier.ecdsaVerify(pub, msg, other, form === 'raw' ? 'der' : 'raw')).toBe(true);
        // a different message does not
        const tampered = Uint8Array.from([...msg, 0]);
        expect(verifier.ecdsaVerify(pub, tampered, sig, form)).toBe(false);
      }),
      { numRuns: 25 },
    );
  });

  it('a flipped bit in a raw signature fails on both providers', () => {
    fc.assert(
      fc.property(arbKey(curve), fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 511 }), (key, msg, bit) => {
        const pub = nobleProvider.publicKeyOf(key);
        const sig = nodeProvider.ecdsaSign(key, msg, 'raw');
        sig[bit >> 3] ^= 1 << (bit & 7);
        expect(nobleProvider.ecdsaVerify(pub, msg, sig, 'raw')).toBe(false);
        expect(nodeProvider.ecdsaVerify(pub, msg, sig, 'raw')).toBe(false);
      }),
      { numRuns: 20 },
    );
  });

  it('high-s form of a signature (s → n − s) verifies on both providers', () => {
    fc.assert(
      fc.property(arbKey(curve), fc.uint8Array({ maxLength: 64 }), (key, msg) => {
        const pub = nodeProvider.publicKeyOf(key);
        const sig = nobleProvider.ecdsaSign(key, msg, 'raw');
        let s = 0n;
        for (const b of sig.subarray(32)) s = (s << 8n) | BigInt(b);
        const flipped = new Uint8Array(64);
        flipped.set(sig.subarray(0, 32));
        flipped.set(bigIntToBytes(CURVES[curve].n - s, 32), 32);
        expect(nobleProvider.ecdsaVerify(pub, msg, flipped, 'raw')).toBe(true);
        expect(nodeProvider.ecdsaVerify(pub, msg, flipped, 'raw')).toBe(true);
      }),
      { numRuns: 15 },
    );
  });

  it('publicKeyOf and ECDH agree across providers; ECDH is symmetric', () => {
    fc.assert(
      fc.property(arbKey(curve), arbKey(curve), (a, b) => {
        const pa = nobleProvider.publicKeyOf(a);
        const pb = nodeProvider.publicKeyOf(b);
        expect(nodeProvider.publicKeyOf(a).point).toEqual(pa.point);
        expect(nobleProvider.publicKeyOf(b).point).toEqual(pb.point);
        const z = nobleProvider.ecdh(a, pb);
        expect(z.length).toBe(32);
        expect(nodeProvider.ecdh(a, pb)).toEqual(z);
        expect(nobleProvider.ecdh(b, pa)).toEqual(z);
        expect(nodeProvider.ecdh(b, pa)).toEqual(z);
      }),
      { numRuns: 20 },
    );
  });

  it('generated key pairs are consistent on each provider and usable by the other', () => {
    for (const p of [nobleProvider, nodeProvider]) {
      for (let i = 0; i < 5; i++) {
        const { privateKey, publicKey } = p.generateKeyPair(curve);
        expect(privateKey.d.length).toBe(32);
        expect(publicKey.point.length).toBe(65);
        expect(nobleProvider.publicKeyOf(privateKey).point).toEqual(publicKey.point);
        expect(nodeProvider.publicKeyOf(privateKey).point).toEqual(publicKey.point);
      }
    }
  });
});

describe('cross-provider symmetric crypto', () => {
  const key16 = fc.uint8Array({ minLength: 16, maxLength: 16 });
  const blocks = fc.integer({ min: 0, max: 20 }).chain((n) => fc.uint8Array({ minLength: 16 * n, maxLength: 16 * n }));

  it('AES-CBC encrypt/decrypt are identical and invert each other', () => {
    fc.assert(
      fc.property(key16, key16, blocks, (key, iv, data) => {
        const c = nobleProvider.aesCbcEncrypt(key, iv, data);
        expect(nodeProvider.aesCbcEncrypt(key, iv, data)).toEqual(c);
        expect(nobleProvider.aesCbcDecrypt(key, iv, c)).toEqual(data);
        expect(nodeProvider.aesCbcDecrypt(key, iv, c)).toEqual(data);
      }),
      { numRuns: 100 },
    );
  });

  it('AES-ECB block and AES-CMAC are identical for any length', () => {
    fc.assert(
      fc.property(key16, key16, fc.uint8Array({ maxLength: 200 }), (key, block, data) => {
        expect(nodeProvider.aesEcbEncryptBlock(key, block)).toEqual(nobleProvider.aesEcbEncryptBlock(key, block));
        expect(nodeProvider.aesCmac(key, data)).toEqual(nobleProvider.aesCmac(key, data));
      }),
      { numRuns: 200 },
    );
  });

  it('SHA-256 is identical', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), (data) => {
        expect(nodeProvider.sha256(data)).toEqual(nobleProvider.sha256(data));
      }),
      { numRuns: 100 },
    );
  });

  it('randomBytes returns the requested length of fresh bytes', () => {
    for (const p of [nobleProvider, nodeProvider]) {
      expect(p.randomBytes(0)).toEqual(new Uint8Array(0));
      const a = p.randomBytes(70000);
      expect(a.length).toBe(70000);
      expect(p.randomBytes(32)).not.toEqual(p.randomBytes(32));
      // a 70 000-byte output of a working RNG is never constant over its last 4 KiB
      expect(new Set(a.subarray(66000)).size).toBeGreaterThan(200);
    }
  });
});
