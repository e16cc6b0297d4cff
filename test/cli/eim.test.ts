/**
 * `sgp32 eim` through the built binary (node bin/sgp32.js, as users run it): exit codes 0/1/2,
 * --json output, the input forms (DER, hex, base64, PEM), sign → verify round trips with the
 * sample eIM keys on both curves, the real eIM package and real eUICC result vectors.
 *
 * dist/ is rebuilt first when it is missing or older than the sources this test exercises.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VECTORS_DIR } from '../support/vectors.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { ecdsaRawToDer } from '../../src/crypto/signature-form.js';
import { EuiccPackageRequest } from '../../src/generated/SGP32Definitions.js';
import { signEuiccPackageResult } from '../../src/rsp/index.js';
import { signatureDataObject } from '../../src/rsp/signed-data.js';
import { runEim } from '../../src/cli/eim.js';
import { CURVES, hex, NEEDED, repoRoot, sgp26, toHex, vectorText } from '../rsp/helpers.js';
import { ensureBuilt } from './helpers.js';
import { describeVectors } from '../support/vectors.js';

const bin = path.join(repoRoot, 'bin/sgp32.js');
const work = mkdtempSync(path.join(tmpdir(), 'sgp32-eim-'));
const V = VECTORS_DIR;

beforeAll(ensureBuilt, 600_000);

function run(args: string[], input?: string | Uint8Array): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { input });
  return { code: r.status ?? -1, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}
/** The same command in-process (runEim with an in-memory io), for the many argument-level cases. */
async function runIn(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runEim(args.slice(1), {
    stdout: (x) => void (stdout += x),
    stderr: (x) => void (stderr += x),
    readFile: async (p) => new Uint8Array(readFileSync(p)),
    readStdin: async () => new TextEncoder().encode(stdin),
  });
  return { code, stdout, stderr };
}
function file(name: string, data: string | Uint8Array): string {
  const p = path.join(work, name);
  writeFileSync(p, data);
  return p;
}

const pkgJson = (counterValue: number): string =>
  JSON.stringify({
    eimId: 'eim.example.com',
    eidValue: '89049032123451234512345678901235',
    counterValue,
    eimTransactionId: '0102',
    euiccPackage: { psmoList: [{ enable: { iccid: '989444999999990920f3' } }, { getRAT: {} }] },
  });

describeVectors('sgp32 eim', NEEDED, () => {
  const realCase = JSON.parse(vectorText('signatures/real_capture.json')).cases[1];

  it('verify: the real package is valid (exit 0) with token 1 in every input form', async () => {
    const der = hex(realCase.message);
    const forms = {
      der: file('real.der', der),
      hex: file('real.hex', realCase.message + '\n'),
      base64: file('real.b64', Buffer.from(der).toString('base64')),
      pem: file('real.pem', `-----BEGIN EUICC PACKAGE REQUEST-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END EUICC PACKAGE REQUEST-----\n`),
    };
    for (const [form, f] of Object.entries(forms)) {
      const r = form === 'der' ? run(['eim', 'verify', f, '--cert', path.join(V, 'certs/eim/sample_eim_cert_nist.crt'), '--association-token', '1', '--json']) : await runIn(['eim', 'verify', f, '--cert', path.join(V, 'certs/eim/sample_eim_cert_nist.crt'), '--association-token', '1', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, reason: 'valid', signedSuffix: 'token' });
    }
    // from standard input
    const r = run(['eim', 'verify', '-', '--cert', path.join(V, 'certs/eim/sample_eim_cert_nist.crt'), '--association-token', '1'], der);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid: .*counterValue 1006/);
  });

  it('verify: invalid is exit 1 with the reason (no token, wrong key, DER-form signature)', async () => {
    const f = file('real2.hex', realCase.message);
    const nist = path.join(V, 'certs/eim/sample_eim_cert_nist.crt');
    let r = run(['eim', 'verify', f, '--cert', nist, '--association-token', 'none', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, reason: 'bad-signature' });
    r = await runIn(['eim', 'verify', f, '--cert', path.join(V, 'certs/eim/sample_eim_cert_brainpool.crt'), '--association-token', '1', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).reason).toBe('bad-signature');
    const req = EuiccPackageRequest.decode(hex(realCase.message));
    const derSig = file('dersig.der', EuiccPackageRequest.encode({ ...req, eimSignature: ecdsaRawToDer(req.eimSignature) }));
    r = run(['eim', 'verify', derSig, '--cert', nist, '--association-token', '1', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).reason).toBe('signature-not-raw');
    r = await runIn(['eim', 'verify', derSig, '--cert', nist, '--association-token', '1']);
    expect(r.stdout).toMatch(/^invalid: signature-not-raw: /);
  });

  it('exit 2: usage errors and unreadable input (in-process; two through the binary)', async () => {
    const f = file('real3.hex', realCase.message);
    const nist = path.join(V, 'certs/eim/sample_eim_cert_nist.crt');
    const cases: string[][] = [
      ['eim', 'verify', f, '--cert', nist], // no token
      ['eim', 'verify', f, '--association-token', '1'], // no key
      ['eim', 'verify', f, '--cert', nist, '--pubkey', nist, '--association-token', '1'], // two keys
      ['eim', 'verify', f, '--cert', nist, '--association-token', 'one'],
      ['eim', 'verify', path.join(work, 'missing.der'), '--cert', nist, '--association-token', '1'],
      ['eim', 'verify', file('garbage.txt', 'this is not a message'), '--cert', nist, '--association-token', '1'],
      ['eim', 'verify', file('trunc.hex', realCase.message.slice(0, 60)), '--cert', nist, '--association-token', '1'],
      ['eim', 'verify', f, '--cert', file('notakey.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), '--association-token', '1'],
      ['eim', 'frobnicate'],
      ['eim'],
      ['eim', 'sign', file('p.json', pkgJson(1))], // no key
      ['eim', 'sign', '--key', path.join(V, 'certs/eim/sample_eim_cert_nist.key'), file('bad.json', '{ not json')],
      ['eim', 'sign', '--key', path.join(V, 'certs/eim/sample_eim_cert_nist.key'), file('badjer.json', '{"eimId": 5}')],
      ['eim', 'sign', '--key', path.join(V, 'certs/eim/sample_eim_cert_nist.key'), '--form', 'der', file('p2.json', pkgJson(1))], // binary to stdout
    ];
    for (const args of cases) {
      const r = await runIn(args);
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
      expect(r.stderr.length).toBeGreaterThan(0);
    }
    const j = run(['eim', 'verify', path.join(work, 'missing.der'), '--cert', nist, '--association-token', '1', '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toMatchObject({ valid: false, reason: 'unreadable-input' });
    const u = run(['eim', 'verify', f, '--cert', nist]);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/--association-token is required/);
    // sign requires the token too: no silent default
    const s = run(['eim', 'sign', '--key', path.join(V, sgp26['P-256'].eimKey), file('p.json', pkgJson(3))]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/eim sign: --association-token is required/);
    expect(s.stdout).toBe('');
  });

  describe.each(CURVES.map((c) => [c] as const))('sign → verify with the sample eIM key, %s', (curve) => {
    it('hex on stdout, DER with -o, base64; verified with --cert and --pubkey', async () => {
      const key = path.join(V, sgp26[curve].eimKey);
      const cert = path.join(V, sgp26[curve].eimCert);
      const json = file(`pkg-${curve}.json`, pkgJson(12));
      const hexOut = run(['eim', 'sign', '--key', key, '--association-token', '77', json]);
      expect(hexOut.code, hexOut.stderr).toBe(0);
      expect(hexOut.stdout.trim()).toMatch(/^bf51[0-9a-f]+$/);
      const derPath = path.join(work, `signed-${curve}.der`);
      expect(run(['eim', 'sign', '--key', key, '--association-token', '77', '-o', derPath, json]).code).toBe(0);
      expect(toHex(new Uint8Array(readFileSync(derPath))).slice(0, 4)).toBe('bf51');
      const b64 = await runIn(['eim', 'sign', '--key', key, '--association-token', '77', '--form', 'base64', '-'], pkgJson(12));
      expect(b64.code).toBe(0);
      const pubPem = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-pubkey']).toString();
      const pub = file(`pub-${curve}.pem`, pubPem);
      const signedForms = [file(`s-${curve}.hex`, hexOut.stdout), derPath, file(`s-${curve}.b64`, b64.stdout)];
      expect(run(['eim', 'verify', derPath, '--cert', cert, '--association-token', '77']).code).toBe(0);
      for (const signed of signedForms) expect((await runIn(['eim', 'verify', signed, '--cert', cert, '--association-token', '77'])).code).toBe(0);
      expect((await runIn(['eim', 'verify', derPath, '--pubkey', pub, '--association-token', '77'])).code).toBe(0);
      const wrong = run(['eim', 'verify', derPath, '--cert', cert, '--association-token', '78', '--json']);
      expect(wrong.code).toBe(1);
      expect(JSON.parse(wrong.stdout).reason).toBe('bad-signature');
      // signed without a token (84 01 00 appended), verified with one: the verifier names the mismatch
      const noTokOut = await runIn(['eim', 'sign', '--key', key, '--association-token', 'none', json]);
      expect(noTokOut.stderr).toMatch(/associationToken none \(signed over … ‖ 84 01 00/);
      const noTok = file(`nt-${curve}.hex`, noTokOut.stdout);
      const mismatch = await runIn(['eim', 'verify', noTok, '--cert', cert, '--association-token', '77', '--json']);
      expect(JSON.parse(mismatch.stdout).reason).toBe('association-token-mismatch');
      const none = await runIn(['eim', 'verify', noTok, '--cert', cert, '--association-token', 'none', '--json']);
      expect(none.code).toBe(0);
      expect(JSON.parse(none.stdout)).toMatchObject({ valid: true, signedSuffix: 'token-zero', detail: expect.stringMatching(/84 01 00/) });
      const text = await runIn(['eim', 'verify', noTok, '--cert', cert, '--association-token', 'none']);
      expect(text.stdout).toMatch(/^valid: eimSignature verifies over the signed data ‖ 84 01 00/);
    });
  });

  it('verify-result: the real euiccSignEPR verifies with the eUICC certificate; a bad token does not', async () => {
    const c = JSON.parse(vectorText('signatures/real_capture.json')).cases[2];
    const data = hex(c.signedDataDer);
    const inner = Uint8Array.from([...data, ...signatureDataObject(hex(c.signaturesRaw[0]))]);
    const msg = file('epr.der', Uint8Array.from([0xbf, 0x51, inner.length + 2, 0xa0, inner.length, ...inner]));
    const cert = path.join(V, 'certs/extra/eim_euiccCertificate.der');
    let r = run(['eim', 'verify-result', msg, '--cert', cert, '--association-token', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, reason: 'valid', signedSuffix: 'token' });
    r = run(['eim', 'verify-result', msg, '--cert', cert, '--association-token', 'none', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).reason).toBe('bad-signature');
    r = await runIn(['eim', 'verify-result', msg, '--cert', cert, '--association-token', '1']);
    expect(r.stdout).toMatch(/^valid: .*euiccPackageResultSigned, eimId "eIM", counterValue 1006/);
  });

  it('verify-result: a created signed error with the SGP.26 eUICC key (brainpool); unsigned errors are exit 1', () => {
    const { bytes } = signEuiccPackageResult({
      euiccPackageResultDataSigned: { eimId: 'e', counterValue: 3, seqNumber: 1, euiccResult: [{ $case: 'deleteResult', value: 0 }] },
      privateKey: vectorText(sgp26.brainpoolP256r1.euiccKey),
      associationToken: 2,
    });
    const cert = path.join(V, sgp26.brainpoolP256r1.euiccCert);
    expect(run(['eim', 'verify-result', file('r.b64', Buffer.from(bytes).toString('base64')), '--cert', cert, '--association-token', '2']).code).toBe(0);
    const unsigned = file('u.hex', 'bf5105a203800165');
    const r = run(['eim', 'verify-result', unsigned, '--cert', cert, '--association-token', '2', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).reason).toBe('not-signed');
  });
});
