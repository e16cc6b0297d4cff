/** Shared pieces of the virtual-eUICC tests: keys, eIM configurations, signed packages, a loopback eIM server. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEsipaHandler } from '../../src/node/esipa-http.js';
import { exportPublicKeyDer } from '../../src/crypto/keys.js';
import { nobleProvider } from '../../src/crypto/noble.js';
import type { CryptoProvider, Curve, EcKeyPair } from '../../src/crypto/provider.js';
import { SubjectPublicKeyInfo } from '../../src/generated/PKIX1Explicit88.js';
import { AddInitialEimRequest, type EimConfigurationData, type EuiccPackage } from '../../src/generated/SGP32Definitions.js';
import { signEuiccPackage } from '../../src/rsp/eim-package.js';
import { createEuiccState, type PreloadedProfile } from '../../src/sim/create.js';
import { executeCommand } from '../../src/sim/euicc.js';
import type { EuiccState } from '../../src/sim/state.js';
import { nodeProvider } from '../../src/crypto/node/index.js';
import { createTestPki } from '../../src/sim/test-pki.js';
import { createTestSmdp, type TestSmdpOptions } from '../../src/sim/smdp.js';

export const EID = '89049032123451234512345678901235';
export const ICCID_A = '8944501234567890123';
export const ICCID_B = '8944501234567890131';
export const ICCID_C = '8944501234567890149';

/** An eIM: its key pair and the EimConfigurationData an eUICC stores for it. */
export interface TestEim {
  readonly eimId: string;
  readonly keys: EcKeyPair;
  config(extra?: Partial<EimConfigurationData>): EimConfigurationData;
}

export function newEim(eimId: string, curve: Curve = 'P-256', provider: CryptoProvider = nobleProvider): TestEim {
  const keys = provider.generateKeyPair(curve);
  const spki = SubjectPublicKeyInfo.decode(exportPublicKeyDer(keys.publicKey));
  return {
    eimId,
    keys,
    config: (extra = {}) => ({ eimId, eimFqdn: `${eimId}.example`, eimIdType: 2, associationToken: 0, eimPublicKeyData: { $case: 'eimPublicKey', value: spki }, ...extra }),
  };
}

/** The test PKI every suite here shares (made once per test file; P-256). */
export const PKI = createTestPki({ eid: '89049032123451234512345678901235', provider: nodeProvider });

/** The eUICC under test: the test PKI's eUICC key and certificates; results verify with its certificate. */
export function newEuicc(profiles: readonly PreloadedProfile[] = []): { state: EuiccState; verifyKey: { certificate: Uint8Array } } {
  const state = createEuiccState({ privateKey: PKI.euicc.keys.privateKey, euiccCertificate: PKI.euicc.certificate, eumCertificate: PKI.eum.certificate, ciCertificates: [PKI.ci.certificate], profiles }, nodeProvider);
  return { state, verifyKey: { certificate: PKI.euicc.certificate } };
}

/** A test SM-DP+ on the test PKI delivering `profiles`. */
export function newSmdp(profiles: TestSmdpOptions['profiles']) {
  return createTestSmdp({
    address: 'smdp.example',
    dpAuth: { certificate: PKI.dpAuth.certificate, privateKey: PKI.dpAuth.keys.privateKey },
    dpPb: { certificate: PKI.dpPb.certificate, privateKey: PKI.dpPb.keys.privateKey },
    ciCertificates: [PKI.ci.certificate],
    profiles,
  });
}

/** Associates `eims` with AddInitialEim; returns the new state and the tokens handed out. */
export function associate(state: EuiccState, eims: readonly TestEim[], configs?: readonly EimConfigurationData[]): { state: EuiccState; tokens: (number | null)[] } {
  const r = executeCommand(state, AddInitialEimRequest.encode({ eimConfigurationDataList: configs ?? eims.map((e) => e.config()) }));
  if (r.outcome !== 'ok') throw new Error(`AddInitialEim failed: ${r.outcome}`);
  const tokens = r.state.eims.map((e) => e.associationToken);
  return { state: r.state, tokens };
}

/** A signed EuiccPackageRequest from `eim`. */
export function packageFrom(eim: TestEim, euiccPackage: EuiccPackage, counterValue: number, associationToken: number | null, eid = EID): Uint8Array {
  return signEuiccPackage({
    euiccPackageSigned: { eimId: eim.eimId, eidValue: hexToBytes(eid), counterValue, eimTransactionId: Uint8Array.of(counterValue & 0xff, 1), euiccPackage },
    privateKey: eim.keys.privateKey,
    associationToken,
  }).bytes;
}

export function hexToBytes(h: string): Uint8Array {
  return Uint8Array.from(Buffer.from(h, 'hex'));
}

/** Serves `handlers` with the SDK's ESipa listener on 127.0.0.1, port 0; returns the URL and a close function. */
export async function startEimServer(handlers: Parameters<typeof createEsipaHandler>[0]): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(createEsipaHandler(handlers));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
