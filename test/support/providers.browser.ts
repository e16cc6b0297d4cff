/** The Chromium side of ./providers.ts: a browser has the pure-TypeScript provider only. */
import { commands } from 'vitest/browser';
import { nobleProvider } from '../../src/crypto/noble.js';
import type { CryptoProvider, EcPublicKey } from '../../src/crypto/provider.js';
import { toHex as hexOf } from './bytes.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    nativeVerify: (curve: EcPublicKey['curve'], pointHex: string, messageHex: string, signatureHex: string) => Promise<boolean>;
  }
}


export const providers: readonly CryptoProvider[] = [nobleProvider];
export const nativeProvider: CryptoProvider | undefined = undefined;
export const fastProvider: CryptoProvider = nobleProvider;

/** OpenSSL's verdict, asked of the vitest process (the `nativeVerify` command). */
export async function independentVerify(key: EcPublicKey, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  return commands.nativeVerify(key.curve, hexOf(key.point), hexOf(message), hexOf(signature));
}
