/**
 * Certificate revocation lists (RFC 5280 §5) as GSMA RSP uses them: the CI publishes a CRL of
 * the certificates it issued (EUM, SM-DP+, SM-DS), an EUM one of its eUICCs (certificates.md
 * §6 step 7). Read with the generated `CertificateList` codec (TBS bytes kept as received);
 * the GSMA partial-CRL extensions (RSPDefinitions id-rsp-totalPartialCrlNumber,
 * id-rsp-partialCrlNumber) and the RFC 5280 ones are understood, any other critical extension
 * is a problem. Verification against an issuer and a time happens in {@link validateChain}.
 *
 * @module
 */
import type { Diagnostic } from '../der/errors.js';
import { Asn1DecodeError } from '../der/errors.js';
import { encodedBytesOf } from '../der/reader.js';
import { CertificateList } from '../generated/PKIX1Explicit88.js';
import * as I from '../generated/PKIX1Implicit88.js';
import { id_rsp_partialCrlNumber, id_rsp_totalPartialCrlNumber } from '../generated/RSPDefinitions.js';
import { CertificateParseError } from './errors.js';
import { nameView, type DistinguishedName } from './names.js';
import { certificateTimeValue, derItems, type CertificateProblem } from './parse.js';

/** One revoked certificate of a CRL. */
export interface RevokedEntry {
  readonly serialNumber: bigint;
  readonly revocationDate: Date;
  /** The CRLReason of the entry (RFC 5280 §5.3.1), when given. */
  readonly reason: string | undefined;
}

/** A parsed CRL. Plain data. */
export interface CrlView {
  readonly der: Uint8Array;
  /** 1 or 2. */
  readonly version: number;
  readonly issuer: DistinguishedName;
  readonly thisUpdate: Date;
  /** undefined when the CRL has no nextUpdate. */
  readonly nextUpdate: Date | undefined;
  readonly revoked: readonly RevokedEntry[];
  /** The cRLNumber extension, when present. */
  readonly crlNumber: bigint | undefined;
  /** The keyIdentifier of authorityKeyIdentifier, when present. */
  readonly authorityKeyIdentifier: Uint8Array | undefined;
  /** OIDs of the CRL extensions, in order. */
  readonly extensions: readonly { readonly oid: string; readonly critical: boolean }[];
  /** The tbsCertList exactly as encoded: the bytes the signature covers. */
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: string;
  /** The signature value (an ECDSA-Sig-Value in DER for ECDSA). */
  readonly signature: Uint8Array;
  /** What is wrong with the encoding (non-DER, malformed or unknown critical extensions, bad times). */
  readonly problems: readonly CertificateProblem[];
}

/** CRL (and CRL entry) extensions whose meaning is understood, so they may be critical. */
const KNOWN_CRL_EXTENSIONS: ReadonlySet<string> = /*@__PURE__*/ new Set([
  I.id_ce_cRLNumber,
  I.id_ce_authorityKeyIdentifier,
  I.id_ce_cRLReasons,
  I.id_ce_invalidityDate,
  id_rsp_totalPartialCrlNumber,
  id_rsp_partialCrlNumber,
]);

const CRL_LABELS = ['X509 CRL'];

/**
 * Parses one CRL (DER bytes, PEM text or PEM bytes with an `X509 CRL` block).
 *
 * @returns the view; encoding problems are listed in `problems`, and {@link validateChain}
 *   refuses a CRL that has any.
 * @throws TypeError for a wrong argument type; CertificateParseError `empty-input`,
 *   `invalid-pem`, or `not-a-certificate` for bytes that are not a CertificateList (the
 *   Asn1DecodeError as `cause`).
 * @example
 * ```ts
 * const crl = parseCrl(readFileSync('ci.crl'));
 * crl.revoked.map((r) => r.serialNumber);
 * ```
 */
export function parseCrl(input: Uint8Array | string): CrlView {
  const list = derItems(input, 'input', CRL_LABELS, 'X509 CRL');
  if (list.length !== 1) throw new CertificateParseError('invalid-pem', `expected one CRL, found ${list.length}`);
  const bytes = list[0];
  const diagnostics: Diagnostic[] = [];
  const options = { strict: false, diagnostics, keepEncoded: true };
  const problems: CertificateProblem[] = [];
  const problem = (code: CertificateProblem['code'], detail: string, offset?: number): void => void problems.push({ code, detail, offset });
  try {
    const crl = CertificateList.decode(bytes, options);
    const tbs = crl.tbsCertList;
    const time = (what: string, t: Parameters<typeof certificateTimeValue>[0]): Date => {
      const v = certificateTimeValue(t);
      if (v.problem) problem('bad-time', `${what}: ${v.problem}`);
      return v.date;
    };
    let crlNumber: bigint | undefined;
    let authorityKeyIdentifier: Uint8Array | undefined;
    const extensions = (tbs.crlExtensions ?? []).map((e) => ({ oid: e.extnID, critical: e.critical === true }));
    for (const e of tbs.crlExtensions ?? []) {
      if (e.critical === true && !KNOWN_CRL_EXTENSIONS.has(e.extnID)) problem('malformed-extension', `unknown critical CRL extension ${e.extnID}`);
      if (e.extnID === I.id_ce_cRLNumber) crlNumber = BigInt(I.CRLNumber.decode(e.extnValue, options));
      if (e.extnID === I.id_ce_authorityKeyIdentifier) authorityKeyIdentifier = I.AuthorityKeyIdentifier.decode(e.extnValue, options).keyIdentifier?.slice();
    }
    const revoked = (tbs.revokedCertificates ?? []).map((r, i) => {
      let reason: string | undefined;
      for (const e of r.crlEntryExtensions ?? []) {
        if (e.critical === true && !KNOWN_CRL_EXTENSIONS.has(e.extnID)) problem('malformed-extension', `revokedCertificates[${i}]: unknown critical entry extension ${e.extnID}`);
        if (e.extnID === I.id_ce_cRLReasons) reason = I.CRLReason.decode(e.extnValue, options);
      }
      return { serialNumber: r.userCertificate, revocationDate: time(`revokedCertificates[${i}].revocationDate`, r.revocationDate), reason };
    });
    for (const d of diagnostics) problem('non-der', `${d.detail} (${d.code})`, d.offset);
    const version = (tbs.version ?? 0) + 1;
    if (version > 2 || (version === 1 && tbs.crlExtensions !== undefined)) problem('bad-version', `CRL version v${version}${tbs.crlExtensions ? ' with extensions' : ''}`);
    return {
      der: bytes.slice(),
      version,
      issuer: nameView(tbs.issuer, encodedBytesOf(tbs.issuer)!, options),
      thisUpdate: time('thisUpdate', tbs.thisUpdate),
      nextUpdate: tbs.nextUpdate === undefined ? undefined : time('nextUpdate', tbs.nextUpdate),
      revoked,
      crlNumber,
      authorityKeyIdentifier,
      extensions,
      tbs: encodedBytesOf(tbs)!.slice(),
      signatureAlgorithm: crl.signatureAlgorithm.algorithm,
      signature: crl.signature.bytes.slice(),
      problems,
    };
  } catch (e) {
    if (e instanceof Asn1DecodeError) {
      throw new CertificateParseError('not-a-certificate', `not a CRL: ${e.path ? `${e.path}: ` : ''}${e.detail} (${e.code})`, e.offset, { cause: e });
    }
    throw e;
  }
}
