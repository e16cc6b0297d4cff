/**
 * The DER toolkit for people: a named-field TLV header reader (X.690 §8.1.2 identifier,
 * §8.1.3 length) and an iterator over the children of a constructed TLV, for code that walks
 * encodings by hand (key containers, signature forms, streaming parsers, tools).
 *
 * It reads with the same header parser as the generated codecs (`hdr` in ./reader.ts), so a
 * header, its offsets and its errors are exactly what a codec would see. Three modes:
 * - `strict`: DER (X.690 §10): definite lengths in their shortest form; the whole TLV must
 *   lie before `end`.
 * - `lenient`: BER as seen in the field: indefinite and non-minimal lengths are accepted and
 *   reported as diagnostics; the whole TLV (with its end-of-contents octets) must lie before `end`.
 * - `partial`: for bytes that arrive in pieces: only the header must be there; when it is
 *   not yet complete the answer is "need at least N more bytes" instead of an error. Lengths
 *   may be long (`minimal: false` says so) but take at most four octets, so a header is never
 *   more than nine bytes; an indefinite length is returned as such, its end unknown.
 *
 * Bad bytes raise {@link Asn1DecodeError} with a `code` and the absolute `offset` of the TLV.
 *
 * @module
 */
import type { Diagnostic } from './errors.js';
import { Asn1DecodeError } from './errors.js';
import { hdr, newReader, rOid, tagHex } from './reader.js';

/** The class of a tag (X.690 §8.1.2.2, bits 8 and 7 of the first identifier octet). */
export type TagClass = 'universal' | 'application' | 'context' | 'private';

const CLASSES: readonly TagClass[] = ['universal', 'application', 'context', 'private'];

/** How {@link readHeader} reads; see the module comment. */
export type HeaderMode = 'strict' | 'lenient' | 'partial';

/** Options of {@link readHeader} and {@link children}. */
export interface HeaderOptions {
  /** `strict` (default), `lenient` or `partial`. */
  readonly mode?: HeaderMode;
  /** Offset the TLV must end by (default: the end of the bytes). */
  readonly end?: number;
  /** Lenient mode: collects each BER deviation accepted (indefinite, non-minimal lengths). */
  readonly diagnostics?: Diagnostic[];
  /** Deepest nesting followed while looking for end-of-contents octets (default 64). */
  readonly maxDepth?: number;
}

/** The identifier and length of one TLV, all offsets absolute in the bytes read. */
export interface TlvHeader {
  /** Offset of the first identifier octet. */
  readonly start: number;
  /** Identifier octets packed big-endian (`0xBF36`), as codecs' `tags` list them. */
  readonly tag: number;
  readonly tagClass: TagClass;
  readonly tagNumber: number;
  /** Bit 6 of the first identifier octet: the content is a series of TLVs. */
  readonly constructed: boolean;
  /** Number of identifier octets (1 for tag numbers below 31). */
  readonly tagLength: number;
  /** Identifier and length octets together. */
  readonly headerLength: number;
  /** Offset of the first content octet (`start + headerLength`). */
  readonly contentStart: number;
  /** Number of content octets (before the end-of-contents octets of an indefinite length). */
  readonly length: number;
  /** Offset just past the content (where the end-of-contents octets start, if indefinite). */
  readonly contentEnd: number;
  /** Offset just past the whole TLV (end-of-contents octets included). */
  readonly end: number;
  /** The length was in the indefinite form (BER; lenient and partial modes only). */
  readonly indefinite: boolean;
  /** The length was in its shortest definite form (always true in strict mode). */
  readonly minimal: boolean;
}

/**
 * Partial mode: an indefinite-length header, whose end is not known until its end-of-contents
 * octets arrive.
 */
export type OpenTlvHeader = Omit<TlvHeader, 'length' | 'contentEnd' | 'end' | 'indefinite'> & {
  readonly indefinite: true;
  readonly length: undefined;
  readonly contentEnd: undefined;
  readonly end: undefined;
};

/** Partial mode: the header is not complete yet; at least `needMore` more bytes are needed. */
export interface NeedMoreBytes {
  readonly needMore: number;
}

/** The class, number and form of a tag packed as {@link readHeader} packs it. */
export interface TagFields {
  readonly tagClass: TagClass;
  readonly tagNumber: number;
  readonly constructed: boolean;
}

/**
 * The class, number and form of a packed tag (X.690 §8.1.2): `0xBF36` is context 54,
 * constructed.
 * @example
 * ```ts
 * tagFields(0x5f37); // { tagClass: 'application', tagNumber: 55, constructed: false }
 * ```
 */
export function tagFields(tag: number): TagFields {
  let first = tag;
  let num = 0;
  let scale = 1;
  while (first > 0xff) {
    num += (first % 256 & 0x7f) * scale;
    scale *= 128;
    first = Math.floor(first / 256);
  }
  return { tagClass: CLASSES[first >> 6], tagNumber: tag > 0xff ? num : first & 0x1f, constructed: (first & 0x20) !== 0 };
}

/** What partial mode returns. */
export type PartialHeader = TlvHeader | OpenTlvHeader | NeedMoreBytes;

/** Whether a partial-mode answer asks for more bytes. */
export function needsMore(h: PartialHeader): h is NeedMoreBytes {
  return (h as NeedMoreBytes).needMore !== undefined;
}

function checkArgs(bytes: unknown, offset: unknown, end: unknown): void {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`bytes: expected a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  if (typeof end !== 'number' || !Number.isInteger(end) || end < 0 || end > bytes.length) {
    throw new RangeError(`end: expected an integer from 0 to ${bytes.length}, got ${String(end)}`);
  }
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > end) {
    throw new RangeError(`offset: expected an integer from 0 to ${String(end)}, got ${String(offset)}`);
  }
}

/**
 * Number of identifier octets of a tag packed as {@link readHeader} packs it (1 to 4).
 * @example
 * ```ts
 * tagLength(0xbf36); // 2
 * ```
 */
export function tagLength(t: number): number {
  return t < 0x100 ? 1 : t < 0x10000 ? 2 : t < 0x1000000 ? 3 : 4;
}

/**
 * The header of the TLV at `start`, from what the core reader found: packed tag `t`, content
 * from `s` to `e`, next TLV at `n` (`e`, `n` undefined for an open indefinite length). One
 * object literal of one shape, so that readers in a loop stay fast.
 */
function header(b: Uint8Array, start: number, t: number, s: number, e: number | undefined, n: number | undefined): TlvHeader {
  const first = b[start];
  const lenAt = start + tagLength(t);
  let num = first & 0x1f;
  if (num === 0x1f) {
    num = 0;
    for (let i = start + 1; i < lenAt; i++) num = num * 128 + (b[i] & 0x7f);
  }
  const indefinite = b[lenAt] === 0x80;
  const length = e === undefined ? undefined : e - s;
  // Shortest form (X.690 §10.1): short when below 128, otherwise no leading zero octet.
  const minimal = !indefinite && (s - lenAt === 1 || (b[lenAt + 1] !== 0 && length! >= 0x80));
  return {
    start,
    tag: t,
    tagClass: CLASSES[first >> 6],
    tagNumber: num,
    constructed: (first & 0x20) !== 0,
    tagLength: lenAt - start,
    headerLength: s - start,
    contentStart: s,
    length: length!,
    contentEnd: e!,
    end: n!,
    indefinite,
    minimal,
  };
}

/**
 * Partial mode: how many more bytes the header at `p` needs (0 when it is all there). Counts
 * octets only; the values are checked by the core reader afterwards.
 */
function headerShortfall(b: Uint8Array, p: number, end: number): number {
  if (p >= end) return 2;
  let q = p + 1;
  if ((b[p] & 0x1f) === 0x1f) {
    // Subsequent identifier octets: bit 8 set on all but the last (X.690 §8.1.2.4.2). A
    // leading 0x80 or a fourth octet is malformed whatever follows: no need to wait, the
    // core reader says so.
    for (let k = 0; ; k++) {
      if (k === 3) return 0;
      if (q >= end) return q + 2 - end;
      if (k === 0 && b[q] === 0x80) return 0;
      if ((b[q++] & 0x80) === 0) break;
    }
  }
  if (q >= end) return 1;
  const l = b[q];
  // A streaming reader buffers at most one header: four length octets (lengths up to
  // 2^32 - 1) bound it at nine bytes.
  if (l > 0x84 && l < 0xff) throw new Asn1DecodeError('bad-length', p, `length in ${l & 0x7f} octets (at most 4 in partial mode)`);
  if (l > 0x80 && l < 0xff && q + 1 + (l & 0x7f) > end) return q + 1 + (l & 0x7f) - end;
  return 0;
}

/**
 * Reads the identifier and length octets of the TLV at `offset`.
 *
 * @param bytes - the encoding (or, in partial mode, what has arrived of it).
 * @param offset - where the TLV starts.
 * @param options - `mode` (default `strict`), `end` (default `bytes.length`), lenient
 *   `diagnostics`, `maxDepth`.
 * @returns the header's named fields; in partial mode possibly `{ needMore }` or, for an
 *   indefinite length, a header whose `end` is undefined.
 * @throws TypeError/RangeError for bad arguments; Asn1DecodeError `truncated`, `bad-tag`,
 *   `bad-length`, `non-minimal-length` (strict), `indefinite-length` (strict) or
 *   `depth-limit`, at the TLV's offset.
 * @example
 * ```ts
 * const h = readHeader(bytes, 0);            // { tag: 0xbf36, constructed: true, contentStart: 4, end: 1201, … }
 * const p = readHeader(chunk, 0, { mode: 'partial' });
 * if (needsMore(p)) wait(p.needMore);          // the header is cut short: read on
 * ```
 */
export function readHeader(bytes: Uint8Array, offset: number, options?: HeaderOptions & { readonly mode?: 'strict' | 'lenient' }): TlvHeader;
export function readHeader(bytes: Uint8Array, offset: number, options: HeaderOptions & { readonly mode: 'partial' }): PartialHeader;
export function readHeader(bytes: Uint8Array, offset: number, options?: HeaderOptions): TlvHeader | PartialHeader;
export function readHeader(bytes: Uint8Array, offset: number, options?: HeaderOptions): TlvHeader | PartialHeader {
  const end = options?.end ?? (bytes instanceof Uint8Array ? bytes.length : 0);
  checkArgs(bytes, offset, end);
  const mode = options?.mode ?? 'strict';
  if (mode !== 'strict' && mode !== 'lenient' && mode !== 'partial') throw new RangeError(`mode: expected 'strict', 'lenient' or 'partial', got ${String(mode)}`);
  if (mode !== 'partial') {
    const r = options?.diagnostics === undefined && options?.maxDepth === undefined && mode === 'strict'
      ? newReader(bytes)
      : newReader(bytes, { strict: mode === 'strict', diagnostics: options?.diagnostics, maxDepth: options?.maxDepth });
    hdr(r, offset, end);
    return header(bytes, offset, r.t, r.s, r.e, r.n);
  }
  const short = headerShortfall(bytes, offset, end);
  if (short > 0) return { needMore: short };
  // The header is all there: the core reader checks it. Its content may not be, so the limit
  // is open; a long-form length is read in lenient mode (non-minimal is reported by `minimal`).
  let lenAt = offset + 1;
  if ((bytes[offset] & 0x1f) === 0x1f) while (lenAt - offset < 4 && bytes[lenAt++] & 0x80);
  const l = bytes[lenAt];
  if (l !== 0x80) {
    const r = l < 0x80 ? newReader(bytes) : newReader(bytes, LENIENT);
    hdr(r, offset, Number.MAX_SAFE_INTEGER);
    return header(bytes, offset, r.t, r.s, r.e, r.n);
  }
  // An indefinite length: its content has not arrived, so it is not followed. The identifier
  // octets are checked by the core reader on a copy that gives them an empty content (at the
  // same offsets, so errors keep theirs).
  if ((bytes[offset] & 0x20) === 0) throw new Asn1DecodeError('bad-length', offset, 'indefinite length on a primitive encoding');
  const probe = new Uint8Array(lenAt + 1);
  probe.set(bytes.subarray(offset, lenAt), offset);
  const r = newReader(probe);
  hdr(r, offset, probe.length);
  return header(bytes, offset, r.t, lenAt + 1, undefined, undefined) as unknown as OpenTlvHeader;
}

const LENIENT = { strict: false } as const;

/**
 * Whether the TLV at `p` can lie before `end` as far as its identifier and length octets tell:
 * false only where {@link readHeader} refuses in every mode (identifier or length octets cut
 * short, more than three subsequent identifier octets, the reserved length octet 0xFF, a
 * definite length running past `end`). Counts octets and allocates nothing, so that code
 * asking the question of random bytes (key material, file contents) pays no error object per
 * "no". What it lets through, the reader checks.
 */
function mayFit(b: Uint8Array, p: number, end: number): boolean {
  if (end - p < 2) return false;
  let q = p + 1;
  if ((b[p] & 0x1f) === 0x1f) {
    // Subsequent identifier octets: bit 8 set on all but the last, three at the most.
    for (let k = 0; ; k++) {
      if (k === 3 || q >= end) return false;
      if ((b[q++] & 0x80) === 0) break;
    }
    if (q >= end) return false;
  }
  const l = b[q++];
  if (l < 0x80) return l <= end - q;
  if (l === 0x80) return true; // indefinite: the mode decides
  const n = l & 0x7f;
  if (n === 0x7f || n > end - q) return false;
  if (n > 4) return true; // leading zero octets (lenient): the reader counts them
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[q + i];
  return len <= end - q - n;
}

/**
 * {@link readHeader} as a question: the header of the TLV at `offset`, or undefined where
 * `readHeader` would throw an {@link Asn1DecodeError}. For code that tries whether bytes hold
 * a TLV (the tree view looking for DER inside OCTET STRINGs, detection, a status word after a
 * response): in strict and lenient mode most refusals are answered from the octets alone,
 * without building an error.
 *
 * @param options - as {@link readHeader}, in any mode.
 * @returns the header's named fields (in partial mode, possibly `{ needMore }` or an open
 *   indefinite header), or undefined when the bytes at `offset` are not that in that mode.
 * @throws TypeError/RangeError for bad arguments, as {@link readHeader}.
 * @example
 * ```ts
 * const h = tryReadHeader(content, 0);
 * if (h !== undefined && h.end === content.length) showNested(content); // one TLV, exactly
 * ```
 */
export function tryReadHeader(bytes: Uint8Array, offset: number, options?: HeaderOptions & { readonly mode?: 'strict' | 'lenient' }): TlvHeader | undefined;
export function tryReadHeader(bytes: Uint8Array, offset: number, options: HeaderOptions & { readonly mode: 'partial' }): PartialHeader | undefined;
export function tryReadHeader(bytes: Uint8Array, offset: number, options?: HeaderOptions): TlvHeader | PartialHeader | undefined {
  const end = options?.end ?? (bytes instanceof Uint8Array ? bytes.length : 0);
  checkArgs(bytes, offset, end);
  // Partial mode reads past `end` by design; the octet pre-test is for whole TLVs.
  if (options?.mode !== 'partial' && !mayFit(bytes, offset, end)) return undefined;
  try {
    return readHeader(bytes, offset, options);
  } catch (err) {
    // The verdict "not a TLV here" is the answer asked for; anything else is a bug to surface.
    if (err instanceof Asn1DecodeError) return undefined;
    throw err;
  }
}

/**
 * The TLVs inside a constructed TLV, in order, read in the same mode as `parent` was (strict
 * or lenient). Each child's header is checked as it is reached, so an error shows up at the
 * child that has it, with its absolute offset.
 *
 * @param bytes - the buffer `parent` was read from.
 * @param parent - a header from {@link readHeader} (or from this iterator).
 * @param options - `mode` (`strict` default, or `lenient`), `diagnostics`, `maxDepth`.
 * @throws Asn1DecodeError as {@link readHeader}, at the child's offset.
 * @example
 * ```ts
 * const seq = readHeader(spki, 0);
 * const [algorithm, key] = [...children(spki, seq)];
 * ```
 */
export function* children(bytes: Uint8Array, parent: TlvHeader, options?: Omit<HeaderOptions, 'end' | 'mode'> & { readonly mode?: 'strict' | 'lenient' }): Generator<TlvHeader, void, undefined> {
  let p = parent.contentStart;
  while (p < parent.contentEnd) {
    const h = readHeader(bytes, p, { ...options, end: parent.contentEnd });
    yield h;
    p = h.end;
  }
}

/**
 * The content octets of a TLV read by {@link readHeader} (a view of `bytes`, not a copy).
 * @example
 * ```ts
 * const point = contentOf(spki, key).subarray(1); // BIT STRING: skip the unused-bits octet
 * ```
 */
export function contentOf(bytes: Uint8Array, h: TlvHeader): Uint8Array {
  return bytes.subarray(h.contentStart, h.contentEnd);
}

/**
 * The dotted form of the OBJECT IDENTIFIER whose header is `h` (X.690 §8.19).
 * @throws Asn1DecodeError `unexpected-tag` when `h` is not tag 06, `bad-oid` for malformed
 *   content (at the offending octet).
 * @example
 * ```ts
 * readOid(spki, algorithmOid); // '1.2.840.10045.2.1'
 * ```
 */
export function readOid(bytes: Uint8Array, h: TlvHeader): string {
  if (h.tag !== 0x06) throw new Asn1DecodeError('unexpected-tag', h.start, `expected OBJECT IDENTIFIER (06), found tag ${tagHex(h.tag)}`);
  return rOid(newReader(bytes), h.contentStart, h.contentEnd);
}

/**
 * The tag at `offset`, packed as {@link readHeader}'s `tag`, from the identifier octets alone
 * (what follows them is not looked at): for routing a message on its outer tag before any
 * decoding. Undefined when the identifier octets are cut short or malformed.
 * @example
 * ```ts
 * peekTag(body); // 0xbf4f for a GetEimPackageRequest, even before its length has arrived
 * ```
 */
export function peekTag(bytes: Uint8Array, offset = 0): number | undefined {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`bytes: expected a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  let n = 1;
  if (offset >= bytes.length) return undefined;
  if ((bytes[offset] & 0x1f) === 0x1f) {
    while (n < 4 && offset + n < bytes.length && bytes[offset + n++] & 0x80);
    if (n === 1 || bytes[offset + n - 1] & 0x80) return undefined; // cut short (or too long)
  }
  // The identifier octets with an empty length after them, read by the header reader.
  const probe = new Uint8Array(n + 1);
  probe.set(bytes.subarray(offset, offset + n));
  const h = tryReadHeader(probe, 0, { mode: 'partial' });
  return h === undefined || needsMore(h) ? undefined : h.tag;
}
