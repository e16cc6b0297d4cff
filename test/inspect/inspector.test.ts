/**
 * createInspector: the functions of sgp32/inspect bound to one registry. Over the default
 * registry an inspector answers exactly as the plain functions do; over a registry of some
 * modules it reads what they define (a UPP once PEDefinitions is registered) and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { Rsp, Saip, Sgp32 } from '../../src/generated/index.js';
import {
  buildTree, createInspector, createRegistry, defaultRegistry, detectTypes, renderJer, renderTreeText, stringSink, validateDump,
  type Candidate, type Inspector,
} from '../../src/inspect/index.js';
import { Asn1DecodeError } from '../../src/der/errors.js';
import { minimalUpp } from '../../src/sim/upp.js';
import { esipaMessages } from './capture-builder.js';

const m = esipaMessages();
const upp = minimalUpp('89000123456789012341', 600);
const dumps: [string, Uint8Array][] = [
  ['getEimPackageRequest', m.getEimPackageRequest],
  ['getEimPackageResponse', m.getEimPackageResponse],
  ['initiateAuthentication', m.initiateAuthentication],
  ['euiccInfo1', m.euiccInfo1],
  ['noPackage', m.noPackage],
  ['upp', upp],
  ['cut short', m.getEimPackageResponse.subarray(0, 40)],
];

function jerText(inspector: Inspector | undefined, bytes: Uint8Array, type: string, value: unknown): string {
  const sink = stringSink();
  if (inspector) inspector.renderJer(bytes, type, value, sink);
  else renderJer(bytes, type, value, sink);
  return sink.text();
}

describe('createInspector', () => {
  it('takes a registry and nothing else', () => {
    for (const bad of [undefined, null, {}, 'SGP32Definitions', [Sgp32.$module], Sgp32.$module]) {
      expect(() => createInspector(bad as never), String(bad)).toThrow(TypeError);
    }
    const empty = createInspector(createRegistry());
    expect(empty.registry.modules).toEqual([]);
    expect(empty.detectTypes(m.euiccInfo1)).toEqual([]);
    expect(empty.buildTree(m.euiccInfo1, null).length).toBeGreaterThan(1);
  });

  it.each(dumps)('over the default registry answers as the plain functions: %s', (_, bytes) => {
    const inspector = createInspector(defaultRegistry);
    expect(inspector.validateDump(bytes)).toEqual(validateDump(bytes));
    const outcome = (f: () => Candidate[]) => {
      try {
        return f();
      } catch (err) {
        return err instanceof Asn1DecodeError ? `${err.message}` : err;
      }
    };
    const candidates = outcome(() => detectTypes(bytes, { lenient: true }));
    expect(outcome(() => inspector.detectTypes(bytes, { lenient: true }))).toEqual(candidates);
    if (typeof candidates === 'string') {
      // The outer TLV itself is cut short: both throw the same error; the tree shows what came before.
      expect(candidates).toMatch(/truncated/);
      expect(inspector.buildTree(bytes, null)).toEqual(buildTree(bytes, null));
      return;
    }
    const best = (candidates as Candidate[]).find((c) => c.fits);
    if (!best) return;
    expect(inspector.buildTree(bytes, best.type)).toEqual(buildTree(bytes, best.type));
    const text = stringSink();
    renderTreeText(bytes, best.type, text);
    const mine = stringSink();
    inspector.renderTreeText(bytes, best.type, mine);
    expect(mine.text()).toBe(text.text());
    expect(jerText(inspector, bytes, best.type, best.value)).toBe(jerText(undefined, bytes, best.type, best.value));
  });

  it('over SGP32Definitions and PEDefinitions reads a UPP and SGP.32 messages, not an RSPDefinitions type', () => {
    const inspector = createInspector(createRegistry(Sgp32.$module, Saip.$module));
    expect(inspector.upp).toBeDefined();
    expect(inspector.detectTypes(upp)[0]).toMatchObject({ type: 'UPP', fits: true });
    expect(inspector.validateDump(upp)).toEqual(validateDump(upp));
    expect(jerText(inspector, upp, 'UPP', undefined)).toBe(jerText(undefined, upp, 'UPP', undefined));
    expect(inspector.detectTypes(m.getEimPackageResponse)[0]).toMatchObject({ type: 'SGP32Definitions.GetEimPackageResponse', fits: true });

    // EUICCInfo1 is RSPDefinitions': the default registry names it, this one cannot.
    expect(detectTypes(m.euiccInfo1)[0]).toMatchObject({ type: 'RSPDefinitions.EUICCInfo1', fits: true });
    expect(inspector.resolveTypeName('EUICCInfo1')).toBeUndefined();
    expect(inspector.similarTypeNames('EUICCInfo1')).not.toContain('RSPDefinitions.EUICCInfo1');
    expect(createInspector(defaultRegistry).similarTypeNames('EUICCInfo1')).toContain('RSPDefinitions.EUICCInfo1');
    expect(inspector.detectTypes(m.euiccInfo1).filter((c) => c.fits && c.type.startsWith('RSPDefinitions.'))).toEqual([]);
    expect(() => inspector.codecFor('RSPDefinitions.EUICCInfo1')).toThrow(RangeError);
    expect(inspector.validateDump(m.euiccInfo1).valid).toBe(false);
    expect(() => inspector.validateDump(m.euiccInfo1, { type: 'RSPDefinitions.EUICCInfo1' })).toThrow(RangeError);

    // Registering RSPDefinitions makes it known.
    const withRsp = createInspector(createRegistry(Sgp32.$module, Rsp.$module));
    expect(withRsp.resolveTypeName('EUICCInfo1')).toBe('RSPDefinitions.EUICCInfo1');
    expect(withRsp.validateDump(m.euiccInfo1)).toMatchObject({ valid: true, type: 'RSPDefinitions.EUICCInfo1' });
    expect(withRsp.upp).toBeUndefined();
  });
});
