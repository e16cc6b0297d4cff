/**
 * Reading a Bound Profile Package without keys (SGP.22 v2.5 §2.5.4 structure, §2.5.5 ES10b
 * segmentation; our notes bsp.md §3, §7): what an IPA, a log viewer or a test tool can see.
 *
 * Malformed input raises {@link Asn1DecodeError} (code, absolute offset, path), as every
 * decoder of this package does.
 *
 * @module
 */
import { concatBytes } from '../../der/bytes.js';
import { Asn1DecodeError } from '../../der/errors.js';
import { newReader, hdr, type Reader } from '../../der/reader.js';
import { InitialiseSecureChannelRequest } from '../../generated/RSPDefinitions.js';
import { MAX_SEGMENT_BYTES } from './bsp.js';
import type { BppGroup } from './types.js';
import { parseHeader } from './tlv.js';

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
   * holds a second TLV with the same tag (old pySim output), `'mixed'` otherwise.
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

const GROUP_TAGS: Readonly<Record<number, { group: BppGroup; element: number }>> = {
  0xa0: { group: 'firstSequenceOf87', element: 0x87 },
  0xa1: { group: 'sequenceOf88', element: 0x88 },
  0xa2: { group: 'secondSequenceOf87', element: 0x87 },
  0xa3: { group: 'sequenceOf86', element: 0x86 },
};

function err(code: Asn1DecodeError['code'], offset: number, detail: string, path: string): Asn1DecodeError {
  return new Asn1DecodeError(code, offset, detail).addPath(path).addPath('BoundProfilePackage');
}

/** Reads the BF36 header and checks nothing follows it. */
function top(r: Reader, bpp: Uint8Array): { s: number; e: number } {
  hdr(r, 0, bpp.length);
  if (r.t !== 0xbf36) throw new Asn1DecodeError('unexpected-tag', 0, `expected tag BF36, found ${r.t.toString(16).toUpperCase()}`).addPath('BoundProfilePackage');
  if (r.n !== bpp.length) throw new Asn1DecodeError('trailing-data', r.n, `${bpp.length - r.n} bytes after the BoundProfilePackage`).addPath('BoundProfilePackage');
  return { s: r.s, e: r.e };
}

/**
 * Describes a Bound Profile Package without keys: InitialiseSecureChannelRequest fields, each
 * group's segment count and sizes, wrapping, oversized segments, and the (MAC-only, so
 * readable) StoreMetadataRequest.
 *
 * @param bpp - the BoundProfilePackage DER.
 * @param options - `strict: false` accepts BER lengths.
 * @returns the description.
 * @throws TypeError for a non-Uint8Array; Asn1DecodeError (`unexpected-tag`, `truncated`,
 *   `trailing-data`, `missing-component`, …) for a package that does not parse.
 * @example
 * ```ts
 * const info = inspectBpp(bpp);
 * console.log(info.groups.map((g) => `${g.group}: ${g.count}`));
 * ```
 */
export function inspectBpp(bpp: Uint8Array, options?: { readonly strict?: boolean }): BppInspection {
  if (!(bpp instanceof Uint8Array)) throw new TypeError(`bpp: expected a Uint8Array, got ${bpp === null ? 'null' : typeof bpp}`);
  const r = newReader(bpp, { strict: options?.strict ?? true });
  const { s, e } = top(r, bpp);
  hdr(r, s, e);
  if (r.t !== 0xbf23) throw err('unexpected-tag', s, `expected tag BF23, found ${r.t.toString(16).toUpperCase()}`, 'initialiseSecureChannelRequest');
  let isc: InitialiseSecureChannelRequest;
  const iscEnd = r.n;
  try {
    isc = InitialiseSecureChannelRequest.decode(bpp.subarray(s, iscEnd), { strict: options?.strict ?? true });
  } catch (x) {
    if (x instanceof Asn1DecodeError) {
      throw err(x.code, s + x.offset, x.detail, 'initialiseSecureChannelRequest');
    }
    throw x;
  }
  const groups: BppGroupInfo[] = [];
  let single = 0;
  let double = 0;
  let oversized = 0;
  const metadata: Uint8Array[] = [];
  let lastTag = 0;
  for (let p = iscEnd; p < e; ) {
    hdr(r, p, e);
    const gt: number = r.t;
    const info: { group: BppGroup; element: number } | undefined = GROUP_TAGS[gt];
    if (info === undefined || gt <= lastTag) {
      throw err('unexpected-tag', p, `unexpected tag ${gt.toString(16).toUpperCase()} after ${lastTag ? lastTag.toString(16).toUpperCase() : 'BF23'}`, 'BoundProfilePackage');
    }
    if (gt === 0xa1 && lastTag !== 0xa0) throw err('missing-component', p, 'firstSequenceOf87 missing', 'firstSequenceOf87');
    if (gt === 0xa3 && lastTag < 0xa1) throw err('missing-component', p, 'sequenceOf88 missing', 'sequenceOf88');
    lastTag = gt;
    const groupStart = p;
    const groupEnd = r.e;
    const next = r.n;
    const sizes: number[] = [];
    for (let q = r.s; q < groupEnd; ) {
      hdr(r, q, groupEnd);
      if (r.t !== info.element) {
        throw err('unexpected-tag', q, `expected tag ${info.element.toString(16)}, found ${r.t.toString(16).toUpperCase()}`, `${info.group}[${sizes.length}]`);
      }
      const vs = r.s;
      const ve = r.e;
      const size = r.n - q;
      sizes.push(size);
      if (size > MAX_SEGMENT_BYTES) oversized++;
      // Double wrapping: the value is exactly one TLV with the same tag.
      const saved = r.n;
      const h = parseHeader(bpp, vs, ve);
      const inner = h.status === 'ok' && h.tag === info.element && vs + h.headerLength + h.length === ve;
      if (inner) double++;
      else single++;
      if (gt === 0xa1) {
        const ps = inner ? vs + h.headerLength : vs;
        if (ve - ps >= 8) metadata.push(bpp.subarray(ps, ve - 8));
      }
      q = saved;
    }
    groups.push({ group: info.group, tag: gt, offset: groupStart, tlvLength: next - groupStart, count: sizes.length, segmentSizes: sizes });
    p = next;
  }
  if (lastTag < 0xa3) {
    const missing = lastTag < 0xa0 ? 'firstSequenceOf87' : lastTag < 0xa1 ? 'sequenceOf88' : 'sequenceOf86';
    throw err('missing-component', e, `${missing} missing`, missing);
  }
  const storeMetadata = concatBytes(metadata);
  return {
    size: bpp.length,
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
    storeMetadata,
  };
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
  const r = newReader(bpp, { strict: false });
  const { s } = top(r, bpp);
  hdr(r, s, bpp.length);
  const out: Uint8Array[] = [bpp.subarray(0, r.n)];
  for (const g of info.groups) {
    hdr(r, g.offset, bpp.length);
    const contentStart = r.s;
    if (g.tag === 0xa0 || g.tag === 0xa2) {
      out.push(bpp.subarray(g.offset, g.offset + g.tlvLength));
      continue;
    }
    out.push(bpp.subarray(g.offset, contentStart));
    let q = contentStart;
    for (const size of g.segmentSizes) {
      out.push(bpp.subarray(q, q + size));
      q += size;
    }
  }
  return out;
}
