/**
 * Wycheproof ECDSA verification vectors (C2SP/wycheproof testvectors_v1, see
 * test/fixtures/wycheproof/PROVENANCE.md) through both providers.
 *
 * Policy:
 * - `valid` must verify and `invalid` must not, on both providers, which must agree;
 * - `acceptable` cases are decided by their flags. Our verifier is strict on purpose (a GSMA
 *   signature has exactly one accepted encoding), so every acceptable case whose flags are about
 *   lenient encodings (BER lengths, missing or extra zero bytes, short P1363 sizes) must be
 *   rejected. An acceptable case with any other flag fails the test until someone decides it.
 * - Signature malleability: a high-s signature is `valid` in Wycheproof and verifies here (we do
 *   not enforce low s, because eUICCs and OpenSSL produce both).
 * - P1363 vectors also run in DER form (converted with ecdsaRawToDer) when they are 64 bytes:
 *   the verdict must not depend on the form.
 */
import { describe, expect, it } from 'vitest';
import { publicKeyFromRaw } from '../../src/crypto/keys.js';
import { ecdsaRawToDer } from '../../src/crypto/signature-form.js';
import type { Curve, SignatureForm } from '../../src/crypto/provider.js';
import { listDir, readBytes } from '../support/files.js';
import { hex, providers } from './helpers.js';

interface WpTest {
  tcId: number;
  flags: string[];
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface WpFile {
  schema: string;
  numberOfTests: number;
  keptTests: number;
  keptTcIds: string;
  testGroups: { type: string; publicKey: { curve: string; uncompressed: string }; tests: WpTest[] }[];
}

/** Flags of `acceptable` cases that our strict verifier rejects on purpose. */
const STRICT_REJECT = new Set(['BerEncodedSignature', 'MissingZero', 'SignatureSize', 'InvalidEncoding', 'InvalidTypesInSignature']);

const files = listDir('fixtures', 'wycheproof').filter((f) => f.endsWith('_test.json'));
const readWp = (file: string): WpFile => JSON.parse(new TextDecoder().decode(readBytes('fixtures', 'wycheproof', file))) as WpFile;
const curveOf = (c: string): Curve => (c === 'secp256r1' ? 'P-256' : c === 'brainpoolP256r1' ? 'brainpoolP256r1' : (() => { throw new Error(`unexpected curve ${c}`); })());

function expected(t: WpTest): boolean {
  if (t.result === 'valid') return true;
  if (t.result === 'invalid') return false;
  if (t.flags.some((f) => STRICT_REJECT.has(f))) return false;
  throw new Error(`tcId ${t.tcId}: acceptable case with flags ${t.flags.join(',')} has no policy`);
}

describe('Wycheproof acceptable-case policy', () => {
  const t = (flags: string[]): WpTest => ({ tcId: 0, flags, msg: '', sig: '', result: 'acceptable' });
  it('rejects acceptable cases flagged as lenient encodings', () => {
    for (const f of STRICT_REJECT) expect(expected(t([f])), f).toBe(false);
  });
  it('refuses to guess for acceptable cases with other flags', () => {
    expect(() => expected(t(['SomeFutureFlag']))).toThrow('has no policy');
  });
});

describe('Wycheproof fixtures', () => {
  it('are present for both curves and both forms', () => {
    for (const c of ['secp256r1', 'brainpoolP256r1']) {
      expect(files, c).toContain(`ecdsa_${c}_sha256_p1363_test.json`);
    }
    for (const c of ['secp256r1', 'brainpoolP256r1']) {
      expect(files, c).toContain(`ecdsa_${c}_sha256_test.json`);
    }
  });

  it.each(files)('%s is complete: every upstream test, tcIds 1..numberOfTests', (file) => {
    const wp = readWp(file);
    const ids = wp.testGroups.flatMap((g) => g.tests.map((t) => t.tcId));
    // numberOfTests is the upstream total; every upstream test is stored, in upstream order
    expect(wp.keptTests).toBe(wp.numberOfTests);
    expect(ids.length).toBe(wp.numberOfTests);
    expect(ids).toEqual(Array.from({ length: wp.numberOfTests }, (_, i) => i + 1));
    expect(wp.keptTcIds).toBe(`1-${wp.numberOfTests}`);
  });
});

describe.each(files)('Wycheproof %s', (file) => {
  const wp = readWp(file);
  const form: SignatureForm = wp.testGroups[0].type === 'EcdsaP1363Verify' ? 'raw' : 'der';

  it.each(providers.map((p) => [p.name, p] as const))('%s provider: every case as Wycheproof says', (_name, p) => {
    const counts = { valid: 0, invalid: 0, acceptable: 0 };
    for (const g of wp.testGroups) {
      const key = publicKeyFromRaw(curveOf(g.publicKey.curve), hex(g.publicKey.uncompressed));
      for (const t of g.tests) {
        const want = expected(t);
        const msg = hex(t.msg);
        const sig = hex(t.sig);
        expect(p.ecdsaVerify(key, msg, sig, form), `tcId ${t.tcId} (${t.flags.join(',')})`).toBe(want);
        if (form === 'raw' && sig.length === 64) {
          expect(p.ecdsaVerify(key, msg, ecdsaRawToDer(sig), 'der'), `tcId ${t.tcId} as DER`).toBe(want);
        }
        counts[t.result]++;
      }
    }
    expect(counts.valid).toBeGreaterThan(0);
    expect(counts.invalid).toBeGreaterThan(0);
  });
});
