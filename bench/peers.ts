/**
 * The bench's own baselines and the glue to the peer libraries:
 * - {@link tlvWalk}: the zero-allocation ceiling — visits every TLV header of an encoding with
 *   integer arithmetic only (no objects, no views), recursing into constructed values;
 * - {@link asn1jsDecode}: asn1js `fromBER` over every top-level TLV plus a walk that reads each
 *   node's value through its typed getter, so the work asn1js defers is paid, as a user
 *   turning the tree into values would pay it.
 *
 * @module
 */
import * as asn1js from 'asn1js';

/** Preallocated stack of content ends for the walk (nesting depth bound). */
const stack = new Int32Array(256);

/**
 * Visits every TLV in `b` (a concatenation of complete TLVs); returns the node count plus the
 * sum of their tags, so the work cannot be optimised away. Allocates nothing. Assumes valid
 * DER (this is a ceiling, not a validator): definite lengths, at most 4 length octets.
 */
export function tlvWalk(b: Uint8Array): number {
  let p = 0;
  let depth = 0;
  let end = b.length;
  let acc = 0;
  for (;;) {
    while (p >= end) {
      if (depth === 0) return acc;
      end = stack[--depth];
    }
    let t = b[p++];
    const constructed = (t & 0x20) !== 0;
    if ((t & 0x1f) === 0x1f) {
      let x: number;
      do {
        x = b[p++];
        t = (t << 8) | x;
      } while (x & 0x80);
    }
    let len = b[p++];
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + b[p++];
    }
    acc += t + 1;
    if (constructed) {
      stack[depth++] = end;
      end = p + len;
    } else p += len;
  }
}

/** Counts the TLV nodes of an encoding (same traversal as {@link tlvWalk}). */
export function countNodes(b: Uint8Array): number {
  let n = 0;
  const rec = (p: number, e: number): void => {
    while (p < e) {
      const first = b[p++];
      if ((first & 0x1f) === 0x1f) while (b[p++] & 0x80);
      let len = b[p++];
      if (len & 0x80) {
        const c = len & 0x7f;
        len = 0;
        for (let i = 0; i < c; i++) len = len * 256 + b[p++];
      }
      n++;
      if (first & 0x20) rec(p, p + len);
      p += len;
    }
  };
  rec(0, b.length);
  return n;
}

/** Reads the value of every node of an asn1js tree; returns a checksum. */
export function asn1jsWalk(node: asn1js.BaseBlock): number {
  const n = node;
  if (n instanceof asn1js.Constructed || (n.idBlock.isConstructed && Array.isArray((n.valueBlock as { value?: unknown }).value))) {
    const items = (n.valueBlock as unknown as { value: asn1js.BaseBlock[] }).value;
    let acc = 1;
    for (let i = 0; i < items.length; i++) acc += asn1jsWalk(items[i]);
    return acc;
  }
  if (n instanceof asn1js.Integer) {
    const vb = n.valueBlock;
    return 1 + (vb.valueHexView.length > 6 ? Number(n.toBigInt() & 0xffn) : vb.valueDec & 0xff);
  }
  if (n instanceof asn1js.ObjectIdentifier) return 1 + n.getValue().length;
  if (n instanceof asn1js.BaseStringBlock) return 1 + (n.getValue() as string).length;
  if (n instanceof asn1js.Boolean) return n.getValue() ? 2 : 1;
  if (n instanceof asn1js.BitString) return 1 + n.valueBlock.unusedBits + n.valueBlock.valueHexView.length;
  if (n instanceof asn1js.OctetString) return 1 + n.valueBlock.valueHexView.length;
  if (n instanceof asn1js.Null) return 1;
  // Context- or application-tagged primitives: asn1js keeps the content bytes.
  return 1 + ((n.valueBlock as unknown as { valueHexView?: Uint8Array }).valueHexView?.length ?? 0);
}

/**
 * asn1js in its fastest configuration, to be fair to it: no copy of the input, no attempt to
 * parse the content of OCTET/BIT STRINGs as nested BER (sgp32 leaves those as bytes too).
 */
const FAST = { copyInput: false, parseEmbedded: false } as const;

/** asn1js decode of a concatenation of TLVs, each walked; returns the trees and a checksum. */
export function asn1jsDecode(b: Uint8Array): { trees: asn1js.BaseBlock[]; sum: number } {
  const trees: asn1js.BaseBlock[] = [];
  let sum = 0;
  let p = 0;
  while (p < b.length) {
    const res = asn1js.fromBER(b.subarray(p), FAST);
    if (res.offset === -1) throw new Error(`asn1js: ${res.result.error}`);
    trees.push(res.result as asn1js.BaseBlock);
    sum += asn1jsWalk(res.result as asn1js.BaseBlock);
    p += res.offset;
  }
  return { trees, sum };
}

/** asn1js encode (`toBER`) of each tree; returns the total length. */
export function asn1jsEncode(trees: readonly asn1js.BaseBlock[]): number {
  let n = 0;
  for (const t of trees) n += t.toBER(false).byteLength;
  return n;
}
