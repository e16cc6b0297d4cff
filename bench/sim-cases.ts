/**
 * The virtual eUICC (`sim/package`): one eUICC Package with one PSMO (enable) end to end on the
 * eUICC side — decode, eimSignature verified with the eIM key and the associationToken, EID and
 * replay counter checked, the Profile switched on a copy of the state, the EuiccPackageResult
 * signed and encoded — through each crypto provider. The state is a plain value that the
 * operation never changes, so every iteration runs the same package against the same state.
 * Table row only (not part of the JSON vocabulary).
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from './cases.js';
import { nobleProvider } from '../dist/crypto/noble.js';
import { nodeProvider } from '../dist/crypto/node/index.js';
import type { CryptoProvider } from '../dist/crypto/provider.js';

/** The part of sgp32/sim this bench calls. */
interface SimApi {
  createTestPki(o: { provider: CryptoProvider }): { eid: string; euicc: { certificate: Uint8Array; keys: { privateKey: unknown } }; eum: { certificate: Uint8Array }; ci: { certificate: Uint8Array }; eim: { keys: { privateKey: unknown; publicKey: unknown } } };
  createEuiccState(o: object, provider: CryptoProvider): object;
  prepareEuicc(state: object, o: { provider: CryptoProvider }): object;
  executeCommand(state: object, command: Uint8Array, ctx: object): { state: { eims: { associationToken: number | null }[] }; outcome: string; response: Uint8Array };
  iccidToBytes(d: string): Uint8Array;
}
interface RspApi {
  signEuiccPackage(o: object): { bytes: Uint8Array };
}
interface EncodeApi {
  AddInitialEimRequest: { encode(v: object): Uint8Array };
}
interface KeysApi {
  exportPublicKeyDer(k: unknown): Uint8Array;
}
interface PkixApi {
  SubjectPublicKeyInfo: { decode(b: Uint8Array): object };
}

async function load<T>(rel: string): Promise<T | undefined> {
  const url = new URL(`../dist/${rel}`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return undefined;
  return (await import(url.href)) as T;
}

/** The `sim/package` rows, or a note saying why they are skipped. */
export async function simCases(): Promise<{ cases: BenchCase[]; notes: string[] }> {
  const sim = await load<SimApi>('sim/index.js');
  const rsp = await load<RspApi>('rsp/index.js');
  const sgp32 = await load<EncodeApi>('generated/SGP32Definitions.js');
  const keys = await load<KeysApi>('crypto/keys.js');
  const pkix = await load<PkixApi>('generated/PKIX1Explicit88.js');
  if (!sim || !rsp || !sgp32 || !keys || !pkix) return { cases: [], notes: ['sim/package skipped: sgp32/sim is not in dist/ (run npm run build).'] };
  const iccidA = '8944501234567890123';
  const iccidB = '8944501234567890131';
  const cases: BenchCase[] = [];
  for (const [impl, provider] of [['sgp32-js', nobleProvider], ['sgp32-native', nodeProvider]] as const) {
    const pki = sim.createTestPki({ provider: nodeProvider });
    const initial = sim.createEuiccState(
      { privateKey: pki.euicc.keys.privateKey, euiccCertificate: pki.euicc.certificate, eumCertificate: pki.eum.certificate, ciCertificates: [pki.ci.certificate], profiles: [{ iccid: iccidA, enabled: true }, { iccid: iccidB }] },
      provider,
    );
    const ctx = sim.prepareEuicc(initial, { provider });
    const addEim = sgp32.AddInitialEimRequest.encode({
      eimConfigurationDataList: [{ eimId: 'eim.bench', associationToken: 0, eimPublicKeyData: { $case: 'eimPublicKey', value: pkix.SubjectPublicKeyInfo.decode(keys.exportPublicKeyDer(pki.eim.keys.publicKey)) } }],
    });
    const state = sim.executeCommand(initial, addEim, ctx).state;
    const pkg = rsp.signEuiccPackage({
      euiccPackageSigned: { eimId: 'eim.bench', eidValue: Buffer.from(pki.eid, 'hex'), counterValue: 1, eimTransactionId: Uint8Array.of(1), euiccPackage: { $case: 'psmoList', value: [{ $case: 'enable', value: { iccid: sim.iccidToBytes(iccidB) } }] } },
      privateKey: pki.eim.keys.privateKey,
      associationToken: state.eims[0].associationToken,
      provider,
    }).bytes;
    const check = sim.executeCommand(state, pkg, ctx);
    if (check.outcome !== 'ok') throw new Error(`bench: sim/package setup failed (${check.outcome})`);
    cases.push({ case: 'sim/package', impl, bytes: pkg.length, nodes: null, make: () => () => sim.executeCommand(state, pkg, ctx).response });
  }
  return { cases, notes: [] };
}
