/**
 * `sgp32 demo` (what `npm run demo` runs): every step passes its own checks, the signatures
 * are real (64-byte r‖s that verify), and the dump folder it writes validates as it says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ensureBuilt, sgp32 } from './helpers.js';
import { EuiccPackageRequest } from '../../src/generated/SGP32Definitions.js';
import { validateDump } from '../../src/inspect/index.js';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sgp32-demo-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sgp32 demo', () => {
  it('runs the whole story and passes every check', () => {
    const r = sgp32(['demo', '--dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Done: all \d+ checks passed\.\n$/);
    expect(r.stdout).toContain('eimSignature verifies with the eIM key over the received euiccPackageSigned bytes: true');
    expect(r.stdout).toContain('verifies false (rejected)');
    expect(r.stdout).toContain('the eIM checks euiccSignEPR with the eUICC key over the received result bytes ‖ 840101: true');
    expect(r.stdout).toMatch(/\[0\]\.enableResult ok\(0\) {2}-- EnableProfileResult/);
    // The package it wrote carries a 64-byte signature, and the folder validates as printed.
    const request = EuiccPackageRequest.decode(new Uint8Array(readFileSync(join(dir, 'request.der'))));
    expect(request.eimSignature.length).toBe(64);
    expect(request.eimSignature.some((b) => b !== 0)).toBe(true);
    for (const f of ['request.der', 'request.hex', 'request.b64', 'result.pem']) expect(validateDump(new Uint8Array(readFileSync(join(dir, f)))).valid, f).toBe(true);
    for (const f of ['broken/truncated.der', 'broken/long-form-length.der', 'broken/wrong-tag.der']) expect(validateDump(new Uint8Array(readFileSync(join(dir, f)))).valid, f).toBe(false);
    expect(r.stdout).toContain('7 dumps: 4 valid, 3 invalid');
    // The final act: the virtual eUICC, the IPA and the SDK's eIM handler over loopback HTTP.
    expect(r.stdout).toContain('eIM: euiccSignEPR verified with the eUICC certificate; enabled Profile now 8944501234567890131');
    expect(r.stdout).toMatch(/installed 89000123456789012341: disabled, operational, ISD-P [0-9a-f]{32}; PIR verified by the SM-DP\+/);
    expect(r.stdout).toContain('eUICC answered replayError (a signed error the eIM verified); state unchanged: true');
  });

  it('without --dir, removes the temporary folder it wrote the dumps to', () => {
    // A temporary folder of the demo's own (TMPDIR): empty again when the demo is done.
    const tmp = mkdtempSync(join(dir, 'tmp-'));
    const r = sgp32(['demo'], { env: { TMPDIR: tmp } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`wrote 7 dumps to ${tmp}/sgp32-demo-`));
    expect(r.stdout).toMatch(/removed again; give --dir <folder> to keep the dumps/);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
