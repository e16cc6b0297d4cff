/**
 * Files of the `sgp32 pki|euicc|ipa` commands: the test PKI folder (certificates in DER and
 * PEM, keys in PKCS#8 PEM, a `pki.json` index) and the eUICC state file, written atomically
 * (a temporary file in the same folder, then a rename), so that a crash never leaves half a
 * state behind.
 *
 * @module
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { exportPrivateKeyPem, importPrivateKey } from '../crypto/keys.js';
import type { Curve, EcPrivateKey } from '../crypto/provider.js';
import { bytesToPem } from '../inspect/input.js';
import { checkEuiccState, type EuiccState } from '../sim/state.js';
import type { TestPki } from '../sim/test-pki.js';
import { UsageError } from './common.js';

/** The entities of a test PKI folder, by file stem. */
export const PKI_FILES = { ci: 'ci', eum: 'eum', euicc: 'euicc', dpAuth: 'dp-auth', dpPb: 'dp-pb', dpTls: 'dp-tls', eim: 'eim' } as const;
export type PkiEntity = keyof typeof PKI_FILES;

/** The index written as `pki.json`. */
export interface PkiIndex {
  readonly format: 'sgp32-test-pki/1';
  readonly curve: Curve;
  readonly eid: string;
  readonly eumPrefix: string;
  readonly eimId: string;
  readonly smdpAddress: string;
  /** Per entity: certificate (DER), certificate (PEM), private key (PKCS#8 PEM), relative paths. */
  readonly files: Readonly<Record<PkiEntity, { readonly certificate: string; readonly pem: string; readonly key: string }>>;
}

/** Writes a test PKI into `dir` and returns its index. */
export function writePki(dir: string, pki: TestPki, names: { eimId: string; smdpAddress: string }): PkiIndex {
  mkdirSync(dir, { recursive: true });
  const files = {} as Record<PkiEntity, { certificate: string; pem: string; key: string }>;
  for (const [entity, stem] of Object.entries(PKI_FILES) as [PkiEntity, string][]) {
    const e = pki[entity];
    const f = { certificate: `${stem}.der`, pem: `${stem}.pem`, key: `${stem}-key.pem` };
    writeFileSync(join(dir, f.certificate), e.certificate);
    writeFileSync(join(dir, f.pem), bytesToPem(e.certificate, 'CERTIFICATE'));
    writeFileSync(join(dir, f.key), exportPrivateKeyPem(e.keys.privateKey), { mode: 0o600 });
    files[entity] = f;
  }
  const index: PkiIndex = { format: 'sgp32-test-pki/1', curve: pki.curve, eid: pki.eid, eumPrefix: pki.eumPrefix, eimId: names.eimId, smdpAddress: names.smdpAddress, files };
  writeFileSync(join(dir, 'pki.json'), JSON.stringify(index, null, 2) + '\n');
  return index;
}

/** A test PKI folder read back: the index, and each entity's certificate and key. */
export interface LoadedPki {
  readonly index: PkiIndex;
  certificate(entity: PkiEntity): Uint8Array;
  privateKey(entity: PkiEntity): EcPrivateKey;
}

/** Reads a folder written by `sgp32 pki init`. @throws UsageError when it is not one. */
export function readPki(command: string, dir: string): LoadedPki {
  let index: PkiIndex;
  try {
    index = JSON.parse(readFileSync(join(dir, 'pki.json'), 'utf8')) as PkiIndex;
  } catch (err) {
    throw new UsageError(`${command}: ${dir} is not a test PKI folder (no readable pki.json; make one with sgp32 pki init): ${(err as Error).message}`);
  }
  if (index.format !== 'sgp32-test-pki/1') throw new UsageError(`${command}: ${join(dir, 'pki.json')} is not a sgp32 test PKI index`);
  return {
    index,
    certificate: (e) => new Uint8Array(readFileSync(join(dir, index.files[e].certificate))),
    privateKey: (e) => importPrivateKey(readFileSync(join(dir, index.files[e].key), 'utf8')),
  };
}

/** Reads and checks a state file. @throws UsageError for a missing file; EuiccStateError for a bad one. */
export function readState(command: string, path: string): EuiccState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${command}: cannot read the state file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return checkEuiccState(JSON.parse(text));
}

/**
 * Replaces `path` with the state atomically: the JSON goes to a temporary file beside it,
 * flushed to disk, then renamed over the old file (rename is atomic within one file system).
 *
 * Test hook: with `SGP32_TEST_CRASH_BEFORE_RENAME=1` in the environment the process kills
 * itself (SIGKILL) after writing the temporary file and before the rename, so a test can show
 * that the old state survives.
 */
export function writeStateAtomically(path: string, state: EuiccState): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(state, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (process.env.SGP32_TEST_CRASH_BEFORE_RENAME === '1') process.kill(process.pid, 'SIGKILL');
  renameSync(tmp, path);
}
