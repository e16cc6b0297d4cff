/**
 * The browser-runnable pki suite (selfcheck.ts) run under Node with the file-system loader:
 * every check passes, none is skipped when ../shared/vectors is present, and without vectors
 * only the vector checks are skipped. The browser harness runs the same function in Chromium.
 */
import { describe, expect, it } from 'vitest';
import { nodeProvider } from '../../src/crypto/node/index.js';
import { noVectors } from './loader.js';
import { fsLoader } from './loader-node.js';
import { runPkiSelfChecks, type PkiSelfCheckReport } from './selfcheck.js';
import { HAVE_CERTS } from './vectors.js';

const failures = (r: PkiSelfCheckReport): string[] => r.results.filter((x) => x.status === 'fail').map((x) => `${x.name}: ${x.detail}`);

describe('runPkiSelfChecks (the browser pki suite) under Node', () => {
  // Both runs sample three bytes per signature: the exhaustive sweep costs one certificate
  // parse per byte and signature-flip.test.ts already does it under Node.
  it('passes every check with the file-system loader and the pure-TypeScript provider (the browser configuration)', async () => {
    const report = await runPkiSelfChecks(fsLoader(), { exhaustiveFlips: false });
    expect(failures(report)).toEqual([]);
    expect(report.passed).toBeGreaterThan(150);
    if (HAVE_CERTS) expect(report.results.filter((x) => x.status === 'skip')).toEqual([]);
    // brainpool and mixed-curve chains are part of it.
    expect(report.results.some((x) => x.name.includes('brainpoolP256r1') && x.status === 'pass')).toBe(true);
    expect(report.results.some((x) => x.name.includes('mixed') && x.status === 'pass')).toBe(true);
  });

  it('without vectors only the vector checks are skipped; the same verdicts through the native provider', async () => {
    const report = await runPkiSelfChecks(noVectors, { provider: nodeProvider, exhaustiveFlips: false });
    expect(failures(report)).toEqual([]);
    expect(report.skipped).toBe(1);
    expect(report.results.find((x) => x.status === 'skip')?.name).toMatch(/^SGP\.26/);
  });
});
