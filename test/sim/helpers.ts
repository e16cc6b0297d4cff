/** Shared pieces of the virtual-eUICC tests: keys, eIM configurations, signed packages. */
import { exportPublicKeyDer } from '../../src/crypto/keys.js';
import { nobleProvider } from '../../src/crypto/noble.js';
import type { CryptoProvider, Curve, EcKeyPair } from '../../src/crypto/provider.js';
import { SubjectPublicKeyInfo } from '../../src/generated/PKIX1Explicit88.js';
import { AddInitialEimRequest, type EimConfigurationData, type EuiccPackage } from '../../src/generated/SGP32Definitions.js';
import { signEuiccPackage } from '../../src/rsp/eim-package.js';
import { createEuiccState, type PreloadedProfile } from '../../src/sim/create.js';
import { executeCommand } from '../../src/sim/euicc.js';
import type { EuiccState } from '../../src/sim/state.js';
import { haveVectors, sgp26, vector, vectorText } from '../rsp/helpers.js';

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

/**
 * The eUICC under test: the SGP.26 NIST eUICC key and certificate when ../shared/vectors is
 * present (results are then verified with the certificate), else a generated key.
 */
export function newEuicc(profiles: readonly PreloadedProfile[] = []): { state: EuiccState; verifyKey: { certificate: Uint8Array } | { publicKey: Uint8Array } } {
  if (haveVectors) {
    const v = sgp26['P-256'];
    const state = createEuiccState({ privateKey: vectorText(v.euiccKey), euiccCertificate: vector(v.euiccCert), eumCertificate: vector(v.eumCert), ciCertificates: [vector('certs/sgp26/CI/CERT_CI_ECDSA_NIST.der')], profiles });
    return { state, verifyKey: { certificate: vector(v.euiccCert) } };
  }
  const keys = nobleProvider.generateKeyPair('P-256');
  const state = createEuiccState({ privateKey: keys.privateKey, eid: EID, profiles });
  return { state, verifyKey: { publicKey: exportPublicKeyDer(keys.publicKey) } };
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
