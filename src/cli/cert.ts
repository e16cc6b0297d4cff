/**
 * `sgp32 cert show` and `sgp32 cert verify`: GSMA RSP certificates on the command line
 * (certificates.md; chain rules of SGP.22 §4.5.2 as applied by {@link validateChain}).
 *
 * Exit codes: 0 shown / chain valid; 1 chain invalid; 2 usage error or unreadable input (a
 * missing file, a file that is not a certificate, a bad flag value).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CertificateParseError } from '../pki/errors.js';
import { parseCertificate, parseCertificates, type CertificateView } from '../pki/parse.js';
import { GSMA_ROLES, type GsmaRole } from '../pki/roles.js';
import { certificateSummary, type CertificateSummary } from '../pki/summary.js';
import { validateChain } from '../pki/validate.js';
import { CERT_HELP } from './cert-help.js';

/** Where {@link runCert} reads and writes; the CLI passes process streams and node:fs. */
export interface CertIo {
  /** Writes text to standard output (the caller adds nothing; lines end in `\n`). */
  readonly stdout: (s: string) => void;
  /** Writes text to standard error. */
  readonly stderr: (s: string) => void;
  /** Reads a whole file; a rejection is reported as unreadable input (exit 2). */
  readFile(path: string): Promise<Uint8Array>;
}


const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

class Usage extends Error {}

/** Strict ISO 8601 date or date-time (UTC designator or numeric offset; seconds optional). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function parseTime(value: string): Date {
  if (!ISO_8601.test(value)) throw new Usage(`--at: expected an ISO-8601 time such as 2026-11-21T00:00:00Z, got ${JSON.stringify(value)}`);
  // A date alone, or a time without zone, is taken as UTC.
  const normalized = value.length === 10 ? `${value}T00:00:00Z` : /(?:Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const d = new Date(normalized.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(d.getTime())) throw new Usage(`--at: not a valid time: ${JSON.stringify(value)}`);
  const [y, m, day] = value.slice(0, 10).split('-').map(Number);
  if (m < 1 || m > 12 || day < 1 || day > 31 || new Date(Date.UTC(y, m - 1, day)).getUTCDate() !== day) {
    throw new Usage(`--at: not a valid date: ${JSON.stringify(value)}`);
  }
  return d;
}

/** Reads the certificates of one file: PEM blocks, DER certificates back to back, or one DER certificate as received. */
async function readCertificates(io: CertIo, file: string): Promise<CertificateView[]> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(file);
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? ` (${String((err as { code: unknown }).code)})` : '';
    throw new Usage(`${file}: cannot read the file${code}`);
  }
  try {
    return parseCertificates(bytes);
  } catch (err) {
    if (!(err instanceof CertificateParseError)) throw err;
    // One DER certificate followed by bytes that are not a certificate: keep it as one view
    // whose problems list the trailing bytes, so that validation refuses it with a reason.
    if (err.code === 'not-a-certificate' && bytes.length > 0 && bytes[0] === 0x30) {
      try {
        return [parseCertificate(bytes)];
      } catch (again) {
        if (!(again instanceof CertificateParseError)) throw again;
      }
    }
    throw new Usage(`${file}: not a certificate: ${err.message}`);
  }
}

function showText(file: string, index: number, count: number, s: CertificateSummary): string {
  const lines = [`${file}${count > 1 ? ` [${index}]` : ''}`];
  const add = (label: string, value: string | null | undefined): void => {
    if (value !== null && value !== undefined && value !== '') lines.push(`  ${`${label}:`.padEnd(24)}${value}`);
  };
  add('subject', s.subject);
  add('issuer', s.issuer);
  add('serial number', s.serialNumber);
  add('validity', `${s.notBefore} .. ${s.notAfter}`);
  add('curve', s.curve);
  add('role', s.role === null ? 'none' : `${s.role}${s.roleVariant ? ` (variant ${s.roleVariant})` : ''}`);
  add('policies', s.policies.join(', '));
  add('EID', s.eid);
  add('permitted EID prefixes', s.permittedEidPrefixes?.join(', '));
  add('subject key id', s.subjectKeyIdentifier);
  add('authority key id', s.authorityKeyIdentifier);
  add('key usage', s.keyUsage?.join(', '));
  add('extended key usage', s.extendedKeyUsage?.join(', '));
  add('basic constraints', s.basicConstraints ? `CA=${s.basicConstraints.ca ? 'true' : 'false'}${s.basicConstraints.pathLength === null ? '' : `, pathLen=${s.basicConstraints.pathLength}`}` : null);
  add('subject alt name', s.subjectAltName?.join(', '));
  add('extensions', s.extensions.map((e) => `${e.oid}${e.critical ? ' (critical)' : ''}${e.known ? '' : ' (not applied)'}`).join(', '));
  add('signature algorithm', s.signatureAlgorithm);
  for (const p of s.problems) add('problem', `${p.code}${p.offset === null ? '' : ` at byte ${p.offset}`}: ${p.detail}`);
  return `${lines.join('\n')}\n`;
}

async function show(args: string[], io: CertIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (positionals.length === 0) throw new Usage('show: expected at least one certificate file');
  const out: { file: string; certificates: CertificateSummary[] }[] = [];
  for (const file of positionals) out.push({ file, certificates: (await readCertificates(io, file)).map(certificateSummary) });
  if (values.json) {
    io.stdout(`${JSON.stringify(out.flatMap((f) => f.certificates.map((c) => ({ file: f.file, ...c }))), null, 2)}\n`);
  } else {
    io.stdout(out.flatMap((f) => f.certificates.map((c, i) => showText(f.file, i, f.certificates.length, c))).join('\n'));
  }
  return EXIT_OK;
}

async function verify(args: string[], io: CertIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { anchor: { type: 'string', multiple: true }, role: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (!values.anchor || values.anchor.length === 0) throw new Usage('verify: --anchor <CI cert file> is required');
  if (positionals.length === 0) throw new Usage('verify: expected at least one certificate file (from the one the anchor issued down to the leaf)');
  let role: GsmaRole | undefined;
  if (values.role !== undefined) {
    if (!(GSMA_ROLES as readonly string[]).includes(values.role)) throw new Usage(`--role: expected one of ${GSMA_ROLES.join(', ')}, got ${JSON.stringify(values.role)}`);
    role = values.role as GsmaRole;
  }
  const at = values.at === undefined ? new Date() : parseTime(values.at);
  const anchors: CertificateView[] = [];
  for (const file of values.anchor) anchors.push(...(await readCertificates(io, file)));
  const chain: CertificateView[] = [];
  const origin: string[] = [];
  for (const file of positionals) {
    const certs = await readCertificates(io, file);
    chain.push(...certs);
    origin.push(...certs.map((_, i) => (certs.length > 1 ? `${file} [${i}]` : file)));
  }
  const verdict = validateChain({ chain, anchors, at, ...(role ? { expectedRole: role } : {}) });
  if (values.json) {
    io.stdout(`${JSON.stringify(verdict.valid ? { valid: true, reason: 'valid', index: null } : { valid: false, reason: verdict.reason, index: verdict.index })}\n`);
    if (!verdict.valid) io.stderr(`${verdict.detail}\n`);
  } else if (verdict.valid) {
    io.stdout(`valid: ${verdict.role} certificate "${verdict.leaf.subject.text}"${verdict.eid ? ` (EID ${verdict.eid})` : ''} chains to "${verdict.anchor.subject.text}" at ${at.toISOString()}\n`);
  } else {
    const where = verdict.index < 0 ? 'the anchor' : `certificate ${verdict.index} (${origin[verdict.index]})`;
    io.stdout(`invalid: ${verdict.reason} at ${where}\n  ${verdict.detail}\n`);
  }
  return verdict.valid ? EXIT_OK : EXIT_INVALID;
}

/**
 * Runs `sgp32 cert <show|verify> …` and returns the exit code: 0 valid / shown, 1 invalid
 * chain, 2 usage error or unreadable input. Never throws for bad arguments or files; those
 * print one line on stderr and return 2.
 *
 * @param args - the arguments after `cert` (e.g. `['verify', '--anchor', 'ci.der', 'eum.der', 'euicc.der']`).
 * @param io - output writers and a file reader (tests pass in-memory ones).
 * @returns the exit code.
 * @example
 * ```ts
 * const code = await runCert(['show', 'ci.pem', '--json'], {
 *   stdout: (s) => process.stdout.write(s),
 *   stderr: (s) => process.stderr.write(s),
 *   readFile: async (p) => new Uint8Array(await fs.readFile(p)),
 * });
 * ```
 */
export async function runCert(args: string[], io: CertIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '-h' || sub === '--help' || sub === 'help' || rest.includes('-h') || rest.includes('--help')) {
    io.stdout(CERT_HELP);
    return EXIT_OK;
  }
  try {
    if (sub === 'show') return await show(rest, io);
    if (sub === 'verify') return await verify(rest, io);
    throw new Usage(sub === undefined ? 'expected a subcommand: show or verify' : `unknown subcommand ${JSON.stringify(sub)}; expected show or verify`);
  } catch (err) {
    // node:util parseArgs reports unknown flags and missing values with a code of its own.
    const isParseArgs = err instanceof TypeError && typeof (err as { code?: unknown }).code === 'string' && String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    if (err instanceof Usage || isParseArgs) {
      io.stderr(`sgp32 cert: ${(err as Error).message}\nRun 'sgp32 cert --help' for usage.\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

/**
 * `runCert` on the process streams and the file system: the `cert` entry of the `sgp32`
 * dispatcher.
 *
 * @param args - the arguments after `cert`.
 * @returns the exit code (0 valid, 1 invalid, 2 usage error or unreadable input).
 */
export function certCommand(args: readonly string[]): Promise<number> {
  return runCert([...args], {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readFile: async (p) => {
      const buf = await readFile(p);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    },
  });
}
