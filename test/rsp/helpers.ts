/** Shared helpers of the rsp tests (no node:*, so the specs using them run in Chromium too). */
import { REPO_ROOT } from '../support/files.js';
import { concat, hex, toHex } from '../support/bytes.js';
import { VECTORS_DIR, hasVectors, vectorBytes, vectorText as vectorFileText, vectorsSkipLine } from '../support/vectors.js';

export { concat, hex, toHex };
export { providers } from '../support/providers.js';

export const repoRoot = REPO_ROOT;
/** The shared external vectors (outside the repository); may be absent. */
export const vectorsDir = VECTORS_DIR;
/** What the rsp signature suites need. */
export const NEEDED = ['signatures/real_capture.json', 'certs/sgp26', 'certs/eim'] as const;
export const haveVectors = hasVectors(...NEEDED);
export const skipMessage = vectorsSkipLine(...NEEDED);

/** Reads a file under ../shared/vectors. */
export function vector(rel: string): Uint8Array {
  return vectorBytes(rel);
}
export function vectorText(rel: string): string {
  return vectorFileText(rel);
}

/** The SGP.26 / sample eIM key material, by curve. */
export const CURVES = ['P-256', 'brainpoolP256r1'] as const;
export const sgp26 = {
  'P-256': { euiccKey: 'certs/sgp26/eUICC/SK_EUICC_ECDSA_NIST.pem', euiccCert: 'certs/sgp26/eUICC/CERT_EUICC_ECDSA_NIST.der', eimKey: 'certs/eim/sample_eim_cert_nist.key', eimCert: 'certs/eim/sample_eim_cert_nist.crt', dpAuthKey: 'certs/sgp26/DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem', dpAuthCert: 'certs/sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der', dpPbKey: 'certs/sgp26/DPpb/SK_S_SM_DPpb_ECDSA_NIST.pem', dpPbCert: 'certs/sgp26/DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der', eumCert: 'certs/sgp26/EUM/CERT_EUM_ECDSA_NIST.der' },
  brainpoolP256r1: { euiccKey: 'certs/sgp26/eUICC/SK_EUICC_ECDSA_BRP.pem', euiccCert: 'certs/sgp26/eUICC/CERT_EUICC_ECDSA_BRP.der', eimKey: 'certs/eim/sample_eim_cert_brainpool.key', eimCert: 'certs/eim/sample_eim_cert_brainpool.crt', dpAuthKey: 'certs/sgp26/DPauth/SK_S_SM_DPauth_ECDSA_BRP.pem', dpAuthCert: 'certs/sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der', dpPbKey: 'certs/sgp26/DPpb/SK_S_SM_DPpb_ECDSA_BRP.pem', dpPbCert: 'certs/sgp26/DPpb/CERT_S_SM_DPpb_ECDSA_BRP.der', eumCert: 'certs/sgp26/EUM/CERT_EUM_ECDSA_BRP.der' },
} as const;
