/**
 * Robustness: every single-byte change of a signature invalidates its chain at that
 * certificate; BER re-encodings and trailing bytes are refused as non-DER; random mutations of
 * real certificates make the parser throw only CertificateParseError and never make the
 * validator throw.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CertificateParseError, parseCertificate, parseCertificates, validateChain, type CertificateView } from '../../src/pki/index.js';
import { hdr, newReader } from '../../src/der/reader.js';
import { NOW } from './build.js';
import { concat, derLength } from '../support/bytes.js';
import { chains } from './chains.js';
import { HAVE_CERTS, loadManifest, readVector } from './vectors.js';

/** Rewrites every TLV length (recursively through constructed encodings) in long form. */
function berify(der: Uint8Array, start = 0, end = der.length): Uint8Array {
  const parts: Uint8Array[] = [];
  let p = start;
  const r = newReader(der);
  while (p < end) {
    hdr(r, p, end);
    const [tag, s, e, next] = [der[p], r.s, r.e, r.n];
    const body = tag & 0x20 ? berify(der, s, e) : der.subarray(s, e);
    const n = body.length;
    parts.push(der.subarray(p, p + 1), Uint8Array.of(0x84, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff), body);
    p = next;
  }
  return concat(...parts);
}

describe('strict DER', () => {
  const all: [string, Uint8Array][] = chains.flatMap(([n, c]) => c.map((b, i) => [`${n}[${i}]`, b] as [string, Uint8Array]));
  if (HAVE_CERTS) for (const m of loadManifest().certificates) all.push([m.file, parseCertificate(readVector(m.file)).der]);

  it('BER (long-form) re-encodings parse to the same view but never validate', () => {
    for (const [n, der] of all) {
      const ber = berify(der);
      expect(ber.length, n).toBeGreaterThan(der.length);
      const a = parseCertificate(der);
      const b = parseCertificate(ber);
      expect(a.problems, n).toEqual([]);
      expect(b.problems.some((p) => p.code === 'non-der' && p.detail.includes('non-minimal-length')), n).toBe(true);
      expect([b.subject.text, b.issuer.text, b.serialNumber, b.notAfter.getTime(), b.role, b.eid], n).toEqual([a.subject.text, a.issuer.text, a.serialNumber, a.notAfter.getTime(), a.role, a.eid]);
      const v = validateChain({ chain: [ber], anchors: [ber], at: null, expectedRole: 'eim' });
      expect(v, n).toMatchObject({ valid: false, reason: 'non-der-encoding', index: 0 });
    }
  });

  it('trailing bytes after a certificate are refused', () => {
    for (const [n, der] of all) {
      for (const extra of [Uint8Array.of(0), Uint8Array.of(0x05, 0x00), new Uint8Array(17).fill(0xab)]) {
        const t = concat(der, extra);
        const v = parseCertificate(t);
        expect(v.problems[0]?.code, n).toBe('non-der');
        expect(v.problems[0]?.detail, n).toMatch(/trailing-data/);
        const verdict = validateChain({ chain: [t], anchors: [t], at: null, expectedRole: 'eim' });
        expect(verdict, n).toMatchObject({ valid: false, reason: 'non-der-encoding', index: 0 });
        expect(!verdict.valid && verdict.detail).toMatch(/trailing-data/);
      }
    }
  });

  it('BER in the middle of a chain is reported at its index', () => {
    const [, chain, at] = chains[0];
    const v = validateChain({ chain: [chain[0], berify(chain[1]), chain[2]], anchors: [chain[0]], at });
    expect(v).toMatchObject({ valid: false, reason: 'non-der-encoding', index: 1 });
    // Only the outer length of a DER certificate in long form (so its TBS and signature are intact).
    const eum = chain[1];
    const r = newReader(eum);
    hdr(r, 0, eum.length);
    const body = eum.subarray(r.s);
    const outerOnly = concat(Uint8Array.of(0x30, 0x84), Uint8Array.of(0, 0, body.length >> 8, body.length & 0xff), body);
    expect(derLength(body.length).length).toBeLessThan(5);
    const w = validateChain({ chain: [chain[0], outerOnly, chain[2]], anchors: [chain[0]], at });
    expect(w).toMatchObject({ valid: false, reason: 'non-der-encoding', index: 1 });
    expect(!w.valid && w.detail).toMatch(/\(non-minimal-length\) at byte 0/);
  });
});

describe('random mutations of real certificates (property)', () => {
  const [, gen] = chains[1];
  const sources: Uint8Array[] = HAVE_CERTS
    ? ['sgp26/CI/CERT_CI_ECDSA_BRP.der', 'sgp26/EUM/CERT_EUM_ECDSA_NIST.der', 'sgp26/eUICC/CERT_EUICC_ECDSA_NIST.der', 'sgp26/DPtls/CERT_S_SM_DP_TLS_NIST.der'].map(readVector)
    : gen;
  const anchorsFor = HAVE_CERTS ? [readVector('sgp26/CI/CERT_CI_ECDSA_NIST.der'), readVector('sgp26/CI/CERT_CI_ECDSA_BRP.der')] : [gen[0]];
  const eum: CertificateView = parseCertificate(HAVE_CERTS ? readVector('sgp26/EUM/CERT_EUM_ECDSA_NIST.der') : gen[1]);

  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), pos: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('insert' as const), pos: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('delete' as const), pos: fc.nat(), value: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('truncate' as const), pos: fc.nat(), value: fc.constant(0) }),
    fc.record({ kind: fc.constant('xor' as const), pos: fc.nat(), value: fc.integer({ min: 1, max: 255 }) }),
  );

  function apply(src: Uint8Array, muts: { kind: string; pos: number; value: number }[]): Uint8Array {
    let b: Uint8Array = src.slice();
    for (const m of muts) {
      const pos = b.length === 0 ? 0 : m.pos % b.length;
      if (m.kind === 'set') b[pos] = m.value;
      else if (m.kind === 'xor') b[pos] ^= m.value;
      else if (m.kind === 'insert') b = concat(b.subarray(0, pos), Uint8Array.of(m.value), b.subarray(pos));
      else if (m.kind === 'delete') b = concat(b.subarray(0, pos), b.subarray(pos + m.value));
      else b = b.subarray(0, pos);
    }
    return b;
  }

  it('parse throws only CertificateParseError; validation never throws', () => {
    let parsed = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fc.nat({ max: sources.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (i, muts) => {
        const bytes = apply(sources[i], muts);
        let view: CertificateView;
        try {
          view = parseCertificate(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(CertificateParseError);
          rejected++;
          return;
        }
        parsed++;
        for (const v of [
          validateChain({ chain: [eum, view], anchors: anchorsFor, at: NOW }),
          validateChain({ chain: [view], anchors: anchorsFor, at: NOW }),
          validateChain({ chain: [view], anchors: [view], at: null, expectedRole: 'eim' }),
        ]) {
          expect(typeof v.valid).toBe('boolean');
          if (!v.valid) expect(typeof v.detail).toBe('string');
        }
        try {
          expect(parseCertificates(bytes).length).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(CertificateParseError);
        }
      }),
      { numRuns: 400 },
    );
    expect(parsed).toBeGreaterThan(20);
    expect(rejected).toBeGreaterThan(20);
  });

  it('unusable inputs raise typed errors', () => {
    const codes = (f: () => unknown): string => {
      try {
        f();
        return 'no error';
      } catch (e) {
        return e instanceof CertificateParseError ? e.code : `other: ${String(e)}`;
      }
    };
    expect(codes(() => parseCertificate(new Uint8Array(0)))).toBe('empty-input');
    expect(codes(() => parseCertificate('hello'))).toBe('empty-input');
    expect(codes(() => parseCertificate('-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n'))).toBe('invalid-pem');
    expect(codes(() => parseCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n'))).toBe('invalid-pem');
    expect(codes(() => parseCertificate(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01)))).toBe('not-a-certificate');
    expect(codes(() => parseCertificate(Uint8Array.of(0x04, 0x01, 0x00)))).toBe('not-a-certificate');
    expect(() => parseCertificate(42 as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => validateChain({ chain: [], anchors: [], at: NOW })).toThrow(RangeError);
    expect(() => validateChain({ chain: [gen[1]], anchors: [gen[0]], at: new Date('x') })).toThrow(TypeError);
    expect(() => validateChain({ chain: [gen[1]], anchors: [gen[0]], at: NOW, expectedRole: 'smsr' as never })).toThrow(/expectedRole/);
    expect(() => validateChain({ chain: [gen[1]], anchors: [gen[0]], at: NOW, provider: {} as never })).toThrow(/options.provider/);
    expect(() => validateChain({ chain: [gen[1]], anchors: [gen[0]], at: NOW, eidCheckDigits: 'no' as never })).toThrow(/eidCheckDigits/);
    expect(() => validateChain({ chain: 'x' as never, anchors: [], at: NOW })).toThrow(TypeError);
    expect(() => validateChain({ chain: [{} as never], anchors: [], at: NOW })).toThrow(/options.chain\[0\]/);
    expect(() => validateChain({ chain: [gen[1]], anchors: [Uint8Array.of(1, 2)], at: NOW })).toThrow(CertificateParseError);
  });
});
