/**
 * Helpers of the CLI tests: build dist/ once (skipped when it is newer than every source
 * file, as after `npm test`'s own build), run the built `sgp32` binary as a user would.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { VECTORS_DIR } from '../support/vectors.js';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const BIN = join(ROOT, 'bin/sgp32.js');
export const VECTORS = VECTORS_DIR;
export const MESSAGES = join(VECTORS, 'messages');
export const HAVE_MESSAGES = existsSync(MESSAGES);

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build` unless dist/ is up to date; one build at a time across test files. */
export function ensureBuilt(): void {
  const main = join(ROOT, 'dist/cli/main.js');
  const fresh = () => existsSync(main) && statSync(main).mtimeMs >= newestSource(join(ROOT, 'src'));
  if (fresh()) return;
  const lock = join(tmpdir(), `sgp32-build-lock-${Buffer.from(ROOT).toString('hex').slice(-16)}`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building: wait for it, then check again.
      spawnSync('sleep', ['1']);
      if (fresh()) return;
    }
  }
  try {
    if (!fresh()) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutBytes: Buffer;
}

/** Runs `node bin/sgp32.js ...args` with optional standard input. */
export function sgp32(args: readonly string[], options: { input?: string | Uint8Array; nodeArgs?: readonly string[]; cwd?: string; env?: Record<string, string> } = {}): RunResult {
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    input: options.input ?? '',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), stdoutBytes: r.stdout };
}

/** What {@link runWithPeakRss} saw. */
export interface MeasuredRun {
  readonly code: number | null;
  /** Bytes written to stdout (counted, not kept). */
  readonly bytes: number;
  /** The first and last `keep` characters of stdout. */
  readonly head: string;
  readonly tail: string;
  readonly stderr: string;
  /** Peak resident set size of the child, in bytes. */
  readonly peak: number;
}

/**
 * Runs the built command in a child process (test/cli/peak-rss.mjs) that reports its peak
 * resident set size; stdout goes through a pipe and is counted, so the child also meets a
 * reader that can fall behind. `feed` writes its standard input (ended when it resolves).
 */
export function runWithPeakRss(args: readonly string[], keep = 200, feed?: (stdin: Writable) => Promise<void>): Promise<MeasuredRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'test/cli/peak-rss.mjs'), ...args], { stdio: [feed ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    if (feed) feed(child.stdin!).then(() => child.stdin!.end(), reject);
    let bytes = 0;
    let head = '';
    let tail = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => {
      bytes += c.length;
      if (head.length < keep) head += c.toString('latin1', 0, keep);
      tail = (tail + c.toString('latin1', Math.max(0, c.length - keep))).slice(-keep);
    });
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /peak-rss (\d+)\n$/.exec(stderr);
      resolve({ code, bytes, head, tail, stderr, peak: m ? Number(m[1]) : NaN });
    });
  });
}
