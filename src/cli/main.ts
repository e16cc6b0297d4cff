/**
 * Entry point of the `sgp32` command (bin/sgp32.js calls {@link main}).
 *
 * @module
 */
import { HELP } from './help.js';
import { EXIT_DATA, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError, errorLine, isDataError, say, setDebug, version } from './common.js';
import type { EimIo } from './eim.js';
import { OutputClosedError, checkOutput } from './output.js';
import { readFile, writeFile } from 'node:fs/promises';

// Commands load on demand: help and --version need none of the codecs.
const COMMANDS: Readonly<Record<string, (args: readonly string[]) => Promise<number>>> = {
  decode: async (a) => (await import('./decode.js')).decodeCommand(a),
  encode: async (a) => (await import('./encode.js')).encodeCommand(a),
  detect: async (a) => (await import('./decode.js')).detectCommand(a),
  validate: async (a) => (await import('./validate.js')).validateCommand(a),
  types: async (a) => (await import('./encode.js')).typesCommand(a),
  demo: async (a) => (await import('./demo.js')).demoCommand(a),
  cert: async (a) => (await import('./cert.js')).certCommand(a),
  eim: async (a) => (await import('./eim.js')).runEim(a, processIo),
  bpp: async (a) => (await import('./bpp.js')).bppCommand(a),
  pki: async (a) => (await import('./pki.js')).pkiCommand(a),
  euicc: async (a) => (await import('./euicc.js')).euiccCommand(a),
  ipa: async (a) => (await import('./ipa.js')).ipaCommand(a),
};

/** The `eim` command's I/O on the real process. */
const processIo: EimIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  readFile: async (path) => new Uint8Array(await readFile(path)),
  readStdin: async () => {
    if (process.stdin.isTTY) throw new Error('standard input is a terminal; pipe the input in or give a file');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return new Uint8Array(Buffer.concat(chunks));
  },
  writeFile: (path, data) => writeFile(path, data),
  checkOutput,
};

/**
 * Runs the command line `argv` (without the node and script paths) and returns the exit code:
 * 0 success, 1 bad data, 2 bad command line, 70 internal error. Writes to stdout/stderr.
 * @example await main(['decode', 'message.der', '--format', 'tree'])
 */
export async function main(argv: readonly string[]): Promise<number> {
  // A closed pipe (`sgp32 decode x -f tree | head`) ends the command quietly, as Unix tools do.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const debug = argv.includes('--debug');
  setDebug(debug);
  // Decoders raise errors as results (type detection tries many types); without --debug no
  // stack is ever shown, so none is captured.
  if (!debug) Error.stackTraceLimit = 0;
  const args = argv.filter((a) => a !== '--debug');
  const [command, ...rest] = args;
  if (command === undefined) {
    process.stderr.write(HELP.main);
    return EXIT_USAGE;
  }
  if (command === '-h' || command === '--help') {
    process.stdout.write(HELP.main);
    return EXIT_OK;
  }
  if (command === '-V' || command === '--version') {
    process.stdout.write(`sgp32 ${version()}\n`);
    return EXIT_OK;
  }
  if (command === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      process.stdout.write(HELP.main);
      return EXIT_OK;
    }
    if (!HELP[topic] || topic === 'main') {
      say(`sgp32: no help on ${JSON.stringify(topic)}; commands: ${Object.keys(COMMANDS).join(', ')}`);
      return EXIT_USAGE;
    }
    process.stdout.write(HELP[topic]);
    return EXIT_OK;
  }
  const run = COMMANDS[command];
  if (!run) {
    say(`sgp32: unknown command ${JSON.stringify(command)}; commands: ${Object.keys(COMMANDS).join(', ')} (sgp32 --help)`);
    return EXIT_USAGE;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    process.stdout.write(HELP[command]);
    return EXIT_OK;
  }
  try {
    return await run(rest);
  } catch (err) {
    // The reader of standard output went away (`| head`): done, as Unix tools are.
    if (err instanceof OutputClosedError) return EXIT_OK;
    if (err instanceof UsageError) {
      say(`sgp32 ${err.message}`);
      say(`Run 'sgp32 ${command} --help' for usage.`);
      if (debug) say(err.stack ?? '');
      return EXIT_USAGE;
    }
    if (isDataError(err)) {
      say(`sgp32 ${command}: ${errorLine(err)}`);
      if (debug && err instanceof Error) say(err.stack ?? '');
      return EXIT_DATA;
    }
    const message = (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
    // One line, as every crash ends (bin/sgp32.js says the same for a process that dies).
    say(`sgp32 ${version()}: internal error in ${command}: ${message}; this is a bug, please report it with this line (--debug adds the stack trace)`);
    if (debug && err instanceof Error) say(err.stack ?? '');
    return EXIT_INTERNAL;
  }
}
