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
import type { Writable } from 'node:stream';
import { BoundProfilePackage } from '../../src/generated/RSPDefinitions.js';
import { children, readHeader } from '../../src/der/header.js';

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

  it('reads a 200 MB package from standard input as it comes: peak RSS under 150 MB', async () => {
    // BF36 and the A3 group with four-octet lengths, then 200,000 segments of 1,020 bytes
    // written in 1 MB blocks: the command never has the package, only pieces of it.
    const base = BoundProfilePackage.encode({ ...BoundProfilePackage.decode(buildCorpus().bpp), sequenceOf86: [] });
    const groups = [...children(base, readHeader(base, 0))];
    const a3 = groups.at(-1)!;
    expect(a3.tag).toBe(0xa3);
    const count = 200_000;
    const segment = Uint8Array.from([0x86, 0x82, 0x03, 0xf8, ...new Uint8Array(1016).fill(0x5a)]);
    const head4 = (tag: number[], n: number) => Uint8Array.from([...tag, 0x84, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
    const before = base.subarray(groups[0].start, a3.start);
    const a3Head = head4([0xa3], count * segment.length);
    const topHead = head4([0xbf, 0x36], before.length + a3Head.length + count * segment.length);
    const block = new Uint8Array(segment.length * 1000);
    for (let i = 0; i < 1000; i++) block.set(segment, i * segment.length);
    const feed = async (stdin: Writable) => {
      const write = (b: Uint8Array) => new Promise<void>((ok, fail) => stdin.write(b, (err) => (err ? fail(err) : ok())));
      await write(topHead);
      await write(before);
      await write(a3Head);
      for (let i = 0; i < count / 1000; i++) await write(block);
    };
    const r = await runWithPeakRss(['bpp', 'inspect', '-'], 200, feed);
    expect(r.code, r.stderr).toBe(0);
    expect(r.head).toMatch(new RegExp(`^BoundProfilePackage, ${topHead.length + before.length + a3Head.length + count * segment.length} bytes, ${count + 3} segments`));
    expect(r.peak).toBeLessThan(150 * 2 ** 20);
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
