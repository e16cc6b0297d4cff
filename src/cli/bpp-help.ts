/**
 * Help text of `sgp32 bpp` (kept apart from the command so that help loads no codecs).
 *
 * @module
 */
import { BPP_DEVIATIONS } from '../rsp/bpp/types.js';

/** Usage of `sgp32 bpp inspect|open|build`. */
export const BPP_HELP = `Usage: sgp32 bpp <inspect|open|build> [options]

  sgp32 bpp inspect <bpp file> [--json] [-o <file>]
      The structure without keys: transactionId, remoteOpId, smdpOtpk, the groups with
      their segment counts and sizes, wrapping, and the (MAC-only) StoreMetadataRequest,
      written as it is made (to -o <file> or standard output). A DER package (file or -)
      is read in pieces, in bounded memory; hex, base64 and PEM are read whole.

  sgp32 bpp open <bpp file> (--eid <hex> --euicc-otsk <hex|key file> | --s-enc <hex>
      --s-mac <hex> --mcv <hex>) [--curve p256|brainpoolP256r1] [--dppb-cert <file>]
      [--ppk-enc <hex> --ppk-mac <hex> --ppk-icv <hex>] [--lenient | --accept <codes>]
      [--no-upp-check] [--strict] [-o <upp file>] [--json] [--provider node|noble]
      Verifies every MAC in order, decrypts, checks smdpSign with --dppb-cert, and writes
      the profile (UPP) with -o. Deviations (--accept takes a comma list, --lenient all):
      ${BPP_DEVIATIONS.join(', ')}. non-der-metadata (BER metadata, as real
      SM-DP+s send) is accepted unless --strict. A profile that does not end with its End
      element fails (profile-truncated), with --no-upp-check too.

  sgp32 bpp build --upp <file> --metadata <json file|json|DER file> --eid <hex>
      --euicc-otpk <hex|key file> --curve p256|brainpoolP256r1 [--smdp-otsk <hex|key file>]
      [--dppb-key <file>] [--transaction-id <hex>] [--host-id <hex>]
      [--ppk-enc <hex> --ppk-mac <hex> --ppk-icv <hex>] [--segment-size <26..1020>]
      [-o <bpp file>] [--json] [--provider node|noble]
      Builds the package as an SM-DP+ does. Without --dppb-key, smdpSign is made with a
      throwaway key (an eUICC will refuse it). Without -o the DER is printed as hex.

Input files may be DER, hex, base64 or PEM. Keys: a hex scalar / point, or a PEM/DER file
(PKCS#8, SEC1, SubjectPublicKeyInfo or certificate).
Exit codes: 0 all checks passed, 1 the package failed a check, 2 usage error or unreadable input.
`;
