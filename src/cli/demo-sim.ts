/**
 * The final act of `sgp32 demo`: a minimal eIM (the SDK's ESipa handler serving the test eIM of
 * sgp32/sim, with a test SM-DP+ behind it) and an IPA with a virtual eUICC talk over loopback
 * HTTP with the ESipa ASN.1 binding. The eIM enables a Profile, has a new one downloaded from a
 * Bound Profile Package built with the test PKI, lists the Profiles, and sends a package again:
 * the eUICC refuses the replay and its state does not change. Every step is printed.
 *
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeProvider } from '../crypto/node/index.js';
import { esipaClient } from '../esipa/client.js';
import { createEsipaHandler } from '../node/esipa-http.js';
import { exportPublicKeyDer } from '../crypto/keys.js';
import { SubjectPublicKeyInfo } from '../generated/PKIX1Explicit88.js';
import { AddInitialEimRequest } from '../generated/SGP32Definitions.js';
import { prepareEuicc } from '../sim/context.js';
import { createEuiccState } from '../sim/create.js';
import { createTestEim } from '../sim/eim.js';
import { executeCommand } from '../sim/euicc.js';
import { ipaPoll, type IpaDevice } from '../sim/ipa.js';
import { iccidToBytes } from '../sim/profiles.js';
import { createTestSmdp } from '../sim/smdp.js';
import { createTestPki } from '../sim/test-pki.js';
import { minimalUpp } from '../sim/upp.js';

/** Prints one line of the act. */
type Say = (text?: string) => void;

/**
 * Runs the act; pushes its checks to `checks`.
 *
 * @param say - writes one indented line.
 */
export async function simulatorAct(say: Say, checks: [string, boolean][]): Promise<void> {
  const provider = nodeProvider;
  const pki = createTestPki({ eumPrefix: '89049032', provider });
  say(`test PKI (sgp32 pki init): CI → EUM (EID prefix 89049032) → eUICC ${pki.eid}; CI → DPauth, DPpb; CI → eIM`);
  const iccidA = '8944501234567890123';
  const iccidB = '8944501234567890131';
  const iccidNew = '89000123456789012341';
  let state = createEuiccState(
    { privateKey: pki.euicc.keys.privateKey, euiccCertificate: pki.euicc.certificate, eumCertificate: pki.eum.certificate, ciCertificates: [pki.ci.certificate], profiles: [{ iccid: iccidA, enabled: true, profileName: 'Bootstrap' }, { iccid: iccidB, profileName: 'Operator B' }] },
    provider,
  );
  const eimId = 'eim.demo.example';
  state = executeCommand(
    state,
    AddInitialEimRequest.encode({ eimConfigurationDataList: [{ eimId, associationToken: 0, eimPublicKeyData: { $case: 'eimPublicKey', value: SubjectPublicKeyInfo.decode(exportPublicKeyDer(pki.eim.keys.publicKey)) } }] }),
    { provider },
  ).state;
  const token = state.eims[0].associationToken;
  say(`virtual eUICC: Profiles ${iccidA} (enabled), ${iccidB}; AddInitialEim ${eimId} → associationToken ${token}`);

  const smdp = createTestSmdp({
    address: 'smdp.test.example',
    dpAuth: { certificate: pki.dpAuth.certificate, privateKey: pki.dpAuth.keys.privateKey },
    dpPb: { certificate: pki.dpPb.certificate, privateKey: pki.dpPb.keys.privateKey },
    ciCertificates: [pki.ci.certificate],
    profiles: [{ upp: minimalUpp(iccidNew, 2500), metadata: { iccid: iccidToBytes(iccidNew), serviceProviderName: 'Demo Operator', profileName: 'Downloaded' } }],
    provider,
  });
  const eim = createTestEim({ eimId, privateKey: pki.eim.keys.privateKey, smdp, provider });
  eim.register(pki.eid, { certificate: pki.euicc.certificate, associationToken: token });
  const server = createServer(createEsipaHandler(eim.handlers));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  say(`minimal eIM: createEsipaHandler (sgp32/node) on ${url}; the IPA uses esipaClient (sgp32/esipa), ASN.1 binding`);
  const device: IpaDevice = { state, context: prepareEuicc(state, { provider }) };
  const client = esipaClient(url);
  const log = { log: (e: { step: string; outcome: string; detail: string }) => say(`  ${e.step.padEnd(26)} ${e.outcome.padEnd(22)} ${e.detail}`) };
  try {
    say();
    say(`a) the eIM queues an eUICC Package: enable ${iccidB}`);
    eim.enqueue(pki.eid, { kind: 'euiccPackage', euiccPackage: { $case: 'psmoList', value: [{ $case: 'enable', value: { iccid: iccidToBytes(iccidB) } }] } });
    const a = await ipaPoll(device, client, log);
    const firstPackage = eim.lastPackage(pki.eid)!;
    const enabled = device.state.profiles.find((p) => p.state === 'enabled')?.iccid;
    say(`   eIM: euiccSignEPR ${eim.results.at(-1)?.valid ? 'verified' : 'NOT verified'} with the eUICC certificate; enabled Profile now ${enabled}`);
    checks.push(['virtual eUICC enabled the Profile, eIM verified the result', a.outcome === 'ok' && enabled === iccidB && eim.results.at(-1)?.valid === true]);

    say();
    say(`b) the eIM triggers a profile download (activation code 1$smdp.test.example$DEMO); the IPA relays through the eIM to the test SM-DP+`);
    eim.enqueue(pki.eid, { kind: 'profileDownload', trigger: { profileDownloadData: { $case: 'activationCode', value: '1$smdp.test.example$DEMO' } } });
    const b = await ipaPoll(device, client, log);
    const installed = device.state.profiles.find((p) => p.iccid === iccidNew);
    say(`   installed ${iccidNew}: ${installed ? `${installed.state}, ${installed.profileClass}, ISD-P ${installed.isdpAid}` : 'no'}; PIR ${eim.results.at(-1)?.valid ? 'verified by the SM-DP+' : 'NOT verified'}`);
    checks.push(['profile downloaded through the eIM and installed', b.outcome === 'ok' && installed !== undefined && eim.results.at(-1)?.valid === true]);

    say();
    say('c) the eIM asks for the Profile list (listProfileInfo)');
    eim.enqueue(pki.eid, { kind: 'euiccPackage', euiccPackage: { $case: 'psmoList', value: [{ $case: 'listProfileInfo', value: {} }] } });
    const c = await ipaPoll(device, client, log);
    for (const p of device.state.profiles) say(`   ${p.iccid}  ${p.state.padEnd(8)} ${p.profileClass}`);
    checks.push(['listProfileInfo answered', c.outcome === 'ok' && eim.results.at(-1)?.valid === true]);

    say();
    say('d) the first package is sent again, byte for byte (a replay): same counterValue');
    const before = JSON.stringify(device.state);
    eim.enqueue(pki.eid, { kind: 'signed', bytes: firstPackage });
    const d = await ipaPoll(device, client, log);
    const unchanged = JSON.stringify(device.state) === before;
    say(`   eUICC answered ${d.outcome} (a signed error the eIM ${eim.results.at(-1)?.valid ? 'verified' : 'could NOT verify'}); state unchanged: ${unchanged}`);
    checks.push(['replayed package refused, state unchanged', d.outcome === 'replayError' && unchanged]);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
