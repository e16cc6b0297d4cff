/**
 * ECDSA-with-SHA-256 verification by OpenSSL through node:crypto, written here without any of
 * src/: an independent check of signatures the library makes. Under Node the specs call it
 * through test/support/providers.ts; in Chromium the same function runs in the vitest process
 * as the `nativeVerify` command of vitest.config.ts.
 */
import { createPublicKey, verify } from 'node:crypto';

/** The DER of SubjectPublicKeyInfo up to the 65-byte point (RFC 5480; RFC 5639 for brainpool). */
const SPKI_PREFIX: Record<'P-256' | 'brainpoolP256r1', string> = {
  'P-256': '3059301306072a8648ce3d020106082a8648ce3d030107034200',
  brainpoolP256r1: '305a301406072a8648ce3d020106092b2403030208010107034200',
};

/** True when `signature` (r‖s, 64 bytes) verifies over `message` with the uncompressed `point`. */
export function opensslVerify(curve: 'P-256' | 'brainpoolP256r1', point: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({ key: Buffer.concat([Buffer.from(SPKI_PREFIX[curve], 'hex'), point]), format: 'der', type: 'spki' });
  return verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature);
}
