/**
 * Access to the external certificate vectors in ../shared/vectors/certs (never copied into the
 * repo); no node:*, so the specs using it run in Chromium too.
 */
import { hasVectors, vectorBytes, vectorJson, vectorPath } from '../support/vectors.js';

export const CERTS_DIR = vectorPath('certs');
export const HAVE_CERTS = hasVectors('certs/MANIFEST.json');
export const SKIP_MESSAGE = `external vectors absent: ${CERTS_DIR} (GSMA SGP.26 test certificates) — skipped`;

export interface ManifestCert {
  readonly file: string;
  readonly format: 'DER' | 'PEM';
  readonly sha256OfDer: string;
  readonly subject: string;
  readonly issuer: string;
  readonly serialHex: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly curve: string;
  readonly ski?: string;
  readonly aki?: string;
  readonly policyOids?: string[];
  readonly selfSigned: boolean;
  readonly expiredAsOf2026_11_21: boolean;
  readonly issuedBy: string[];
  readonly issues: string[];
}

export interface Manifest {
  readonly asOf: string;
  readonly certificates: ManifestCert[];
}

export function loadManifest(): Manifest {
  return vectorJson<Manifest>('certs', 'MANIFEST.json');
}

/** The file's bytes (DER or PEM as stored). */
export function readVector(file: string): Uint8Array {
  return vectorBytes('certs', file);
}
