/**
 * The IPA polling the test eIM over a loopback transport (every envelope DER-encoded and decoded
 * as on the wire): eUICC Packages executed and verified on the eIM side, a replay refused, an
 * IpaEuiccDataRequest answered, and the indirect profile download through the eIM to the test
 * SM-DP+ (with the SGP.26 test PKI when ../shared/vectors is present).
 */
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../../src/crypto/noble.js';
import { createTestEim } from '../../src/sim/eim.js';
import { prepareEuicc } from '../../src/sim/context.js';
import { ipaPoll, loopbackTransport, type IpaDevice, type IpaEvent } from '../../src/sim/ipa.js';
import { iccidToBytes } from '../../src/sim/profiles.js';
import { minimalUpp } from '../../src/sim/upp.js';
import { hasVectors, vectorBytes } from '../support/vectors.js';
import { EID, ICCID_A, ICCID_B, PKI, associate, newEim, newEuicc, newSmdp } from './helpers.js';

function setup() {
  const eimKeys = newEim('eim.test');
  const e = newEuicc([{ iccid: ICCID_A, enabled: true }, { iccid: ICCID_B }]);
  const { state, tokens } = associate(e.state, [eimKeys]);
  const eim = createTestEim({ eimId: 'eim.test', privateKey: eimKeys.keys.privateKey });
  eim.register(EID, { ...e.verifyKey, associationToken: tokens[0] });
  const device: IpaDevice = { state, context: prepareEuicc(state) };
  const log: IpaEvent[] = [];
  return { eim, device, log, transport: loopbackTransport((m) => eim.handle(m)), options: { log: (ev: IpaEvent) => log.push(ev) } };
}

describe('IPA ↔ test eIM over a loopback transport', () => {
  it('executes a package, the eIM verifies the signed result and acknowledges it, the IPA removes it', async () => {
    const { eim, device, transport, options, log } = setup();
    eim.enqueue(EID, { kind: 'euiccPackage', euiccPackage: { $case: 'psmoList', value: [{ $case: 'enable', value: { iccid: iccidToBytes(ICCID_B) } }, { $case: 'listProfileInfo', value: {} }] } });
    const r = await ipaPoll(device, transport, options);
    expect(r).toMatchObject({ kind: 'euiccPackage', outcome: 'ok' });
    expect(r.acknowledged).toEqual([1]);
    expect(eim.results).toEqual([expect.objectContaining({ eid: EID, kind: 'euiccPackageResult', valid: true, outcome: 'ok', counterValue: 1 })]);
    expect(device.state.profiles.map((p) => p.state)).toEqual(['disabled', 'enabled']);
    expect(device.state.packageResults).toEqual([]);
    expect(log.map((l) => l.step)).toEqual(['GetEimPackage', 'LoadEuiccPackage', 'ProvideEimPackageResult', 'RemoveNotificationFromList']);
    // Nothing more to do.
    expect(await ipaPoll(device, transport, options)).toEqual({ kind: 'none', outcome: 'noEimPackageAvailable', acknowledged: [] });
  });

  it('a replayed package is refused with a signed replayError the eIM verifies; the state is unchanged', async () => {
    const { eim, device, transport, options } = setup();
    eim.enqueue(EID, { kind: 'euiccPackage', euiccPackage: { $case: 'psmoList', value: [{ $case: 'disable', value: { iccid: iccidToBytes(ICCID_A) } }] } });
    await ipaPoll(device, transport, options);
    const before = JSON.stringify(device.state);
    eim.enqueue(EID, { kind: 'signed', bytes: eim.lastPackage(EID)! });
    const r = await ipaPoll(device, transport, options);
    expect(r.outcome).toBe('replayError');
    expect(JSON.stringify(device.state)).toBe(before);
    expect(eim.results.at(-1)).toMatchObject({ valid: true, outcome: 'euiccPackageErrorSigned 4', counterValue: 1 });
  });

  it('a package signed with another eIM key gets an unsigned error; the eIM records it as not authenticated', async () => {
    const { eim, device, transport, options } = setup();
    const other = createTestEim({ eimId: 'eim.test', privateKey: nobleProvider.generateKeyPair('P-256').privateKey });
    other.register(EID, { publicKey: new Uint8Array(0), associationToken: 1 });
    other.enqueue(EID, { kind: 'euiccPackage', euiccPackage: { $case: 'psmoList', value: [{ $case: 'getRAT', value: {} }] } });
    const forged = other.handle({ $case: 'getEimPackageRequest', value: { eidValue: Buffer.from(EID, 'hex') } });
    eim.enqueue(EID, { kind: 'signed', bytes: other.lastPackage(EID)! });
    expect(forged?.$case).toBe('getEimPackageResponse');
    const before = JSON.stringify(device.state);
    const r = await ipaPoll(device, transport, options);
    expect(r.outcome).toBe('signature');
    expect(JSON.stringify(device.state)).toBe(before);
    expect(eim.results.at(-1)).toMatchObject({ valid: false, outcome: 'euiccPackageErrorUnsigned' });
  });

  it('answers an IpaEuiccDataRequest with the items asked', async () => {
    const { eim, device, transport, options } = setup();
    eim.enqueue(EID, { kind: 'ipaEuiccData', request: { tagList: Uint8Array.of(0xbf, 0x20, 0x84, 0xa8, 0xa9), eimTransactionId: Uint8Array.of(1) } });
    const r = await ipaPoll(device, transport, options);
    expect(r).toMatchObject({ kind: 'ipaEuiccData', outcome: 'ok' });
    expect(eim.results.at(-1)).toMatchObject({ kind: 'ipaEuiccData', valid: true, detail: 'euiccInfo1, associationToken, ipaCapabilities, deviceInfo' });
    eim.enqueue(EID, { kind: 'ipaEuiccData', request: { tagList: Uint8Array.of(0x99) } });
    expect((await ipaPoll(device, transport, options)).outcome).toBe('ipaEuiccDataError 1');
  });
});

describe('indirect profile download through the eIM (test PKI)', () => {
  const newIccid = '89000123456789012341';
  const metadata = { iccid: iccidToBytes(newIccid), serviceProviderName: 'Test Operator', profileName: 'Downloaded', profileClass: 2 };
  const profiles: [string, () => Uint8Array][] = [['a minimal profile spanning several segments', () => minimalUpp(newIccid, 3000)]];
  // A real TS.48 profile when the external vectors are present (its header ICCID is 89000123456789012341).
  if (hasVectors('upp/TS48v2_SAIP2.3_NoBERTLV.der')) profiles.push(['the TS.48 v2 test profile (../shared/vectors)', () => vectorBytes('upp/TS48v2_SAIP2.3_NoBERTLV.der')]);
  it.each(profiles)('installs %s, the PIR verifies at the SM-DP+, the eIM acknowledges it', async (_n, upp) => {
    const { eim: _unused, device, options } = setup();
    const eimKeys = newEim('eim.dl');
    const { state } = associate(device.state, [eimKeys]);
    device.state = state;
    const smdp = newSmdp([{ upp: upp(), metadata }]);
    const eim = createTestEim({ eimId: 'eim.dl', privateKey: eimKeys.keys.privateKey, smdp });
    eim.register(EID, { certificate: PKI.euicc.certificate, associationToken: state.eims[1].associationToken });
    eim.enqueue(EID, { kind: 'profileDownload', trigger: { profileDownloadData: { $case: 'activationCode', value: '1$smdp.example$MATCH-1' }, eimTransactionId: Uint8Array.of(9) } });
    const r = await ipaPoll(device, loopbackTransport((m) => eim.handle(m)), options);
    expect(r).toMatchObject({ kind: 'profileDownload', outcome: 'ok' });
    expect(eim.results.at(-1)).toMatchObject({ kind: 'profileDownload', valid: true, outcome: 'ok' });
    expect(smdp.delivered).toEqual([expect.objectContaining({ eid: EID })]);
    const installed = device.state.profiles.find((p) => p.iccid === newIccid)!;
    expect(installed).toMatchObject({ state: 'disabled', profileClass: 'operational', smdpOid: '2.999.10' });
    expect(device.state.notifications).toEqual([]); // PIR acknowledged and removed
    expect(device.state.session).toBeUndefined();
  });
});


describe('direct profile download from an SM-DP+ over ES9+ (the SDK ES9+ handler on loopback)', () => {
  it('installs the profile from the SM-DP+ named in the trigger; the PIR goes to the SM-DP+ and to the eIM', async () => {
    const { es9Client } = await import('../../src/esipa/es9plus.js');
    const { createEs9Handler } = await import('../../src/node/esipa-http.js');
    const { es9HandlersOf, es9RspServer } = await import('../../src/sim/es9.js');
    const { createServer } = await import('node:http');
    const newIccid = '89000123456789012341';
    const smdp = newSmdp([{ upp: minimalUpp(newIccid, 1500), metadata: { iccid: iccidToBytes(newIccid), serviceProviderName: 'Direct', profileName: 'Direct' } }]);
    const server = createServer(createEs9Handler(es9HandlersOf(smdp)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const smdpUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const { eim, device, transport, log } = setup();
      eim.enqueue(EID, { kind: 'profileDownload', trigger: { profileDownloadData: { $case: 'activationCode', value: '1$smdp.example$DIRECT' } } });
      const r = await ipaPoll(device, transport, { log: (e) => log.push(e), direct: (address) => es9RspServer(es9Client(smdpUrl), address) });
      expect(r).toMatchObject({ kind: 'profileDownload', outcome: 'ok' });
      expect(log.map((l) => l.step)).toEqual(expect.arrayContaining(['Download', 'InitiateAuthentication', 'LoadBoundProfilePackage', 'HandleNotification']));
      expect(log.find((l) => l.step === 'GetEimPackage')?.detail).toBe('a profile download trigger for smdp.example (matchingId DIRECT)');
      expect(smdp.delivered).toEqual([expect.objectContaining({ eid: EID })]);
      expect(device.state.profiles.find((p) => p.iccid === newIccid)?.state).toBe('disabled');
      expect(eim.results.at(-1)).toMatchObject({ kind: 'profileDownload', outcome: 'ok' });
      expect(device.state.notifications).toEqual([]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
