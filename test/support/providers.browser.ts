/** The Chromium side of ./providers.ts: a browser has the pure-TypeScript provider only. */
import { nobleProvider } from '../../src/crypto/noble.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';

export const providers: readonly CryptoProvider[] = [nobleProvider];
export const nativeProvider: CryptoProvider | undefined = undefined;
export const fastProvider: CryptoProvider = nobleProvider;
