/**
 * Share links of the decoder page: the fragment round-trips any input, base64url agrees with
 * the platform's base64 (btoa, with the RFC 4648 §5 alphabet and no padding), damaged fragments read as "no share link", and bad arguments are refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../support/bytes.js';
import { MAX_SHARE_BYTES, fromBase64Url, readShareFragment, shareFragment, toBase64Url } from '../../src/web/share.js';

describe('share fragment', () => {
  it('round-trips bytes and type, and base64url matches the platform encoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.option(fc.constantFrom('SGP32Definitions.EuiccPackageRequest', 'RSPDefinitions.EUICCInfo1')), (bytes, type) => {
        const f = shareFragment(type ? { bytes, type } : { bytes });
        expect(f.slice(3, f.indexOf('&') < 0 ? undefined : f.indexOf('&'))).toBe(toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
        const back = readShareFragment(f);
        expect(back?.bytes).toEqual(bytes);
        expect(back?.type).toBe(type ?? undefined);
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
      }),
    );
  });

  it('reads anything else as no share link', () => {
    for (const f of ['', '#', '#x=1', '#b=', '#b=*&t=x', '#b=A', '#b=AAAAA']) expect(readShareFragment(f), f).toBeNull();
  });

  it('refuses empty, oversized and non-byte input', () => {
    expect(() => shareFragment({ bytes: new Uint8Array(0) })).toThrow(RangeError);
    expect(() => shareFragment({ bytes: new Uint8Array(MAX_SHARE_BYTES + 1) })).toThrow(/more than a link can carry/);
    expect(() => shareFragment({ bytes: [1, 2] as unknown as Uint8Array })).toThrow(TypeError);
  });
});
