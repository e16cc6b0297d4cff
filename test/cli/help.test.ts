/**
 * The `sgp32` binary: help for every command and flag, --version, types, encode round trips.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ensureBuilt, sgp32 } from './helpers.js';
import { ownRequest } from './own-message.js';

let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sgp32-cli-help-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('help, version, types', () => {
  it('prints the version', () => {
    const r = sgp32(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sgp32 \d+\.\d+\.\d+\n$/);
  });

  const flags: Record<string, string[]> = {
    decode: ['--type', '--in', '--format', '--color', '--lenient', '--full', '--output', '--quiet'],
    encode: ['--type', '--form', '--output'],
    detect: ['--in', '--lenient', '--all', '--json'],
    validate: ['--type', '--lenient', '--report', '--json', '--output', '--jobs', '--verbose'],
    types: ['--module', '--json'],
    demo: ['--dir'],
    eim: ['--key', '--cert', '--pubkey', '--association-token', '--form', '--output', '--json'],
  };
  for (const [cmd, fl] of Object.entries(flags)) {
    it(`documents every flag of ${cmd}`, () => {
      const a = sgp32([cmd, '--help']);
      expect(a.code).toBe(0);
      expect(a.stdout).toMatch(new RegExp(`^Usage: sgp32 ${cmd}`));
      for (const f of fl) expect(a.stdout, f).toContain(f);
      if (cmd === 'decode') {
        expect(sgp32([cmd, '-h']).stdout).toBe(a.stdout);
        expect(sgp32(['help', cmd]).stdout).toBe(a.stdout);
      }
    });
  }

  it('main help lists every command', () => {
    const r = sgp32(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of Object.keys(flags)) expect(r.stdout).toContain(`  ${cmd}`);
  });

  it('lists the types of a module, by name or namespace', () => {
    const a = sgp32(['types', '--module', 'Sgp32']);
    expect(a.code).toBe(0);
    const lines = a.stdout.trim().split('\n');
    expect(lines.every((l) => l.startsWith('SGP32Definitions.'))).toBe(true);
    expect(lines.find((l) => l.startsWith('SGP32Definitions.EuiccPackageRequest '))).toMatch(/ BF51 +SEQUENCE$/);
    expect(lines.find((l) => l.startsWith('SGP32Definitions.EsipaMessageFromIpaToEim '))).toMatch(/BF39 .* CHOICE$/);
    expect(sgp32(['types', '--module', 'SGP32Definitions']).stdout).toBe(a.stdout);
    const all = JSON.parse(sgp32(['types', '--json']).stdout) as { type: string }[];
    expect(all.length).toBeGreaterThan(400);
    expect(all.filter((t) => t.type.endsWith('.EUICCInfo2')).map((t) => t.type).sort()).toEqual(['RSPDefinitions.EUICCInfo2', 'SGP32Definitions.EUICCInfo2']);
  });
});

describe('encode', () => {
  it('round-trips JER to DER, hex, base64 and PEM', () => {
    const der = ownRequest();
    const jer = join(dir, 'req.json');
    writeFileSync(jer, sgp32(['decode', '-', '-q'], { input: der }).stdout);
    const a = sgp32(['encode', '--type', 'EuiccPackageRequest', jer]);
    expect(a.code, a.stderr).toBe(0);
    expect(hex(a.stdoutBytes)).toBe(hex(der));
    expect(sgp32(['encode', '-t', 'Sgp32.EuiccPackageRequest', '--form', 'hex', jer]).stdout).toBe(hex(der) + '\n');
    expect(sgp32(['encode', '-t', 'EuiccPackageRequest', '--form', 'base64', jer]).stdout).toBe(Buffer.from(der).toString('base64') + '\n');
    const pem = sgp32(['encode', '-t', 'EuiccPackageRequest', '--form', 'pem', jer]).stdout;
    expect(pem.startsWith('-----BEGIN EUICCPACKAGEREQUEST-----\n')).toBe(true);
    expect(sgp32(['decode', '-', '-q'], { input: pem }).stdout).toBe(readFileSync(jer, 'utf8'));
    const out = join(dir, 'req.der');
    expect(sgp32(['encode', '-t', 'EuiccPackageRequest', jer, '-o', out]).code).toBe(0);
    expect(hex(readFileSync(out))).toBe(hex(der));
  });

  it('exits 1 with the JSON path for JSON that does not fit the type', () => {
    const r = sgp32(['encode', '-t', 'EuiccPackageRequest', '-'], { input: '{"euiccPackageSigned":{"eimId":"x"}}' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^sgp32 encode: error: bad-json in EuiccPackageRequest\.euiccPackageSigned: /);
    expect(sgp32(['encode', '-t', 'EuiccPackageRequest', '-'], { input: '{not json' }).code).toBe(1);
  });
});

