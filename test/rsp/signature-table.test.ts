/**
 * The table of RSP signatures (src/rsp/signatures.ts), row by row:
 * - each row agrees with signatures.md §2 (written out here by hand) and with the codecs (the
 *   outer tag of the signed type); each location resolves in values of the carrying type;
 * - for signed parts drawn from the ASN.1 model's arbitraries, on both curves: signed with the
 *   generic signRsp and verified with the row's named wrapper, and the reverse; the signed bytes
 *   checked independently (a raw provider call over `DER(signed part) ‖ suffix`, the suffix
 *   written as hex here);
 * - refusals: a changed byte of the signed part, a changed signature byte, another key of the
 *   same curve, a key of the other curve, and for each suffix rule the wrong suffix;
 * - the associationToken rule (token, token-zero, none, mismatch) with the matched suffix named;
 * - the real signatures of ../shared/vectors through the generic verifier.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../../src/crypto/noble.js';
import { nodeProvider } from '../../src/crypto/node/index.js';
import type { Curve, EcKeyPair } from '../../src/crypto/provider.js';
import type { Codec } from '../../src/der/codec.js';
import { Asn1DecodeError } from '../../src/der/errors.js';
import { encodedBytesOf } from '../../src/der/reader.js';
import * as RSP from '../../src/generated/RSPDefinitions.js';
import * as SGP32 from '../../src/generated/SGP32Definitions.js';
import {
  RSP_SIGNATURES,
  checkEuiccPackageRequest,
  findSignature,
  signCompactOtherNotification,
  signEuiccCancelSessionSigned,
  signEuiccPackage,
  signEuiccPackageError,
  signEuiccPackageResult,
  signEuiccSigned1,
  signEuiccSigned2,
  signProfileInstallationResult,
  signRsp,
  signServerSigned1,
  signSmdpSigned2,
  verifyCancelSessionResponse,
  verifyEuiccCancelSessionSignature,
  verifyEuiccPackageRequest,
  verifyEuiccPackageResult,
  verifyEuiccSignature1,
  verifyEuiccSignature2,
  verifyPendingNotification,
  verifyAuthenticateServerResponseSignature,
  verifyPrepareDownloadResponse,
  verifyProfileInstallationResult,
  verifyRsp,
  verifyServerSignature1,
  verifySmdpSignature2,
  type RspSignatureName,
  type SignatureVerdict,
} from '../../src/rsp/index.js';
import { DescriptorArbitraries } from '../support/arbitraries.js';
import { defaultRegistry } from '../../src/generated/registry.js';
import { describeVectors } from '../support/vectors.js';
import { concat, hex, NEEDED, toHex, vector, vectorText } from './helpers.js';

/** signatures.md §2, by hand: signed type, outer tag of the signed part, signer, suffix. */
const SPEC: Record<RspSignatureName, readonly [type: string, tag: string, signer: string, suffix: string]> = {
  serverSignature1: ['ServerSigned1', '30', 'dp-auth', 'none'],
  euiccSignature1: ['EuiccSigned1', '30', 'euicc', 'none'],
  smdpSignature2: ['SmdpSigned2', '30', 'dp-pb', 'other-signature'],
  euiccSignature2: ['EUICCSigned2', '30', 'euicc', 'other-signature'],
  euiccCancelSessionSignature: ['EuiccCancelSessionSigned', '30', 'euicc', 'none'],
  euiccSignPIR: ['ProfileInstallationResultData', 'bf27', 'euicc', 'none'],
  euiccNotificationSignature: ['NotificationMetadata', 'bf2f', 'euicc', 'none'],
  eimSignature: ['EuiccPackageSigned', '30', 'eim', 'association-token'],
  euiccSignEPR: ['EuiccPackageResultDataSigned', '30', 'euicc', 'association-token'],
  euiccSignEPE: ['EuiccPackageErrorDataSigned', '30', 'euicc', 'association-token'],
};
const NAMES = Object.keys(SPEC) as RspSignatureName[];

const arbs = new DescriptorArbitraries(defaultRegistry, { depth: 4, extraItems: 1, extraLength: 4 });
/** Messages carrying a signature nest deeper (certificates): a larger nesting budget. */
const messageArbs = new DescriptorArbitraries(defaultRegistry, { depth: 8, extraItems: 0, extraLength: 2 });
const MODULES: Record<string, Record<string, unknown>> = { RSPDefinitions: RSP, SGP32Definitions: SGP32 };

function codecOf(qualified: string): Codec<unknown> {
  const [module, type] = qualified.split('.');
  return MODULES[module][type] as Codec<unknown>;
}

const signedCodec = (name: RspSignatureName): Codec<unknown> => codecOf(RSP_SIGNATURES[name].signedType);

function at(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const step of path) {
    const o = v as Record<string, unknown> | undefined;
    if (o === undefined) return undefined;
    v = typeof o.$case === 'string' ? (o.$case === step ? o.value : undefined) : o[step];
  }
  return v;
}

/** Signed parts of a row's type, drawn from the ASN.1 model (and DER-encodable). */
function samplesOf(name: RspSignatureName, n: number, seed: number): unknown[] {
  const t = signedCodec(name);
  return fc.sample(arbs.forType(t.moduleName, t.typeName), { numRuns: n, seed });
}

/** What the row's suffix rule appends, written independently as hex. */
interface Extra {
  readonly token?: number | null;
  readonly other?: Uint8Array;
}
function expectedSuffixHex(name: RspSignatureName, e: Extra): string {
  const rule = SPEC[name][3];
  if (rule === 'association-token') return e.token === null || e.token === undefined ? '840100' : `8401${e.token.toString(16).padStart(2, '0')}`;
  if (rule === 'other-signature') return `5f3740${toHex(e.other!)}`;
  return '';
}
function suffixOptions(name: RspSignatureName, e: Extra): Record<string, unknown> {
  const row = RSP_SIGNATURES[name];
  if (row.suffix === 'association-token') return { associationToken: e.token ?? null };
  if (row.suffix === 'other-signature') return { [row.otherSignature!]: e.other };
  return {};
}

/**
 * The named wrappers of each row: sign a value (returns the signed bytes and the signature), and
 * verify from the signed bytes and signature (the message wrappers get the message built around
 * them, byte for byte, with the signed part as given).
 */
type Sign = (value: never, keys: EcKeyPair, e: Extra) => { signed: Uint8Array; signature: Uint8Array };
/** A verdict of any wrapper (the message verifiers add `compact-unsupported`). */
type AnyVerdict = SignatureVerdict | { readonly valid: false; readonly reason: string; readonly detail: string };
type Verify = (signed: Uint8Array, signature: Uint8Array, keys: EcKeyPair, e: Extra) => AnyVerdict;

function tlv(tagHex: string, ...parts: Uint8Array[]): Uint8Array {
  const content = concat(...parts);
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return concat(hex(tagHex), Uint8Array.from(len), content);
}
const sigDo = (s: Uint8Array): Uint8Array => tlv('5f37', s);

/**
 * The eUICC-side package check as a signature verdict: past the signature rule (accepted, or
 * stopped by the EID or counter rules that follow it) the signature verified.
 */
function packageCheckVerdict(bytes: Uint8Array, k: EcKeyPair, token: number | null): AnyVerdict {
  const request = SGP32.EuiccPackageRequest.decode(bytes);
  const { eimId, eidValue } = request.euiccPackageSigned;
  const v = checkEuiccPackageRequest(bytes, { eid: eidValue, eims: [{ eimId, publicKey: k.publicKey, associationToken: token, counterValue: 0 }] });
  if (v.accepted || v.rule === 'eid' || v.rule === 'counter') return { valid: true };
  expect(v.rule).toBe('signature');
  return { valid: false, reason: v.rule === 'signature' ? (v.signatureReason ?? 'none given') : v.rule, detail: v.detail };
}

const WRAPPERS: Record<RspSignatureName, { sign: Sign; verify: readonly Verify[] }> = {
  serverSignature1: {
    sign: (v, k) => signServerSigned1(v, { privateKey: k.privateKey }),
    verify: [(s, sig, k) => verifyServerSignature1(s, sig, { publicKey: k.publicKey })],
  },
  euiccSignature1: {
    sign: (v, k) => signEuiccSigned1(v, { privateKey: k.privateKey }),
    verify: [
      (s, sig, k) => verifyEuiccSignature1(s, sig, { publicKey: k.publicKey }),
      // compactAuthenticateResponseOk carrying the full euiccSigned1 (no certificates needed)
      (s, sig, k) => verifyAuthenticateServerResponseSignature(tlv('bf38', tlv('a2', s, sigDo(sig))), { publicKey: k.publicKey }),
    ],
  },
  smdpSignature2: {
    sign: (v, k, e) => signSmdpSigned2(v, { privateKey: k.privateKey, euiccSignature1: e.other! }),
    verify: [(s, sig, k, e) => verifySmdpSignature2(s, sig, { publicKey: k.publicKey, euiccSignature1: e.other! })],
  },
  euiccSignature2: {
    sign: (v, k, e) => signEuiccSigned2(v, { privateKey: k.privateKey, smdpSignature2: e.other! }),
    verify: [
      (s, sig, k, e) => verifyEuiccSignature2(s, sig, { publicKey: k.publicKey, smdpSignature2: e.other! }),
      (s, sig, k, e) => verifyPrepareDownloadResponse(tlv('bf21', tlv('a0', s, sigDo(sig))), { publicKey: k.publicKey, smdpSignature2: e.other! }),
    ],
  },
  euiccCancelSessionSignature: {
    sign: (v, k) => signEuiccCancelSessionSigned(v, { privateKey: k.privateKey }),
    verify: [
      (s, sig, k) => verifyEuiccCancelSessionSignature(s, sig, { publicKey: k.publicKey }),
      (s, sig, k) => verifyCancelSessionResponse(tlv('bf41', tlv('a0', s, sigDo(sig))), { publicKey: k.publicKey }),
    ],
  },
  euiccSignPIR: {
    sign: (v, k) => {
      const { result } = signProfileInstallationResult(v, { privateKey: k.privateKey });
      return { signed: RSP.ProfileInstallationResultData.encode(v), signature: result.euiccSignPIR };
    },
    verify: [
      (s, sig, k) => verifyProfileInstallationResult(tlv('bf37', s, sigDo(sig)), { publicKey: k.publicKey }),
      (s, sig, k) => verifyPendingNotification(tlv('bf37', s, sigDo(sig)), { publicKey: k.publicKey }),
    ],
  },
  euiccNotificationSignature: {
    sign: (v, k) => {
      const { notification } = signCompactOtherNotification(v, { privateKey: k.privateKey });
      if (notification.$case !== 'compactOtherSignedNotification') throw new Error(notification.$case);
      return { signed: RSP.NotificationMetadata.encode(v), signature: notification.value.euiccNotificationSignature };
    },
    verify: [(s, sig, k) => verifyPendingNotification(tlv('a1', s, sigDo(sig)), { publicKey: k.publicKey })],
  },
  eimSignature: {
    sign: (v, k, e) => {
      const { request } = signEuiccPackage({ euiccPackageSigned: v, privateKey: k.privateKey, associationToken: e.token });
      return { signed: SGP32.EuiccPackageSigned.encode(v), signature: request.eimSignature };
    },
    verify: [
      (s, sig, k, e) => verifyEuiccPackageRequest(tlv('bf51', s, sigDo(sig)), { publicKey: k.publicKey, associationToken: e.token ?? null }),
      (s, sig, k, e) => packageCheckVerdict(tlv('bf51', s, sigDo(sig)), k, e.token ?? null),
    ],
  },
  euiccSignEPR: {
    sign: (v, k, e) => {
      const { result } = signEuiccPackageResult({ euiccPackageResultDataSigned: v, privateKey: k.privateKey, associationToken: e.token });
      if (result.$case !== 'euiccPackageResultSigned') throw new Error(result.$case);
      return { signed: SGP32.EuiccPackageResultDataSigned.encode(v), signature: result.value.euiccSignEPR };
    },
    verify: [(s, sig, k, e) => verifyEuiccPackageResult(tlv('bf51', tlv('a0', s, sigDo(sig))), { publicKey: k.publicKey, associationToken: e.token ?? null })],
  },
  euiccSignEPE: {
    sign: (v, k, e) => {
      const { result } = signEuiccPackageError({ euiccPackageErrorDataSigned: v, privateKey: k.privateKey, associationToken: e.token });
      if (result.$case !== 'euiccPackageErrorSigned') throw new Error(result.$case);
      return { signed: SGP32.EuiccPackageErrorDataSigned.encode(v), signature: result.value.euiccSignEPE };
    },
    verify: [(s, sig, k, e) => verifyEuiccPackageResult(tlv('bf51', tlv('a1', s, sigDo(sig))), { publicKey: k.publicKey, associationToken: e.token ?? null })],
  },
};

const CURVES: readonly Curve[] = ['P-256', 'brainpoolP256r1'];
const keys = Object.fromEntries(CURVES.map((c) => [c, [nobleProvider.generateKeyPair(c), nobleProvider.generateKeyPair(c)]])) as Record<Curve, [EcKeyPair, EcKeyPair]>;
const otherSig = Uint8Array.from({ length: 64 }, (_, i) => (i * 7 + 3) & 0xff);

/** The extras a row is signed with in the row-by-row tests. */
function extraFor(name: RspSignatureName): Extra {
  const rule = SPEC[name][3];
  return rule === 'association-token' ? { token: 1 } : rule === 'other-signature' ? { other: otherSig } : {};
}

/** A content byte of the signed part (after its header), by a fraction of the content. */
function contentIndex(signed: Uint8Array, f: number): number {
  const tagLen = (signed[0] & 0x1f) === 0x1f ? 2 : 1;
  const l = signed[tagLen];
  const header = tagLen + (l < 0x80 ? 1 : 1 + (l & 0x7f));
  return header + Math.floor(f * (signed.length - header));
}

describe('the table of RSP signatures', () => {
  it('has the rows of signatures.md §2 with their signed type, outer tag, signer and suffix rule', () => {
    expect(Object.keys(RSP_SIGNATURES).sort()).toEqual([...NAMES].sort());
    for (const name of NAMES) {
      const row = RSP_SIGNATURES[name];
      const [type, tag, signer, suffix] = SPEC[name];
      expect([row.name, row.signedType.split('.')[1], row.tag.toString(16), row.signer, row.suffix], name).toEqual([name, type, tag, signer, suffix]);
      // the type exists, and the outer tag is the one its codec writes
      expect(signedCodec(name).typeName, name).toBe(type);
      expect(signedCodec(name).tags, name).toEqual([row.tag]);
      expect(row.otherSignature !== undefined, name).toBe(suffix === 'other-signature');
    }
    expect(RSP_SIGNATURES.smdpSignature2.otherSignature).toBe('euiccSignature1');
    expect(RSP_SIGNATURES.euiccSignature2.otherSignature).toBe('smdpSignature2');
  });

  it('every location resolves in values of the carrying type: findSignature returns the row, the signed part and the 5F37 value', () => {
    for (const name of NAMES) {
      const row = RSP_SIGNATURES[name];
      for (const loc of row.locations) {
        const codec = codecOf(loc.message);
        expect(codec, loc.message).toBeDefined();
        // the signature field is a 5F37 OCTET STRING wherever the message has it
        const values = fc.sample(messageArbs.forType(codec.moduleName, codec.typeName), { numRuns: 60, seed: 7 });
        const carrying = values.filter((v) => at(v, loc.signature) !== undefined && (loc.signed === null || at(v, loc.signed) !== undefined));
        expect(carrying.length, `${name} in ${loc.message} at ${loc.signature.join('.')}`).toBeGreaterThan(0);
        for (const value of carrying.slice(0, 3)) {
          const bytes = codec.encode(value);
          const decoded = codec.decode(bytes, { keepEncoded: true });
          const signature = at(decoded, loc.signature) as Uint8Array;
          expect(signature).toBeInstanceOf(Uint8Array);
          const found = findSignature(loc.message, decoded);
          if (loc.signed === null) {
            // compact form: the signed part is not in the message, so no location gives it
            // (unless another location of the same row does, as the compact AuthenticateServerResponse carrying a full euiccSigned1)
            if (found !== undefined) expect(found.row.name).toBe(name);
            continue;
          }
          expect(loc.signed[loc.signed.length - 1]).toBe(row.signedField);
          expect(found?.row.name, `${name} in ${loc.message}`).toBe(name);
          expect(found?.signature).toBe(signature);
          const signedBytes = encodedBytesOf(found?.signed as object)!;
          expect(toHex(signedBytes.subarray(0, row.tag > 0xff ? 2 : 1))).toBe(row.tag.toString(16));
          // the signed part is where the path says: a value of the row's type, inside the message bytes
          expect(toHex(signedCodec(name).encode(signedCodec(name).decode(signedBytes)))).toBe(toHex(signedBytes));
          expect(toHex(bytes)).toContain(toHex(signedBytes));
        }
      }
    }
    // a message alternative without a signature is not a signature
    expect(findSignature('SGP32Definitions.EuiccPackageResult', { $case: 'euiccPackageErrorUnsigned', value: { eimId: 'x' } })).toBeUndefined();
  });

  describe.each(CURVES.map((c) => [c] as const))('%s', (curve) => {
    const [k, other] = keys[curve];
    const otherCurve = keys[curve === 'P-256' ? 'brainpoolP256r1' : 'P-256'][0];

    it.each(NAMES.map((n) => [n] as const))('%s: generic sign → wrapper verify, wrapper sign → generic verify, over DER(signed) ‖ suffix', (name) => {
      const e = extraFor(name);
      const w = WRAPPERS[name];
      for (const [i, value] of samplesOf(name, 3, 11 + NAMES.indexOf(name)).entries()) {
        const viaGeneric = signRsp(name, value as never, { privateKey: k.privateKey, ...suffixOptions(name, e) });
        expect(toHex(viaGeneric.signed)).toBe(toHex(signedCodec(name).encode(value)));
        expect(viaGeneric.signature.length).toBe(64);
        // independent: the raw signature over DER(signed part) ‖ the suffix written here
        const message = concat(viaGeneric.signed, hex(expectedSuffixHex(name, e)));
        expect(nodeProvider.ecdsaVerify(k.publicKey, message, viaGeneric.signature, 'raw'), `${name} #${i}`).toBe(true);
        for (const verify of w.verify) expect(verify(viaGeneric.signed, viaGeneric.signature, k, e).valid, `${name} #${i}`).toBe(true);

        const viaWrapper = w.sign(value as never, k, e);
        expect(toHex(viaWrapper.signed)).toBe(toHex(viaGeneric.signed));
        expect(nodeProvider.ecdsaVerify(k.publicKey, message, viaWrapper.signature, 'raw')).toBe(true);
        const v = verifyRsp(name, viaWrapper.signed, viaWrapper.signature, { publicKey: k.publicKey, ...suffixOptions(name, e) });
        expect(v.valid, `${name} #${i}`).toBe(true);
        // a value decoded with keepEncoded gives the same verdict as its bytes
        const decoded = signedCodec(name).decode(viaWrapper.signed, { keepEncoded: true }) as object;
        expect(verifyRsp(name, decoded, viaWrapper.signature, { publicKey: k.publicKey, ...suffixOptions(name, e) })).toEqual(v);
      }
    });

    it.each(NAMES.map((n) => [n] as const))('%s: refuses a changed byte, a changed signature, another key, the other curve, the wrong suffix', (name) => {
      const e = extraFor(name);
      const w = WRAPPERS[name];
      const [value] = samplesOf(name, 1, 99 + NAMES.indexOf(name));
      const { signed, signature } = signRsp(name, value as never, { privateKey: k.privateKey, ...suffixOptions(name, e) });
      // The generic verifier and the byte-level wrappers give the verdict. A message wrapper
      // decodes the message first: a changed byte may make it undecodable, and then it throws.
      const refused = (s: Uint8Array, sig: Uint8Array, kk: EcKeyPair, ee: Extra, reason = 'bad-signature'): void => {
        expect(verifyRsp(name, s, sig, { publicKey: kk.publicKey, ...suffixOptions(name, ee) }), name).toMatchObject({ valid: false, reason });
        for (const verify of w.verify) {
          let verdict: AnyVerdict | undefined;
          try {
            verdict = verify(s, sig, kk, ee);
          } catch (err) {
            expect(err, name).toBeInstanceOf(Asn1DecodeError);
            expect(s, 'only a changed signed part may be undecodable').not.toBe(signed);
            continue;
          }
          expect(verdict, name).toMatchObject({ valid: false, reason });
        }
      };
      for (const f of [0, 0.5, 0.999]) {
        const t = signed.slice();
        t[contentIndex(signed, f)] ^= 0x01;
        refused(t, signature, k, e);
      }
      const s2 = signature.slice();
      s2[40] ^= 0x80;
      refused(signed, s2, k, e);
      refused(signed, signature, other, e);
      refused(signed, signature, otherCurve, e);
      const rule = SPEC[name][3];
      if (rule === 'association-token') refused(signed, signature, k, { token: 2 });
      if (rule === 'other-signature') refused(signed, signature, k, { other: otherSig.map((b) => b ^ 0xff) });
      if (rule === 'none') {
        // signed over the part ‖ something: not this row's rule
        const withToken = nobleProvider.ecdsaSign(k.privateKey, concat(signed, hex('840100')), 'raw');
        refused(signed, withToken, k, e);
      }
      // the form of the signature: DER ECDSA-Sig-Value and a wrong length are reasons of their own
      const der = nobleProvider.ecdsaSign(k.privateKey, concat(signed, hex(expectedSuffixHex(name, e))), 'der');
      refused(signed, der, k, e, 'signature-not-raw');
      refused(signed, signature.subarray(0, 63), k, e, 'bad-signature-length');
    });
  });

  describe.each(['eimSignature', 'euiccSignEPR', 'euiccSignEPE'] as const)('%s: the associationToken rule', (name) => {
    const k = keys['P-256'][0];
    const [value] = samplesOf(name, 1, 5);
    const verifyBoth = (signed: Uint8Array, sig: Uint8Array, token: number | null): SignatureVerdict => {
      const v = verifyRsp(name, signed, sig, { publicKey: k.publicKey, associationToken: token });
      for (const verify of WRAPPERS[name].verify) {
        const wv = verify(signed, sig, k, { token });
        // same verdict and reason; the same sentence where the wrapper gives one (the package check does not on success)
        expect({ valid: wv.valid, reason: 'reason' in wv ? wv.reason : undefined }).toEqual({ valid: v.valid, reason: 'reason' in v ? v.reason : undefined });
        if (wv.detail !== undefined) expect(wv.detail).toBe(v.detail);
      }
      return v;
    };

    it('a token: signed over ‖ 84 len token, verified as "token"; another token is refused', () => {
      for (const token of [1, 127, 128, 300]) {
        const { signed, signature } = signRsp(name, value as never, { privateKey: k.privateKey, associationToken: token });
        const tokenHex = token < 128 ? `8401${token.toString(16).padStart(2, '0')}` : token < 256 ? `840200${token.toString(16)}` : `8402${token.toString(16).padStart(4, '0')}`;
        expect(nobleProvider.ecdsaVerify(k.publicKey, concat(signed, hex(tokenHex)), signature, 'raw'), `token ${token}`).toBe(true);
        expect(verifyBoth(signed, signature, token)).toEqual({ valid: true, signedSuffix: 'token', detail: `${name} verifies over the signed data ‖ associationToken ${token}` });
        expect(verifyBoth(signed, signature, token + 1)).toMatchObject({ valid: false, reason: 'bad-signature' });
        expect(verifyBoth(signed, signature, null)).toMatchObject({ valid: false, reason: 'bad-signature' });
      }
    });

    it('no token: signed over ‖ 84 01 00 by default ("token-zero"), bare with noTokenSuffix none ("none"); both accepted, the detail names which', () => {
      const zero = signRsp(name, value as never, { privateKey: k.privateKey });
      expect(nobleProvider.ecdsaVerify(k.publicKey, concat(zero.signed, hex('840100')), zero.signature, 'raw')).toBe(true);
      const z = verifyBoth(zero.signed, zero.signature, null);
      expect(z).toMatchObject({ valid: true, signedSuffix: 'token-zero' });
      expect(z.detail).toMatch(/84 01 00/);
      const bare = signRsp(name, value as never, { privateKey: k.privateKey, associationToken: null, noTokenSuffix: 'none' });
      expect(nobleProvider.ecdsaVerify(k.publicKey, bare.signed, bare.signature, 'raw')).toBe(true);
      const b = verifyBoth(bare.signed, bare.signature, null);
      expect(b).toMatchObject({ valid: true, signedSuffix: 'none' });
      expect(b.detail).toMatch(/bare signed data/);
      // a verifier configured with a token says the signature was made without one
      for (const s of [zero, bare]) expect(verifyBoth(s.signed, s.signature, 1)).toMatchObject({ valid: false, reason: 'association-token-mismatch' });
      // token 0 and "no token" are the same bytes under this reading
      const t0 = signRsp(name, value as never, { privateKey: k.privateKey, associationToken: 0 });
      expect(verifyBoth(t0.signed, t0.signature, null)).toMatchObject({ valid: true, signedSuffix: 'token-zero' });
    });

    it('the token is required by the verifier and checked at the door', () => {
      const { signed, signature } = signRsp(name, value as never, { privateKey: k.privateKey, associationToken: 1 });
      expect(() => verifyRsp(name, signed, signature, { publicKey: k.publicKey })).toThrow(/associationToken: required/);
      expect(() => verifyRsp(name, signed, signature, { publicKey: k.publicKey, associationToken: 1.5 })).toThrow(TypeError);
      expect(() => signRsp(name, value as never, { privateKey: k.privateKey, noTokenSuffix: 'x' as never })).toThrow(/noTokenSuffix/);
    });
  });

  it('the other-signature rule needs the 64-byte value, and the generic functions check their arguments', () => {
    const k = keys['P-256'][0];
    const [value] = samplesOf('smdpSignature2', 1, 3);
    expect(() => signRsp('smdpSignature2', value as never, { privateKey: k.privateKey })).toThrow(/^euiccSignature1: expected the 64-byte signature value/);
    expect(() => verifyRsp('euiccSignature2', new Uint8Array([0x30, 0]), new Uint8Array(64), { publicKey: k.publicKey, smdpSignature2: new Uint8Array(63) })).toThrow(RangeError);
    expect(() => signRsp('nope' as never, value as never, { privateKey: k.privateKey })).toThrow(/^signature: expected one of serverSignature1/);
    expect(() => signRsp('serverSignature1', 5 as never, { privateKey: k.privateKey })).toThrow(/^serverSigned1: expected a ServerSigned1 value or its DER bytes/);
    expect(() => signRsp('serverSignature1', value as never, null as never)).toThrow(/^options: expected an object/);
    // bytes of another type are not the signed part of this row
    expect(() => verifyRsp('euiccSignPIR', new Uint8Array([0x30, 0]), new Uint8Array(64), { publicKey: k.publicKey })).toThrow(/unexpected-tag/);
    // a decoded value without its received bytes is refused, never re-encoded
    const signed = signRsp('serverSignature1', samplesOf('serverSignature1', 1, 1)[0] as never, { privateKey: k.privateKey });
    expect(() => verifyRsp('serverSignature1', RSP.ServerSigned1.decode(signed.signed), signed.signature, { publicKey: k.publicKey })).toThrow(/keepEncoded/);
  });
});

describeVectors('real signatures through the generic verifier', NEEDED, () => {
  const capture = JSON.parse(vectorText('signatures/real_capture.json')) as { cases: Record<string, unknown>[] };
  const byName = (s: string) => capture.cases.find((c) => String(c.name).startsWith(s))!;
  const rel = (p: unknown): string => String(p).replace(/^\.\.\//, '');

  it('euiccSignature1, eimSignature and both euiccSignEPR of the real capture verify with verifyRsp and the located signed parts', () => {
    const s1 = byName('euiccSignature1');
    expect(verifyRsp('euiccSignature1', hex(String(s1.signedData)), hex(String(s1.signatureRaw)), { certificate: vector(rel(s1.verifyWith)) })).toEqual({ valid: true });

    const eim = byName('eimSignature');
    const request = SGP32.EuiccPackageRequest.decode(hex(String(eim.message)), { keepEncoded: true });
    const found = findSignature('SGP32Definitions.EuiccPackageRequest', request);
    expect(found?.row.name).toBe('eimSignature');
    const cert = vectorText(rel(eim.verifyWith));
    expect(verifyRsp('eimSignature', found!.signed as object, found!.signature as Uint8Array, { certificate: cert, associationToken: 1 })).toMatchObject({ valid: true, signedSuffix: 'token' });
    expect(verifyRsp('eimSignature', found!.signed as object, found!.signature as Uint8Array, { certificate: cert, associationToken: null })).toMatchObject({ valid: false, reason: 'bad-signature' });

    const epr = byName('euiccSignEPR');
    for (const sig of epr.signaturesRaw as string[]) {
      expect(verifyRsp('euiccSignEPR', hex(String(epr.signedDataDer)), hex(sig), { certificate: vector(rel(epr.verifyWith)), associationToken: 1 })).toMatchObject({ valid: true, signedSuffix: 'token' });
    }
  });

  it('the real Profile Installation Result: euiccSignPIR located by the table in the BF37 message', () => {
    const pir = SGP32.ProfileInstallationResult.decode(vector('messages/eim_ProfileInstallationResult.der'), { keepEncoded: true });
    const found = findSignature('SGP32Definitions.ProfileInstallationResult', pir);
    expect(found?.row.name).toBe('euiccSignPIR');
    expect(verifyRsp('euiccSignPIR', found!.signed as object, found!.signature as Uint8Array, { certificate: vector('certs/extra/eim_euiccCertificate.der') })).toEqual({ valid: true });
  });
});
