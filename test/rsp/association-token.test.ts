/**
 * The associationToken rule, applied the same way by every token-bound signer and verifier
 * (eimSignature, euiccSignEPR, euiccSignEPE, and the eUICC-side package check):
 * - a configured token appends `84 len token` (VERIFIED for token 1 on a real exchange);
 * - no token configured: signers append `84 01 00` (UNVERIFIED reading of SGP.32 v1.2
 *   §2.11.1.2 after openiotrsp/openiotrsp INTERPRETATION_LOG.md, euiccpkg/service.go), and
 *   verifiers accept `84 01 00` and the bare signed data, naming which matched.
 *
 * One table of rows, both directions, run against each signature. The signed bytes are checked
 * independently: the provider verifies the signature over `DER(signed part) ‖ <hex literal>`.
 */
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '../../src/crypto/noble.js';
import { providers } from '../support/providers.js';
import type { EcPrivateKey, EcPublicKey } from '../../src/crypto/provider.js';
import {
  EuiccPackageErrorDataSigned,
  EuiccPackageRequest,
  EuiccPackageResult,
  EuiccPackageResultDataSigned,
  EuiccPackageSigned,
} from '../../src/generated/SGP32Definitions.js';
import {
  NO_TOKEN_TLV,
  checkEuiccPackageRequest,
  signEuiccPackage,
  signEuiccPackageError,
  signEuiccPackageResult,
  verifyEuiccPackageRequest,
  verifyEuiccPackageResult,
} from '../../src/rsp/index.js';
import { concat, hex, toHex } from './helpers.js';

const EID = '89049032123451234512345678901235';
const pkg: EuiccPackageSigned = {
  eimId: 'eim-1',
  eidValue: hex(EID),
  counterValue: 5,
  euiccPackage: { $case: 'psmoList', value: [{ $case: 'listProfileInfo', value: {} }] },
};
const epr: EuiccPackageResultDataSigned = { eimId: 'eim-1', counterValue: 5, seqNumber: 1, euiccResult: [{ $case: 'enableResult', value: 0 }] };
const epe: EuiccPackageErrorDataSigned = { eimId: 'eim-1', counterValue: 5, euiccPackageErrorCode: 4 };

/** How the signer was called: a token, or none with either suffix. */
type SignedWith = { token: number } | { token: null; noTokenSuffix?: 'zero' | 'none' };
type Verdict = { valid: boolean; reason?: string; signedSuffix?: string; detail?: string };

interface Family {
  readonly name: string;
  /** Signs; returns the message bytes, the DER of the signed part and the raw signature. */
  sign(key: EcPrivateKey, w: SignedWith): { bytes: Uint8Array; signedDer: Uint8Array; signature: Uint8Array };
  verify(bytes: Uint8Array, key: EcPublicKey, token: number | null): Verdict;
}

const families: readonly Family[] = [
  {
    name: 'eimSignature (EuiccPackageRequest)',
    sign(key, w) {
      const { bytes } = signEuiccPackage({ euiccPackageSigned: pkg, privateKey: key, associationToken: w.token, ...('noTokenSuffix' in w ? { noTokenSuffix: w.noTokenSuffix } : {}) });
      return { bytes, signedDer: EuiccPackageSigned.encode(pkg), signature: EuiccPackageRequest.decode(bytes).eimSignature };
    },
    verify: (bytes, publicKey, token) => verifyEuiccPackageRequest(bytes, { publicKey, associationToken: token }),
  },
  {
    name: 'euiccSignEPR (EuiccPackageResult)',
    sign(key, w) {
      const { bytes, result } = signEuiccPackageResult({ euiccPackageResultDataSigned: epr, privateKey: key, associationToken: w.token, ...('noTokenSuffix' in w ? { noTokenSuffix: w.noTokenSuffix } : {}) });
      return { bytes, signedDer: EuiccPackageResultDataSigned.encode(epr), signature: result.$case === 'euiccPackageResultSigned' ? result.value.euiccSignEPR : new Uint8Array() };
    },
    verify: (bytes, publicKey, token) => verifyEuiccPackageResult(bytes, { publicKey, associationToken: token }),
  },
  {
    name: 'euiccSignEPE (EuiccPackageResult, signed error)',
    sign(key, w) {
      const { bytes } = signEuiccPackageError({ euiccPackageErrorDataSigned: epe, privateKey: key, associationToken: w.token, ...('noTokenSuffix' in w ? { noTokenSuffix: w.noTokenSuffix } : {}) });
      const r = EuiccPackageResult.decode(bytes);
      return { bytes, signedDer: EuiccPackageErrorDataSigned.encode(epe), signature: r.$case === 'euiccPackageErrorSigned' ? r.value.euiccSignEPE : new Uint8Array() };
    },
    verify: (bytes, publicKey, token) => verifyEuiccPackageResult(bytes, { publicKey, associationToken: token }),
  },
  {
    name: 'eimSignature checked by the eUICC (checkEuiccPackageRequest)',
    sign: (key, w) => families[0].sign(key, w),
    verify(bytes, publicKey, token) {
      const v = checkEuiccPackageRequest(bytes, { eid: EID, eims: [{ eimId: 'eim-1', publicKey, associationToken: token, counterValue: 0 }] });
      return v.accepted ? { valid: true } : { valid: false, reason: 'signatureReason' in v ? v.signatureReason : v.rule };
    },
  },
];

// [signed with, suffix the signer appends (hex, independent of the library), verified with, expected]
const rows: readonly [string, SignedWith, string, number | null, Verdict][] = [
  ['token 1 / token 1', { token: 1 }, '840101', 1, { valid: true, signedSuffix: 'token' }],
  ['token 1 / token 2', { token: 1 }, '840101', 2, { valid: false, reason: 'bad-signature' }],
  ['token 1 / none', { token: 1 }, '840101', null, { valid: false, reason: 'bad-signature' }],
  ['token 300 / token 300', { token: 300 }, '8402012c', 300, { valid: true, signedSuffix: 'token' }],
  ['none (default 84 01 00) / none', { token: null }, '840100', null, { valid: true, signedSuffix: 'token-zero' }],
  ['none (bare, the earlier reading) / none', { token: null, noTokenSuffix: 'none' }, '', null, { valid: true, signedSuffix: 'none' }],
  ['none (default 84 01 00) / token 1', { token: null }, '840100', 1, { valid: false, reason: 'association-token-mismatch' }],
  ['none (bare) / token 1', { token: null, noTokenSuffix: 'none' }, '', 1, { valid: false, reason: 'association-token-mismatch' }],
  // "value zero" and token 0 are the same bytes: the rows say so rather than pretend otherwise
  ['token 0 / none', { token: 0 }, '840100', null, { valid: true, signedSuffix: 'token-zero' }],
  ['none / token 0', { token: null }, '840100', 0, { valid: true, signedSuffix: 'token' }],
];

describe.each(families.map((f) => [f.name, f] as const))('associationToken rule: %s', (_name, family) => {
  const keys = nobleProvider.generateKeyPair('P-256');
  it.each(rows)('%s', (_row, signedWith, suffixHex, verifyToken, expected) => {
    const { bytes, signedDer, signature } = family.sign(keys.privateKey, signedWith);
    // exactly DER(signed part) ‖ suffix is what was signed (every provider here; under Node the native one is independent)
    for (const p of providers) expect(p.ecdsaVerify(keys.publicKey, concat(signedDer, hex(suffixHex)), signature, 'raw'), p.name).toBe(true);
    const v = family.verify(bytes, keys.publicKey, verifyToken);
    const isCheck = family.name.startsWith('eimSignature checked');
    expect(v).toMatchObject(isCheck ? { valid: expected.valid, ...(expected.reason ? { reason: expected.reason } : {}) } : expected);
    if (!isCheck && v.valid) {
      // the detail says which suffix matched, in words a person can check
      const words = { token: `associationToken ${verifyToken}`, 'token-zero': '84 01 00', none: 'bare signed data' }[expected.signedSuffix as string];
      expect(v.detail).toContain(words);
    }
  });
});

describe('signer arguments', () => {
  const keys = nobleProvider.generateKeyPair('P-256');
  it('NO_TOKEN_TLV is 84 01 00; writing into the exported array changes nothing the library signs or accepts', () => {
    expect(toHex(NO_TOKEN_TLV)).toBe('840100');
    NO_TOKEN_TLV[2] = 7;
    try {
      const { bytes, request } = signEuiccPackage({ euiccPackageSigned: pkg, privateKey: keys.privateKey, associationToken: null });
      for (const p of providers) expect(p.ecdsaVerify(keys.publicKey, concat(EuiccPackageSigned.encode(pkg), hex('840100')), request.eimSignature, 'raw'), p.name).toBe(true);
      expect(verifyEuiccPackageRequest(bytes, { publicKey: keys.publicKey, associationToken: null })).toMatchObject({ valid: true, signedSuffix: 'token-zero' });
    } finally {
      NO_TOKEN_TLV[2] = 0;
    }
  });
  it('an omitted token signs as none (84 01 00)', () => {
    const { bytes } = signEuiccPackage({ euiccPackageSigned: pkg, privateKey: keys.privateKey });
    expect(verifyEuiccPackageRequest(bytes, { publicKey: keys.publicKey, associationToken: null })).toMatchObject({ valid: true, signedSuffix: 'token-zero' });
  });
  it('refuses a bad noTokenSuffix', () => {
    expect(() => signEuiccPackage({ euiccPackageSigned: pkg, privateKey: keys.privateKey, noTokenSuffix: 'empty' as never })).toThrow(/noTokenSuffix: expected 'zero' or 'none'/);
    expect(() => signEuiccPackageResult({ euiccPackageResultDataSigned: epr, privateKey: keys.privateKey, noTokenSuffix: 1 as never })).toThrow(TypeError);
  });
});
