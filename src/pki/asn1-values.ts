/**
 * Decoders for the few primitive values the certificate view needs (OBJECT IDENTIFIER,
 * character strings, Name), over the TLV reader. Bounded and total: bad content yields
 * `undefined`, never an exception.
 *
 * @module
 */
import { childrenOf, isProblem, readTlv, type Tlv } from './tlv.js';

/** Decodes OBJECT IDENTIFIER content octets to dotted form (X.690 §8.19), or undefined. */
export function decodeOid(content: Uint8Array): string | undefined {
  if (content.length === 0 || content.length > 64) return undefined;
  const arcs: bigint[] = [];
  let v = 0n;
  let started = false;
  for (let i = 0; i < content.length; i++) {
    const b = content[i];
    if (!started && b === 0x80) return undefined;
    started = true;
    v = (v << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(v);
      v = 0n;
      started = false;
    }
  }
  if (started) return undefined;
  const first = arcs[0];
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

const utf8 = /*@__PURE__*/ new TextDecoder('utf-8', { fatal: false });

/** Decodes a universal character string TLV to a JS string, or undefined for other types. */
export function decodeString(bytes: Uint8Array, tlv: Tlv): string | undefined {
  if (tlv.tagClass !== 0 || tlv.constructed) return undefined;
  const c = bytes.subarray(tlv.contentStart, tlv.contentEnd);
  switch (tlv.tagNumber) {
    case 12: // UTF8String
      return utf8.decode(c);
    case 19: // PrintableString
    case 22: // IA5String
    case 26: // VisibleString
    case 20: // TeletexString (read as Latin-1)
      return String.fromCharCode(...c);
    case 30: {
      // BMPString, UTF-16BE
      let s = '';
      for (let i = 0; i + 1 < c.length; i += 2) s += String.fromCharCode((c[i] << 8) | c[i + 1]);
      return s;
    }
    case 28: {
      // UniversalString, UTF-32BE
      let s = '';
      for (let i = 0; i + 3 < c.length; i += 4) {
        const cp = ((c[i] << 24) | (c[i + 1] << 16) | (c[i + 2] << 8) | c[i + 3]) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return s;
    }
    default:
      return undefined;
  }
}

/** Short names of the attribute types usual in GSMA certificates (RFC 4514 §3 plus serialNumber). */
const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

/** One attribute of a distinguished name. */
export interface NameAttribute {
  /** Dotted OID of the attribute type. */
  readonly type: string;
  /** Short name (`CN`, `O`, `serialNumber`, …) when the type is a common one. */
  readonly shortName: string | undefined;
  /** The value as text (undefined when it is not a character string). */
  readonly value: string | undefined;
  /** The value's complete TLV as encoded. */
  readonly valueDer: Uint8Array;
}

/** A distinguished name: its text form, exact DER, and attributes in encoding order. */
export interface DistinguishedName {
  /**
   * RFC 4514 text: RDNs from last to first, separated by `,`; multi-valued RDNs joined by `+`;
   * special characters escaped with `\`, non-string values as `#hex`.
   */
  readonly text: string;
  /** The Name TLV exactly as encoded in the certificate. */
  readonly der: Uint8Array;
  /** Relative distinguished names in encoding order, each a list of attributes. */
  readonly rdns: readonly (readonly NameAttribute[])[];
}

function escapeValue(v: string): string {
  let out = v.replace(/[\\,+"<>;=]/g, (m) => `\\${m}`);
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 0) out = `${out.slice(0, -1)}\\ `;
  return out;
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Decodes a Name TLV (RFC 5280 §4.1.2.4), or undefined when its structure is wrong. */
export function decodeName(bytes: Uint8Array, tlv: Tlv): DistinguishedName | undefined {
  if (tlv.tagClass !== 0 || tlv.tagNumber !== 16 || !tlv.constructed) return undefined;
  const sets = childrenOf(bytes, tlv);
  if (isProblem(sets)) return undefined;
  const rdns: NameAttribute[][] = [];
  for (const set of sets) {
    if (set.tagClass !== 0 || set.tagNumber !== 17 || !set.constructed) return undefined;
    const atvs = childrenOf(bytes, set);
    if (isProblem(atvs) || atvs.length === 0) return undefined;
    const rdn: NameAttribute[] = [];
    for (const atv of atvs) {
      if (atv.tagClass !== 0 || atv.tagNumber !== 16 || !atv.constructed) return undefined;
      const parts = childrenOf(bytes, atv);
      if (isProblem(parts) || parts.length !== 2) return undefined;
      const [oidTlv, valTlv] = parts;
      if (oidTlv.tagClass !== 0 || oidTlv.tagNumber !== 6 || oidTlv.constructed) return undefined;
      const type = decodeOid(bytes.subarray(oidTlv.contentStart, oidTlv.contentEnd));
      if (type === undefined) return undefined;
      rdn.push({
        type,
        shortName: ATTRIBUTE_NAMES[type],
        value: decodeString(bytes, valTlv),
        valueDer: bytes.slice(valTlv.start, valTlv.end),
      });
    }
    rdns.push(rdn);
  }
  const text = [...rdns]
    .reverse()
    .map((rdn) =>
      rdn
        .map((a) => {
          const key = a.shortName ?? a.type;
          return a.value !== undefined ? `${key}=${escapeValue(a.value)}` : `${key}=#${hex(a.valueDer)}`;
        })
        .join('+'),
    )
    .join(',');
  return { text, der: bytes.slice(tlv.start, tlv.end), rdns };
}

/** Reads the TLV at `offset` of `bytes` and decodes it as a Name. */
export function decodeNameAt(bytes: Uint8Array, offset: number): DistinguishedName | undefined {
  const t = readTlv(bytes, offset);
  return isProblem(t) ? undefined : decodeName(bytes, t);
}
