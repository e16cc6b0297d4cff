/**
 * Shared pieces of the `sgp32` commands: the error classes that map to exit codes, argument
 * parsing on top of `node:util` parseArgs, reading inputs and writing outputs.
 *
 * Exit codes: 0 success; 1 the data is bad (decode error, invalid dump, undetectable type);
 * 2 the command line is wrong (unknown command, flag or type, missing file); 70 internal error.
 *
 * @module
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Asn1DecodeError, Asn1EncodeError } from '../der/errors.js';
import { JerError } from '../jer/index.js';
import { InputFormatError } from '../inspect/input.js';

export const EXIT_OK = 0;
export const EXIT_DATA = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

/** A wrong command line: exit 2 with the message and a pointer to the help. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Bad data that is not an Asn1DecodeError (e.g. no type fits): exit 1. */
export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(
    message: string,
    readonly code = 'bad-data',
  ) {
    super(message);
  }
}

let cachedVersion: string | undefined;

/** The package version, read from package.json next to dist/. */
export function version(): string {
  if (cachedVersion === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
      cachedVersion = typeof pkg.version === 'string' ? pkg.version : 'unknown';
    } catch {
      // A broken installation still gets a version string in its internal-error line.
      cachedVersion = 'unknown';
    }
  }
  return cachedVersion;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parsed flag values: booleans for boolean flags, strings otherwise; undefined when absent. */
export type FlagValues<O extends Options> = {
  [K in keyof O]?: O[K] extends { multiple: true } ? (O[K] extends { type: 'boolean' } ? boolean[] : string[]) : O[K] extends { type: 'boolean' } ? boolean : string;
};

/**
 * Parses the arguments of one command. Unknown flags, missing values and surplus positionals
 * become a {@link UsageError} naming the flag.
 */
export function parseCommand<O extends Options>(command: string, args: readonly string[], options: O, maxPositionals = Infinity): { values: FlagValues<O>; positionals: string[] } {
  // A value that starts with '-' (`--association-token -1`) is a value, not a flag, when the
  // flag takes one: node:util's parser would read it as an unknown option.
  const given: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const name = a.startsWith('--') ? a.slice(2) : a.length === 2 && a[0] === '-' ? Object.keys(options).find((k) => options[k].short === a[1]) : undefined;
    const next = args[i + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      given.push(`--${name}=${next}`);
      i++;
    } else given.push(a);
  }
  let parsed;
  try {
    parsed = parseArgs({ args: given, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${command}: ${parseArgsMessage(err, options)}`);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`${command}: unexpected argument ${JSON.stringify(parsed.positionals[maxPositionals])}`);
  }
  return { values: parsed.values as FlagValues<O>, positionals: parsed.positionals };
}

/** Our words for node:util parseArgs' errors (told apart by their code, not their text). */
function parseArgsMessage(err: unknown, options: Options): string {
  const code = (err as NodeJS.ErrnoException).code;
  const msg = err instanceof Error ? err.message : String(err);
  // The flag is quoted in the message; its spelling is all we take from it.
  const flag = /'(-[^' ,]*)(?:, (--[^' ]+))?/.exec(msg);
  const shown = flag ? (flag[2] ?? flag[1]) : '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${shown || msg}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = shown.replace(/^-+/, '');
    const key = Object.keys(options).find((k) => k === name || options[k].short === name);
    if (key && options[key].type === 'boolean') return `--${key} takes no value`;
    return `--${key ?? name} needs a value`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument ${msg.replace(/^.*'([^']*)'.*$/s, '"$1"')}`;
  return msg;
}

/** Checks that a flag's value is one of `allowed`. */
export function oneOf<T extends string>(command: string, flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${command}: --${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** A positive integer flag value. */
export function positiveInt(command: string, flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[1-9]\d{0,3}$/.test(value)) throw new UsageError(`${command}: --${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Reads a file, or standard input for `-` / no path. A missing file is a usage error. */
export async function readSource(command: string, path: string | undefined): Promise<Uint8Array> {
  if (path === undefined || path === '-') {
    if (process.stdin.isTTY) throw new UsageError(`${command}: no input file given and standard input is a terminal`);
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const buf = Buffer.concat(chunks);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  }
  // A FIFO or a device would be read until it ends, maybe never: only regular files are read.
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`${command}: no such file: ${path}`);
    throw err;
  }
  if (st.isDirectory()) throw new UsageError(`${command}: ${path} is a directory`);
  if (!st.isFile()) throw new UsageError(`${command}: ${path} is not a regular file (${st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device'}); pipe it to standard input instead`);
  try {
    const buf = readFileSync(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${command}: no such file: ${path}`);
    if (code === 'EISDIR') throw new UsageError(`${command}: ${path} is a directory`);
    if (code === 'EACCES') throw new UsageError(`${command}: permission denied: ${path}`);
    throw err;
  }
}

/** Writes to a file (`-o`) or standard output. */
export function writeOutput(path: string | undefined, data: string | Uint8Array): void {
  if (path === undefined || path === '-') process.stdout.write(data);
  else writeFileSync(path, data);
}

/** The one-line form of a data error for stderr: code, offset and path first. */
export function errorLine(err: unknown): string {
  if (err instanceof Asn1DecodeError) {
    return `error: ${err.code} at offset ${err.offset}${err.path ? ` in ${err.path}` : ''}: ${err.detail}`;
  }
  if (err instanceof Asn1EncodeError) return `error: ${err.code}${err.path ? ` in ${err.path}` : ''}: ${err.detail}`;
  if (err instanceof JerError) return `error: bad-json in ${err.path}: ${err.detail}`;
  if (err instanceof InputFormatError) return `error: ${err.code}: ${err.detail}`;
  if (err instanceof DataError) return `error: ${err.code}: ${err.message}`;
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

/** True for the errors that mean "bad data" (exit 1) rather than a bug. */
export function isDataError(err: unknown): boolean {
  return err instanceof Asn1DecodeError || err instanceof Asn1EncodeError || err instanceof JerError || err instanceof InputFormatError || err instanceof DataError;
}

let debugMode = false;

/** Turns the printing of stack traces on (`--debug`). */
export function setDebug(on: boolean): void {
  debugMode = on;
}

/** Whether `--debug` was given. */
export function isDebug(): boolean {
  return debugMode;
}

/**
 * Whether stderr ends at a terminal: under bin/sgp32.js the command's stderr is a pipe to the
 * parent process, which says through SGP32_STDERR_TTY whether its own is one.
 */
export function stderrIsTerminal(): boolean {
  return process.stderr.isTTY === true || process.env.SGP32_STDERR_TTY === '1';
}

/** Writes one line to stderr. */
export function say(line: string): void {
  process.stderr.write(line + '\n');
}
