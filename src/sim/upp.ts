/**
 * A small Unprotected Profile Package for tests and demos without TS.48 profiles at hand (eUICC
 * Profile Package specification v2.3 / PEDefinitions): a ProfileHeader carrying the ICCID, an
 * optional run of padding bytes inside the header's `pol` component (to make the package span
 * several BPP segments), and the End element. What a virtual eUICC reads from it is what a real
 * one reads from any profile's header: the ICCID and the Profile Package version.
 *
 * @module
 */
import { concatBytes } from '../der/bytes.js';
import { ProfileElement } from '../generated/PEDefinitions.js';
import { parseHex } from '../inspect/input.js';

/**
 * The UPP of a minimal profile with ICCID `iccid` (ProfileHeader stores it in plain digit order,
 * `F`-padded).
 *
 * @param iccid - 18 to 20 digits.
 * @param padding - bytes of filler carried in the header (default 0).
 * @throws RangeError for a bad ICCID or padding.
 * @example const upp = minimalUpp('89000123456789012341', 3000); // about three 86 segments
 */
export function minimalUpp(iccid: string, padding = 0): Uint8Array {
  if (!/^\d{18,20}$/.test(iccid)) throw new RangeError(`iccid: expected 18 to 20 digits, got ${JSON.stringify(iccid)}`);
  if (!Number.isSafeInteger(padding) || padding < 0 || padding > 1 << 20) throw new RangeError(`padding: expected 0 to 1 MiB, got ${padding}`);
  const header = ProfileElement.encode({
    $case: 'header',
    value: {
      major_version: 2,
      minor_version: 3,
      profileType: 'sgp32 test profile',
      iccid: parseHex(iccid.padEnd(20, 'F'))!,
      ...(padding > 0 ? { pol: new Uint8Array(padding) } : {}),
      eUICC_Mandatory_services: { usim: null },
      eUICC_Mandatory_GFSTEList: [],
    },
  });
  const end = ProfileElement.encode({ $case: 'end', value: { end_header: { identification: 1 } } });
  return concatBytes([header, end]);
}
