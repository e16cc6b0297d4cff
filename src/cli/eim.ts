/**
 * `sgp32 eim` — sign and verify eUICC Packages (SGP.32 v1.2 §2.11.1.1) and verify eUICC
 * package results (§2.11.2.1) from the command line:
 *
 * - `sgp32 eim sign --key <file> --association-token <n|none> [--form der|hex|base64|pem] [-o file] <json|->`
 * - `sgp32 eim verify <file> (--cert <file> | --pubkey <file>) --association-token <n|none> [--json]`
 * - `sgp32 eim verify-result <file> (--cert <file> | --pubkey <file>) --association-token <n|none> [--json]`
 *
 * Exit codes: 0 valid (or signed), 1 invalid signature, 2 usage error or unreadable input
 * (missing file, not DER/hex/base64/PEM, not the expected message, unusable key file).
 * Messages are read in any of DER, hex, base64, PEM (detected); keys and certificates as PEM or
 * DER.
 *
 * All I/O goes through the `io` argument, so the command runs in tests without a process.
 *
 * @module
 */
import { CryptoKeyFormatError } from '../crypto/errors.js';
import { CertificateParseError } from '../pki/errors.js';
import { Asn1DecodeError, Asn1EncodeError } from '../der/errors.js';
import { EuiccPackageSigned } from '../generated/SGP32Definitions.js';
import { InputFormatError, bytesToHex, readInput } from '../inspect/input.js';
import { JerError } from '../jer/index.js';
import { signEuiccPackage, verifyEuiccPackageRequest } from '../rsp/eim-package.js';
import { verifyEuiccPackageResult } from '../rsp/euicc-package-result.js';
import type { SignatureVerdict } from '../rsp/signed-data.js';
import { UsageError, parseCommand } from './common.js';
import { formArg, inForm } from './output.js';

/** What `runEim` needs from its environment. */
export interface EimIo {
  stdout(s: string): void;
  stderr(s: string): void;
  readFile(path: string): Promise<Uint8Array>;
  readStdin(): Promise<Uint8Array>;
  /** Writes `-o` output; when absent, `-o` is a usage error. */
  writeFile?(path: string, data: Uint8Array | string): Promise<void>;
  /** Checks before any work that `-o path` can be written (throws a usage error of `command`). */
  checkOutput?(command: string, path: string): void;
}

const EXIT_VALID = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

/** Input that cannot be used (exit 2): unreadable file, wrong form, not the message expected. */
class UnreadableError extends Error {
  override readonly name = 'UnreadableError';
}

/**
 * Runs `sgp32 eim <sub-command> …` and returns the exit code.
 *
 * @param args - the arguments after `eim`.
 * @param io - output and input functions.
 * @returns 0 valid/signed, 1 invalid, 2 usage error or unreadable input.
 * @example await runEim(['verify', 'pkg.der', '--cert', 'eim.pem', '--association-token', '1'], io)
 */
export async function runEim(args: readonly string[], io: EimIo): Promise<number> {
  const [sub, ...rest] = args;
  const json = rest.includes('--json');
  try {
    switch (sub) {
      case 'sign':
        return await signCommand(rest, io);
      case 'verify':
        return await verifyCommand('verify', rest, io);
      case 'verify-result':
        return await verifyCommand('verify-result', rest, io);
      case undefined:
        throw new UsageError('eim: expected a sub-command: sign, verify or verify-result');
      default:
        throw new UsageError(`eim: unknown sub-command ${JSON.stringify(sub)}; expected sign, verify or verify-result`);
    }
  } catch (err) {
    const kind = err instanceof UsageError ? 'usage' : unreadable(err) ? 'unreadable-input' : undefined;
    if (kind === undefined) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (json && sub !== 'sign') io.stdout(JSON.stringify({ valid: false, reason: kind, detail: message }) + '\n');
    io.stderr(`sgp32 ${kind === 'usage' ? '' : `eim ${sub}: `}${message}\n`);
    if (kind === 'usage') io.stderr(`Run 'sgp32 eim --help' for usage.\n`);
    return EXIT_USAGE;
  }
}

function unreadable(err: unknown): boolean {
  return (
    err instanceof UnreadableError ||
    err instanceof Asn1DecodeError ||
    err instanceof Asn1EncodeError ||
    err instanceof InputFormatError ||
    err instanceof JerError ||
    err instanceof CryptoKeyFormatError ||
    err instanceof CertificateParseError
  );
}

/** `none` → null, an integer → number; absent or anything else is a usage error. */
function tokenArg(command: string, value: string | undefined): number | null {
  if (value === undefined) {
    throw new UsageError(`eim ${command}: --association-token is required (the token agreed when the eIM was associated, or "none")`);
  }
  if (value === 'none') return null;
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`eim ${command}: --association-token must be an integer or "none", got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

async function readPath(io: EimIo, path: string, what: string): Promise<Uint8Array> {
  try {
    return path === '-' ? await io.readStdin() : await io.readFile(path);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : err instanceof Error ? err.message : String(err);
    throw new UnreadableError(`cannot read ${what} ${path === '-' ? 'from standard input' : JSON.stringify(path)}: ${why}`);
  }
}

async function signCommand(args: readonly string[], io: EimIo): Promise<number> {
  const { values, positionals } = parseCommand(
    'eim sign',
    args,
    {
      key: { type: 'string', short: 'k' },
      'association-token': { type: 'string' },
      form: { type: 'string' },
      out: { type: 'string' },
      output: { type: 'string', short: 'o' },
    },
    1,
  );
  const toStdout = values.output === undefined || values.output === '-';
  const form = formArg('eim sign', values, toStdout ? 'hex' : 'der');
  if (values.key === undefined) throw new UsageError('eim sign: --key <eIM private key, PEM or DER> is required');
  const input = positionals[0];
  if (input === undefined) throw new UsageError('eim sign: expected the EuiccPackageSigned JSON file (or - for standard input)');
  const token = tokenArg('sign', values['association-token']);
  if (form === 'der' && toStdout) throw new UsageError('eim sign: --form der writes binary; give -o <file> (or use --form hex, base64 or pem)');
  if (!toStdout && io.writeFile === undefined) throw new UsageError('eim sign: -o is not available here');
  if (!toStdout) io.checkOutput?.('eim sign', values.output as string);

  const keyBytes = await readPath(io, values.key, 'the key');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(await readPath(io, input, 'the package'));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UnreadableError(`the package is not JSON (${err instanceof Error ? err.message : String(err)}); expected EuiccPackageSigned in its JER form, as \`sgp32 decode\` prints it`);
  }
  const euiccPackageSigned = EuiccPackageSigned.fromJer(json);
  const { bytes, request } = signEuiccPackage({ euiccPackageSigned, privateKey: keyBytes, associationToken: token });
  const data = inForm(bytes, form, 'EUICCPACKAGEREQUEST');
  if (toStdout) io.stdout(data as string);
  else await (io.writeFile as NonNullable<EimIo['writeFile']>)(values.output as string, data);
  io.stderr(
    `signed EuiccPackageRequest: eimId ${JSON.stringify(euiccPackageSigned.eimId)}, counterValue ${euiccPackageSigned.counterValue}, ` +
      `associationToken ${token === null ? 'none (signed over … ‖ 84 01 00, UNVERIFIED reading)' : token}, ${bytes.length} bytes, signature ${bytesToHex(request.eimSignature).slice(0, 16)}…\n`,
  );
  return EXIT_VALID;
}

async function verifyCommand(command: 'verify' | 'verify-result', args: readonly string[], io: EimIo): Promise<number> {
  const { values, positionals } = parseCommand(
    `eim ${command}`,
    args,
    {
      cert: { type: 'string', short: 'c' },
      pubkey: { type: 'string', short: 'p' },
      'association-token': { type: 'string' },
      json: { type: 'boolean' },
    },
    1,
  );
  const input = positionals[0];
  const what = command === 'verify' ? 'EuiccPackageRequest' : 'EuiccPackageResult';
  if (input === undefined) throw new UsageError(`eim ${command}: expected the ${what} file (DER, hex, base64 or PEM; - for standard input)`);
  if ((values.cert === undefined) === (values.pubkey === undefined)) {
    throw new UsageError(`eim ${command}: give exactly one of --cert <certificate file> or --pubkey <public key file>`);
  }
  const token = tokenArg(command, values['association-token']);
  const keyFile = (values.cert ?? values.pubkey) as string;
  const keyBytes = await readPath(io, keyFile, values.cert !== undefined ? 'the certificate' : 'the public key');
  const message = readInput(await readPath(io, input, `the ${what}`)).bytes;
  const keySource = values.cert !== undefined ? { certificate: keyBytes } : { publicKey: keyBytes };

  let verdict: SignatureVerdict;
  let summary: string;
  if (command === 'verify') {
    const v = verifyEuiccPackageRequest(message, { ...keySource, associationToken: token });
    verdict = v;
    summary = v.valid ? `eimId ${JSON.stringify(v.request.euiccPackageSigned.eimId)}, counterValue ${v.request.euiccPackageSigned.counterValue}` : '';
  } else {
    const v = verifyEuiccPackageResult(message, { ...keySource, associationToken: token });
    verdict = v;
    const body = v.result.$case === 'euiccPackageResultSigned' ? v.result.value.euiccPackageResultDataSigned : v.result.$case === 'euiccPackageErrorSigned' ? v.result.value.euiccPackageErrorDataSigned : undefined;
    summary = `${v.kind}${body ? `, eimId ${JSON.stringify(body.eimId)}, counterValue ${body.counterValue}` : ''}`;
  }
  if (values.json) {
    // JSON.stringify leaves out the fields a verdict does not carry (undefined).
    const report = verdict.valid
      ? { valid: true, reason: 'valid', signedSuffix: verdict.signedSuffix, detail: verdict.detail }
      : { valid: false, reason: verdict.reason, detail: verdict.detail };
    io.stdout(JSON.stringify(report) + '\n');
  } else if (verdict.valid) {
    io.stdout(`valid: ${verdict.detail ?? `the ${command === 'verify' ? 'eimSignature' : 'eUICC signature'} verifies`} (${summary})\n`);
  } else {
    io.stdout(`invalid: ${verdict.reason}: ${verdict.detail}${summary ? ` (${summary})` : ''}\n`);
  }
  return verdict.valid ? EXIT_VALID : EXIT_INVALID;
}
