/**
 * The annotated tree view of an encoding: one node per TLV with its byte offset, tag, length,
 * ASN.1 name (component, alternative or `[index]`), type and value. It walks the bytes with
 * the schema description (src/generated/schema.ts) rather than with a decoded value, so that
 * it can also show encodings that do not decode (the node where decoding stops carries the
 * error) and BER forms (indefinite lengths). Named numbers read `ok(0)`; ICCIDs and EIDs are
 * shown as digits too; OCTET STRINGs whose content is itself DER (certificates, nested
 * packages, X.509 extension values) are expanded.
 *
 * Pure: no Node APIs (the browser page renders the same nodes).
 *
 * @module
 */
import { Asn1DecodeError } from '../der/errors.js';
import {
  hdr, newReader, rBigInt, rBmp, rBool, rGeneralizedTime, rIa5, rInt, rLatin1, rNull, rNumeric, rOid, rPrintable, rRelOid, rUniversal,
  rUtcTime, rUtf8, rVisible, tagHex, type Reader,
} from '../der/reader.js';
import { rBits } from '../der/bitstring.js';
import { bytesToHex } from './input.js';
import type { Registry } from '../der/registry.js';
import { finalBase as resolveBase, firstTags as tagsOf, isTlvKind, oidValueName, schemaType, splitQualified, typeLabel, type InRegistry, type SchemaType } from './schema.js';

// The walk asks the same questions of the same type entries once per TLV; the answers never
// change, so they are remembered per entry (a whole profile has millions of TLVs).
const BASES = /*@__PURE__*/ new WeakMap<SchemaType, ReturnType<typeof resolveBase>>();
const FIRST_TAGS = /*@__PURE__*/ new WeakMap<SchemaType, number[] | null>();

function finalBase(t: SchemaType): ReturnType<typeof resolveBase> {
  let b = BASES.get(t);
  if (b === undefined) BASES.set(t, (b = resolveBase(t)));
  return b;
}

function firstTags(t: SchemaType): number[] | null {
  let f = FIRST_TAGS.get(t);
  if (f === undefined) FIRST_TAGS.set(t, (f = tagsOf(t)));
  return f;
}
import { PROFILE_ELEMENT, UPP_TYPE, uppOf } from './upp.js';
import { needsMore, tagFields, tryReadHeader } from '../der/header.js';
import { layerText } from '../der/descriptor.js';

/** One TLV of the tree. */
export interface TreeNode {
  /** Offset of the identifier octets, absolute in the input. */
  readonly offset: number;
  /** Identifier + length octets. */
  readonly headerLength: number;
  /** Identifier octets packed big-endian (as the DER reader packs them). */
  readonly tag: number;
  /** Content length (for an indefinite length: up to the end-of-contents octets). */
  readonly length: number;
  readonly indefinite: boolean;
  /** Nesting level, 0 for the outermost TLV. */
  readonly depth: number;
  /** The ASN.1 name: the type name at the top, then component/alternative names or `[index]`. */
  readonly name: string;
  /** The type: the referenced type's name or the built-in type (`UTF8String`, `SEQUENCE OF Psmo`). */
  readonly type: string;
  /** The value of a primitive, formatted (`ok(0)`, `"eim.example"`, hex with digits). */
  readonly value?: string;
  /** What else the reader should know: `unknown extension`, `DER inside`, `explicit tag`. */
  readonly note?: string;
  /** Set on the node where the encoding breaks its type (or TLV rules). */
  readonly error?: { readonly code: string; readonly detail: string };
}

/** Options of {@link buildTree}. */
export interface TreeOptions {
  /** Longest OCTET STRING/BIT STRING value shown in full, in bytes (default 32); longer ones are cut with their size. */
  readonly maxValueBytes?: number;
  /** Expand OCTET STRINGs whose content is DER (default true). */
  readonly expandEncapsulated?: boolean;
  /**
   * Finds the type of an encapsulated encoding (content of an OCTET STRING): returns a
   * `Module.Name` or undefined. Default: none (expanded without names).
   */
  readonly detectNested?: (bytes: Uint8Array) => string | undefined;
  /** Where type names (the `type` argument, nested types) are looked up (`sgp32/inspect`'s `buildTree` defaults it to the five generated modules). */
  readonly registry?: Registry;
}

/** X.509 extension OIDs and the PKIX1Implicit88 types of their values (RFC 5280 §4.2). */
const EXTENSION_TYPES: Readonly<Record<string, string>> = {
  '2.5.29.14': 'PKIX1Implicit88.SubjectKeyIdentifier',
  '2.5.29.15': 'PKIX1Implicit88.KeyUsage',
  '2.5.29.17': 'PKIX1Implicit88.SubjectAltName',
  '2.5.29.18': 'PKIX1Implicit88.IssuerAltName',
  '2.5.29.19': 'PKIX1Implicit88.BasicConstraints',
  '2.5.29.20': 'PKIX1Implicit88.CRLNumber',
  '2.5.29.30': 'PKIX1Implicit88.NameConstraints',
  '2.5.29.31': 'PKIX1Implicit88.CRLDistributionPoints',
  '2.5.29.32': 'PKIX1Implicit88.CertificatePolicies',
  '2.5.29.35': 'PKIX1Implicit88.AuthorityKeyIdentifier',
  '2.5.29.37': 'PKIX1Implicit88.ExtKeyUsageSyntax',
};

/** A few algorithm and curve OIDs that GSMA certificates use but the modules do not name. */
const EXTRA_OIDS: Readonly<Record<string, string>> = {
  '1.2.840.10045.2.1': 'id-ecPublicKey',
  '1.2.840.10045.3.1.7': 'prime256v1',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '2.5.29.14': 'id-ce-subjectKeyIdentifier',
  '2.5.29.15': 'id-ce-keyUsage',
  '2.5.29.17': 'id-ce-subjectAltName',
  '2.5.29.19': 'id-ce-basicConstraints',
  '2.5.29.30': 'id-ce-nameConstraints',
  '2.5.29.31': 'id-ce-cRLDistributionPoints',
  '2.5.29.32': 'id-ce-certificatePolicies',
  '2.5.29.35': 'id-ce-authorityKeyIdentifier',
  '2.5.29.37': 'id-ce-extKeyUsage',
};

/** The name of an OBJECT IDENTIFIER, when the registry's modules (or the short list above) give one. */
export function oidName(oid: string, registry: Registry): string | undefined {
  return EXTRA_OIDS[oid] ?? oidValueName(oid, registry);
}

/**
 * ICCID digits of the 10-octet BCD form with swapped nibbles that SGP.22 uses for `Iccid`
 * (as in EF.ICCID: low nibble first, `F` filler at the end). Undefined when not BCD.
 * @example iccidDigits(hexToBytes('98001032547698103214')) // '89000123456789012341'
 */
export function iccidDigits(bytes: Uint8Array): string | undefined {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    for (const n of [bytes[i] & 15, bytes[i] >> 4]) {
      if (n <= 9) {
        if (out.endsWith('F')) return undefined;
        out += String(n);
      } else if (n === 15) out += 'F';
      else return undefined;
    }
  }
  out = out.replace(/F+$/, '');
  return out.length >= 1 && !out.includes('F') ? out : undefined;
}

/** Digits of a BCD string in plain order (EID, the ICCID of a SAIP ProfileHeader); undefined when not BCD. */
export function bcdDigits(bytes: Uint8Array): string | undefined {
  const hex = bytesToHex(bytes).replace(/f+$/, '');
  return /^[0-9]+$/.test(hex) ? hex : undefined;
}

const UNIVERSAL_TYPES: Readonly<Record<number, string>> = {
  1: 'BOOLEAN', 2: 'INTEGER', 3: 'BIT STRING', 4: 'OCTET STRING', 5: 'NULL', 6: 'OBJECT IDENTIFIER', 10: 'ENUMERATED',
  12: 'UTF8String', 13: 'RELATIVE-OID', 16: 'SEQUENCE', 17: 'SET', 18: 'NumericString', 19: 'PrintableString',
  20: 'TeletexString', 22: 'IA5String', 23: 'UTCTime', 24: 'GeneralizedTime', 26: 'VisibleString', 30: 'BMPString',
};

/** `[APPLICATION 26]`-style notation of a tag without a schema; universal tags by their type name. */
export function tagNotation(tag: number): string {
  const { tagClass, tagNumber } = tagFields(tag);
  return (tagClass === 'universal' ? UNIVERSAL_TYPES[tagNumber] : undefined) ?? layerText(tag);
}

function isConstructed(tag: number): boolean {
  return tagFields(tag).constructed;
}

interface Tlv {
  t: number;
  s: number;
  e: number;
  n: number;
  indefinite: boolean;
  /** Set when the content runs past the end of what holds it: the length announced (-1: indefinite, no end-of-contents). */
  cut?: number;
}

const MAX_DEPTH = 48;

/**
 * The tree of `bytes` read as `type` (`Module.Name`, `UPP`, or null for a plain TLV walk).
 * Never throws on bad bytes: the node where the encoding breaks carries `error`, and the walk
 * goes on with the next sibling when it can.
 *
 * @throws TypeError/RangeError for a bad argument (unknown type name).
 */
export function buildTree(bytes: Uint8Array, type: string | null, options: TreeOptions & InRegistry): TreeNode[] {
  const nodes: TreeNode[] = [];
  walkTree(bytes, type, (n) => void nodes.push(n), options);
  return nodes;
}

/**
 * The nodes of {@link buildTree}, handed to `onNode` one at a time in document order (a parent
 * before its children) instead of being collected: memory stays bounded by the nesting depth,
 * whatever the size of the input, so a renderer can write each node out and forget it.
 *
 * @throws TypeError/RangeError for a bad argument (unknown type name); never for bad bytes.
 * @example walkTree(bytes, 'UPP', (n) => out.write(treeLine(n, 8) + '\n'), { registry })
 */
export function walkTree(bytes: Uint8Array, type: string | null, onNode: (node: TreeNode) => void, options: TreeOptions & InRegistry): void {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes: expected a Uint8Array');
  const registry = options.registry;
  if (type !== null && !(type === UPP_TYPE ? uppOf(registry) : schemaType(type, registry))) throw new RangeError(`type: unknown type ${type}`);
  const maxValueBytes = options.maxValueBytes ?? 32;
  const expand = options.expandEncapsulated ?? true;
  const r: Reader = newReader(bytes, { strict: false, maxDepth: 1000 });
  /** When set, the next node emitted is recorded here (the value of an X.509 extnID). */
  let capture: { node?: TreeNode } | undefined;
  const emit = (n: TreeNode): void => {
    if (capture && !capture.node) capture.node = n;
    onNode(n);
  };

  function read(p: number, limit: number): Tlv | Asn1DecodeError {
    try {
      hdr(r, p, limit);
      return { t: r.t, s: r.s, e: r.e, n: r.n, indefinite: bytes[p + (r.s - p) - 1] === 0x80 && r.n === r.e + 2 };
    } catch (err) {
      if (!(err instanceof Asn1DecodeError)) throw err;
      return (err.code === 'truncated' && cutTlv(p, limit)) || err;
    }
  }

  /**
   * A TLV whose identifier and length octets are whole but whose content runs past `limit`
   * (a truncated capture, a package cut short): its content is what is there, so that the
   * tree still shows every complete TLV inside it. Undefined when the header itself is cut.
   */
  function cutTlv(p: number, limit: number): Tlv | undefined {
    const h = tryReadHeader(bytes, p, { mode: 'partial', end: limit });
    if (h === undefined || needsMore(h) || (!h.indefinite && h.end <= limit)) return undefined;
    return { t: h.tag, s: h.contentStart, e: limit, n: limit, indefinite: false, cut: h.indefinite ? -1 : h.length };
  }

  function push(p: number, tlv: Tlv, depth: number, name: string, typeName: string, extra: Partial<TreeNode> = {}): void {
    emit({
      offset: p,
      headerLength: tlv.s - p,
      tag: tlv.t,
      length: tlv.e - tlv.s,
      indefinite: tlv.indefinite,
      depth,
      name,
      type: typeName,
      ...extra,
      ...(tlv.cut !== undefined
        ? { error: { code: 'truncated', detail: tlv.cut < 0 ? `indefinite length without end-of-contents; ${tlv.e - tlv.s} bytes present` : `content of ${tlv.cut} bytes announced, ${tlv.e - tlv.s} present` } }
        : {}),
    });
  }

  /** A node for bytes that are not a TLV at all (broken header): shown as one error line. */
  function pushBroken(p: number, limit: number, depth: number, name: string, err: Asn1DecodeError): void {
    emit({
      offset: p,
      headerLength: 0,
      tag: p < bytes.length ? bytes[p] : 0,
      length: limit - p,
      indefinite: false,
      depth,
      name,
      type: '?',
      value: shortHex(bytes.subarray(p, limit)),
      error: { code: err.code, detail: err.detail },
    });
  }

  function shortHex(b: Uint8Array): string {
    if (b.length === 0) return '(empty)';
    if (b.length <= maxValueBytes) return bytesToHex(b);
    return `${bytesToHex(b.subarray(0, maxValueBytes))}… (${b.length} bytes)`;
  }

  /** Walks TLVs from p to limit without a schema. */
  function walkGenericRange(p: number, limit: number, depth: number, nameOf: (i: number) => string, note?: string): void {
    for (let i = 0; p < limit; i++) {
      const tlv = read(p, limit);
      if (tlv instanceof Asn1DecodeError) {
        pushBroken(p, limit, depth, nameOf(i), tlv);
        return;
      }
      walkGeneric(p, tlv, depth, nameOf(i), note);
      p = tlv.n;
    }
  }

  /** A TLV read without a schema; `error` (a tag the schema did not expect) replaces any error of its value. */
  function walkGeneric(p: number, tlv: Tlv, depth: number, name: string, note?: string, error?: TreeNode['error']): void {
    const typeName = tagNotation(tlv.t);
    if (isConstructed(tlv.t)) {
      push(p, tlv, depth, name, typeName, { ...(note ? { note } : {}), ...(error ? { error } : {}) });
      if (depth + 1 > MAX_DEPTH) return;
      walkGenericRange(tlv.s, tlv.e, depth + 1, () => '', undefined);
      return;
    }
    const v = universalValue(tlv);
    const err = error ?? v.error;
    push(p, tlv, depth, name, typeName, { value: v.value, ...(note ? { note } : {}), ...(err ? { error: err } : {}) });
    if (v.nested) expandNested(tlv.s, tlv.e, depth + 1, undefined);
  }

  function universalValue(tlv: Tlv): { value: string; error?: TreeNode['error']; nested?: boolean } {
    let first = tlv.t;
    if (first > 0xff) return { value: shortHex(bytes.subarray(tlv.s, tlv.e)) };
    if (first >> 6 !== 0) {
      const content = bytes.subarray(tlv.s, tlv.e);
      return { value: shortHex(content), nested: looksLikeDer(tlv.s, tlv.e) };
    }
    first &= 0x1f;
    const kinds: Record<number, SchemaType[1]> = { 1: 'bool', 2: 'int', 3: 'bits', 4: 'octets', 5: 'null', 6: 'oid', 10: 'int', 13: 'roid', 23: 'time', 24: 'time' };
    const strs: Record<number, string> = { 12: 'UTF8String', 18: 'NumericString', 19: 'PrintableString', 20: 'TeletexString', 22: 'IA5String', 26: 'VisibleString', 30: 'BMPString', 28: 'UniversalString' };
    if (strs[first]) return primitiveValue([[], 'str', strs[first]] as SchemaType, tlv, '', undefined);
    if (first === 23) return primitiveValue([[], 'time', 'UTCTime'] as SchemaType, tlv, '', undefined);
    if (first === 24) return primitiveValue([[], 'time', 'GeneralizedTime'] as SchemaType, tlv, '', undefined);
    const kind = kinds[first];
    if (!kind) return { value: shortHex(bytes.subarray(tlv.s, tlv.e)) };
    return primitiveValue([[], kind] as SchemaType, tlv, '', undefined);
  }

  /** True when [s, e) is one well-formed constructed TLV followed by exactly 8 other bytes. */
  function macSuffix(s: number, e: number): boolean {
    // Random bytes (keys, file contents) are refused by the toolkit's header test from their
    // octets alone, without an error object per refusal.
    if (e - s < 12 || !isConstructed(bytes[s])) return false;
    return tryReadHeader(bytes, s, { end: e - 8 })?.end === e - 8 && looksLikeDer(s, e - 8);
  }

  /** True when [s, e) is one or more complete TLVs, at least one constructed, each well formed down to its leaves. */
  function looksLikeDer(s: number, e: number): boolean {
    if (e - s < 4) return false;
    let constructed = false;
    const check = (p: number, limit: number, depth: number): boolean => {
      if (depth > 32) return false;
      while (p < limit) {
        const h = tryReadHeader(bytes, p, { end: limit });
        if (h === undefined) return false;
        if (h.constructed) {
          constructed = true;
          if (!check(h.contentStart, h.contentEnd, depth + 1)) return false;
        }
        p = h.end;
      }
      return true;
    };
    return check(s, e, 0) && constructed;
  }

  function expandNested(s: number, e: number, depth: number, knownType: string | undefined): void {
    if (!expand || depth > MAX_DEPTH) return;
    const mac = macSuffix(s, e);
    if (mac) {
      // A MAC-protected segment (BSP, SGP.22 §2.5.4): one TLV followed by an 8-byte C-MAC.
      expandNested(s, e - 8, depth, knownType);
      emit({ offset: e - 8, headerLength: 0, tag: bytes[e - 8], length: 8, indefinite: false, depth, name: 'MAC', type: 'C-MAC', value: bytesToHex(bytes.subarray(e - 8, e)), note: 'not a TLV' });
      return;
    }
    const nestedType = knownType ?? options.detectNested?.(bytes.subarray(s, e));
    const nestedView = nestedType ? schemaType(nestedType, registry) : undefined;
    if (nestedType && nestedView) {
      const tlv = read(s, e);
      if (!(tlv instanceof Asn1DecodeError) && tlv.n === e) {
        walkType(nestedView, s, e, depth, splitQualified(nestedType).name, 'DER inside OCTET STRING', nestedType);
        return;
      }
    }
    walkGenericRange(s, e, depth, () => '', 'DER inside OCTET STRING');
  }

  function primitiveValue(base: SchemaType, tlv: Tlv, name: string, refName: string | undefined): { value: string; error?: TreeNode['error']; nested?: boolean } {
    const { s, e } = tlv;
    try {
      switch (base[1]) {
        case 'bool':
          return { value: rBool(r, s, e) ? 'TRUE' : 'FALSE' };
        case 'null':
          rNull(r, s, e);
          return { value: 'NULL' };
        case 'int':
        case 'enum': {
          const v = e - s > 6 ? rBigInt(r, s, e) : rInt(r, s, e);
          const named = base[2] as readonly (readonly [string, number])[] | undefined;
          const hit = named?.find(([, n]) => BigInt(n) === BigInt(v));
          if (hit) return { value: `${hit[0]}(${v})` };
          if (base[1] === 'enum') return { value: String(v), error: { code: 'bad-enumerated', detail: `ENUMERATED value ${v} is not one of the items` } };
          return { value: e - s > 6 ? `${v} (0x${bytesToHex(bytes.subarray(s, e))})` : String(v) };
        }
        case 'bits': {
          const v = rBits(r, s, e, false);
          const len = v.bytes.length * 8 - v.unusedBits;
          let out = `${shortHex(v.bytes)} (${len} bit${len === 1 ? '' : 's'})`;
          const named = base[2] as readonly (readonly [string, number])[] | undefined;
          if (named) {
            const set: string[] = [];
            for (let i = 0; i < len; i++) {
              if (v.bytes[i >> 3] & (0x80 >> (i & 7))) set.push(named.find(([, n]) => n === i)?.[0] ?? String(i));
            }
            out += ` {${set.join(', ')}}`;
          }
          return { value: out };
        }
        case 'octets': {
          const content = bytes.subarray(s, e);
          let value = shortHex(content);
          const iccid = refName === 'RSPDefinitions.Iccid';
          if (iccid) {
            const d = iccidDigits(content);
            if (d) value += ` (ICCID ${d})`;
          } else if (/^(eid|eidValue)$/.test(name) && content.length === 16) {
            const d = bcdDigits(content);
            if (d) value += ` (EID ${d})`;
          } else if (name === 'iccid' && content.length === 10) {
            // The SAIP ProfileHeader keeps the ICCID in plain digit order.
            const d = bcdDigits(content);
            if (d) value += ` (ICCID ${d})`;
          }
          return { value, nested: looksLikeDer(s, e) || macSuffix(s, e) };
        }
        case 'oid': {
          const v = rOid(r, s, e);
          const n = oidName(v, registry);
          return { value: n ? `${v} (${n})` : v };
        }
        case 'roid':
          return { value: rRelOid(r, s, e) };
        case 'time':
          return { value: base[2] === 'UTCTime' ? rUtcTime(r, s, e) : rGeneralizedTime(r, s, e) };
        case 'str':
          return { value: JSON.stringify(readString(base[2] as string, s, e)) };
        default:
          return { value: shortHex(bytes.subarray(s, e)) };
      }
    } catch (err) {
      if (!(err instanceof Asn1DecodeError)) throw err;
      return { value: shortHex(bytes.subarray(s, e)), error: { code: err.code, detail: err.detail } };
    }
  }

  function readString(stringType: string, s: number, e: number): string {
    switch (stringType) {
      case 'UTF8String':
        return rUtf8(r, s, e);
      case 'PrintableString':
        return rPrintable(r, s, e);
      case 'NumericString':
        return rNumeric(r, s, e);
      case 'IA5String':
        return rIa5(r, s, e);
      case 'VisibleString':
        return rVisible(r, s, e);
      case 'BMPString':
        return rBmp(r, s, e);
      case 'UniversalString':
        return rUniversal(r, s, e);
      default:
        return rLatin1(r, s, e);
    }
  }

  /**
   * Walks one value of type `t` whose encoding starts at p (within limit); returns the offset
   * after it. `typeOverride` names the type when `t` is a named type's own entry.
   */
  function walkType(t: SchemaType, p: number, limit: number, depth: number, name: string, note?: string, self?: string): number {
    const { base, refName: ref } = finalBase(t);
    const refName = self ?? ref;
    const label = refName ? splitQualified(refName).name : typeLabel(base);
    const layers = t[0];
    const tlvKind = isTlvKind(base[1]);
    const wrappers = tlvKind ? layers : layers.slice(0, -1);
    let cur = p;
    let curLimit = limit;
    let d = depth;
    let after = -1;
    let wrapped = false;
    for (const w of wrappers) {
      const tlv = read(cur, curLimit);
      if (tlv instanceof Asn1DecodeError) {
        pushBroken(cur, curLimit, d, name, tlv);
        return after < 0 ? curLimit : after;
      }
      if (tlv.t !== w) {
        walkGeneric(cur, tlv, d, name, undefined, { code: 'unexpected-tag', detail: `expected tag ${tagHex(w)} (${label}), found tag ${tagHex(tlv.t)}` });
        return after < 0 ? tlv.n : after;
      }
      push(cur, tlv, d, name, label, { note: note ?? 'explicit tag' });
      note = undefined;
      if (after < 0) after = tlv.n;
      cur = tlv.s;
      curLimit = tlv.e;
      d++;
      wrapped = true;
    }
    const innerName = wrapped ? '' : name;
    const end = (n: number) => (after < 0 ? n : after);
    if (base[1] === 'choice') {
      const tlv = read(cur, curLimit);
      if (tlv instanceof Asn1DecodeError) {
        pushBroken(cur, curLimit, d, innerName, tlv);
        return end(curLimit);
      }
      for (const [altName, altType] of base[2] as readonly (readonly [string, SchemaType, number])[]) {
        const tags = firstTags(altType);
        if (tags === null || tags.includes(tlv.t)) {
          walkType(altType, cur, curLimit, d, innerName ? `${innerName}.${altName}` : altName, note);
          return end(tlv.n);
        }
      }
      walkGeneric(cur, tlv, d, innerName ? `${innerName}.$unknown` : '$unknown', 'unknown alternative');
      return end(tlv.n);
    }
    if (base[1] === 'any') {
      const tlv = read(cur, curLimit);
      if (tlv instanceof Asn1DecodeError) {
        pushBroken(cur, curLimit, d, innerName, tlv);
        return end(curLimit);
      }
      walkGeneric(cur, tlv, d, innerName, note);
      return end(tlv.n);
    }
    const tlv = read(cur, curLimit);
    if (tlv instanceof Asn1DecodeError) {
      pushBroken(cur, curLimit, d, innerName, tlv);
      return end(curLimit);
    }
    const own = layers[layers.length - 1];
    if (own !== undefined && tlv.t !== own) {
      walkGeneric(cur, tlv, d, innerName, undefined, { code: 'unexpected-tag', detail: `expected tag ${tagHex(own)} (${label}), found tag ${tagHex(tlv.t)}` });
      return end(tlv.n);
    }
    const shownType = wrapped ? typeLabel(base) : label;
    switch (base[1]) {
      case 'seq':
      case 'set':
        push(cur, tlv, d, innerName, shownType, note ? { note } : {});
        walkStruct(base, tlv.s, tlv.e, d + 1, refName);
        break;
      case 'seqOf':
      case 'setOf': {
        push(cur, tlv, d, innerName, shownType, note ? { note } : {});
        const el = base[2] as SchemaType;
        let q = tlv.s;
        for (let i = 0; q < tlv.e; i++) {
          if (d + 1 > MAX_DEPTH) break;
          q = walkType(el, q, tlv.e, d + 1, `[${i}]`);
        }
        break;
      }
      default: {
        if (isConstructed(tlv.t)) {
          // A constructed (BER) string: show its segments generically.
          push(cur, tlv, d, innerName, shownType, { note: 'constructed encoding' });
          walkGenericRange(tlv.s, tlv.e, d + 1, () => '');
          break;
        }
        const v = primitiveValue(base, tlv, name, refName);
        push(cur, tlv, d, innerName, shownType, { value: v.value, ...(note ? { note } : {}), ...(v.error ? { error: v.error } : {}) });
        const known = base[1] === 'octets' ? nestedTypeFor(name) : undefined;
        if (v.nested || known) expandNested(tlv.s, tlv.e, d + 1, known);
      }
    }
    return end(tlv.n);
  }

  /** The X.509 extension whose value is being walked (set while walking an Extension). */
  let extensionOid: string | undefined;

  function nestedTypeFor(name: string): string | undefined {
    if (name === 'extnValue' && extensionOid) return EXTENSION_TYPES[extensionOid];
    return undefined;
  }

  function walkStruct(base: SchemaType, s: number, e: number, depth: number, refName: string | undefined): void {
    if (depth > MAX_DEPTH) return;
    const members = base[2] as readonly (readonly [string, SchemaType, number])[];
    const isSet = base[1] === 'set';
    const used: boolean[] = [];
    let next = 0;
    let p = s;
    const saveOid = extensionOid;
    while (p < e) {
      const tlv = read(p, e);
      if (tlv instanceof Asn1DecodeError) {
        pushBroken(p, e, depth, '', tlv);
        break;
      }
      let hit = -1;
      for (let j = isSet ? 0 : next; j < members.length; j++) {
        if (used[j]) continue;
        const tags = firstTags(members[j][1]);
        if (tags === null || tags.includes(tlv.t)) {
          hit = j;
          break;
        }
      }
      if (hit < 0) {
        walkGeneric(p, tlv, depth, '$unknown', 'unknown extension');
        p = tlv.n;
        continue;
      }
      used[hit] = true;
      next = hit + 1;
      const [mName, mType] = members[hit];
      if (refName === 'PKIX1Explicit88.Extension' && mName === 'extnID') {
        const seen: { node?: TreeNode } = {};
        capture = seen;
        p = walkType(mType, p, e, depth, mName);
        capture = undefined;
        extensionOid = seen.node?.value?.split(' ')[0];
        continue;
      }
      p = walkType(mType, p, e, depth, mName);
    }
    extensionOid = saveOid;
  }

  if (type === UPP_TYPE) {
    const pe = schemaType(PROFILE_ELEMENT, registry)!;
    let p = 0;
    for (let i = 0; p < bytes.length; i++) p = walkType(pe, p, bytes.length, 0, `${UPP_TYPE}[${i}]`);
  } else if (type === null) {
    walkGenericRange(0, bytes.length, 0, () => '');
  } else {
    const end = walkType(schemaType(type, registry)!, 0, bytes.length, 0, splitQualified(type).name, undefined, type);
    if (end < bytes.length) {
      walkGenericRange(end, bytes.length, 0, () => '(trailing)', 'after the value');
    }
  }
}

/** Options of {@link formatTree}. */
export interface FormatTreeOptions {
  /** Print the column header line first (default true). */
  readonly header?: boolean;
  /** Colour the parts of each line with ANSI escapes (default false), as `--color` asks. */
  readonly color?: boolean;
}

const INDENTS = /*@__PURE__*/ Array.from({ length: 64 }, (_, i) => '  '.repeat(i));

/** The width of the offset column for an input of `size` bytes (at least 6). */
export function offsetWidth(size: number): number {
  return Math.max(6, String(Math.max(0, size - 1)).length);
}

/** The column header of {@link formatTree} for offsets `width` digits wide. */
export function treeHeader(width: number): string {
  return `${'offset'.padStart(width)}  ${'tag'.padEnd(6)}  ${'length'.padStart(6)}  name value  -- type`;
}

const ANSI = { dim: '\x1b[2m', bold: '\x1b[1m', red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', cyan: '\x1b[36m', reset: '\x1b[0m' } as const;

/**
 * One node as a line of {@link formatTree} (without the newline), offsets `width` digits wide.
 * With `color`, the name is bold, the value green, the type cyan, the tag yellow, notes dim
 * and errors red.
 */
export function treeLine(n: TreeNode, width: number, color = false): string {
  const paint = color ? (code: string, text: string) => (text ? code + text + ANSI.reset : text) : (_: string, text: string) => text;
  const len = n.indefinite ? `${n.length}*` : String(n.length);
  const indent = INDENTS[n.depth] ?? '  '.repeat(n.depth);
  const name = n.name;
  const showType = n.type !== '' && n.type !== name;
  let text = indent + paint(ANSI.bold, name);
  let plain = name !== '';
  if (n.value !== undefined) {
    text += (name ? ' ' : '') + paint(ANSI.green, n.value);
    plain ||= n.value.trim() !== '';
  }
  if (showType) text += `${plain ? '  ' : ''}${paint(ANSI.cyan, `-- ${n.type}`)}`;
  if (n.note) text += ' ' + paint(ANSI.dim, `[${n.note}]`);
  if (n.error) text += ' ' + paint(ANSI.red, `!${n.error.code}: ${n.error.detail}`);
  const tag = n.headerLength === 0 && !n.error ? '--' : tagHex(n.tag);
  return `${paint(ANSI.dim, String(n.offset).padStart(width))}  ${paint(ANSI.yellow, tag.padEnd(6))}  ${len.padStart(6)}  ${text}`;
}

/**
 * The tree as text, one line per node:
 * `offset  tag  length  <indent>name value  -- Type [note] !error`.
 * Offsets and lengths are decimal; tags are the identifier octets in hex.
 * For output of any size, write {@link treeLine} per node from {@link walkTree} instead.
 */
export function formatTree(nodes: readonly TreeNode[], options: FormatTreeOptions = {}): string[] {
  const maxOffset = nodes.reduce((m, n) => Math.max(m, n.offset), 0);
  const ow = Math.max(6, String(maxOffset).length);
  const lines: string[] = [];
  if (options.header ?? true) lines.push(treeHeader(ow));
  for (const n of nodes) lines.push(treeLine(n, ow, options.color));
  return lines;
}
