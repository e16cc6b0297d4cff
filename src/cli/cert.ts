/**
 * `sgp32 cert show` and `sgp32 cert verify`: GSMA RSP certificates on the command line
 * (certificates.md; chain rules of SGP.22 §4.5.2 as applied by {@link validateChain}).
 *
 * Exit codes: 0 shown / chain valid; 1 chain invalid or bad data (a file that is not a
 * certificate, a truncated one); 2 usage error or a file that cannot be read.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CURVES } from '../crypto/curves.js';
import { oidValueName } from '../inspect/schema.js';
import { defaultRegistry } from '../generated/registry.js';
import { parseCrl, type CrlView } from '../pki/crl.js';
import { CertificateParseError } from '../pki/errors.js';
import { extensionName } from '../pki/extensions.js';
import { OID_EC_PUBLIC_KEY, OID_ECDSA_WITH_SHA256 } from '../pki/oids.js';
import { parseCertificate, parseCertificates, type CertificateView } from '../pki/parse.js';
import { GSMA_ROLES, type GsmaRole, type RoleVariant } from '../pki/roles.js';
import { certificateSummary } from '../pki/summary.js';
import { couldHaveIssued, validateChain } from '../pki/validate.js';
import { CERT_HELP } from './cert-help.js';
import { UsageError, parseCommand } from './common.js';
import { openOutput, type OutputSink } from './output.js';

/** Where {@link runCert} reads and writes; the CLI passes process streams and node:fs. */
export interface CertIo {
  /** Writes text to standard output (the caller adds nothing; lines end in `\n`). */
  readonly stdout: (s: string) => void;
  /** Writes text to standard error. */
  readonly stderr: (s: string) => void;
  /** Reads a whole file; a rejection is reported as unreadable input (exit 2). */
  readFile(path: string): Promise<Uint8Array>;
  /** Opens the `-o` file (or standard output), before any work; when absent, `-o` is refused. */
  openOutput?(command: string, path: string | undefined): OutputSink;
}

/** Runs `body` with its standard output going to `-o <path>` when one is given. */
async function toOutput(io: CertIo, command: string, path: string | undefined, body: (io: CertIo) => Promise<number>): Promise<number> {
  if (path === undefined) return body(io);
  if (io.openOutput === undefined) throw new Usage(`${command}: -o is not available here`);
  const sink = io.openOutput(command, path);
  try {
    return await body({ ...io, stdout: (s) => sink.write(s) });
  } finally {
    sink.close();
  }
}


const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

class Usage extends Error {}
/** Input that was read but is not what it should be (exit 1, like an invalid chain). */
class BadData extends Error {}

/** Names of the algorithm and curve OIDs (RFC 5480, RFC 5758, RFC 5639) no ASN.1 module here defines. */
const ALGORITHM_NAMES: Readonly<Record<string, string>> = {
  [OID_ECDSA_WITH_SHA256]: 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  [OID_EC_PUBLIC_KEY]: 'id-ecPublicKey',
  [CURVES['P-256'].oid]: 'prime256v1 (P-256)',
  [CURVES.brainpoolP256r1.oid]: 'brainpoolP256r1',
};

/** An OID with its name, when one is known. */
function named(oid: string): string {
  const name = ALGORITHM_NAMES[oid] ?? extensionName(oid) ?? oidValueName(oid, defaultRegistry);
  return name === undefined ? oid : `${name} (${oid})`;
}

const ROLE_WORDS: Readonly<Record<GsmaRole, string>> = {
  ci: 'GSMA Certificate Issuer (root CA)',
  'ci-subca': 'CI sub-CA',
  eum: 'eUICC Manufacturer (EUM)',
  euicc: 'eUICC',
  'dp-auth': 'SM-DP+ authentication (CERT.DPauth)',
  'dp-pb': 'SM-DP+ profile binding (CERT.DPpb)',
  'dp-tls': 'SM-DP+ TLS server',
  'ds-auth': 'SM-DS authentication',
  'ds-tls': 'SM-DS TLS server',
  eim: 'eIM',
};

const VARIANT_WORDS: Readonly<Record<RoleVariant, string>> = {
  O: 'SGP.22 v2 profile, variant O',
  v3: 'SGP.22 v3 profile, variants Ov3/A/B/C',
};

function roleInWords(role: GsmaRole | undefined, variant: RoleVariant | undefined): string {
  if (role === undefined) return 'none (no GSMA role policy)';
  return `${ROLE_WORDS[role]}${variant ? ` — ${VARIANT_WORDS[variant]}` : ''}`;
}

function fingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:');
}

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

async function readBytes(io: CertIo, file: string): Promise<Uint8Array> {
  try {
    return await io.readFile(file);
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? ` (${String((err as { code: unknown }).code)})` : '';
    throw new Usage(`${file}: cannot read the file${code}`);
  }
}

/** The certificates of bytes read from `file`: PEM blocks, DER certificates back to back, or one DER certificate as received. */
function certificatesOf(bytes: Uint8Array, file: string): CertificateView[] {
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
    throw new BadData(`${file}: not a certificate: ${err.message}`);
  }
}

/** Reads the certificates of one file (exit 2 when it cannot be read, 1 when it is not certificates). */
async function readCertificates(io: CertIo, file: string): Promise<CertificateView[]> {
  return certificatesOf(await readBytes(io, file), file);
}

/** Reads one CRL file. */
async function readCrl(io: CertIo, file: string): Promise<CrlView> {
  const bytes = await readBytes(io, file);
  try {
    return parseCrl(bytes);
  } catch (err) {
    if (err instanceof CertificateParseError) throw new BadData(`${file}: not a CRL: ${err.message}`);
    throw err;
  }
}

type Shown = { readonly kind: 'certificate'; readonly view: CertificateView } | { readonly kind: 'crl'; readonly view: CrlView };

/** The certificates of a file, or the CRL it holds. */
async function readShown(io: CertIo, file: string): Promise<Shown[]> {
  const bytes = await readBytes(io, file);
  try {
    return certificatesOf(bytes, file).map((view) => ({ kind: 'certificate', view }));
  } catch (err) {
    if (!(err instanceof BadData)) throw err;
    try {
      return [{ kind: 'crl', view: parseCrl(bytes) }];
    } catch (crlErr) {
      if (!(crlErr instanceof CertificateParseError)) throw crlErr;
      throw err;
    }
  }
}

/** The summary of a certificate plus what `show` adds: fingerprint, names, role in words, expiry now. */
function describeCertificate(view: CertificateView, now: Date) {
  const s = certificateSummary(view);
  return {
    ...s,
    fingerprintSha256: fingerprint(view.der),
    roleDescription: roleInWords(view.role, view.roleVariant),
    expiredNow: Number.isNaN(view.notAfter.getTime()) ? null : now.getTime() > view.notAfter.getTime(),
    signatureAlgorithmName: named(view.signatureAlgorithm),
    publicKeyAlgorithmName: named(view.publicKeyAlgorithm),
  };
}

type Described = ReturnType<typeof describeCertificate>;

function describeCrl(view: CrlView) {
  return {
    kind: 'crl' as const,
    issuer: view.issuer.text,
    version: view.version,
    fingerprintSha256: fingerprint(view.der),
    thisUpdate: Number.isNaN(view.thisUpdate.getTime()) ? null : view.thisUpdate.toISOString(),
    nextUpdate: view.nextUpdate === undefined || Number.isNaN(view.nextUpdate.getTime()) ? null : view.nextUpdate.toISOString(),
    crlNumber: view.crlNumber === undefined ? null : view.crlNumber.toString(),
    revoked: view.revoked.map((r) => ({ serialNumber: r.serialNumber.toString(16), revocationDate: Number.isNaN(r.revocationDate.getTime()) ? null : r.revocationDate.toISOString(), reason: r.reason ?? null })),
    extensions: view.extensions.map((e) => ({ oid: e.oid, name: oidValueName(e.oid, defaultRegistry) ?? null, critical: e.critical })),
    signatureAlgorithm: named(view.signatureAlgorithm),
    problems: view.problems.map((p) => ({ code: p.code, offset: p.offset ?? null, detail: p.detail })),
  };
}

function crlText(file: string, c: ReturnType<typeof describeCrl>): string {
  const lines = [`${file} (CRL)`];
  const add = (label: string, value: string | null | undefined): void => {
    if (value !== null && value !== undefined && value !== '') lines.push(`  ${`${label}:`.padEnd(24)}${value}`);
  };
  add('issuer', c.issuer);
  add('SHA-256 fingerprint', c.fingerprintSha256);
  add('this update', c.thisUpdate);
  add('next update', c.nextUpdate ?? 'none');
  add('CRL number', c.crlNumber);
  add('revoked', c.revoked.length === 0 ? 'none' : c.revoked.map((r) => `${r.serialNumber} (${r.revocationDate ?? '?'}${r.reason ? `, ${r.reason}` : ''})`).join(', '));
  add('extensions', c.extensions.map((e) => `${e.name ?? e.oid}${e.critical ? ' (critical)' : ''}`).join(', '));
  add('signature algorithm', c.signatureAlgorithm);
  for (const p of c.problems) add('problem', `${p.code}: ${p.detail}`);
  return `${lines.join('\n')}\n`;
}

function showText(file: string, index: number, count: number, s: Described): string {
  const lines = [`${file}${count > 1 ? ` [${index}]` : ''}`];
  const add = (label: string, value: string | null | undefined): void => {
    if (value !== null && value !== undefined && value !== '') lines.push(`  ${`${label}:`.padEnd(24)}${value}`);
  };
  add('subject', s.subject);
  add('issuer', s.issuer);
  add('serial number', s.serialNumber);
  add('SHA-256 fingerprint', s.fingerprintSha256);
  add('validity', `${s.notBefore} .. ${s.notAfter}${s.expiredNow ? ' (EXPIRED now)' : s.expiredNow === false ? ' (not expired now)' : ''}`);
  add('public key', `${s.publicKeyAlgorithmName}${s.curve ? ` on ${s.curve}` : ''}`);
  add('role', `${s.roleDescription}${s.role === null ? '' : ` [${s.role}${s.roleVariant ? `, variant ${s.roleVariant}` : ''}]`}`);
  add('policies', s.policies.join(', '));
  add('EID', s.eid);
  add('permitted EID prefixes', s.permittedEidPrefixes?.join(', '));
  add('subject key id', s.subjectKeyIdentifier);
  add('authority key id', s.authorityKeyIdentifier);
  add('key usage', s.keyUsage?.join(', '));
  add('extended key usage', s.extendedKeyUsage?.join(', '));
  add('basic constraints', s.basicConstraints ? `CA=${s.basicConstraints.ca ? 'true' : 'false'}${s.basicConstraints.pathLength === null ? '' : `, pathLen=${s.basicConstraints.pathLength}`}` : null);
  add('subject alt name', s.subjectAltName?.join(', '));
  add('extensions', s.extensions.map((e) => `${e.name ?? e.oid}${e.critical ? ' (critical)' : ''}${e.known ? '' : ' (not applied)'}`).join(', '));
  add('signature algorithm', s.signatureAlgorithmName);
  for (const p of s.problems) add('problem', `${p.code}${p.offset === null ? '' : ` at byte ${p.offset}`}: ${p.detail}`);
  return `${lines.join('\n')}\n`;
}

/** The project's flag parser (its own words for unknown flags and missing values), its usage errors reported as this command's. */
function certFlags<O extends Parameters<typeof parseCommand>[2]>(command: string, args: readonly string[], options: O) {
  try {
    return parseCommand(command, args, options);
  } catch (err) {
    if (err instanceof UsageError) throw new Usage(err.message);
    throw err;
  }
}

async function show(args: string[], io: CertIo): Promise<number> {
  const { values, positionals } = certFlags('show', args, { json: { type: 'boolean' }, at: { type: 'string' }, output: { type: 'string', short: 'o' } });
  if (positionals.length === 0) throw new Usage('show: expected at least one certificate or CRL file');
  return toOutput(io, 'cert show', values.output, (io) => showFiles(values, positionals, io));
}

async function showFiles(values: { json?: boolean; at?: string }, positionals: string[], io: CertIo): Promise<number> {
  const now = values.at === undefined ? new Date() : parseTime(values.at);
  const json: unknown[] = [];
  const text: string[] = [];
  for (const file of positionals) {
    const items = await readShown(io, file);
    const certs = items.flatMap((i) => (i.kind === 'certificate' ? [describeCertificate(i.view, now)] : []));
    certs.forEach((c, i) => {
      json.push({ file, kind: 'certificate', ...c });
      text.push(showText(file, i, certs.length, c));
    });
    for (const i of items) {
      if (i.kind !== 'crl') continue;
      const c = describeCrl(i.view);
      json.push({ file, ...c });
      text.push(crlText(file, c));
    }
  }
  io.stdout(values.json ? `${JSON.stringify(json, null, 2)}\n` : text.join('\n'));
  return EXIT_OK;
}

/**
 * The path from `leaf` up to a certificate an anchor issued, through `pool` (any order), as
 * `openssl verify -untrusted` builds it: each step takes a pool certificate whose subject
 * (and key identifier) names the current certificate's issuer. Stops at an anchor, at a
 * certificate with no issuer in the pool, or after 8 steps.
 */
function buildPath(leaf: CertificateView, pool: readonly CertificateView[], anchors: readonly CertificateView[]): CertificateView[] {
  const path = [leaf];
  for (let cur = leaf; path.length < 9; ) {
    if (anchors.some((a) => couldHaveIssued(a, cur))) break;
    const next = pool.find((c) => !path.includes(c) && couldHaveIssued(c, cur));
    if (next === undefined) break;
    path.unshift(next);
    cur = next;
  }
  return path;
}

async function verify(args: string[], io: CertIo): Promise<number> {
  const { values, positionals } = certFlags('verify', args, {
    anchor: { type: 'string', multiple: true },
    untrusted: { type: 'string', multiple: true },
    crl: { type: 'string', multiple: true },
    role: { type: 'string' },
    at: { type: 'string' },
    'eid-range': { type: 'string' },
    json: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
  });
  if (!values.anchor || values.anchor.length === 0) throw new Usage('verify: --anchor <CI cert file> is required');
  if (positionals.length === 0) throw new Usage('verify: expected at least one certificate file (from the one the anchor issued down to the leaf)');
  let role: GsmaRole | undefined;
  if (values.role !== undefined) {
    if (!(GSMA_ROLES as readonly string[]).includes(values.role)) throw new Usage(`--role: expected one of ${GSMA_ROLES.join(', ')}, got ${JSON.stringify(values.role)}`);
    role = values.role as GsmaRole;
  }
  const eidRange = values['eid-range'] ?? 'enforce';
  if (eidRange !== 'enforce' && eidRange !== 'report') throw new Usage(`--eid-range: expected enforce or report, got ${JSON.stringify(eidRange)}`);
  const at = values.at === undefined ? new Date() : parseTime(values.at);
  const anchor = values.anchor;
  return toOutput(io, 'cert verify', values.output, (io) => verifyChain({ ...values, anchor }, positionals, role, eidRange, at, io));
}

async function verifyChain(
  values: { anchor: string[]; untrusted?: string[]; crl?: string[]; json?: boolean },
  positionals: string[],
  role: GsmaRole | undefined,
  eidRange: 'enforce' | 'report',
  at: Date,
  io: CertIo,
): Promise<number> {
  const anchors: CertificateView[] = [];
  for (const file of values.anchor) anchors.push(...(await readCertificates(io, file)));
  let chain: CertificateView[] = [];
  let origin: string[] = [];
  for (const file of positionals) {
    const certs = await readCertificates(io, file);
    chain.push(...certs);
    origin.push(...certs.map((_, i) => (certs.length > 1 ? `${file} [${i}]` : file)));
  }
  if (values.untrusted !== undefined) {
    const pool: CertificateView[] = [...chain.slice(0, -1)];
    const from = new Map<CertificateView, string>(chain.map((c, i) => [c, origin[i]]));
    for (const file of values.untrusted) {
      const certs = await readCertificates(io, file);
      certs.forEach((c, i) => from.set(c, certs.length > 1 ? `${file} [${i}]` : file));
      pool.push(...certs);
    }
    chain = buildPath(chain[chain.length - 1], pool, anchors);
    origin = chain.map((c) => from.get(c) ?? '?');
  }
  const crls: CrlView[] = [];
  for (const file of values.crl ?? []) crls.push(await readCrl(io, file));
  const verdict = validateChain({ chain, anchors, at, crls, eidRange, ...(role ? { expectedRole: role } : {}) });
  const warnings = verdict.valid ? verdict.warnings : [];
  if (values.json) {
    io.stdout(`${JSON.stringify(verdict.valid ? { valid: true, reason: 'valid', index: null, warnings } : { valid: false, reason: verdict.reason, index: verdict.index, warnings })}\n`);
    if (!verdict.valid) io.stderr(`${verdict.detail}\n`);
  } else if (verdict.valid) {
    io.stdout(`valid: ${verdict.role} certificate "${verdict.leaf.subject.text}"${verdict.eid ? ` (EID ${verdict.eid})` : ''} chains to "${verdict.anchor.subject.text}" at ${at.toISOString()}\n`);
    for (const w of warnings) io.stdout(`warning: ${w.reason} (reported, not enforced): ${w.detail}\n`);
  } else {
    const where = verdict.index < 0 ? 'the anchor' : `certificate ${verdict.index} (${origin[verdict.index]})`;
    io.stdout(`invalid: ${verdict.reason} at ${where}\n  ${verdict.detail}\n`);
  }
  return verdict.valid ? EXIT_OK : EXIT_INVALID;
}

/**
 * Runs `sgp32 cert <show|verify> …` and returns the exit code: 0 valid / shown, 1 invalid
 * chain or bad data, 2 usage error or a file that cannot be read. Never throws for bad arguments or files; those
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
    if (err instanceof Usage) {
      io.stderr(`sgp32 cert: ${(err as Error).message}\nRun 'sgp32 cert --help' for usage.\n`);
      return EXIT_USAGE;
    }
    if (err instanceof BadData) {
      io.stderr(`sgp32 cert: ${err.message}\n`);
      return EXIT_INVALID;
    }
    throw err;
  }
}

/**
 * `runCert` on the process streams and the file system: the `cert` entry of the `sgp32`
 * dispatcher.
 *
 * @param args - the arguments after `cert`.
 * @returns the exit code (0 valid, 1 invalid or bad data, 2 usage error or unreadable file).
 */
export function certCommand(args: readonly string[]): Promise<number> {
  return runCert([...args], {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readFile: async (p) => {
      const buf = await readFile(p);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    },
    openOutput,
  });
}
