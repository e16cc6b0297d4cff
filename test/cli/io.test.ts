/**
 * The CLI's inputs and outputs, run as a user would: several files and captures in one
 * `decode`, APDU status words, `--format tree-json`, `--color`, `-o` paths that cannot be
 * written (exit 2 before any work), FIFOs refused, `validate -` from standard input, skipped
 * entries (dangling links, links to folders, FIFOs) listed in the reports, JUnit names with
 * control characters, `encode --form`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus } from '../../bench/corpus.js';
import { demoCapture, esipaMessages } from '../inspect/capture-builder.js';
import { EuiccPackageRequest } from '../../src/generated/SGP32Definitions.js';
import { Upp, renderTreeJson, stringSink, nestedTypeOf } from '../../src/inspect/index.js';
import { ensureBuilt, sgp32 } from './helpers.js';
import { toHex } from '../support/bytes.js';

const corpus = buildCorpus();
let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sgp32-io-'));
  writeFileSync(join(dir, 'epr.der'), corpus.epr);
  writeFileSync(join(dir, 'upp.hex'), toHex(corpus.upp) + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Makes a FIFO with mkfifo(1), as a user's shell would. */
function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
}

describe('sgp32 decode: inputs', () => {
  it('decodes several files into one JSON array of { source, type, value }', () => {
    const r = sgp32(['decode', join(dir, 'epr.der'), join(dir, 'upp.hex')]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { source: string; type: string; value: unknown }[];
    expect(out.map((x) => [x.source, x.type])).toEqual([[join(dir, 'epr.der'), 'SGP32Definitions.EuiccPackageRequest'], [join(dir, 'upp.hex'), 'UPP']]);
    expect(out[0].value).toEqual(EuiccPackageRequest.toJer(EuiccPackageRequest.decode(corpus.epr)));
    expect(out[1].value).toEqual(Upp.toJer(Upp.decode(corpus.upp)));
    expect(r.stderr).toMatch(new RegExp(`^sgp32 decode: ${join(dir, 'epr.der')}: detected SGP32Definitions.EuiccPackageRequest`, 'm'));
  });

  it('writes the text trees one after another under a heading, and exits 1 when one fails', () => {
    writeFileSync(join(dir, 'cut.der'), corpus.epr.subarray(0, 40));
    const r = sgp32(['decode', '-f', 'tree', join(dir, 'epr.der'), join(dir, 'cut.der')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^# ${join(dir, 'epr.der')}: SGP32Definitions.EuiccPackageRequest\\noffset {2}tag`));
    expect(r.stdout).toMatch(new RegExp(`\\n\\n# ${join(dir, 'cut.der')}: `));
    expect(r.stderr).toMatch(new RegExp(`sgp32 decode: ${join(dir, 'cut.der')}: error: truncated`));
  });

  it('decodes the payloads of a pcapng capture with the capture reader of the page', () => {
    const { file, messages: m } = demoCapture('pcapng');
    writeFileSync(join(dir, 'demo.pcapng'), file);
    const r = sgp32(['decode', join(dir, 'demo.pcapng')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/demo\.pcapng: pcapng, \d+ packets, 5 payloads/);
    const out = JSON.parse(r.stdout) as { source: string; type: string }[];
    expect(out).toHaveLength(5);
    expect(out[0].source).toMatch(/demo\.pcapng frame \d+ HTTP request 192\.0\.2\.10:40001 → 198\.51\.100\.20:80 POST /);
    expect(out[3].source).toMatch(/COAP request \[2001:db8::10\]:50000 → \[2001:db8::20\]:5683/);
    expect(out.map((x) => x.type)).toEqual(expect.arrayContaining([expect.stringMatching(/EUICCInfo1/)]));
    // The tree form says which payload each tree is.
    const t = sgp32(['decode', '-f', 'tree', join(dir, 'demo.pcapng')]);
    expect(t.stdout.match(/^# .*demo\.pcapng frame \d+ /gm)).toHaveLength(5);
    expect(t.stdout).toContain(toHex(m.eid).slice(0, 20));
  });

  it('names and leaves out a trailing APDU status word', () => {
    const m = esipaMessages();
    const r = sgp32(['decode', '-'], { input: toHex(m.euiccInfo1) + '9000' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^sgp32 decode: stdin: trailing status word 9000 \(normal processing\), not part of the message$/m);
    const s = sgp32(['decode', '-'], { input: toHex(m.euiccInfo1) + '6110' });
    expect(s.stderr).toMatch(/trailing status word 6110 \(normal processing, 16 more response bytes available/);
    expect(JSON.parse(s.stdout)).toEqual(JSON.parse(r.stdout));
    // Without a known status word the two bytes stay: trailing data.
    const t = sgp32(['decode', '-'], { input: toHex(m.euiccInfo1) + '1234' });
    expect(t.code).toBe(1);
  });

  it('refuses a FIFO instead of reading it forever', () => {
    const fifo = join(dir, 'pipe.der');
    mkfifo(fifo);
    const r = sgp32(['decode', fifo]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`sgp32 decode: ${fifo} is not a regular file (a FIFO); pipe it to standard input instead`);
    rmSync(fifo);
  });
});

describe('sgp32 decode: outputs', () => {
  it('--format tree-json gives the nested tree (offset, tag, length, name, type, value)', () => {
    const r = sgp32(['decode', '-f', 'tree-json', join(dir, 'epr.der')]);
    expect(r.code, r.stderr).toBe(0);
    const sink = stringSink();
    renderTreeJson(corpus.epr, 'SGP32Definitions.EuiccPackageRequest', sink, { detectNested: nestedTypeOf });
    expect(r.stdout).toBe(sink.text());
    const tree = JSON.parse(r.stdout);
    expect(tree[0]).toMatchObject({ offset: 0, header: 4, tag: 'BF51', tagName: '[81]', length: corpus.epr.length - 4, name: 'EuiccPackageRequest' });
    expect(tree[0].children[0].name).toBe('euiccPackageSigned');
  });

  it('--color always colours the tree, never and a pipe (auto) do not', () => {
    const always = sgp32(['decode', '-f', 'tree', '--color', 'always', join(dir, 'epr.der')]).stdout;
    const auto = sgp32(['decode', '-f', 'tree', join(dir, 'epr.der')]).stdout;
    const never = sgp32(['decode', '-f', 'tree', '--color', 'never', join(dir, 'epr.der')]).stdout;
    expect(always).toContain('\x1b[32m');
    // eslint-disable-next-line no-control-regex
    expect(always.replace(/\x1b\[[0-9;]*m/g, '')).toBe(never);
    expect(auto).toBe(never);
    expect(sgp32(['decode', '--color', 'sometimes', join(dir, 'epr.der')]).code).toBe(2);
  });

  it('an -o folder that does not exist, or a directory, is a usage error before any work', () => {
    for (const cmd of [['decode', join(dir, 'epr.der')], ['validate', dir, '--report', 'json']]) {
      const missing = sgp32([...cmd, '-o', join(dir, 'no/such/folder/out.json')]);
      expect(missing.code).toBe(2);
      expect(missing.stderr.split('\n')[0]).toBe(`sgp32 ${cmd[0]}: --output ${join(dir, 'no/such/folder/out.json')}: no such folder`);
      const isDir = sgp32([...cmd, '-o', dir]);
      expect(isDir.code).toBe(2);
      expect(isDir.stderr.split('\n')[0]).toBe(`sgp32 ${cmd[0]}: --output ${dir} is a directory`);
      expect(isDir.stdout).toBe('');
    }
  });

  it('a command line refused for another reason leaves no -o file behind', () => {
    const target = join(dir, 'never.json');
    expect(sgp32(['validate', dir, '-o', target]).code).toBe(2);
    expect(sgp32(['decode', join(dir, 'epr.der'), '--format', 'xml', '-o', target]).code).toBe(2);
    expect(existsSync(target)).toBe(false);
  });
});

describe('sgp32 validate: inputs and reports', () => {
  it('reads one dump from standard input with -', () => {
    const r = sgp32(['validate', '-', '--verbose'], { input: toHex(corpus.epr) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok {4}- {2}EuiccPackageRequest$/m);
    const bad = sgp32(['validate', '-'], { input: toHex(corpus.epr.subarray(0, 30)) });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL {2}- {2}/m);
  });

  it('lists dangling links, links to folders and FIFOs as skipped, in the text, JSON and JUnit reports', () => {
    const d = join(dir, 'tree');
    mkdirSync(d);
    writeFileSync(join(d, 'good.der'), corpus.epr);
    symlinkSync(join(d, 'gone.der'), join(d, 'dangling.der'));
    symlinkSync(d, join(d, 'loop'));
    mkfifo(join(d, 'fifo.der'));
    const r = sgp32(['validate', d]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`skip  ${join(d, 'dangling.der')}  dangling symbolic link`);
    expect(r.stdout).toContain(`skip  ${join(d, 'loop')}  symbolic link to a folder (not followed)`);
    expect(r.stdout).toContain(`skip  ${join(d, 'fifo.der')}  a FIFO, not read`);
    const json = JSON.parse(sgp32(['validate', d, '--report', 'json']).stdout);
    expect(json.summary).toMatchObject({ files: 1, valid: 1, skipped: 3 });
    expect(json.skipped.map((s: { path: string }) => s.path).sort()).toEqual([join(d, 'dangling.der'), join(d, 'fifo.der'), join(d, 'loop')]);
    const junit = sgp32(['validate', d, '--report', 'junit']).stdout;
    expect(junit).toMatch(/skipped="3"/);
    expect(junit).toContain(`<testcase classname="skipped" name="${join(d, 'loop')}" time="0"><skipped message="symbolic link to a folder (not followed)"/></testcase>`);
    rmSync(d, { recursive: true, force: true });
  });

  it('JUnit names keep control characters, written out as \\u escapes', () => {
    const d = join(dir, 'ctl');
    mkdirSync(d);
    const a = join(d, 'a\u0001.der');
    const b = join(d, 'a\u0002.der');
    writeFileSync(a, corpus.epr);
    writeFileSync(b, corpus.epr);
    const junit = sgp32(['validate', d, '--report', 'junit']).stdout;
    expect(junit).toContain(`name="${join(d, 'a\\u0001.der')}"`);
    expect(junit).toContain(`name="${join(d, 'a\\u0002.der')}"`);
    // eslint-disable-next-line no-control-regex
    expect(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(junit)).toBe(false);
    rmSync(d, { recursive: true, force: true });
  });
});

describe('command-line parsing in our own words', () => {
  it('names the flag that is unknown, lacks a value or takes none', () => {
    const line = (args: string[]) => {
      const r = sgp32(args);
      expect(r.code, args.join(' ')).toBe(2);
      return r.stderr.split('\n')[0];
    };
    expect(line(['decode', '--bogus'])).toBe('sgp32 decode: unknown option --bogus');
    expect(line(['decode', '--type'])).toBe('sgp32 decode: --type needs a value');
    expect(line(['decode', '-t'])).toBe('sgp32 decode: --type needs a value');
    expect(line(['decode', '--lenient=yes', join(dir, 'epr.der')])).toBe('sgp32 decode: --lenient takes no value');
  });

  it('takes a value that starts with a minus sign (--association-token -1)', () => {
    const r = sgp32(['eim', 'sign', '--association-token', '-1', join(dir, 'epr.der')]);
    expect(r.stderr).not.toMatch(/unknown option|'-1'/);
    expect(r.code).toBe(2);
  });

  it('validate --json is --report json', () => {
    const a = JSON.parse(sgp32(['validate', join(dir, 'epr.der'), '--json']).stdout);
    const b = JSON.parse(sgp32(['validate', join(dir, 'epr.der'), '--report', 'json']).stdout);
    expect(a.results).toEqual(b.results);
    expect(a.results[0]).toMatchObject({ valid: true, type: 'SGP32Definitions.EuiccPackageRequest' });
  });
});

describe('sgp32 encode --form', () => {
  it('takes the output form with --form; -o names the file; --out points to --form', () => {
    const jer = join(dir, 'epr.json');
    writeFileSync(jer, JSON.stringify(EuiccPackageRequest.toJer(EuiccPackageRequest.decode(corpus.epr))));
    expect(sgp32(['encode', '-t', 'EuiccPackageRequest', '--form', 'hex', jer]).stdout).toBe(toHex(corpus.epr) + '\n');
    const file = join(dir, 'hex');
    const r = sgp32(['encode', '-t', 'EuiccPackageRequest', jer, '-o', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(file) && toHex(new Uint8Array(readFileSync(file)))).toBe(toHex(corpus.epr));
    const old = sgp32(['encode', '-t', 'EuiccPackageRequest', '--out', 'hex', jer]);
    expect(old.code).toBe(2);
    expect(old.stderr.split('\n')[0]).toBe('sgp32 encode: --out is now --form <der|hex|base64|pem> (the output form); -o/--output names the file');
  });
});
