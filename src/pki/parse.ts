/**
 * Parsing X.509 certificates (RFC 5280 §4.1) into a GSMA-oriented view: role from the
 * certificate policies (certificates.md §2), EID of an eUICC (§5.1), the EUM's permitted EID
 * prefixes (§5.3), key identifiers (§4), and the exact signed bytes.
 *
 * One parser: the generated PKIX1Explicit88 `Certificate` codec reads the structure (the
 * tbsCertificate bytes kept as received), the extension table reads the extensions with the
 * generated PKIX1Implicit88 codecs, and `SubjectPublicKeyInfo` gives the key, whose point is
 * checked on its curve here. The certificate is read leniently, every deviation from DER
 * recorded as a problem, so a certificate received in BER can be shown; rules that the
 * encoding breaks (DER, version, serial number, times, key) are problems too, and
 * {@link validateChain} refuses a certificate with any problem.
 *
 * @module
 */
import type { Curve, EcPublicKey } from '../crypto/provider.js';
import { curveByOid } from '../crypto/curves.js';
import { publicKeyFromRaw } from '../crypto/keys.js';
import { ecdsaDerToRaw } from '../crypto/signature-form.js';
import { CryptoKeyFormatError, SignatureFormatError } from '../crypto/errors.js';
import { Asn1DecodeError, type Diagnostic } from '../der/errors.js';
import { encodedBytesOf, type DecodeOptions } from '../der/reader.js';
import { AttributeType as ObjectIdentifier, Certificate, type Time, id_at_serialNumber } from '../generated/PKIX1Explicit88.js';
import { bytesEqual } from './bytes.js';
import { toHex } from '../der/bytes.js';
import { CertificateParseError } from './errors.js';
import { EXTENSIONS, type BasicConstraints, type ExtensionFields, type GeneralName, type KeyUsage, type NameConstraints } from './extensions.js';
import { attributeValues, nameView, type DistinguishedName } from './names.js';
import { OID_EC_PUBLIC_KEY, OID_ECDSA_WITH_SHA256 } from './oids.js';
import { ROLE_POLICY_OIDS, type GsmaRole, type RoleVariant } from './roles.js';
import { readPem } from './pem.js';
import { peekTag, tagFields } from '../der/header.js';

export { OID_EC_PUBLIC_KEY, OID_ECDSA_WITH_SHA256 };

/** Why a parsed certificate is not acceptable as encoded (validation reports these first). */
export type CertificateProblemCode =
  /** A deviation from strict DER (X.690 §10, §11) accepted by the lenient reading. */
  | 'non-der'
  /** A known extension whose value does not decode. */
  | 'malformed-extension'
  /** The same extension OID appears twice (RFC 5280 §4.2). */
  | 'duplicate-extension'
  /** signatureAlgorithm differs from tbsCertificate.signature (RFC 5280 §4.1.1.2). */
  | 'algorithm-mismatch'
  /** An EC public key whose point is not on its curve, or not a valid point encoding (SEC 1 §2.3.4). */
  | 'bad-public-key'
  /** version above v3, or v1/v2 with extensions (v1 with unique identifiers) (RFC 5280 §4.1.2.1). */
  | 'bad-version'
  /** serialNumber zero, negative, or longer than 20 octets (RFC 5280 §4.1.2.2). */
  | 'bad-serial-number'
  /** A validity time that is not a real calendar instant, or in the wrong form for its year (RFC 5280 §4.1.2.5). */
  | 'bad-time';

/** One problem found while parsing. */
export interface CertificateProblem {
  readonly code: CertificateProblemCode;
  /** Absolute byte offset in the certificate, when the problem has one. */
  readonly offset: number | undefined;
  readonly detail: string;
}

/** One extension as found in the certificate. */
export interface ExtensionView {
  readonly oid: string;
  readonly critical: boolean;
  /** The extnValue OCTET STRING content (the DER of the extension value). */
  readonly value: Uint8Array;
  /** Whether the validator applies this extension's meaning. */
  readonly known: boolean;
  /** Its name, when known (e.g. `basicConstraints`). */
  readonly name: string | undefined;
}

/** subjectAltName entries. */
export interface SubjectAltNameView {
  /** registeredID entries (the SM-DP+ OID of DPauth/DPpb certificates, certificates.md §3). */
  readonly registeredIds: readonly string[];
  readonly dnsNames: readonly string[];
  readonly all: readonly GeneralName[];
}

/** The GSMA-relevant view of one certificate. Plain data; every byte array is a copy. */
export interface CertificateView {
  /** The bytes given for this certificate (trailing bytes included when there were any). */
  readonly der: Uint8Array;
  /** X.509 version: 1, 2 or 3 (higher when the field says so; see `problems`). */
  readonly version: number;
  readonly serialNumber: bigint;
  /** Serial number as lower-case hex of its minimal unsigned magnitude. */
  readonly serialNumberHex: string;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  /** notBefore; an Invalid Date when the encoded time is not a calendar instant (see `problems`). */
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The validity times as encoded (UTCTime or GeneralizedTime text). */
  readonly validityText: { readonly notBefore: string; readonly notAfter: string };
  /** SubjectPublicKeyInfo algorithm OID. */
  readonly publicKeyAlgorithm: string;
  /** namedCurve OID of an EC key. */
  readonly curveOid: string | undefined;
  /** The curve, when it is one GSMA RSP uses. */
  readonly curve: Curve | undefined;
  /** The public key, when it is an uncompressed point on a supported curve. */
  readonly publicKey: EcPublicKey | undefined;
  /** The SubjectPublicKeyInfo DER (as eimPublicKeyData carries it). */
  readonly subjectPublicKeyInfo: Uint8Array;
  readonly subjectKeyIdentifier: Uint8Array | undefined;
  /** keyIdentifier of the authorityKeyIdentifier extension. */
  readonly authorityKeyIdentifier: Uint8Array | undefined;
  readonly keyUsage: readonly KeyUsage[] | undefined;
  readonly extendedKeyUsage: readonly string[] | undefined;
  readonly basicConstraints: BasicConstraints | undefined;
  readonly nameConstraints: NameConstraints | undefined;
  readonly subjectAltName: SubjectAltNameView | undefined;
  /** Whether a cRLDistributionPoints extension is present (informative; CRLs are given by the caller). */
  readonly hasCrlDistributionPoints: boolean;
  /** certificatePolicies OIDs, in order. */
  readonly policies: readonly string[];
  /** The GSMA role its policies state; undefined when none or several different ones. */
  readonly role: GsmaRole | undefined;
  readonly roleVariant: RoleVariant | undefined;
  /** Every GSMA role the policies state (normally one). */
  readonly roles: readonly GsmaRole[];
  /**
   * The EID of an eUICC certificate: its subject serialNumber (certificates.md §5.1);
   * undefined when the subject has none, or more than one (see `eidCount`).
   */
  readonly eid: string | undefined;
  /** How many serialNumber attributes the subject has (an eUICC must have exactly one). */
  readonly eidCount: number;
  /**
   * EID prefixes this (EUM) certificate permits: the serialNumber of each permitted
   * directoryName in nameConstraints plus the entries of the v3 permittedEins extension
   * (certificates.md §5.3). Undefined when the certificate expresses no range.
   */
  readonly permittedEidPrefixes: readonly string[] | undefined;
  readonly extensions: readonly ExtensionView[];
  /** OIDs of critical extensions this library does not apply. */
  readonly unknownCriticalExtensions: readonly string[];
  /** The tbsCertificate TLV exactly as encoded: the bytes the signature covers. */
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: string;
  /** tbsCertificate.signature algorithm OID. */
  readonly tbsSignatureAlgorithm: string;
  /** The signature value: the BIT STRING content, an ECDSA-Sig-Value in DER for ECDSA. */
  readonly signature: Uint8Array;
  /** The signature as raw r‖s (64 bytes), when it is a well-formed ECDSA-Sig-Value. */
  readonly signatureRaw: Uint8Array | undefined;
  /** Each rule the encoding breaks (see {@link CertificateProblemCode}); empty for a well-formed certificate. */
  readonly problems: readonly CertificateProblem[];
}

/** What {@link parseCertificate} and {@link parseCertificates} accept. */
export type CertificateInput = Uint8Array | string;

const CERTIFICATE_LABELS = ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE'];

/**
 * Decodes every certificate block of a PEM text (other labels, e.g. keys, are skipped).
 *
 * @throws CertificateParseError `invalid-pem` for unbalanced armour or bad base64,
 *   `empty-input` when the text has no certificate block.
 */
export function pemToDer(text: string): Uint8Array[] {
  return readPem(text, CERTIFICATE_LABELS, 'CERTIFICATE');
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

/** Whether bytes look like PEM text (leading whitespace allowed). */
export function looksLikePem(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x2d && bytes[i + 1] === 0x2d;
}

/** DER items of an input: the PEM blocks with one of `labels`, or the bytes themselves. */
export function derItems(input: Uint8Array | string, argName: string, labels: readonly string[], what: string): Uint8Array[] {
  if (typeof input === 'string') return readPem(input, labels, what);
  if (!(input instanceof Uint8Array)) {
    throw new TypeError(`${argName}: expected a Uint8Array (DER) or a string (PEM), got ${input === null ? 'null' : typeof input}`);
  }
  if (input.length === 0) throw new CertificateParseError('empty-input', 'zero bytes');
  if (looksLikePem(input)) return readPem(latin1(input), labels, what);
  return [input];
}

/**
 * Restores the universal SEQUENCE tag of a certificate carried with an implicit context tag
 * in an RSP message (e.g. `eumCertificate [5]` → `A5 …`, `eimCertificate [1]` → `A1 …`;
 * certificates.md §9). The length is unchanged, and the certificate's signature covers only
 * tbsCertificate, so the re-tagged bytes parse and verify as the original certificate.
 *
 * @param bytes - the tagged TLV; a plain certificate (`30 …`) is returned as is.
 * @returns a copy with `0x30` as its first byte (or `bytes` itself when it already starts with 0x30).
 * @throws TypeError if `bytes` is not a Uint8Array; RangeError if it does not start with a
 *   constructed context tag of number 0..30 or a SEQUENCE.
 * @example
 * ```ts
 * const eum = parseCertificate(retagCertificate(ipaEuiccDataEumCertificateTlv));
 * ```
 */
export function retagCertificate(bytes: Uint8Array): Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes: expected a Uint8Array');
  if (bytes.length > 0 && bytes[0] === 0x30) return bytes;
  const tag = peekTag(bytes);
  const f = tag === undefined ? undefined : tagFields(tag);
  if (f === undefined || tag! > 0xff || f.tagClass !== 'context' || !f.constructed) {
    throw new RangeError(`bytes: expected a constructed context tag (A0..BE) or SEQUENCE (30), got ${bytes.length ? `0x${toHex(bytes.subarray(0, 1))}` : 'no bytes'}`);
  }
  const out = bytes.slice();
  out[0] = 0x30;
  return out;
}

/**
 * Parses one certificate (DER bytes, PEM text, or PEM bytes) into its GSMA view.
 *
 * Only input that is not a certificate at all throws. A certificate with BER lengths, a
 * malformed extension, a point off its curve or an impossible date still yields a view, with
 * `problems` saying what is wrong; {@link validateChain} refuses such certificates.
 *
 * @param input - DER bytes, or PEM (string or bytes) holding exactly one certificate.
 * @returns the view.
 * @throws TypeError for an argument of the wrong type; CertificateParseError `empty-input`,
 *   `invalid-pem` (also for a PEM text with several certificates) or `not-a-certificate`
 *   (with the Asn1DecodeError, its offset and path, as `cause`).
 * @example
 * ```ts
 * const eum = parseCertificate(derBytes);
 * eum.role;                  // 'eum'
 * eum.permittedEidPrefixes;  // ['89049032']
 * ```
 */
export function parseCertificate(input: CertificateInput): CertificateView {
  const list = derItems(input, 'input', CERTIFICATE_LABELS, 'CERTIFICATE');
  if (list.length !== 1) {
    throw new CertificateParseError('invalid-pem', `expected one certificate, found ${list.length}; use parseCertificates`);
  }
  return parseDer(list[0]);
}

/**
 * Parses a list of certificates: concatenated PEM blocks, or concatenated DER certificates,
 * in the order given.
 *
 * @param input - PEM text/bytes, or DER bytes of one or more certificates back to back.
 * @returns one view per certificate.
 * @throws TypeError for an argument of the wrong type; CertificateParseError as
 *   {@link parseCertificate}, `not-a-certificate` also for bytes between or after DER
 *   certificates that do not form a certificate.
 */
export function parseCertificates(input: CertificateInput): CertificateView[] {
  const list = derItems(input, 'input', CERTIFICATE_LABELS, 'CERTIFICATE');
  if (typeof input !== 'string' && list.length === 1 && list[0] === input) {
    const out: CertificateView[] = [];
    for (let p = 0; p < input.length; ) {
      const view = parseDer(input.subarray(p), p, false);
      out.push(view);
      p += view.der.length;
    }
    return out;
  }
  return list.map((der) => parseDer(der));
}

/** The lenient reading: BER accepted, each deviation recorded. */
function lenient(diagnostics: Diagnostic[]): DecodeOptions {
  return { strict: false, diagnostics, keepEncoded: true };
}

function notACertificate(e: unknown, base: number): never {
  if (e instanceof Asn1DecodeError) {
    throw new CertificateParseError('not-a-certificate', `${e.path ? `${e.path}: ` : ''}${e.detail} (${e.code})`, base + e.offset, { cause: e });
  }
  throw e;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The instant of a certificate Time, and whether it breaks RFC 5280 §4.1.2.5: UTCTime
 * (YYMMDDHHMMSSZ, YY ≥ 50 meaning 19YY) through 2049, GeneralizedTime (YYYYMMDDHHMMSSZ, no
 * fraction) from 2050, each field a real calendar value.
 */
export function certificateTimeValue(t: Time): { readonly date: Date; readonly problem: string | undefined } {
  const utc = t.$case === 'utcTime';
  const m = (utc ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/ : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/).exec(t.value);
  if (m === null) return { date: new Date(Number.NaN), problem: `${utc ? 'UTCTime' : 'GeneralizedTime'} "${t.value}" is not in the form RFC 5280 §4.1.2.5 requires` };
  const [yy, mo, d, h, mi, s] = m.slice(1).map(Number);
  const year = utc ? (yy >= 50 ? 1900 + yy : 2000 + yy) : yy;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = mo === 2 && leap ? 29 : DAYS[mo - 1];
  if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || s > 59) {
    return { date: new Date(Number.NaN), problem: `"${t.value}" is not a calendar instant` };
  }
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  date.setUTCFullYear(year);
  if (!utc && year < 2050) return { date, problem: `GeneralizedTime "${t.value}" for a year before 2050, where RFC 5280 §4.1.2.5 requires UTCTime` };
  return { date, problem: undefined };
}

/** Octets of the minimal two's-complement encoding of `n`. */
function integerOctets(n: bigint): number {
  const bits = (n < 0n ? -n - 1n : n).toString(2).length;
  return n === 0n ? 1 : Math.floor(bits / 8) + 1;
}

/**
 * Parses one certificate from DER (or BER) bytes. `base` is the offset of `input` in the
 * caller's bytes (for error offsets). With `trailingIsProblem` (one certificate given) bytes
 * after the certificate are a problem and part of `der`; without (parseCertificates), the
 * next certificate starts there and `der` is only this certificate's TLV.
 */
function parseDer(input: Uint8Array, base = 0, trailingIsProblem = true): CertificateView {
  const diagnostics: Diagnostic[] = [];
  const options = lenient(diagnostics);
  let cert: Certificate;
  try {
    cert = Certificate.decode(input, { ...options, allowTrailing: true });
  } catch (e) {
    notACertificate(e, base);
  }
  const own = encodedBytesOf(cert)!;
  const der = (trailingIsProblem ? input : own).slice();
  const tbs = cert.tbsCertificate;
  const problems: CertificateProblem[] = [];
  const problem = (code: CertificateProblemCode, detail: string, offset?: number): void => void problems.push({ code, offset, detail });
  if (trailingIsProblem && own.length < input.length) problem('non-der', `${input.length - own.length} bytes after the certificate (trailing-data)`, base + own.length);

  let issuer: DistinguishedName;
  let subject: DistinguishedName;
  try {
    issuer = nameView(tbs.issuer, encodedBytesOf(tbs.issuer)!, options);
    subject = nameView(tbs.subject, encodedBytesOf(tbs.subject)!, options);
  } catch (e) {
    notACertificate(e, base);
  }

  // Version (RFC 5280 §4.1.2.1): v3 when extensions are present, v2 at least with unique
  // identifiers, and nothing above v3.
  const version = (tbs.version ?? 0) + 1;
  if (version > 3) problem('bad-version', `version field ${version - 1} (v${version}) is above v3`);
  else if (tbs.extensions !== undefined && version !== 3) problem('bad-version', `v${version} certificate with extensions (RFC 5280 requires v3)`);
  else if ((tbs.issuerUniqueID !== undefined || tbs.subjectUniqueID !== undefined) && version === 1) problem('bad-version', 'v1 certificate with unique identifiers');

  // Serial number (RFC 5280 §4.1.2.2): positive, at most 20 octets.
  const serialNumber = tbs.serialNumber;
  if (serialNumber <= 0n) problem('bad-serial-number', `serialNumber ${serialNumber} is not positive`);
  const serialOctets = integerOctets(serialNumber);
  if (serialOctets > 20) problem('bad-serial-number', `serialNumber has ${serialOctets} octets (at most 20)`);

  const nb = certificateTimeValue(tbs.validity.notBefore);
  const na = certificateTimeValue(tbs.validity.notAfter);
  if (nb.problem) problem('bad-time', `notBefore: ${nb.problem}`);
  if (na.problem) problem('bad-time', `notAfter: ${na.problem}`);

  // Key: id-ecPublicKey with a named curve, an uncompressed point on that curve.
  const spki = tbs.subjectPublicKeyInfo;
  const publicKeyAlgorithm = spki.algorithm.algorithm;
  let curveOid: string | undefined;
  if (publicKeyAlgorithm === OID_EC_PUBLIC_KEY && spki.algorithm.parameters?.[0] === 0x06) {
    try {
      curveOid = ObjectIdentifier.decode(spki.algorithm.parameters, options);
    } catch (e) {
      notACertificate(e, base);
    }
  }
  const curveInfo = curveOid === undefined ? undefined : curveByOid(curveOid);
  const point = spki.subjectPublicKey.bytes;
  let publicKey: EcPublicKey | undefined;
  if (curveInfo && spki.subjectPublicKey.unusedBits === 0 && point.length === 65 && point[0] === 0x04) {
    try {
      publicKey = publicKeyFromRaw(curveInfo.curve, point.slice());
    } catch (e) {
      if (!(e instanceof CryptoKeyFormatError)) throw e;
      problem('bad-public-key', `subjectPublicKey: ${e.message}`);
    }
  }

  const signatureAlgorithm = cert.signatureAlgorithm.algorithm;
  const tbsSignatureAlgorithm = tbs.signature.algorithm;
  if (signatureAlgorithm !== tbsSignatureAlgorithm || !bytesEqual(cert.signatureAlgorithm.parameters ?? new Uint8Array(0), tbs.signature.parameters ?? new Uint8Array(0))) {
    problem('algorithm-mismatch', 'signatureAlgorithm differs from tbsCertificate.signature');
  }
  const signature = cert.signature.bytes.slice();
  let signatureRaw: Uint8Array | undefined;
  if (signatureAlgorithm === OID_ECDSA_WITH_SHA256 && cert.signature.unusedBits === 0) {
    try {
      signatureRaw = ecdsaDerToRaw(signature);
    } catch (e) {
      if (!(e instanceof SignatureFormatError)) throw e;
      signatureRaw = undefined;
    }
  }

  // Extensions, through the table.
  const fields: ExtensionFields = {};
  const extensions: ExtensionView[] = [];
  const seen = new Set<string>();
  for (const e of tbs.extensions ?? []) {
    const oid = e.extnID;
    const entry = Object.hasOwn(EXTENSIONS, oid) ? EXTENSIONS[oid] : undefined;
    extensions.push({ oid, critical: e.critical === true, value: e.extnValue.slice(), known: entry !== undefined, name: entry?.name });
    if (seen.has(oid)) {
      problem('duplicate-extension', `extension ${oid} appears more than once`);
      continue;
    }
    seen.add(oid);
    if (entry === undefined) continue;
    const extDiagnostics: Diagnostic[] = [];
    try {
      entry.read(e.extnValue, { strict: false, diagnostics: extDiagnostics }, fields);
    } catch (err) {
      if (!(err instanceof Asn1DecodeError)) throw err;
      problem('malformed-extension', `extension ${entry.name} (${oid}): ${err.message}`);
      continue;
    }
    for (const d of extDiagnostics) problem('malformed-extension', `extension ${entry.name} (${oid}) is not DER: ${d.detail} (${d.code})`);
  }
  for (const d of diagnostics) problem('non-der', `${d.detail} (${d.code})`, base + d.offset);

  const policies = fields.policies ?? [];
  const roleEntries = policies.flatMap((p) => (Object.hasOwn(ROLE_POLICY_OIDS, p) ? [ROLE_POLICY_OIDS[p]] : []));
  const roles = [...new Set(roleEntries.map((r) => r.role))];
  const role = roles.length === 1 ? roles[0] : undefined;
  const roleVariant = role === undefined ? undefined : roleEntries[0].variant;

  const serialNumbers = attributeValues(subject, id_at_serialNumber);
  const eid = role === 'euicc' && serialNumbers.length === 1 ? serialNumbers[0] : undefined;

  let permittedEidPrefixes: string[] | undefined;
  const fromConstraints = (fields.nameConstraints?.permitted ?? []).flatMap((g) =>
    g.type === 'directoryName' ? attributeValues(g.value, id_at_serialNumber).filter((v): v is string => v !== undefined) : [],
  );
  if (fromConstraints.length > 0 || fields.permittedEins !== undefined) {
    permittedEidPrefixes = [...fromConstraints, ...(fields.permittedEins ?? [])];
  }
  const san = fields.subjectAltName;

  return {
    der,
    version,
    serialNumber,
    serialNumberHex: serialNumber < 0n ? `-${(-serialNumber).toString(16)}` : serialNumber.toString(16),
    issuer,
    subject,
    notBefore: nb.date,
    notAfter: na.date,
    validityText: { notBefore: tbs.validity.notBefore.value, notAfter: tbs.validity.notAfter.value },
    publicKeyAlgorithm,
    curveOid,
    curve: curveInfo?.curve,
    publicKey,
    subjectPublicKeyInfo: encodedBytesOf(spki)!.slice(),
    subjectKeyIdentifier: fields.subjectKeyIdentifier?.slice(),
    authorityKeyIdentifier: fields.authorityKeyIdentifier?.slice(),
    keyUsage: fields.keyUsage,
    extendedKeyUsage: fields.extendedKeyUsage,
    basicConstraints: fields.basicConstraints,
    nameConstraints: fields.nameConstraints,
    subjectAltName: san === undefined ? undefined : {
      registeredIds: san.flatMap((g) => (g.type === 'registeredID' ? [g.value] : [])),
      dnsNames: san.flatMap((g) => (g.type === 'dNSName' ? [g.value] : [])),
      all: san,
    },
    hasCrlDistributionPoints: fields.crlDistributionPoints === true,
    policies,
    role,
    roleVariant,
    roles,
    eid,
    eidCount: serialNumbers.length,
    permittedEidPrefixes,
    extensions,
    unknownCriticalExtensions: extensions.filter((e) => e.critical && !e.known).map((e) => e.oid),
    tbs: encodedBytesOf(tbs)!.slice(),
    signatureAlgorithm,
    tbsSignatureAlgorithm,
    signature,
    signatureRaw,
    problems,
  };
}

