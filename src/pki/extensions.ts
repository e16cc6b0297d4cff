/**
 * The certificate extensions GSMA RSP certificates carry (RFC 5280 §4.2; GSMA usage in
 * certificates.md §3 and §5), read by one immutable table from extension OID to the generated
 * PKIX1Implicit88 codec of its value. An extension in the table is understood: the validator
 * applies its meaning, so it may be critical. Any other critical extension is refused.
 *
 * The one value no generated module defines is the SGP.22 v3 EUM `permittedEins` extension
 * (`SEQUENCE OF PrintableString`, certificates.md §5.3): it is read with the DER runtime's
 * header reader, the toolkit for hand-written decoders.
 *
 * @module
 */
import { bitNames } from '../der/bitstring.js';
import { Asn1DecodeError } from '../der/errors.js';
import { encodedBytesOf, hdr, newReader, rPrintable, type DecodeOptions } from '../der/reader.js';
import * as I from '../generated/PKIX1Implicit88.js';
import { nameView, type DistinguishedName } from './names.js';
import { OID_PERMITTED_EINS } from './roles.js';

/** Key usage names (RFC 5280 §4.2.1.3), in bit order, as the generated KeyUsage names them. */
export const KEY_USAGE_BITS = Object.freeze(Object.keys(I.KeyUsage.bits)) as readonly KeyUsage[];

/** One key usage name. */
export type KeyUsage = keyof typeof I.KeyUsage.bits;

/** basicConstraints (RFC 5280 §4.2.1.9). */
export interface BasicConstraints {
  readonly ca: boolean;
  /** pathLenConstraint, when present. */
  readonly pathLength: number | undefined;
}

/** A GeneralName (RFC 5280 §4.2.1.6) as the view shows it; forms GSMA does not use keep their DER. */
export type GeneralName =
  | { readonly type: 'directoryName'; readonly value: DistinguishedName }
  | { readonly type: 'dNSName'; readonly value: string }
  | { readonly type: 'uniformResourceIdentifier'; readonly value: string }
  | { readonly type: 'rfc822Name'; readonly value: string }
  | { readonly type: 'registeredID'; readonly value: string }
  | { readonly type: 'other'; readonly tag: number; readonly der: Uint8Array };

/** nameConstraints (RFC 5280 §4.2.1.10): the base name of each subtree. */
export interface NameConstraints {
  readonly permitted: readonly GeneralName[];
  readonly excluded: readonly GeneralName[];
}

/** The extension fields of a certificate view, filled by the table below. */
export interface ExtensionFields {
  subjectKeyIdentifier?: Uint8Array;
  authorityKeyIdentifier?: Uint8Array;
  keyUsage?: KeyUsage[];
  extendedKeyUsage?: string[];
  basicConstraints?: BasicConstraints;
  nameConstraints?: NameConstraints;
  subjectAltName?: GeneralName[];
  policies?: string[];
  permittedEins?: string[];
  crlDistributionPoints?: true;
}

/** What the table knows of one extension. */
export interface ExtensionEntry {
  /** The extension's name in the specification that defines it. */
  readonly name: string;
  /**
   * Decodes the extnValue with the generated codec and stores the result.
   * @throws Asn1DecodeError when the value does not decode.
   */
  readonly read: (value: Uint8Array, options: DecodeOptions, into: ExtensionFields) => void;
}

function generalNameView(g: I.GeneralName, options: DecodeOptions): GeneralName {
  switch (g.$case) {
    case 'directoryName':
      return { type: 'directoryName', value: nameView(g.value, encodedBytesOf(g.value) ?? new Uint8Array(0), options) };
    case 'dNSName':
    case 'uniformResourceIdentifier':
    case 'rfc822Name':
    case 'registeredID':
      return { type: g.$case, value: g.value };
    default: {
      const der = I.GeneralName.encode(g);
      return { type: 'other', tag: der[0] & 0x1f, der };
    }
  }
}

const subtreeBases = (subtrees: I.GeneralSubtrees | undefined, options: DecodeOptions): GeneralName[] =>
  (subtrees ?? []).map((s) => generalNameView(s.base, options));

/** permittedEins ::= SEQUENCE OF PrintableString (SGP.22 v3 EUM certificates; certificates.md §5.3). */
function decodePermittedEins(value: Uint8Array, options: DecodeOptions): string[] {
  const r = newReader(value, options);
  hdr(r, 0, value.length);
  if (r.t !== 0x30) throw new Asn1DecodeError('unexpected-tag', 0, 'permittedEins: expected SEQUENCE');
  const end = r.e;
  if (r.n !== value.length) throw new Asn1DecodeError('trailing-data', r.n, `permittedEins: ${value.length - r.n} bytes after the value`);
  const out: string[] = [];
  for (let p = r.s; p < end; p = r.n) {
    hdr(r, p, end);
    const tag: number = r.t;
    if (tag !== 0x13) throw new Asn1DecodeError('unexpected-tag', p, `permittedEins[${out.length}]: expected PrintableString`);
    out.push(rPrintable(r, r.s, r.e));
  }
  return out;
}

const keep = (options: DecodeOptions): DecodeOptions => ({ ...options, keepEncoded: true });

/**
 * Extension OID → codec. Frozen: the set of understood extensions is part of the validator's
 * contract, not something a caller can widen at run time.
 */
export const EXTENSIONS: Readonly<Record<string, ExtensionEntry>> = Object.freeze({
  [I.id_ce_subjectKeyIdentifier]: { name: 'subjectKeyIdentifier', read: (v, o, x) => void (x.subjectKeyIdentifier = I.SubjectKeyIdentifier.decode(v, o)) },
  [I.id_ce_authorityKeyIdentifier]: { name: 'authorityKeyIdentifier', read: (v, o, x) => void (x.authorityKeyIdentifier = I.AuthorityKeyIdentifier.decode(v, o).keyIdentifier) },
  [I.id_ce_keyUsage]: { name: 'keyUsage', read: (v, o, x) => void (x.keyUsage = bitNames(I.KeyUsage.decode(v, o), I.KeyUsage.bits).filter((b): b is KeyUsage => typeof b === 'string')) },
  [I.id_ce_extKeyUsage]: { name: 'extKeyUsage', read: (v, o, x) => void (x.extendedKeyUsage = [...I.ExtKeyUsageSyntax.decode(v, o)]) },
  [I.id_ce_basicConstraints]: {
    name: 'basicConstraints',
    read: (v, o, x) => {
      const bc = I.BasicConstraints.decode(v, o);
      x.basicConstraints = { ca: bc.cA === true, pathLength: bc.pathLenConstraint };
    },
  },
  [I.id_ce_nameConstraints]: {
    name: 'nameConstraints',
    read: (v, o, x) => {
      const nc = I.NameConstraints.decode(v, keep(o));
      x.nameConstraints = { permitted: subtreeBases(nc.permittedSubtrees, o), excluded: subtreeBases(nc.excludedSubtrees, o) };
    },
  },
  [I.id_ce_subjectAltName]: { name: 'subjectAltName', read: (v, o, x) => void (x.subjectAltName = I.SubjectAltName.decode(v, keep(o)).map((g) => generalNameView(g, o))) },
  [I.id_ce_certificatePolicies]: { name: 'certificatePolicies', read: (v, o, x) => void (x.policies = I.CertificatePolicies.decode(v, o).map((p) => p.policyIdentifier)) },
  // Informative only (revocation data comes from the caller, see validateChain's `crls`); it is
  // never critical in the GSMA profile, and is decoded so that a malformed one is reported.
  [I.id_ce_cRLDistributionPoints]: { name: 'cRLDistributionPoints', read: (v, o, x) => void (I.CRLDistributionPoints.decode(v, o), (x.crlDistributionPoints = true)) },
  [OID_PERMITTED_EINS]: { name: 'permittedEins', read: (v, o, x) => void (x.permittedEins = decodePermittedEins(v, o)) },
});

/** The name of an extension the table knows, else undefined. */
export function extensionName(oid: string): string | undefined {
  return Object.hasOwn(EXTENSIONS, oid) ? EXTENSIONS[oid].name : undefined;
}
