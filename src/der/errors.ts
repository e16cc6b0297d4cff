/**
 * Errors of the DER runtime. Decoding untrusted bytes raises only {@link Asn1DecodeError};
 * encoding a value that breaks its type raises {@link Asn1EncodeError}. Both carry a
 * string-literal `code` and an ASN.1 `path` that grows while the error unwinds through the
 * generated decoders (`EuiccPackageRequest.euiccPackageSigned.eimId`).
 *
 * @module
 */

/** Why a decode failed. One code per kind of defect (X.690 clause in brackets). */
export type DecodeErrorCode =
  /** The TLV's tag is not one the type allows here. */
  | 'unexpected-tag'
  /** A mandatory component is absent. */
  | 'missing-component'
  /** The input ends before the TLV (or its header) does, or a length runs past its container. */
  | 'truncated'
  /** A malformed length: reserved form 0xFF, more than 4 length octets, or primitive + indefinite. */
  | 'bad-length'
  /** A long-form length where the short form fits, or leading zero octets (X.690 §10.1). */
  | 'non-minimal-length'
  /** Indefinite length, which DER forbids (X.690 §10.1). */
  | 'indefinite-length'
  /** A malformed identifier: high-tag-number form for a number below 31, leading 0x80, > 21 bits. */
  | 'bad-tag'
  /** INTEGER content empty, or with a redundant leading 00/FF octet (X.690 §8.3.2). */
  | 'bad-integer'
  /** INTEGER outside ±(2^53−1) for a type mapped to `number`. */
  | 'integer-range'
  /** BOOLEAN not one octet, or (DER) not 00/FF (X.690 §11.1). */
  | 'bad-boolean'
  /** NULL with content. */
  | 'bad-null'
  /** A constructed (segmented) BIT STRING, OCTET STRING or character string (X.690 §10.2). */
  | 'constructed-string'
  /** BIT STRING: no unused-bits octet, more than 7 unused bits, unused bits not zero, trailing zero named bits. */
  | 'bad-bit-string'
  /** OBJECT IDENTIFIER: empty, an arc with a leading 0x80, an unterminated arc. */
  | 'bad-oid'
  /** A character string with bytes its type does not allow (invalid UTF-8, non-printable, …). */
  | 'bad-string'
  /** UTCTime / GeneralizedTime not in the DER form (X.690 §11.7, §11.8). */
  | 'bad-time'
  /** An ENUMERATED value that is not one of the type's items. */
  | 'bad-enumerated'
  /** A SIZE or value-range constraint does not hold. */
  | 'constraint'
  /** A DEFAULT component encoded with its default value (X.690 §11.5). */
  | 'default-encoded'
  /** SET OF elements or SET components not in DER order (X.690 §11.6, §10.3). */
  | 'set-order'
  /** A SET holds the same component twice. */
  | 'duplicate-component'
  /** Bytes after the complete value. */
  | 'trailing-data'
  /** Nesting deeper than the configured limit. */
  | 'depth-limit';
// A non-Uint8Array argument or a bad option is a programming error, not bad data: `decode`
// throws a TypeError/RangeError naming the argument, so there is no decode code for it.

export type EncodeErrorCode = 'bad-value' | 'constraint' | 'missing-component' | 'bad-choice';

/** The ASN.1 path of a value, kept as segments while an error unwinds. */
function joinPath(segments: readonly string[]): string {
  let out = '';
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i];
    if (s.charCodeAt(0) === 91 /* [ */ || out === '') out += s;
    else out += '.' + s;
  }
  return out;
}

/**
 * A decoding failure on untrusted input. `offset` is absolute in the buffer given to `decode`,
 * `path` names the value (`EuiccPackageRequest.euiccPackageSigned.eimId`).
 * The message reads `path: detail (code, offset N)`.
 */
export class Asn1DecodeError extends Error {
  override readonly name = 'Asn1DecodeError';
  /** Path segments innermost first; {@link path} joins them. */
  private readonly segments: string[] = [];

  constructor(
    readonly code: DecodeErrorCode,
    readonly offset: number,
    readonly detail: string,
  ) {
    super(`${detail} (${code}, offset ${offset})`);
  }

  /** The ASN.1 path of the value that failed, outermost first. */
  get path(): string {
    return joinPath(this.segments);
  }

  /** Adds an enclosing path segment (a component name or `[index]`); used by the decoders. */
  addPath(segment: string): this {
    // An empty segment (an error after the last component, raised by the SEQUENCE itself)
    // adds nothing: the path stays the enclosing value's.
    if (segment !== '') this.segments.push(segment);
    this.message = `${this.path}: ${this.detail} (${this.code}, offset ${this.offset})`;
    return this;
  }
}

/** A value that cannot be encoded as its type (wrong shape, constraint broken). */
export class Asn1EncodeError extends Error {
  override readonly name = 'Asn1EncodeError';
  private readonly segments: string[] = [];

  constructor(
    readonly code: EncodeErrorCode,
    readonly detail: string,
  ) {
    super(`${detail} (${code})`);
  }

  get path(): string {
    return joinPath(this.segments);
  }

  addPath(segment: string): this {
    if (segment !== '') this.segments.push(segment);
    this.message = `${this.path}: ${this.detail} (${this.code})`;
    return this;
  }
}

/**
 * Adds `segment` to the path of an {@link Asn1DecodeError} or {@link Asn1EncodeError} and
 * returns it; anything else is returned unchanged.
 */
export function withPath(err: unknown, segment: string): unknown {
  if (err instanceof Asn1DecodeError || err instanceof Asn1EncodeError) return err.addPath(segment);
  return err;
}

/** A BER deviation accepted in lenient mode. */
export interface Diagnostic {
  readonly code: DecodeErrorCode;
  readonly offset: number;
  readonly detail: string;
}
