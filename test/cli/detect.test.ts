/**
 * Type auto-detection through the built binary, on every top-level message type: each type of
 * the five modules with a tag of its own beyond one octet (BFxx, 7Fxx — ESipa, ES9+, ES10x,
 * eUICC packages and results, BoundProfilePackage, …), every alternative of both ESipa
 * message CHOICEs, certificates, UPPs, and the real messages of ../shared/vectors when present.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { HAVE_MESSAGES, MESSAGES, VECTORS, ensureBuilt, sgp32 } from './helpers.js';
import { makeValue } from './generate.js';
import { messageTypes } from './corpus.js';
import { codecFor, schemaType } from '../../src/inspect/index.js';

interface Sample {
  readonly file: string;
  /** Acceptable types: the one it was made as (and, for real messages, the same name in the other module). */
  readonly types: readonly string[];
  /** For an ESipa CHOICE: the wrapper and the alternative it must be found through. */
  readonly via?: { wrapper: string; alt: string };
  /** The detected type must be exactly one of `types` (not merely an equally good reading). */
  readonly exact: boolean;
}

interface DetectJson {
  file: string;
  candidates: { type: string; fits: boolean; via?: string; unknownExtensions: number }[];
}

/** Messages whose minimal encodings no other type reads as well: detection must name them exactly. */
const MUST_BE_EXACT = [
  'SGP32Definitions.EuiccPackageRequest', 'SGP32Definitions.EuiccPackageResult', 'SGP32Definitions.IpaEuiccDataRequest',
  'SGP32Definitions.ProfileDownloadTriggerRequest', 'SGP32Definitions.EimAcknowledgements', 'SGP32Definitions.GetEimPackageRequest',
  'SGP32Definitions.GetEimPackageResponse', 'SGP32Definitions.ProvideEimPackageResult', 'SGP32Definitions.TransferEimPackageRequest',
  'SGP32Definitions.TransferEimPackageResponse', 'RSPDefinitions.BoundProfilePackage', 'RSPDefinitions.GetEuiccDataRequest',
  'SGP32Definitions.AddInitialEimRequest', 'SGP32Definitions.GetEimConfigurationDataRequest',
];

let dir: string;
const samples: Sample[] = [];
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sgp32-detect-'));
  for (const q of messageTypes()) {
    const m = makeValue(q);
    if (!m) throw new Error(`no value for ${q}`);
    const file = join(dir, `${q}.der`);
    writeFileSync(file, m.der);
    samples.push({ file, types: [q], exact: MUST_BE_EXACT.includes(q) });
  }
  for (const wrapper of ['SGP32Definitions.EsipaMessageFromIpaToEim', 'SGP32Definitions.EsipaMessageFromEimToIpa']) {
    for (const [alt] of schemaType(wrapper)![2] as readonly (readonly [string, unknown, number])[]) {
      const m = makeValue(wrapper, { '': alt });
      if (!m) throw new Error(`no value for ${wrapper}.${alt}`);
      const file = join(dir, `${wrapper}.${alt}.der`);
      writeFileSync(file, m.der);
      samples.push({ file, types: [], via: { wrapper, alt }, exact: false });
    }
  }
  const cert = makeValue('PKIX1Explicit88.Certificate')!;
  writeFileSync(join(dir, 'Certificate.der'), cert.der);
  samples.push({ file: join(dir, 'Certificate.der'), types: ['PKIX1Explicit88.Certificate'], exact: true });
  const pe = (alt: string) => makeValue('PEDefinitions.ProfileElement', { '': alt })!.der;
  writeFileSync(join(dir, 'upp.der'), Buffer.concat([pe('header'), pe('mf'), pe('securityDomain'), pe('end')]));
  samples.push({ file: join(dir, 'upp.der'), types: ['UPP'], exact: true });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs validate (one process) and detect --json (one process) over the files. */
function detectAll(files: readonly string[]) {
  const v = sgp32(['validate', ...files, '--report', 'json']);
  const verdicts = new Map((JSON.parse(v.stdout).results as { file: string; valid: boolean; type: string; error?: unknown }[]).map((r) => [r.file, r]));
  const d = sgp32(['detect', '--json', ...files]);
  const parsed = JSON.parse(d.stdout) as DetectJson | DetectJson[];
  const detections = new Map((Array.isArray(parsed) ? parsed : [{ ...parsed, file: files[0] }]).map((r) => [r.file, r]));
  return { verdicts, detections, validateCode: v.code, detectCode: d.code };
}

/** True when `bytes` decode completely as `type` and re-encode to the same bytes. */
function readsAs(type: string, bytes: Uint8Array): boolean {
  const codec = codecFor(type);
  return hex(codec.encode(codec.decode(bytes))) === hex(bytes);
}

describe('type detection on every top-level message type', () => {
  it('finds a type that reads each generated message exactly, and names the intended one where it is unambiguous', () => {
    const { verdicts, detections, validateCode, detectCode } = detectAll(samples.map((s) => s.file));
    expect(validateCode).toBe(0);
    expect(detectCode).toBe(0);
    let exact = 0;
    for (const s of samples) {
      const v = verdicts.get(s.file)!;
      const d = detections.get(s.file)!;
      expect(v.valid, `${s.file}: ${JSON.stringify(v.error)}`).toBe(true);
      // validate and detect agree on the pick, and the pick is a type every candidate list ranks first.
      expect(d.candidates[0].type, s.file).toBe(v.type);
      expect(d.candidates[0].fits).toBe(true);
      expect(d.candidates[0].unknownExtensions).toBe(0);
      const bytes = new Uint8Array(readFileSync(s.file));
      if (s.via) {
        // The ESipa CHOICE is among the fitting candidates, through the alternative it was made with.
        const w = d.candidates.find((c) => c.type === s.via!.wrapper);
        expect(w?.fits, `${s.file}: ${s.via.wrapper}`).toBe(true);
        expect(w?.via?.split('.')[0], s.file).toBe(s.via.alt);
        expect(readsAs(v.type, bytes), s.file).toBe(true);
        continue;
      }
      const intended = d.candidates.find((c) => s.types.includes(c.type));
      expect(intended?.fits, `${s.file}: intended type must fit`).toBe(true);
      expect(intended?.unknownExtensions).toBe(0);
      if (s.types.includes(v.type)) exact++;
      else {
        expect(s.exact, `${s.file}: detected ${v.type}`).toBe(false);
        // Another type that reads these bytes just as well (e.g. a request and its response with only optional components).
        expect(readsAs(v.type, bytes), `${s.file} as ${v.type}`).toBe(true);
      }
    }
    // Most messages are told apart (the rest are minimal encodings that several types read alike).
    expect(exact / samples.filter((s) => !s.via).length).toBeGreaterThan(0.6);
  });

  it('decode names the detected type and the other fits on stderr', () => {
    const req = sgp32(['decode', join(dir, 'SGP32Definitions.EuiccPackageResult.der')]);
    expect(req.code).toBe(0);
    expect(req.stderr).toMatch(/^sgp32 decode: detected SGP32Definitions\.EuiccPackageResult \(euiccPackageResultSigned\)/);
    const esipa = sgp32(['decode', join(dir, 'SGP32Definitions.EsipaMessageFromIpaToEim.getEimPackageRequest.der')]);
    expect(esipa.code).toBe(0);
    expect(esipa.stderr).toContain('detected SGP32Definitions.GetEimPackageRequest');
    expect(esipa.stderr).toContain('SGP32Definitions.EsipaMessageFromIpaToEim (getEimPackageRequest)');
    expect(JSON.parse(esipa.stdout)).toHaveProperty('eidValue');
  });

  it('detect exits 1 when no type fits, listing why', () => {
    // BF51 holding a TLV cut short: neither the package nor the result (nor anything else) reads it.
    const r = sgp32(['detect', '-'], { input: Buffer.from('bf51023005', 'hex') });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no type decodes these bytes completely');
    expect(r.stdout).toMatch(/SGP32Definitions\.EuiccPackageRequest: does not decode: /);
    const none = sgp32(['detect', '-'], { input: Buffer.from('df7f0100', 'hex') });
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('no type of the modules starts with this tag');
  });
});

/** The type of each real message, from ../shared/vectors/messages/README (table "messages/"). */
const REAL: Record<string, string[]> = {
  'lpac_GetEuiccDataResponse.der': ['RSPDefinitions.GetEuiccDataResponse'],
  'lpac_EuiccConfiguredAddressesResponse.der': ['RSPDefinitions.EuiccConfiguredAddressesResponse'],
  'lpac_EUICCInfo2.der': ['RSPDefinitions.EUICCInfo2', 'SGP32Definitions.EUICCInfo2'],
  'pysim_GetEuiccDataRequest.der': ['RSPDefinitions.GetEuiccDataRequest'],
  'pysim_GetEuiccDataResponse.der': ['RSPDefinitions.GetEuiccDataResponse'],
  'eim_EUICCInfo1.der': ['RSPDefinitions.EUICCInfo1'],
  'eim_ProfileInstallationResult.der': ['SGP32Definitions.ProfileInstallationResult', 'RSPDefinitions.ProfileInstallationResult'],
  'eim_euiccCertificate.der': ['PKIX1Explicit88.Certificate'],
  'ipa_BoundProfilePackage.der': ['RSPDefinitions.BoundProfilePackage'],
};

describe.skipIf(!HAVE_MESSAGES)('type detection on real messages (../shared/vectors)', () => {
  it('names the type the vectors README gives for each tagged message, certificate and UPP', () => {
    const files = Object.keys(REAL).map((f) => join(MESSAGES, f));
    const uppDir = join(VECTORS, 'upp');
    const upps = existsSync(uppDir) ? readdirSync(uppDir).filter((f) => f.endsWith('.der')).map((f) => join(uppDir, f)) : [];
    const { verdicts } = detectAll([...files, ...upps]);
    for (const f of Object.keys(REAL)) {
      const v = verdicts.get(join(MESSAGES, f))!;
      expect(v.valid, f).toBe(true);
      expect(REAL[f], f).toContain(v.type);
    }
    for (const f of upps) {
      expect(verdicts.get(f)!.valid, f).toBe(true);
      expect(verdicts.get(f)!.type, f).toBe('UPP');
    }
  });
});
