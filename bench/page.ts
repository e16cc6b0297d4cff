/**
 * `npm run bench -- --filter page/`: the decoder page in Chromium (playwright-core, Debian's
 * /usr/bin/chromium) loading a 1.2 MB profile, as a user drops one on it. Reports, as the
 * median of a few loads:
 * - time to first rows: from the file being chosen to the first tree rows drawn;
 * - time to the full tree;
 * - the worker's own decode time of the same bytes (read, detect, decode), which first rows
 *   are compared with (target: within 2x);
 * - the longest main-thread task during the load, from a `longtask` PerformanceObserver
 *   (target: under 200 ms, so that the page never freezes).
 *
 * Not a test: the numbers depend on the machine and its load.
 *
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDecoderPage } from '../scripts/build-web.mjs';
import { haveChromium, launchChromium, serveDir, skipReason } from '../test/browser/harness.js';
import { buildCorpus, scaleUpp } from './corpus.js';

interface Load {
  firstRowsMs: number;
  fullTreeMs: number;
  workerDecodeMs: number;
  longestTaskMs: number;
  nodes: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Runs the page benchmark; returns the report lines (one line saying why, without Chromium). */
export async function runPageBench(options: { loads?: number; size?: number } = {}): Promise<string[]> {
  if (!haveChromium) return [`page/ skipped: ${skipReason}`];
  const size = options.size ?? 1_200_000;
  const dir = mkdtempSync(join(tmpdir(), 'sgp32-page-bench-'));
  const browser = await launchChromium();
  let server: { url: string; close: () => Promise<void> } | undefined;
  try {
    const site = (await buildDecoderPage({ outDir: join(dir, 'site') })).outDir;
    server = await serveDir(site);
    const upp = scaleUpp(buildCorpus().upp, size);
    const file = join(dir, 'profile.der');
    writeFileSync(file, upp);
    const loads: Load[] = [];
    for (let i = 0; i < (options.loads ?? 3); i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.addInitScript(() => {
        const w = window as unknown as { longTasks: number[] };
        w.longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.longTasks.push(e.duration);
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(server.url);
      await page.waitForSelector('body[data-ready="true"]');
      await page.evaluate(() => void ((window as unknown as { longTasks: number[] }).longTasks.length = 0));
      await page.setInputFiles('#file', file);
      await page.waitForFunction(() => document.body.dataset.request !== undefined && document.body.dataset.decoded === document.body.dataset.request, undefined, { timeout: 300_000 });
      const r = await page.evaluate(() => {
        const w = window as unknown as { longTasks: number[]; sgp32Timings: { firstRowsMs: number; fullTreeMs: number; workerDecodeMs: number; nodes: number } };
        return { ...w.sgp32Timings, longestTaskMs: Math.max(0, ...w.longTasks) };
      });
      loads.push(r);
      await page.close();
    }
    const first = median(loads.map((l) => l.firstRowsMs));
    const full = median(loads.map((l) => l.fullTreeMs));
    const decode = median(loads.map((l) => l.workerDecodeMs));
    const longest = median(loads.map((l) => l.longestTaskMs));
    const ratio = first / decode;
    return [
      `page/upp ${(upp.length / 1e6).toFixed(1)} MB, ${loads[0].nodes} nodes, median of ${loads.length} loads in Chromium:`,
      `  first rows      ${first.toFixed(0).padStart(6)} ms   ${ratio.toFixed(2)}x the worker's decode (${decode.toFixed(0)} ms)   target <= 2x: ${ratio <= 2 ? 'met' : 'MISSED'}`,
      `  full tree       ${full.toFixed(0).padStart(6)} ms`,
      `  longest task    ${longest.toFixed(0).padStart(6)} ms on the main thread                      target < 200 ms: ${longest < 200 ? 'met' : 'MISSED'}`,
    ];
  } finally {
    await browser.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
