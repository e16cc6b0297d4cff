/**
 * An Unprotected Profile Package (SIMalliance/TCA eUICC Profile Package, the plaintext inside a
 * Bound Profile Package): a plain concatenation of `ProfileElement` encodings with no outer
 * tag. This module gives it the codec surface of a generated type so that the CLI can decode,
 * encode and validate it like any other message.
 *
 * @module
 */
import { ProfileElement } from '../generated/PEDefinitions.js';
import { Asn1DecodeError, Asn1EncodeError, type Diagnostic } from '../der/errors.js';
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

/** Re-bases an error raised while decoding element `index` (which starts at `base`). */
function rebase(err: unknown, index: number, base: number): unknown {
  if (!(err instanceof Asn1DecodeError)) return err;
  const inner = err.path.startsWith('ProfileElement') ? err.path.slice('ProfileElement'.length) : err.path;
  return new Asn1DecodeError(err.code, err.offset + base, err.detail).addPath(`${UPP_TYPE}[${index}]${inner}`);
}

function decodeUpp(bytes: Uint8Array, options?: DecodeOptions): unknown[] {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes: expected a Uint8Array');
  const strict = options?.strict ?? true;
  let ranges: [number, number][];
  try {
    ranges = splitTlvs(bytes, strict);
  } catch (err) {
    throw err instanceof Asn1DecodeError ? new Asn1DecodeError(err.code, err.offset, err.detail).addPath(UPP_TYPE) : err;
  }
  if (ranges.length === 0) throw new Asn1DecodeError('truncated', 0, 'no profile element').addPath(UPP_TYPE);
  const out: unknown[] = [];
  ranges.forEach(([s, e], i) => {
    const local: Diagnostic[] | undefined = options?.diagnostics ? [] : undefined;
    try {
      out.push(ProfileElement.decode(bytes.subarray(s, e), { ...options, diagnostics: local, allowTrailing: false }));
    } catch (err) {
      throw rebase(err, i, s);
    }
    if (local) for (const d of local) options!.diagnostics!.push({ ...d, offset: d.offset + s });
  });
  return out;
}

function encodeUpp(value: readonly unknown[]): Uint8Array {
  if (!Array.isArray(value)) throw new Asn1EncodeError('bad-value', `expected an array of profile elements, got ${typeof value}`);
  const parts = value.map((pe, i) => {
    try {
      return ProfileElement.encode(pe as never);
    } catch (err) {
      if (!(err instanceof Asn1EncodeError)) throw err;
      throw new Asn1EncodeError(err.code, err.detail).addPath(`${UPP_TYPE}[${i}]${err.path.replace(/^ProfileElement/, '')}`);
    }
  });
  return concatBytes(parts);
}

/**
 * Codec of a UPP: `decode` gives the array of profile elements (errors name the element,
 * `UPP[3].genericFileManagement…`, with absolute offsets), `encode` concatenates them, JER is
 * the array of the elements' JER values.
 */
export const Upp: Codec<unknown[]> = {
  typeName: UPP_TYPE,
  moduleName: 'PEDefinitions',
  tags: ProfileElement.tags,
  decode: decodeUpp,
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
