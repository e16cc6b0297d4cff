/**
 * The dump verdicts through the built `sgp32` binary: decode and validate refuse keys and
 * bare SEQUENCEs, read every PEM block, and decode a component under its implicit tag.
 */
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Sgp32 } from '../../src/index.js';
import { bytesToHex, bytesToPem } from '../../src/inspect/input.js';
import { hex } from '../support/bytes.js';
import { makeValue } from './generate.js';
import { ensureBuilt, sgp32 } from './helpers.js';

beforeAll(() => ensureBuilt());

const sec1Pem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
const cert = makeValue('PKIX1Explicit88.Certificate')!.der;
const pir = Sgp32.ProfileInstallationResult.decode(makeValue('SGP32Definitions.ProfileInstallationResult')!.der);
const pnl = Sgp32.PendingNotificationList.encode([{ $case: 'profileInstallationResult', value: pir }] as never);
const pnlA0 = Uint8Array.from([0xa0, ...pnl.subarray(1)]);

describe('sgp32 decode / validate verdicts', () => {
  // [row, args, stdin, exit code, stderr or stdout pattern]
  const rows: [string, string[], string, number, RegExp][] = [
    ['decode: a key PEM is not a message', ['decode', '-'], sec1Pem, 1, /not-a-message: a key \(PEM label EC PRIVATE KEY\)/],
    ['decode: a random SEQUENCE is not a message', ['decode', '-'], '3006020105 0c0141', 1, /not-a-message: no message type fits; it decodes only as .+: give the type with --type/],
    ['decode: a PendingNotificationList under A0 needs its type', ['decode', '-'], bytesToHex(pnlA0), 1, /not-a-message: no message type fits; it decodes only as SGP32Definitions.EuiccPackage/],
    ['decode --type PendingNotificationList --tag A0 reads it', ['decode', '-', '--type', 'PendingNotificationList', '--tag', 'A0'], bytesToHex(pnlA0), 0, /profileInstallationResult/],
    ['decode: every block of a PEM chain', ['decode', '-'], bytesToPem(cert, 'CERTIFICATE') + bytesToPem(cert, 'CERTIFICATE'), 0, /PEM block 2 \(CERTIFICATE\)/],
    ['validate: a key PEM fails', ['validate', '-'], sec1Pem, 1, /not-a-message/],
    ['validate: a chain and a key, one verdict per block', ['validate', '-', '-v'], bytesToPem(cert, 'CERTIFICATE') + sec1Pem, 1, /ok {4}-\[1\] \(CERTIFICATE\)[\s\S]*FAIL {2}-\[2\] \(EC PRIVATE KEY\)/],
  ];
  it.each(rows)('%s', (_row, args, input, code, pattern) => {
    const r = sgp32(args, { input });
    expect(r.code, r.stderr).toBe(code);
    expect(r.stdout + r.stderr).toMatch(pattern);
  });

  // What `openssl ecparam -name prime256v1 -genkey` writes: the curve OID, then the key.
  const ecParamKey = bytesToPem(Uint8Array.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]), 'EC PARAMETERS') + sec1Pem;
  // [row, stdin, format, exit code, per block: type or null for a refused one]
  const blockRows: [string, string, string, number, (string | null)[]][] = [
    ['an ecparam key file: two refused blocks', ecParamKey, 'jer', 1, [null, null]],
    ['an ecparam key file as tree-json', ecParamKey, 'tree-json', 1, [null, null]],
    ['a certificate then a key', bytesToPem(cert, 'CERTIFICATE') + sec1Pem, 'jer', 1, ['PKIX1Explicit88.Certificate', null]],
    ['a chain of two certificates', bytesToPem(cert, 'CERTIFICATE') + bytesToPem(cert, 'CERTIFICATE'), 'jer', 0, ['PKIX1Explicit88.Certificate', 'PKIX1Explicit88.Certificate']],
  ];
  it.each(blockRows)('decode: one JSON entry per PEM block, refused ones with their error: %s', (_row, input, format, code, types) => {
    const r = sgp32(['decode', '-', '-q', '-f', format], { input });
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).not.toMatch(/capture/);
    const entries = JSON.parse(r.stdout) as { source: string; type: string | null; value?: unknown; nodes?: unknown; error?: { code: string; detail: string } }[];
    expect(entries.map((e) => e.type)).toEqual(types);
    entries.forEach((e, i) => {
      expect(e.source).toMatch(new RegExp(`^stdin PEM block ${i + 1} \\(`));
      if (e.type === null) {
        expect(e.error?.code).toBe('not-a-message');
        expect(r.stderr).toContain(`${e.source}: error: not-a-message: ${e.error?.detail}`);
      } else expect(e.error).toBeUndefined();
    });
  });
  it('decode -f tree: each refused block under its heading with its error', () => {
    const r = sgp32(['decode', '-', '-f', 'tree'], { input: ecParamKey });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^# stdin PEM block 1 \(EC PARAMETERS\)\n!not-a-message: a key \(PEM label EC PARAMETERS\)[^\n]*\n\n# stdin PEM block 2 \(EC PRIVATE KEY\)\n!not-a-message: a key/);
    expect(r.stderr).not.toMatch(/capture/);
  });
  // [row, stdin, exit code, human summary, JSON summary]
  const validateRows: [string, string, number, string, Record<string, number>][] = [
    ['an ecparam key file: two invalid dumps', ecParamKey, 1, '2 dumps in 1 file: 0 valid, 2 invalid', { files: 1, valid: 0, invalid: 1, dumps: 2, validDumps: 0, invalidDumps: 2 }],
    ['a certificate then a key: one valid, one invalid', bytesToPem(cert, 'CERTIFICATE') + sec1Pem, 1, '2 dumps in 1 file: 1 valid, 1 invalid', { files: 1, valid: 0, invalid: 1, dumps: 2, validDumps: 1, invalidDumps: 1 }],
    ['a chain of three certificates: all valid', bytesToPem(cert, 'CERTIFICATE').repeat(3), 0, '3 dumps in 1 file: 3 valid, 0 invalid', { files: 1, valid: 1, invalid: 0, dumps: 3, validDumps: 3, invalidDumps: 0 }],
    ['one certificate: one dump', bytesToPem(cert, 'CERTIFICATE'), 0, '1 dump: 1 valid, 0 invalid', { files: 1, valid: 1, invalid: 0, dumps: 1, validDumps: 1, invalidDumps: 0 }],
  ];
  it.each(validateRows)('validate: the summary counts a verdict per PEM block: %s', (_row, input, code, line, counts) => {
    const r = sgp32(['validate', '-'], { input });
    expect(r.code, r.stderr).toBe(code);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith(`${line} (`)), r.stdout).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('FAIL')).length).toBe(counts.invalidDumps);
    const json = sgp32(['validate', '-', '--json'], { input });
    expect(json.code).toBe(code);
    expect((JSON.parse(json.stdout) as { summary: Record<string, number> }).summary).toMatchObject(counts);
  });
  it('decode: a capture without payloads still says so', () => {
    // A pcap global header (little-endian, v2.4, snaplen 65535, Ethernet) and no packets.
    const pcap = hex('d4c3b2a1020004000000000000000000ffff000001000000');
    const r = sgp32(['decode', '-'], { input: pcap });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no message found \(a capture without SGP\.32\/SGP\.22 payloads\)/);
  });
});
