/**
 * The crypto providers the specs run on. Under Node: the pure-TypeScript provider and the native
 * one on node:crypto (an independent implementation, so every result is cross-checked). In the
 * Chromium project the sibling providers.browser.ts takes this module's place and lists only the
 * pure-TypeScript provider, the one a browser has.
 */
import { nobleProvider } from '../../src/crypto/noble.js';
import { nodeProvider } from '../../src/crypto/node/index.js';
import type { CryptoProvider, EcPublicKey } from '../../src/crypto/provider.js';
import { opensslVerify } from './native-verify.js';

/** Every provider of this environment, the pure-TypeScript one first. */
export const providers: readonly CryptoProvider[] = [nobleProvider, nodeProvider];

/** The native provider where there is one (Node), else undefined (a browser). */
export const nativeProvider: CryptoProvider | undefined = nodeProvider;

/** The fastest provider of this environment (native where there is one). */
export const fastProvider: CryptoProvider = nodeProvider;

/**
 * Verifies an r‖s signature with OpenSSL, independently of src/ (test/support/native-verify.ts):
 * directly here; from Chromium through a command that runs the same function in Node.
 */
export async function independentVerify(key: EcPublicKey, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  return opensslVerify(key.curve, key.point, message, signature);
}
