/**
 * The dump verdicts through the built `sgp32` binary: decode and validate refuse keys and
 * bare SEQUENCEs, read every PEM block, and decode a component under its implicit tag.
 */
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Sgp32 } from '../../src/index.js';
import { bytesToHex, bytesToPem } from '../../src/inspect/input.js';
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
    ['decode: a random SEQUENCE is not a message', ['decode', '-'], '3006020105 0c0141', 1, /not a message: it decodes only as/],
    ['decode: a PendingNotificationList under A0 needs its type', ['decode', '-'], bytesToHex(pnlA0), 1, /not a message/],
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
});
