/**
 * The DER toolkit's writers, for code that builds a few TLVs by hand (key containers, signed
 * data assembled from received pieces, test fixtures): a TLV from a tag and its content, the
 * length octets of a length, INTEGER and OBJECT IDENTIFIER TLVs. Each returns a new array and
 * writes DER (definite lengths in their shortest form, X.690 §10.1); they run on the same
 * writer as the generated encoders.
 *
 * @module
 */
import { Asn1EncodeError } from './errors.js';
import { finish, newWriter, wBigInt, wBytes, wHeader, wInt, wLen, wOid } from './writer.js';

/** Checks that `tag` is packed identifier octets (as `readHeader` and codecs' `tags` give them). */
function checkTag(tag: number): void {
  const bad = (why: string) => new RangeError(`tag: ${why}, got ${typeof tag === 'number' ? '0x' + tag.toString(16) : typeof tag}`);
  if (typeof tag !== 'number' || !Number.isInteger(tag) || tag < 0 || tag > 0xffffffff) throw bad('expected identifier octets packed in an integer (0x30, 0xBF36)');
  if (tag < 0x100) {
    if ((tag & 0x1f) === 0x1f) throw bad('a tag number of 31 or more needs subsequent identifier octets');
    return;
  }
  const octets: number[] = [];
  for (let t = tag; t > 0; t = Math.floor(t / 256)) octets.unshift(t % 256);
  if ((octets[0] & 0x1f) !== 0x1f) throw bad('a multi-octet identifier starts with an octet whose tag number bits are 11111');
  for (let i = 1; i < octets.length; i++) {
    const last = i === octets.length - 1;
    if (((octets[i] & 0x80) === 0) !== last) throw bad('bit 8 must be set on every subsequent identifier octet but the last');
  }
  if (octets[1] === 0x80) throw bad('the first subsequent identifier octet cannot be 0x80');
}

function checkParts(parts: readonly Uint8Array[]): void {
  for (let i = 0; i < parts.length; i++) {
    if (!(parts[i] instanceof Uint8Array)) throw new TypeError(`contents[${i}]: expected a Uint8Array, got ${parts[i] === null ? 'null' : typeof parts[i]}`);
  }
}

/**
 * A TLV: `tag`'s identifier octets, the DER length of the contents, then the contents in order.
 * @param tag - identifier octets packed big-endian: `0x30` (SEQUENCE), `0xA0` ([0]
 *   constructed), `0x5F37`, `0xBF36`.
 * @param contents - the content, in pieces (often other TLVs).
 * @throws RangeError when `tag` is not packed identifier octets; TypeError for a piece that
 *   is not a Uint8Array.
 * @example
 * ```ts
 * tlv(0x30, integer(1), tlv(0x04, key));        // SEQUENCE { INTEGER 1, OCTET STRING key }
 * tlv(0x5f37, signature);                         // 5F37 40 …
 * ```
 */
export function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  checkTag(tag);
  checkParts(contents);
  let n = 0;
  for (const c of contents) n += c.length;
  const w = newWriter(n + 10);
  for (let i = contents.length - 1; i >= 0; i--) wBytes(w, contents[i]);
  wHeader(w, 0, tag);
  return finish(w);
}

/**
 * The DER length octets of a content of `length` bytes: one octet below 128, otherwise
 * 0x80 + the count of the big-endian octets that follow (X.690 §8.1.3, §10.1).
 * @throws RangeError when `length` is not an integer from 0 to 2^32 − 1.
 * @example
 * ```ts
 * lengthOf(5);   // 05
 * lengthOf(300); // 82 01 2C
 * ```
 */
export function lengthOf(length: number): Uint8Array {
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || length > 0xffffffff) {
    throw new RangeError(`length: expected an integer from 0 to 2^32-1, got ${String(length)}`);
  }
  const w = newWriter(5);
  wLen(w, length);
  return finish(w);
}

/**
 * An INTEGER TLV (tag 02) in minimal two's complement (X.690 §8.3).
 * @throws RangeError when `value` is a number that is not a safe integer.
 * @example
 * ```ts
 * integer(1);     // 02 01 01
 * integer(128);   // 02 02 00 80
 * integer(-1n);   // 02 01 FF
 * ```
 */
export function integer(value: number | bigint): Uint8Array {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`value: expected a safe integer or a bigint, got ${value}`);
  if (typeof value !== 'number' && typeof value !== 'bigint') throw new TypeError(`value: expected a number or a bigint, got ${typeof value}`);
  const w = newWriter(16);
  if (typeof value === 'number') wInt(w, value);
  else wBigInt(w, value);
  wHeader(w, 0, 0x02);
  return finish(w);
}

/**
 * An OBJECT IDENTIFIER TLV (tag 06) from its dotted form (X.690 §8.19).
 * @throws RangeError when `dotted` is not a dotted OID (two arcs or more, the second at most
 *   39 under arcs 0 and 1).
 * @example
 * ```ts
 * oid('1.2.840.10045.2.1'); // 06 07 2A 86 48 CE 3D 02 01
 * ```
 */
export function oid(dotted: string): Uint8Array {
  const w = newWriter(32);
  try {
    wOid(w, dotted);
  } catch (err) {
    if (err instanceof Asn1EncodeError) throw new RangeError(`dotted: ${err.detail}`, { cause: err });
    throw err;
  }
  wHeader(w, 0, 0x06);
  return finish(w);
}
