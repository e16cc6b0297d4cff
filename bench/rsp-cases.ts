/**
 * Cases over the protocol helpers: Bound Profile Package build/open (`bpp/build`, `bpp/open`)
 * and the eIM pipeline (`eim/sign-request`: build + sign + encode an EuiccPackageRequest;
 * `eim/verify-result`: decode + verify an EuiccPackageResult), each through both crypto
 * providers, on P-256 (the JSON rows) and brainpoolP256r1 (table rows).
 *
 * The modules are loaded from dist/rsp (the compiled package, as users run it) dynamically;
 * when one is absent the cases are skipped with a printed note (nothing stands in for them).
 * The shapes used are declared here so this file type-checks either way.
 *
 * @module
 */
import { createECDH, createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { existsSync } from 'node:fs';
import { p256 } from '@noble/curves/nist.js';
import { fileURLToPath } from 'node:url';
import type { Corpus } from './corpus.js';
import type { BenchCase } from './cases.js';
import { nobleProvider } from '../dist/crypto/noble.js';
import { nodeProvider } from '../dist/crypto/node/index.js';
import { exportPrivateKeyDer, exportPublicKeyDer, privateKeyFromRaw } from '../dist/crypto/keys.js';
import type { CryptoProvider, Curve, EcPrivateKey, EcPublicKey } from '../dist/crypto/provider.js';
import { EuiccPackageRequest, type EuiccPackageSigned } from '../dist/generated/SGP32Definitions.js';

/** The part of src/rsp/bpp this bench calls (SGP.22 §2.5.5 build, §5.5 open). */
interface BppApi {
  buildBpp(o: {
    upp: Uint8Array; metadata: object; transactionId: Uint8Array; eid: string; euiccOtpk: EcPublicKey; curve: Curve; smdpSigner: EcPrivateKey;
    provider?: CryptoProvider;
  }): { bpp: Uint8Array };
  openBpp(
    bpp: Uint8Array,
    o: { euiccOtsk: EcPrivateKey; eid: string; smdpPublicKey: EcPublicKey; provider?: CryptoProvider } | { sessionKeys: unknown; provider?: CryptoProvider },
  ): { ok: boolean; sessionKeys?: unknown };
}

/** The part of src/rsp (eIM signing, SGP.32 §2.11) this bench calls. */
interface EimApi {
  signEuiccPackage(o: { euiccPackageSigned: EuiccPackageSigned; privateKey: EcPrivateKey; associationToken?: number | null; provider?: CryptoProvider }): { bytes: Uint8Array };
  signEuiccPackageResult(o: { euiccPackageResultDataSigned: object; privateKey: EcPrivateKey; associationToken?: number | null; provider?: CryptoProvider }): { bytes: Uint8Array };
  verifyEuiccPackageResult(input: Uint8Array, o: { publicKey: EcPublicKey; associationToken: number | null; provider?: CryptoProvider }): { valid: boolean };
}

const distRsp = new URL('../dist/rsp/', import.meta.url);

async function load<T>(rel: string): Promise<T | undefined> {
  const url = new URL(rel, distRsp);
  if (!existsSync(fileURLToPath(url))) return undefined;
  return (await import(url.href)) as T;
}

const providers = [
  ['sgp32-js', nobleProvider],
  ['sgp32-native', nodeProvider],
] as const;
const curves = [
  ['P-256', ''],
  ['brainpoolP256r1', ' [brainpool]'],
] as const;

function key(curve: Curve, fill: number): { privateKey: EcPrivateKey; publicKey: EcPublicKey } {
  const d = new Uint8Array(32).map((_, i) => (fill * 31 + i * 7) & 0xff);
  d[0] = (d[0] & 0x7f) | 1;
  const privateKey = privateKeyFromRaw(curve, d);
  return { privateKey, publicKey: nobleProvider.publicKeyOf(privateKey) };
}

const EID = '89049032123451234512345678901235';

function bppCases(api: BppApi, corpus: Corpus): BenchCase[] {
  const out: BenchCase[] = [];
  for (const [curve, suffix] of curves) {
    const euicc = key(curve, 1);
    const dppb = key(curve, 2);
    const build = (provider: CryptoProvider) => api.buildBpp({
      upp: corpus.upp,
      metadata: { iccid: new Uint8Array(10), serviceProviderName: 'Bench', profileName: 'TS.48-sized' },
      transactionId: new Uint8Array(16).fill(7),
      eid: EID,
      euiccOtpk: euicc.publicKey,
      curve,
      smdpSigner: dppb.privateKey,
      provider,
    });
    const bpp = build(nodeProvider).bpp;
    for (const [impl, provider] of providers) {
      const opened = api.openBpp(bpp, { euiccOtsk: euicc.privateKey, eid: EID, smdpPublicKey: dppb.publicKey, provider });
      if (!opened.ok) throw new Error(`bench: the ${curve} package does not open with ${provider.name}`);
      out.push({ case: `bpp/build${suffix}`, impl, bytes: corpus.upp.length, nodes: null, make: () => () => build(provider) });
      out.push({
        case: `bpp/open${suffix}`, impl, bytes: bpp.length, nodes: null,
        make: () => () => api.openBpp(bpp, { euiccOtsk: euicc.privateKey, eid: EID, smdpPublicKey: dppb.publicKey, provider }),
      });
      // The bulk part alone (session keys already agreed): what the segment processing costs
      // without the per-package ECDH and signature check.
      if (curve === 'P-256' && opened.sessionKeys !== undefined) {
        const sessionKeys = opened.sessionKeys;
        out.push({ case: 'bpp/open [session keys given]', impl, bytes: bpp.length, nodes: null, make: () => () => api.openBpp(bpp, { sessionKeys, provider }) });
      }
    }
    if (curve === 'P-256') out.push(...ecFloorCases(euicc, dppb, bpp.length, corpus.upp.length));
  }
  return out;
}

/**
 * The public-key work one package needs at the least, through the raw libraries with keys
 * imported beforehand: opening is one ECDH (eUICC one-time key × smdpOtpk) and one ECDSA
 * verification (smdpSign); building is one key generation, one ECDH and one signature
 * (SGP.22 §3.1.3.3, §5.5.2). No implementation opens or builds a package faster than this, so
 * these rows show how much of a bpp/open or bpp/build row is key agreement and signature.
 */
function ecFloorCases(
  euicc: { privateKey: EcPrivateKey; publicKey: EcPublicKey },
  dppb: { privateKey: EcPrivateKey; publicKey: EcPublicKey },
  bppBytes: number,
  uppBytes: number,
): BenchCase[] {
  const signed = new Uint8Array(180).map((_, i) => (i * 13) & 0xff); // about the size smdpSign covers
  const otpk = p256.getPublicKey(p256.utils.randomSecretKey(), false);
  const sig = p256.sign(signed, dppb.privateKey.d, { prehash: true, lowS: false });
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(euicc.privateKey.d);
  const smdpKo = createPublicKey({ key: Buffer.from(exportPublicKeyDer(dppb.publicKey)), format: 'der', type: 'spki' });
  const signKo = createPrivateKey({ key: Buffer.from(exportPrivateKeyDer(dppb.privateKey)), format: 'der', type: 'pkcs8' });
  const open = '[EC floor: ECDH + verify]';
  const build = '[EC floor: keygen + ECDH + sign]';
  return [
    {
      case: `bpp/open ${open}`, impl: 'node-crypto', bytes: bppBytes, nodes: null,
      make: () => () => [ecdh.computeSecret(otpk), nodeVerify('sha256', signed, { key: smdpKo, dsaEncoding: 'ieee-p1363' }, sig)],
    },
    {
      case: `bpp/open ${open}`, impl: 'noble', bytes: bppBytes, nodes: null,
      make: () => () => [p256.getSharedSecret(euicc.privateKey.d, otpk, true), p256.verify(sig, signed, dppb.publicKey.point, { prehash: true, lowS: false })],
    },
    {
      case: `bpp/build ${build}`, impl: 'node-crypto', bytes: uppBytes, nodes: null,
      make: () => () => {
        const e = createECDH('prime256v1');
        e.generateKeys();
        return [e.computeSecret(euicc.publicKey.point), nodeSign('sha256', signed, { key: signKo, dsaEncoding: 'ieee-p1363' })];
      },
    },
    {
      case: `bpp/build ${build}`, impl: 'noble', bytes: uppBytes, nodes: null,
      make: () => () => {
        const sk = p256.utils.randomSecretKey();
        return [p256.getPublicKey(sk, false), p256.getSharedSecret(sk, euicc.publicKey.point, true), p256.sign(signed, dppb.privateKey.d, { prehash: true, lowS: false })];
      },
    },
  ];
}

function eimCases(api: EimApi, corpus: Corpus): BenchCase[] {
  const out: BenchCase[] = [];
  const template = EuiccPackageRequest.decode(corpus.epr).euiccPackageSigned;
  for (const [curve, suffix] of curves) {
    const eim = key(curve, 3);
    const euicc = key(curve, 4);
    const result = api.signEuiccPackageResult({
      euiccPackageResultDataSigned: {
        eimId: template.eimId, counterValue: template.counterValue, eimTransactionId: template.eimTransactionId, seqNumber: 20,
        euiccResult: [{ $case: 'enableResult', value: 0 }, { $case: 'disableResult', value: 0 }, { $case: 'deleteResult', value: 0 }],
      },
      privateKey: euicc.privateKey,
      associationToken: null,
    }).bytes;
    let counter = 1;
    for (const [impl, provider] of providers) {
      if (!api.verifyEuiccPackageResult(result, { publicKey: euicc.publicKey, associationToken: null, provider }).valid) {
        throw new Error(`bench: the ${curve} EuiccPackageResult does not verify with ${provider.name}`);
      }
      const requestSize = api.signEuiccPackage({ euiccPackageSigned: template, privateKey: eim.privateKey, provider }).bytes.length;
      out.push({
        case: `eim/sign-request${suffix}`, impl, bytes: requestSize, nodes: null,
        make: () => () => api.signEuiccPackage({ euiccPackageSigned: { ...template, counterValue: counter++ }, privateKey: eim.privateKey, associationToken: null, provider }),
      });
      out.push({
        case: `eim/verify-result${suffix}`, impl, bytes: result.length, nodes: null,
        make: () => () => api.verifyEuiccPackageResult(result, { publicKey: euicc.publicKey, associationToken: null, provider }),
      });
    }
  }
  return out;
}

/** The BPP and eIM cases, or notes saying why they are skipped. */
export async function rspCases(corpus: Corpus): Promise<{ cases: BenchCase[]; notes: string[] }> {
  const notes: string[] = [];
  const cases: BenchCase[] = [];
  const bpp = await load<BppApi>('bpp/index.js');
  if (bpp && typeof bpp.buildBpp === 'function' && typeof bpp.openBpp === 'function') cases.push(...bppCases(bpp, corpus));
  else notes.push('bpp/build, bpp/open skipped: src/rsp/bpp (buildBpp, openBpp) is not in dist/ (run npm run build).');
  const eim = await load<EimApi>('index.js');
  if (eim && typeof eim.signEuiccPackage === 'function' && typeof eim.verifyEuiccPackageResult === 'function') cases.push(...eimCases(eim, corpus));
  else notes.push('eim/sign-request, eim/verify-result skipped: the eIM signing helpers of src/rsp (signEuiccPackage, verifyEuiccPackageResult) are not in dist/ (run npm run build).');
  return { cases, notes };
}
