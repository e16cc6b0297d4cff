/**
 * `sgp32/crypto` — the cryptography of GSMA RSP behind one provider interface (SGP.22 §2.6.5,
 * §2.5.4): ECDSA/ECDH on P-256 and brainpoolP256r1, SHA-256, the X9.63 KDF, AES-128-CBC/ECB,
 * AES-CMAC, signature form conversion and EC key import/export.
 *
 * This entry point is browser-safe (no `node:*` imports). The native OpenSSL provider lives in
 * `sgp32/node`.
 *
 * @module sgp32/crypto
 */
export type { Curve, SignatureForm, EcPrivateKey, EcPublicKey, EcKeyPair, CryptoProvider, Aes128Key } from './provider.js';
export { aes128KeyOf } from './provider.js';
export { nobleProvider, nobleProvider as defaultProvider } from './noble.js';
export { CryptoKeyFormatError, SignatureFormatError } from './errors.js';
export type { CryptoKeyFormatErrorCode, SignatureFormatErrorCode } from './errors.js';
export { ecdsaRawToDer, ecdsaDerToRaw } from './signature-form.js';
export { x963Kdf } from './kdf.js';
export {
  importPrivateKey,
  importPublicKey,
  publicKeyFromRaw,
  privateKeyFromRaw,
  exportPrivateKeyDer,
  exportPrivateKeyPem,
  exportPublicKeyDer,
  exportPublicKeyPem,
  exportPublicKeyRaw,
} from './keys.js';
export type { PrivateKeyFormat } from './keys.js';
