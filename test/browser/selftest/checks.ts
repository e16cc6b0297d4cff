/**
 * The library's codec, crypto and pki checks in a form that runs anywhere (no node:*, no DOM):
 * bundled into a page for Chromium by test/browser/selftest.test.ts, and run under Node by the
 * same test so the two environments can be compared.
 *
 * Built-in known answers: hand-assembled DER of ESipa messages (SGP.32 §6.3 tags, esipa.md §3),
 * typed decode errors, RFC 4493 AES-CMAC, FIPS 180-4 SHA-256, RFC 7027 A.1 brainpoolP256r1 ECDH,
 * ECDSA sign/verify on both curves, and GSMA-like certificate chains made at run time and
 * validated by src/pki, Bound Profile Packages built and opened on both curves. Passed in by the
 * caller (read from files): Wycheproof ECDSA vectors, and from ../shared/vectors real messages,
 * SGP.26 chains and a third-party BPP with its keys.
 */
import * as generated from '../../../src/generated/index.js';
import { Asn1DecodeError } from '../../../src/der/errors.js';
import type { Codec } from '../../../src/der/codec.js';
import { EUICCInfo1, GetEimPackageRequest, GetEimPackageResponse, EuiccPackageRequest } from '../../../src/index.js';
import { nobleProvider as p } from '../../../src/crypto/noble.js';
import { publicKeyFromRaw, privateKeyFromRaw } from '../../../src/crypto/keys.js';
import { ecdsaDerToRaw, ecdsaRawToDer } from '../../../src/crypto/signature-form.js';
import type { Curve } from '../../../src/crypto/provider.js';
import { validateChain } from '../../../src/pki/index.js';
import { buildBpp, openBpp, type BspKeys } from '../../../src/rsp/bpp/index.js';
import { AT, NOW, base, ciExtensions, eidWithCheckDigits, eumExtensions, euiccExtensions, makeCert, party } from '../../pki/build.js';
import { esipaMessages } from '../../inspect/capture-builder.js';

/** One Wycheproof file (the fields used here). */
export interface WpFile {
  readonly name: string;
  readonly testGroups: readonly {
    readonly type: string;
    readonly publicKey: { readonly curve: string; readonly uncompressed: string };
    readonly tests: readonly { readonly tcId: number; readonly flags: readonly string[]; readonly msg: string; readonly sig: string; readonly result: string }[];
  }[];
}

/** Data the caller reads from files and hands in. */
export interface SelfTestInput {
  readonly wycheproof: readonly WpFile[];
  /** Real messages: `Module.Name` and hex. */
  readonly messages: readonly { readonly name: string; readonly type: string; readonly hex: string }[];
  /** Certificate chains, issuer first, hex DER; the first is the trust anchor. */
  readonly chains: readonly { readonly name: string; readonly certs: readonly string[]; readonly at: string }[];
  /** A Bound Profile Package with its BSP keys (hex) and the plaintext UPP it must open to. */
  readonly bpp?: { readonly name: string; readonly bpp: string; readonly session: HexKeys; readonly ppk: HexKeys; readonly upp: string };
}

/** BSP keys as hex strings (the form of ../shared/vectors/bsp). */
export interface HexKeys {
  readonly sEnc: string;
  readonly sMac: string;
  readonly initialMacChainingValue: string;
}

export interface CheckResult {
  readonly group: 'codec' | 'crypto' | 'pki' | 'bpp';
  readonly name: string;
  readonly pass: boolean;
  readonly detail?: string;
}

export interface SelfTestReport {
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly CheckResult[];
  /** Values computed here, for comparison across environments. */
  readonly outputs: {
    readonly encodings: Record<string, string>;
    readonly signatures: readonly { readonly curve: Curve; readonly d: string; readonly message: string; readonly signature: string }[];
  };
}

const hex = (s: string): Uint8Array => Uint8Array.from(s.replace(/\s+/g, '').match(/../g) ?? [], (x) => parseInt(x, 16));
const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

const MODULES: Record<string, Record<string, unknown>> = {
  SGP32Definitions: generated.Sgp32,
  RSPDefinitions: generated.Rsp,
  PEDefinitions: generated.Saip,
  PKIX1Explicit88: generated.Pkix,
  PKIX1Implicit88: generated.PkixImplicit,
};

function codecOf(q: string): Codec<unknown> {
  const [mod, name] = q.split('.');
  const c = MODULES[mod]?.[name] as Codec<unknown> | undefined;
  if (!c || typeof c.decode !== 'function') throw new Error(`no codec ${q}`);
  return c;
}

const STRICT_REJECT = new Set(['BerEncodedSignature', 'MissingZero', 'SignatureSize', 'InvalidEncoding', 'InvalidTypesInSignature']);

/** Runs every check; never throws (an exception inside a check is that check's failure). */
export function runSelfTest(input: SelfTestInput): SelfTestReport {
  const results: CheckResult[] = [];
  const check = (group: CheckResult['group'], name: string, fn: () => true | string): void => {
    try {
      const r = fn();
      results.push(r === true ? { group, name, pass: true } : { group, name, pass: false, detail: r });
    } catch (err) {
      results.push({ group, name, pass: false, detail: `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}` });
    }
  };
  const eq = (got: string, want: string): true | string => (got === want ? true : `got ${got}, want ${want}`);

  // ---- codecs: known answers both ways ------------------------------------------------------
  const eid = hex('89049032123451234512345678901235');
  const ski1 = 'f54172bdf98a95d65cbeb88a38a1c11d800a85c3';
  const ski2 = 'c0bc70ba36929d43b467ff57570530e57ab8fcd8';
  const table: [string, Codec<unknown>, unknown, string][] = [
    ['GetEimPackageRequest (BF4F: 5A eid, 80 notifyStateChange)', GetEimPackageRequest as Codec<unknown>, { eidValue: eid, notifyStateChange: null }, `bf4f14 5a10${toHex(eid)} 8000`],
    ['GetEimPackageResponse eimPackageError noEimPackageAvailable(1)', GetEimPackageResponse as Codec<unknown>, { $case: 'eimPackageError', value: 1 }, 'bf4f03 020101'],
    [
      'EUICCInfo1 (BF20: 82 svn, A9/AA SKI lists)',
      EUICCInfo1 as Codec<unknown>,
      { svn: hex('020500'), euiccCiPKIdListForVerification: [hex(ski1), hex(ski2)], euiccCiPKIdListForSigning: [hex(ski1)] },
      `bf204b 8203020500 a92c 0414${ski1} 0414${ski2} aa16 0414${ski1}`,
    ],
  ];
  for (const [name, codec, value, want] of table) {
    check('codec', `encode ${name}`, () => eq(toHex(codec.encode(value)), want.replace(/\s+/g, '')));
    check('codec', `decode ${name}`, () => eq(toHex(codec.encode(codec.decode(hex(want)))), want.replace(/\s+/g, '')));
  }
  const m = esipaMessages();
  const encodings: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) if (v instanceof Uint8Array) encodings[k] = toHex(v);
  check('codec', 'EuiccPackageRequest: decode → encode and JER round trip are byte-identical', () => {
    const req = m.getEimPackageResponse.subarray(3 + (m.getEimPackageResponse[2] === 0x81 ? 1 : m.getEimPackageResponse[2] === 0x82 ? 2 : 0));
    const v = EuiccPackageRequest.decode(req);
    const again = EuiccPackageRequest.encode(EuiccPackageRequest.fromJer(JSON.parse(JSON.stringify(EuiccPackageRequest.toJer(v)))));
    return eq(toHex(again), toHex(req));
  });
  check('codec', 'decode error: wrong tag inside GetEimPackageRequest has code, offset and path', () => {
    const bad = m.getEimPackageRequest.slice();
    bad[3] = 0x5b;
    try {
      GetEimPackageRequest.decode(bad);
      return 'decoded';
    } catch (err) {
      if (!(err instanceof Asn1DecodeError)) return `not an Asn1DecodeError: ${String(err)}`;
      return eq(`${err.code}@${err.offset} ${err.path}`, 'unexpected-tag@3 GetEimPackageRequest.eidValue');
    }
  });
  check('codec', 'decode error: truncated input', () => {
    try {
      GetEimPackageRequest.decode(m.getEimPackageRequest.subarray(0, 10));
      return 'decoded';
    } catch (err) {
      return err instanceof Asn1DecodeError ? eq(err.code, 'truncated') : `not an Asn1DecodeError: ${String(err)}`;
    }
  });
  for (const msg of input.messages) {
    check('codec', `real message ${msg.name} (${msg.type}) re-encodes byte-identically`, () => {
      const c = codecOf(msg.type);
      return eq(toHex(c.encode(c.decode(hex(msg.hex)))), msg.hex);
    });
  }

  // ---- crypto --------------------------------------------------------------------------------
  const K = hex('2b7e151628aed2a6abf7158809cf4f3c');
  const M = hex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710');
  const cmac: [number, string][] = [[0, 'bb1d6929e95937287fa37d129b756746'], [16, '070a16b46b4d4144f79bdd9dd04a287c'], [40, 'dfa66747de9ae63030ca32611497c827'], [64, '51f0bebf7e3b9d92fc49741779363cfe']];
  for (const [len, tag] of cmac) check('crypto', `RFC 4493 AES-CMAC example, ${len}-byte message`, () => eq(toHex(p.aesCmac(K, M.subarray(0, len))), tag));
  check('crypto', 'FIPS 180-4 SHA-256 "abc"', () => eq(toHex(p.sha256(new TextEncoder().encode('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'));
  check('crypto', 'RFC 7027 A.1 brainpoolP256r1 ECDH', () => {
    const a = privateKeyFromRaw('brainpoolP256r1', hex('81DB1EE100150FF2EA338D708271BE38300CB54241D79950F77B063039804F1D'));
    const qB = publicKeyFromRaw('brainpoolP256r1', hex('048D2D688C6CF93E1160AD04CC4429117DC2C41825E1E9FCA0ADDD34E6F1B39F7B990C57520812BE512641E47034832106BC7D3E8DD0E4C7F1136D7006547CEC6A'));
    return eq(toHex(p.ecdh(a, qB)), '89afc39d41d3b327814b80940b042590f96556ec91e6ae7939bce31f3a18bf2b');
  });
  const signatures: SelfTestReport['outputs']['signatures'][number][] = [];
  for (const curve of ['P-256', 'brainpoolP256r1'] as const) {
    check('crypto', `ECDSA ${curve}: sign, verify (raw and DER forms), reject a flipped bit`, () => {
      const kp = p.generateKeyPair(curve);
      const msg = new TextEncoder().encode(`sgp32 self-test ${curve}`);
      const sig = p.ecdsaSign(kp.privateKey, msg, 'raw');
      signatures.push({ curve, d: toHex(kp.privateKey.d), message: toHex(msg), signature: toHex(sig) });
      if (!p.ecdsaVerify(kp.publicKey, msg, sig, 'raw')) return 'raw signature does not verify';
      const der = ecdsaRawToDer(sig);
      if (!p.ecdsaVerify(kp.publicKey, msg, der, 'der')) return 'DER signature does not verify';
      if (toHex(ecdsaDerToRaw(der)) !== toHex(sig)) return 'DER → raw differs';
      const bad = sig.slice();
      bad[10] ^= 1;
      return p.ecdsaVerify(kp.publicKey, msg, bad, 'raw') ? 'flipped signature verifies' : true;
    });
  }
  for (const file of input.wycheproof) {
    const form = file.testGroups[0]?.type === 'EcdsaP1363Verify' ? 'raw' : 'der';
    let run = 0;
    const wrong: string[] = [];
    check('crypto', `Wycheproof ${file.name}`, () => {
      for (const g of file.testGroups) {
        const curve: Curve = g.publicKey.curve === 'secp256r1' ? 'P-256' : 'brainpoolP256r1';
        const key = publicKeyFromRaw(curve, hex(g.publicKey.uncompressed));
        for (const t of g.tests) {
          const want = t.result === 'valid' ? true : t.result === 'invalid' ? false : t.flags.some((f) => STRICT_REJECT.has(f)) ? false : null;
          if (want === null) {
            wrong.push(`tcId ${t.tcId}: acceptable with flags ${t.flags.join(',')} has no policy`);
            continue;
          }
          run++;
          if (p.ecdsaVerify(key, hex(t.msg), hex(t.sig), form) !== want) wrong.push(`tcId ${t.tcId}`);
        }
      }
      return wrong.length === 0 && run > 0 ? true : `${wrong.length} of ${run} wrong: ${wrong.slice(0, 5).join('; ')}`;
    });
  }

  // ---- pki -----------------------------------------------------------------------------------
  const generatedChain = (c: [Curve, Curve, Curve]): Uint8Array[] => {
    const ci = party(p, c[0], 'CI');
    const eum = party(p, c[1], 'EUM');
    const euicc = party(p, c[2], 'eUICC', [[AT.serialNumber, eidWithCheckDigits('890490321234512345123456789012')]]);
    return [makeCert(p, base(1, ci, ci, ciExtensions(ci))), makeCert(p, base(2, ci, eum, eumExtensions(eum, ci))), makeCert(p, base(3, eum, euicc, euiccExtensions(euicc, eum)))];
  };
  const curves: [string, [Curve, Curve, Curve]][] = [['NIST', ['P-256', 'P-256', 'P-256']], ['brainpool', ['brainpoolP256r1', 'brainpoolP256r1', 'brainpoolP256r1']], ['mixed', ['P-256', 'brainpoolP256r1', 'P-256']]];
  for (const [label, c] of curves) {
    check('pki', `generated CI → EUM → eUICC chain (${label}) validates; a flipped signature bit does not`, () => {
      const [ci, eum, euicc] = generatedChain(c);
      const ok = validateChain({ chain: [eum, euicc], anchors: [ci], at: NOW });
      if (!ok.valid) return `valid chain rejected: ${ok.reason} at ${ok.index}`;
      if (ok.role !== 'euicc' || ok.eid !== eidWithCheckDigits('890490321234512345123456789012')) return `role ${ok.role}, eid ${ok.eid}`;
      const bad = euicc.slice();
      bad[bad.length - 5] ^= 1;
      const v = validateChain({ chain: [eum, bad], anchors: [ci], at: NOW });
      return v.valid ? 'tampered chain accepted' : eq(`${v.reason}@${v.index}`, 'bad-signature@1');
    });
  }
  for (const ch of input.chains) {
    check('pki', `${ch.name} validates`, () => {
      const certs = ch.certs.map(hex);
      const v = validateChain({ chain: certs.slice(1), anchors: [certs[0]], at: new Date(ch.at) });
      return v.valid ? true : `${v.reason} at ${v.index}: ${v.detail}`;
    });
  }

  // ---- Bound Profile Packages -------------------------------------------------------------------
  const keysOf = (k: HexKeys): BspKeys => ({ sEnc: hex(k.sEnc), sMac: hex(k.sMac), initialMacChainingValue: hex(k.initialMacChainingValue) });
  for (const curve of ['P-256', 'brainpoolP256r1'] as const) {
    for (const withPpk of [false, true]) {
      check('bpp', `build → open on ${curve}${withPpk ? ' with ReplaceSessionKeys' : ''}; a flipped byte is refused`, () => {
        // A profile-shaped UPP: one 2,994-byte element of filler, then the End element (AA 00).
        const upp = Uint8Array.from({ length: 3000 }, (_, i) => (i * 131 + 7) & 0xff);
        upp.set([0xa0, 0x82, 0x0b, 0xb2], 0);
        upp.set([0xaa, 0x00], 2998);
        const euicc = p.generateKeyPair(curve);
        const dppb = p.generateKeyPair(curve);
        const transactionId = hex('0102030405060708');
        const ppk = withPpk ? { sEnc: p.randomBytes(16), sMac: p.randomBytes(16), initialMacChainingValue: p.randomBytes(16) } : undefined;
        const built = buildBpp({
          upp,
          metadata: { iccid: hex('98001032547698103214'), serviceProviderName: 'sgp32', profileName: 'browser self-test' },
          transactionId,
          eid,
          euiccOtpk: euicc.publicKey,
          curve,
          smdpSigner: dppb.privateKey,
          ...(ppk ? { ppk } : {}),
        });
        const open = (bpp: Uint8Array) => openBpp(bpp, { euiccOtsk: euicc.privateKey, eid, smdpPublicKey: dppb.publicKey, transactionId, checkUpp: false });
        const res = open(built.bpp);
        if (!res.ok) return `refused: ${res.failure.reason} at segment ${res.failure.segment}`;
        if (toHex(res.upp) !== toHex(upp) || res.signature !== 'valid' || res.sessionKeysReplaced !== withPpk) return 'opened to something else';
        const bad = built.bpp.slice();
        bad[bad.length - 40] ^= 1;
        const r2 = open(bad);
        return r2.ok ? 'tampered package opened' : true;
      });
    }
  }
  if (input.bpp) {
    const v = input.bpp;
    check('bpp', `${v.name} opens (lenient) to the expected UPP`, () => {
      const res = openBpp(hex(v.bpp), { sessionKeys: keysOf(v.session), ppk: keysOf(v.ppk), lenient: true });
      if (!res.ok) return `refused: ${res.failure.reason} at segment ${res.failure.segment}`;
      return eq(toHex(p.sha256(res.upp)), toHex(p.sha256(hex(v.upp))));
    });
  }

  const failed = results.filter((r) => !r.pass).length;
  return { passed: results.length - failed, failed, results, outputs: { encodings, signatures } };
}
