/**
 * Every crash of `sgp32` ends in exit 70 with one line (src/cli/supervise.ts): a V8 heap-limit
 * abort forced with a small --max-old-space-size on a large input, a child killed by SIGKILL;
 * a stop signal given to the command is still the command's death by that signal; the stderr
 * relay drops a real V8 fatal report however it is cut into chunks, and passes everything
 * else through unchanged.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, sgp32 } from './helpers.js';
import { createStderrFilter } from '../../src/cli/supervise.js';

let dir: string;
let big: string;
/** The stderr of a Node process that reached its heap limit (a real V8 report). */
let v8Report: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sgp32-crash-'));
  // 18 MB of JSON: parsing it needs far more than a 16 MB heap.
  big = join(dir, 'big.json');
  writeFileSync(big, '[' + '{"a":[1,2]},'.repeat(1_500_000) + '{}]');
  const oom = spawnSync(process.execPath, ['--max-old-space-size=16', '-e', 'const a = []; for (;;) a.push({ x: [a.length] });'], { encoding: 'latin1' });
  expect(oom.signal).toBe('SIGABRT');
  v8Report = oom.stderr;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CRASH_LINE = /^sgp32 \S+: internal error in encode: aborted: out of memory or a fatal V8 error \(run with --debug to see its report\); this is a bug, please report it with this line\n$/;

describe('a V8 heap-limit abort', () => {
  it('is exit 70 with one line through bin/sgp32.js', () => {
    const r = sgp32(['encode', '--type', 'UPP', big, '-o', join(dir, 'out.der')], { nodeArgs: ['--max-old-space-size=16'] });
    expect(r.code).toBe(70);
    expect(r.stderr).toMatch(CRASH_LINE);
    expect(r.stdout).toBe('');
  });

  it('is signal 6 and a long report without the parent (what the parent is for)', () => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=16', BIN, 'encode', '--type', 'UPP', big, '-o', join(dir, 'out.der')], {
      env: { ...process.env, SGP32_CLI_CHILD: '1' },
      encoding: 'utf8',
    });
    expect(r.signal).toBe('SIGABRT');
    expect(r.stderr).toContain('Last few GCs');
  });

  it('shows the V8 report with --debug, then the line', () => {
    const r = sgp32(['encode', '--debug', '--type', 'UPP', big, '-o', join(dir, 'out.der')], { nodeArgs: ['--max-old-space-size=16'] });
    expect(r.code).toBe(70);
    expect(r.stderr).toContain('Last few GCs');
    expect(r.stderr.split('\n').at(-2)).toMatch(/^sgp32 \S+: internal error in encode: aborted/);
  });

  it('still lets a command that fits run with the same heap limit, output unchanged', () => {
    const r = sgp32(['types'], { nodeArgs: ['--max-old-space-size=16'] });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(sgp32(['types']).stdout);
    expect(r.stdout).toContain('EuiccPackageRequest');
  });
});

/** Pids of the children of `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const f = `/proc/${pid}/task/${pid}/children`;
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
}

/** Starts `sgp32 validate -` with a standard input that stays open, and waits for its child. */
async function waiting(): Promise<{ parent: ReturnType<typeof spawn>; child: number; done: Promise<{ code: number | null; signal: string | null; stderr: string }> }> {
  const parent = spawn(process.execPath, [BIN, 'validate', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  parent.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => parent.on('close', (code, signal) => resolve({ code, signal, stderr })));
  for (let i = 0; i < 200; i++) {
    const [child] = childrenOf(parent.pid!);
    if (child !== undefined) return { parent, child, done };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the command started no child');
}

describe.skipIf(!existsSync('/proc/self/task'))('signals', () => {
  it('a child killed by SIGKILL (as by the out-of-memory killer) is exit 70 with one line', async () => {
    const { parent, child, done } = await waiting();
    process.kill(child, 'SIGKILL');
    const r = await done;
    parent.stdin!.destroy();
    expect(r.code).toBe(70);
    expect(r.stderr).toMatch(/^sgp32 \S+: internal error in validate: killed \(SIGKILL; the system may have run out of memory\); this is a bug, please report it with this line\n$/);
  });

  it('SIGTERM to the command ends the child and the command dies of SIGTERM, without a crash line', async () => {
    const { parent, child, done } = await waiting();
    parent.kill('SIGTERM');
    const r = await done;
    expect(r.signal).toBe('SIGTERM');
    expect(r.stderr).toBe('');
    expect(existsSync(`/proc/${child}`) && !readFileSync(`/proc/${child}/stat`, 'utf8').includes(') Z ')).toBe(false);
  });

  it('standard input reaches the child: closing it lets the command finish normally', async () => {
    const { parent, done } = await waiting();
    parent.stdin!.end('30 03 02 01 05');
    const r = await done;
    expect(r.signal).toBeNull();
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

describe('the stderr relay', () => {
  const legit = 'sgp32 decode: detected UPP\n\nFAIL  a.der  x: truncated at offset 3\n\rvalidating 3/100 (0 invalid)\r\x1b[K1 dump: 1 valid\n';

  function relay(chunks: readonly string[]): { out: string; fatal: boolean } {
    let out = '';
    const f = createStderrFilter((t) => (out += t));
    for (const c of chunks) f.push(c);
    f.flush();
    return { out, fatal: f.fatal };
  }

  /** `text` cut at the sorted positions `cuts`. */
  const cut = (text: string, cuts: number[]) => {
    const at = [0, ...[...new Set(cuts)].sort((a, b) => a - b), text.length];
    return at.slice(1).map((e, i) => text.slice(at[i], e));
  };

  it('drops a real V8 heap-limit report however it is cut, and keeps every line before it', () => {
    expect(v8Report).toMatch(/^\n<--- Last few GCs --->/);
    const text = legit + v8Report;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 12 }), (cuts) => {
        const r = relay(cut(text, cuts));
        expect(r.fatal).toBe(true);
        expect(r.out).toBe(legit);
      }),
      { numRuns: 300 },
    );
    // every single cut point, too
    for (let i = 0; i <= text.length; i++) expect(relay([text.slice(0, i), text.slice(i)]).out).toBe(legit);
  });

  it('passes ordinary stderr through unchanged, a partial line at once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: legit.length }), { maxLength: 8 }), (cuts) => {
        expect(relay(cut(legit, cuts))).toEqual({ out: legit, fatal: false });
      }),
    );
    let out = '';
    const f = createStderrFilter((t) => (out += t));
    f.push('\rvalidating 1/100');
    expect(out).toBe('\rvalidating 1/100');
    // a line that could start a report is held until it cannot
    f.push('\n<--- Last');
    expect(out).toBe('\rvalidating 1/100\n');
    f.push(' words of a file name\n');
    expect(out).toBe('\rvalidating 1/100\n<--- Last words of a file name\n');
  });
});
