/**
 * Facts of X.680 the resolver needs: the universal tag numbers of the built-in types, the
 * top OID arcs X.660 names, and small conversions.
 *
 * @module
 */
import { Asn1SyntaxError, type CharacterStringType, type TypeAst } from '../ast.js';

export const UNIVERSAL_STRING_TAG: Record<CharacterStringType, number> = {
  UTF8String: 12,
  NumericString: 18,
  PrintableString: 19,
  TeletexString: 20,
  T61String: 20,
  VideotexString: 21,
  IA5String: 22,
  GraphicString: 25,
  VisibleString: 26,
  ISO646String: 26,
  GeneralString: 27,
  UniversalString: 28,
  BMPString: 30,
  ObjectDescriptor: 7,
};

/** Top arcs of the OID tree that X.660 names, for `{ iso member-body(2) … }` written without numbers. */
export const WELL_KNOWN_ARCS: Record<string, bigint> = {
  'itu-t': 0n,
  ccitt: 0n,
  iso: 1n,
  'joint-iso-itu-t': 2n,
  'joint-iso-ccitt': 2n,
};

/** The character string types, by name. */
export const CHAR_TYPES = new Set(Object.keys(UNIVERSAL_STRING_TAG));

export function toNum(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

export function bitsToHex(bits: string): { hex: string; unusedBits: number } {
  const len = bits.length;
  const bytes = new Uint8Array((len + 7) >> 3);
  for (let i = 0; i < len; i++) if (bits[i] === '1') bytes[i >> 3] |= 0x80 >> (i & 7);
  return { hex: Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join(''), unusedBits: (8 - (len & 7)) & 7 };
}

/** The universal tag number of a built-in type (X.680 §8.6). */
export function universalNumber(t: TypeAst): number {
  switch (t.kind) {
    case 'BOOLEAN':
      return 1;
    case 'INTEGER':
      return 2;
    case 'BIT STRING':
      return 3;
    case 'OCTET STRING':
      return 4;
    case 'NULL':
      return 5;
    case 'OBJECT IDENTIFIER':
      return 6;
    case 'REAL':
      return 9;
    case 'ENUMERATED':
      return 10;
    case 'RELATIVE-OID':
      return 13;
    case 'SEQUENCE':
    case 'SEQUENCE OF':
      return 16;
    case 'SET':
    case 'SET OF':
      return 17;
    case 'string':
      return UNIVERSAL_STRING_TAG[t.stringType];
    case 'time':
      return t.timeType === 'UTCTime' ? 23 : 24;
    default:
      throw new Asn1SyntaxError('unsupported', `no universal tag for ${t.kind}`, t.pos);
  }
}

export function isConstructedKind(kind: TypeAst['kind']): boolean {
  return kind === 'SEQUENCE' || kind === 'SET' || kind === 'SEQUENCE OF' || kind === 'SET OF';
}
