/**
 * sgp32 — the public API.
 * @module
 */
export type {
  Curve,
  SignatureForm,
  EcPrivateKey,
  EcPublicKey,
  EcKeyPair,
  CryptoProvider,
  CryptoKeyFormatErrorCode,
  SignatureFormatErrorCode,
  PrivateKeyFormat,
} from './crypto/index.js';
export {
  nobleProvider,
  defaultProvider,
  CryptoKeyFormatError,
  SignatureFormatError,
  ecdsaRawToDer,
  ecdsaDerToRaw,
  x963Kdf,
  importPrivateKey,
  importPublicKey,
  publicKeyFromCertificate,
  publicKeyFromRaw,
  privateKeyFromRaw,
  exportPrivateKeyDer,
  exportPrivateKeyPem,
  exportPublicKeyDer,
  exportPublicKeyPem,
  exportPublicKeyRaw,
} from './crypto/index.js';
