/**
 * Property tests over every type of the registry: values drawn from arbitraries derived from
 * each type's descriptor (test/support/arbitraries.ts) must survive DER and JER round trips, and
 * every encoding must pass the independent strict-DER checker (test/support/der-check.ts).
 */
import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/files.js';
import fc from 'fast-check';
import * as PKIX1Explicit88 from '../../src/generated/PKIX1Explicit88.js';
import * as PKIX1Implicit88 from '../../src/generated/PKIX1Implicit88.js';
import * as PEDefinitions from '../../src/generated/PEDefinitions.js';
import * as RSPDefinitions from '../../src/generated/RSPDefinitions.js';
import * as SGP32Definitions from '../../src/generated/SGP32Definitions.js';
import type { Codec } from '../../src/der/codec.js';
import { defaultRegistry } from '../../src/generated/registry.js';
import { DescriptorArbitraries, sameValue } from '../support/arbitraries.js';
import { assertStrictDer } from '../support/der-check.js';

const GENERATED: Record<string, Record<string, unknown>> = { PKIX1Explicit88, PKIX1Implicit88, PEDefinitions, RSPDefinitions, SGP32Definitions };

const registry = defaultRegistry;
const arbs = new DescriptorArbitraries(registry);
const RUNS = Number(testEnv('SGP32_PROPERTY_RUNS') ?? 30);

function codecOf(module: string, name: string): Codec<unknown> {
  const c = GENERATED[module]?.[name.replace(/-/g, '_')] as Codec<unknown> | undefined;
  if (!c || typeof c.encode !== 'function') throw new Error(`no generated codec for ${module}.${name}`);
  return c;
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Identifier octets packed big-endian, as the codecs' `tags` lists them. */
function packedIdentifier(b: Uint8Array): number {
  let v = b[0];
  if ((b[0] & 0x1f) !== 0x1f) return v;
  for (let i = 1; i < b.length; i++) {
    v = v * 256 + b[i];
    if ((b[i] & 0x80) === 0) break;
  }
  return v;
}

describe('DER and JER round trips of descriptor-derived values', () => {
  it('covers all five modules', () => {
    expect(registry.modules.map((m) => m.name).sort()).toEqual(Object.keys(GENERATED).sort());
  });

  for (const mod of registry.modules) {
    it(`${mod.name}: every type round-trips`, () => {
      let covered = 0;
      for (const t of mod.types.map((c) => ({ name: c.typeName }))) {
        const codec = codecOf(mod.name, t.name);
        expect(codec.typeName).toBe(t.name);
        expect(codec.moduleName).toBe(mod.name);
        // The registry's codec is the module's exported one.
        expect(registry.type(`${mod.name}.${t.name}`)).toBe(codec);
        const arb = arbs.forType(mod.name, t.name);
        fc.assert(
          fc.property(arb, (value) => {
            const bytes = codec.encode(value);
            assertStrictDer(bytes);
            if (codec.tags !== null) {
              // The first identifier octets are one of those the codec announces.
              expect(codec.tags).toContain(packedIdentifier(bytes));
            }
            const decoded = codec.decode(bytes);
            const normalised = arbs.normalise(mod.name, t.name, value);
            const expected = arbs.alignSetOf(mod.name, t.name, normalised, decoded, sameValue);
            // The fast structural check first; vitest's toEqual (slow on big trees) for the diff.
            if (!sameValue(decoded, expected)) expect(decoded).toEqual(expected);
            // decode ∘ encode is a fixed point on bytes.
            const again = codec.encode(decoded);
            if (hex(again) !== hex(bytes)) expect(hex(again)).toBe(hex(bytes));
            // JER through real JSON text.
            const json = JSON.parse(JSON.stringify(codec.toJer(value)));
            const fromJson = codec.fromJer(json);
            if (!sameValue(fromJson, normalised)) expect(fromJson).toEqual(normalised);
            const fromJsonBytes = codec.encode(fromJson);
            if (hex(fromJsonBytes) !== hex(bytes)) expect(hex(fromJsonBytes)).toBe(hex(bytes));
          }),
          { numRuns: RUNS },
        );
        covered++;
      }
      console.log(`${mod.name}: ${covered} of ${mod.types.length} types round-tripped (${RUNS} runs each)`);
      expect(covered).toBe(mod.types.length);
    });
  }
});
