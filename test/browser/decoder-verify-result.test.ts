/**
 * The decoder page checks an eUICC's signature on an EuiccPackageResult with the eUICC
 * certificate, in real headless Chromium: a result signed here with the SGP.26 test eUICC key
 * (brainpoolP256r1 and P-256) is valid with its certificate and token; a wrong token, another
 * eUICC's certificate and a result whose signed bytes were altered are refused. The signed
 * error form (euiccSignEPE) goes through the same box. Needs ../shared/vectors (SGP.26 keys).
 */
import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecoderPage } from '../../scripts/build-web.mjs';
import { signEuiccPackageError, signEuiccPackageResult } from '../../src/rsp/euicc-package-result.js';
import { hasVectors, vectorBytes, vectorText, vectorsSkipLine } from '../support/vectors.js';
import { artifacts, haveChromium, launchChromium, serveDir, skipReason, toHex } from './harness.js';

if (!haveChromium) console.warn(skipReason);

const SGP26 = {
  'P-256': { key: 'certs/sgp26/eUICC/SK_EUICC_ECDSA_NIST.pem', cert: 'certs/sgp26/eUICC/CERT_EUICC_ECDSA_NIST.der' },
  brainpoolP256r1: { key: 'certs/sgp26/eUICC/SK_EUICC_ECDSA_BRP.pem', cert: 'certs/sgp26/eUICC/CERT_EUICC_ECDSA_BRP.der' },
} as const;
const NEEDED = Object.values(SGP26).flatMap((c) => [c.key, c.cert]);
const haveKeys = hasVectors(...NEEDED);
if (haveChromium && !haveKeys) console.warn(vectorsSkipLine(...NEEDED));

/** The certificate as the page takes it: PEM, made by node:crypto (not by this project). */
const pem = (der: Uint8Array) => new X509Certificate(der).toString();

describe.skipIf(!haveChromium || !haveKeys)('decoder page: EuiccPackageResult signature with the eUICC certificate', () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    const site = (await buildDecoderPage({ outDir: path.join(artifacts, 'site-verify-result') })).outDir;
    server = await serveDir(site);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Decodes `hex` in the page, then checks its signature with `cert` (PEM) and `token`; returns the verdict line. */
  async function check(hex: string, cert: string, token: string): Promise<string> {
    const before = await page.evaluate(() => document.body.dataset.request ?? '');
    await page.fill('#input', hex);
    await page.click('#decode');
    await page.waitForFunction((b) => {
      const d = document.body.dataset;
      return d.request !== undefined && d.request !== b && d.decoded === d.request;
    }, before);
    expect(await page.textContent('#status')).toMatch(/^detected and decoded SGP32Definitions\.EuiccPackageResult/);
    expect(await page.isVisible('#verify')).toBe(true);
    expect(await page.textContent('#verify-what')).toContain('the eUICC certificate');
    await page.fill('#verify-key', cert);
    await page.fill('#verify-token', token);
    await page.click('#verify-go');
    await page.waitForFunction(() => document.getElementById('verify-result')!.textContent !== '');
    return (await page.textContent('#verify-result')) ?? '';
  }

  it.each(Object.keys(SGP26) as (keyof typeof SGP26)[])('%s: valid with its certificate; a wrong token, another certificate and altered bytes are refused', async (curve) => {
    const key = vectorText(SGP26[curve].key);
    const cert = pem(vectorBytes(SGP26[curve].cert));
    const other = pem(vectorBytes(SGP26[curve === 'P-256' ? 'brainpoolP256r1' : 'P-256'].cert));
    const { bytes } = signEuiccPackageResult({
      euiccPackageResultDataSigned: { eimId: 'eim.example', counterValue: 7, seqNumber: 3, euiccResult: [{ $case: 'enableResult', value: 0 }] },
      privateKey: key,
      associationToken: 11,
    });
    const hex = toHex(bytes);
    expect(await check(hex, cert, '11')).toBe('valid: signature valid over the bytes received');
    expect(await check(hex, cert, '12')).toMatch(/^invalid: bad-signature/);
    expect(await check(hex, other, '11')).toMatch(/^invalid: bad-signature/);
    // counterValue (81 01 07 inside the signed data) changed to 8: still decodes, no longer signed.
    const at = hex.indexOf('810107') / 2;
    expect(at).toBeGreaterThan(0);
    const altered = bytes.slice();
    altered[at + 2] = 8;
    expect(await check(toHex(altered), cert, '11')).toMatch(/^invalid: bad-signature/);

    const error = signEuiccPackageError({ euiccPackageErrorDataSigned: { eimId: 'eim.example', counterValue: 8, euiccPackageErrorCode: 4 }, privateKey: key, associationToken: 11 });
    expect(await check(toHex(error.bytes), cert, '11')).toBe('valid: signature valid over the bytes received');
    expect(await check(toHex(error.bytes), cert, '10')).toMatch(/^invalid: bad-signature/);
    expect(errors).toEqual([]);
  });
});
