/**
 * How bin/sgp32.js keeps its promise that any crash ends in exit 70 with one line.
 *
 * A JavaScript error is caught by {@link main} and reported as exit 70. Some deaths cannot be
 * caught inside the process: when V8 reaches its heap limit it prints some thirty lines of GC
 * trace and a native stack to stderr and aborts (signal 6), whatever handlers are installed.
 * So the command runs in a child process of a small parent, which:
 *
 * - hands the child the same standard input and output (inherited, so pipes, files and
 *   terminals behave exactly as without the parent; only stderr passes through a pipe);
 * - forwards the child's stderr as it arrives, but stops at the first line of a V8 or Node
 *   fatal-error report (`<--- Last few GCs --->`, `FATAL ERROR:`, `# Fatal error`), so that
 *   none of it reaches the user unless `--debug` is given;
 * - maps a child killed by a crash signal (abort, segmentation fault, SIGKILL from the kernel's
 *   out-of-memory killer, …) to exit 70 with one line naming the version and command;
 * - passes INT, TERM, HUP and QUIT on to the child and, when the child dies of one of them,
 *   dies of the same signal, so that shells and CI runners see an interrupted command.
 *
 * Why a child process and not a worker thread with `resourceLimits`: a worker has its own
 * process.stdout/stdin objects that relay through the main thread (no TTY detection, output
 * ordering through a message port), so every command would run differently from a plain
 * `node` process; the child costs one Node start-up (about 40 ms on a 2-core machine) and
 * changes nothing else.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The variable that tells bin/sgp32.js it is the child and must run the command itself. */
export const CHILD_ENV = 'SGP32_CLI_CHILD';
/** Set for the child when the parent's stderr is a terminal (the child's stderr is a pipe). */
export const STDERR_TTY_ENV = 'SGP32_STDERR_TTY';

/** First lines of the reports V8 and Node print before aborting. */
const FATAL_STARTS = ['<--- Last few GCs --->', 'FATAL ERROR:', '# Fatal error', '#\n# Fatal'];

/** Signals that mean the child crashed (as opposed to being asked to stop). */
const CRASH_SIGNALS = new Set(['SIGABRT', 'SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGTRAP', 'SIGSYS', 'SIGKILL']);
/** Signals passed on to the child; the parent then dies of the same one. */
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

/** A stderr relay that drops everything from the first line of a fatal-error report on. */
export interface StderrFilter {
  /** Takes the next chunk of the child's stderr (latin1 text: bytes kept as they are). */
  push(chunk: string): void;
  /** The child ended normally: writes whatever was held back. */
  flush(): void;
  /** Whether a fatal-error report started. */
  readonly fatal: boolean;
}

/**
 * Creates a {@link StderrFilter} writing to `write`. Text is passed on at once, except a line
 * start that may still turn out to begin a fatal report (empty lines, a prefix of one of the
 * report's first lines): that is held until the rest of the line decides.
 */
export function createStderrFilter(write: (text: string) => void): StderrFilter {
  let pending = '';
  let fatal = false;
  // Whether the text written so far ends a line: a report starts only at a line start.
  let atLineStart = true;
  const isFatal = (s: string) => FATAL_STARTS.some((m) => s.startsWith(m));
  const mayBecomeFatal = (s: string) => FATAL_STARTS.some((m) => m.startsWith(s));
  const emit = (text: string) => {
    write(text);
    atLineStart = text.endsWith('\n');
  };
  const drain = () => {
    while (pending !== '' && !fatal) {
      if (!atLineStart) {
        // The rest of a line already begun (a progress line ends with `\r`, not a newline).
        const nl = pending.indexOf('\n');
        const end = nl < 0 ? pending.length : nl + 1;
        emit(pending.slice(0, end));
        pending = pending.slice(end);
        continue;
      }
      // Blank lines before a report belong to it: look past them.
      const body = pending.replace(/^\n+/, '');
      const blank = pending.length - body.length;
      if (isFatal(body)) {
        fatal = true;
        pending = '';
        return;
      }
      if (body === '' || mayBecomeFatal(body)) return;
      const nl = body.indexOf('\n');
      const end = nl < 0 ? pending.length : blank + nl + 1;
      emit(pending.slice(0, end));
      pending = pending.slice(end);
    }
  };
  return {
    push(chunk: string): void {
      if (fatal) return;
      pending += chunk;
      drain();
    },
    flush(): void {
      if (!fatal && pending !== '') write(pending);
      pending = '';
    },
    get fatal() {
      return fatal;
    },
  };
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    // The line is still written with a placeholder version.
    return 'unknown';
  }
}

/** The one line of a child that died of `signal` (a crash signal) or reported a fatal error. */
export function crashLine(argv: readonly string[], signal: string | null): string {
  const command = argv.find((a) => !a.startsWith('-')) ?? 'sgp32';
  const why =
    signal === 'SIGKILL'
      ? 'killed (SIGKILL; the system may have run out of memory)'
      : signal === 'SIGABRT' || signal === null
        ? 'aborted: out of memory or a fatal V8 error (run with --debug to see its report)'
        : `crashed (${signal})`;
  return `sgp32 ${packageVersion()}: internal error in ${command}: ${why}; this is a bug, please report it with this line`;
}

/**
 * Runs `script argv` (the bin) as a child and resolves with the exit code to use, after
 * forwarding stderr as described in the module comment. Resolves with a signal name when the
 * parent must die of that signal.
 */
export function supervise(script: string, argv: readonly string[]): Promise<number | NodeJS.Signals> {
  const debug = argv.includes('--debug');
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(process.execPath, [...process.execArgv, script, ...argv], {
        stdio: ['inherit', 'inherit', 'pipe'],
        env: { ...process.env, [CHILD_ENV]: '1', ...(process.stderr.isTTY ? { [STDERR_TTY_ENV]: '1' } : {}) },
      });
    } catch (err) {
      process.stderr.write(`sgp32 ${packageVersion()}: internal error: cannot start the command (${(err as Error).message})\n`);
      resolve(70);
      return;
    }
    const writeErr = (text: string) => {
      try {
        process.stderr.write(Buffer.from(text, 'latin1'));
      } catch {
        // Nowhere left to report to: the exit code still tells.
      }
    };
    const filter = debug ? { push: writeErr, flush: () => undefined, fatal: false } : createStderrFilter(writeErr);
    child.stderr!.setEncoding('latin1');
    child.stderr!.on('data', (chunk: string) => filter.push(chunk));
    const forward = (sig: NodeJS.Signals) => () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    };
    const handlers = FORWARDED.map((sig) => [sig, forward(sig)] as const);
    for (const [sig, h] of handlers) process.on(sig, h);
    child.on('error', (err) => {
      writeErr(`sgp32 ${packageVersion()}: internal error: cannot start the command (${err.message})\n`);
      resolve(70);
    });
    child.on('close', (code, signal) => {
      for (const [sig, h] of handlers) process.off(sig, h);
      if (signal !== null && !CRASH_SIGNALS.has(signal)) {
        filter.flush();
        resolve(signal);
        return;
      }
      if (signal !== null || filter.fatal) {
        writeErr(crashLine(argv, signal) + '\n');
        resolve(70);
        return;
      }
      filter.flush();
      resolve(code ?? 70);
    });
  });
}
