/**
 * Where the commands write big outputs: a sink that gathers small pieces of text into 64 KiB
 * blocks and writes each block synchronously to a file descriptor (standard output or the
 * `-o` file), so that memory stays bounded whatever the size of the output, and a slow reader
 * at the other end of a pipe slows the command down instead of filling its heap.
 *
 * The `-o` path is opened before any work is done: a folder that does not exist or a
 * directory is a usage error at once, not after the whole input has been decoded.
 *
 * @module
 */
import { closeSync, existsSync, openSync, unlinkSync, writeSync } from 'node:fs';
import type { TextSink } from '../jer/stream.js';
import { bytesToBase64, bytesToHex, bytesToPem } from '../inspect/input.js';
import { UsageError, oneOf } from './common.js';

const BLOCK = 64 * 1024;

/** Raised when the reader of standard output went away (`| head`): the command ends quietly. */
export class OutputClosedError extends Error {
  override readonly name = 'OutputClosedError';
}

/** A sink over a file descriptor; `close()` writes what is left (and closes a file it opened). */
export interface OutputSink extends TextSink {
  /** Writes raw bytes (after the text written so far). */
  writeBytes(bytes: Uint8Array): void;
  /** Writes what is buffered; closes the file when the sink opened one. */
  close(): void;
}

/** Sleeps `ms` milliseconds without spinning (a pipe in non-blocking mode is full). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function writeAll(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) {
    try {
      off += writeSync(fd, data, off, data.length - off);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        pause(2);
        continue;
      }
      if (code === 'EPIPE') throw new OutputClosedError('the reader of the output went away');
      throw err;
    }
  }
}

/** Opens `path` with `flags`; the ways it cannot be written are usage errors of `command`. */
function openPath(command: string, path: string, flags: 'w' | 'a'): number {
  try {
    return openSync(path, flags);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new UsageError(`${command}: --output ${path} is a directory`);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`${command}: --output ${path}: no such folder`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new UsageError(`${command}: --output ${path}: permission denied`);
    throw err;
  }
}

/**
 * Checks, before any work, that the `-o` file of a command that writes it at the end (through
 * an injected `writeFile`) can be written: the same usage errors as {@link openOutput}. An
 * existing file is left as it is (opened for appending, not truncated); a file the check
 * created is removed again, so a command that fails later leaves nothing behind.
 */
export function checkOutput(command: string, path: string | undefined): void {
  if (path === undefined || path === '-') return;
  const existed = existsSync(path);
  closeSync(openPath(command, path, 'a'));
  if (!existed) unlinkSync(path);
}

/** The output forms of `--form` for commands that write one DER value. */
export const FORMS = ['der', 'hex', 'base64', 'pem'] as const;
/** One of {@link FORMS}. */
export type Form = (typeof FORMS)[number];

/**
 * The `--form` of `command`, or `fallback`. The old `--out <form>` flag (given as `out`) is a
 * usage error that names its replacement.
 */
export function formArg(command: string, values: { form?: string | undefined; out?: string | undefined }, fallback: Form): Form {
  if (values.out !== undefined) throw new UsageError(`${command}: --out is now --form <der|hex|base64|pem> (the output form); -o/--output names the file`);
  return oneOf(command, 'form', values.form, FORMS, fallback);
}

/** `bytes` in `form`: the bytes themselves for DER, else text ending in a newline (PEM under `label`). */
export function inForm(bytes: Uint8Array, form: Form, label: string): Uint8Array | string {
  return form === 'der' ? bytes : form === 'hex' ? bytesToHex(bytes) + '\n' : form === 'base64' ? bytesToBase64(bytes) + '\n' : bytesToPem(bytes, label);
}

/**
 * Opens the output of `command`: standard output for undefined or `-`, else the file at
 * `path` (created or truncated).
 * @throws UsageError when the path is a directory, its folder does not exist, or it cannot be
 *   written.
 */
export function openOutput(command: string, path: string | undefined): OutputSink {
  const own = path !== undefined && path !== '-';
  const fd = own ? openPath(command, path, 'w') : 1;
  const encoder = new TextEncoder();
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    const text = pending.join('');
    pending = [];
    size = 0;
    writeAll(fd, encoder.encode(text));
  };
  return {
    write(text: string): void {
      pending.push(text);
      size += text.length;
      if (size >= BLOCK) flush();
    },
    writeBytes(bytes: Uint8Array): void {
      flush();
      writeAll(fd, bytes);
    },
    close(): void {
      flush();
      if (own) closeSync(fd);
    },
  };
}

/**
 * Whether to colour the output for `--color auto|always|never`: `auto` colours a terminal
 * (standard output, no `-o` file) unless NO_COLOR is set (https://no-color.org).
 */
export function useColor(mode: 'auto' | 'always' | 'never', output: string | undefined): boolean {
  if (mode !== 'auto') return mode === 'always';
  if (output !== undefined && output !== '-') return false;
  return process.stdout.isTTY === true && !process.env.NO_COLOR;
}
