/**
 * An eIM relaying an eUICC's answer from ESipa to ES9+ forwards the bytes it received, not a
 * re-encoding (DESIGN.md "Signed data"): a BER-encoded AuthenticateServerResponse (a
 * non-minimal length here, as real eUICCs send now and then) read from an ESipa JSON request
 * leaves in the ES9+ JSON request byte for byte, although the two bindings use the SGP.32 and
 * the SGP.22 type of that name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEsipaRequest, encodeEsipaRequest } from '../../src/esipa/binding.js';
import { encodeEs9Request } from '../../src/esipa/es9plus.js';
import { AuthenticateServerResponse } from '../../src/generated/SGP32Definitions.js';
import { arbs } from './samples.js';
import { fromBase64, includesBytes, toBase64, toHex } from '../support/bytes.js';

/** The same TLV with its outer length in a longer form than DER allows (valid BER). */
function withLongLength(der: Uint8Array): Uint8Array {
  const tagLength = (der[0] & 0x1f) === 0x1f ? 2 : 1;
  const first = der[tagLength];
  const lenBytes = first < 0x80 ? 1 : 1 + (first & 0x7f);
  const content = der.subarray(tagLength + lenBytes);
  const n = content.length;
  return Uint8Array.from([...der.subarray(0, tagLength), 0x84, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255, ...content]);
}

describe('relaying ESipa → ES9+ keeps the received bytes', () => {
  it('a BER AuthenticateServerResponse crosses from the ESipa JSON binding to the ES9+ JSON binding unchanged', () => {
    const values = fc.sample(arbs.forType('SGP32Definitions', 'AuthenticateServerResponse'), { numRuns: 10, seed: 23 });
    for (const v of values) {
      const ber = withLongLength(AuthenticateServerResponse.encode(v as AuthenticateServerResponse));
      const body = new TextEncoder().encode(JSON.stringify({ transactionId: '0A0B', authenticateServerResponse: toBase64(ber) }));
      const { message } = decodeEsipaRequest({ method: 'POST', path: '/gsma/rsp2/esipa/authenticateClient', headers: { 'content-type': 'application/json', 'x-admin-protocol': 'gsma/rsp/v2.1.0' }, body });
      const received = (message.value as { transactionId: Uint8Array; authenticateServerResponse: never });
      const es9 = encodeEs9Request('authenticateClient', received, { binding: 'json' });
      const sent = JSON.parse(new TextDecoder().decode(es9.body)) as { authenticateServerResponse: string; transactionId: string };
      expect(sent.transactionId).toBe('0A0B');
      expect(sent.authenticateServerResponse).toBe(toBase64(ber));
      // A strict decoder refuses those bytes: they were forwarded, not re-encoded.
      expect(() => AuthenticateServerResponse.decode(ber)).toThrow();
    }
  });

  it('from the ESipa ASN.1 binding: the alternative received inside BF3B goes out unchanged under the BF38 header', () => {
    const values = fc.sample(arbs.forType('SGP32Definitions', 'AuthenticateServerResponse'), { numRuns: 10, seed: 29 });
    for (const v of values) {
      const req = encodeEsipaRequest({ $case: 'authenticateClientRequestEsipa', value: { transactionId: Uint8Array.of(10, 11), authenticateServerResponse: v as AuthenticateServerResponse } }, { binding: 'asn1' });
      const { message } = decodeEsipaRequest(req);
      const es9 = encodeEs9Request('authenticateClient', message.value as never, { binding: 'json' });
      const sent = fromBase64((JSON.parse(new TextDecoder().decode(es9.body)) as { authenticateServerResponse: string }).authenticateServerResponse);
      expect(toHex(sent.subarray(0, 2))).toBe('bf38');
      const inner = sent.subarray(2 + (sent[2] < 0x80 ? 1 : 1 + (sent[2] & 0x7f)));
      expect(includesBytes(req.body, inner)).toBe(true);
      expect(inner.length).toBeGreaterThan(0);
    }
  });
});
