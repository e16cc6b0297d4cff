/**
 * EID helpers for certificate checks.
 *
 * The EID of an eUICC is carried in its certificate as the subject attribute serialNumber
 * (2.5.4.5), 32 decimal digits; the EUM certificate restricts the EIDs it may certify to a set
 * of prefixes (certificates.md §5). EIDs follow the ITU-T E.118-style check: the 32-digit number
 * modulo 97 equals 1 (SGP.29; certificates.md §5.2).
 *
 * @module
 */

const EID_PATTERN = /^[0-9]{32}$/;

/** Whether `eid` has the form of an EID: exactly 32 decimal digits. */
export function isEidFormat(eid: string): boolean {
  return EID_PATTERN.test(eid);
}

/**
 * Whether the two check digits of an EID are right (the 32-digit number mod 97 = 1).
 *
 * @param eid - 32 decimal digits.
 * @returns true when the check digits match.
 * @throws TypeError if `eid` is not a string; RangeError if it is not 32 decimal digits.
 * @example
 * ```ts
 * eidCheckDigitsValid('89049032123451234512345678901235'); // true
 * ```
 */
export function eidCheckDigitsValid(eid: string): boolean {
  if (typeof eid !== 'string') throw new TypeError(`eid: expected a string, got ${typeof eid}`);
  if (!isEidFormat(eid)) throw new RangeError(`eid: expected 32 decimal digits, got ${JSON.stringify(eid.slice(0, 40))}`);
  let rem = 0;
  for (let i = 0; i < eid.length; i++) rem = (rem * 10 + (eid.charCodeAt(i) - 48)) % 97;
  return rem === 1;
}

/**
 * Whether `eid` starts with one of `prefixes` (the GSMA rule for an EUM's permitted EID range,
 * certificates.md §5.3; comparison is case-insensitive for hex-looking prefixes).
 *
 * @param eid - the EID string from the eUICC certificate.
 * @param prefixes - permitted prefixes from the EUM certificate.
 * @returns the matching prefix, or undefined when none matches.
 */
export function matchingEidPrefix(eid: string, prefixes: readonly string[]): string | undefined {
  const upper = eid.toUpperCase();
  return prefixes.find((p) => p.length > 0 && upper.startsWith(p.toUpperCase()));
}
