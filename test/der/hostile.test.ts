/**
 * Hostile input: nesting-depth bombs and length bombs are rejected fast with `depth-limit` /
 * `truncated`, and a seeded mutation fuzzer checks that every mutated message ends in a value
 * or an Asn1DecodeError — never another exception type, never a hang. The fuzzer's seeds are
 * messages built here (so it always runs) plus the real vectors of ../shared/vectors when
 * that folder is present.
 */
import { VECTORS_DIR } from '../support/vectors.js';
import { exists, listDir, readBytes } from '../support/files.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Asn1DecodeError, Pkix, Rsp, Saip, Sgp32, type Codec } from '../../src/index.js';
import type { Diagnostic } from '../../src/der/errors.js';
import { cat, derLen, hex, prng, splitTlvs, tlv, toHexStr } from './bytes.js';
import { compileAndLoad, removeCompiled, type LoadedModule } from './compile-module.js';

const VECTORS = VECTORS_DIR;
const haveVectors = exists('vectors');

const ascii = (s: string) => new TextEncoder().encode(s);
const EID = hex('89049032123451234512345678901235');
const ICCID = hex('98109909002143658739');

/** Runs `f`, returns the Asn1DecodeError it throws (fails on anything else or no error). */
function decodeError(f: () => unknown): Asn1DecodeError {
  try {
    f();
  } catch (err) {
    if (err instanceof Asn1DecodeError) return err;
    throw err;
  }
  throw new Error('expected an Asn1DecodeError');
}

/**
 * `depth` constructed TLVs with tag `tag`, each holding the next, innermost holding `inner`.
 * Built from the inside out into one buffer (lengths are known only from the inside).
 */
function nested(tag: number | readonly number[], depth: number, inner: Uint8Array = new Uint8Array()): Uint8Array {
  const tags = typeof tag === 'number' ? [tag] : tag;
  // Each level adds at most 1 tag byte + 5 length bytes.
  const buf = new Uint8Array(inner.length + depth * 6);
  let p = buf.length - inner.length;
  buf.set(inner, p);
  for (let i = 0; i < depth; i++) {
    const len = buf.length - p;
    if (len < 0x80) buf[--p] = len;
    else {
      let n = 0;
      for (let l = len; l > 0; l = Math.floor(l / 256)) {
        buf[--p] = l & 0xff;
        n++;
      }
      buf[--p] = 0x80 | n;
    }
    buf[--p] = tags[i % tags.length];
  }
  return buf.subarray(p);
}

let Rec: LoadedModule;
beforeAll(async () => {
  // Recursive types: the kind of module a vendor might compile, and the way to nest without end.
  const mods = await compileAndLoad(
    `HostileTest DEFINITIONS AUTOMATIC TAGS ::= BEGIN
       Node ::= SEQUENCE { label INTEGER OPTIONAL, children SEQUENCE OF Node OPTIONAL }
       Tree ::= SEQUENCE OF Tree
       Expr ::= CHOICE { leaf INTEGER, neg Expr, pair SEQUENCE { l Expr, r Expr } }
       Seg ::= SEQUENCE {
         a [5] IMPLICIT OCTET STRING,
         b [APPLICATION 55] IMPLICIT OCTET STRING OPTIONAL,
         c [1] EXPLICIT BIT STRING OPTIONAL,
         d UTF8String OPTIONAL,
         e SEQUENCE OF OCTET STRING OPTIONAL }
       SegSet ::= SET { x [0] IMPLICIT OCTET STRING, ... }
     END`,
    'HostileTest.asn',
  );
  Rec = mods.HostileTest;
});
afterAll(removeCompiled);

describe('nesting depth bombs', () => {
  it('100,000 nested SEQUENCE OF a recursive type ends in depth-limit, fast', () => {
    const bomb = nested(0x30, 100_000);
    const t0 = performance.now();
    const err = decodeError(() => Rec.Tree.decode(bomb));
    const ms = performance.now() - t0;
    expect(err.code).toBe('depth-limit');
    expect(err.detail).toBe('nesting deeper than 64');
    // The 65th SEQUENCE from the top is the first one too deep.
    let offset = 0;
    let end = bomb.length;
    for (let i = 0; i < 64; i++) [{ contentStart: offset, end }] = splitTlvs(bomb, offset, end);
    expect(err.offset).toBe(offset);
    expect(err.path).toBe('Tree' + '[0]'.repeat(64));
    expect(ms).toBeLessThan(500);
  });

  it('100,000 levels through a recursive SEQUENCE and CHOICE, and a custom maxDepth', () => {
    // Node: 30 { A1 { 30 { A1 { … } } } } — children [1] SEQUENCE OF Node.
    let node = hex('3000');
    const levels = 50_000;
    for (let i = 0; i < 200; i++) node = tlv('30', tlv('a1', node)); // a well-formed 200-level tree
    expect(Rec.Node.decode(node, { maxDepth: 1000 })).toBeDefined();
    expect(decodeError(() => Rec.Node.decode(node)).code).toBe('depth-limit');
    // Innermost first: A1 { 30 00 }, then 30, A1, 30, … ending with an outermost 30.
    const bomb = nested([0xa1, 0x30], levels, hex('3000'));
    expect(bomb[0]).toBe(0x30);
    const err0 = decodeError(() => Rec.Node.decode(bomb));
    expect(err0.code).toBe('depth-limit');
    expect(err0.path).toBe('Node' + '.children[0]'.repeat(32)); // Node at depth 1, 3, …, 65
    // Expr: neg [1] is explicit (a tag on a CHOICE), so A1 A1 A1 … nests one CHOICE per level.
    const expr = nested(0xa1, 100_000, hex('800101'));
    const t0 = performance.now();
    const err = decodeError(() => Rec.Expr.decode(expr));
    expect(err.code).toBe('depth-limit');
    expect(performance.now() - t0).toBeLessThan(500);
    expect(Rec.Expr.decode(nested(0xa1, 20, hex('800101')))).toBeDefined();
  });

  it('deeply nested indefinite lengths in lenient mode end in depth-limit', () => {
    const n = 100_000;
    const bomb = new Uint8Array(n * 4);
    for (let i = 0; i < n; i++) {
      bomb[2 * i] = 0x30;
      bomb[2 * i + 1] = 0x80;
    }
    // then n end-of-contents pairs (already zero)
    const t0 = performance.now();
    const err = decodeError(() => Rec.Tree.decode(bomb, { strict: false }));
    expect(err.code).toBe('depth-limit');
    expect(performance.now() - t0).toBeLessThan(500);
    // The same inside a real type: an unknown extension component nested without end.
    const resp = cat(hex('bf3e80'), tlv('5a', EID), bomb.subarray(0, 2 * 1000), new Uint8Array(2 * 1000), hex('0000'));
    const err3 = decodeError(() => Rsp.GetEuiccDataResponse.decode(resp, { strict: false }));
    expect(err3.code).toBe('depth-limit');
    // And a well-formed shallow indefinite nesting decodes.
    const ok = cat(hex('bf3e80'), tlv('5a', EID), hex('bf6380 0400 0000'), hex('0000'));
    expect(Rsp.GetEuiccDataResponse.decode(ok, { strict: false }).$unknown?.length).toBe(1);
  });
});

describe('length bombs', () => {
  const cases: [string, Uint8Array, 'truncated' | 'bad-length', number][] = [
    ['a header claiming 2^31 bytes', hex('bf3e84 80000000 5a10'), 'truncated', 0],
    ['0x84 FF FF FF FF', hex('bf3e84 ffffffff'), 'truncated', 0],
    ['an inner length of 2^32-1 inside a small container', cat(hex('bf3e08 5a84ffffffff'), hex('0000')), 'truncated', 3],
    ['a length with 126 octets', cat(hex('bf3efe'), new Uint8Array(126).fill(0xff)), 'bad-length', 0],
  ];
  it.each(cases)('%s is rejected at once (%s)', (_n, bytes, code, offset) => {
    const t0 = performance.now();
    const err = decodeError(() => Rsp.GetEuiccDataResponse.decode(bytes));
    expect(err.code).toBe(code);
    expect(err.offset).toBe(offset);
    expect(performance.now() - t0).toBeLessThan(50);
    // The same in lenient mode: BER has no answer to a length past the input either.
    expect(decodeError(() => Rsp.GetEuiccDataResponse.decode(bytes, { strict: false })).code).toBe(code);
  });

  it('a huge SEQUENCE OF count costs time linear in the input, nothing more', () => {
    // 200,000 empty Trees in one SEQUENCE OF: 400 KB of input.
    const body = new Uint8Array(400_000);
    for (let i = 0; i < body.length; i += 2) body[i] = 0x30;
    const bytes = cat(hex('3083'), Uint8Array.of(body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff), body);
    const t0 = performance.now();
    expect(Rec.Tree.decode(bytes).length).toBe(200_000);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

// ---------------------------------------------------------------------------------------------
// Mutation fuzzer

interface Seed {
  name: string;
  codec: Codec<any>;
  bytes: Uint8Array;
}

/** Messages made here with the byte-level builder (independent of the vectors). */
function ownSeeds(): Seed[] {
  const psmos = tlv('a0', tlv('a3', tlv('5a', ICCID), hex('0500')), tlv('a4', tlv('5a', ICCID)), tlv('a6'), tlv('bf2d', tlv('5a', ICCID)));
  const signed = tlv('30', tlv('80', ascii('eim.example.com')), tlv('5a', EID), tlv('81', hex('03ee')), tlv('82', hex('0102030405060708')), psmos);
  const request = tlv('bf51', signed, tlv('5f37', new Uint8Array(64).fill(0x33)));
  const pirData = tlv(
    'bf27',
    tlv('80', hex('e0f1356728a44720b219a3b70c9df57e')),
    tlv('bf2f', tlv('80', hex('02')), tlv('81', hex('0780')), tlv('0c', ascii('smdp.example.com')), tlv('5a', ICCID)),
    tlv('06', hex('88370a')),
    tlv('a2', tlv('a1', tlv('80', hex('02')), tlv('81', hex('09')))),
  );
  const pir = tlv('bf37', pirData, tlv('5f37', new Uint8Array(64).fill(0x44)));
  const algo = tlv('30', tlv('06', hex('2a8648ce3d040302')));
  const name = tlv('30', tlv('31', tlv('30', tlv('06', hex('550406')), tlv('13', ascii('DE')))), tlv('31', tlv('30', tlv('06', hex('550403')), tlv('0c', ascii('Test')))));
  const spki = tlv('30', tlv('30', tlv('06', hex('2a8648ce3d0201')), tlv('06', hex('2a8648ce3d030107'))), tlv('03', hex('00'), hex('04'), new Uint8Array(64).fill(7)));
  const ext = tlv('a3', tlv('30', tlv('30', tlv('06', hex('551d0f')), tlv('01', hex('ff')), tlv('04', hex('03020780')))));
  const tbs = tlv('30', tlv('a0', tlv('02', hex('02'))), tlv('02', hex('0200000000000000000001')), algo, name,
    tlv('30', tlv('17', ascii('240101000000Z')), tlv('18', ascii('75000101000000Z'))), name, spki, ext);
  const cert = tlv('30', tbs, algo, tlv('03', hex('00'), tlv('30', tlv('02', hex('01')), tlv('02', hex('02')))));
  const info1 = tlv('bf20', tlv('82', hex('020500')), tlv('a9', tlv('04', new Uint8Array(20).fill(1)), tlv('04', new Uint8Array(20).fill(2))), tlv('aa', tlv('04', new Uint8Array(20).fill(1))));
  const pe = tlv('a0', tlv('80', hex('02')), tlv('81', hex('03')), tlv('82', ascii('profile')), tlv('83', ICCID),
    tlv('a5', tlv('81', new Uint8Array()), tlv('84', new Uint8Array())), tlv('a6', tlv('06', hex('67810f010201'))));
  return [
    { name: 'own EuiccPackageRequest', codec: Sgp32.EuiccPackageRequest, bytes: request },
    { name: 'own ProfileInstallationResult', codec: Sgp32.ProfileInstallationResult, bytes: pir },
    { name: 'own Certificate', codec: Pkix.Certificate, bytes: cert },
    { name: 'own EUICCInfo1', codec: Rsp.EUICCInfo1, bytes: info1 },
    { name: 'own ProfileElement header', codec: Saip.ProfileElement, bytes: pe },
  ];
}

const NS: Record<string, Record<string, unknown>> = { SGP32Definitions: Sgp32, RSPDefinitions: Rsp, PKIX1Explicit88: Pkix, PEDefinitions: Saip };

function vectorSeeds(): Seed[] {
  if (!haveVectors) return [];
  const out: Seed[] = [];
  for (const f of listDir('vectors', 'messages').filter((x) => x.endsWith('.der')).sort()) {
    const side = JSON.parse(new TextDecoder().decode(readBytes('vectors', 'messages', f.replace(/\.der$/, '.json'))));
    const m = /^(\w+)\.([\w-]+)/.exec(side.asn1Type)!;
    let bytes = readBytes('vectors', 'messages', f);
    if (bytes[0] === 0xa0) {
      bytes = bytes.slice();
      bytes[0] = 0x30; // [0] IMPLICIT PendingNotificationList as the bare type
    }
    out.push({ name: f, codec: NS[m[1]][m[2]] as Codec<any>, bytes });
  }
  out.push({ name: 'CERT_CI_ECDSA_NIST.der', codec: Pkix.Certificate, bytes: readBytes('vectors', 'certs', 'sgp26', 'CI', 'CERT_CI_ECDSA_NIST.der') });
  const upp = readBytes('vectors', 'upp', 'TS48v1_A.der');
  const pes = splitTlvs(upp);
  for (const i of [0, 2, 4, 10]) out.push({ name: `TS48v1_A element ${i}`, codec: Saip.ProfileElement, bytes: upp.slice(pes[i].start, pes[i].end) });
  return out;
}

/**
 * Offsets of the identifier octets of `b`, descending into constructed TLVs whose content
 * parses as TLVs (for length edits). Stops quietly where content is not TLVs.
 */
function headerOffsets(b: Uint8Array, start = 0, end = b.length, out: number[] = []): number[] {
  let p = start;
  const found: { start: number; contentStart: number; end: number }[] = [];
  while (p < end) {
    const s = p;
    if ((b[p++] & 0x1f) === 0x1f) while (p < end && b[p++] & 0x80);
    if (p >= end) return out;
    let len = b[p++];
    if (len & 0x80) {
      const k = len & 0x7f;
      if (k > 4 || p + k > end) return out;
      len = 0;
      for (let i = 0; i < k; i++) len = len * 256 + b[p++];
    }
    if (p + len > end) return out;
    found.push({ start: s, contentStart: p, end: p + len });
    p += len;
  }
  for (const t of found) {
    out.push(t.start);
    if (b[t.start] & 0x20) headerOffsets(b, t.contentStart, t.end, out);
  }
  return out;
}

/**
 * `b` (DER) with the primitive TLV at `target` in the constructed form BER allows for strings
 * (X.690 §8.6.4, §8.7.3): its content cut at `cut` into two segments, BIT STRING segments
 * (each with an unused-bits octet) when `bits`, else OCTET STRING ones; every enclosing
 * length is recomputed. A TLV that is not a string makes input the decoder must refuse.
 */
function segmented(b: Uint8Array, target: number, cut: number, bits: boolean, start = 0, end = b.length): Uint8Array {
  const out: Uint8Array[] = [];
  for (const t of splitTlvs(b, start, end)) {
    if (t.start === target) {
      const content = b.subarray(t.contentStart, t.end);
      const id = b.slice(t.start, t.start + (t.contentStart - t.start) - derLen(content.length).length);
      id[0] |= 0x20;
      const at = Math.min(cut, content.length);
      const segs = bits && content.length > 0
        ? [tlv('03', hex('00'), content.subarray(1, Math.max(1, at))), tlv('03', content.subarray(0, 1), content.subarray(Math.max(1, at)))]
        : [tlv('04', content.subarray(0, at)), tlv('04', content.subarray(at))];
      const inner = cat(...segs);
      out.push(cat(id, derLen(inner.length), inner));
    } else if (target > t.start && target < t.end && b[t.start] & 0x20) {
      const inner = segmented(b, target, cut, bits, t.contentStart, t.end);
      const id = b.subarray(t.start, t.contentStart - derLen(t.end - t.contentStart).length);
      out.push(cat(id, derLen(inner.length), inner));
    } else out.push(b.subarray(t.start, t.end));
  }
  return cat(...out);
}

function mutate(src: Uint8Array, rnd: () => number, headers: number[]): [string, Uint8Array] {
  const pick = (n: number) => Math.floor(rnd() * n);
  const b = src.slice();
  switch (pick(8)) {
    case 7: {
      const primitive = headers.filter((h) => (b[h] & 0x20) === 0);
      if (primitive.length === 0) return ['segments', b];
      return ['segments', segmented(b, primitive[pick(primitive.length)], pick(8), rnd() < 0.3)];
    }
    case 0: {
      const flips = 1 + pick(3);
      for (let k = 0; k < flips; k++) b[pick(b.length)] ^= 1 << pick(8);
      return ['bit flip', b];
    }
    case 1: {
      b[pick(b.length)] = pick(256);
      return ['byte replace', b];
    }
    case 2:
      return ['truncation', b.subarray(0, pick(b.length))];
    case 3: {
      const at = pick(b.length + 1);
      const ins = new Uint8Array(1 + pick(4)).map(() => pick(256));
      return ['insertion', cat(b.subarray(0, at), ins, b.subarray(at))];
    }
    case 4: {
      const at = pick(b.length);
      return ['deletion', cat(b.subarray(0, at), b.subarray(at + 1 + pick(3)))];
    }
    default: {
      // Length edit: change the first length octet of a real header.
      let h = headers[pick(headers.length)];
      if ((b[h] & 0x1f) === 0x1f) while (b[++h] & 0x80);
      const at = h + 1;
      const choices = [b[at] + 1, b[at] - 1, 0x80, 0x81, 0x84, 0xff, 0x00, 0x7f, pick(256)];
      b[at] = choices[pick(choices.length)] & 0xff;
      return ['length edit', b];
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

describe('mutation fuzzer', () => {
  it('every mutation of real and hand-made messages ends in a value or an Asn1DecodeError', () => {
    const seeds = [...ownSeeds(), ...vectorSeeds()];
    // The seeds themselves decode and re-encode byte-identically.
    for (const s of seeds) expect(toHexStr(s.codec.encode(s.codec.decode(s.bytes))), s.name).toBe(toHexStr(s.bytes));
    if (!haveVectors) console.warn(`[hostile] ${VECTORS} is absent: fuzzing the ${seeds.length} hand-made messages only`);

    const rnd = prng(0x5eed2026);
    const TOTAL = 21_000;
    const outcomes = new Map<string, number>();
    const byOp = new Map<string, number>();
    const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    const headers = seeds.map((s) => headerOffsets(s.bytes));
    let reencodeMismatch = 0;
    let jerMismatch = 0;
    let slowest = 0;
    const start = performance.now();
    for (let i = 0; i < TOTAL; i++) {
      const si = i % seeds.length;
      const seed = seeds[si];
      const [op, input] = mutate(seed.bytes, rnd, headers[si]);
      bump(byOp, op);
      const strict = rnd() < 0.75;
      const t0 = performance.now();
      let v: unknown;
      let decoded = false;
      try {
        v = seed.codec.decode(input, { strict });
        decoded = true;
      } catch (err) {
        if (!(err instanceof Asn1DecodeError)) {
          throw new Error(`${seed.name}, mutation #${i} (${op}, strict ${strict}) threw ${String(err)}; input ${toHexStr(input)}`);
        }
        // Plain checks here (not expect): they run tens of thousands of times.
        if (!(err.offset >= 0 && err.offset <= input.length) || err.message !== `${err.path}: ${err.detail} (${err.code}, offset ${err.offset})`) {
          throw new Error(`${seed.name}, mutation #${i}: bad error fields ${err.message}; input ${toHexStr(input)}`);
        }
        bump(outcomes, `error ${err.code}`);
      }
      slowest = Math.max(slowest, performance.now() - t0);
      if (!decoded) continue;
      bump(outcomes, strict ? 'value (strict)' : 'value (lenient)');
      // Outside the try: any exception from here on fails the test.
      if (strict) {
        // A strict DER decode has one encoding: writing the value back gives the input,
        // directly and through the JER form as JSON text.
        if (!sameBytes(seed.codec.encode(v), input)) reencodeMismatch++;
        if (!sameBytes(seed.codec.encode(seed.codec.fromJer(JSON.parse(JSON.stringify(seed.codec.toJer(v))))), input)) jerMismatch++;
      } else {
        // A lenient decode gives a value whose DER encoding the strict decoder accepts as is.
        const der = seed.codec.encode(v);
        if (!sameBytes(seed.codec.encode(seed.codec.decode(der)), der)) reencodeMismatch++;
      }
    }
    const elapsed = performance.now() - start;
    const table = [...outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${k.padEnd(32)} ${n}`).join('\n');
    console.log(
      `[hostile] ${TOTAL} mutations of ${seeds.length} seeds in ${elapsed.toFixed(0)} ms (slowest ${slowest.toFixed(1)} ms)\n` +
        `  by mutation: ${[...byOp].map(([k, n]) => `${k} ${n}`).join(', ')}\n${table}\n` +
        `  decodes whose DER re-encoding does not round trip: ${reencodeMismatch}; strict decodes whose JER form does not: ${jerMismatch}`,
    );
    const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(TOTAL);
    expect(reencodeMismatch).toBe(0);
    expect(jerMismatch).toBe(0);
    expect(slowest).toBeLessThan(1000);
  });
});

describe('lenient-mode contract (fuzz)', () => {
  // A fresh seed each run, printed so a failure can be replayed with FUZZ_SEED=<n>.
  // FUZZ_SEED from the environment under Node (the browser run has none and draws one).
  const given = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.FUZZ_SEED;
  const FUZZ_SEED = given ? Number(given) : (Math.random() * 2 ** 31) | 0;
  /** Mutations per seed message: a fixed budget that keeps the suite fast. */
  const PER_SEED = 1000;

  it(`lenient decode -> encode -> strict decode agrees, ${PER_SEED} mutations of every seed message (seed printed)`, () => {
    const seeds = [...ownSeeds(), ...vectorSeeds()];
    console.log(`[lenient contract] FUZZ_SEED=${FUZZ_SEED}, ${seeds.length} seed messages${haveVectors ? '' : ' (hand-made only: the external vectors are absent)'}`);
    const rnd = prng(FUZZ_SEED);
    const headers = seeds.map((s) => headerOffsets(s.bytes));
    let checked = 0;
    let segmentedStrings = 0;
    for (let si = 0; si < seeds.length; si++) {
      const seed = seeds[si];
      for (let i = 0; i < PER_SEED; i++) {
        const [op, input] = mutate(seed.bytes, rnd, headers[si]);
        const diagnostics: Diagnostic[] = [];
        let v: unknown;
        try {
          v = seed.codec.decode(input, { strict: false, diagnostics });
        } catch (err) {
          if (err instanceof Asn1DecodeError) continue;
          throw err;
        }
        const where = `FUZZ_SEED=${FUZZ_SEED}: ${seed.name}, mutation #${i} (${op}); input ${toHexStr(input)}`;
        let der: Uint8Array;
        try {
          der = seed.codec.encode(v);
        } catch (err) {
          throw new Error(`${where}: the lenient value does not encode: ${String(err)}`);
        }
        let again: unknown;
        try {
          again = seed.codec.decode(der);
        } catch (err) {
          throw new Error(`${where}: strict decode of its DER ${toHexStr(der)} fails: ${String(err)}`);
        }
        if (!sameBytes(seed.codec.encode(again), der)) throw new Error(`${where}: DER ${toHexStr(der)} does not round trip`);
        if (JSON.stringify(seed.codec.toJer(again)) !== JSON.stringify(seed.codec.toJer(v))) throw new Error(`${where}: the strict value differs from the lenient one`);
        // Each deviation once: no diagnostic repeated (same code, offset and detail).
        const keys = diagnostics.map((d) => `${d.code}@${d.offset}: ${d.detail}`);
        if (new Set(keys).size !== keys.length) throw new Error(`${where}: a deviation reported twice: ${keys.join(', ')}`);
        // A DER input has no deviation; its lenient value is its strict value.
        if (sameBytes(der, input) && diagnostics.length > 0) throw new Error(`${where}: deviations reported on DER input: ${keys.join(', ')}`);
        checked++;
        if (op === 'segments' && diagnostics.some((d) => d.code === 'constructed-string')) segmentedStrings++;
      }
    }
    console.log(`[lenient contract] ${checked} lenient values checked, ${segmentedStrings} of them from segmented strings`);
    expect(checked).toBeGreaterThan(0);
    expect(segmentedStrings).toBeGreaterThan(0);
  });
});

/** A TLV with an indefinite length: identifier `tag`, the parts, end-of-contents. */
const indefinite = (tag: string, ...parts: Uint8Array[]) => cat(hex(tag + '80'), ...parts, hex('0000'));
const octets = (h: string) => tlv('04', hex(h));
const octetsAt = (tag: string, h: string) => tlv(tag, hex(h));

describe('lenient-mode contract (rows)', () => {
  // [row, codec, input, strict verdict as `code path@offset`, DER written after a lenient
  // decode, lenient diagnostics]
  const rows: [string, Codec<any>, string, string, string, string[]][] = [
    // The path of a header that cannot be read ends at the SEQUENCE that holds it (its tag is
    // not matched to a component yet); an error inside an unknown component names it as the
    // value keeps it, `$unknown[i]`.
    ['unknown component with an indefinite length', Rsp.DeviceInfo, '300d800412345678a105bf64800000', 'indefinite-length DeviceInfo.deviceCapabilities@10', '300b800412345678a103bf6400', ['indefinite-length@10']],
    ['open type with a non-minimal length', Pkix.AlgorithmIdentifier, '301406072a8648ce3d02010681082a8648ce3d030107', 'non-minimal-length AlgorithmIdentifier.parameters@11', '301306072a8648ce3d020106082a8648ce3d030107', ['non-minimal-length@11']],
    ['indefinite length nested inside an unknown component', Rsp.DeviceInfo, '300f800412345678a107bf6404a0800000', 'indefinite-length DeviceInfo.deviceCapabilities.$unknown[0]@13', '300d800412345678a105bf6402a000', ['indefinite-length@13']],
    ['non-minimal length nested inside an unknown component', Rsp.DeviceInfo, '300e800412345678a106bf6403a08100', 'non-minimal-length DeviceInfo.deviceCapabilities.$unknown[0]@13', '300d800412345678a105bf6402a000', ['non-minimal-length@13']],
    ['second unknown component with an indefinite length', Rsp.DeviceInfo, '3012800412345678a10abf6402a000bf65800000', 'indefinite-length DeviceInfo.deviceCapabilities.$unknown[1]@15', '3010800412345678a108bf6402a000bf6500', ['indefinite-length@15']],
    ['a DER unknown component (kept as is)', Rsp.DeviceInfo, '300d800412345678a105bf6402a000', 'ok', '300d800412345678a105bf6402a000', []],
    ['named BIT STRING with trailing zero bits', Rsp.PprIds, '03020040', 'bad-bit-string PprIds@3', '03020640', ['bad-bit-string@3']],
    ['named BIT STRING in DER', Rsp.PprIds, '03020640', 'ok', '03020640', []],
    // Constructed (segmented) strings, X.690 §8.6.4, §8.7.3, §8.23.6: BER, not DER (§10.2).
    ['[0] IMPLICIT OCTET STRING in two segments', Rsp.DeviceInfo, toHexStr(tlv('30', tlv('a0', octets('1234'), octets('5678')), hex('a100'))), 'constructed-string DeviceInfo.tac@2', '3008800412345678a100', ['constructed-string@2']],
    ['[0] IMPLICIT OCTET STRING, indefinite length, an empty segment', Rsp.DeviceInfo, toHexStr(tlv('30', indefinite('a0', octets('12'), octets(''), octets('345678')), hex('a100'))), 'indefinite-length DeviceInfo@2', '3008800412345678a100', ['indefinite-length@2', 'constructed-string@2']],
    ['OCTET STRING segments nested, the inner one indefinite', Pkix.Extension, toHexStr(tlv('30', hex('0603551d0f'), tlv('24', indefinite('24', octets('0302')), octets('0186')))), 'constructed-string Extension.extnValue@7', '300b0603551d0f040403020186', ['constructed-string@7', 'indefinite-length@9']],
    ['named BIT STRING in two segments, top level', Rsp.PprIds, toHexStr(tlv('23', tlv('03', hex('0040')), tlv('03', hex('0640')))), 'constructed-string PprIds@0', '0303064040', ['constructed-string@0']],
    ['UTF8String alternative of a CHOICE in segments', Pkix.DirectoryString, toHexStr(tlv('2c', octets('6869'), octets('2121'))), 'constructed-string DirectoryString.utf8String@0', '0c0468692121', ['constructed-string@0']],
    ['[0] EXPLICIT OCTET STRING in segments', Pkix.PresentationAddress, toHexStr(tlv('30', tlv('a0', tlv('24', octets('01'), octets('02'))), tlv('a3', tlv('31', octets('00'))))), 'constructed-string PresentationAddress.pSelector@4', '300da00404020102a3053103040100', ['constructed-string@4']],
  ];
  it.each(rows)('%s', (_row, codec, input, strictVerdict, der, diags) => {
    const bytes = hex(input);
    let strictCode = 'ok';
    try {
      codec.decode(bytes);
    } catch (err) {
      if (!(err instanceof Asn1DecodeError)) throw err;
      strictCode = `${err.code} ${err.path}@${err.offset}`;
    }
    expect(strictCode).toBe(strictVerdict);
    const diagnostics: Diagnostic[] = [];
    const v = codec.decode(bytes, { strict: false, diagnostics });
    expect(diagnostics.map((d) => `${d.code}@${d.offset}`)).toEqual(diags);
    const out = codec.encode(v);
    expect(toHexStr(out)).toBe(der);
    // strict decode of what was written agrees with the lenient value
    expect(JSON.stringify(codec.toJer(codec.decode(out)))).toBe(JSON.stringify(codec.toJer(v)));
  });
});

describe('constructed strings: high tags, SETs, and what lenient mode still refuses', () => {
  // [row, type of the HostileTest module, input, strict verdict, lenient verdict: the DER
  // written after the decode, or `code path@offset` when lenient mode refuses too]
  const rows: [string, string, Uint8Array, string, string][] = [
    ['[APPLICATION 55] IMPLICIT OCTET STRING in segments (7F37)', 'Seg', tlv('30', octetsAt('85', '01'), tlv('7f37', octets('aa'), octets('bb'))), 'constructed-string Seg.b@5', '3008850101' + '5f3702aabb'],
    ['[1] EXPLICIT BIT STRING in segments', 'Seg', tlv('30', octetsAt('85', '01'), tlv('a1', tlv('23', tlv('03', hex('00ff')), tlv('03', hex('04f0'))))), 'constructed-string Seg.c@7', '300a850101a1050303' + '04fff0'],
    ['UTF8String in segments after an OPTIONAL one absent', 'Seg', tlv('30', octetsAt('85', '01'), tlv('2c', octets('c3'), octets('a9'))), 'constructed-string Seg.d@5', '3007850101' + '0c02c3a9'],
    ['SEQUENCE OF OCTET STRING, the second item in segments', 'Seg', tlv('30', octetsAt('85', '01'), tlv('30', octets('01'), tlv('24', octets('02'), octets('03')))), 'constructed-string Seg.e[1]@10', '300c850101' + '3007' + '040101' + '04020203'],
    ['[5] IMPLICIT OCTET STRING constructed (A5)', 'Seg', tlv('30', tlv('a5', octets('01'), octets(''))), 'constructed-string Seg.a@2', '3003850101'],
    ['SET component [0] IMPLICIT OCTET STRING constructed (A0)', 'SegSet', tlv('31', tlv('a0', octets('0102'))), 'constructed-string SegSet.x@2', '3104' + '80020102'],
    ['SET unknown component with an indefinite length', 'SegSet', tlv('31', octetsAt('80', '01'), indefinite('a1')), 'indefinite-length SegSet@5', '3105800101' + 'a100'],
    // What BER forbids as well stays refused in lenient mode, with its offset and path.
    ['a segment of the wrong type (INTEGER in an OCTET STRING)', 'Seg', tlv('30', tlv('a5', octets('01'), hex('020101'))), 'constructed-string Seg.a@2', 'unexpected-tag Seg.a@7'],
    ['a BIT STRING segment with unused bits before the last', 'Seg', tlv('30', octetsAt('85', '01'), tlv('a1', tlv('23', tlv('03', hex('04f0')), tlv('03', hex('00ff'))))), 'constructed-string Seg.c@7', 'bad-bit-string Seg.c@15'],
    ['an empty BIT STRING segment (no unused-bits octet)', 'Seg', tlv('30', octetsAt('85', '01'), tlv('a1', tlv('23', tlv('03')))), 'constructed-string Seg.c@7', 'bad-bit-string Seg.c@11'],
    ['a primitive segment with an indefinite length', 'Seg', tlv('30', tlv('a5', hex('0480'), hex('0000'))), 'constructed-string Seg.a@2', 'bad-length Seg.a@4'],
    ['invalid UTF-8 across segments', 'Seg', tlv('30', octetsAt('85', '01'), tlv('2c', octets('c3'), octets('41'))), 'constructed-string Seg.d@5', 'bad-string Seg.d@5'],
    // Seg is depth 1, the string 2, so the 63rd nested segment is the 65th level: the one at 147.
    ['segments nested deeper than maxDepth', 'Seg', tlv('30', tlv('a5', nested(0x24, 80, octets('01')))), 'constructed-string Seg.a@3', 'depth-limit Seg.a@147'],
  ];
  const verdict = (f: () => unknown): string => {
    try {
      f();
      return 'ok';
    } catch (err) {
      if (!(err instanceof Asn1DecodeError)) throw err;
      return `${err.code} ${err.path}@${err.offset}`;
    }
  };
  it.each(rows)('%s', (_row, type, input, strictVerdict, lenient) => {
    const codec = Rec[type] as Codec<any>;
    expect(verdict(() => codec.decode(input))).toBe(strictVerdict);
    const diagnostics: Diagnostic[] = [];
    let v: unknown;
    const got = verdict(() => (v = codec.decode(input, { strict: false, diagnostics })));
    if (got !== 'ok') {
      expect(got).toBe(lenient);
      return;
    }
    const der = codec.encode(v);
    expect(toHexStr(der)).toBe(lenient);
    // Reported once, at the constructed TLV; the DER decodes strictly to the same value.
    expect(diagnostics.filter((d) => d.code === 'constructed-string' || d.code === 'indefinite-length')).toHaveLength(1);
    expect(JSON.stringify(codec.toJer(codec.decode(der)))).toBe(JSON.stringify(codec.toJer(v)));
  });
});
