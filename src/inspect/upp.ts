/**
 * An Unprotected Profile Package (SIMalliance/TCA eUICC Profile Package, the plaintext inside a
 * Bound Profile Package): a plain concatenation of `ProfileElement` encodings with no outer
 * tag. This module gives it the codec surface of a generated type so that the CLI can decode,
 * encode and validate it like any other message.
 *
 * @module
 */
import { ProfileElement } from '../generated/PEDefinitions.js';
import { Asn1DecodeError, Asn1EncodeError } from '../der/errors.js';
import { hdr, newReader, type DecodeOptions } from '../der/reader.js';
import { concatBytes } from '../der/bytes.js';
import type { Codec, JsonValue } from '../der/codec.js';
import { JerError } from '../jer/index.js';

/** The pseudo type name the CLI uses for a UPP (`--type UPP`). */
export const UPP_TYPE = 'UPP';

/** Splits `bytes` into its top-level TLVs ([start, end) pairs); throws Asn1DecodeError on a broken header. */
export function splitTlvs(bytes: Uint8Array, strict = true): [number, number][] {
  const r = newReader(bytes, { strict });
  const out: [number, number][] = [];
  let p = 0;
  while (p < bytes.length) {
    hdr(r, p, bytes.length);
    out.push([p, r.n]);
    p = r.n;
  }
  return out;
}

/** Names element `index` in the path of an error raised while decoding it (offsets are absolute already). */
function rebase(err: unknown, index: number): unknown {
  if (!(err instanceof Asn1DecodeError)) return err;
  const inner = err.path.startsWith('ProfileElement') ? err.path.slice('ProfileElement'.length) : err.path;
  return new Asn1DecodeError(err.code, err.offset, err.detail).addPath(`${UPP_TYPE}[${index}]${inner}`);
}

/** One profile element of a UPP, as {@link uppElements} yields it. */
export interface UppElement {
  /** Position in the profile, from 0. */
  readonly index: number;
  /** Offset of the element's first byte in the UPP. */
  readonly start: number;
  /** Offset after the element. */
  readonly end: number;
  /** The decoded element (its OCTET STRINGs are views of the UPP's bytes). */
  readonly value: ProfileElement;
}

/**
 * Decodes a UPP one profile element at a time. Memory stays bounded by the largest element
 * plus the input, however long the profile: a caller that renders or checks each element and
 * lets it go never holds the whole decoded profile (which costs about 22 times its size, see
 * the README's value model). Deviations accepted in lenient mode are pushed to
 * `options.diagnostics` with absolute offsets. `from`/`to` limit the walk to part of `bytes`
 * (offsets stay those of `bytes`).
 *
 * @throws Asn1DecodeError naming the element (`UPP[3].genericFileManagement…`) with its
 *   absolute offset, when an element does not decode; `truncated` at `UPP` for empty input.
 * @example for (const pe of uppElements(bytes)) console.log(pe.index, pe.value.$case)
 */
export function* uppElements(bytes: Uint8Array, options?: DecodeOptions, from = 0, to = bytes.length): Generator<UppElement, void, undefined> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes: expected a Uint8Array');
  const strict = options?.strict ?? true;
  if (to === from) throw new Asn1DecodeError('truncated', from, 'no profile element').addPath(UPP_TYPE);
  const r = newReader(bytes, { strict });
  for (let p = from, index = 0; p < to; index++) {
    try {
      hdr(r, p, to);
    } catch (err) {
      throw err instanceof Asn1DecodeError ? new Asn1DecodeError(err.code, err.offset, err.detail).addPath(UPP_TYPE) : err;
    }
    const start = p;
    const end = r.n;
    let value: ProfileElement;
    try {
      // Offsets in errors and diagnostics are absolute: decodeAt reads the element in place.
      value = ProfileElement.decodeAt(bytes, start, end, { ...options, allowTrailing: false });
    } catch (err) {
      throw rebase(err, index);
    }
    p = end;
    yield { index, start, end, value };
  }
}

function decodeUpp(bytes: Uint8Array, options?: DecodeOptions, start = 0, end = bytes.length): unknown[] {
  const out: unknown[] = [];
  for (const pe of uppElements(bytes, options, start, end)) out.push(pe.value);
  return out;
}

/**
 * The DER of profile element number `index` of a UPP.
 * @throws Asn1EncodeError naming the element (`UPP[3].genericFileManagement…`).
 */
export function encodeUppElement(value: ProfileElement, index: number): Uint8Array {
  try {
    return ProfileElement.encode(value);
  } catch (err) {
    if (!(err instanceof Asn1EncodeError)) throw err;
    throw new Asn1EncodeError(err.code, err.detail).addPath(`${UPP_TYPE}[${index}]${err.path.replace(/^ProfileElement/, '')}`);
  }
}

function encodeUpp(value: readonly unknown[]): Uint8Array {
  if (!Array.isArray(value)) throw new Asn1EncodeError('bad-value', `expected an array of profile elements, got ${typeof value}`);
  return concatBytes(value.map((pe, i) => encodeUppElement(pe as ProfileElement, i)));
}

/**
 * Codec of a UPP: `decode` gives the array of profile elements (errors name the element,
 * `UPP[3].genericFileManagement…`, with absolute offsets), `encode` concatenates them, JER is
 * the array of the elements' JER values.
 */
export const Upp: Codec<unknown[]> = {
  typeName: UPP_TYPE,
  moduleName: 'PEDefinitions',
  get tags() {
    return ProfileElement.tags;
  },
  // A UPP is a SEQUENCE OF ProfileElement without the outer tag.
  desc: { module: 'PEDefinitions', name: UPP_TYPE, layers: [], base: { k: 'seqOf', e: [[], () => ProfileElement] } },
  decode: (bytes: Uint8Array, options?: DecodeOptions): unknown[] => decodeUpp(bytes, options),
  decodeAt: (bytes: Uint8Array, start: number, end: number, options?: DecodeOptions): unknown[] => {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes: expected a Uint8Array');
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > bytes.length) {
      throw new RangeError(`start, end: expected offsets with 0 <= start <= end <= ${bytes.length}, got ${start}, ${end}`);
    }
    return decodeUpp(bytes, options, start, end);
  },
  encode: encodeUpp,
  toJer: (value: unknown[]): JsonValue => value.map((pe) => ProfileElement.toJer(pe as never)),
  fromJer: (json: unknown): unknown[] => {
    if (!Array.isArray(json)) throw new JerError(UPP_TYPE, 'expected an array of profile elements');
    return json.map((j, i) => {
      try {
        return ProfileElement.fromJer(j);
      } catch (err) {
        if (err instanceof JerError) throw new JerError(`${UPP_TYPE}[${i}]${err.path.replace(/^ProfileElement/, '')}`, err.detail);
        throw err;
      }
    });
  },
};
