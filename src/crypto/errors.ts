/**
 * Typed errors of the cryptography layer.
 *
 * Bad *arguments* (wrong type, wrong length) raise `TypeError`/`RangeError`; bad *data* (a key
 * file that does not parse, a point that is not on the curve, a malformed DER signature) raises
 * one of the classes below, each carrying a string-literal `code` a caller can switch on.
 *
 * @module
 */

/** Why a key could not be imported or used. */
export type CryptoKeyFormatErrorCode =
  /** PEM armour missing, unbalanced, of an unexpected label, or with invalid base64. */
  | 'bad-pem'
  /** The DER does not have the structure of the expected key format (truncated, wrong tag, trailing bytes…). */
  | 'bad-der'
  /** The key is not an EC key (algorithm OID other than id-ecPublicKey). */
  | 'unsupported-algorithm'
  /** The EC key names a curve other than P-256 or brainpoolP256r1 (or none). */
  | 'unknown-curve'
  /** The private scalar is 0 or not below the group order n. */
  | 'scalar-out-of-range'
  /** A point encoding has the wrong length or prefix. */
  | 'bad-point-encoding'
  /** The point is not on the curve (or is the point at infinity). */
  | 'point-not-on-curve'
  /** A SEC1 private key carries a public key that is not d·G. */
  | 'public-key-mismatch';

/**
 * A key could not be parsed or is not a valid key of a supported curve.
 *
 * @example
 * ```ts
 * try { importPrivateKey(pem); }
 * catch (e) { if (e instanceof CryptoKeyFormatError && e.code === 'unknown-curve') … }
 * ```
 */
export class CryptoKeyFormatError extends Error {
  override readonly name = 'CryptoKeyFormatError';
  /** Machine-readable reason. */
  readonly code: CryptoKeyFormatErrorCode;
  /** Byte offset in the DER input where the problem was found, when it applies. */
  readonly offset: number | undefined;

  constructor(code: CryptoKeyFormatErrorCode, detail: string, offset?: number) {
    super(offset === undefined ? `${detail} (${code})` : `${detail} (${code}, ${offset})`);
    this.code = code;
    this.offset = offset;
  }
}

/** Why an ECDSA signature could not be converted between its forms. */
export type SignatureFormatErrorCode =
  /** A raw signature that is not exactly 64 bytes. */
  | 'bad-length'
  /** The DER is not a strict DER `SEQUENCE { INTEGER, INTEGER }` (truncated, BER lengths, trailing bytes…). */
  | 'bad-der'
  /** An INTEGER is negative, zero-padded without need, or does not fit in 32 bytes. */
  | 'bad-integer';

/** An ECDSA signature is malformed for the form it claims to have. */
export class SignatureFormatError extends Error {
  override readonly name = 'SignatureFormatError';
  /** Machine-readable reason. */
  readonly code: SignatureFormatErrorCode;
  /** Byte offset in the input where the problem was found. */
  readonly offset: number;

  constructor(code: SignatureFormatErrorCode, detail: string, offset: number) {
    super(`${detail} (${code}, ${offset})`);
    this.code = code;
    this.offset = offset;
  }
}
