/**
 * Test helper: re-encodes DER as BER with long-form lengths (`81 len` / `82 hi lo`) on every
 * TLV, recursing into constructed encodings — the shape of the non-minimal lengths some eUICCs
 * send. Independent of the library's reader.
 */
export function toLongFormBer(der: Uint8Array): Uint8Array {
  const out: number[] = [];
  let p = 0;
  while (p < der.length) {
    const start = p;
    const first = der[p++];
    if ((first & 0x1f) === 0x1f) while (der[p++] & 0x80);
    const tag = der.subarray(start, p);
    let len = der[p++];
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + der[p++];
    }
    const content = der.subarray(p, p + len);
    p += len;
    const body = first & 0x20 ? toLongFormBer(content) : content;
    out.push(...tag);
    if (body.length < 256) out.push(0x81, body.length);
    else out.push(0x82, body.length >> 8, body.length & 0xff);
    out.push(...body);
  }
  return Uint8Array.from(out);
}
