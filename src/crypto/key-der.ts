/**
 * Builders for the DER key containers (no EC arithmetic here, so the native provider can use
 * them without pulling in noble):
 * - SubjectPublicKeyInfo with id-ecPublicKey and a named curve (RFC 5480 §2);
 * - ECPrivateKey (SEC1 v2 §C.4 / RFC 5915 §3);
 * - PKCS#8 PrivateKeyInfo wrapping an ECPrivateKey without its own parameters (RFC 5208 §5,
 *   RFC 5915 §3: the curve is in the AlgorithmIdentifier).
 *
 * @module
 */
import type { Curve } from './provider.js';
import { CURVES } from './curves.js';
import { oid, tlv } from '../der/build.js';

/** id-ecPublicKey (RFC 5480 §2.1.1). */
export const ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

function algorithmIdentifier(curve: Curve): Uint8Array {
  return tlv(0x30, oid(ID_EC_PUBLIC_KEY), oid(CURVES[curve].oid));
}

/** SPKI DER of an uncompressed (or compressed) point. */
export function spkiDer(curve: Curve, point: Uint8Array): Uint8Array {
  return tlv(0x30, algorithmIdentifier(curve), tlv(0x03, Uint8Array.of(0), point));
}

/** SEC1 ECPrivateKey DER; `withParameters` adds `[0] namedCurve` (needed when standalone). */
export function sec1Der(curve: Curve, d: Uint8Array, point: Uint8Array | undefined, withParameters: boolean): Uint8Array {
  const parts = [tlv(0x02, Uint8Array.of(1)), tlv(0x04, d)];
  if (withParameters) parts.push(tlv(0xa0, oid(CURVES[curve].oid)));
  if (point !== undefined) parts.push(tlv(0xa1, tlv(0x03, Uint8Array.of(0), point)));
  return tlv(0x30, ...parts);
}

/** PKCS#8 PrivateKeyInfo DER (version 0). */
export function pkcs8Der(curve: Curve, d: Uint8Array, point: Uint8Array | undefined): Uint8Array {
  return tlv(0x30, tlv(0x02, Uint8Array.of(0)), algorithmIdentifier(curve), tlv(0x04, sec1Der(curve, d, point, false)));
}
