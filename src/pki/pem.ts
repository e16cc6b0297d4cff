/**
 * PEM armour (RFC 7468) for certificates and CRLs: the blocks of the wanted labels, base64
 * decoded; blocks of other labels (keys, for instance) are skipped.
 *
 * @module
 */
import { CertificateParseError } from './errors.js';
import { BytesFormatError, readPem as readPemBlocks } from '../der/bytes.js';

/**
 * The DER of each PEM block of `text` whose label is one of `labels`, in order.
 *
 * @param what - the label named in the error when no block matches.
 * @throws TypeError when `text` is not a string; CertificateParseError `invalid-pem` for
 *   unbalanced armour or bad base64, `empty-input` when no block has a wanted label.
 */
export function readPem(text: string, labels: readonly string[], what: string): Uint8Array[] {
  if (typeof text !== 'string') throw new TypeError(`text: expected a string, got ${typeof text}`);
  let blocks;
  try {
    blocks = readPemBlocks(text);
  } catch (err) {
    if (err instanceof BytesFormatError) throw new CertificateParseError('invalid-pem', err.detail, err.offset);
    throw err;
  }
  const out = blocks.filter((b) => labels.includes(b.label)).map((b) => b.bytes);
  if (out.length === 0) throw new CertificateParseError('empty-input', `no ${what} block in the PEM text`);
  return out;
}
