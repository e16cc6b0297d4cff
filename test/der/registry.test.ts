/**
 * Registries as values: the default registry holds every generated module; a module compiled
 * at test time by `sgp32/compiler` becomes a registry entry like the built-in ones and
 * decodes a message given as bytes written out by hand (not by its own encoder).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/der/registry.js';
import { defaultRegistry } from '../../src/generated/registry.js';
import { EuiccPackageRequest } from '../../src/generated/SGP32Definitions.js';
import { compileAndLoad, removeCompiled } from './compile-module.js';
import { hex } from './bytes.js';

afterAll(removeCompiled);

const VENDOR = `
VendorTelemetry DEFINITIONS AUTOMATIC TAGS ::= BEGIN
  VendorReport ::= [PRIVATE 7] SEQUENCE {
    deviceId OCTET STRING (SIZE(4)),
    state ENUMERATED { idle(0), busy(1) },
    note UTF8String OPTIONAL,
    ...
  }
  vendorOid OBJECT IDENTIFIER ::= { 1 3 6 1 4 1 99999 1 }
END
`;

describe('registry', () => {
  it('the default registry holds the five modules and finds their types by Module.Name', () => {
    expect(defaultRegistry.modules.map((m) => m.name).sort()).toEqual(['PEDefinitions', 'PKIX1Explicit88', 'PKIX1Implicit88', 'RSPDefinitions', 'SGP32Definitions']);
    expect(defaultRegistry.type('SGP32Definitions.EuiccPackageRequest')).toBe(EuiccPackageRequest);
    expect(defaultRegistry.type('SGP32Definitions.NoSuchType')).toBeUndefined();
    expect(defaultRegistry.typeNames()).toContain('RSPDefinitions.EUICCInfo2');
    expect(defaultRegistry.oidName('2.5.29.14')).toBe('id-ce-subjectKeyIdentifier');
  });

  it('decodes a message of a module compiled at test time', async () => {
    const { VendorTelemetry } = await compileAndLoad(VENDOR, 'Vendor.asn');
    const registry = createRegistry(...defaultRegistry.modules, VendorTelemetry.$module);
    const codec = registry.type('VendorTelemetry.VendorReport')!;
    expect(codec).toBeDefined();
    // [PRIVATE 7] constructed = E7; deviceId [0] 80 04; state [1] 81 01 01; note [2] 82 02 "ok"
    const bytes = hex('e70d' + '800401020304' + '810101' + '82026f6b');
    expect(codec.decode(bytes)).toEqual({ deviceId: hex('01020304'), state: 'busy', note: 'ok' });
    expect(codec.toJer(codec.decode(bytes))).toEqual({ deviceId: '01020304', state: 'busy', note: 'ok' });
    expect(registry.oidName('1.3.6.1.4.1.99999.1')).toBe('vendorOid');
    // The built-in modules are still there, and the vendor module is not in the default one.
    expect(registry.type('SGP32Definitions.EuiccPackageRequest')).toBe(EuiccPackageRequest);
    expect(defaultRegistry.type('VendorTelemetry.VendorReport')).toBeUndefined();
  });

  it('refuses the same module twice', async () => {
    const { VendorTelemetry } = await compileAndLoad(VENDOR, 'Vendor.asn');
    expect(() => createRegistry(VendorTelemetry.$module, VendorTelemetry.$module)).toThrow(RangeError);
  });
});
