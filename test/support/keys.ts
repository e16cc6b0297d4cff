/**
 * EC keys for property tests, drawn by fast-check rather than by a provider's random source, so
 * that a failing run is replayed from the seed and path fast-check prints (a key made with
 * `generateKeyPair` inside a property is new on every run, and a key-dependent failure could not
 * be reproduced). Scalars cover [1, n-1], bounds included: fast-check's bigint arbitrary also
 * tries the smallest and largest values, where encodings of keys and shared secrets are short
 * or full. Browser-safe.
 */
import fc from 'fast-check';
import { CURVES, bigIntToBytes } from '../../src/crypto/curves.js';
import { nobleProvider } from '../../src/crypto/noble.js';
import type { Curve, EcKeyPair, EcPrivateKey } from '../../src/crypto/provider.js';

/** An arbitrary private scalar of `curve`, in [1, n-1]. */
const scalarArb = (curve: Curve): fc.Arbitrary<bigint> => fc.bigInt({ min: 1n, max: CURVES[curve].n - 1n });

/** A private key of `curve` from an arbitrary scalar. */
export function privateKeyArb(curve: Curve): fc.Arbitrary<EcPrivateKey> {
  return scalarArb(curve).map((d): EcPrivateKey => ({ kind: 'private', curve, d: bigIntToBytes(d, 32) }));
}

/** The key pair of `curve` with private scalar `d` (a fixed key for examples and fixtures). */
export function keyPairOf(curve: Curve, d: bigint): EcKeyPair {
  const privateKey: EcPrivateKey = { kind: 'private', curve, d: bigIntToBytes(d, 32) };
  return { privateKey, publicKey: nobleProvider.publicKeyOf(privateKey) };
}

/** A key pair of `curve`: an arbitrary private key and its public point (computed by the noble provider). */
export function keyPairArb(curve: Curve): fc.Arbitrary<EcKeyPair> {
  return scalarArb(curve).map((d) => keyPairOf(curve, d));
}
