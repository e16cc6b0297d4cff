/**
 * The eUICC information a virtual eUICC reports: EUICCInfo1 (SGP.22 v2.5 §5.7.8) and the SGP.32
 * EUICCInfo2 (SGP.32 v1.2 §5.9.2), the latter with fixed capabilities of a test eUICC.
 *
 * @module
 */
import { bitStringOf } from '../der/bitstring.js';
import type { EUICCInfo1 } from '../generated/RSPDefinitions.js';
import type { EUICCInfo2 } from '../generated/SGP32Definitions.js';
import type { EuiccContext } from './context.js';
import type { EuiccState } from './state.js';

const SVN = /*@__PURE__*/ Uint8Array.of(2, 5, 0);

/** EUICCInfo1 of the eUICC (SGP.22 §5.7.8): SVN 2.5.0 and the SKIs of its CIs. */
export function euiccInfo1Of(ctx: EuiccContext): EUICCInfo1 {
  return { svn: SVN, euiccCiPKIdListForVerification: [...ctx.ciPKIds], euiccCiPKIdListForSigning: [...ctx.ciPKIds] };
}

/** EUICCInfo2 of the eUICC (SGP.32 v1.2 §5.9.2): fixed capabilities of a test eUICC, IPAd mode, SGP.32 v1.2. */
export function euiccInfo2Of(state: EuiccState, ctx: EuiccContext): EUICCInfo2 {
  return {
    profileVersion: Uint8Array.of(2, 3, 1),
    svn: SVN,
    euiccFirmwareVer: Uint8Array.of(1, 0, 0),
    // ETSI TS 102 226 §8.2.1.7.2: installed applications 81 01 00, free non-volatile memory 82, free volatile memory 83.
    extCardResource: Uint8Array.of(0x81, 0x01, state.profiles.length, 0x82, 0x03, 0x01, 0x00, 0x00, 0x83, 0x02, 0x10, 0x00),
    uiccCapability: bitStringOf([1, 2, 4, 8]),
    rspCapability: bitStringOf([0, 3]),
    euiccCiPKIdListForVerification: [...ctx.ciPKIds],
    euiccCiPKIdListForSigning: [...ctx.ciPKIds],
    euiccCategory: 0,
    ppVersion: Uint8Array.of(0, 0, 1),
    sasAcreditationNumber: 'SGP32-VIRTUAL-EUICC',
    ipaMode: 0,
    iotSpecificInfo: { iotVersion: [Uint8Array.of(1, 2, 0)], fallbackSupported: null },
  };
}

