/**
 * The browser-runnable pki suite (selfcheck.ts) run under Node with the file-system loader:
 * every check passes, none is skipped when ../shared/vectors is present, and without vectors
 * only the vector checks are skipped. The browser harness runs the same function in Chromium.
 */
import { describe, expect, it } from 'vitest';
import { nodeProvider } from '../../src/crypto/node/index.js';
import { hexMapLoader, noVectors, recordingLoader } from './loader.js';
import { fsLoader } from './loader-node.js';
import { runPkiSelfChecks, type PkiSelfCheckReport } from './selfcheck.js';
import { HAVE_CERTS } from './vectors.js';

const failures = (r: PkiSelfCheckReport): string[] => r.results.filter((x) => x.status === 'fail').map((x) => `${x.name}: ${x.detail}`);

describe('runPkiSelfChecks (the browser pki suite) under Node', () => {
  // Both runs sample three bytes per signature: the exhaustive sweep costs one certificate
  // parse per byte and signature-flip.test.ts already does it under Node.
  it('passes every check with the file-system loader and the pure-TypeScript provider (the browser configuration)', async () => {
    const recorder = recordingLoader(fsLoader());
    const report = await runPkiSelfChecks(recorder.load, { exhaustiveFlips: false });
    expect(failures(report)).toEqual([]);
    expect(report.passed).toBeGreaterThan(150);
    if (HAVE_CERTS) expect(report.results.filter((x) => x.status === 'skip')).toEqual([]);
    // brainpool and mixed-curve chains are part of it.
    expect(report.results.some((x) => x.name.includes('brainpoolP256r1') && x.status === 'pass')).toBe(true);
    expect(report.results.some((x) => x.name.includes('mixed') && x.status === 'pass')).toBe(true);
    // The files it read, handed over as hex (as a browser page would get them): same checks.
    if (HAVE_CERTS) expect(Object.keys(recorder.files)).toContain('certs/MANIFEST.json');
    // The vector part again from those files (and through the native provider): same outcome.
    const again = await runPkiSelfChecks(hexMapLoader(recorder.files), { provider: nodeProvider, parts: ['vectors'] });
    const vectorNames = new Set(again.results.map((x) => x.name));
    expect(again.results.map((x) => `${x.status} ${x.name}`)).toEqual(report.results.filter((x) => vectorNames.has(x.name)).map((x) => `${x.status} ${x.name}`));
    expect(again.results.length).toBeGreaterThan(HAVE_CERTS ? 20 : 0);
  });

  it('without vectors the vector checks are skipped, with the reason', async () => {
    const report = await runPkiSelfChecks(noVectors, { parts: ['vectors'] });
    expect(report).toMatchObject({ passed: 0, failed: 0, skipped: 1 });
    expect(report.results[0].name).toMatch(/^SGP\.26/);
    expect(report.results[0].detail).toMatch(/absent/);
  });
});
