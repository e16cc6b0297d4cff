/**
 * The descriptor-interpreting DER coders (src/der/interpret.ts) against the generated ones, over
 * every type of the five modules compiled at test time with no generated code at all
 * (`compileRegistry` on an empty base): for values drawn from the arbitraries, both encoders
 * write the same bytes and both decoders read the same value; for damaged encodings (bytes
 * flipped, cut short) both accept the same inputs and refuse the rest with the same error —
 * code, offset, path and message.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Asn1DecodeError, Asn1EncodeError } from '../../src/der/errors.js';
import { createRegistry } from '../../src/der/registry.js';
import { defaultRegistry } from '../../src/generated/registry.js';
import { compileRegistry } from '../../src/inspect/compiled.js';
import { ASN1_FILES, DescriptorArbitraries, sameValue } from '../support/arbitraries.js';
import { toHex as hex } from '../support/bytes.js';

const inputs = ASN1_FILES.map((f) => ({ file: `asn1/${f}`, text: readFileSync(new URL(`../../asn1/${f}`, import.meta.url), 'utf8') }));
const interpreted = compileRegistry(inputs, { base: createRegistry() });
const arbs = new DescriptorArbitraries(defaultRegistry);
const RUNS = Number(process.env.SGP32_PROPERTY_RUNS ?? 10);
/** The properties' seed: random per run unless FC_SEED replays one; always printed. */
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : (Math.random() * 2 ** 31) | 0;
console.log(`[interpreted coders] fast-check seed ${SEED} (replay with FC_SEED=${SEED})`);

/** The outcome of a call: the value, or the error's code, offset, path and message. */
function outcome(f: () => unknown): unknown {
  try {
    return { ok: f() };
  } catch (err) {
    if (err instanceof Asn1DecodeError) return { code: err.code, offset: err.offset, path: err.path, message: err.message };
    if (err instanceof Asn1EncodeError) return { code: err.code, path: err.path, message: err.message };
    throw err;
  }
}

function sameOutcome(a: unknown, b: unknown): void {
  if (!sameValue(a, b)) expect(a).toEqual(b);
}

/**
 * `value` of type `q` through both coders: the same bytes; the same value or error decoding them
 * (strict, lenient with keepEncoded), with byte `at` flipped by `flip` (strict and lenient) and
 * cut short at `at`.
 */
function sameAsGenerated(q: string, value: unknown, at: number, flip: number): void {
  const gen = defaultRegistry.type(q)!;
  const int = interpreted.type(q)!;
  const bytes = gen.encode(value as never);
  const mine = int.encode(value);
  if (hex(mine) !== hex(bytes)) expect(hex(mine)).toBe(hex(bytes));
  sameOutcome(outcome(() => int.decode(bytes)), outcome(() => gen.decode(bytes)));
  // keepEncoded and lenient reading take the same paths.
  sameOutcome(outcome(() => int.decode(bytes, { keepEncoded: true, strict: false })), outcome(() => gen.decode(bytes, { keepEncoded: true, strict: false })));
  // One byte changed, and the encoding cut short there: same value or same error.
  const damaged = bytes.slice();
  const i = at % damaged.length;
  damaged[i] ^= flip || 1;
  sameOutcome(outcome(() => int.decode(damaged)), outcome(() => gen.decode(damaged)));
  sameOutcome(outcome(() => int.decode(damaged, { strict: false })), outcome(() => gen.decode(damaged, { strict: false })));
  const cut = bytes.subarray(0, i);
  sameOutcome(outcome(() => int.decode(cut)), outcome(() => gen.decode(cut)));
}

describe('interpreted DER coders equal the generated ones', () => {
  it('compiles all five modules with no generated codec among them', () => {
    expect(interpreted.modules.map((m) => m.name).sort()).toEqual(defaultRegistry.modules.map((m) => m.name).sort());
    for (const q of defaultRegistry.typeNames()) {
      const c = interpreted.type(q);
      expect(c, q).toBeDefined();
      expect(c).not.toBe(defaultRegistry.type(q));
      expect(c!.desc.layers, q).toEqual(defaultRegistry.type(q)!.desc.layers);
    }
  });

  for (const mod of defaultRegistry.modules) {
    it(`${mod.name}: same bytes, same values, same errors`, () => {
      for (const t of mod.types.map((c) => ({ name: c.typeName }))) {
        const q = `${mod.name}.${t.name}`;
        fc.assert(
          fc.property(arbs.forType(mod.name, t.name), fc.nat(), fc.nat(255), (value, at, flip) => sameAsGenerated(q, value, at, flip)),
          { numRuns: RUNS, seed: SEED },
        );
      }
    });
  }

  it('names an absent component in ASN.1 spelling, as the generated decoder does (fixed rows)', () => {
    // Found by the property (seed 1485370055): `rfu1` is AB 00; its tag damaged to AA leaves PE-End
    // with no end-header, and the generated decoder named it end_header while the interpreter (and
    // every other message) wrote end-header. Every one-byte damage of that value, both modes.
    const q = 'PEDefinitions.ProfileElement';
    for (let at = 0; at < 2; at++) for (let flip = 0; flip < 256; flip++) sameAsGenerated(q, { $case: 'rfu1', value: {} }, at, flip);
    const e = outcome(() => defaultRegistry.type(q)!.decode(Uint8Array.of(0xaa, 0x00)));
    expect(e).toMatchObject({ code: 'missing-component', path: 'ProfileElement.end.end_header', message: expect.stringContaining('component end-header (tag A0) is missing') });
    // With end-header present (identification 1), PE-End decodes.
    expect(outcome(() => defaultRegistry.type(q)!.decode(Uint8Array.of(0xaa, 0x05, 0xa0, 0x03, 0x81, 0x01, 0x01)))).toEqual({ ok: { $case: 'end', value: { end_header: { identification: 1 } } } });
  });

  it('refuses bad values to encode as the generated encoders do', () => {
    const q = 'SGP32Definitions.EuiccPackageRequest';
    for (const bad of [null, 5, {}, { euiccPackageSigned: {} }, { euiccPackageSigned: { eimId: 'x', eidValue: new Uint8Array(16), counterValue: 1, euiccPackage: { $case: 'nope', value: 1 } }, eimSignature: new Uint8Array(64) }]) {
      sameOutcome(outcome(() => interpreted.type(q)!.encode(bad)), outcome(() => defaultRegistry.type(q)!.encode(bad as never)));
    }
  });
});
