/**
 * Parsing X.509 certificates (RFC 5280 §4.1) into a GSMA-oriented view: role from the
 * certificate policies (certificates.md §2), EID of an eUICC (§5.1), the EUM's permitted EID
 * prefixes (§5.3), key identifiers (§4), and the exact signed bytes.
 *
 * pkijs reads the certificate structure; a small TLV reader of our own locates the exact bytes
 * (tbsCertificate, names) and records every deviation from strict DER, so that a certificate
 * received in BER can be shown but is refused by validation. pkijs's crypto engine is never
 * used: signatures are checked through the {@link CryptoProvider} (WebCrypto lacks brainpool).
 *
 * @module
 */
import * as pkijs from 'pkijs';
import type { Curve, EcPublicKey } from '../crypto/provider.js';
import { curveByOid } from '../crypto/curves.js';
import { ecdsaDerToRaw } from '../crypto/signature-form.js';
import { SignatureFormatError } from '../crypto/errors.js';
import { decodeName, type DistinguishedName } from './asn1-values.js';
import { CertificateParseError } from './errors.js';
import {
  EXT,
  KNOWN_EXTENSIONS,
  decodeAuthorityKeyIdentifier,
  decodeBasicConstraints,
  decodeCertificatePolicies,
  decodeExtendedKeyUsage,
  decodeKeyUsage,
  decodeNameConstraints,
  decodePermittedEins,
  decodeSubjectAltName,
  decodeSubjectKeyIdentifier,
  isMalformed,
  type BasicConstraints,
  type GeneralName,
  type KeyUsage,
  type NameConstraints,
} from './extensions.js';
import { ROLE_POLICY_OIDS, type GsmaRole, type RoleVariant } from './roles.js';
import { childrenOf, derProblems, isProblem, readTlv, type DerProblemCode, type Tlv } from './tlv.js';

import { OID_EC_PUBLIC_KEY, OID_ECDSA_WITH_SHA256 } from './oids.js';

export { OID_EC_PUBLIC_KEY, OID_ECDSA_WITH_SHA256 };

/** Why a parsed certificate is not acceptable as encoded (validation reports these first). */
export type CertificateProblemCode =
  | DerProblemCode
  /** A known extension whose value does not decode. */
  | 'malformed-extension'
  /** The same extension OID appears twice (RFC 5280 §4.2). */
  | 'duplicate-extension'
  /** signatureAlgorithm differs from tbsCertificate.signature (RFC 5280 §4.1.1.2). */
  | 'algorithm-mismatch';

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
  /** X.509 version: 1, 2 or 3. */
  readonly version: number;
  readonly serialNumber: bigint;
  /** Serial number as lower-case hex of its minimal unsigned magnitude. */
  readonly serialNumberHex: string;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
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
  /** certificatePolicies OIDs, in order. */
  readonly policies: readonly string[];
  /** The GSMA role its policies state; undefined when none or several different ones. */
  readonly role: GsmaRole | undefined;
  readonly roleVariant: RoleVariant | undefined;
  /** Every GSMA role the policies state (normally one). */
  readonly roles: readonly GsmaRole[];
  /** The EID of an eUICC certificate: its subject serialNumber (certificates.md §5.1). */
  readonly eid: string | undefined;
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
  /** Deviations from strict DER and malformed extensions; empty for a well-formed certificate. */
  readonly problems: readonly CertificateProblem[];
}

/** What {@link parseCertificate} and {@link parseCertificates} accept. */
export type CertificateInput = Uint8Array | string;

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;
const PEM_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);

function decodeBase64(text: string, where: number): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    throw new CertificateParseError('invalid-pem', 'PEM body is not valid base64', where);
  }
  const bin = atob(clean);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Whether bytes look like PEM text (leading whitespace allowed). */
function looksLikePem(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x2d && bytes[i + 1] === 0x2d;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

/**
 * Decodes every certificate block of a PEM text (other labels, e.g. keys, are skipped).
 *
 * @throws CertificateParseError `invalid-pem` for unbalanced armour or bad base64,
 *   `empty-input` when the text has no certificate block.
 */
export function pemToDer(text: string): Uint8Array[] {
  if (typeof text !== 'string') throw new TypeError(`text: expected a string, got ${typeof text}`);
  const out: Uint8Array[] = [];
  let m: RegExpExecArray | null;
  PEM_BLOCK.lastIndex = 0;
  let seenBegin = 0;
  while ((m = PEM_BLOCK.exec(text)) !== null) {
    seenBegin++;
    if (m[1] !== m[3]) throw new CertificateParseError('invalid-pem', `PEM block "${m[1]}" ends with "${m[3]}"`, m.index);
    if (!PEM_LABELS.has(m[1])) continue;
    const body = m[2].split(/\r?\n/).filter((l) => !/^[A-Za-z-]+:/.test(l.trim())).join('');
    out.push(decodeBase64(body, m.index));
  }
  const begins = (text.match(/-----BEGIN /g) ?? []).length;
  if (begins !== seenBegin) throw new CertificateParseError('invalid-pem', 'unbalanced PEM armour (BEGIN without END)');
  if (out.length === 0) throw new CertificateParseError('empty-input', 'no CERTIFICATE block in the PEM text');
  return out;
}

function toDerList(input: CertificateInput, argName: string): Uint8Array[] {
  if (typeof input === 'string') return pemToDer(input);
  if (!(input instanceof Uint8Array)) {
    throw new TypeError(`${argName}: expected a Uint8Array (DER) or a string (PEM), got ${input === null ? 'null' : typeof input}`);
  }
  if (input.length === 0) throw new CertificateParseError('empty-input', 'zero bytes');
  if (looksLikePem(input)) return pemToDer(latin1(input));
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
  if (bytes.length === 0 || (bytes[0] & 0xe0) !== 0xa0 || (bytes[0] & 0x1f) === 0x1f) {
    throw new RangeError(`bytes: expected a constructed context tag (A0..BE) or SEQUENCE (30), got ${bytes.length ? `0x${bytes[0].toString(16)}` : 'no bytes'}`);
  }
  const out = bytes.slice();
  out[0] = 0x30;
  return out;
}

/**
 * Parses one certificate (DER bytes, PEM text, or PEM bytes) into its GSMA view.
 *
 * Only input that is not a certificate at all throws. A certificate with BER lengths,
 * trailing bytes or a malformed extension still yields a view, with `problems` saying what is
 * wrong; {@link validateChain} refuses such certificates.
 *
 * @param input - DER bytes, or PEM (string or bytes) holding exactly one certificate.
 * @returns the view.
 * @throws TypeError for an argument of the wrong type; CertificateParseError `empty-input`,
 *   `invalid-pem` (also for a PEM text with several certificates) or `not-a-certificate`.
 * @example
 * ```ts
 * const eum = parseCertificate(derBytes);
 * eum.role;                  // 'eum'
 * eum.permittedEidPrefixes;  // ['89049032']
 * ```
 */
export function parseCertificate(input: CertificateInput): CertificateView {
  const list = toDerList(input, 'input');
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
 *   {@link parseCertificate}, with `not-a-certificate` also for bytes between or after
 *   DER certificates that do not form a certificate.
 */
export function parseCertificates(input: CertificateInput): CertificateView[] {
  const list = toDerList(input, 'input');
  if (typeof input !== 'string' && list.length === 1 && list[0] === input) {
    const out: CertificateView[] = [];
    let p = 0;
    while (p < input.length) {
      const t = readTlv(input, p);
      if (isProblem(t)) throw new CertificateParseError('not-a-certificate', t.detail, t.offset);
      out.push(parseDer(input.subarray(p, t.end)));
      p = t.end;
    }
    return out;
  }
  return list.map(parseDer);
}

function fail(detail: string, offset?: number, cause?: unknown): never {
  throw new CertificateParseError('not-a-certificate', detail, offset, cause === undefined ? undefined : { cause });
}

function expectSeq(t: Tlv | undefined, what: string): Tlv {
  if (t === undefined || t.tagClass !== 0 || t.tagNumber !== 16 || !t.constructed) fail(`${what}: expected SEQUENCE`, t?.start);
  return t;
}

function oidFromPkijs(value: unknown): string | undefined {
  return typeof value === 'string' && /^[0-9]+(\.[0-9]+)+$/.test(value) ? value : undefined;
}

/**
 * DER forbids encoding a DEFAULT value (X.690 §11.5): version v1 written out, or an
 * extension's `critical FALSE`.
 */
function explicitDefaults(der: Uint8Array, tbsParts: readonly Tlv[]): CertificateProblem[] {
  const out: CertificateProblem[] = [];
  const first = tbsParts[0];
  if (first && first.tagClass === 2 && first.tagNumber === 0) {
    const v = childrenOf(der, first);
    if (!isProblem(v) && v.length === 1 && v[0].contentEnd - v[0].contentStart === 1 && der[v[0].contentStart] === 0) {
      out.push({ code: 'explicit-default', offset: first.start, detail: 'version v1 encoded although it is the DEFAULT' });
    }
  }
  const extsTlv = tbsParts.find((t) => t.tagClass === 2 && t.tagNumber === 3);
  const list = extsTlv ? childrenOf(der, extsTlv) : [];
  const exts = !isProblem(list) && list.length === 1 ? childrenOf(der, list[0]) : [];
  if (isProblem(exts)) return out;
  for (const e of exts) {
    const parts = childrenOf(der, e);
    if (isProblem(parts)) continue;
    const crit = parts[1];
    if (crit && crit.tagClass === 0 && crit.tagNumber === 1 && crit.contentEnd - crit.contentStart === 1 && der[crit.contentStart] === 0) {
      out.push({ code: 'explicit-default', offset: crit.start, detail: 'extension critical FALSE encoded although it is the DEFAULT' });
    }
  }
  return out;
}

/** Parses one certificate from DER (or BER) bytes. */
function parseDer(input: Uint8Array): CertificateView {
  const der = input.slice();
  const top = readTlv(der, 0);
  if (isProblem(top)) fail(top.detail, top.offset);
  const outer = expectSeq(top, 'Certificate');
  const parts = childrenOf(der, outer);
  if (isProblem(parts)) fail(parts.detail, parts.offset);
  if (parts.length !== 3) fail(`Certificate: expected 3 components, found ${parts.length}`, outer.start);
  const tbsTlv = expectSeq(parts[0], 'tbsCertificate');
  const tbsParts = childrenOf(der, tbsTlv);
  if (isProblem(tbsParts)) fail(tbsParts.detail, tbsParts.offset);
  const vIdx = tbsParts[0]?.tagClass === 2 && tbsParts[0].tagNumber === 0 ? 1 : 0;
  const issuerTlv = tbsParts[vIdx + 2];
  const subjectTlv = tbsParts[vIdx + 4];
  const spkiTlv = tbsParts[vIdx + 5];
  if (issuerTlv === undefined || subjectTlv === undefined || spkiTlv === undefined) fail('tbsCertificate: missing components', tbsTlv.start);
  const issuer = decodeName(der, issuerTlv);
  const subject = decodeName(der, subjectTlv);
  if (issuer === undefined) fail('tbsCertificate.issuer: not a Name', issuerTlv.start);
  if (subject === undefined) fail('tbsCertificate.subject: not a Name', subjectTlv.start);

  let cert: pkijs.Certificate;
  try {
    cert = pkijs.Certificate.fromBER(der.subarray(0, outer.end));
  } catch (cause) {
    fail('not an X.509 Certificate structure', 0, cause);
  }

  const problems: CertificateProblem[] = derProblems(der).map((p) => ({ code: p.code, offset: p.offset, detail: p.detail }));
  problems.push(...explicitDefaults(der, tbsParts));

  const serialBytes = cert.serialNumber.valueBlock.valueHexView;
  let serialNumber = 0n;
  for (const b of serialBytes) serialNumber = (serialNumber << 8n) | BigInt(b);
  if (serialBytes.length > 0 && serialBytes[0] & 0x80) serialNumber -= 1n << BigInt(8 * serialBytes.length);
  const notBefore = cert.notBefore.value;
  const notAfter = cert.notAfter.value;
  if (!(notBefore instanceof Date) || Number.isNaN(notBefore.getTime())) fail('validity.notBefore: not a valid time', tbsTlv.start);
  if (!(notAfter instanceof Date) || Number.isNaN(notAfter.getTime())) fail('validity.notAfter: not a valid time', tbsTlv.start);

  const spki = cert.subjectPublicKeyInfo;
  const publicKeyAlgorithm = oidFromPkijs(spki.algorithm.algorithmId) ?? fail('subjectPublicKeyInfo: bad algorithm', spkiTlv.start);
  let curveOid: string | undefined;
  const params = spki.algorithm.algorithmParams as { idBlock?: { tagClass?: number; tagNumber?: number }; valueBlock?: { toString(): string } } | undefined;
  if (publicKeyAlgorithm === OID_EC_PUBLIC_KEY && params?.idBlock?.tagClass === 1 && params.idBlock.tagNumber === 6 && params.valueBlock) {
    curveOid = oidFromPkijs(params.valueBlock.toString());
  }
  const curveInfo = curveOid === undefined ? undefined : curveByOid(curveOid);
  const keyBits = spki.subjectPublicKey.valueBlock;
  const point = keyBits.valueHexView;
  let publicKey: EcPublicKey | undefined;
  if (curveInfo && keyBits.unusedBits === 0 && point.length === 65 && point[0] === 0x04) {
    publicKey = { kind: 'public', curve: curveInfo.curve, point: point.slice() };
  }

  const signatureAlgorithm = oidFromPkijs(cert.signatureAlgorithm.algorithmId) ?? fail('signatureAlgorithm: bad OID', parts[1].start);
  const tbsSignatureAlgorithm = oidFromPkijs(cert.signature.algorithmId) ?? fail('tbsCertificate.signature: bad OID', tbsTlv.start);
  const sigAlgDer = der.subarray(parts[1].start, parts[1].end);
  const tbsSigTlv = tbsParts[vIdx + 1];
  const tbsSigAlgDer = tbsSigTlv ? der.subarray(tbsSigTlv.start, tbsSigTlv.end) : new Uint8Array(0);
  if (hex(sigAlgDer) !== hex(tbsSigAlgDer)) {
    problems.push({ code: 'algorithm-mismatch', offset: parts[1].start, detail: 'signatureAlgorithm differs from tbsCertificate.signature' });
  }
  const signature = cert.signatureValue.valueBlock.valueHexView.slice();
  let signatureRaw: Uint8Array | undefined;
  if (signatureAlgorithm === OID_ECDSA_WITH_SHA256 && cert.signatureValue.valueBlock.unusedBits === 0) {
    try {
      signatureRaw = ecdsaDerToRaw(signature);
    } catch (e) {
      if (!(e instanceof SignatureFormatError)) throw e;
      signatureRaw = undefined;
    }
  }

  const extensions: ExtensionView[] = [];
  const seen = new Set<string>();
  let subjectKeyIdentifier: Uint8Array | undefined;
  let authorityKeyIdentifier: Uint8Array | undefined;
  let keyUsage: KeyUsage[] | undefined;
  let extendedKeyUsage: string[] | undefined;
  let basicConstraints: BasicConstraints | undefined;
  let nameConstraints: NameConstraints | undefined;
  let subjectAltName: SubjectAltNameView | undefined;
  let policies: string[] = [];
  let permittedEins: string[] | undefined;
  for (const e of cert.extensions ?? []) {
    const oid = oidFromPkijs(e.extnID) ?? fail('extension: bad extnID', tbsTlv.start);
    const value = e.extnValue.valueBlock.valueHexView.slice();
    const known = KNOWN_EXTENSIONS.has(oid);
    extensions.push({ oid, critical: e.critical === true, value, known });
    if (seen.has(oid)) {
      problems.push({ code: 'duplicate-extension', offset: undefined, detail: `extension ${oid} appears more than once` });
      continue;
    }
    seen.add(oid);
    /** The decoded value, or undefined after recording why it is malformed. */
    const take = <T>(r: T | { readonly malformed: string }): T | undefined => {
      if (isMalformed(r)) {
        problems.push({ code: 'malformed-extension', offset: undefined, detail: `extension ${oid}: ${r.malformed}` });
        return undefined;
      }
      return r;
    };
    switch (oid) {
      case EXT.subjectKeyIdentifier:
        subjectKeyIdentifier = take(decodeSubjectKeyIdentifier(value));
        break;
      case EXT.authorityKeyIdentifier:
        authorityKeyIdentifier = take(decodeAuthorityKeyIdentifier(value));
        break;
      case EXT.keyUsage:
        keyUsage = take(decodeKeyUsage(value));
        break;
      case EXT.extendedKeyUsage:
        extendedKeyUsage = take(decodeExtendedKeyUsage(value));
        break;
      case EXT.basicConstraints:
        basicConstraints = take(decodeBasicConstraints(value));
        break;
      case EXT.nameConstraints:
        nameConstraints = take(decodeNameConstraints(value));
        break;
      case EXT.subjectAltName: {
        const all = take(decodeSubjectAltName(value));
        if (all) {
          subjectAltName = {
            registeredIds: all.flatMap((g) => (g.type === 'registeredID' ? [g.value] : [])),
            dnsNames: all.flatMap((g) => (g.type === 'dNSName' ? [g.value] : [])),
            all,
          };
        }
        break;
      }
      case EXT.certificatePolicies:
        policies = take(decodeCertificatePolicies(value)) ?? [];
        break;
      case EXT.permittedEins:
        permittedEins = take(decodePermittedEins(value));
        break;
      default:
        break;
    }
  }

  const roleEntries = policies.flatMap((p) => (ROLE_POLICY_OIDS[p] ? [ROLE_POLICY_OIDS[p]] : []));
  const roles = [...new Set(roleEntries.map((r) => r.role))];
  const role = roles.length === 1 ? roles[0] : undefined;
  const roleVariant = role === undefined ? undefined : roleEntries[0].variant;

  const serialNumberAttr = subject.rdns.flat().find((a) => a.type === '2.5.4.5')?.value;
  const eid = role === 'euicc' ? serialNumberAttr : undefined;

  let permittedEidPrefixes: string[] | undefined;
  const fromConstraints = (nameConstraints?.permitted ?? []).flatMap((g) =>
    g.type === 'directoryName' ? g.value.rdns.flat().filter((a) => a.type === '2.5.4.5' && a.value !== undefined).map((a) => a.value as string) : [],
  );
  if (fromConstraints.length > 0 || permittedEins !== undefined) {
    permittedEidPrefixes = [...fromConstraints, ...(permittedEins ?? [])];
  }

  return {
    der,
    version: cert.version + 1,
    serialNumber,
    serialNumberHex: serialNumber < 0n ? `-${(-serialNumber).toString(16)}` : serialNumber.toString(16),
    issuer,
    subject,
    notBefore,
    notAfter,
    publicKeyAlgorithm,
    curveOid,
    curve: curveInfo?.curve,
    publicKey,
    subjectPublicKeyInfo: der.slice(spkiTlv.start, spkiTlv.end),
    subjectKeyIdentifier,
    authorityKeyIdentifier,
    keyUsage,
    extendedKeyUsage,
    basicConstraints,
    nameConstraints,
    subjectAltName,
    policies,
    role,
    roleVariant,
    roles,
    eid,
    permittedEidPrefixes,
    extensions,
    unknownCriticalExtensions: extensions.filter((e) => e.critical && !e.known).map((e) => e.oid),
    tbs: der.slice(tbsTlv.start, tbsTlv.end),
    signatureAlgorithm,
    tbsSignatureAlgorithm,
    signature,
    signatureRaw,
    problems,
  };
}
