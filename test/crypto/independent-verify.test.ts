/**
 * Signatures the pure-TypeScript provider makes, here (Node, or Chromium in the chromium
 * project), verify with OpenSSL, an implementation that shares nothing with src/; a flipped bit
 * of the signature or of the message is refused by OpenSSL too, so the check can fail.
 */
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../../src/crypto/noble.js';
import { ecdsaDerToRaw } from '../../src/crypto/signature-form.js';
import { independentVerify } from '../support/providers.js';

const curves = ['P-256', 'brainpoolP256r1'] as const;

describe.each(curves)('%s: made by the pure-TypeScript provider, checked by OpenSSL', (curve) => {
  it('raw and DER signatures over messages of several lengths verify; flipped bits do not', async () => {
    const kp = nobleProvider.generateKeyPair(curve);
    for (const length of [0, 1, 64, 1000]) {
      const message = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
      const raw = nobleProvider.ecdsaSign(kp.privateKey, message, 'raw');
      expect(await independentVerify(kp.publicKey, message, raw), `raw, ${length} bytes`).toBe(true);
      const der = nobleProvider.ecdsaSign(kp.privateKey, message, 'der');
      expect(await independentVerify(kp.publicKey, message, ecdsaDerToRaw(der)), `DER, ${length} bytes`).toBe(true);
      const badSig = raw.slice();
      badSig[length % 64] ^= 0x10;
      expect(await independentVerify(kp.publicKey, message, badSig), `flipped signature, ${length} bytes`).toBe(false);
      if (length > 0) {
        const badMsg = message.slice();
        badMsg[0] ^= 1;
        expect(await independentVerify(kp.publicKey, badMsg, raw), `flipped message, ${length} bytes`).toBe(false);
      }
    }
  });
});
