/** Certificates for the `sgp32 cert` tests, generated at test time with test/pki/build.ts. */
import { runCert } from '../../src/cli/cert.js';
import { nobleProvider as provider } from '../../src/crypto/noble.js';
import type { Curve } from '../../src/crypto/provider.js';
import { concat } from '../support/bytes.js';
import { AT, ROLE, base, ciExtensions, dpExtensions, eidWithCheckDigits, eumExtensions, euiccExtensions, makeCert, party } from '../pki/build.js';

export const EID = eidWithCheckDigits('890490321234512345123456789012');

/** DER bytes to PEM text (64-column base64). */
export function toPem(der: Uint8Array): string {
  let bin = '';
  for (const b of der) bin += String.fromCharCode(b);
  const b64 = btoa(bin).replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`;
}

/** Runs `sgp32 cert` in-process over in-memory files; a name not in `files` reads as ENOENT. */
export async function runCertOn(files: ReadonlyMap<string, Uint8Array>, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCert(args, {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readFile: async (p) => {
      const f = files.get(p);
      if (!f) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return f;
    },
  });
  return { code, out, err };
}

/** A CI → EUM → eUICC chain plus a DPauth certificate, an expired eUICC and an out-of-range one. */
export function makeCertSet(ciCurve: Curve, eumCurve: Curve, euiccCurve: Curve) {
  const ci = party(provider, ciCurve, 'CI');
  const eum = party(provider, eumCurve, 'EUM');
  const euicc = party(provider, euiccCurve, 'eUICC', [[AT.serialNumber, EID]]);
  const outsider = party(provider, euiccCurve, 'eUICC', [[AT.serialNumber, eidWithCheckDigits('890490991234512345123456789012')]]);
  const dp = party(provider, ciCurve, 'TEST SM-DP+');
  const euiccCert = makeCert(provider, base(3, eum, euicc, euiccExtensions(euicc, eum)));
  // The outer length written with a superfluous leading zero octet: BER, not DER.
  const berEuicc = concat(Uint8Array.of(0x30, 0x83, 0x00, euiccCert[2], euiccCert[3]), euiccCert.subarray(4));
  return {
    ci: makeCert(provider, base(1, ci, ci, ciExtensions(ci))),
    eum: makeCert(provider, base(2, ci, eum, eumExtensions(eum, ci))),
    euicc: euiccCert,
    euiccExpired: makeCert(provider, base(4, eum, euicc, euiccExtensions(euicc, eum), { notAfter: new Date('2025-06-30T23:59:59Z') })),
    euiccOutside: makeCert(provider, base(5, eum, outsider, euiccExtensions(outsider, eum))),
    euiccTrailing: concat(euiccCert, Uint8Array.of(0x00, 0x00)),
    euiccBer: berEuicc,
    dpAuth: makeCert(provider, base(6, ci, dp, dpExtensions(dp, ci, ROLE.dpAuth))),
  };
}
