/**
 * Issuing certificates and CRLs: a TBSCertificate (RFC 5280 §4.1.2) or TBSCertList (§5.1.2)
 * value is encoded once with the generated PKIX codec, signed with the issuer's private key
 * (ecdsa-with-SHA256, the only signature algorithm of GSMA RSP, SGP.22 §2.6.5 / RFC 5758 §3.2)
 * through a {@link CryptoProvider}, and wrapped as `Certificate` / `CertificateList` with the
 * same generated encoder. The signature is in the X.509 form (`ECDSA-Sig-Value`, RFC 5480 §2.2).
 *
 * These are the building blocks of a test PKI (the SGP.26 hierarchy CI → EUM → eUICC, CI →
 * SM-DP+) and of negative tests: any field of the value can be altered and re-signed, so the
 * altered field is the only defect of the result.
 *
 * @module
 */
import type { CryptoProvider, EcPrivateKey, EcPublicKey } from '../crypto/provider.js';
import { nobleProvider } from '../crypto/noble.js';
import { assertPublicKey } from '../crypto/curves.js';
import { spkiDer } from '../crypto/key-der.js';
import {
  Certificate as CertificateCodec,
  CertificateList as CertificateListCodec,
  SubjectPublicKeyInfo as SubjectPublicKeyInfoCodec,
  TBSCertList as TBSCertListCodec,
  TBSCertificate as TBSCertificateCodec,
  type AlgorithmIdentifier,
  type Extension,
  type SubjectPublicKeyInfo,
  type TBSCertList,
  type TBSCertificate,
  type Time,
} from '../generated/PKIX1Explicit88.js';
import type { BitString } from '../der/bitstring.js';
import { OID_ECDSA_WITH_SHA256 } from './oids.js';

/** The AlgorithmIdentifier of ecdsa-with-SHA256: parameters absent (RFC 5758 §3.2). */
export const ECDSA_WITH_SHA256: AlgorithmIdentifier = Object.freeze({ algorithm: OID_ECDSA_WITH_SHA256 });

function checkAlgorithm(alg: AlgorithmIdentifier | undefined, where: string): void {
  if (alg === undefined || alg.algorithm !== OID_ECDSA_WITH_SHA256 || alg.parameters !== undefined) {
    throw new RangeError(`${where}: expected ecdsa-with-SHA256 (${OID_ECDSA_WITH_SHA256}) without parameters, got ${alg?.algorithm ?? 'nothing'}`);
  }
}

/** Checks the arguments, encodes the TBS value once and signs those bytes (DER form). */
function signTbs<T extends { readonly signature: AlgorithmIdentifier }>(
  tbs: T,
  typeName: string,
  encode: (value: T) => Uint8Array,
  issuerKey: EcPrivateKey,
  provider: CryptoProvider,
): BitString {
  if (typeof tbs !== 'object' || tbs === null) throw new TypeError(`tbs: expected a ${typeName} value`);
  checkAlgorithm(tbs.signature, 'tbs.signature');
  if (typeof issuerKey !== 'object' || issuerKey === null || issuerKey.kind !== 'private') throw new TypeError('issuerKey: expected an EcPrivateKey');
  return { bytes: provider.ecdsaSign(issuerKey, encode(tbs), 'der'), unusedBits: 0 };
}

/**
 * Encodes `tbs` with the generated `TBSCertificate` encoder, signs those bytes with
 * `issuerKey` (ECDSA with SHA-256, DER signature form) and returns the DER of the
 * `Certificate { tbsCertificate, signatureAlgorithm = tbs.signature, signature }`.
 *
 * Nothing in `tbs` is checked beyond what the encoder checks and the signature algorithm: a
 * certificate that breaks a profile rule can be issued on purpose (negative tests).
 *
 * @param tbs - the TBSCertificate value; `tbs.signature` must be {@link ECDSA_WITH_SHA256}.
 * @param issuerKey - the issuer's private key (the subject's own key for a self-signed root).
 * @param provider - the crypto provider that signs (default: the pure-JS provider).
 * @returns the certificate DER.
 * @throws TypeError for a missing key; RangeError when `tbs.signature` is not
 *   ecdsa-with-SHA256; Asn1EncodeError (`missing-component`, `bad-value`, …) when `tbs` does
 *   not encode.
 * @example
 * ```ts
 * const der = issueCertificate({
 *   version: 2, serialNumber: 1n, signature: ECDSA_WITH_SHA256,
 *   issuer: ciName, subject: ciName,
 *   validity: { notBefore: certificateTime(new Date()), notAfter: certificateTime(new Date('2055-01-01')) },
 *   subjectPublicKeyInfo: subjectPublicKeyInfoOf(ci.publicKey),
 *   extensions: [...],
 * }, ci.privateKey, provider);
 * ```
 */
export function issueCertificate(tbs: TBSCertificate, issuerKey: EcPrivateKey, provider: CryptoProvider = nobleProvider): Uint8Array {
  const signature = signTbs(tbs, 'TBSCertificate', TBSCertificateCodec.encode, issuerKey, provider);
  return CertificateCodec.encode({ tbsCertificate: tbs, signatureAlgorithm: tbs.signature, signature });
}

/**
 * Encodes and signs a CRL (RFC 5280 §5.1) the same way as {@link issueCertificate}.
 *
 * @param tbs - the TBSCertList value; `tbs.signature` must be {@link ECDSA_WITH_SHA256}.
 * @param issuerKey - the CRL issuer's private key (for GSMA CRLs, the CI's).
 * @param provider - the crypto provider that signs (default: the pure-JS provider).
 * @returns the CertificateList DER.
 * @throws as {@link issueCertificate}.
 * @example
 * ```ts
 * const crl = issueCrl({ version: 1, signature: ECDSA_WITH_SHA256, issuer: ciName,
 *   thisUpdate: certificateTime(now), nextUpdate: certificateTime(nextWeek),
 *   revokedCertificates: [{ userCertificate: 7n, revocationDate: certificateTime(now) }] }, ci.privateKey);
 * ```
 */
export function issueCrl(tbs: TBSCertList, issuerKey: EcPrivateKey, provider: CryptoProvider = nobleProvider): Uint8Array {
  const signature = signTbs(tbs, 'TBSCertList', TBSCertListCodec.encode, issuerKey, provider);
  return CertificateListCodec.encode({ tbsCertList: tbs, signatureAlgorithm: tbs.signature, signature });
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * The X.509 `Time` of a date, in the form RFC 5280 §4.1.2.5 requires: UTCTime
 * (`YYMMDDHHMMSSZ`) for years 1950 through 2049, GeneralizedTime (`YYYYMMDDHHMMSSZ`) from
 * 2050. Milliseconds are dropped.
 *
 * @throws TypeError for an invalid Date; RangeError for a year outside 1950..9999 (neither
 *   form can carry it).
 * @example
 * ```ts
 * certificateTime(new Date('2055-01-01T00:00:00Z')); // { $case: 'generalTime', value: '20550101000000Z' }
 * ```
 */
export function certificateTime(date: Date): Time {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new TypeError('date: expected a valid Date');
  const y = date.getUTCFullYear();
  if (y < 1950 || y > 9999) throw new RangeError(`date: year ${y} is outside 1950..9999`);
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return y < 2050 ? { $case: 'utcTime', value: `${pad(y % 100)}${rest}` } : { $case: 'generalTime', value: `${pad(y, 4)}${rest}` };
}

/**
 * The SubjectPublicKeyInfo value of an EC public key: id-ecPublicKey with the named curve
 * (RFC 5480 §2.1.1), the point as given (normally uncompressed).
 *
 * @throws TypeError/RangeError when `key` is not a valid public key of a supported curve.
 */
export function subjectPublicKeyInfoOf(key: EcPublicKey): SubjectPublicKeyInfo {
  assertPublicKey(key, 'key');
  return SubjectPublicKeyInfoCodec.decode(spkiDer(key.curve, key.point));
}

/**
 * An Extension value (RFC 5280 §4.1.2.9) from an extension codec and its value, e.g.
 * `extensionOf(id_ce_basicConstraints, BasicConstraints, { cA: true }, true)`. DER omits
 * `critical` when it is FALSE (its DEFAULT), so a non-critical extension leaves it out.
 *
 * @param oid - extnID.
 * @param codec - the generated codec of the extension's value type.
 * @param value - the value to encode into extnValue.
 * @param critical - whether the extension is critical.
 * @throws Asn1EncodeError when `value` does not encode.
 */
export function extensionOf<T>(oid: string, codec: { encode(value: T): Uint8Array }, value: T, critical = false): Extension {
  const extnValue = codec.encode(value);
  return critical ? { extnID: oid, critical: true, extnValue } : { extnID: oid, extnValue };
}

