/**
 * The built `sgp32` binary (`node bin/sgp32.js cert …`, after `npm run build`) on the SGP.26
 * test certificates of ../shared/vectors/certs and on certificates generated here and written
 * to a temporary folder. Checks exit codes and the --json verdict through a real process.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CERTS_DIR, HAVE_CERTS, SKIP_MESSAGE } from '../pki/vectors.js';
import { EID, makeCertSet, toPem } from './cert-fixtures.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(repoRoot, 'bin/sgp32.js');

/** Newest modification time of the sources the binary is built from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function sgp32(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: repoRoot, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, out: stdout, err: stderr });
    });
  });
}

let dir = '';
const set = { nist: makeCertSet('P-256', 'P-256', 'P-256'), brp: makeCertSet('brainpoolP256r1', 'brainpoolP256r1', 'brainpoolP256r1') };
const f = (name: string): string => path.join(dir, name);

beforeAll(() => {
  // `npm test` builds first; build here too when dist/ is missing or older than src/.
  const built = path.join(repoRoot, 'dist/cli/cert.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newestSource(path.join(repoRoot, 'src'))) {
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'pipe' });
  }
  dir = mkdtempSync(path.join(tmpdir(), 'sgp32-cert-'));
  for (const [name, s] of Object.entries(set)) {
    writeFileSync(f(`${name}-ci.pem`), toPem(s.ci));
    writeFileSync(f(`${name}-eum.der`), s.eum);
    writeFileSync(f(`${name}-euicc.der`), s.euicc);
    writeFileSync(f(`${name}-outside.der`), s.euiccOutside);
    writeFileSync(f(`${name}-trailing.der`), s.euiccTrailing);
  }
  writeFileSync(f('garbage.der'), Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sgp32 cert (built binary) on generated certificates', () => {
  it('valid, invalid, bad data, unreadable: exit codes 0, 1, 1, 2 and the --json verdict', async () => {
    const [okNist, okBrp, outside, trailing, wrongCi, garbage, missing, badAt, text] = await Promise.all([
      sgp32('cert', 'verify', '--json', '--anchor', f('nist-ci.pem'), f('nist-eum.der'), f('nist-euicc.der')),
      sgp32('cert', 'verify', '--json', '--role', 'euicc', '--anchor', f('brp-ci.pem'), f('brp-eum.der'), f('brp-euicc.der')),
      sgp32('cert', 'verify', '--json', '--anchor', f('nist-ci.pem'), f('nist-eum.der'), f('nist-outside.der')),
      sgp32('cert', 'verify', '--json', '--anchor', f('brp-ci.pem'), f('brp-eum.der'), f('brp-trailing.der')),
      sgp32('cert', 'verify', '--json', '--anchor', f('brp-ci.pem'), f('nist-eum.der'), f('nist-euicc.der')),
      sgp32('cert', 'verify', '--anchor', f('nist-ci.pem'), f('garbage.der')),
      sgp32('cert', 'verify', '--anchor', f('nist-ci.pem'), f('no-such-file.der')),
      sgp32('cert', 'verify', '--at', 'soon', '--anchor', f('nist-ci.pem'), f('nist-eum.der')),
      sgp32('cert', 'show', f('brp-euicc.der')),
    ]);
    expect([okNist.code, JSON.parse(okNist.out)]).toEqual([0, { valid: true, reason: 'valid', index: null, warnings: [] }]);
    expect([okBrp.code, JSON.parse(okBrp.out)]).toEqual([0, { valid: true, reason: 'valid', index: null, warnings: [] }]);
    expect([outside.code, JSON.parse(outside.out)]).toEqual([1, { valid: false, reason: 'eid-out-of-range', index: 1, warnings: [] }]);
    expect([trailing.code, JSON.parse(trailing.out)]).toEqual([1, { valid: false, reason: 'non-der-encoding', index: 1, warnings: [] }]);
    expect([wrongCi.code, JSON.parse(wrongCi.out)]).toEqual([1, { valid: false, reason: 'unknown-issuer', index: 0, warnings: [] }]);
    for (const r of [missing, badAt]) {
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(/^sgp32 cert: /);
    }
    // A file that is not a certificate is bad data (exit 1), not a usage error.
    expect([garbage.code, garbage.err]).toEqual([1, expect.stringMatching(/^sgp32 cert: .*not a certificate/)]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(new RegExp(`EID: +${EID}`));
    // The dispatcher's own help for the command.
    const help = await sgp32('cert', '--help');
    expect([help.code, help.out.includes('--anchor')]).toEqual([0, true]);
  });
});

describe.skipIf(!HAVE_CERTS)('sgp32 cert (built binary) on the SGP.26 test certificates', () => {
  if (!HAVE_CERTS) {
    it.skip(SKIP_MESSAGE, () => {});
    return;
  }
  const v = (p: string): string => path.join(CERTS_DIR, p);
  const at = ['--at', '2026-11-21T00:00:00Z'];

  it('both curves validate; the broken ones fail with the expected reason', async () => {
    const runs = await Promise.all([
      sgp32('cert', 'verify', '--json', ...at, '--anchor', v('sgp26/CI/CERT_CI_ECDSA_NIST.der'), v('sgp26/EUM/CERT_EUM_ECDSA_NIST.der'), v('sgp26/eUICC/CERT_EUICC_ECDSA_NIST.der')),
      sgp32('cert', 'verify', '--json', ...at, '--anchor', v('sgp26/CI/CERT_CI_ECDSA_BRP.der'), v('sgp26/EUM/CERT_EUM_ECDSA_BRP.der'), v('sgp26/eUICC/CERT_EUICC_ECDSA_BRP.der')),
      sgp32('cert', 'verify', '--json', ...at, '--role', 'dp-auth', '--anchor', v('sgp26/CI/CERT_CI_ECDSA_BRP.der'), v('sgp26/DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der')),
      sgp32('cert', 'verify', '--json', ...at, '--role', 'dp-pb', '--anchor', v('sgp26/CI/CERT_CI_ECDSA_NIST.der'), v('sgp26/DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der')),
      sgp32('cert', 'verify', '--json', ...at, '--anchor', v('sgp26/CI/CERT_CI_ECDSA_NIST.der'), v('sgp26/EUM/CERT_EUM_ECDSA_NIST.der'), v('invalid/CERT_EUICC_ECDSA_NIST_INVALID_EID.der')),
      sgp32('cert', 'verify', '--json', ...at, '--anchor', v('sgp26/CI/CERT_CI_ECDSA_NIST.der'), v('sgp26/EUM/CERT_EUM_ECDSA_NIST.der'), v('invalid/CERT_EUICC_ECDSA_NIST_EXPIRED.der')),
      sgp32('cert', 'verify', '--json', ...at, '--role', 'eim', '--anchor', v('eim/sample_eim_cert_nist.crt'), v('eim/sample_eim_cert_nist.crt')),
      sgp32('cert', 'verify', '--json', ...at, '--anchor', v('sgp26/CI/CERT_CI_ECDSA_NIST.der'), v('sgp26/EUM/CERT_EUM_ECDSA_NIST.der'), v('sgp26/eUICC/CERT_EUICC_ECDSA_BRP.der')),
    ]);
    expect(runs.map((r) => [r.code, JSON.parse(r.out)])).toEqual([
      [0, { valid: true, reason: 'valid', index: null, warnings: [] }],
      [0, { valid: true, reason: 'valid', index: null, warnings: [] }],
      [0, { valid: true, reason: 'valid', index: null, warnings: [] }],
      [0, { valid: true, reason: 'valid', index: null, warnings: [] }],
      [1, { valid: false, reason: 'eid-out-of-range', index: 1, warnings: [] }],
      [1, { valid: false, reason: 'expired', index: 1, warnings: [] }],
      [0, { valid: true, reason: 'valid', index: null, warnings: [] }],
      [1, { valid: false, reason: 'key-identifier-mismatch', index: 1, warnings: [] }],
    ]);
  });

  it('show --json on the SGP.26 EUM and eUICC', async () => {
    const r = await sgp32('cert', 'show', '--json', v('sgp26/EUM/CERT_EUM_ECDSA_NIST.der'), v('sgp26/eUICC/CERT_EUICC_ECDSA_BRP.der'));
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as { role: string; eid: string | null; permittedEidPrefixes: string[] | null; curve: string }[];
    expect(list.map((c) => [c.role, c.eid, c.permittedEidPrefixes, c.curve])).toEqual([
      ['eum', null, ['89049032'], 'P-256'],
      ['euicc', '89049032123451234512345678901235', null, 'brainpoolP256r1'],
    ]);
  });
});
