/**
 * `sgp32 pki init`, `sgp32 euicc init|exec|show` and `sgp32 ipa run|fleet` as a user runs them
 * (the built binary): the PKI files validate, a package executes through a state file and its
 * replay is refused, the state file survives a kill between write and rename, and the IPA and a
 * fleet talk to the SDK's eIM handler on loopback.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPrivateKey } from '../../src/crypto/keys.js';
import { validateChain } from '../../src/pki/validate.js';
import { verifyEuiccPackageResult } from '../../src/rsp/euicc-package-result.js';
import { signEuiccPackage } from '../../src/rsp/eim-package.js';
import { createTestEim } from '../../src/sim/eim.js';
import { iccidToBytes } from '../../src/sim/profiles.js';
import { createTestSmdp } from '../../src/sim/smdp.js';
import { es9HandlersOf } from '../../src/sim/es9.js';
import { minimalUpp } from '../../src/sim/upp.js';
import { createEs9Handler } from '../../src/node/esipa-http.js';
import { createServer } from 'node:http';
import { BIN, ensureBuilt, sgp32 } from './helpers.js';
import { ISD_R_AID, storeDataApdus } from '../../src/esipa/es10-apdu.js';
import { toHex } from '../../src/der/bytes.js';
import { startEimServer } from '../sim/helpers.js';

const ICCID_A = '8944501234567890123';
const ICCID_B = '8944501234567890131';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sgp32-sim-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the binary asynchronously (the eIM server of the test lives in this process). */
function sgp32Async(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function bytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

describe('sgp32 pki init', () => {
  it.each(['p256', 'brainpoolP256r1'])('--curve %s writes chains that validate', (curve) => {
    const out = join(dir, `pki-${curve}`);
    const r = sgp32(['pki', 'init', '--curve', curve, '--eum-prefix', '89049032', '-o', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const index = JSON.parse(r.stdout) as { eid: string; curve: string };
    expect(index.curve).toBe(curve === 'p256' ? 'P-256' : 'brainpoolP256r1');
    const at = new Date(Date.now() + 60_000);
    const v = validateChain({ chain: [bytes(join(out, 'eum.der')), bytes(join(out, 'euicc.der'))], anchors: [readFileSync(join(out, 'ci.pem'), 'utf8')], at });
    expect(v.valid ? v.eid : v).toBe(index.eid);
    for (const [file, role] of [['dp-auth.der', 'dp-pb'], ['dp-pb.der', 'dp-pb']] as const) {
      const d = validateChain({ chain: [bytes(join(out, file))], anchors: [bytes(join(out, 'ci.der'))], at, expectedRole: role });
      expect(d.valid).toBe(file === 'dp-pb.der');
    }
    expect(importPrivateKey(readFileSync(join(out, 'euicc-key.pem'), 'utf8')).curve).toBe(index.curve);
  });

  it('refuses a bad prefix and a missing -o', () => {
    expect(sgp32(['pki', 'init', '--eum-prefix', '89x', '-o', join(dir, 'x')]).code).toBe(2);
    expect(sgp32(['pki', 'init']).code).toBe(2);
  });
});

describe('sgp32 euicc', () => {
  const pki = () => join(dir, 'pki-p256');
  const state = () => join(dir, 'state.json');
  const pkg = (counter: number) => {
    const file = join(dir, `pkg-${counter}.der`);
    const index = JSON.parse(readFileSync(join(pki(), 'pki.json'), 'utf8')) as { eid: string; eimId: string };
    const { bytes: der } = signEuiccPackage({
      euiccPackageSigned: { eimId: index.eimId, eidValue: Buffer.from(index.eid, 'hex'), counterValue: counter, euiccPackage: { $case: 'psmoList', value: [{ $case: 'enable', value: { iccid: iccidToBytes(ICCID_B) } }] } },
      privateKey: readFileSync(join(pki(), 'eim-key.pem'), 'utf8'),
      associationToken: 1,
    });
    writeFileSync(file, der);
    return file;
  };

  beforeAll(() => {
    if (!existsSync(pki())) sgp32(['pki', 'init', '-o', pki()]);
    const r = sgp32(['euicc', 'init', '--pki', pki(), '-o', state(), '--profile', `${ICCID_A}:enabled`, '--profile', ICCID_B]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('exec runs a package, writes the signed result and the new state; the replay is refused and changes nothing', () => {
    const file = pkg(1);
    const r = sgp32(['euicc', 'exec', state(), file, '-o', join(dir, 'result.der')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('LoadEuiccPackage: ok');
    const v = verifyEuiccPackageResult(bytes(join(dir, 'result.der')), { certificate: bytes(join(pki(), 'euicc.der')), associationToken: 1 });
    expect(v.valid && v.kind).toBe('euiccPackageResultSigned');
    const shown = JSON.parse(sgp32(['euicc', 'show', state(), '--json']).stdout) as { profiles: { state: string }[]; eims: { counterValue: number }[]; packageResults: number[] };
    expect(shown.profiles.map((p) => p.state)).toEqual(['disabled', 'enabled']);
    expect(shown.eims[0].counterValue).toBe(1);
    const before = readFileSync(state(), 'utf8');
    const replay = sgp32(['euicc', 'exec', state(), file, '--json']);
    expect(JSON.parse(replay.stdout)).toMatchObject({ command: 'LoadEuiccPackage', outcome: 'replayError', stateChanged: false });
    expect(readFileSync(state(), 'utf8')).toBe(before);
    expect(sgp32(['euicc', 'show', state()]).stdout).toContain('eim.test.example  counter 1  token 1');
  });

  it('the state file survives a kill between writing the new state and the rename', () => {
    const before = readFileSync(state(), 'utf8');
    const r = spawnSync(process.execPath, [BIN, 'euicc', 'exec', state(), pkg(2)], { env: { ...process.env, SGP32_TEST_CRASH_BEFORE_RENAME: '1' } });
    // The command process died of SIGKILL; bin/sgp32.js reports that as exit 70, one line.
    expect(r.status).toBe(70);
    expect(r.stderr.toString()).toMatch(/^sgp32 \S+: internal error in euicc: killed \(SIGKILL[^\n]*\n$/);
    expect(readFileSync(state(), 'utf8')).toBe(before);
    const leftovers = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toHaveLength(1); // the new state, written in full, never renamed
    expect(JSON.parse(readFileSync(join(dir, leftovers[0]), 'utf8')).eims[0].counterValue).toBe(2);
    rmSync(join(dir, leftovers[0]));
    // Nothing happened as far as the eUICC is concerned: the same package runs now.
    const again = sgp32(['euicc', 'exec', state(), pkg(2), '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'ok', stateChanged: true });
  });

  it('apdu runs the eUICC behind APDUs: channel, SELECT, a package in STORE DATA blocks, GET RESPONSE; a bad class gets 6E00', () => {
    const lines = [
      '# as an IPA sends them',
      '0070000001',
      '01a4040410' + toHex(ISD_R_AID),
      ...storeDataApdus(readFileSync(pkg(3)), { channel: 1, blockSize: 100 }).map((a) => toHex(a)),
      '01c0000000',
      'a1e2910003bf2e00',
    ];
    const file = join(dir, 'apdus.txt');
    writeFileSync(file, lines.join('\n') + '\n');
    const r = sgp32(['euicc', 'apdu', state(), file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { apdu: string; response: string; sw: string });
    expect(out.map((o) => o.sw)).toEqual(['9000', '6114', ...Array(out.length - 5).fill('9000'), expect.stringMatching(/^61/), '9000', '6e00']);
    expect(out[0].response).toBe('01');
    const result = Buffer.from(out.at(-2)!.response, 'hex');
    const v = verifyEuiccPackageResult(new Uint8Array(result), { certificate: bytes(join(pki(), 'euicc.der')), associationToken: 1 });
    expect(v.valid && v.kind).toBe('euiccPackageResultSigned');
    expect(JSON.parse(sgp32(['euicc', 'show', state(), '--json']).stdout).eims[0].counterValue).toBe(3);
    // the JSON lines are a trace decode reads back: the package and the eUICC's result
    const trace = join(dir, 'trace.jsonl');
    writeFileSync(trace, r.stdout);
    const d = sgp32(['decode', '--in', 'apdu', trace]);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stderr).toContain(`trace.jsonl: ${out.length} APDU exchanges, 1 ES10 command`);
    const decoded = JSON.parse(d.stdout) as { source: string; type: string }[];
    expect(decoded.map((x) => x.type)).toEqual(['SGP32Definitions.EuiccPackageRequest', 'SGP32Definitions.EuiccPackageResult']);
    expect(decoded[1].source).toMatch(/ES10 #1 channel 1 \(exchanges 3–\d+\) response, SW 9000$/);
    writeFileSync(trace, '> 81e2910003bf2e00\n');
    expect(sgp32(['decode', '--in', 'apdu', trace]).stderr).toContain('line 1: a command without its response');
    // not hex: bad data (exit 1), and nothing runs
    writeFileSync(file, '0070000001\nzz\n');
    const bad = sgp32(['euicc', 'apdu', state(), file]);
    expect([bad.code, bad.stdout]).toEqual([1, '']);
    expect(bad.stderr).toContain('line 2: not a hex APDU');
  });

  it('a malformed state file is bad data (exit 1); a missing one a usage error (exit 2)', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'sgp32-virtual-euicc/1', eid: 'x' }));
    const r = sgp32(['euicc', 'show', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('eid');
    expect(sgp32(['euicc', 'show', join(dir, 'none.json')]).code).toBe(2);
  });
});

describe('sgp32 ipa against the SDK eIM handler on loopback', () => {
  let url: string;
  let close: () => Promise<void>;
  const pkiDir = () => join(dir, 'pki-ipa');
  let eim: ReturnType<typeof createTestEim>;
  beforeAll(async () => {
    sgp32(['pki', 'init', '-o', pkiDir()]);
    eim = createTestEim({ eimId: 'eim.test.example', privateKey: readFileSync(join(pkiDir(), 'eim-key.pem'), 'utf8') });
    ({ url, close } = await startEimServer(eim.handlers));
  });
  afterAll(() => close());

  it.each(['asn1', 'json'])('ipa run (%s binding) executes the queued packages and stops when idle; the state file follows', async (binding) => {
    const st = join(dir, `ipa-${binding}.json`);
    sgp32(['euicc', 'init', '--pki', pkiDir(), '-o', st, '--profile', `${ICCID_A}:enabled`, '--profile', ICCID_B]);
    const index = JSON.parse(readFileSync(join(pkiDir(), 'pki.json'), 'utf8')) as { eid: string };
    eim.register(index.eid, { certificate: bytes(join(pkiDir(), 'euicc.der')), associationToken: 1 });
    eim.enqueue(index.eid, { kind: 'euiccPackage', euiccPackage: { $case: 'psmoList', value: [{ $case: 'enable', value: { iccid: iccidToBytes(ICCID_B) } }] } });
    eim.enqueue(index.eid, { kind: 'euiccPackage', euiccPackage: { $case: 'psmoList', value: [{ $case: 'listProfileInfo', value: {} }] } });
    const r = await sgp32Async(['ipa', 'run', '--eim', url, '--euicc', st, '--binding', binding, '--json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { step: string; outcome: string });
    expect(events.filter((e) => e.step === 'LoadEuiccPackage').map((e) => e.outcome)).toEqual(['ok', 'ok']);
    expect(events.at(-1)).toMatchObject({ step: 'GetEimPackage', outcome: 'noEimPackageAvailable' });
    const s = JSON.parse(readFileSync(st, 'utf8')) as { eims: { counterValue: number }[]; profiles: { state: string }[]; packageResults: unknown[] };
    expect(s.eims[0].counterValue).toBe(2);
    expect(s.profiles.map((p) => p.state)).toEqual(['disabled', 'enabled']);
    expect(s.packageResults).toEqual([]);
    expect(eim.results.slice(-2).every((x) => x.valid && x.outcome === 'ok')).toBe(true);
    eim.register(index.eid, { certificate: bytes(join(pkiDir(), 'euicc.der')), associationToken: 1 }); // next binding starts from counter 0 again
  });

  it('ipa run --smdp-url downloads the profile a trigger names straight from the SM-DP+ over ES9+', async () => {
    const st = join(dir, 'ipa-direct.json');
    sgp32(['euicc', 'init', '--pki', pkiDir(), '-o', st, '--profile', `${ICCID_A}:enabled`]);
    const index = JSON.parse(readFileSync(join(pkiDir(), 'pki.json'), 'utf8')) as { eid: string; smdpAddress: string };
    const key = (stem: string) => readFileSync(join(pkiDir(), `${stem}-key.pem`), 'utf8');
    const newIccid = '89000123456789012341';
    const smdp = createTestSmdp({
      address: index.smdpAddress,
      dpAuth: { certificate: bytes(join(pkiDir(), 'dp-auth.der')), privateKey: key('dp-auth') },
      dpPb: { certificate: bytes(join(pkiDir(), 'dp-pb.der')), privateKey: key('dp-pb') },
      ciCertificates: [bytes(join(pkiDir(), 'ci.der'))],
      profiles: [{ upp: minimalUpp(newIccid, 1500), metadata: { iccid: iccidToBytes(newIccid), serviceProviderName: 'Direct', profileName: 'Direct' } }],
    });
    const server = createServer(createEs9Handler(es9HandlersOf(smdp)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const smdpUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      eim.register(index.eid, { certificate: bytes(join(pkiDir(), 'euicc.der')), associationToken: 1 });
      eim.enqueue(index.eid, { kind: 'profileDownload', trigger: { profileDownloadData: { $case: 'activationCode', value: `1$${index.smdpAddress}$DIRECT` } } });
      const r = await sgp32Async(['ipa', 'run', '--eim', url, '--euicc', st, '--smdp-url', smdpUrl, '--json']);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { step: string; outcome: string });
      expect(events.filter((e) => ['InitiateAuthentication', 'LoadBoundProfilePackage'].includes(e.step)).map((e) => e.outcome)).toEqual(['ok', 'ok']);
      expect(smdp.delivered).toEqual([expect.objectContaining({ eid: index.eid })]);
      const s = JSON.parse(readFileSync(st, 'utf8')) as { profiles: { iccid: string; state: string }[] };
      expect(s.profiles.find((p) => p.iccid === newIccid)?.state).toBe('disabled');
      expect(eim.results.at(-1)).toMatchObject({ kind: 'profileDownload', outcome: 'ok' });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('ipa run refuses an --smdp-url that is not http(s) (usage error)', () => {
    const r = sgp32(['ipa', 'run', '--eim', url, '--euicc', join(dir, 'none.json'), '--smdp-url', 'ftp://smdp.example']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--smdp-url must be an http\(s\) URL/);
  });

  it('ipa fleet prints a summary whose counts match the server', async () => {
    const before = eim.results.length;
    const r = await sgp32Async(['ipa', 'fleet', '--count', '20', '--eim', url, '--pki', pkiDir(), '--concurrency', '4', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { devices: number; polls: number; outcomes: Record<string, number>; errors: Record<string, number> };
    // This eIM knows none of the fleet's EIDs: each device is told eidNotFound once.
    expect(summary).toMatchObject({ devices: 20, polls: 20, outcomes: { 'none:eidNotFound': 20 }, errors: {} });
    expect(eim.results.length).toBe(before);
  });
});
