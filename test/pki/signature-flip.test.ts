/**
 * Any single-byte change of any certificate's signature makes it invalid, at that certificate,
 * with reason bad-signature (generated chains on both curves and the SGP.26 chains).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CHAIN_INVALID_REASONS, parseCertificate, validateChain } from '../../src/pki/index.js';
import { chains } from './chains.js';

describe('signature byte flips', () => {
  // Each flip is checked against the certificate's own issuer as the anchor (one signature
  // verification per case, to keep the exhaustive sweep fast); the property below flips
  // inside whole chains.
  it.each(chains.filter(([n]) => !/mixed|DPauth/.test(n)).map(([n, c, at]) => [n, c, at] as const))('%s: flipping any byte of any signature invalidates it', (_n, chain, at) => {
    expect(validateChain({ chain, anchors: [chain[0]], at }).valid).toBe(true);
    let count = 0;
    for (let k = 0; k < chain.length; k++) {
      const cert = chain[k];
      const sigLen = parseCertificate(cert).signature.length;
      const issuer = parseCertificate(chain[Math.max(0, k - 1)]);
      const unflipped = validateChain({ chain: [cert], anchors: [issuer], at: null, expectedRole: 'eim' });
      // Unflipped, the sub-chain passes every check up to and including the signatures.
      const after = CHAIN_INVALID_REASONS.indexOf('bad-signature');
      expect(unflipped.valid || CHAIN_INVALID_REASONS.indexOf(unflipped.reason) > after, unflipped.valid ? '' : unflipped.detail).toBe(true);
      for (let pos = cert.length - sigLen; pos < cert.length; pos++) {
        const flipped = cert.slice();
        flipped[pos] ^= 0x01 << (pos % 8);
        const v = validateChain({ chain: [flipped], anchors: [k === 0 ? flipped : issuer], at: null, expectedRole: 'eim' });
        expect(v.valid ? 'valid' : `${v.reason}@${v.index}`, `${k}@${pos}`).toBe('bad-signature@0');
        count++;
      }
    }
    expect(count).toBeGreaterThan(chain.length * 60);
  });

  it('random masks on random signature bytes (property)', () => {
    const [, chain, at] = chains[2];
    const sigLens = chain.map((c) => parseCertificate(c).signature.length);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (k, n, mask) => {
        const cert = chain[k].slice();
        const pos = cert.length - sigLens[k] + (n % sigLens[k]);
        cert[pos] ^= mask;
        // A flipped anchor is given as the anchor: its self-signature fails at index -1.
        const v =
          k === 0
            ? validateChain({ chain: chain.slice(1), anchors: [cert], at })
            : validateChain({ chain: chain.map((c, i) => (i === k ? cert : c)), anchors: [chain[0]], at });
        return !v.valid && v.reason === 'bad-signature' && v.index === (k === 0 ? -1 : k);
      }),
      { numRuns: 40 },
    );
  });
});

