/**
 * The library's codec, crypto, pki and BPP checks (test/browser/selftest/checks.ts) run inside a
 * page in real headless Chromium, brainpoolP256r1 included: built-in known answers (ESipa DER,
 * RFC 4493, RFC 7027, generated certificate chains, BPP build → open) plus the Wycheproof ECDSA
 * fixtures and, when ../shared/vectors is present, real messages, the SGP.26 chains and a
 * third-party BPP. The same checks run under Node for comparison; the page's encodings and
 * signatures are checked in Node (native provider); a corrupted vector shows that a failure is
 * reported.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { VECTORS_DIR } from '../support/vectors.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeProvider } from '../../src/crypto/node/index.js';
import { privateKeyFromRaw } from '../../src/crypto/keys.js';
import { esipaMessages } from '../inspect/capture-builder.js';
import { runSelfTest, type HexKeys, type SelfTestInput, type SelfTestReport, type WpFile } from './selftest/checks.js';
import { artifactPath, artifacts, haveChromium, launchChromium, repoRoot, serveDir, skipReason, toHex } from './harness.js';

if (!haveChromium) console.warn(skipReason);

const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (x) => parseInt(x, 16));
const vectors = VECTORS_DIR;
const haveVectors = ['messages', 'certs/sgp26', 'bsp/bpp_decode'].every((d) => existsSync(path.join(vectors, d)));

/** What the page gets: the Wycheproof fixtures and, when present, the shared real vectors. */
function selfTestInput(): SelfTestInput {
  const wpDir = path.join(repoRoot, 'test/fixtures/wycheproof');
  const wycheproof: WpFile[] = readdirSync(wpDir)
    .filter((f) => f.endsWith('_test.json'))
    .sort()
    .map((f) => ({ name: f, ...JSON.parse(readFileSync(path.join(wpDir, f), 'utf8')) }));
  if (!haveVectors) {
    console.warn(`${vectors} absent: real messages and SGP.26 chains are left out of the browser self-test`);
    return { wycheproof, messages: [], chains: [] };
  }
  const md = path.join(vectors, 'messages');
  const messages = readdirSync(md)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(md, f), 'utf8')) as { file: string; asn1Type: string })
    // A sidecar that says "as the field …" holds a component's encoding (its tag replaced), not a stand-alone value.
    .filter((j) => !/as the field/.test(j.asn1Type))
    .map((j) => ({ name: j.file, type: j.asn1Type.split(/[ ,]/)[0], hex: toHex(readFileSync(path.join(md, j.file))) }));
  const cert = (f: string) => toHex(readFileSync(path.join(vectors, 'certs', f)));
  const chains = ['NIST', 'BRP'].flatMap((c) => [
    { name: `SGP.26 ${c} CI → EUM → eUICC`, certs: [`sgp26/CI/CERT_CI_ECDSA_${c}.der`, `sgp26/EUM/CERT_EUM_ECDSA_${c}.der`, `sgp26/eUICC/CERT_EUICC_ECDSA_${c}.der`].map(cert), at: '2026-11-21T00:00:00Z' },
    { name: `SGP.26 ${c} CI → SM-DP+ auth`, certs: [`sgp26/CI/CERT_CI_ECDSA_${c}.der`, `sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_${c}.der`].map(cert), at: '2026-11-21T00:00:00Z' },
  ]);
  const bd = path.join(vectors, 'bsp/bpp_decode');
  const meta = JSON.parse(readFileSync(path.join(bd, 'bpp_decode.json'), 'utf8')) as { keys: { session: HexKeys; ppk: HexKeys } };
  const bpp = { name: 'bsp/bpp_decode/bpp.der', bpp: toHex(readFileSync(path.join(bd, 'bpp.der'))), session: meta.keys.session, ppk: meta.keys.ppk, upp: toHex(readFileSync(path.join(bd, 'upp_expected.der'))) };
  return { wycheproof, messages, chains, bpp };
}

describe.skipIf(!haveChromium)('library checks inside Chromium', () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let page: Page;
  const input = selfTestInput();

  beforeAll(async () => {
    const site = path.join(artifacts, 'site-selftest');
    mkdirSync(site, { recursive: true });
    await build({
      entryPoints: [path.join(repoRoot, 'test/browser/selftest/page.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: ['es2022'],
      outfile: path.join(site, 'selftest.js'),
      logLevel: 'warning',
    });
    writeFileSync(
      path.join(site, 'index.html'),
      '<!doctype html><meta charset="utf-8"><title>sgp32 self-test</title><style>body{font:13px system-ui}.good{color:#027a48}.bad{color:#c62828}</style><body><h1>sgp32 library checks in the browser</h1><div id="out">running…</div><script src="selftest.js"></script></body>',
    );
    server = await serveDir(site);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const runInPage = (data: SelfTestInput): Promise<SelfTestReport> => page.evaluate((d) => window.sgp32SelfTest!.run(d), data);

  let report: SelfTestReport;

  it('every codec, crypto (brainpool included), pki and BPP check passes in the page', async () => {
    report = await runInPage(input);
    await page.screenshot({ path: artifactPath('selftest.png'), fullPage: true });
    expect(report.results.filter((r) => !r.pass)).toEqual([]);
    expect(report.failed).toBe(0);
    const names = report.results.map((r) => r.name);
    // The groups and the vectors that must be there.
    expect(report.results.filter((r) => r.group === 'codec').length).toBeGreaterThanOrEqual(8 + input.messages.length);
    expect(names.filter((n) => n.startsWith('RFC 4493'))).toHaveLength(4);
    expect(names.filter((n) => n.startsWith('Wycheproof'))).toHaveLength(input.wycheproof.length);
    expect(names.filter((n) => /brainpool/i.test(n)).length).toBeGreaterThanOrEqual(4);
    expect(report.results.filter((r) => r.group === 'pki').length).toBe(3 + input.chains.length);
    expect(report.results.filter((r) => r.group === 'bpp').length).toBe(4 + (input.bpp ? 1 : 0));
    expect(input.wycheproof.map((w) => w.name)).toEqual(expect.arrayContaining([expect.stringContaining('brainpoolP256r1'), expect.stringContaining('secp256r1')]));
    expect(await page.textContent('#out h2')).toBe(`${report.passed} passed, 0 failed`);
  });

  it('gives the same verdicts as Node, the same encodings, and signatures the native provider accepts', async () => {
    const inPage = report ?? (await runInPage(input));
    const inNode = runSelfTest(input);
    expect(inPage.results.map((r) => [r.name, r.pass])).toEqual(inNode.results.map((r) => [r.name, r.pass]));
    const m = esipaMessages();
    for (const [k, v] of Object.entries(m)) expect(inPage.outputs.encodings[k], k).toBe(toHex(v));
    expect(inPage.outputs.signatures.map((s) => s.curve)).toEqual(['P-256', 'brainpoolP256r1']);
    for (const s of inPage.outputs.signatures) {
      const pub = nodeProvider.publicKeyOf(privateKeyFromRaw(s.curve, hex(s.d)));
      expect(nodeProvider.ecdsaVerify(pub, hex(s.message), hex(s.signature), 'raw'), s.curve).toBe(true);
    }
  });

  it('reports a failure when a vector is wrong (the harness can fail)', async () => {
    const wp = structuredClone(input.wycheproof[0]) as unknown as { name: string; testGroups: { tests: { result: string }[] }[] };
    const t = wp.testGroups[0].tests[0];
    t.result = t.result === 'valid' ? 'invalid' : 'valid';
    const report = await runInPage({ ...input, wycheproof: [wp as unknown as WpFile] });
    expect(report.failed).toBe(1);
    expect(report.results.find((r) => !r.pass)!.name).toBe(`Wycheproof ${wp.name}`);
  });
});
