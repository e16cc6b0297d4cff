/**
 * An Unprotected Profile Package (SIMalliance/TCA eUICC Profile Package, the plaintext inside a
 * Bound Profile Package): a plain concatenation of `ProfileElement` encodings with no outer
 * tag. This module gives it the codec surface of a generated type so that the CLI can decode,
 * encode and validate it like any other message. A UPP is read with the `ProfileElement` of a
 * registry ({@link uppOf}): a registry without PEDefinitions knows no UPP, and a bundle that
 * registers no PEDefinitions carries none of its codecs (`sgp32/inspect`'s `Upp`,
 * `uppElements` and `encodeUppElement` are the UPP of the generated PEDefinitions).
 *
 * @module
 */
import type { ProfileElement } from '../generated/PEDefinitions.js';
import { Asn1DecodeError, Asn1EncodeError } from '../der/errors.js';
import { hdr, newReader, type DecodeOptions } from '../der/reader.js';
import { concatBytes } from '../der/bytes.js';
import type { Codec, JsonValue } from '../der/codec.js';
import type { Registry } from '../der/registry.js';
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

/** The path of an error met in element `index`: `UPP[index]` in place of the element's type name. */
function elementPath(path: string, index: number): string {
  return `${UPP_TYPE}[${index}]${path.replace(/^ProfileElement/, '')}`;
}

/** Names element `index` in the path of an error raised while decoding it (offsets are absolute already). */
function rebase(err: unknown, index: number): unknown {
  if (!(err instanceof Asn1DecodeError)) return err;
  return new Asn1DecodeError(err.code, err.offset, err.detail).addPath(elementPath(err.path, index));
}

/** One profile element of a UPP, as {@link UppCodec.elements} yields it. */
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
 * The codec of a UPP over one `ProfileElement` codec: `decode` gives the array of profile
 * elements (errors name the element, `UPP[3].genericFileManagement…`, with absolute offsets),
 * `encode` concatenates them, JER is the array of the elements' JER values.
 */
export interface UppCodec extends Codec<unknown[]> {
  /** The codec of one element. */
  readonly element: Codec<ProfileElement>;
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
   */
  elements(bytes: Uint8Array, options?: DecodeOptions, from?: number, to?: number): Generator<UppElement, void, undefined>;
  /**
   * The DER of profile element number `index` of a UPP.
   * @throws Asn1EncodeError naming the element (`UPP[3].genericFileManagement…`).
   */
  encodeElement(value: ProfileElement, index: number): Uint8Array;
}

/** The UPP codec over `element` (the `PEDefinitions.ProfileElement` of a registry). */
export function uppCodec(element: Codec<ProfileElement>): UppCodec {
  function* elements(bytes: Uint8Array, options?: DecodeOptions, from = 0, to = bytes.length): Generator<UppElement, void, undefined> {
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
        value = element.decodeAt(bytes, start, end, { ...options, allowTrailing: false });
      } catch (err) {
        throw rebase(err, index);
      }
      p = end;
      yield { index, start, end, value };
    }
  }
  const decodeUpp = (bytes: Uint8Array, options?: DecodeOptions, start = 0, end = bytes.length): unknown[] => Array.from(elements(bytes, options, start, end), (pe) => pe.value);
  const encodeElement = (value: ProfileElement, index: number): Uint8Array => {
    try {
      return element.encode(value);
    } catch (err) {
      if (!(err instanceof Asn1EncodeError)) throw err;
      throw new Asn1EncodeError(err.code, err.detail).addPath(elementPath(err.path, index));
    }
  };
  return {
    typeName: UPP_TYPE,
    moduleName: 'PEDefinitions',
    get tags() {
      return element.tags;
    },
    // A UPP is a SEQUENCE OF ProfileElement without the outer tag.
    desc: { module: 'PEDefinitions', name: UPP_TYPE, layers: [], base: { k: 'seqOf', e: [[], () => element] } },
    element,
    elements,
    encodeElement,
    decode: (bytes: Uint8Array, options?: DecodeOptions): unknown[] => decodeUpp(bytes, options),
    decodeAt: (bytes: Uint8Array, start: number, end: number, options?: DecodeOptions): unknown[] => {
      if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes: expected a Uint8Array');
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > bytes.length) {
        throw new RangeError(`start, end: expected offsets with 0 <= start <= end <= ${bytes.length}, got ${start}, ${end}`);
      }
      return decodeUpp(bytes, options, start, end);
    },
    encode: (value: readonly unknown[]): Uint8Array => {
      if (!Array.isArray(value)) throw new Asn1EncodeError('bad-value', `expected an array of profile elements, got ${typeof value}`);
      return concatBytes(value.map((pe, i) => encodeElement(pe as ProfileElement, i)));
    },
    toJer: (value: unknown[]): JsonValue => value.map((pe) => element.toJer(pe as never)),
    fromJer: (json: unknown): unknown[] => {
      if (!Array.isArray(json)) throw new JerError(UPP_TYPE, 'expected an array of profile elements');
      return json.map((j, i) => {
        try {
          return element.fromJer(j);
        } catch (err) {
          if (err instanceof JerError) throw new JerError(elementPath(err.path, i), err.detail);
          throw err;
        }
      });
    },
  };
}

/** The qualified name of the type a UPP is a run of. */
export const PROFILE_ELEMENT = 'PEDefinitions.ProfileElement';

const uppCodecs = /*@__PURE__*/ new WeakMap<Registry, UppCodec | null>();

/** The UPP codec of `registry` (over its PEDefinitions.ProfileElement), or undefined when it registers no PEDefinitions. */
export function uppOf(registry: Registry): UppCodec | undefined {
  let upp = uppCodecs.get(registry);
  if (upp === undefined) {
    const element = registry.type(PROFILE_ELEMENT);
    uppCodecs.set(registry, (upp = element ? uppCodec(element) : null));
  }
  return upp ?? undefined;
}

/** The UPP codec of `registry`. @throws RangeError when it registers no PEDefinitions. */
export function uppCodecOf(registry: Registry): UppCodec {
  const upp = uppOf(registry);
  if (!upp) throw new RangeError(`type: no codec for ${UPP_TYPE} (the registry has no ${PROFILE_ELEMENT})`);
  return upp;
}
