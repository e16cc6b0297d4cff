/**
 * Equality of optional byte fields of certificates (key identifiers, parameters), on the
 * package's bytes module.
 *
 * @module
 */
import { equalBytes } from '../der/bytes.js';

/** Whether two byte arrays are both present and equal. */
export function bytesEqual(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a !== undefined && b !== undefined && equalBytes(a, b);
}
