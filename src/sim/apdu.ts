/**
 * The virtual eUICC at the APDU level: an ISD-R endpoint (`es10ApduEndpoint` of sgp32/esipa)
 * over {@link executeCommand}, so that an IPA's APDU layer (STORE DATA blocks, GET RESPONSE,
 * the Bound Profile Package series, channels and SELECT) can be tested without a card.
 *
 * @module
 */
import { es10ApduEndpoint, type Es10ApduEndpoint, type Es10ApduEndpointOptions } from '../esipa/es10-apdu.js';
import { executeCommand } from './euicc.js';
import type { IpaDevice } from './ipa.js';
import type { EuiccState } from './state.js';

/**
 * An APDU endpoint over the eUICC `device`: each complete ES10 command runs on `device.state`,
 * which is replaced by the new state, and `onState` (if given) is called when it changed.
 * @example
 * ```ts
 * const card = euiccApduEndpoint({ state, context: prepareEuicc(state) });
 * const channel = await openEs10Session(card.transmit);
 * const info1 = await transmitEs10(card.transmit, fromHex('bf2000'), { channel });
 * ```
 */
export function euiccApduEndpoint(
  device: IpaDevice,
  options: Es10ApduEndpointOptions & { readonly onState?: (state: EuiccState) => void } = {},
): Es10ApduEndpoint {
  return es10ApduEndpoint((command) => {
    const r = executeCommand(device.state, command, device.context);
    if (r.state !== device.state) {
      device.state = r.state;
      options.onState?.(r.state);
    }
    return r.response;
  }, options);
}
