/**
 * The one error the certificate parser raises: the input is not a certificate at all.
 * Certificates that parse but break a rule are not errors; they produce a view whose
 * `problems` list says what is wrong, and chain validation turns that into a verdict.
 *
 * @module
 */

/** Why an input could not be read as a certificate. */
export type CertificateParseErrorCode =
  /** Nothing to parse (zero bytes, or a text without any PEM block). */
  | 'empty-input'
  /** PEM armour unbalanced, of another label, or with invalid base64. */
  | 'invalid-pem'
  /** The bytes do not have the structure of an X.509 Certificate (RFC 5280 §4.1). */
  | 'not-a-certificate';

/**
 * Raised by the certificate parsers when the input cannot be read as a certificate.
 *
 * @example
 * ```ts
 * try { parseCertificate(bytes); }
 * catch (e) { if (e instanceof CertificateParseError && e.code === 'invalid-pem') … }
 * ```
 */
export class CertificateParseError extends Error {
  override readonly name = 'CertificateParseError';
  /** What went wrong. */
  readonly code: CertificateParseErrorCode;
  /** Byte offset in the input where the problem was found, when known. */
  readonly offset: number | undefined;

  constructor(code: CertificateParseErrorCode, detail: string, offset?: number, options?: { cause?: unknown }) {
    super(`certificate: ${detail} (${code}${offset === undefined ? '' : `, ${offset}`})`, options);
    this.code = code;
    this.offset = offset;
  }
}
