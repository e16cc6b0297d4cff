/**
 * Public keys taken from certificates (RFC 5280 §4.1.2.7), for the RSP signature verifiers:
 * the certificate is read by the one certificate parser, so the key is the one validation
 * sees, and a point off its curve is refused here as there.
 *
 * @module
 */
import type { EcPublicKey } from '../crypto/provider.js';
import { CryptoKeyFormatError } from '../crypto/errors.js';
import { importPublicKey } from '../crypto/keys.js';
import { hdr, newReader } from '../der/reader.js';
import { looksLikePem, parseCertificate, type CertificateView } from './parse.js';

/**
 * The public key of a certificate.
 *
 * @param certificate - a parsed view, DER bytes or PEM (text or bytes).
 * @returns the key (an uncompressed point on P-256 or brainpoolP256r1, on its curve).
 * @throws TypeError for a wrong argument; CertificateParseError when the input is not a
 *   certificate; CryptoKeyFormatError `point-not-on-curve` for a point off its curve,
 *   `unsupported-algorithm` for any other key.
 * @example
 * ```ts
 * const key = publicKeyFromCertificate(readFileSync('CERT_S_SM_DPauth_ECDSA_NIST.der'));
 * ```
 */
export function publicKeyFromCertificate(certificate: CertificateView | Uint8Array | string): EcPublicKey {
  const view = typeof certificate === 'string' || certificate instanceof Uint8Array ? parseCertificate(certificate) : certificate;
  if (view.publicKey !== undefined) return view.publicKey;
  const bad = view.problems.find((p) => p.code === 'bad-public-key');
  if (bad) throw new CryptoKeyFormatError('point-not-on-curve', `certificate ${view.subject.text}: ${bad.detail}`);
  throw new CryptoKeyFormatError('unsupported-algorithm', `certificate ${view.subject.text}: key ${view.publicKeyAlgorithm}${view.curveOid ? ` on ${view.curveOid}` : ''} is not an uncompressed P-256 or brainpoolP256r1 point`);
}

/** A DER SEQUENCE whose first element is a SEQUENCE not starting with an OID: a certificate, not an SPKI. */
function isCertificateDer(der: Uint8Array): boolean {
  if (der.length < 4 || der[0] !== 0x30) return false;
  const r = newReader(der, { strict: false });
  hdr(r, 0, der.length);
  const first = r.s;
  if (first >= r.e || der[first] !== 0x30) return false;
  hdr(r, first, r.e);
  return r.s < r.e && der[r.s] !== 0x06;
}

/**
 * A verification key from a certificate (DER or PEM `CERTIFICATE`) or a SubjectPublicKeyInfo
 * (DER or PEM `PUBLIC KEY`), detected automatically. For a certificate, only its key is taken:
 * the certificate is not validated (use {@link validateChain} for that).
 *
 * @throws TypeError; CertificateParseError for a malformed certificate; CryptoKeyFormatError
 *   as `importPublicKey` and {@link publicKeyFromCertificate}.
 */
export function importVerificationKey(input: Uint8Array | string): EcPublicKey {
  if (typeof input === 'string') return input.includes('-----BEGIN CERTIFICATE-----') ? publicKeyFromCertificate(input) : importPublicKey(input);
  if (!(input instanceof Uint8Array)) throw new TypeError(`input: expected a Uint8Array or a string, got ${input === null ? 'null' : typeof input}`);
  if (looksLikePem(input)) return importVerificationKey(new TextDecoder('latin1').decode(input));
  return isCertificateDer(input) ? publicKeyFromCertificate(input) : importPublicKey(input);
}
