/**
 * `sgp32 bpp inspect|open|build`: Bound Profile Packages on the command line (SGP.22 v2.5
 * §2.5.4, §5.5; see src/rsp/bpp).
 *
 * Exit codes: 0 every check passed; 1 the package failed a check (reason and segment index on
 * stderr, or in the JSON report); 2 wrong command line or an input that cannot be read (missing
 * file, not DER/hex/base64/PEM, a key that is not a key).
 *
 * @module
 */
import { createReadStream, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { concatBytes, tagHex } from '../der/bytes.js';
import type { Curve, CryptoProvider, EcPrivateKey, EcPublicKey } from '../crypto/provider.js';
import { nobleProvider } from '../crypto/noble.js';
import { nodeProvider } from '../crypto/node/index.js';
import { importPrivateKey, privateKeyFromRaw, publicKeyFromRaw } from '../crypto/keys.js';
import { importVerificationKey } from '../pki/keys.js';
import { CryptoKeyFormatError } from '../crypto/errors.js';
import { CertificateParseError } from '../pki/errors.js';
import { Asn1DecodeError, Asn1EncodeError, type Diagnostic } from '../der/errors.js';
import { JerError } from '../jer/index.js';
import { StoreMetadataRequest } from '../generated/SGP32Definitions.js';
import { InputFormatError, bytesToHex, parseHex, readInput } from '../inspect/input.js';
import { BPP_DEVIATIONS, buildBpp, createBppInspector, inspectBpp, openBpp, type BppDeviationCode, type BppFailure, type BspKeys } from '../rsp/bpp/index.js';
import { UsageError, parseCommand } from './common.js';
import { BPP_HELP } from './bpp-help.js';
import { checkOutput, openOutput, type OutputSink } from './output.js';
import { writeJson } from '../jer/stream.js';
import type { JsonValue } from '../der/codec.js';

/** Where the command reads and writes (injected, so that tests and other hosts can run it). */
export interface BppIo {
  stdout(s: string): void;
  stderr(s: string): void;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  readStdin(): Promise<Uint8Array>;
  /**
   * Reads a file (or standard input for `-`) in pieces, for commands that read as they go;
   * when absent, the whole file is read with `readFile`/`readStdin`.
   */
  readChunks?(path: string): AsyncIterable<Uint8Array>;
  /** Checks before any work that `-o path` can be written (throws a usage error of `command`). */
  checkOutput?(command: string, path: string): void;
  /**
   * Opens where a command writes as it goes (standard output, or the `-o` file); when absent,
   * text goes to `stdout` and `-o` is a usage error.
   */
  openOutput?(command: string, path: string | undefined): OutputSink;
}

const OK = 0;
const FAILED = 1;
const USAGE = 2;


class InputError extends Error {
  override readonly name = 'InputError';
}

function curveArg(v: string | undefined, required: boolean): Curve | undefined {
  if (v === undefined) {
    if (required) throw new UsageError('bpp: --curve is required (p256 or brainpoolP256r1)');
    return undefined;
  }
  const k = v.toLowerCase().replace(/[-_]/g, '');
  if (k === 'p256' || k === 'secp256r1' || k === 'prime256v1' || k === 'nistp256') return 'P-256';
  if (k === 'brainpoolp256r1' || k === 'brainpool' || k === 'bp256') return 'brainpoolP256r1';
  throw new UsageError(`bpp: --curve must be p256 or brainpoolP256r1, got ${JSON.stringify(v)}`);
}

function hexArg(flag: string, v: string, min: number, max: number): Uint8Array {
  const b = parseHex(v);
  if (b === undefined || b.length < min || b.length > max) {
    throw new UsageError(`bpp: --${flag} must be ${min === max ? min : `${min} to ${max}`} bytes of hex, got ${JSON.stringify(v.length > 50 ? v.slice(0, 50) + '…' : v)}`);
  }
  return b;
}

const HEX_ONLY = /^(0x)?[0-9a-fA-F]+$/;

/** The input error for a file of `flag` that could not be read. */
function unreadable(flag: string, path: string, err: unknown): InputError {
  const code = (err as { code?: string }).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
  return new InputError(`--${flag}: ${path}: ${why}`);
}

async function fileBytes(io: BppIo, flag: string, path: string): Promise<Uint8Array> {
  try {
    return path === '-' ? await io.readStdin() : await io.readFile(path);
  } catch (err) {
    throw unreadable(flag, path, err);
  }
}

/** A key file: PEM as is (it may hold several blocks), else DER, hex or base64 (raw keys too). */
async function keyFileBytes(io: BppIo, flag: string, path: string): Promise<Uint8Array> {
  const data = await fileBytes(io, flag, path);
  const head = new TextDecoder('latin1').decode(data.subarray(0, 4096));
  if (head.includes('-----BEGIN ')) return data;
  const text = head.trim();
  if (/^(0x)?[0-9a-fA-F\s:]+$/.test(text) && data.length <= 4096) {
    const raw = parseHex(text);
    if (raw !== undefined) return raw;
  }
  return readInput(data).bytes;
}

async function privateKeyArg(io: BppIo, flag: string, v: string, curve: Curve | undefined): Promise<EcPrivateKey> {
  if (HEX_ONLY.test(v) && v.replace(/^0x/, '').length === 64) {
    if (curve === undefined) throw new UsageError(`bpp: --${flag} as a hex scalar needs --curve`);
    return privateKeyFromRaw(curve, hexArg(flag, v, 32, 32));
  }
  const data = await keyFileBytes(io, flag, v);
  if (data.length === 32) {
    if (curve === undefined) throw new UsageError(`bpp: --${flag} holds a raw scalar: give --curve`);
    return privateKeyFromRaw(curve, data);
  }
  const key = importPrivateKey(data);
  if (curve !== undefined && key.curve !== curve) throw new InputError(`--${flag}: key on ${key.curve}, but --curve is ${curve}`);
  return key;
}

async function publicKeyArg(io: BppIo, flag: string, v: string, curve: Curve): Promise<EcPublicKey> {
  const clean = v.replace(/^0x/, '');
  if (HEX_ONLY.test(v) && (clean.length === 130 || clean.length === 66)) return publicKeyFromRaw(curve, hexArg(flag, v, 33, 65));
  const data = await keyFileBytes(io, flag, v);
  if (data.length === 65 || data.length === 33) return publicKeyFromRaw(curve, data);
  const key = importVerificationKey(data);
  if (key.curve !== curve) throw new InputError(`--${flag}: key on ${key.curve}, but --curve is ${curve}`);
  return key;
}

function keysArg(values: Record<string, string | boolean | undefined>, names: [string, string, string], what: string): BspKeys | undefined {
  const got = names.map((n) => values[n] as string | undefined);
  if (got.every((g) => g === undefined)) return undefined;
  if (got.some((g) => g === undefined)) throw new UsageError(`bpp: ${what} need all of ${names.map((n) => `--${n}`).join(', ')}`);
  return { sEnc: hexArg(names[0], got[0]!, 16, 16), sMac: hexArg(names[1], got[1]!, 16, 16), initialMacChainingValue: hexArg(names[2], got[2]!, 16, 16) };
}

function providerArg(v: string | undefined): CryptoProvider {
  if (v === undefined || v === 'node') return nodeProvider;
  if (v === 'noble') return nobleProvider;
  throw new UsageError(`bpp: --provider must be node or noble, got ${JSON.stringify(v)}`);
}

/** `value` as a JSON value with byte strings as hex (what {@link toJson} writes). */
function hexed(value: unknown): JsonValue {
  if (value instanceof Uint8Array) return bytesToHex(value);
  if (Array.isArray(value)) return value.map(hexed);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = hexed(v);
    return out;
  }
  return value as JsonValue;
}

/** JSON with byte strings as hex. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? bytesToHex(v) : v), 2) + '\n';
}

function failureLine(f: BppFailure): string {
  const where = f.segment === undefined ? 'InitialiseSecureChannelRequest / package' : `segment ${f.segment} (${f.group ?? 'between groups'}${f.indexInGroup !== undefined ? `[${f.indexInGroup}]` : ''})`;
  return `${f.reason} at ${where}, offset ${f.offset}: ${f.detail}`;
}

/** `double-wrapped (segments 0–14), oversized-segment (segments 2–13)`. */
function deviationSummary(deviations: readonly { code: string; segment?: number }[]): string {
  const by = new Map<string, number[]>();
  for (const d of deviations) {
    const list = by.get(d.code) ?? [];
    if (d.segment !== undefined) list.push(d.segment);
    by.set(d.code, list);
  }
  const ranges = (xs: number[]): string => {
    const out: string[] = [];
    for (let i = 0; i < xs.length; ) {
      let j = i;
      while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
      out.push(i === j ? `${xs[i]}` : `${xs[i]}–${xs[j]}`);
      i = j + 1;
    }
    return out.join(', ');
  };
  return [...by].map(([code, segs]) => `${code}${segs.length ? ` (segment${segs.length > 1 ? 's' : ''} ${ranges(segs)})` : ''}`).join(', ');
}

function bppPath(path: string | undefined): string {
  if (path === undefined) throw new UsageError('bpp: missing <bpp file> (or - for standard input)');
  return path;
}

async function bppInput(io: BppIo, path: string | undefined): Promise<Uint8Array> {
  return readInput(await fileBytes(io, 'bpp', bppPath(path))).bytes;
}

/**
 * Inspects the package at `path` as it is read: binary DER (a package starts with BF36, never
 * a printable character) goes through the streaming inspector piece by piece, holding a few
 * KiB whatever the size; a text form (hex, base64, PEM) is read whole and decoded first.
 */
async function inspectInput(io: BppIo, path: string) {
  if (!io.readChunks) return inspectBpp(readInput(await fileBytes(io, 'bpp', path)).bytes, { strict: false });
  const inspector = createBppInspector({ strict: false });
  const text: Uint8Array[] = [];
  let binary: boolean | undefined;
  try {
    for await (const chunk of io.readChunks(path)) {
      if (chunk.length === 0) continue;
      binary ??= chunk[0] === 0xbf;
      if (binary) inspector.push(chunk);
      else text.push(chunk);
    }
  } catch (err) {
    if (err instanceof Asn1DecodeError) throw err;
    throw unreadable('bpp', path, err);
  }
  if (binary) return inspector.end();
  return inspectBpp(readInput(concatBytes(text)).bytes, { strict: false });
}

/** The sink of `command`: the io's own (bounded, 64 KiB blocks) or one over `io.stdout`. */
function outputOf(io: BppIo, command: string, path: string | undefined): OutputSink {
  if (io.openOutput) return io.openOutput(command, path);
  if (path !== undefined && path !== '-') throw new UsageError(`${command}: -o is not available here`);
  return { write: (t) => io.stdout(t), writeBytes: () => { throw new TypeError('bytes on a text output'); }, close: () => undefined };
}

async function inspectCmd(args: readonly string[], io: BppIo): Promise<number> {
  const { values, positionals } = parseCommand('bpp inspect', args, { json: { type: 'boolean' }, output: { type: 'string', short: 'o' } }, 1);
  bppPath(positionals[0]);
  // opened before any work: an -o that cannot be written is a usage error at once
  const sink = outputOf(io, 'bpp inspect', values.output);
  try {
    return await inspectTo(sink, values.json === true, positionals[0], io);
  } finally {
    sink.close();
  }
}

/** Writes the description of the package at `path` to `sink` as it goes (text or `--json`). */
async function inspectTo(sink: OutputSink, json: boolean, path: string | undefined, io: BppIo): Promise<number> {
  let info;
  try {
    info = await inspectInput(io, bppPath(path));
  } catch (err) {
    if (err instanceof Asn1DecodeError) {
      io.stderr(`sgp32 bpp inspect: ${err.code} at offset ${err.offset}${err.path ? ` in ${err.path}` : ''}: ${err.detail}\n`);
      return FAILED;
    }
    throw err;
  }
  // Read as an eUICC reads it: BER accepted, each deviation from DER reported (non-der-metadata).
  let metadata: unknown;
  let metadataError: string | undefined;
  const metadataDiagnostics: Diagnostic[] = [];
  try {
    metadata = StoreMetadataRequest.toJer(StoreMetadataRequest.decode(info.storeMetadata, { strict: false, diagnostics: metadataDiagnostics }));
  } catch (err) {
    if (!(err instanceof Asn1DecodeError)) throw err;
    metadataError = err.message;
  }
  const metadataDeviations = metadataDiagnostics.map((d) => ({ code: 'non-der-metadata', detail: `${d.detail} (${d.code}, offset ${d.offset})` }));
  if (json) {
    // Always an object: the decoded metadata, or the error and the bytes that did not decode.
    const storeMetadata = metadata ?? { $error: metadataError, $bytes: bytesToHex(info.storeMetadata) };
    writeJson(hexed({ ...info, storeMetadata, storeMetadataDeviations: metadataDeviations }), sink);
    sink.write('\n');
    return OK;
  }
  const line = (text: string) => sink.write(text + '\n');
  for (const text of [
    `BoundProfilePackage, ${info.size} bytes, ${info.segmentCount} segments (${info.wrapping}-wrapped${info.oversizedSegments ? `, ${info.oversizedSegments} over 1020 bytes` : ''})`,
    `  remoteOpId      ${info.remoteOpId}`,
    `  transactionId   ${bytesToHex(info.transactionId)}`,
    `  keyType/keyLen  ${bytesToHex(info.controlRefTemplate.keyType)}/${bytesToHex(info.controlRefTemplate.keyLen)}`,
    `  hostId          ${bytesToHex(info.controlRefTemplate.hostId)}`,
    `  smdpOtpk        ${bytesToHex(info.smdpOtpk)}`,
    `  smdpSign        ${bytesToHex(info.smdpSign)}`,
  ]) line(text);
  for (const g of info.groups) {
    // a group of tens of thousands of segments: sizes written in pieces, min/max without spread
    const sizes = g.segmentSizes;
    const distinct = new Set<number>();
    let min = Infinity;
    let max = -Infinity;
    for (const n of sizes) {
      if (distinct.size <= 3) distinct.add(n);
      if (n < min) min = n;
      if (n > max) max = n;
    }
    sink.write(`  ${g.group.padEnd(19)} ${tagHex(g.tag)} ${String(g.count).padStart(5)} segment(s), ${g.tlvLength} bytes: `);
    if (distinct.size <= 3) for (let i = 0; i < sizes.length; i += 1024) sink.write((i ? ', ' : '') + sizes.slice(i, i + 1024).join(', '));
    else sink.write(`${sizes.slice(0, 2).join(', ')}, … ${sizes[sizes.length - 1]} (min ${min}, max ${max})`);
    sink.write('\n');
  }
  line(`  StoreMetadataRequest ${metadata !== undefined ? JSON.stringify(metadata) : `(does not decode: ${metadataError})`}`);
  for (const d of metadataDeviations) line(`    deviation non-der-metadata: ${d.detail}`);
  return OK;
}

const OPEN_OPTIONS = {
  eid: { type: 'string' },
  'euicc-otsk': { type: 'string' },
  curve: { type: 'string' },
  'dppb-cert': { type: 'string' },
  's-enc': { type: 'string' },
  's-mac': { type: 'string' },
  mcv: { type: 'string' },
  'euicc-otpk': { type: 'string' },
  'ppk-enc': { type: 'string' },
  'ppk-mac': { type: 'string' },
  'ppk-icv': { type: 'string' },
  lenient: { type: 'boolean' },
  accept: { type: 'string' },
  'no-upp-check': { type: 'boolean' },
  strict: { type: 'boolean' },
  'transaction-id': { type: 'string' },
  output: { type: 'string', short: 'o' },
  json: { type: 'boolean' },
  provider: { type: 'string' },
} as const;

async function openCmd(args: readonly string[], io: BppIo): Promise<number> {
  const { values, positionals } = parseCommand('bpp open', args, OPEN_OPTIONS, 1);
  if (values.output !== undefined) io.checkOutput?.('bpp open', values.output);
  const curve = curveArg(values.curve, false);
  const provider = providerArg(values.provider);
  const sessionKeys = keysArg(values, ['s-enc', 's-mac', 'mcv'], 'session keys');
  const ppk = keysArg(values, ['ppk-enc', 'ppk-mac', 'ppk-icv'], 'replacement keys');
  let lenient: boolean | BppDeviationCode[] = values.lenient ?? false;
  if (values.accept !== undefined) {
    if (values.lenient) throw new UsageError('bpp open: give --lenient or --accept, not both');
    const codes = values.accept.split(',').map((c) => c.trim()).filter(Boolean);
    for (const c of codes) {
      if (!(BPP_DEVIATIONS as readonly string[]).includes(c)) throw new UsageError(`bpp open: --accept: unknown deviation ${JSON.stringify(c)} (known: ${BPP_DEVIATIONS.join(', ')})`);
    }
    lenient = codes as BppDeviationCode[];
  }
  let keyOptions;
  if (sessionKeys !== undefined) {
    if (values['euicc-otsk'] !== undefined) throw new UsageError('bpp open: give --euicc-otsk or the session keys (--s-enc, --s-mac, --mcv), not both');
    keyOptions = { sessionKeys };
  } else {
    if (values['euicc-otsk'] === undefined) throw new UsageError('bpp open: --euicc-otsk (with --eid) or --s-enc/--s-mac/--mcv is required');
    if (values.eid === undefined) throw new UsageError('bpp open: --eid is required with --euicc-otsk');
    const eid = hexArg('eid', values.eid, 16, 16);
    keyOptions = { euiccOtsk: await privateKeyArg(io, 'euicc-otsk', values['euicc-otsk'], curve), eid };
  }
  let signer: { smdpPublicKey?: EcPublicKey } = {};
  if (values['dppb-cert'] !== undefined) {
    const data = await keyFileBytes(io, 'dppb-cert', values['dppb-cert']);
    const c = curve ?? ('euiccOtsk' in keyOptions ? keyOptions.euiccOtsk.curve : undefined);
    if ((data.length === 65 || data.length === 33) && c === undefined) throw new UsageError('bpp open: a raw --dppb-cert point needs --curve');
    signer = { smdpPublicKey: data.length === 65 || data.length === 33 ? publicKeyFromRaw(c!, data) : importVerificationKey(data) };
  }
  let euiccOtpk = {};
  if (values['euicc-otpk'] !== undefined) {
    const c = curve ?? signer.smdpPublicKey?.curve;
    if (c === undefined) throw new UsageError('bpp open: --euicc-otpk needs --curve');
    euiccOtpk = { euiccOtpk: await publicKeyArg(io, 'euicc-otpk', values['euicc-otpk'], c) };
  }
  if (signer.smdpPublicKey !== undefined && sessionKeys !== undefined && !('euiccOtpk' in euiccOtpk)) {
    throw new UsageError('bpp open: checking smdpSign with session keys needs --euicc-otpk');
  }
  const bpp = await bppInput(io, positionals[0]);
  const res = openBpp(bpp, {
    ...keyOptions,
    ...signer,
    ...euiccOtpk,
    ...(ppk ? { ppk } : {}),
    ...(values['transaction-id'] !== undefined ? { transactionId: hexArg('transaction-id', values['transaction-id'], 1, 16) } : {}),
    lenient,
    checkUpp: !values['no-upp-check'],
    strict: values.strict ?? false,
    provider,
  });
  if (res.ok && values.output !== undefined) await io.writeFile(values.output, res.upp);
  if (values.json) {
    const report = res.ok
      ? {
          ok: true,
          uppLength: res.upp.length,
          signature: res.signature,
          sessionKeysReplaced: res.sessionKeysReplaced,
          transactionId: res.initialiseSecureChannelRequest.transactionId,
          configureIsdp: res.configureIsdp.bytes,
          storeMetadata: StoreMetadataRequest.toJer(res.storeMetadata.value),
          deviations: res.deviations,
          segments: res.segments,
        }
      : { ok: false, failure: res.failure, failures: res.failures, deviations: res.deviations, verifiedSegments: res.segments.length };
    io.stdout(toJson(report));
  }
  if (!res.ok) {
    io.stderr(`sgp32 bpp open: ${failureLine(res.failure)}\n`);
    const deviationCodes = new Set<string>(BPP_DEVIATIONS);
    for (const f of res.failures.slice(1)) if (!deviationCodes.has(f.reason)) io.stderr(`  also: ${failureLine(f)}\n`);
    const refused = [...new Set(res.failures.filter((f) => deviationCodes.has(f.reason)).map((f) => f.reason))];
    if (refused.length) {
      io.stderr(`  deviations: ${deviationSummary(res.deviations)}\n`);
      io.stderr(`  (accept them with --accept ${refused.join(',')} or --lenient)\n`);
    }
    return FAILED;
  }
  if (!values.json) {
    const byGroup = new Map<string, number>();
    for (const s of res.segments) byGroup.set(s.group, (byGroup.get(s.group) ?? 0) + 1);
    io.stdout(
      `ok: ${res.segments.length} segments verified (${[...byGroup].map(([g, n]) => `${g} ${n}`).join(', ')}); ` +
        `profile ${res.upp.length} bytes${values.output !== undefined ? ` written to ${values.output}` : ''}; ` +
        `smdpSign ${res.signature}; session keys ${res.sessionKeysReplaced ? 'replaced' : 'kept'}\n`,
    );
    if (res.deviations.length) io.stderr(`accepted deviations: ${deviationSummary(res.deviations)}\n`);
  }
  return OK;
}

const BUILD_OPTIONS = {
  upp: { type: 'string' },
  metadata: { type: 'string' },
  eid: { type: 'string' },
  'euicc-otpk': { type: 'string' },
  curve: { type: 'string' },
  'smdp-otsk': { type: 'string' },
  'dppb-key': { type: 'string' },
  'transaction-id': { type: 'string' },
  'host-id': { type: 'string' },
  'ppk-enc': { type: 'string' },
  'ppk-mac': { type: 'string' },
  'ppk-icv': { type: 'string' },
  'segment-size': { type: 'string' },
  output: { type: 'string', short: 'o' },
  json: { type: 'boolean' },
  provider: { type: 'string' },
} as const;

async function metadataArg(io: BppIo, v: string): Promise<StoreMetadataRequest | Uint8Array> {
  const text = v.trimStart().startsWith('{') ? v : undefined;
  const data = text !== undefined ? new TextEncoder().encode(text) : await fileBytes(io, 'metadata', v);
  const asText = new TextDecoder('utf-8', { fatal: false }).decode(data).trim();
  if (asText.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(asText);
    } catch (err) {
      throw new InputError(`--metadata: not valid JSON (${(err as Error).message})`);
    }
    return StoreMetadataRequest.fromJer(json);
  }
  // DER or BER as received (a real package's metadata may encode DEFAULT values): checked as
  // an eUICC reads it, and built into the package unchanged.
  const bytes = readInput(data).bytes;
  StoreMetadataRequest.decode(bytes, { strict: false });
  return bytes;
}

async function buildCmd(args: readonly string[], io: BppIo): Promise<number> {
  const { values } = parseCommand('bpp build', args, BUILD_OPTIONS, 0);
  if (values.output !== undefined) io.checkOutput?.('bpp build', values.output);
  for (const req of ['upp', 'metadata', 'eid', 'euicc-otpk'] as const) {
    if (values[req] === undefined) throw new UsageError(`bpp build: --${req} is required`);
  }
  const curve = curveArg(values.curve, true)!;
  const provider = providerArg(values.provider);
  const eid = hexArg('eid', values.eid!, 16, 16);
  const ppk = keysArg(values, ['ppk-enc', 'ppk-mac', 'ppk-icv'], 'replacement keys');
  let maxSegmentBytes: number | undefined;
  if (values['segment-size'] !== undefined) {
    maxSegmentBytes = Number(values['segment-size']);
    if (!/^\d+$/.test(values['segment-size']) || maxSegmentBytes < 26 || maxSegmentBytes > 1020) {
      throw new UsageError(`bpp build: --segment-size must be an integer from 26 to 1020, got ${JSON.stringify(values['segment-size'])}`);
    }
  }
  const transactionId = values['transaction-id'] !== undefined ? hexArg('transaction-id', values['transaction-id'], 1, 16) : provider.randomBytes(16);
  const hostId = values['host-id'] !== undefined ? hexArg('host-id', values['host-id'], 1, 16) : undefined;
  const euiccOtpk = await publicKeyArg(io, 'euicc-otpk', values['euicc-otpk']!, curve);
  const smdpOtsk = values['smdp-otsk'] !== undefined ? await privateKeyArg(io, 'smdp-otsk', values['smdp-otsk'], curve) : undefined;
  let dppbKey: EcPrivateKey;
  if (values['dppb-key'] !== undefined) dppbKey = await privateKeyArg(io, 'dppb-key', values['dppb-key'], curve);
  else {
    dppbKey = provider.generateKeyPair(curve).privateKey;
    io.stderr('sgp32 bpp build: no --dppb-key: smdpSign made with a throwaway key (an eUICC will refuse the package)\n');
  }
  const metadata = await metadataArg(io, values.metadata!);
  const upp = readInput(await fileBytes(io, 'upp', values.upp!)).bytes;
  const built = buildBpp({
    upp,
    metadata,
    transactionId,
    eid,
    euiccOtpk,
    curve,
    smdpSigner: dppbKey,
    provider,
    ...(smdpOtsk ? { smdpOtsk } : {}),
    ...(hostId ? { hostId } : {}),
    ...(ppk ? { ppk } : {}),
    ...(maxSegmentBytes !== undefined ? { maxSegmentBytes } : {}),
  });
  if (values.output !== undefined) await io.writeFile(values.output, built.bpp);
  if (values.json) {
    io.stdout(
      toJson({
        bytes: built.bpp.length,
        ...(values.output === undefined ? { bpp: built.bpp } : { output: values.output }),
        transactionId,
        smdpOtpk: built.smdpOtpk.point,
        sessionKeys: built.sessionKeys,
        counts: built.counts,
      }),
    );
  } else if (values.output === undefined) io.stdout(bytesToHex(built.bpp) + '\n');
  else io.stderr(`sgp32 bpp build: ${built.bpp.length} bytes, ${built.counts.sequenceOf86} profile segments, written to ${values.output}\n`);
  return OK;
}

/**
 * Runs `sgp32 bpp <sub-command> …` with the given I/O and returns the exit code (0 all checks
 * passed, 1 the package failed a check, 2 usage error or unreadable input). Never throws for
 * bad input; unexpected errors propagate to the caller (the CLI reports them as internal).
 *
 * @example await runBpp(['inspect', 'bpp.der', '--json'], nodeIo)
 */
export async function runBpp(args: readonly string[], io: BppIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help' || rest.includes('--help') || rest.includes('-h')) {
    (sub === undefined ? io.stderr : io.stdout)(BPP_HELP);
    return sub === undefined ? USAGE : OK;
  }
  try {
    if (sub === 'inspect') return await inspectCmd(rest, io);
    if (sub === 'open') return await openCmd(rest, io);
    if (sub === 'build') return await buildCmd(rest, io);
    throw new UsageError(`bpp: unknown sub-command ${JSON.stringify(sub)} (inspect, open, build)`);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`sgp32 ${err.message}\nRun 'sgp32 bpp --help' for usage.\n`);
      return USAGE;
    }
    if (err instanceof InputError || err instanceof InputFormatError || err instanceof CryptoKeyFormatError || err instanceof CertificateParseError || err instanceof JerError) {
      io.stderr(`sgp32 bpp ${sub}: unreadable input: ${err.message}\n`);
      return USAGE;
    }
    if (err instanceof Asn1DecodeError || err instanceof Asn1EncodeError) {
      io.stderr(`sgp32 bpp ${sub}: unreadable input: ${err.message}\n`);
      return USAGE;
    }
    if (err instanceof RangeError) {
      // the library's argument checks (e.g. a ConfigureISDP too large, a profile of 0 bytes)
      io.stderr(`sgp32 bpp ${sub}: ${err.message}\n`);
      return USAGE;
    }
    throw err;
  }
}

/** The process-bound I/O of the `sgp32` command. */
export const nodeIo: BppIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  readFile: async (path) => {
    const b = await readFile(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  },
  writeFile: (path, data) => writeFile(path, data),
  checkOutput,
  openOutput,
  readChunks: (path) => {
    if (path === '-') return process.stdin;
    // A FIFO or a device would be read until it ends, maybe never: only regular files are read.
    const st = statSync(path);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!st.isFile()) throw new Error('not a regular file; pipe it to standard input instead');
    return createReadStream(path, { highWaterMark: 64 * 1024 });
  },
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const buf = Buffer.concat(chunks);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  },
};

/** `sgp32 bpp …` for the command dispatcher. */
export function bppCommand(args: readonly string[]): Promise<number> {
  return runBpp(args, nodeIo);
}
