/**
 * Whole profiles at scale through the real command: a generated 50 MB UPP decoded to JSON and
 * to the text tree in a child process, whose peak resident set size must stay under ten times
 * the input plus 300 MB (memory, not time). The output goes through a pipe and is counted, not
 * kept, so the child also meets a reader that can fall behind.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus, scaleUpp } from '../../bench/corpus.js';
import { ensureBuilt, runWithPeakRss } from './helpers.js';
import { BoundProfilePackage } from '../../src/generated/RSPDefinitions.js';

const SIZE = 50_000_000;
let dir: string;
let file: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sgp32-scale-'));
  file = join(dir, 'profile.der');
  writeFileSync(file, scaleUpp(buildCorpus().upp, SIZE));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a 50 MB profile through sgp32 decode', () => {
  const limit = 10 * SIZE + 300 * 2 ** 20;

  it('decodes to JSON with bounded memory', async () => {
    const r = await runWithPeakRss(['decode', file]);
    expect(r.stderr).toMatch(/^sgp32 decode: detected UPP\n/);
    expect(r.code).toBe(0);
    expect(r.head).toMatch(/^\[\n {2}\{\n {4}"header": \{/);
    expect(r.tail).toMatch(/"end": \{[^]*\n\]\n$/);
    expect(r.bytes).toBeGreaterThan(SIZE);
    expect(r.peak).toBeLessThan(limit);
  }, 300_000);

  it('decodes to the text tree with bounded memory', async () => {
    const r = await runWithPeakRss(['decode', file, '--format', 'tree']);
    expect(r.code).toBe(0);
    expect(r.head).toMatch(/^ {2}offset {2}tag {5}length {2}name value {2}-- type\n {7}0 {2}A0/);
    expect(r.tail).toMatch(/UPP\[\d+\]\.end  -- PE-End\n.*end-header  -- PEHeader\n.*identification \d+  -- UInt15\n$/);
    expect(r.bytes).toBeGreaterThan(SIZE);
    expect(r.peak).toBeLessThan(limit);
  }, 300_000);
});

describe('a 50 MB Bound Profile Package through sgp32 bpp inspect', () => {
  const limit = 10 * SIZE + 300 * 2 ** 20;
  let bppFile: string;
  let segments: number;

  beforeAll(() => {
    // sequenceOf86 of full segments (the ciphertext need not be real for inspect)
    const base = BoundProfilePackage.decode(buildCorpus().bpp);
    segments = Math.ceil(SIZE / 1024);
    const segment = new Uint8Array(1016).fill(0x5a); // 1,020 bytes with its TLV header
    bppFile = join(dir, 'bpp.der');
    writeFileSync(bppFile, BoundProfilePackage.encode({ ...base, sequenceOf86: Array.from({ length: segments }, () => segment) }));
  });

  it('writes the --json description as it goes, with bounded memory', async () => {
    const r = await runWithPeakRss(['bpp', 'inspect', bppFile, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.head).toMatch(/^\{\n {2}"size": \d+,\n {2}"remoteOpId": 1,/);
    expect(r.tail).toMatch(/"storeMetadataDeviations": \[\]\n\}\n$/);
    // one size per segment, one line each
    expect(r.bytes).toBeGreaterThan(segments * '      1020,\n'.length);
    expect(r.peak).toBeLessThan(limit);
  }, 300_000);

  it('writes the text description with bounded memory', async () => {
    const r = await runWithPeakRss(['bpp', 'inspect', bppFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.head).toMatch(new RegExp(`^BoundProfilePackage, \\d+ bytes, ${segments + 3} segments \\(single-wrapped\\)\\n`));
    // every segment's size on the sequenceOf86 line, written in pieces
    expect(r.bytes).toBeGreaterThan(segments * ', 1020'.length);
    expect(r.tail).toMatch(/, 1020, 1020\n {2}StoreMetadataRequest \(does not decode: [^\n]*\)\n$/);
    expect(r.peak).toBeLessThan(limit);
  }, 300_000);
});
