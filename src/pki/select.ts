/**
 * Choosing the CI: EUICCInfo1/2 carry `euiccCiPKIdListForVerification` and
 * `euiccCiPKIdListForSigning`, lists of CI Subject Key Identifiers; SGP.32 eIM configuration
 * pins one (`euiccCiPKId`), and ESipa carries a possibly truncated identifier
 * (certificates.md §4). These helpers match such identifiers against anchors and chains.
 *
 * Key identifiers are compared as given, never recomputed from the key (certificates.md §4.1).
 *
 * @module
 */
import { parseCertificate, type CertificateView } from './parse.js';
import { couldHaveIssued, type CertificateLike } from './validate.js';
import { tryReadHeader } from '../der/header.js';

/** Options of {@link selectCi}. */
export interface SelectCiOptions {
  /**
   * Accept an identifier that is a prefix of the CI's SKI (for the "possibly truncated"
   * euiccCiPKIdentifierToBeUsed of SGP.32 ESipa; certificates.md §4.5). Default false.
   */
  readonly allowTruncated?: boolean;
}

function toView(c: CertificateLike, name: string): CertificateView {
  if (typeof c === 'string' || c instanceof Uint8Array) return parseCertificate(c);
  if (typeof c === 'object' && c !== null && 'tbs' in c) return c;
  throw new TypeError(`${name}: expected a CertificateView, DER bytes or PEM text`);
}

/**
 * Unwraps a key identifier given as the DER `SubjectKeyIdentifier` OCTET STRING (`04 14 …`,
 * as in `euiccCiPKIdToBeUsed`) to its content; other inputs are returned unchanged.
 */
export function keyIdContent(keyId: Uint8Array): Uint8Array {
  if (keyId.length < 2 || keyId[0] !== 0x04) return keyId;
  // Only a whole OCTET STRING TLV in the short form is unwrapped; a raw identifier that
  // happens to start with 04 is not.
  const h = tryReadHeader(keyId, 0);
  return h !== undefined && h.headerLength === 2 && h.end === keyId.length ? keyId.subarray(2) : keyId;
}

function matches(ski: Uint8Array | undefined, id: Uint8Array, allowTruncated: boolean): boolean {
  if (ski === undefined || id.length === 0) return false;
  if (allowTruncated ? id.length > ski.length : id.length !== ski.length) return false;
  for (let i = 0; i < id.length; i++) if (ski[i] !== id[i]) return false;
  return true;
}

/**
 * Picks the CI to use from a list of CI key identifiers: the first identifier in list order
 * (the eUICC's preference) that some anchor's subjectKeyIdentifier equals.
 *
 * @param anchors - the CI certificates the caller trusts.
 * @param ciKeyIds - key identifiers from EUICCInfo1/2 (raw 20-byte values, or the DER
 *   `04 14 …` form).
 * @param options - `allowTruncated` to accept prefixes of an SKI.
 * @returns the chosen anchor and the identifier it matched, or undefined when none matches.
 * @throws TypeError for arguments of the wrong type; CertificateParseError for an anchor
 *   given as bytes that is not a certificate.
 * @example
 * ```ts
 * const ci = selectCi([ciNist, ciBrainpool], euiccInfo1.euiccCiPKIdListForSigning);
 * ci?.anchor.curve; // the curve the session will use
 * ```
 */
export function selectCi(
  anchors: readonly CertificateLike[],
  ciKeyIds: readonly Uint8Array[],
  options: SelectCiOptions = {},
): { readonly anchor: CertificateView; readonly keyId: Uint8Array } | undefined {
  if (!Array.isArray(anchors)) throw new TypeError('anchors: expected an array of certificates');
  if (!Array.isArray(ciKeyIds)) throw new TypeError('ciKeyIds: expected an array of Uint8Array');
  const views = anchors.map((a, i) => toView(a, `anchors[${i}]`));
  for (const [i, raw] of ciKeyIds.entries()) {
    if (!(raw instanceof Uint8Array)) throw new TypeError(`ciKeyIds[${i}]: expected a Uint8Array`);
    const id = keyIdContent(raw);
    const anchor = views.find((v) => matches(v.subjectKeyIdentifier, id, options.allowTruncated === true));
    if (anchor) return { anchor, keyId: id };
  }
  return undefined;
}

/**
 * The anchors that may have issued `cert`: same issuer name, and (when both are present)
 * authorityKeyIdentifier equal to the anchor's subjectKeyIdentifier. Signatures are not checked
 * here; {@link validateChain} does that.
 *
 * @param cert - the certificate the anchor should have issued (e.g. an EUM or DPauth certificate).
 * @param anchors - candidate anchors.
 * @returns matching anchors in the order given (possibly several: both SGP.26 test CIs share a name).
 */
export function findIssuers(cert: CertificateLike, anchors: readonly CertificateLike[]): CertificateView[] {
  const c = toView(cert, 'cert');
  if (!Array.isArray(anchors)) throw new TypeError('anchors: expected an array of certificates');
  return anchors.map((a, i) => toView(a, `anchors[${i}]`)).filter((a) => couldHaveIssued(a, c));
}

/**
 * Whether a certificate (e.g. CERT.DPauth) is issued by one of the CIs in a key identifier list,
 * judged by its authorityKeyIdentifier — the check an SM-DP+ makes against
 * euiccCiPKIdListForVerification (certificates.md §4.3) and an IPA makes against the eIM's
 * euiccCiPKId (§4.5).
 *
 * @returns the matching identifier, or undefined.
 */
export function issuedByKeyId(cert: CertificateLike, ciKeyIds: readonly Uint8Array[], options: SelectCiOptions = {}): Uint8Array | undefined {
  const c = toView(cert, 'cert');
  if (!Array.isArray(ciKeyIds)) throw new TypeError('ciKeyIds: expected an array of Uint8Array');
  for (const [i, raw] of ciKeyIds.entries()) {
    if (!(raw instanceof Uint8Array)) throw new TypeError(`ciKeyIds[${i}]: expected a Uint8Array`);
    const id = keyIdContent(raw);
    if (matches(c.authorityKeyIdentifier, id, options.allowTruncated === true)) return id;
  }
  return undefined;
}

/**
 * Encodes a certificate's subjectKeyIdentifier as the DER `SubjectKeyIdentifier` OCTET STRING
 * (`04 14 <20 bytes>`), the form of `euiccCiPKIdToBeUsed`.
 *
 * @throws RangeError when the certificate has no subjectKeyIdentifier (or one of 128+ bytes).
 */
export function subjectKeyIdentifierDer(cert: CertificateView): Uint8Array {
  const ski = cert.subjectKeyIdentifier;
  if (ski === undefined) throw new RangeError('cert: has no subjectKeyIdentifier extension');
  if (ski.length > 127) throw new RangeError(`cert: subjectKeyIdentifier of ${ski.length} bytes is too long`);
  const out = new Uint8Array(2 + ski.length);
  out[0] = 0x04;
  out[1] = ski.length;
  out.set(ski, 2);
  return out;
}
