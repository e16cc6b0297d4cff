/**
 * Decoders of the X.509 extension values that matter for GSMA RSP certificates
 * (RFC 5280 §4.2; GSMA usage in certificates.md §3 and §5). Each returns the decoded value or
 * a string describing why the value is malformed; none throws.
 *
 * @module
 */
import { decodeName, decodeOid, decodeString, type DistinguishedName } from './asn1-values.js';
import { OID_PERMITTED_EINS } from './roles.js';
import { childrenOf, derProblems, isProblem, readTlv, type Tlv } from './tlv.js';

/** OIDs of the extensions the validator understands. */
export const EXT = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extendedKeyUsage: '2.5.29.37',
  permittedEins: OID_PERMITTED_EINS,
} as const;

/**
 * Extensions whose meaning this library applies during validation, so they may be critical.
 * cRLDistributionPoints is only informative here (revocation is the caller's business) and is
 * never critical in the GSMA profile; it is listed so that its presence is not reported.
 */
export const KNOWN_EXTENSIONS: ReadonlySet<string> = /*@__PURE__*/ new Set<string>(Object.values(EXT));

/** Key usage bits (RFC 5280 §4.2.1.3), in bit order. */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

/** One key usage name. */
export type KeyUsage = (typeof KEY_USAGE_BITS)[number];

/** basicConstraints (RFC 5280 §4.2.1.9). */
export interface BasicConstraints {
  readonly ca: boolean;
  /** pathLenConstraint, when present. */
  readonly pathLength: number | undefined;
}

/** A GeneralName as far as GSMA certificates use them; other forms keep their raw TLV. */
export type GeneralName =
  | { readonly type: 'directoryName'; readonly value: DistinguishedName }
  | { readonly type: 'dNSName'; readonly value: string }
  | { readonly type: 'uniformResourceIdentifier'; readonly value: string }
  | { readonly type: 'registeredID'; readonly value: string }
  | { readonly type: 'other'; readonly tag: number; readonly der: Uint8Array };

/** nameConstraints (RFC 5280 §4.2.1.10): the base name of each subtree. */
export interface NameConstraints {
  readonly permitted: readonly GeneralName[];
  readonly excluded: readonly GeneralName[];
}

type Result<T> = T | { readonly malformed: string };

function bad(detail: string): { malformed: string } {
  return { malformed: detail };
}

/** Whether a decoder result is the malformed marker. */
export function isMalformed<T>(r: Result<T>): r is { readonly malformed: string } {
  return typeof r === 'object' && r !== null && !(r instanceof Uint8Array) && !Array.isArray(r) && 'malformed' in r;
}

function single(value: Uint8Array): Tlv | { malformed: string } {
  const t = readTlv(value, 0);
  if (isProblem(t)) return bad(t.detail);
  if (t.end !== value.length) return bad(`${value.length - t.end} bytes after the value`);
  const p = derProblems(value);
  if (p.length > 0) return bad(`not DER: ${p[0].detail}`);
  return t;
}

function isUniversal(t: Tlv, tag: number, constructed: boolean): boolean {
  return t.tagClass === 0 && t.tagNumber === tag && t.constructed === constructed;
}

function kids(value: Uint8Array, t: Tlv): Tlv[] | { malformed: string } {
  const c = childrenOf(value, t);
  return isProblem(c) ? bad(c.detail) : c;
}

/** The components of an extension value that must be one DER SEQUENCE. */
function sequenceItems(value: Uint8Array): Tlv[] | { malformed: string } {
  const t = single(value);
  if (isMalformed(t)) return t;
  if (!isUniversal(t, 16, true)) return bad('expected SEQUENCE');
  return kids(value, t);
}

/** Each component through `item`, the first malformed one ending the walk. */
function eachItem<T>(items: readonly Tlv[], item: (t: Tlv) => Result<T>): Result<T[]> {
  const out: T[] = [];
  for (const c of items) {
    const x = item(c);
    if (isMalformed(x)) return x;
    out.push(x);
  }
  return out;
}

/** `SEQUENCE OF item` as the whole extension value. */
function sequenceOf<T>(value: Uint8Array, item: (t: Tlv) => Result<T>): Result<T[]> {
  const k = sequenceItems(value);
  return isMalformed(k) ? k : eachItem(k, item);
}

/** SubjectKeyIdentifier ::= OCTET STRING. */
export function decodeSubjectKeyIdentifier(value: Uint8Array): Result<Uint8Array> {
  const t = single(value);
  if (isMalformed(t)) return t;
  if (!isUniversal(t, 4, false)) return bad('expected OCTET STRING');
  return value.slice(t.contentStart, t.contentEnd);
}

/** AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, … }. */
export function decodeAuthorityKeyIdentifier(value: Uint8Array): Result<Uint8Array | undefined> {
  const k = sequenceItems(value);
  if (isMalformed(k)) return k;
  const keyId = k.find((c) => c.tagClass === 2 && c.tagNumber === 0);
  if (keyId === undefined) return undefined;
  if (keyId.constructed) return bad('keyIdentifier must be primitive');
  return value.slice(keyId.contentStart, keyId.contentEnd);
}

/** KeyUsage ::= BIT STRING. */
export function decodeKeyUsage(value: Uint8Array): Result<KeyUsage[]> {
  const t = single(value);
  if (isMalformed(t)) return t;
  if (!isUniversal(t, 3, false) || t.contentEnd - t.contentStart < 1) return bad('expected BIT STRING');
  const out: KeyUsage[] = [];
  const bits = value.subarray(t.contentStart + 1, t.contentEnd);
  KEY_USAGE_BITS.forEach((name, i) => {
    const byte = bits[i >> 3];
    if (byte !== undefined && (byte & (0x80 >> (i & 7))) !== 0) out.push(name);
  });
  return out;
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }. */
export function decodeBasicConstraints(value: Uint8Array): Result<BasicConstraints> {
  const k = sequenceItems(value);
  if (isMalformed(k)) return k;
  let ca = false;
  let pathLength: number | undefined;
  let i = 0;
  if (k[i] && isUniversal(k[i], 1, false)) {
    ca = value[k[i].contentStart] !== 0;
    if (!ca) return bad('cA FALSE encoded although it is the DEFAULT (X.690 §11.5)');
    i++;
  }
  if (k[i] && isUniversal(k[i], 2, false)) {
    const c = value.subarray(k[i].contentStart, k[i].contentEnd);
    if (c.length > 4 || (c[0] & 0x80) !== 0) return bad('pathLenConstraint out of range');
    pathLength = 0;
    for (const b of c) pathLength = pathLength * 256 + b;
    i++;
  }
  if (i !== k.length) return bad('unexpected component');
  return { ca, pathLength };
}

function decodeOidTlv(value: Uint8Array, t: Tlv): string | undefined {
  if (!isUniversal(t, 6, false)) return undefined;
  return decodeOid(value.subarray(t.contentStart, t.contentEnd));
}

/** certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation; returns the policy OIDs. */
export function decodeCertificatePolicies(value: Uint8Array): Result<string[]> {
  const k = sequenceItems(value);
  if (isMalformed(k)) return k;
  if (k.length === 0) return bad('empty certificatePolicies');
  return eachItem<string>(k, (pi) => {
    if (!isUniversal(pi, 16, true)) return bad('PolicyInformation: expected SEQUENCE');
    const parts = kids(value, pi);
    if (isMalformed(parts)) return parts;
    return (parts[0] ? decodeOidTlv(value, parts[0]) : undefined) ?? bad('PolicyInformation: bad policyIdentifier');
  });
}

/** ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId. */
export function decodeExtendedKeyUsage(value: Uint8Array): Result<string[]> {
  return sequenceOf<string>(value, (c) => decodeOidTlv(value, c) ?? bad('KeyPurposeId: expected OBJECT IDENTIFIER'));
}

function decodeGeneralName(value: Uint8Array, t: Tlv): Result<GeneralName> {
  if (t.tagClass !== 2) return bad('GeneralName: expected a context tag');
  const content = value.subarray(t.contentStart, t.contentEnd);
  switch (t.tagNumber) {
    case 2:
    case 6: {
      if (t.constructed) return bad('GeneralName: IA5String must be primitive');
      const s = String.fromCharCode(...content);
      return t.tagNumber === 2 ? { type: 'dNSName', value: s } : { type: 'uniformResourceIdentifier', value: s };
    }
    case 4: {
      if (!t.constructed) return bad('directoryName must be constructed');
      const inner = kids(value, t);
      if (isMalformed(inner)) return inner;
      if (inner.length !== 1) return bad('directoryName: expected one Name');
      const name = decodeName(value, inner[0]);
      return name === undefined ? bad('directoryName: bad Name') : { type: 'directoryName', value: name };
    }
    case 8: {
      const oid = t.constructed ? undefined : decodeOid(content);
      return oid === undefined ? bad('registeredID: bad OBJECT IDENTIFIER') : { type: 'registeredID', value: oid };
    }
    default:
      return { type: 'other', tag: t.tagNumber, der: value.slice(t.start, t.end) };
  }
}

/** SubjectAltName ::= GeneralNames. */
export function decodeSubjectAltName(value: Uint8Array): Result<GeneralName[]> {
  return sequenceOf(value, (c) => decodeGeneralName(value, c));
}

/** NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL, excludedSubtrees [1] … }. */
export function decodeNameConstraints(value: Uint8Array): Result<NameConstraints> {
  const k = sequenceItems(value);
  if (isMalformed(k)) return k;
  const permitted: GeneralName[] = [];
  const excluded: GeneralName[] = [];
  for (const c of k) {
    if (c.tagClass !== 2 || (c.tagNumber !== 0 && c.tagNumber !== 1) || !c.constructed) return bad('unexpected component');
    const subtrees = kids(value, c);
    if (isMalformed(subtrees)) return subtrees;
    for (const st of subtrees) {
      if (!isUniversal(st, 16, true)) return bad('GeneralSubtree: expected SEQUENCE');
      const parts = kids(value, st);
      if (isMalformed(parts)) return parts;
      if (parts.length === 0) return bad('GeneralSubtree: missing base');
      const g = decodeGeneralName(value, parts[0]);
      if (isMalformed(g)) return g;
      (c.tagNumber === 0 ? permitted : excluded).push(g);
    }
  }
  return { permitted, excluded };
}

/** The v3 EUM permittedEins extension: `SEQUENCE OF PrintableString` (certificates.md §5.3). */
export function decodePermittedEins(value: Uint8Array): Result<string[]> {
  return sequenceOf<string>(value, (c) => decodeString(value, c) ?? bad('expected a character string'));
}
