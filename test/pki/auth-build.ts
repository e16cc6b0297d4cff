/**
 * Builds AuthenticateServerResponse messages (BF38) the way an eUICC does: euiccSigned1 encoded
 * with the generated codecs, signed with the eUICC's private key (raw r‖s), and the message
 * assembled either with the generated codec or, for BER variants, byte by byte. No node:*, so
 * the browser self-checks can use it too.
 */
import type { CryptoProvider, EcPrivateKey } from '../../src/crypto/provider.js';
import * as PKIX from '../../src/generated/PKIX1Explicit88.js';
import * as RSP from '../../src/generated/RSPDefinitions.js';
import * as SGP32 from '../../src/generated/SGP32Definitions.js';
import { concat, derLength } from '../support/bytes.js';

/** What the server sent and the eUICC echoes in euiccSigned1. */
export interface Session {
  readonly transactionId: Uint8Array;
  readonly serverChallenge: Uint8Array;
  readonly serverAddress: string;
  /** CI key identifiers (20 bytes each) the eUICC lists in its EUICCInfo2. */
  readonly ciKeyIds: readonly Uint8Array[];
}

const hexOf = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** A plausible SGP.32 euiccSigned1 value (JER in, so every required component is spelled out). */
export function euiccSigned1Value(s: Session): SGP32.EuiccSigned1 {
  return SGP32.EuiccSigned1.fromJer({
    transactionId: hexOf(s.transactionId),
    serverAddress: s.serverAddress,
    serverChallenge: hexOf(s.serverChallenge),
    euiccInfo2: {
      profileVersion: '020301',
      svn: '030100',
      euiccFirmwareVer: '010203',
      extCardResource: '8101008204000100008302ffff',
      uiccCapability: { value: 'ffff0000', length: 32 },
      rspCapability: { value: 'f0', length: 6 },
      euiccCiPKIdListForVerification: s.ciKeyIds.map(hexOf),
      euiccCiPKIdListForSigning: s.ciKeyIds.map(hexOf),
      ppVersion: '010000',
      sasAcreditationNumber: 'SGP32-TEST-SAS',
    },
    ctxParams1: { ctxParamsForCommonAuthentication: { matchingId: 'MATCHING-ID-1', deviceInfo: { tac: '35290611', deviceCapabilities: {} } } },
  });
}

/** The same value through the SGP.22 module (for the RSPDefinitions variant). */
export function euiccSigned1ValueRsp(s: Session): RSP.EuiccSigned1 {
  return RSP.EuiccSigned1.fromJer(SGP32.EuiccSigned1.toJer(euiccSigned1Value(s)));
}

/** Signs euiccSigned1 bytes as the eUICC does: ECDSA-SHA256, raw r‖s. */
export function signEuiccSigned1(provider: CryptoProvider, key: EcPrivateKey, signed1: Uint8Array): Uint8Array {
  return provider.ecdsaSign(key, signed1, 'raw');
}

/** The message through the generated codec (DER throughout). */
export function encodeResponse(
  module: 'SGP32Definitions' | 'RSPDefinitions',
  signed1: SGP32.EuiccSigned1 | RSP.EuiccSigned1,
  signature: Uint8Array,
  euiccCert: Uint8Array,
  eumCert: Uint8Array,
): Uint8Array {
  const ok = {
    euiccSigned1: signed1,
    euiccSignature1: signature,
    euiccCertificate: PKIX.Certificate.decode(euiccCert),
    eumCertificate: PKIX.Certificate.decode(eumCert),
  };
  return module === 'SGP32Definitions'
    ? SGP32.AuthenticateServerResponse.encode({ $case: 'authenticateResponseOk', value: ok as SGP32.AuthenticateResponseOk })
    : RSP.AuthenticateServerResponse.encode({ $case: 'authenticateResponseOk', value: ok as RSP.AuthenticateResponseOk });
}

/** A TLV with a (possibly multi-byte) tag and an optional forced length form. */
export function tagged(tag: readonly number[], content: Uint8Array, lengthBytes?: Uint8Array): Uint8Array {
  return concat(Uint8Array.from(tag), lengthBytes ?? derLength(content.length), content);
}

/** The message assembled from raw parts: the signed bytes go in exactly as given. */
export function assembleResponse(signed1: Uint8Array, signature: Uint8Array, euiccCert: Uint8Array, eumCert: Uint8Array): Uint8Array {
  const ok = tagged([0xa0], concat(signed1, tagged([0x5f, 0x37], signature), euiccCert, eumCert));
  return tagged([0xbf, 0x38], ok);
}

/** An authenticateResponseError message. */
export function errorResponse(transactionId: Uint8Array, code: number): Uint8Array {
  return SGP32.AuthenticateServerResponse.encode({ $case: 'authenticateResponseError', value: { transactionId, authenticateErrorCode: code } });
}

/**
 * Rewrites a DER TLV's outer length in a non-minimal long form (`84 00 00 hi lo`), as BER
 * allows and X.690 §10.1 forbids; the content is untouched.
 */
export function berOuterLength(der: Uint8Array): Uint8Array {
  let p = 1;
  const first = der[p++];
  let len = first;
  if (first & 0x80) {
    len = 0;
    for (let i = 0; i < (first & 0x7f); i++) len = len * 256 + der[p++];
  }
  return concat(der.subarray(0, 1), Uint8Array.of(0x84, (len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff), der.subarray(p));
}

/**
 * euiccSigned1 in BER: outer length in long form and the transactionId (first component,
 * tag 80) with a long-form length too. Still decodes (leniently) to the same value.
 */
export function berEuiccSigned1(der: Uint8Array): Uint8Array {
  const outer = berOuterLength(der);
  // Outer header is now 6 bytes (30 84 xx xx xx xx); the transactionId TLV follows.
  const body = outer.subarray(6);
  if (body[0] !== 0x80 || body[1] >= 0x80) throw new Error('expected a short transactionId first');
  const tid = concat(Uint8Array.of(0x80, 0x81, body[1]), body.subarray(2, 2 + body[1]));
  const rest = body.subarray(2 + body[1]);
  const content = concat(tid, rest);
  return concat(Uint8Array.of(0x30, 0x84, 0, 0, (content.length >>> 8) & 0xff, content.length & 0xff), content);
}
