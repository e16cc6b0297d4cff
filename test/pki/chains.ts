/** Sample chains shared by the robustness suites: generated (both curves, mixed) and SGP.26. */
import { nobleProvider as provider } from '../../src/crypto/noble.js';
import type { Curve } from '../../src/crypto/provider.js';
import { AT, NOW, base, ciExtensions, eidWithCheckDigits, eumExtensions, euiccExtensions, makeCert, party } from './build.js';
import { HAVE_CERTS, readVector } from './vectors.js';

/** Issuer-first chain with the anchor first: [ci, eum, euicc] (anchor given inside the chain). */
export function generatedChain(ciCurve: Curve, eumCurve: Curve, euiccCurve: Curve): Uint8Array[] {
  const ci = party(provider, ciCurve, 'CI');
  const eum = party(provider, eumCurve, 'EUM');
  const euicc = party(provider, euiccCurve, 'eUICC', [[AT.serialNumber, eidWithCheckDigits('890490321234512345123456789012')]]);
  return [
    makeCert(provider, base(1, ci, ci, ciExtensions(ci))),
    makeCert(provider, base(2, ci, eum, eumExtensions(eum, ci))),
    makeCert(provider, base(3, eum, euicc, euiccExtensions(euicc, eum))),
  ];
}

export const chains: [string, Uint8Array[], Date][] = [
  ['generated NIST', generatedChain('P-256', 'P-256', 'P-256'), NOW],
  ['generated brainpool', generatedChain('brainpoolP256r1', 'brainpoolP256r1', 'brainpoolP256r1'), NOW],
  ['generated mixed', generatedChain('P-256', 'brainpoolP256r1', 'P-256'), NOW],
];
if (HAVE_CERTS) {
  for (const c of ['NIST', 'BRP']) {
    chains.push([
      `SGP.26 ${c}`,
      [`sgp26/CI/CERT_CI_ECDSA_${c}.der`, `sgp26/EUM/CERT_EUM_ECDSA_${c}.der`, `sgp26/eUICC/CERT_EUICC_ECDSA_${c}.der`].map(readVector),
      NOW,
    ]);
    chains.push([`SGP.26 ${c} DPauth`, [`sgp26/CI/CERT_CI_ECDSA_${c}.der`, `sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_${c}.der`].map(readVector), NOW]);
  }
}

