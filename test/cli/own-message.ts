/** A message the CLI tests make themselves. */
import { EuiccPackageRequest } from '../../src/generated/SGP32Definitions.js';

/** Our own message: an eUICC Package with two PSMOs (signature field: 64 bytes of 0x5A, not a signature). */
export function ownRequest(): Uint8Array {
  return EuiccPackageRequest.encode({
    euiccPackageSigned: {
      eimId: 'eim.test',
      eidValue: Buffer.from('89049032123451234512345678901235', 'hex'),
      counterValue: 300,
      euiccPackage: {
        $case: 'psmoList',
        value: [
          { $case: 'enable', value: { iccid: Buffer.from('98001032547698103214', 'hex'), rollbackFlag: null } },
          { $case: 'listProfileInfo', value: {} },
        ],
      },
    },
    eimSignature: new Uint8Array(64).fill(0x5a),
  });
}

