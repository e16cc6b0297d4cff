/**
 * `sgp32 bpp inspect|open|build` through the built binary (node bin/sgp32.js; `npm test` builds
 * first): a build → inspect → open round trip with key files, exit codes 0/1/2, a tampered
 * package naming its segment, input forms, and the old pySim package strict and lenient.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeProvider } from '../../../src/crypto/node/index.js';
import { exportPrivateKeyDer, exportPrivateKeyPem, exportPublicKeyPem } from '../../../src/crypto/keys.js';
import { runBpp } from '../../../src/cli/bpp.js';
import { SKIP_MSG, haveBsp, readJson, repoRoot, toHex, vectorsDir } from './helpers.js';

const bin = path.join(repoRoot, 'bin/sgp32.js');
const built = existsSync(path.join(repoRoot, 'dist/cli/bpp.js'));

function run(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'bpp', ...args], { encoding: 'utf8', cwd: repoRoot });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!built)(`sgp32 bpp (built binary)${built ? '' : ' — dist/ missing: run npm run build'}`, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sgp32-bpp-'));
  const f = (name: string) => path.join(dir, name);
  const euicc = nodeProvider.generateKeyPair('P-256');
  const dppb = nodeProvider.generateKeyPair('P-256');
  const smdpOt = nodeProvider.generateKeyPair('P-256');
  const EID = '89049032123451234512345678901235';
  // a profile-like UPP: 9 TLVs of 1,500 bytes, then the End element
  const upp = new Uint8Array(9 * 1504 + 2);
  for (let i = 0; i < 9; i++) upp.set([0xa0, 0x82, 0x05, 0xdc, ...new Uint8Array(1500).fill(i + 1)], i * 1504);
  upp.set([0xaa, 0x00], 9 * 1504);
  writeFileSync(f('upp.der'), upp);
  writeFileSync(f('euicc.pem'), exportPrivateKeyPem(euicc.privateKey, 'sec1'));
  writeFileSync(f('dppb.pem'), exportPrivateKeyPem(dppb.privateKey));
  writeFileSync(f('dppb-pub.pem'), exportPublicKeyPem(dppb.publicKey));
  writeFileSync(f('meta.json'), JSON.stringify({ iccid: '89000123456789012341', serviceProviderName: 'CLI', profileName: 'Round trip' }));

  it('build → inspect → open round trip with key files; the profile comes back byte-exact', () => {
    const b = run(
      'build', '--upp', f('upp.der'), '--metadata', f('meta.json'), '--eid', EID,
      '--euicc-otpk', toHex(euicc.publicKey.point), '--curve', 'p256', '--dppb-key', f('dppb.pem'),
      '--smdp-otsk', toHex(smdpOt.privateKey.d), '--transaction-id', '00112233445566778899aabbccddeeff',
      '--ppk-enc', '01'.repeat(16), '--ppk-mac', '02'.repeat(16), '--ppk-icv', '03'.repeat(16), '-o', f('bpp.der'),
    );
    expect(b.stderr).toContain('written to');
    expect(b.status).toBe(0);
    const i = run('inspect', f('bpp.der'), '--json');
    expect(i.status).toBe(0);
    const info = JSON.parse(i.stdout);
    expect(info.transactionId).toBe('00112233445566778899aabbccddeeff');
    expect(info.smdpOtpk).toBe(toHex(smdpOt.publicKey.point));
    expect(info.groups.map((g: { group: string; count: number }) => [g.group, g.count])).toEqual([
      ['firstSequenceOf87', 1],
      ['sequenceOf88', 1],
      ['secondSequenceOf87', 1],
      ['sequenceOf86', Math.ceil(upp.length / 1007)],
    ]);
    expect(info.storeMetadata.profileName).toBe('Round trip');
    const o = run('open', f('bpp.der'), '--eid', EID, '--euicc-otsk', f('euicc.pem'), '--dppb-cert', f('dppb-pub.pem'), '-o', f('upp2.der'), '--json');
    expect(o.status).toBe(0);
    const report = JSON.parse(o.stdout);
    expect([report.ok, report.signature, report.sessionKeysReplaced]).toEqual([true, 'valid', true]);
    expect(Buffer.compare(readFileSync(f('upp2.der')), Buffer.from(upp))).toBe(0);
    // hex input is read as well
    writeFileSync(f('bpp.hex'), toHex(readFileSync(f('bpp.der'))).replace(/(.{64})/g, '$1\n'));
    expect(run('open', f('bpp.hex'), '--eid', EID, '--euicc-otsk', toHex(euicc.privateKey.d), '--curve', 'p256').status).toBe(0);
  });

  it('key files in any input form: PEM, DER, base64 DER, a hex scalar or point (in-process runner)', async () => {
    const out: string[] = [];
    const io = {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void out.push(t),
      readFile: async (p: string) => new Uint8Array(readFileSync(p)),
      writeFile: async () => undefined,
      readStdin: async () => new Uint8Array(0),
    };
    writeFileSync(f('euicc.der'), exportPrivateKeyDer(euicc.privateKey));
    writeFileSync(f('euicc.b64'), Buffer.from(exportPrivateKeyDer(euicc.privateKey)).toString('base64') + '\n');
    writeFileSync(f('euicc.hex'), toHex(euicc.privateKey.d) + '\n');
    writeFileSync(f('dppb-pub.hex'), toHex(dppb.publicKey.point));
    for (const key of ['euicc.pem', 'euicc.der', 'euicc.b64', 'euicc.hex']) {
      const args = ['open', f('bpp.der'), '--eid', EID, '--euicc-otsk', f(key), '--curve', 'p256', '--dppb-cert', key === 'euicc.hex' ? f('dppb-pub.hex') : f('dppb-pub.pem')];
      const code = await runBpp(args, io);
      expect(code, `${key}: ${out.join("")}`).toBe(0);
    }
    expect(out.filter((l) => l.startsWith('ok:')).length).toBe(4);
  });

  it('exit 1 with the reason and segment index for a tampered package', () => {
    const bpp = new Uint8Array(readFileSync(f('bpp.der')));
    bpp[bpp.length - 1] ^= 1; // MAC of the last profile segment
    writeFileSync(f('bad.der'), bpp);
    const o = run('open', f('bad.der'), '--eid', EID, '--euicc-otsk', f('euicc.pem'));
    expect(o.status).toBe(1);
    const segments = 3 + Math.ceil(upp.length / 1007);
    expect(o.stderr).toContain(`mac-mismatch at segment ${segments - 1} (sequenceOf86[${segments - 4}])`);
    const j = run('open', f('bad.der'), '--eid', EID, '--euicc-otsk', f('euicc.pem'), '--json');
    expect(j.status).toBe(1);
    expect(JSON.parse(j.stdout).failure).toMatchObject({ reason: 'mac-mismatch', segment: segments - 1, group: 'sequenceOf86' });
    // a wrong signing certificate: bad-signature, exit 1
    writeFileSync(f('other-pub.pem'), exportPublicKeyPem(nodeProvider.generateKeyPair('P-256').publicKey));
    const s = run('open', f('bpp.der'), '--eid', EID, '--euicc-otsk', f('euicc.pem'), '--dppb-cert', f('other-pub.pem'));
    expect([s.status, s.stderr.includes('bad-signature')]).toEqual([1, true]);
    // a package cut short inside BF36: structure errors of inspect are exit 1 too
    writeFileSync(f('short.der'), readFileSync(f('bpp.der')).subarray(0, 500));
    expect(run('inspect', f('short.der')).status).toBe(1);
  });

  it('exit 2 for usage errors and unreadable input (binary, then the same runner in-process)', async () => {
    expect(run('frobnicate').status).toBe(2);
    const missing = run('open', f('nope.der'), '--eid', EID, '--euicc-otsk', f('euicc.pem'));
    expect([missing.status, missing.stderr.includes('no such file')]).toEqual([2, true]);
    writeFileSync(f('text.txt'), 'this is not a package\n');
    const cases: [string[], string][] = [
      [[], 'Usage'],
      [['open', f('bpp.der'), '--eid', EID], '--euicc-otsk'],
      [['open', f('bpp.der'), '--eid', '1234', '--euicc-otsk', f('euicc.pem')], '--eid must be 16 bytes'],
      [['open', f('bpp.der'), '--eid', EID, '--euicc-otsk', f('meta.json')], 'unreadable input'],
      [['open', f('bpp.der'), '--eid', EID, '--euicc-otsk', f('euicc.pem'), '--accept', 'nonsense'], 'unknown deviation'],
      [['inspect', f('text.txt')], 'unreadable input'],
      [['build', '--upp', f('upp.der'), '--metadata', f('meta.json'), '--eid', EID, '--euicc-otpk', toHex(euicc.publicKey.point)], '--curve is required'],
      [['build', '--upp', f('upp.der'), '--metadata', '{"iccid": 5}', '--eid', EID, '--euicc-otpk', toHex(euicc.publicKey.point), '--curve', 'p256'], 'unreadable input'],
      [['build', '--upp', f('upp.der'), '--metadata', f('meta.json'), '--eid', EID, '--euicc-otpk', toHex(euicc.publicKey.point), '--curve', 'p256', '--segment-size', '9'], '--segment-size'],
    ];
    for (const [args, message] of cases) {
      const err: string[] = [];
      const io = {
        stdout: () => undefined,
        stderr: (t: string) => void err.push(t),
        readFile: async (p: string) => new Uint8Array(readFileSync(p)),
        writeFile: async () => undefined,
        readStdin: async () => new Uint8Array(0),
      };
      expect(await runBpp(args, io), args.join(' ')).toBe(2);
      expect(err.join(''), args.join(' ')).toContain(message);
    }
  });

  it.skipIf(!haveBsp)(`the old pySim package: strict names its deviations (exit 1), --lenient opens it${haveBsp ? '' : ` (${SKIP_MSG})`}`, () => {
    const meta = readJson('bsp', 'bpp_decode', 'bpp_decode.json');
    const k = meta.keys;
    const args = [
      'open', path.join(vectorsDir, 'bsp/bpp_decode/bpp.der'),
      '--s-enc', k.session.sEnc, '--s-mac', k.session.sMac, '--mcv', k.session.initialMacChainingValue,
      '--ppk-enc', k.ppk.sEnc, '--ppk-mac', k.ppk.sMac, '--ppk-icv', k.ppk.initialMacChainingValue,
    ];
    const strict = run(...args);
    expect(strict.status).toBe(1);
    for (const code of ['double-wrapped', 'oversized-segment', 'replacement-keys-without-request']) expect(strict.stderr).toContain(code);
    const lenient = run(...args, '--lenient', '-o', f('old-upp.der'));
    expect(lenient.status).toBe(0);
    expect(Buffer.compare(readFileSync(f('old-upp.der')), readFileSync(path.join(vectorsDir, 'bsp/bpp_decode/upp_expected.der')))).toBe(0);
  });
});
