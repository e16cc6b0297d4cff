/**
 * Flags shared across commands, run through the built binary: `eim sign --form` and `-o`
 * (the old `--out` names `--form`, as for `encode`), `-o` checked before any work in `eim`
 * and `bpp` (a folder that does not exist or a directory is a usage error, exit 2, one line,
 * no file left behind), and the reason word of a valid verdict.
 *
 * The eIM key is made here with node:crypto, so the tests need no external vectors.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, sgp32 } from './helpers.js';
import { buildCorpus } from '../../bench/corpus.js';
import { inspectBpp } from '../../src/rsp/bpp/index.js';
import { makeCertSet, toPem } from './cert-fixtures.js';
import { toHex } from '../support/bytes.js';

let dir: string;
let key: string;
let pub: string;
let pkg: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sgp32-flags-'));
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  key = join(dir, 'eim.key');
  pub = join(dir, 'eim.pub');
  pkg = join(dir, 'pkg.json');
  writeFileSync(key, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(
    pkg,
    JSON.stringify({
      eimId: 'eim.example.com',
      eidValue: '89049032123451234512345678901235',
      counterValue: 7,
      eimTransactionId: '0102',
      euiccPackage: { psmoList: [{ getRAT: {} }] },
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sign = (...extra: string[]) => sgp32(['eim', 'sign', '--key', key, '--association-token', '3', ...extra, pkg]);
const verify = (file: string) => sgp32(['eim', 'verify', file, '--pubkey', pub, '--association-token', '3', '--json']);

describe('sgp32 eim sign --form / -o', () => {
  it('writes hex, base64 and pem on stdout and DER to -o; each verifies, and the forms carry the same message', () => {
    const outputs: Record<string, string> = {};
    for (const form of ['hex', 'base64', 'pem']) {
      const r = sign('--form', form);
      expect(r.code, r.stderr).toBe(0);
      outputs[form] = join(dir, `signed.${form}`);
      writeFileSync(outputs[form], r.stdout);
      const v = verify(outputs[form]);
      expect([v.code, JSON.parse(v.stdout)]).toMatchObject([0, { valid: true, reason: 'valid', signedSuffix: 'token' }]);
    }
    expect(readFileSync(outputs.hex, 'utf8')).toMatch(/^bf51[0-9a-f]+\n$/);
    const pem = readFileSync(outputs.pem, 'utf8');
    expect(pem).toMatch(/^-----BEGIN EUICCPACKAGEREQUEST-----\n/);
    const der = join(dir, 'signed.der');
    const r = sign('-o', der);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const bytes = new Uint8Array(readFileSync(der));
    expect(toHex(bytes.subarray(0, 2))).toBe('bf51');
    expect(verify(der).code).toBe(0);
    // ECDSA signatures differ per run: the PEM and hex outputs decode to the same package
    const decodedPem = sgp32(['decode', outputs.pem]);
    const decodedHex = sgp32(['decode', outputs.hex]);
    expect(decodedPem.code).toBe(0);
    // same package, same signer: everything but the signature agrees
    const strip = (s: string) => {
      const v = JSON.parse(s);
      delete v.eimSignature;
      return v;
    };
    expect(strip(decodedPem.stdout)).toEqual(strip(decodedHex.stdout));
  });

  it('--form der on stdout is refused; an unknown form is a usage error naming the forms', () => {
    const der = sign('--form', 'der');
    expect([der.code, der.stdout]).toEqual([2, '']);
    expect(der.stderr.split('\n')[0]).toBe('sgp32 eim sign: --form der writes binary; give -o <file> (or use --form hex, base64 or pem)');
    const bad = sign('--form', 'xml');
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe('sgp32 eim sign: --form must be one of der, hex, base64, pem, got "xml"');
  });

  it('the old --out is a usage error naming --form, with the same words as encode', () => {
    const target = join(dir, 'hex');
    const old = sign('--out', 'hex');
    expect([old.code, old.stdout]).toEqual([2, '']);
    expect(old.stderr.split('\n')[0]).toBe('sgp32 eim sign: --out is now --form <der|hex|base64|pem> (the output form); -o/--output names the file');
    const enc = sgp32(['encode', '-t', 'EuiccPackageRequest', '--out', 'hex', pkg]);
    expect(enc.stderr.split('\n')[0].replace('sgp32 encode:', '')).toBe(old.stderr.split('\n')[0].replace('sgp32 eim sign:', ''));
    expect(existsSync(target)).toBe(false);
  });
});

describe('-o checked before any work in eim and bpp', () => {
  const missing = () => join(dir, 'no/such/folder/out.der');
  const cases: [string, () => string[]][] = [
    ['eim sign', () => ['eim', 'sign', '--key', key, '--association-token', '3', pkg]],
    // the inputs do not exist: the -o check must come first
    ['bpp open', () => ['bpp', 'open', join(dir, 'absent.der'), '--s-enc', '00'.repeat(16), '--s-mac', '00'.repeat(16), '--mcv', '00'.repeat(16)]],
    ['bpp inspect', () => ['bpp', 'inspect', join(dir, 'absent.der'), '--json']],
    ['bpp build', () => ['bpp', 'build', '--upp', join(dir, 'absent.der'), '--metadata', join(dir, 'absent.json'), '--eid', '00'.repeat(16), '--euicc-otpk', '04', '--curve', 'P-256']],
  ];
  it.each(cases)('%s: a folder that does not exist, or a directory, is exit 2 with one line', (name, args) => {
    const before = readdirSync(dir).sort();
    const m = sgp32([...args(), '-o', missing()]);
    expect(m.code, m.stderr).toBe(2);
    expect(m.stderr.split('\n')[0]).toBe(`sgp32 ${name}: --output ${missing()}: no such folder`);
    expect(m.stdout).toBe('');
    const d = sgp32([...args(), '-o', dir]);
    expect(d.code, d.stderr).toBe(2);
    expect(d.stderr.split('\n')[0]).toBe(`sgp32 ${name}: --output ${dir} is a directory`);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('eim sign: a command refused after the check leaves no -o file behind; an existing file is kept until written', () => {
    const target = join(dir, 'never.der');
    const r = sgp32(['eim', 'sign', '--key', join(dir, 'absent.key'), '--association-token', '3', '-o', target, pkg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read the key/);
    expect(existsSync(target)).toBe(false);
    const kept = join(dir, 'kept.der');
    writeFileSync(kept, 'old');
    expect(sgp32(['eim', 'sign', '--key', join(dir, 'absent.key'), '--association-token', '3', '-o', kept, pkg]).code).toBe(2);
    expect(readFileSync(kept, 'utf8')).toBe('old');
  });

  it('bpp build: a refused command leaves no -o file behind', () => {
    const target = join(dir, 'never.bpp');
    const r = sgp32(['bpp', 'build', '--upp', join(dir, 'absent.der'), '--metadata', join(dir, 'absent.json'), '--eid', '00'.repeat(16), '--euicc-otpk', '04', '--curve', 'P-256', '-o', target]);
    expect(r.code).toBe(2);
    expect(existsSync(target)).toBe(false);
  });
});

describe('sgp32 bpp inspect -o', () => {
  it('writes the same text and JSON to -o as to standard output; the JSON is the library\'s inspection', () => {
    const bpp = buildCorpus().bpp;
    const file = join(dir, 'corpus.bpp');
    writeFileSync(file, bpp);
    for (const extra of [[], ['--json']]) {
      const out = join(dir, `inspect${extra.join('')}.txt`);
      const toStdout = sgp32(['bpp', 'inspect', file, ...extra]);
      const toFile = sgp32(['bpp', 'inspect', file, ...extra, '-o', out]);
      expect([toStdout.code, toFile.code, toFile.stdout]).toEqual([0, 0, '']);
      expect(readFileSync(out, 'utf8')).toBe(toStdout.stdout);
    }
    const printed = JSON.parse(sgp32(['bpp', 'inspect', file, '--json']).stdout);
    const expected = JSON.parse(JSON.stringify(inspectBpp(bpp, { strict: false }), (_k, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v)));
    delete expected.storeMetadata;
    expect(printed).toMatchObject(expected);
    expect(printed.groups.at(-1).segmentSizes).toHaveLength(13);
  });

  it('a missing <bpp file> with -o is a usage error that leaves no file', () => {
    const target = join(dir, 'never.txt');
    const r = sgp32(['bpp', 'inspect', '-o', target]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('sgp32 bpp: missing <bpp file> (or - for standard input)');
    expect(existsSync(target)).toBe(false);
  });
});

describe('sgp32 cert -o', () => {
  it('show and verify write to -o what they print; a bad -o is exit 2 with one line before any file is read', () => {
    const set = makeCertSet('P-256', 'P-256', 'P-256');
    const ci = join(dir, 'ci.pem');
    const chain = join(dir, 'chain.pem');
    writeFileSync(ci, toPem(set.ci));
    writeFileSync(chain, toPem(set.eum) + toPem(set.euicc));
    const at = ['--at', '2026-12-01'];
    for (const args of [['cert', 'show', chain, ...at], ['cert', 'verify', '--anchor', ci, ...at, '--json', chain]]) {
      const out = join(dir, `${args[1]}.out`);
      const toStdout = sgp32(args);
      const toFile = sgp32([...args, '-o', out]);
      expect([toStdout.code, toFile.code, toFile.stdout], toFile.stderr).toEqual([0, 0, '']);
      expect(readFileSync(out, 'utf8')).toBe(toStdout.stdout);
    }
    expect(JSON.parse(readFileSync(join(dir, 'verify.out'), 'utf8'))).toMatchObject({ valid: true, reason: 'valid' });
    for (const [name, args] of [['cert show', ['cert', 'show', join(dir, 'absent.pem')]], ['cert verify', ['cert', 'verify', '--anchor', join(dir, 'absent.pem'), chain]]] as const) {
      const m = sgp32([...args, '-o', join(dir, 'no/such/folder/x')]);
      expect([m.code, m.stdout]).toEqual([2, '']);
      expect(m.stderr.split('\n')[0]).toBe(`sgp32 ${name}: --output ${join(dir, 'no/such/folder/x')}: no such folder`);
      const d = sgp32([...args, '-o', dir]);
      expect(d.code).toBe(2);
      expect(d.stderr.split('\n')[0]).toBe(`sgp32 ${name}: --output ${dir} is a directory`);
    }
    const target = join(dir, 'never.txt');
    expect(sgp32(['cert', 'verify', chain, '-o', target]).code).toBe(2); // no --anchor
    expect(existsSync(target)).toBe(false);
  });
});
