/**
 * `sgp32 cert` in-process (runCert with in-memory files): every exit code, the --json shape,
 * DER and PEM inputs, bundles, and each usage error. The built binary is exercised in
 * cert-binary.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { concat } from '../support/bytes.js';
import { EID, makeCertSet, runCertOn, toPem } from './cert-fixtures.js';

const nist = makeCertSet('P-256', 'P-256', 'P-256');
const brp = makeCertSet('brainpoolP256r1', 'brainpoolP256r1', 'brainpoolP256r1');
const mixed = makeCertSet('P-256', 'brainpoolP256r1', 'P-256');

const files = new Map<string, Uint8Array>();
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
for (const [name, set] of [
  ['nist', nist],
  ['brp', brp],
  ['mixed', mixed],
] as const) {
  for (const [k, der] of Object.entries(set)) {
    files.set(`${name}/${k}.der`, der);
    files.set(`${name}/${k}.pem`, text(toPem(der)));
  }
  files.set(`${name}/chain.pem`, text(toPem(set.eum) + toPem(set.euicc)));
  files.set(`${name}/chain.der`, concat(set.eum, set.euicc));
}
files.set('junk.bin', Uint8Array.of(1, 2, 3));
files.set('key.pem', text('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'));

const run = (...args: string[]): Promise<{ code: number; out: string; err: string }> => runCertOn(files, args);

const json = async (...args: string[]): Promise<{ code: number; verdict: unknown }> => {
  const r = await run(...args, '--json');
  return { code: r.code, verdict: JSON.parse(r.out) };
};

describe('sgp32 cert verify', () => {
  it.each(['nist', 'brp', 'mixed'])('valid CI → EUM → eUICC (%s), DER and PEM, files or one bundle', async (set) => {
    for (const ext of ['der', 'pem']) {
      const r = await run('verify', '--anchor', `${set}/ci.${ext}`, `${set}/eum.${ext}`, `${set}/euicc.${ext}`);
      expect(r.code, r.out + r.err).toBe(0);
      expect(r.out).toContain(`EID ${EID}`);
      expect(await json('verify', '--anchor', `${set}/ci.${ext}`, `${set}/chain.${ext}`)).toEqual({ code: 0, verdict: { valid: true, reason: 'valid', index: null, warnings: [] } });
    }
    // The anchor may be given as the first certificate of the chain too.
    expect((await run('verify', '--anchor', `${set}/ci.der`, `${set}/ci.der`, `${set}/chain.pem`)).code).toBe(0);
  });

  it('--role: the leaf must have it; without it the leaf policy is used', async () => {
    expect((await run('verify', '--anchor', 'nist/ci.der', '--role', 'euicc', 'nist/chain.der')).code).toBe(0);
    expect(await json('verify', '--anchor', 'nist/ci.der', '--role', 'dp-auth', 'nist/chain.der')).toEqual({ code: 1, verdict: { valid: false, reason: 'role-mismatch', index: 1, warnings: [] } });
    expect((await run('verify', '--anchor', 'nist/ci.der', '--role', 'dp-auth', 'nist/dpAuth.der')).code).toBe(0);
    expect((await run('verify', '--anchor', 'nist/ci.der', 'nist/dpAuth.pem')).code).toBe(0);
    expect(await json('verify', '--anchor', 'nist/ci.der', '--role', 'dp-pb', 'nist/dpAuth.der')).toEqual({ code: 1, verdict: { valid: false, reason: 'role-mismatch', index: 0, warnings: [] } });
    // The EUM alone as leaf.
    expect((await run('verify', '--anchor', 'brp/ci.pem', '--role', 'eum', 'brp/eum.pem')).code).toBe(0);
  });

  it('invalid chains: exit 1 with reason and index', async () => {
    const cases: [string[], string, number][] = [
      [['--anchor', 'brp/ci.der', 'nist/eum.der', 'nist/euicc.der'], 'unknown-issuer', 0],
      [['--anchor', 'nist/ci.der', 'nist/eum.der', 'brp/euicc.der'], 'key-identifier-mismatch', 1],
      [['--anchor', 'nist/ci.der', 'nist/eum.der', 'nist/euiccOutside.der'], 'eid-out-of-range', 1],
      [['--anchor', 'nist/ci.der', 'nist/eum.der', 'nist/euiccTrailing.der'], 'non-der-encoding', 1],
      [['--anchor', 'nist/ci.der', 'nist/eum.der', 'nist/euiccBer.der'], 'non-der-encoding', 1],
      [['--anchor', 'nist/ci.der', '--at', '2026-01-01', 'nist/eum.der', 'nist/euiccExpired.der'], 'expired', 1],
      [['--anchor', 'nist/ci.der', '--at', '2023-12-31T23:59:59Z', 'nist/eum.der', 'nist/euicc.der'], 'not-yet-valid', -1],
      [['--anchor', 'nist/ci.der', 'nist/euicc.der'], 'unknown-issuer', 0],
    ];
    for (const [args, reason, index] of cases) {
      const r = await run('verify', ...args, '--json');
      expect({ code: r.code, verdict: JSON.parse(r.out) }, args.join(' ')).toEqual({ code: 1, verdict: { valid: false, reason, index, warnings: [] } });
      expect(r.err.length).toBeGreaterThan(0);
      const t = await run('verify', ...args);
      expect(t.code).toBe(1);
      expect(t.out).toMatch(new RegExp(`^invalid: ${reason} at ${index < 0 ? 'the anchor' : `certificate ${index} `}`));
    }
    // --at decides: the expired certificate was valid in 2025.
    expect((await run('verify', '--anchor', 'nist/ci.der', '--at', '2025-06-30T12:00:00+02:00', 'nist/eum.der', 'nist/euiccExpired.der')).code).toBe(0);
    // Several anchors: the chain's issuer picks one.
    expect((await run('verify', '--anchor', 'brp/ci.der', '--anchor', 'nist/ci.pem', 'nist/chain.der')).code).toBe(0);
  });

  it('usage errors and unreadable input: exit 2, one message on stderr', async () => {
    const usage: string[][] = [
      [],
      ['frobnicate'],
      ['verify', 'nist/chain.der'],
      ['verify', '--anchor', 'nist/ci.der'],
      ['verify', '--anchor', 'nist/ci.der', '--role', 'king', 'nist/chain.der'],
      ['verify', '--anchor', 'nist/ci.der', '--at', 'yesterday', 'nist/chain.der'],
      ['verify', '--anchor', 'nist/ci.der', '--at', '2026-02-30', 'nist/chain.der'],
      ['verify', '--anchor', 'nist/ci.der', '--bogus', 'nist/chain.der'],
      ['verify', '--anchor', 'missing.der', 'nist/chain.der'],
      ['verify', '--anchor', 'nist/ci.der', 'missing.der'],
      ['show'],
      ['show', 'missing.der'],
    ];
    for (const args of usage) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^sgp32 cert: .+\nRun 'sgp32 cert --help' for usage\.\n$/);
    }
    // Flag errors are in our words (not node:util's), as in every other command.
    for (const [args, message] of [
      [['verify', '--anchor', 'nist/ci.der', '--bogus', 'nist/chain.der'], 'sgp32 cert: verify: unknown option --bogus\n'],
      [['show', 'nist/ci.der', '--at'], 'sgp32 cert: show: --at needs a value\n'],
      [['show', '--json=yes', 'nist/ci.der'], 'sgp32 cert: show: --json takes no value\n'],
    ] as const) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.split('Run ')[0], args.join(' ')).toBe(message);
    }
    // Files that were read but are not certificates (or CRLs) are bad data: exit 1, like an invalid chain.
    for (const args of [
      ['verify', '--anchor', 'nist/ci.der', 'junk.bin'],
      ['verify', '--anchor', 'key.pem', 'nist/chain.der'],
      ['show', 'junk.bin'],
    ]) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^sgp32 cert: .+: not a certificate: /);
    }
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('sgp32 cert verify --anchor');
  });
});

describe('sgp32 cert show', () => {
  it('text: the GSMA view of each certificate, bundles numbered', async () => {
    const r = await run('show', 'nist/chain.pem', 'brp/ci.der');
    expect(r.code).toBe(0);
    expect(r.out).toContain('nist/chain.pem [0]');
    expect(r.out).toContain('nist/chain.pem [1]');
    expect(r.out).toMatch(/role: +eUICC Manufacturer \(EUM\) — SGP\.22 v2 profile, variant O \[eum, variant O\]/);
    expect(r.out).toMatch(/permitted EID prefixes: *89049032/);
    expect(r.out).toMatch(new RegExp(`EID: +${EID}`));
    expect(r.out).toMatch(/public key: +id-ecPublicKey \(1\.2\.840\.10045\.2\.1\) on brainpoolP256r1/);
  });

  it('--json: one summary per certificate, problems included', async () => {
    const { code, verdict } = await json('show', 'mixed/chain.der', 'nist/euiccBer.der');
    expect(code).toBe(0);
    const list = verdict as { file: string; role: string; curve: string; eid: string | null; problems: { code: string; detail: string }[] }[];
    expect(list.map((c) => [c.file, c.role, c.curve, c.eid])).toEqual([
      ['mixed/chain.der', 'eum', 'brainpoolP256r1', null],
      ['mixed/chain.der', 'euicc', 'P-256', EID],
      ['nist/euiccBer.der', 'euicc', 'P-256', EID],
    ]);
    expect(list[2].problems.map((p) => `${p.code}: ${p.detail}`).join('\n')).toMatch(/^non-der: .*non-minimal-length/m);
  });
});
