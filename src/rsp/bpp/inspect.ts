/**
 * Reading a Bound Profile Package without keys (SGP.22 v2.5 §2.5.4 structure, §2.5.5 ES10b
 * segmentation; our notes bsp.md §3, §7): what an IPA, a log viewer or a test tool can see.
 *
 * One engine, {@link createBppInspector}, takes the package in pieces of any size, as a file
 * or a network read delivers it, and keeps at most one header, the InitialiseSecureChannelRequest
 * and the StoreMetadataRequest segments (small groups, bounded), never the profile segments:
 * a package of any size is inspected in bounded memory. {@link inspectBpp} feeds it the whole
 * package at once, without copying. Headers are read with the DER toolkit (`readHeader`,
 * partial mode) and the InitialiseSecureChannelRequest is decoded by its generated codec with
 * `decodeAt`, so offsets in errors are absolute in the package.
 *
 * Malformed input raises {@link Asn1DecodeError} (code, absolute offset, path), as every
 * decoder of this package does.
 *
 * @module
 */
import { concatBytes } from '../../der/bytes.js';
import { Asn1DecodeError, type DecodeErrorCode } from '../../der/errors.js';
import { needsMore, readHeader, tryReadHeader, type TlvHeader } from '../../der/header.js';
import { tagHex } from '../../der/reader.js';
import { InitialiseSecureChannelRequest } from '../../generated/RSPDefinitions.js';
import { MAX_SEGMENT_BYTES } from './bsp.js';
import { MAX_BUFFERED_SEGMENT, MAX_SMALL_GROUP } from './stream.js';
import type { BppGroup } from './types.js';

/** One SEQUENCE OF group as seen on the wire. */
export interface BppGroupInfo {
  readonly group: BppGroup;
  /** A0 … A3. */
  readonly tag: number;
  /** Absolute offset of the group TLV. */
  readonly offset: number;
  /** Size of the group TLV. */
  readonly tlvLength: number;
  /** Number of segments. */
  readonly count: number;
  /** Size of each segment TLV, in order. */
  readonly segmentSizes: readonly number[];
}

/** What {@link inspectBpp} reports. */
export interface BppInspection {
  /** Size of the BoundProfilePackage TLV. */
  readonly size: number;
  readonly remoteOpId: number;
  readonly transactionId: Uint8Array;
  readonly controlRefTemplate: { readonly keyType: Uint8Array; readonly keyLen: Uint8Array; readonly hostId: Uint8Array };
  readonly smdpOtpk: Uint8Array;
  readonly smdpSign: Uint8Array;
  /** The groups in package order. */
  readonly groups: readonly BppGroupInfo[];
  /** Total number of protected segments. */
  readonly segmentCount: number;
  /** Segments over the 1,020-byte limit. */
  readonly oversizedSegments: number;
  /**
   * `'single'` when each element is the BSP TLV itself (as SGP.22 intends), `'double'` when each
   * holds a second TLV with the same tag (old pySim output), `'mixed'` otherwise. An encrypted
   * value counts as wrapped only when the inner one has the encrypted size (16k + 8); an 88
   * after the first follows the first's form (a value may look wrapped by chance).
   */
  readonly wrapping: 'single' | 'double' | 'mixed';
  /** Whether a ReplaceSessionKeys group (secondSequenceOf87) is present. */
  readonly hasReplaceSessionKeys: boolean;
  /**
   * The StoreMetadataRequest: the 88 segments are MAC-only, so it is readable without keys
   * (plaintext of each segment without its MAC, concatenated; not authenticated here).
   */
  readonly storeMetadata: Uint8Array;
}

/** An incremental inspector; see {@link createBppInspector}. */
export interface BppInspector {
  /**
   * Takes the next piece of the package (any size, even empty).
   * @throws Asn1DecodeError at the first structural defect (absolute offset in the package).
   */
  push(chunk: Uint8Array): void;
  /**
   * Declares the end of the package.
   * @returns the description.
   * @throws Asn1DecodeError when the package ended early or a group is missing.
   */
  end(): BppInspection;
  /** The largest number of bytes the inspector held at once (besides the piece being read). */
  readonly peakBufferedBytes: number;
}

const GROUP_TAGS: Readonly<Record<number, { group: BppGroup; element: number }>> = {
  0xa0: { group: 'firstSequenceOf87', element: 0x87 },
  0xa1: { group: 'sequenceOf88', element: 0x88 },
  0xa2: { group: 'secondSequenceOf87', element: 0x87 },
  0xa3: { group: 'sequenceOf86', element: 0x86 },
};

/** Largest InitialiseSecureChannelRequest held (a real one is about 200 bytes). */
const MAX_ISC = 4096;

function fail(code: DecodeErrorCode, offset: number, detail: string, ...path: string[]): never {
  const e = new Asn1DecodeError(code, offset, detail);
  for (const p of path) e.addPath(p);
  throw e.addPath('BoundProfilePackage');
}

/**
 * The header at `p` when the bytes there, up to the end of `data`, start with a complete,
 * well-formed definite-length TLV header; else undefined (the value is then not wrapped).
 */
function innerHeader(data: Uint8Array, p: number): TlvHeader | undefined {
  if (p >= data.length) return undefined;
  const h = tryReadHeader(data, p, { mode: 'partial' });
  return h === undefined || needsMore(h) || h.indefinite ? undefined : (h as TlvHeader);
}

/** A header in the package: absolute offsets, whatever piece it was read from. */
interface Header {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

/**
 * Creates an inspector at the start of a package. It holds at most the current header (nine
 * bytes), the InitialiseSecureChannelRequest (≤ 4 KiB), one StoreMetadataRequest segment
 * (≤ 16 KiB) and their plaintext (≤ 64 KiB in all), and a size per segment (a number each):
 * the profile segments are skipped as they pass.
 *
 * @param options - `strict: false` accepts BER lengths (long forms), as eUICCs do.
 * @example
 * ```ts
 * const inspector = createBppInspector({ strict: false });
 * for await (const chunk of stream) inspector.push(chunk);
 * const info = inspector.end();
 * ```
 */
export function createBppInspector(options?: { readonly strict?: boolean }): BppInspector {
  const strict = options?.strict ?? true;
  // Bytes carried over from earlier pieces (an incomplete header or held TLV) and the
  // package offset of their first byte.
  let held = new Uint8Array(0);
  let pos = 0;
  let peak = 0;
  /** Bytes of the current element still to pass over unread, and where that element starts. */
  let skip = 0;
  let skipStart = 0;
  let top: Header | undefined;
  let isc: InitialiseSecureChannelRequest | undefined;
  let group: (Header & { group: BppGroup; element: number; sizes: number[] }) | undefined;
  const groups: BppGroupInfo[] = [];
  let lastTag = 0;
  let single = 0;
  let double = 0;
  let oversized = 0;
  /** Whether the first 88 segment held a second 88 TLV (see the wrapping test below). */
  let metadataWrapped = false;
  const metadata: Uint8Array[] = [];
  let metadataBytes = 0;

  /** The header at `p` of `data` (whose first byte is at package offset `base`); undefined: need more. */
  const header = (data: Uint8Array, p: number, base: number, ...path: string[]): Header | undefined => {
    let h;
    try {
      h = readHeader(data, p, { mode: 'partial' });
    } catch (err) {
      if (err instanceof Asn1DecodeError) fail(err.code, err.offset + base, err.detail, ...path);
      throw err;
    }
    if (needsMore(h)) return undefined;
    const at = base + p;
    if (h.indefinite) fail('indefinite-length', at, 'indefinite length (not supported in a Bound Profile Package)', ...path);
    if (strict && !h.minimal) fail('non-minimal-length', at, 'length not in its shortest form', ...path);
    const t = h as TlvHeader;
    return { tag: t.tag, start: at, contentStart: base + t.contentStart, end: base + t.end };
  };

  const expectTag = (h: Header, tag: number, ...path: string[]) => {
    if (h.tag !== tag) fail('unexpected-tag', h.start, `expected tag ${tagHex(tag)}, found ${tagHex(h.tag)}`, ...path);
  };

  /** Checks that `h` ends inside its parent (ending at `parentEnd`). */
  const within = (h: Header, parentEnd: number, ...path: string[]) => {
    if (h.end > parentEnd) fail('truncated', h.start, `${h.end - parentEnd} bytes beyond the enclosing TLV`, ...path);
  };

  const openGroup = (h: Header) => {
    const info = GROUP_TAGS[h.tag];
    if (info === undefined || h.tag <= lastTag) {
      fail('unexpected-tag', h.start, `unexpected tag ${tagHex(h.tag)} after ${lastTag ? tagHex(lastTag) : 'BF23'}`);
    }
    if (h.tag === 0xa1 && lastTag !== 0xa0) fail('missing-component', h.start, 'firstSequenceOf87 missing', 'firstSequenceOf87');
    if (h.tag === 0xa3 && lastTag < 0xa1) fail('missing-component', h.start, 'sequenceOf88 missing', 'sequenceOf88');
    within(h, top!.end, info.group);
    lastTag = h.tag;
    group = { ...h, ...info, sizes: [] };
  };

  const closeGroup = () => {
    const g = group!;
    groups.push({ group: g.group, tag: g.tag, offset: g.start, tlvLength: g.end - g.start, count: g.sizes.length, segmentSizes: g.sizes });
    group = undefined;
  };

  /**
   * Reads what it can of `data` (package offsets from `base`); returns how many bytes it used.
   * What is left is an incomplete header or a TLV that must be read whole.
   */
  const consume = (data: Uint8Array, base: number): number => {
    let p = 0;
    for (;;) {
      if (skip > 0) {
        const n = Math.min(skip, data.length - p);
        skip -= n;
        p += n;
        if (skip > 0) return p;
      }
      const at = base + p;
      if (top === undefined) {
        const h = header(data, p, base);
        if (h === undefined) return p;
        if (h.tag !== 0xbf36) fail('unexpected-tag', h.start, `expected tag BF36, found ${tagHex(h.tag)}`);
        top = h;
        p = h.contentStart - base;
        continue;
      }
      if (at >= top.end) {
        if (p < data.length) fail('trailing-data', top.end, 'bytes after the BoundProfilePackage');
        return p;
      }
      if (isc === undefined) {
        const h = header(data, p, base, 'initialiseSecureChannelRequest');
        if (h === undefined) return p;
        expectTag(h, 0xbf23, 'initialiseSecureChannelRequest');
        within(h, top.end, 'initialiseSecureChannelRequest');
        if (h.end - h.start > MAX_ISC) fail('bad-length', h.start, `InitialiseSecureChannelRequest of ${h.end - h.start} bytes (at most ${MAX_ISC})`, 'initialiseSecureChannelRequest');
        if (h.end - base > data.length) return p;
        // Decoded in place by its codec: offsets are positions in `data` (package offsets when
        // the package came in one piece), the codec's path continues ours.
        let value: InitialiseSecureChannelRequest;
        try {
          value = InitialiseSecureChannelRequest.decodeAt(data, p, h.end - base, { strict });
        } catch (err) {
          if (err instanceof Asn1DecodeError) fail(err.code, err.offset + base, err.detail, err.path.replace(/^InitialiseSecureChannelRequest\.?/, ''), 'initialiseSecureChannelRequest');
          throw err;
        }
        // Copies: the piece it came in belongs to the caller, who may reuse it.
        const crt = value.controlRefTemplate;
        isc = {
          ...value,
          transactionId: value.transactionId.slice(),
          controlRefTemplate: { ...crt, keyType: crt.keyType.slice(), keyLen: crt.keyLen.slice(), hostId: crt.hostId.slice() },
          smdpOtpk: value.smdpOtpk.slice(),
          smdpSign: value.smdpSign.slice(),
        };
        p = h.end - base;
        continue;
      }
      if (group !== undefined && at >= group.end) {
        closeGroup();
        continue;
      }
      if (group === undefined) {
        const h = header(data, p, base);
        if (h === undefined) return p;
        openGroup(h);
        p = h.contentStart - base;
        continue;
      }
      const g = group;
      const path = `${g.group}[${g.sizes.length}]`;
      const h = header(data, p, base, path);
      if (h === undefined) return p;
      expectTag(h, g.element, path);
      within(h, g.end, path);
      const size = h.end - h.start;
      const metadataSegment = g.tag === 0xa1;
      if (metadataSegment && size > MAX_BUFFERED_SEGMENT) fail('bad-length', h.start, `segment of ${size} bytes (at most ${MAX_BUFFERED_SEGMENT} read)`, path);
      // Double wrapping: the value is exactly one TLV with the same tag. Its header (nine bytes
      // at most) is needed, or the whole segment if it is shorter; StoreMetadata segments whole.
      const need = metadataSegment ? size : Math.min(size, h.contentStart - h.start + 9);
      if (h.start + need - base > data.length) return p;
      const inner = innerHeader(data.subarray(0, h.end - base), h.contentStart - base);
      // Looking wrapped is not enough: a single TLV's ciphertext or plaintext may start, by
      // chance (about 1 in 65,536), with the element's tag and a length reaching the end.
      // Encrypted values (87, 86) are 16k + 8 bytes (padding always adds 1…16 bytes, then the
      // MAC; bsp.ts paddedLength), so of the outer and the inner value only one can have that
      // size. 88 values are MAC-only, any size; the first one's plaintext starts with BF25 (the
      // StoreMetadataRequest), so it shows the form, and the others are taken to follow it.
      const looksWrapped = inner !== undefined && inner.tag === g.element && base + inner.end === h.end;
      const wrapped = looksWrapped && (metadataSegment ? g.sizes.length === 0 || metadataWrapped : (inner.end - inner.contentStart) % 16 === 8);
      if (metadataSegment && g.sizes.length === 0) metadataWrapped = wrapped;
      if (wrapped) double++;
      else single++;
      g.sizes.push(size);
      if (size > MAX_SEGMENT_BYTES) oversized++;
      if (metadataSegment) {
        const from = wrapped ? inner!.contentStart : h.contentStart - base;
        const to = h.end - base - 8;
        if (to - from >= 0) {
          metadataBytes += to - from;
          if (metadataBytes > MAX_SMALL_GROUP) fail('bad-length', h.start, `StoreMetadataRequest over ${MAX_SMALL_GROUP} bytes`, path);
          metadata.push(data.slice(from, to));
        }
        p = h.end - base;
      } else {
        p = h.start - base;
        skip = size;
        skipStart = h.start;
      }
    }
  };

  return {
    push(chunk: Uint8Array): void {
      if (!(chunk instanceof Uint8Array)) throw new TypeError(`chunk: expected a Uint8Array, got ${chunk === null ? 'null' : typeof chunk}`);
      const data = held.length === 0 ? chunk : concatBytes([held, chunk]);
      const used = consume(data, pos);
      pos += used;
      held = used === data.length ? new Uint8Array(0) : data.slice(used);
      if (held.length > peak) peak = held.length;
    },
    end(): BppInspection {
      if (top === undefined) fail('truncated', 0, 'the package ends inside the BoundProfilePackage header');
      const got = pos + held.length;
      if (got < top.end) {
        const where = group !== undefined ? [`${group.group}[${group.sizes.length - (skip > 0 ? 1 : 0)}]`] : isc === undefined ? ['initialiseSecureChannelRequest'] : [];
        fail('truncated', skip > 0 ? skipStart : pos, `the package ends ${top.end - got} bytes early`, ...where);
      }
      if (group !== undefined) closeGroup();
      if (isc === undefined) fail('missing-component', top.end, 'initialiseSecureChannelRequest missing', 'initialiseSecureChannelRequest');
      if (lastTag < 0xa3) {
        const missing = lastTag < 0xa0 ? 'firstSequenceOf87' : lastTag < 0xa1 ? 'sequenceOf88' : 'sequenceOf86';
        fail('missing-component', top.end, `${missing} missing`, missing);
      }
      return {
        size: top.end,
        remoteOpId: isc.remoteOpId,
        transactionId: isc.transactionId,
        controlRefTemplate: { keyType: isc.controlRefTemplate.keyType, keyLen: isc.controlRefTemplate.keyLen, hostId: isc.controlRefTemplate.hostId },
        smdpOtpk: isc.smdpOtpk,
        smdpSign: isc.smdpSign,
        groups,
        segmentCount: single + double,
        oversizedSegments: oversized,
        wrapping: double === 0 ? 'single' : single === 0 ? 'double' : 'mixed',
        hasReplaceSessionKeys: groups.some((g) => g.tag === 0xa2),
        storeMetadata: concatBytes(metadata),
      };
    },
    get peakBufferedBytes() {
      return peak;
    },
  };
}

/**
 * Describes a Bound Profile Package without keys: InitialiseSecureChannelRequest fields, each
 * group's segment count and sizes, wrapping, oversized segments, and the (MAC-only, so
 * readable) StoreMetadataRequest. The package is read in place (one piece for
 * {@link createBppInspector}): error offsets are positions in `bpp`.
 *
 * @param bpp - the BoundProfilePackage DER.
 * @param options - `strict: false` accepts BER lengths.
 * @returns the description.
 * @throws TypeError for a non-Uint8Array; Asn1DecodeError (`unexpected-tag`, `truncated`,
 *   `trailing-data`, `missing-component`, `bad-length`, …) for a package that does not parse.
 * @example
 * ```ts
 * const info = inspectBpp(bpp);
 * console.log(info.groups.map((g) => `${g.group}: ${g.count}`));
 * ```
 */
export function inspectBpp(bpp: Uint8Array, options?: { readonly strict?: boolean }): BppInspection {
  if (!(bpp instanceof Uint8Array)) throw new TypeError(`bpp: expected a Uint8Array, got ${bpp === null ? 'null' : typeof bpp}`);
  const inspector = createBppInspector(options);
  inspector.push(bpp);
  return inspector.end();
}

/**
 * Cuts a Bound Profile Package into the blocks an LPA/IPA sends with ES10b
 * LoadBoundProfilePackage (SGP.22 §2.5.5; bsp.md §7): BF36 header with the whole BF23; A0 header
 * with its 87 TLV(s); the A1 header; each 88; A2 header with its 87 TLV(s) if present; the A3
 * header; each 86. The blocks are views into `bpp` and concatenate back to it.
 *
 * @param bpp - the BoundProfilePackage DER.
 * @returns the blocks in sending order.
 * @throws TypeError; Asn1DecodeError for a package that does not parse (see {@link inspectBpp}).
 * @example
 * ```ts
 * for (const block of es10bSegments(bpp)) await sendStoreData(block);
 * ```
 */
export function es10bSegments(bpp: Uint8Array): Uint8Array[] {
  const info = inspectBpp(bpp, { strict: false });
  const top = readHeader(bpp, 0, { mode: 'lenient' });
  const isc = readHeader(bpp, top.contentStart, { mode: 'lenient' });
  const out: Uint8Array[] = [bpp.subarray(0, isc.end)];
  for (const g of info.groups) {
    if (g.tag === 0xa0 || g.tag === 0xa2) {
      out.push(bpp.subarray(g.offset, g.offset + g.tlvLength));
      continue;
    }
    let q = readHeader(bpp, g.offset, { mode: 'lenient' }).contentStart;
    out.push(bpp.subarray(g.offset, q));
    for (const size of g.segmentSizes) {
      out.push(bpp.subarray(q, q + size));
      q += size;
    }
  }
  return out;
}
