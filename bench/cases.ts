/**
 * The benchmark cases: for each corpus input and operation, one function per implementation,
 * all set up here (inputs decoded once, keys imported once) so that only the operation itself
 * is timed. Building the plan measures nothing; {@link planCases} is what the unit test
 * inspects and what `bench/run.ts` times.
 *
 * @module
 */
import { createCipheriv, createPrivateKey, createPublicKey, diffieHellman, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { brainpoolP256r1 } from '@noble/curves/misc.js';
import { cbc, cmac } from '@noble/ciphers/aes.js';
import { AsnParser, AsnSerializer } from '@peculiar/asn1-schema';
import { Certificate as PeculiarCertificate } from '@peculiar/asn1-x509';
import * as pkijs from 'pkijs';
import { BoundProfilePackage } from '../dist/generated/RSPDefinitions.js';
import { EUICCInfo2, EuiccPackageRequest, GetEimPackageResponse } from '../dist/generated/SGP32Definitions.js';
import { ProfileElement } from '../dist/generated/PEDefinitions.js';
import { Certificate } from '../dist/generated/PKIX1Explicit88.js';
import { hdr, newReader } from '../dist/der/reader.js';
import { concatBytes } from '../dist/der/bytes.js';
import { nobleProvider } from '../dist/crypto/noble.js';
import { nodeProvider } from '../dist/crypto/node/index.js';
import { exportPrivateKeyDer, exportPublicKeyDer, privateKeyFromRaw } from '../dist/crypto/keys.js';
import type { Curve } from '../dist/crypto/provider.js';
import type { Corpus, External } from './corpus.js';
import { asn1jsDecode, asn1jsEncode, countNodes, tlvWalk } from './peers.js';
import { rspCases } from './rsp-cases.js';
import { simCases } from './sim-cases.js';
import { pkiCases } from './pki-cases.js';
import { nestedTypeOf, renderJer, renderTreeText } from '../dist/inspect/index.js';
import { esipaCases } from './esipa-cases.js';
import type { Impl } from './report.js';

/** One timed function. */
export interface BenchCase {
  /** Row name (a JSON vocabulary case, or a table-only name). */
  readonly case: string;
  readonly impl: Impl;
  readonly bytes: number | null;
  readonly nodes: number | null;
  /**
   * Makes the timed function, right before the case runs: inputs that are decoded values
   * (the encode cases) are created then and dropped after the case. Created up front and kept
   * alive across the whole run, they survive the other cases' garbage collections, and V8
   * then starts allocating everything from the same allocation sites (the decoders') directly
   * in the old generation ("pretenuring"), which made later decode cases several times slower
   * than in a process of their own.
   */
  readonly make: () => () => unknown;
}

/** The cases of a run, and notes about cases that could not be set up (printed). */
export interface Plan {
  readonly cases: BenchCase[];
  readonly notes: string[];
}

/** Where results go so that no measured work is dead code. */
export const sink: { v: unknown; n: number } = { v: undefined, n: 0 };

/** Splits a concatenation of TLVs (a SAIP profile) into its elements' byte ranges with the sgp32 reader. */
function splitTlvs(b: Uint8Array): Uint8Array[] {
  const r = newReader(b);
  const out: Uint8Array[] = [];
  let p = 0;
  while (p < b.length) {
    hdr(r, p, b.length);
    out.push(b.subarray(p, r.n));
    p = r.n;
  }
  return out;
}

/** sgp32 decode of a profile: each ProfileElement located with the DER reader, then decoded. */
export function sgp32DecodeProfile(b: Uint8Array): ProfileElement[] {
  const r = newReader(b);
  const out: ProfileElement[] = [];
  let p = 0;
  while (p < b.length) {
    hdr(r, p, b.length);
    out.push(ProfileElement.decode(b.subarray(p, r.n)));
    p = r.n;
  }
  return out;
}

/** Decode and encode cases of one input, for every implementation that can read it. */
function codecCases(
  name: string,
  jsonName: string | undefined,
  bytes: Uint8Array,
  sgp32: { decode: (b: Uint8Array) => unknown; encode: (v: unknown) => unknown },
  x509?: readonly Uint8Array[],
): BenchCase[] {
  const nodes = countNodes(bytes);
  const out: BenchCase[] = [];
  const dc = jsonName ? `decode/${jsonName}` : `decode/${name}`;
  const ec = jsonName ? `encode/${jsonName}` : `encode/${name}`;
  const n = bytes.length;
  out.push({ case: dc, impl: 'sgp32', bytes: n, nodes, make: () => () => (sink.v = sgp32.decode(bytes)) });
  out.push({ case: dc, impl: 'asn1js', bytes: n, nodes, make: () => () => (sink.n += asn1jsDecode(bytes).sum) });
  if (x509) {
    out.push({ case: dc, impl: 'peculiar', bytes: n, nodes, make: () => () => (sink.v = x509.map((c) => AsnParser.parse(c, PeculiarCertificate))) });
    out.push({ case: dc, impl: 'pkijs', bytes: n, nodes, make: () => () => (sink.v = x509.map((c) => pkijs.Certificate.fromBER(c as Uint8Array<ArrayBuffer>))) });
  }
  out.push({ case: dc, impl: 'tlv-walk', bytes: n, nodes, make: () => () => (sink.n += tlvWalk(bytes)) });

  out.push({ case: ec, impl: 'sgp32', bytes: n, nodes, make: () => {
    const value = sgp32.decode(bytes);
    return () => (sink.v = sgp32.encode(value));
  } });
  out.push({ case: ec, impl: 'asn1js', bytes: n, nodes, make: () => {
    const trees = asn1jsDecode(bytes).trees;
    return () => (sink.n += asn1jsEncode(trees));
  } });
  if (x509) {
    out.push({ case: ec, impl: 'peculiar', bytes: n, nodes, make: () => {
      const pec = x509.map((c) => AsnParser.parse(c, PeculiarCertificate));
      return () => (sink.v = pec.map((c) => AsnSerializer.serialize(c)));
    } });
    out.push({ case: ec, impl: 'pkijs', bytes: n, nodes, make: () => {
      const pki = x509.map((c) => pkijs.Certificate.fromBER(c as Uint8Array<ArrayBuffer>));
      return () => (sink.v = pki.map((c) => c.toSchema(true).toBER(false)));
    } });
  }
  return out;
}

const profileCodec = {
  decode: (b: Uint8Array) => sgp32DecodeProfile(b),
  encode: (v: unknown) => (v as ProfileElement[]).map((pe) => ProfileElement.encode(pe)),
};
const certsCodec = (certs: readonly Uint8Array[]) => ({
  decode: () => certs.map((c) => Certificate.decode(c)),
  encode: (v: unknown) => (v as Certificate[]).map((c) => Certificate.encode(c)),
});
const single = <T>(codec: { decode(b: Uint8Array): T; encode(v: T): Uint8Array }) => ({
  decode: (b: Uint8Array) => codec.decode(b),
  encode: (v: unknown) => codec.encode(v as T),
});

/** A sink that counts the characters it is given (what the CLI's output sink does, minus the write). */
const countingSink = { write: (t: string) => void (sink.n += t.length) };

/**
 * `tree/upp` and `jer/upp`: the CLI's renderers over a profile (the text tree with nested DER
 * expanded and named, the JER written piece by piece), each a whole rendering of the input.
 * Compared with `decode/upp` in the run's "rendering" lines.
 */
function renderCases(upp: Uint8Array): BenchCase[] {
  const nodes = countNodes(upp);
  return [
    { case: 'tree/upp', impl: 'sgp32', bytes: upp.length, nodes, make: () => () => renderTreeText(upp, 'UPP', countingSink, { detectNested: nestedTypeOf }) },
    { case: 'jer/upp', impl: 'sgp32', bytes: upp.length, nodes, make: () => () => renderJer(upp, 'UPP', undefined, countingSink) },
  ];
}

// ---------------------------------------------------------------------------------------------
// Crypto

const nobleCurve = { 'P-256': p256, brainpoolP256r1 } as const;
const curveLabel = { 'P-256': 'p256', brainpoolP256r1: 'brainpool' } as const;

/** CMAC (RFC 4493) written directly on node:crypto's AES, as a user without sgp32 would. */
function nodeCmac(key: Uint8Array, data: Uint8Array): Uint8Array {
  const l = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false).update(new Uint8Array(16));
  const dbl = (x: Uint8Array): Uint8Array => {
    const o = new Uint8Array(16);
    for (let i = 0; i < 16; i++) o[i] = ((x[i] << 1) | (i < 15 ? x[i + 1] >> 7 : 0)) & 0xff;
    if (x[0] & 0x80) o[15] ^= 0x87;
    return o;
  };
  const k1 = dbl(l);
  const n = Math.max(1, Math.ceil(data.length / 16));
  const complete = data.length > 0 && data.length % 16 === 0;
  const m = new Uint8Array(n * 16);
  m.set(data);
  const sub = complete ? k1 : dbl(k1);
  if (!complete) m[data.length] = 0x80;
  for (let i = 0; i < 16; i++) m[(n - 1) * 16 + i] ^= sub[i];
  const c = createCipheriv('aes-128-cbc', key, new Uint8Array(16)).setAutoPadding(false).update(m);
  return c.subarray(c.length - 16);
}

function cryptoCases(message: Uint8Array): BenchCase[] {
  const out: BenchCase[] = [];
  let seed = 7;
  for (const curve of ['P-256', 'brainpoolP256r1'] as Curve[]) {
    const d = new Uint8Array(32).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) & 0xff);
    d[0] = (d[0] & 0x7f) | 1;
    const priv = privateKeyFromRaw(curve, d);
    const pub = nobleProvider.publicKeyOf(priv);
    const peer = nobleProvider.publicKeyOf(privateKeyFromRaw(curve, d.map((x) => x ^ 0x5a).map((x, i) => (i === 0 ? (x & 0x7f) | 1 : x))));
    const ko: KeyObject = createPrivateKey({ key: Buffer.from(exportPrivateKeyDer(priv)), format: 'der', type: 'pkcs8' });
    const pko: KeyObject = createPublicKey({ key: Buffer.from(exportPublicKeyDer(pub)), format: 'der', type: 'spki' });
    const peerKo: KeyObject = createPublicKey({ key: Buffer.from(exportPublicKeyDer(peer)), format: 'der', type: 'spki' });
    const sig = nobleProvider.ecdsaSign(priv, message, 'raw');
    const nc = nobleCurve[curve];
    const label = curveLabel[curve];
    const m = message.length;
    out.push(
      { case: `sign/${label}`, impl: 'sgp32-js', bytes: m, nodes: null, make: () => () => (sink.v = nobleProvider.ecdsaSign(priv, message, 'raw')) },
      { case: `sign/${label}`, impl: 'sgp32-native', bytes: m, nodes: null, make: () => () => (sink.v = nodeProvider.ecdsaSign(priv, message, 'raw')) },
      { case: `sign/${label}`, impl: 'noble', bytes: m, nodes: null, make: () => () => (sink.v = nc.sign(message, priv.d, { prehash: true, lowS: false })) },
      { case: `sign/${label}`, impl: 'node-crypto', bytes: m, nodes: null, make: () => () => (sink.v = nodeSign('sha256', message, { key: ko, dsaEncoding: 'ieee-p1363' })) },
      { case: `verify/${label}`, impl: 'sgp32-js', bytes: m, nodes: null, make: () => () => (sink.v = nobleProvider.ecdsaVerify(pub, message, sig, 'raw')) },
      { case: `verify/${label}`, impl: 'sgp32-native', bytes: m, nodes: null, make: () => () => (sink.v = nodeProvider.ecdsaVerify(pub, message, sig, 'raw')) },
      { case: `verify/${label}`, impl: 'noble', bytes: m, nodes: null, make: () => () => (sink.v = nc.verify(sig, message, pub.point, { prehash: true, lowS: false })) },
      { case: `verify/${label}`, impl: 'node-crypto', bytes: m, nodes: null, make: () => () => (sink.v = nodeVerify('sha256', message, { key: pko, dsaEncoding: 'ieee-p1363' }, sig)) },
      { case: `ecdh/${label}`, impl: 'sgp32-js', bytes: null, nodes: null, make: () => () => (sink.v = nobleProvider.ecdh(priv, peer)) },
      { case: `ecdh/${label}`, impl: 'sgp32-native', bytes: null, nodes: null, make: () => () => (sink.v = nodeProvider.ecdh(priv, peer)) },
      { case: `ecdh/${label}`, impl: 'noble', bytes: null, nodes: null, make: () => () => (sink.v = nc.getSharedSecret(priv.d, peer.point, true)) },
      { case: `ecdh/${label}`, impl: 'node-crypto', bytes: null, nodes: null, make: () => () => (sink.v = diffieHellman({ privateKey: ko, publicKey: peerKo })) },
    );
  }
  // One SCP03t segment (SGP.22 §2.5.4): encrypt 1,008 bytes, then CMAC over MCV‖header‖ciphertext.
  const key = new Uint8Array(16).map((_, i) => i * 7 + 1);
  const mkey = new Uint8Array(16).map((_, i) => i * 11 + 3);
  const iv = new Uint8Array(16).map((_, i) => 255 - i);
  const data = new Uint8Array(1008).map((_, i) => (i * 31) & 0xff);
  const macIn = new Uint8Array(16 + 4 + 1008);
  const seg = (enc: (k: Uint8Array, iv: Uint8Array, d: Uint8Array) => Uint8Array, mac: (k: Uint8Array, d: Uint8Array) => Uint8Array) => () => {
    const c = enc(key, iv, data);
    macIn.set(c, 20);
    return (sink.v = mac(mkey, macIn));
  };
  // The same segment through prepared keys (provider.aes128Key): what the BSP layer uses, with
  // the key schedule / cipher contexts set up once per session key.
  const prepared = (p: typeof nobleProvider) => () => {
    const ek = p.aes128Key!(key);
    const mk = p.aes128Key!(mkey);
    return seg((_k, v, d) => ek.cbcEncrypt(v, d), (_k, d) => mk.cmac(d));
  };
  out.push(
    { case: 'aes-cbc-cmac/1k [prepared keys]', impl: 'sgp32-js', bytes: 1024, nodes: null, make: prepared(nobleProvider) },
    { case: 'aes-cbc-cmac/1k [prepared keys]', impl: 'sgp32-native', bytes: 1024, nodes: null, make: prepared(nodeProvider) },
  );
  out.push(
    { case: 'aes-cbc-cmac/1k', impl: 'sgp32-js', bytes: 1024, nodes: null, make: () => seg(nobleProvider.aesCbcEncrypt, nobleProvider.aesCmac) },
    { case: 'aes-cbc-cmac/1k', impl: 'sgp32-native', bytes: 1024, nodes: null, make: () => seg(nodeProvider.aesCbcEncrypt, nodeProvider.aesCmac) },
    { case: 'aes-cbc-cmac/1k', impl: 'noble', bytes: 1024, nodes: null, make: () => seg((k, v, d) => cbc(k, v, { disablePadding: true }).encrypt(d), (k, d) => cmac(d, k)) },
    {
      case: 'aes-cbc-cmac/1k', impl: 'node-crypto', bytes: 1024, nodes: null,
      make: () => seg((k, v, d) => createCipheriv('aes-128-cbc', k, v).setAutoPadding(false).update(d), nodeCmac),
    },
  );
  return out;
}

/**
 * Every case of a run over `corpus` (plus the external inputs, as table-only rows), in run
 * order: decode and encode per input, crypto, then BPP and eIM cases when those APIs exist.
 */
export async function planCases(corpus: Corpus, external: External): Promise<Plan> {
  const notes: string[] = [];
  const cases: BenchCase[] = [];
  cases.push(...codecCases('bpp', 'bpp', corpus.bpp, single(BoundProfilePackage)));
  cases.push(...codecCases('epr', 'epr', corpus.epr, single(EuiccPackageRequest)));
  cases.push(...codecCases('upp', 'upp', corpus.upp, profileCodec));
  cases.push(...renderCases(corpus.upp));
  const certBytes = concatBytes(corpus.certs);
  cases.push(...codecCases('certs', 'certs', certBytes, certsCodec(corpus.certs), corpus.certs));
  // Table-only inputs: a codec defect here is reported as a note, not a crash of the run.
  const tableOnly = (name: string, f: () => BenchCase[]): void => {
    try {
      cases.push(...f());
    } catch (e) {
      notes.push(`${name} skipped: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  tableOnly('decode/euiccinfo2', () => codecCases('euiccinfo2', undefined, corpus.euiccinfo2, single(EUICCInfo2)));
  tableOnly('decode/geteimpkg', () => codecCases('geteimpkg', undefined, corpus.geteimpkg, single(GetEimPackageResponse)));
  for (const u of external.upp) tableOnly(`decode/upp [${u.name}]`, () => codecCases(`upp [${u.name}]`, undefined, u.bytes, profileCodec));
  if (external.certs.length > 0) {
    const label = `certs [SGP.26 x${external.certs.length}]`;
    tableOnly(`decode/${label}`, () => codecCases(label, undefined, concatBytes(external.certs), certsCodec(external.certs), external.certs));
  }
  if (!external.dir) notes.push('../shared/vectors not found: the real TS.48 profiles and SGP.26 certificates are not benchmarked.');
  cases.push(...cryptoCases(corpus.epr));
  cases.push(...esipaCases(corpus, sink));
  const rsp = await rspCases(corpus);
  cases.push(...rsp.cases);
  notes.push(...rsp.notes);
  const sim = await simCases();
  cases.push(...sim.cases);
  notes.push(...sim.notes);
  const pki = pkiCases(corpus);
  cases.push(...pki.cases);
  notes.push(...pki.notes);
  return { cases, notes };
}

export { splitTlvs };
