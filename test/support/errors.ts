/** Error helpers for tests. */
import { Asn1DecodeError } from '../../src/der/errors.js';

/** Runs `f` and returns the Asn1DecodeError it throws; fails on any other outcome. */
export function decodeErrorOf(f: () => unknown): Asn1DecodeError {
  try {
    f();
  } catch (err) {
    if (err instanceof Asn1DecodeError) return err;
    throw err;
  }
  throw new Error('expected an Asn1DecodeError');
}
