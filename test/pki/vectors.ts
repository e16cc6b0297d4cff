/** Access to the external certificate vectors in ../shared/vectors/certs (never copied into the repo). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vectorPath } from '../support/vectors.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CERTS_DIR = vectorPath('certs');
export const HAVE_CERTS = existsSync(path.join(CERTS_DIR, 'MANIFEST.json'));
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
  return JSON.parse(readFileSync(path.join(CERTS_DIR, 'MANIFEST.json'), 'utf8')) as Manifest;
}

/** The file's bytes (DER or PEM as stored). */
export function readVector(file: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(CERTS_DIR, file)));
}
