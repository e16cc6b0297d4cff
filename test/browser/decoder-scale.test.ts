/**
 * The decoder page at scale and its tools, in real headless Chromium: a 1.2 MB profile loads
 * without freezing the page (only the rows in view are in the DOM) and a node deep in it is
 * found by search; expand/collapse, depth, filter, copy; a partial tree for truncated input;
 * typing re-decodes and an empty box clears; the certificate panel (fingerprint checked with
 * node:crypto); the eIM signature checked in the page (SGP.26 sample eIM key, when
 * ../shared/vectors is present) and the eUICC's on a result (SGP.26 eUICC keys, both curves);
 * the layout at 390 and 1,400 px with nothing overflowing.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecoderPage } from '../../scripts/build-web.mjs';
import { buildCorpus, scaleUpp } from '../../bench/corpus.js';
import { signEuiccPackage } from '../../src/rsp/eim-package.js';
import { signEuiccPackageError, signEuiccPackageResult } from '../../src/rsp/euicc-package-result.js';
import { hasVectors, vectorBytes, vectorText, vectorsSkipLine } from '../support/vectors.js';
import { artifactPath, artifacts, haveChromium, launchChromium, repoRoot, serveDir, skipReason, toHex } from './harness.js';

if (!haveChromium) console.warn(skipReason);

const corpus = buildCorpus();
const eimDir = path.resolve(repoRoot, '../shared/vectors/certs/eim');

describe.skipIf(!haveChromium)('decoder page at scale in Chromium', () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    const site = (await buildDecoderPage({ outDir: path.join(artifacts, 'site-scale') })).outDir;
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

  async function decoded(action: () => Promise<unknown>): Promise<void> {
    const before = await page.evaluate(() => document.body.dataset.request ?? '');
    await action();
    await page.waitForFunction((b) => {
      const d = document.body.dataset;
      return d.request !== undefined && d.request !== b && d.decoded === d.request;
    }, before, { timeout: 120_000 });
  }

  async function loadFile(name: string, bytes: Uint8Array): Promise<void> {
    const file = artifactPath(name);
    writeFileSync(file, bytes);
    await decoded(() => page.setInputFiles('#file', file));
  }

  /** The tree rows in the DOM: their data attributes, text and value. */
  const rows = () =>
    page.$$eval('#tree .node', (els) =>
      els.map((e) => {
        const d = (e as HTMLElement).dataset;
        return { index: d.index ?? '', offset: d.offset ?? '', end: d.end ?? '', depth: d.depth ?? '', name: d.name ?? '', text: e.textContent ?? '', value: e.querySelector('.value')?.textContent ?? '', selected: e.classList.contains('selected') };
      }),
    );

  it('loads a 1.2 MB profile with only the visible rows in the DOM, and finds a node deep in it by search', async () => {
    const upp = scaleUpp(corpus.upp, 1_200_000);
    await loadFile('profile-1.2MB.der', upp);
    expect(await page.textContent('#status')).toMatch(/^detected and decoded UPP/);
    const total = Number((await page.textContent('#tree-info'))!.replace(/ nodes$/, ''));
    expect(total).toBeGreaterThan(100_000);
    const inDom = await page.$$eval('#tree .node', (els) => els.length);
    expect(inDom).toBeLessThan(200);
    // The last profile element's end header lies deep in the input: search its name.
    await page.fill('#search', 'end-header');
    await page.press('#search', 'Enter');
    await page.waitForFunction(() => /of \d+/.test(document.getElementById('search-info')!.textContent!));
    expect(await page.textContent('#search-info')).toMatch(/^1 of 1$/);
    const sel = (await rows()).find((r) => r.selected)!;
    expect(sel.name).toBe('end-header');
    expect(Number(sel.offset)).toBeGreaterThan(upp.length - 20);
    expect(await page.textContent('#selection-text')).toMatch(new RegExp(`^end-header: bytes 0x${Number(sel.offset).toString(16).toUpperCase()}–`));
    // The hex view shows the selected bytes, whatever their offset.
    const marked = await page.$$eval('#hex .b.sel-h, #hex .b.sel', (els) => els.map((e) => e.textContent).join(''));
    expect(marked).toBe(toHex(upp.subarray(Number(sel.offset), Number(sel.end))));
    // A tag search: every ProfileHeader (A0 at depth 1 is the header element) … filtered view.
    await page.fill('#search', 'PE-End');
    await page.press('#search', 'Enter');
    await page.check('#filter');
    await page.waitForFunction(() => document.querySelectorAll('#tree .node.match').length > 0);
    const filtered = await rows();
    expect(filtered.filter((r) => r.text.includes('PE-End')).length).toBe(1);
    expect(filtered.length).toBeLessThan(5);
    await page.uncheck('#filter');
    await page.fill('#search', '');
    await page.press('#search', 'Enter');
    expect(errors).toEqual([]);
  });

  it('collapses all, expands to a depth and expands all', async () => {
    await decoded(async () => {
      await page.fill('#input', toHex(corpus.epr));
      await page.click('#decode');
    });
    const all = (await rows()).length;
    await page.click('#collapse-all');
    expect((await rows()).map((r) => r.depth)).toEqual(['0']);
    await page.selectOption('#depth', '2');
    const two = await rows();
    expect(Math.max(...two.map((r) => Number(r.depth)))).toBe(2);
    expect(two.length).toBeLessThan(all);
    await page.click('#expand-all');
    expect((await rows()).length).toBe(all);
  });

  it('copies the value and the hex of the selected node', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const idx = await page.$$eval('#tree .node', (els) => els.findIndex((e) => (e as HTMLElement).dataset.name === 'eimId'));
    expect(idx).toBeGreaterThan(0);
    const node = (await rows())[idx];
    await page.click(`#tree .node[data-index="${node.index}"] > .line`);
    await page.click('#copy-value');
    await page.waitForFunction(() => /value copied/.test(document.getElementById('copy-info')!.textContent!));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(node.value);
    await page.click('#copy-hex');
    await page.waitForFunction(() => /hex copied/.test(document.getElementById('copy-info')!.textContent!));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(toHex(corpus.epr.subarray(Number(node.offset), Number(node.end))));
  });

  it('shows every complete TLV before the fault of a truncated input, and the fault', async () => {
    const cut = corpus.bpp.subarray(0, 700);
    await decoded(async () => {
      await page.fill('#input', toHex(cut));
      await page.click('#decode');
    });
    expect(await page.textContent('#status')).toMatch(/^does not decode as RSPDefinitions\.BoundProfilePackage/);
    expect(await page.isVisible('#error')).toBe(true);
    const r = await rows();
    expect(r.length).toBeGreaterThan(5);
    expect(r.every((x) => Number(x.offset) < cut.length)).toBe(true);
    expect(r.some((x) => x.text.includes('truncated'))).toBe(true);
    // Bytes no module starts with: the schema-less view, tag by tag.
    await decoded(async () => {
      await page.fill('#input', 'ff7f0430020500');
      await page.click('#decode');
    });
    const generic = await rows();
    expect(generic.map((x) => [x.offset, x.depth])).toEqual([['0', '0'], ['3', '1'], ['5', '2']]);
    expect(generic.map((x) => x.text)).toEqual([expect.stringMatching(/\[PRIVATE 127\]/), expect.stringMatching(/SEQUENCE/), expect.stringMatching(/NULL/)]);
  });

  it('re-decodes while typing and clears the result when the box is emptied', async () => {
    await decoded(() => page.fill('#input', toHex(corpus.epr)));
    expect(await page.textContent('#status')).toMatch(/decoded/);
    await page.fill('#input', '');
    await page.waitForFunction(() => document.querySelectorAll('#tree .node').length === 0);
    expect(await page.textContent('#status')).toBe('Paste or drop something to decode.');
    expect(await page.$$eval('#hex .b', (els) => els.length)).toBe(0);
  });

  it('filters the type picker by message name', async () => {
    await page.fill('#type-filter', 'euiccpackageres');
    const shown = await page.$$eval('#type option', (els) => els.filter((o) => !(o as HTMLOptionElement).hidden).map((o) => (o as HTMLOptionElement).value));
    expect(shown).toContain('SGP32Definitions.EuiccPackageResult');
    expect(shown.every((v) => v === 'auto' || /euiccpackageres/i.test(v))).toBe(true);
    await page.press('#type-filter', 'Enter');
    expect(await page.inputValue('#type')).toBe(shown.find((v) => v !== 'auto'));
    await page.fill('#type-filter', '');
    await page.selectOption('#type', 'auto');
  });

  it('summarises a certificate: subject, issuer, validity, role, EID and fingerprint', async () => {
    const der = corpus.certs[3];
    await decoded(async () => {
      await page.fill('#input', toHex(der));
      await page.click('#decode');
    });
    expect(await page.isVisible('#cert')).toBe(true);
    const fields = await page.$$eval('#cert-fields dt', (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling!.textContent])));
    expect(fields['SHA-256']).toBe(createHash('sha256').update(der).digest('hex'));
    expect(fields.subject).toMatch(/Bench eUICC/);
    expect(fields.issuer).toMatch(/EUM 1/);
    expect(fields.valid).toMatch(/^2025-01-01T00:00:00\.000Z – 2054-12-31T23:59:59\.000Z$/);
    expect(fields.role).toMatch(/euicc/i);
    expect(fields.EID).toMatch(/^890490321234510001\d+$/);
  });

  it('verifies an eIM package signature with the eIM certificate, and refuses a wrong token or altered bytes', async (ctx) => {
    if (!existsSync(eimDir)) ctx.skip(`${eimDir} absent: signature check in the page skipped`);
    const key = readFileSync(path.join(eimDir, 'sample_eim_cert_nist.key'), 'utf8');
    const cert = readFileSync(path.join(eimDir, 'sample_eim_cert_nist.crt'), 'utf8');
    const { bytes } = signEuiccPackage({
      euiccPackageSigned: { eimId: 'eim.example', eidValue: new Uint8Array(16).fill(0x89), counterValue: 3, euiccPackage: { $case: 'psmoList', value: [{ $case: 'listProfileInfo', value: {} }] } } as never,
      privateKey: key,
      associationToken: 5,
    });
    const check = async (hex: string, token: string) => {
      await decoded(async () => {
        await page.fill('#input', hex);
        await page.click('#decode');
      });
      expect(await page.textContent('#status')).toMatch(/^detected and decoded SGP32Definitions\.EuiccPackageRequest/);
      expect(await page.isVisible('#verify')).toBe(true);
      await page.fill('#verify-key', cert);
      await page.fill('#verify-token', token);
      await page.click('#verify-go');
      await page.waitForFunction(() => document.getElementById('verify-result')!.textContent !== '');
      return page.textContent('#verify-result');
    };
    expect(await check(toHex(bytes), '5')).toMatch(/^valid: /);
    expect(await check(toHex(bytes), '6')).toMatch(/^invalid: bad-signature/);
    // The counterValue (81 01 03) changed to 4: still decodes, no longer matches the signature.
    const altered = bytes.slice();
    const at = toHex(altered).indexOf('810103') / 2;
    expect(at).toBeGreaterThan(0);
    altered[at + 2] = 4;
    expect(await check(toHex(altered), '5')).toMatch(/^invalid: /);
  });

  it.for(['P-256', 'brainpoolP256r1'] as const)('verifies an EuiccPackageResult with the eUICC certificate (%s), and refuses a wrong token, another certificate or altered bytes', async (curve, ctx) => {
    const files = { 'P-256': 'NIST', brainpoolP256r1: 'BRP' } as const;
    const need = (['P-256', 'brainpoolP256r1'] as const).flatMap((c) => [`certs/sgp26/eUICC/SK_EUICC_ECDSA_${files[c]}.pem`, `certs/sgp26/eUICC/CERT_EUICC_ECDSA_${files[c]}.der`]);
    if (!hasVectors(...need)) ctx.skip(vectorsSkipLine(...need));
    const key = vectorText(`certs/sgp26/eUICC/SK_EUICC_ECDSA_${files[curve]}.pem`);
    // The certificate as the page takes it: PEM, made by node:crypto (not by this project).
    const pem = (c: 'P-256' | 'brainpoolP256r1') => new X509Certificate(vectorBytes(`certs/sgp26/eUICC/CERT_EUICC_ECDSA_${files[c]}.der`)).toString();
    const cert = pem(curve);
    const other = pem(curve === 'P-256' ? 'brainpoolP256r1' : 'P-256');
    const check = async (hex: string, certificate: string, token: string) => {
      await decoded(async () => {
        await page.fill('#input', hex);
        await page.click('#decode');
      });
      expect(await page.textContent('#status')).toMatch(/^detected and decoded SGP32Definitions\.EuiccPackageResult/);
      expect(await page.textContent('#verify-what')).toContain('the eUICC certificate');
      await page.fill('#verify-key', certificate);
      await page.fill('#verify-token', token);
      await page.click('#verify-go');
      await page.waitForFunction(() => document.getElementById('verify-result')!.textContent !== '');
      return page.textContent('#verify-result');
    };
    const { bytes } = signEuiccPackageResult({
      euiccPackageResultDataSigned: { eimId: 'eim.example', counterValue: 7, seqNumber: 3, euiccResult: [{ $case: 'enableResult', value: 0 }] },
      privateKey: key,
      associationToken: 11,
    });
    expect(await check(toHex(bytes), cert, '11')).toBe('valid: signature valid over the bytes received');
    expect(await check(toHex(bytes), cert, '12')).toMatch(/^invalid: bad-signature/);
    expect(await check(toHex(bytes), other, '11')).toMatch(/^invalid: bad-signature/);
    // counterValue (81 01 07, inside the signed data) changed to 8: still decodes, no longer signed.
    const at = toHex(bytes).indexOf('810107') / 2;
    expect(at).toBeGreaterThan(0);
    const altered = bytes.slice();
    altered[at + 2] = 8;
    expect(await check(toHex(altered), cert, '11')).toMatch(/^invalid: bad-signature/);
    // The signed error form (euiccSignEPE) through the same box.
    const error = signEuiccPackageError({ euiccPackageErrorDataSigned: { eimId: 'eim.example', counterValue: 8, euiccPackageErrorCode: 4 }, privateKey: key, associationToken: 11 });
    expect(await check(toHex(error.bytes), cert, '11')).toBe('valid: signature valid over the bytes received');
    expect(await check(toHex(error.bytes), cert, '10')).toMatch(/^invalid: bad-signature/);
    expect(errors).toEqual([]);
  });

  it.each([390, 1400])('lays out at %i px wide with nothing overflowing the page', async (width) => {
    await page.setViewportSize({ width, height: 900 });
    await decoded(async () => {
      await page.fill('#input', toHex(corpus.epr));
      await page.click('#decode');
    });
    await page.screenshot({ path: artifactPath(`decoder-${width}px.png`), fullPage: true });
    const overflow = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const out: string[] = [];
      if (document.documentElement.scrollWidth > vw) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
      // Elements outside a scrolling pane must fit the viewport.
      for (const e of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
        if (e.closest('#tree, #hexpane, #capture, #jer-box') || e.offsetParent === null) continue;
        const r = e.getBoundingClientRect();
        if (r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5)) out.push(`${e.tagName.toLowerCase()}#${e.id}.${e.className}: ${r.left.toFixed(0)}–${r.right.toFixed(0)} of ${vw}`);
      }
      return out;
    });
    expect(overflow).toEqual([]);
    // The tree and the hex view are both on screen and usable.
    const tree = await page.$eval('#tree', (e) => e.getBoundingClientRect().width);
    const hexv = await page.$eval('#hexpane', (e) => e.getBoundingClientRect().width);
    expect(tree).toBeGreaterThan(width < 800 ? 300 : 600);
    expect(hexv).toBeGreaterThan(width < 800 ? 300 : 400);
    await page.setViewportSize({ width: 1400, height: 900 });
  });
});
