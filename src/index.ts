/**
 * sgp32 — the public API.
 * @module
 */
export type { Curve, SignatureForm, EcPrivateKey, EcPublicKey, EcKeyPair, CryptoProvider } from './crypto/provider.js';
