/**
 * The decoder page end to end in real headless Chromium: served from a local static server
 * and opened from file://, paste a message and read the tree, click a node and read the
 * highlighted bytes, see a decode error at its offset, load a pcapng written by
 * test/inspect/capture-builder.ts and decode a listed payload, list the ES10 commands of an APDU
 * trace, follow a share link.
 * Screenshots go to test-artifacts/browser/.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { vectorPath } from '../support/vectors.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecoderPage } from '../../scripts/build-web.mjs';
import { demoCapture, esipaMessages } from '../inspect/capture-builder.js';
import { artifactPath, artifacts, haveChromium, launchChromium, repoRoot, serveDir, skipReason, toHex } from './harness.js';

if (!haveChromium) console.warn(skipReason);

const vectorsDir = vectorPath('messages');

describe.skipIf(!haveChromium)('decoder page in Chromium', () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let site: string;
  let page: Page;

  beforeAll(async () => {
    site = (await buildDecoderPage({ outDir: path.join(artifacts, 'site-decoder') })).outDir;
    server = await serveDir(site);
    browser = await launchChromium();
    page = await open(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(url: string): Promise<Page> {
    const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    await p.goto(url);
    await p.waitForSelector('body[data-ready="true"]');
    (p as Page & { errors: string[] }).errors = errors;
    return p;
  }

  /** Runs `action` and waits until the page has finished the decode it starts (tree complete or failed). */
  async function decoded(p: Page, action: () => Promise<unknown>): Promise<void> {
    const before = await p.evaluate(() => document.body.dataset.request ?? '');
    await action();
    // The page numbers its requests; it is done when it has finished the latest one.
    await p.waitForFunction((b) => {
      const d = document.body.dataset;
      return d.request !== undefined && d.request !== b && d.decoded === d.request;
    }, before);
  }

  async function paste(p: Page, text: string): Promise<void> {
    await decoded(p, async () => {
      await p.fill('#input', text);
      await p.click('#decode');
    });
  }

  /** Rows of the rendered (virtualized) tree: offset, end, name, depth. */
  async function treeNodes(p: Page) {
    return p.$$eval('#tree .node', (els) =>
      els.map((e) => {
        const d = (e as HTMLElement).dataset;
        return { offset: Number(d.offset), end: Number(d.end), name: d.name ?? '', depth: Number(d.depth), text: e.querySelector('.line')!.textContent ?? '' };
      }),
    );
  }

  async function highlighted(p: Page, cls = 'sel'): Promise<string> {
    return p.$$eval(`#hex .b.${cls}-h, #hex .b.${cls}`, (els) => els.map((e) => e.textContent).join(''));
  }

  it('decodes a pasted message: tree beside the hex view, node click highlights its bytes', async () => {
    const m = esipaMessages();
    await paste(page, toHex(m.getEimPackageRequest).replace(/(..)/g, '$1 '));
    const nodes = await treeNodes(page);
    // BF4F 14 { 5A 10 <eid>, 80 00 }
    expect(m.getEimPackageRequest.length).toBe(23);
    expect(nodes.map((n) => [n.offset, n.end, n.depth])).toEqual([[0, 23, 0], [3, 21, 1], [21, 23, 1]]);
    // ASN.1 names, types and values from the shared tree view (src/inspect).
    expect(nodes.map((n) => n.name)).toEqual(['GetEimPackageRequest', 'eidValue', 'notifyStateChange']);
    expect(nodes[1].text).toMatch(/Octet16.*5A.*@0x3 len 16.*EID 89049032123451234512345678901235/);
    expect(nodes[2].text).toMatch(/NULL/);
    expect(await page.textContent('#status')).toMatch(/detected and decoded SGP32Definitions\.GetEimPackageRequest/);
    // The value as JSON (JER), folded under the hex view.
    await page.click('#jer-box summary');
    await page.waitForFunction(() => document.getElementById('jer')!.textContent !== '');
    expect(JSON.parse((await page.textContent('#jer'))!)).toEqual({ eidValue: toHex(m.eid), notifyStateChange: null });
    expect(await page.textContent('#bytes-info')).toBe('23 bytes (hex)');
    expect(await page.isHidden('#error')).toBe(true);
    // The hex view shows every byte once.
    expect(await page.$$eval('#hex .b', (els) => els.map((e) => e.textContent).join(''))).toBe(toHex(m.getEimPackageRequest));
    // Click the eidValue node: its TLV (5A 10 + 16 bytes) is highlighted, header apart.
    await page.click('#tree .node[data-offset="3"] > .line');
    expect(await page.$$eval('#hex .b.sel-h', (els) => els.map((e) => e.textContent).join(''))).toBe('5a10');
    expect(await highlighted(page)).toBe('5a10' + toHex(m.eid));
    expect(await page.textContent('#selection-text')).toMatch(/bytes 0x3–0x14 \(18 bytes\)/);
    await page.screenshot({ path: artifactPath('decoder-pasted-message.png'), fullPage: true });
    // Keyboard: Down moves to the next line and selects it.
    await page.keyboard.press('ArrowDown');
    expect(await highlighted(page)).toBe('8000');
    // Collapse the root: its children disappear from view.
    await page.click('#tree .node[data-offset="0"] > .line .twisty');
    expect(await page.isVisible('#tree .node[data-offset="3"]')).toBe(false);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
  });

  it('shows a decode error at its byte offset with its path', async () => {
    const m = esipaMessages();
    const bad = m.getEimPackageRequest.slice();
    bad[3] = 0x5b; // eidValue's tag 5A -> 5B
    await page.selectOption('#type', 'SGP32Definitions.GetEimPackageRequest');
    await paste(page, toHex(bad));
    expect(await page.isVisible('#error')).toBe(true);
    const err = await page.textContent('#error');
    expect(err).toMatch(/^Decode error at byte 0x3 in GetEimPackageRequest\.eidValue/);
    expect(await page.textContent('#status')).toMatch(/^does not decode as SGP32Definitions\.GetEimPackageRequest/);
    expect(err).toMatch(/\(unexpected-tag\)$/);
    expect(await highlighted(page, 'err')).toBe('5b');
    // The tree still shows the bytes, the unexpected TLV as what it is.
    expect((await treeNodes(page)).map((n) => n.offset)).toEqual([0, 3, 21]);
    await page.screenshot({ path: artifactPath('decoder-error.png'), fullPage: true });
    await page.selectOption('#type', 'auto');
    // Auto-detection names the likeliest type and the path through its CHOICE.
    await paste(page, toHex(bad));
    expect(await page.textContent('#error')).toMatch(/^Decode error at byte 0x3 in (EsipaMessageFromIpaToEim\.getEimPackageRequest|GetEimPackageRequest)\.eidValue/);
  });

  it('lenient mode accepts BER and lists each deviation at its offset', async () => {
    const m = esipaMessages();
    // GetEimPackageRequest with an indefinite outer length: BF4F 80 … 00 00.
    const ber = toHex(m.getEimPackageRequest).replace(/^bf4f14/, 'bf4f80') + '0000';
    await page.selectOption('#type', 'SGP32Definitions.GetEimPackageRequest');
    await paste(page, ber);
    expect(await page.textContent('#error')).toMatch(/indefinite-length/);
    await decoded(page, () => page.check('#lenient'));
    expect(await page.isHidden('#error')).toBe(true);
    expect(await page.$$eval('#diagnostics li', (els) => els.map((e) => e.textContent))).toEqual([expect.stringMatching(/^byte 0x[0-9A-F]+: .*\(indefinite-length\)$/)]);
    await page.uncheck('#lenient');
    await page.selectOption('#type', 'auto');
  });

  it('reads base64 and PEM input', async () => {
    const m = esipaMessages();
    const b64 = Buffer.from(m.euiccInfo1).toString('base64');
    await paste(page, b64);
    expect(await page.textContent('#bytes-info')).toBe(`${m.euiccInfo1.length} bytes (base64)`);
    expect(await page.textContent('#status')).toMatch(/EUICCInfo1/);
    await paste(page, `-----BEGIN EUICC INFO-----\n${b64.replace(/(.{64})/g, '$1\n')}\n-----END EUICC INFO-----\n`);
    expect(await page.textContent('#bytes-info')).toMatch(/\(pem\)/);
  });

  it('decodes a real captured message when ../shared/vectors is present', async (ctx) => {
    if (!existsSync(vectorsDir)) ctx.skip(`${vectorsDir} absent: real-message check skipped`);
    const der = new Uint8Array(readFileSync(path.join(vectorsDir, 'lpac_EUICCInfo2.der')));
    await paste(page, toHex(der));
    expect(await page.textContent('#status')).toMatch(/EUICCInfo2/);
    expect(await page.isHidden('#error')).toBe(true);
    const nodes = await treeNodes(page);
    expect(nodes[0]).toMatchObject({ offset: 0, end: der.length });
    expect(nodes.map((n) => n.name)).toEqual(expect.arrayContaining(['profileVersion', 'svn', 'euiccFirmwareVer', 'uiccCapability']));
    // Every node lies inside its parent and the hex of the outer node is the whole input.
    await page.click('#tree .node[data-offset="0"] > .line');
    expect(await highlighted(page)).toBe(toHex(der));
  });

  it('lists the payloads of a pcapng capture and decodes the chosen one', async () => {
    const { file, messages: m } = demoCapture('pcapng');
    const capPath = artifactPath('esipa-demo.pcapng');
    writeFileSync(capPath, file);
    await decoded(page, () => page.setInputFiles('#file', capPath));
    const rows = await page.$$eval('#payloads tr.payload', (els) => els.map((e) => Array.from(e.querySelectorAll('td'), (td) => td.textContent)));
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r[1])).toEqual(['HTTP ASN.1', 'HTTP ASN.1', 'HTTP JSON', 'COAP ASN.1', 'COAP ASN.1']);
    expect(rows[2][4]).toMatch(/initiateAuthentication · euiccInfo1/);
    expect(rows[3][3]).toBe('[2001:db8::10]:50000 → [2001:db8::20]:5683');
    // Each payload's type is detected in the list.
    expect(rows[0][6]).toMatch(/GetEimPackageRequest|EsipaMessageFromIpaToEim/);
    expect(rows[2][6]).toMatch(/EUICCInfo1/);
    // The first payload is decoded straight away; choose the CoAP one.
    await decoded(page, () => page.click('#payloads tr[data-index="3"]'));
    expect(await page.$$eval('#hex .b', (els) => els.map((e) => e.textContent).join(''))).toBe(toHex(m.initiateAuthentication));
    expect(await page.textContent('#status')).toMatch(/InitiateAuthenticationRequestEsipa|EsipaMessageFromIpaToEim/);
    const coapNames = (await treeNodes(page)).map((n) => n.name);
    expect(coapNames).toEqual(expect.arrayContaining(['euiccChallenge', 'smdpAddress', 'euiccInfo1', 'svn']));
    await decoded(page, () => page.click('#payloads tr[data-index="2"]'));
    expect(await page.$$eval('#hex .b', (els) => els.map((e) => e.textContent).join(''))).toBe(toHex(m.euiccInfo1));
    expect(await page.textContent('#status')).toMatch(/EUICCInfo1/);
    await page.screenshot({ path: artifactPath('decoder-pcapng.png'), fullPage: true });
    // A classic pcap works the same way.
    const pcap = artifactPath('esipa-demo.pcap');
    writeFileSync(pcap, demoCapture('pcap').file);
    await decoded(page, () => page.setInputFiles('#file', pcap));
    expect(await page.$$eval('#payloads tr.payload', (els) => els.length)).toBe(5);
    expect(await page.textContent('#capture-summary')).toMatch(/^pcap: \d+ packets, 5 payloads/);
  });

  it('decodes a file dropped on the page', async () => {
    const m = esipaMessages();
    const pem = `-----BEGIN EUICC INFO 1-----\n${Buffer.from(m.euiccInfo1).toString('base64')}\n-----END EUICC INFO 1-----\n`;
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'info1.pem', { type: 'application/x-pem-file' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, pem);
    await page.waitForFunction(() => document.getElementById('filename')!.textContent!.startsWith('info1.pem'));
    await page.waitForFunction(() => /\(pem\)/.test(document.getElementById('bytes-info')!.textContent!));
    await page.waitForFunction(() => /EUICCInfo1/.test(document.getElementById('status')!.textContent!));
    expect(await page.textContent('#status')).toMatch(/EUICCInfo1/);
    expect(await page.$$eval('#hex .b', (els) => els.map((e) => e.textContent).join(''))).toBe(toHex(m.euiccInfo1));
  });

  it('share link: the fragment carries the input and reopens the same decode', async () => {
    const m = esipaMessages();
    await page.selectOption('#type', 'RSPDefinitions.EUICCInfo1');
    await paste(page, toHex(m.euiccInfo1));
    await page.waitForFunction(() => document.getElementById('share')!.getAttribute('href'));
    const href = await page.getAttribute('#share', 'href');
    expect(href).toMatch(/^#b=[A-Za-z0-9_-]+&t=RSPDefinitions.EUICCInfo1$/);
    const p2 = await open(server.url + href);
    await p2.waitForFunction(() => document.body.dataset.decoded !== undefined && document.body.dataset.decoded === document.body.dataset.request);
    expect(await p2.$$eval('#hex .b', (els) => els.map((e) => e.textContent).join(''))).toBe(toHex(m.euiccInfo1));
    expect(await p2.inputValue('#type')).toBe('RSPDefinitions.EUICCInfo1');
    expect(await p2.textContent('#status')).toMatch(/decoded as RSPDefinitions.EUICCInfo1/);
    await p2.close();
  });

  it('an APDU trace: lists its ES10 commands and answers, decodes the chosen one', async () => {
    const m = esipaMessages();
    const n = m.euiccInfo1.length.toString(16).padStart(2, '0');
    const trace = ['# GetEuiccInfo1 on channel 1', '> 0070000001', '< 019000', '> 81e2910003bf2000', `< 61${n}`, `> 01c00000${n}`, `< ${toHex(m.euiccInfo1)}9000`].join('\n');
    const p = await open(server.url);
    await p.selectOption('#form', 'apdu');
    await paste(p, trace);
    const rows = await p.$$eval('#payloads tr.payload', (els) => els.map((e) => Array.from(e.querySelectorAll('td'), (td) => td.textContent)));
    expect(rows.map((r) => [r[0], r[1], r[2], r[4], r[5]])).toEqual([
      ['2', 'APDU channel 1', 'IPA → eUICC', 'ES10 #1 command', 'BF20'],
      ['3', 'APDU channel 1', 'eUICC → IPA', 'ES10 #1 response · SW 9000', 'BF20'],
    ]);
    expect(await p.textContent('#capture-summary')).toBe('APDU trace: 3 exchanges, 1 ES10 commands');
    await decoded(p, () => p.click('#payloads tr[data-index="1"]'));
    expect(await p.$$eval('#hex .b', (els) => els.map((e) => e.textContent).join(''))).toBe(toHex(m.euiccInfo1));
    expect(await p.textContent('#status')).toMatch(/EUICCInfo1/);
    // A line that is not an APDU is named with its number.
    await paste(p, '> 81e2910003bf2000\nzz');
    expect(await p.textContent('#status')).toMatch(/APDU trace: line 2: not an APDU in hex/);
    expect((p as Page & { errors: string[] }).errors).toEqual([]);
    await p.close();
  });

  it('works opened from file:// (classic script, no server)', async () => {
    const m = esipaMessages();
    const p = await open(pathToFileURL(path.join(site, 'index.html')).href);
    await paste(p, toHex(m.getEimPackageResponse));
    const nodes = await treeNodes(p);
    expect(nodes[0]).toMatchObject({ offset: 0, end: m.getEimPackageResponse.length });
    expect(nodes.length).toBeGreaterThan(8);
    expect(await p.textContent('#status')).toMatch(/GetEimPackageResponse|EsipaMessageFromEimToIpa/);
    expect(nodes.map((n) => n.name)).toEqual(expect.arrayContaining(['euiccPackageSigned', 'eimId', 'counterValue', 'iccid', 'eimSignature']));
    expect(nodes.find((n) => n.name === 'iccid')!.text).toMatch(/ICCID 89000123456789012341/);
    await p.screenshot({ path: artifactPath('decoder-file-url.png'), fullPage: true });
    expect((p as Page & { errors: string[] }).errors).toEqual([]);
    await p.close();
  });
});
