/**
 * A JSON-safe rendering of a certificate view, for command-line output, logs and browser tools:
 * byte strings as lower-case hex, times as ISO 8601, the serial number as hex.
 *
 * @module
 */
import type { CertificateView } from './parse.js';
import type { GeneralName } from './extensions.js';
import { toHex } from '../der/bytes.js';

/** JSON-safe summary of a certificate (see {@link certificateSummary}). */
export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  /** ISO 8601, or the encoded text when it is not a calendar instant. */
  readonly notBefore: string;
  readonly notAfter: string;
  readonly curve: string | null;
  readonly publicKey: string | null;
  readonly subjectKeyIdentifier: string | null;
  readonly authorityKeyIdentifier: string | null;
  readonly role: string | null;
  readonly roleVariant: string | null;
  readonly policies: readonly string[];
  readonly keyUsage: readonly string[] | null;
  readonly extendedKeyUsage: readonly string[] | null;
  readonly basicConstraints: { readonly ca: boolean; readonly pathLength: number | null } | null;
  readonly subjectAltName: readonly string[] | null;
  readonly eid: string | null;
  readonly permittedEidPrefixes: readonly string[] | null;
  readonly extensions: readonly { readonly oid: string; readonly name: string | null; readonly critical: boolean; readonly known: boolean }[];
  readonly unknownCriticalExtensions: readonly string[];
  readonly signatureAlgorithm: string;
  readonly problems: readonly { readonly code: string; readonly offset: number | null; readonly detail: string }[];
}

function hex(b: Uint8Array | undefined): string | null {
  return b === undefined ? null : toHex(b);
}

function generalName(g: GeneralName): string {
  switch (g.type) {
    case 'dNSName':
      return `DNS:${g.value}`;
    case 'uniformResourceIdentifier':
      return `URI:${g.value}`;
    case 'registeredID':
      return `RID:${g.value}`;
    case 'rfc822Name':
      return `email:${g.value}`;
    case 'directoryName':
      return `DirName:${g.value.text}`;
    case 'other':
      return `[${g.tag}]:${hex(g.der)}`;
  }
}

/**
 * Summarises a certificate view as plain JSON-compatible data (no bigint, Date or Uint8Array).
 *
 * @param view - a parsed certificate.
 * @returns the summary; `JSON.stringify` works on it directly.
 * @example
 * ```ts
 * console.log(JSON.stringify(certificateSummary(parseCertificate(der)), null, 2));
 * ```
 */
export function certificateSummary(view: CertificateView): CertificateSummary {
  return {
    subject: view.subject.text,
    issuer: view.issuer.text,
    serialNumber: view.serialNumberHex,
    notBefore: Number.isNaN(view.notBefore.getTime()) ? view.validityText.notBefore : view.notBefore.toISOString(),
    notAfter: Number.isNaN(view.notAfter.getTime()) ? view.validityText.notAfter : view.notAfter.toISOString(),
    curve: view.curve ?? view.curveOid ?? null,
    publicKey: hex(view.publicKey?.point),
    subjectKeyIdentifier: hex(view.subjectKeyIdentifier),
    authorityKeyIdentifier: hex(view.authorityKeyIdentifier),
    role: view.role ?? null,
    roleVariant: view.roleVariant ?? null,
    policies: view.policies,
    keyUsage: view.keyUsage ?? null,
    extendedKeyUsage: view.extendedKeyUsage ?? null,
    basicConstraints: view.basicConstraints ? { ca: view.basicConstraints.ca, pathLength: view.basicConstraints.pathLength ?? null } : null,
    subjectAltName: view.subjectAltName ? view.subjectAltName.all.map(generalName) : null,
    eid: view.eid ?? null,
    permittedEidPrefixes: view.permittedEidPrefixes ?? null,
    extensions: view.extensions.map((e) => ({ oid: e.oid, name: e.name ?? null, critical: e.critical, known: e.known })),
    unknownCriticalExtensions: view.unknownCriticalExtensions,
    signatureAlgorithm: view.signatureAlgorithm,
    problems: view.problems.map((p) => ({ code: p.code, offset: p.offset ?? null, detail: p.detail })),
  };
}
