/**
 * A fleet of 1,000 virtual eUICCs polls the SDK's own eIM handler (createEsipaHandler of
 * sgp32/node serving the test eIM) over loopback HTTP with the ESipa ASN.1 binding: every
 * device's package is executed once, every result is verified on the eIM side with the device's
 * certificate, none is lost, and the fleet summary's counts match the server's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeProvider } from '../../src/crypto/node/index.js';
import { esipaClient } from '../../src/esipa/client.js';
import { createTestEim } from '../../src/sim/eim.js';
import { createFleet, runFleet } from '../../src/sim/fleet.js';
import { iccidToBytes } from '../../src/sim/profiles.js';
import { PKI, startEimServer } from './helpers.js';

const COUNT = 1000;
const ICCID_A = '8944501234567890123';
const ICCID_B = '8944501234567890131';

describe('fleet of 1,000 devices against the SDK eIM handler on loopback', () => {
  const eim = createTestEim({ eimId: 'eim.test.example', privateKey: PKI.eim.keys.privateKey, provider: nodeProvider });
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => ({ url, close } = await startEimServer(eim.handlers)));
  afterAll(() => close());

  it('executes every package once; the eIM verifies every result; the counts match', async () => {
    const devices = createFleet({
      count: COUNT,
      eum: { certificate: PKI.eum.certificate, privateKey: PKI.eum.keys.privateKey },
      ciCertificates: [PKI.ci.certificate],
      eim: { eimId: 'eim.test.example', publicKey: PKI.eim.keys.publicKey },
      profiles: [{ iccid: ICCID_A, enabled: true }, { iccid: ICCID_B }],
      provider: nodeProvider,
    });
    expect(new Set(devices.map((d) => d.eid)).size).toBe(COUNT);
    for (const d of devices) {
      eim.register(d.eid, { certificate: d.certificate, associationToken: d.state.eims[0].associationToken });
      eim.enqueue(d.eid, { kind: 'euiccPackage', euiccPackage: { $case: 'psmoList', value: [{ $case: 'enable', value: { iccid: iccidToBytes(ICCID_B) } }] } });
    }
    const summary = await runFleet(devices, esipaClient(url, { binding: 'asn1' }), { concurrency: 32 });
    expect(summary.errors).toEqual({});
    expect(summary.outcomes).toEqual({ 'euiccPackage:ok': COUNT, 'none:noEimPackageAvailable': COUNT });
    expect(summary.polls).toBe(2 * COUNT);
    // The server's side of the story.
    expect(eim.dispatched).toBe(summary.outcomes['euiccPackage:ok']);
    expect(eim.pending()).toBe(0);
    const results = eim.results.filter((r) => r.kind === 'euiccPackageResult');
    expect(results).toHaveLength(COUNT);
    expect(results.every((r) => r.valid && r.outcome === 'ok' && r.counterValue === 1)).toBe(true);
    expect(new Set(results.map((r) => r.eid)).size).toBe(COUNT);
    // Every device executed its package exactly once and removed the acknowledged result.
    for (const d of devices) {
      expect(d.state.profiles.map((p) => p.state)).toEqual(['disabled', 'enabled']);
      expect(d.state.eims[0].counterValue).toBe(1);
      expect(d.state.packageResults).toEqual([]);
    }
    expect(summary.latencyMs.p50).toBeGreaterThan(0);
    expect(summary.latencyMs.p99).toBeGreaterThanOrEqual(summary.latencyMs.p50);
  }, 180_000);
});
