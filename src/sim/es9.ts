/**
 * Profile download directly from an SM-DP+ over ES9+ (SGP.22 v2.5 §5.6; SGP.32 v1.2 §3.2.3
 * "direct" mode): the IPA's {@link RspServer} on top of an ES9+ client (`es9Client` of
 * `sgp32/esipa`), and the reverse, the ES9+ handlers of a {@link TestSmdp}, so that
 * `createEs9Handler(es9HandlersOf(smdp))` of `sgp32/node` serves a test SM-DP+ over HTTP.
 *
 * ES9+ carries the SGP.22 types; the eUICC's responses are SGP.32 types with the same bytes.
 * Each value crosses by its received bytes, decoded with the other module's codec (unknown
 * SGP.32 components are kept as extensions), so every signature still covers what the eUICC
 * signed.
 *
 * @module
 */
import * as RSP from '../generated/RSPDefinitions.js';
import * as SGP32 from '../generated/SGP32Definitions.js';
import type { RspServer } from './ipa.js';
import type { TestSmdp } from './smdp.js';
import { wireBytes } from './wire.js';

/** The ES9+ functions the download calls (the shape of `es9Client`). */
export interface Es9Functions {
  initiateAuthentication(r: RSP.InitiateAuthenticationRequest): Promise<RSP.InitiateAuthenticationResponse>;
  authenticateClient(r: RSP.AuthenticateClientRequest): Promise<RSP.AuthenticateClientResponseEs9>;
  getBoundProfilePackage(r: RSP.GetBoundProfilePackageRequest): Promise<RSP.GetBoundProfilePackageResponse>;
  cancelSession(r: RSP.CancelSessionRequestEs9): Promise<RSP.CancelSessionResponseEs9>;
  handleNotification(r: RSP.HandleNotification): Promise<unknown>;
}

/** Re-reads a value of one module as the same bytes in the other's type. */
function cross<A, B>(value: A, from: { encode(v: A): Uint8Array; tags: readonly number[] | null; typeName: string; moduleName: string }, to: { decode(b: Uint8Array, o: { keepEncoded: true }): B }): B {
  return to.decode(wireBytes(value, from as never), { keepEncoded: true });
}

/**
 * The IPA's download server on an ES9+ client: ESipa values in, ES9+ calls out.
 *
 * @param es9 - e.g. `es9Client('https://smdp.example.com')`.
 * @param smdpAddress - used when the trigger names no address.
 */
export function es9RspServer(es9: Es9Functions, smdpAddress: string): RspServer {
  return {
    async initiateAuthentication(r) {
      if (r.euiccInfo1 === undefined) return { $case: 'initiateAuthenticationErrorEsipa', value: 127 };
      const res = await es9.initiateAuthentication({ euiccChallenge: r.euiccChallenge, smdpAddress: r.smdpAddress ?? smdpAddress, euiccInfo1: r.euiccInfo1 });
      if (res.$case !== 'initiateAuthenticationOk') return { $case: 'initiateAuthenticationErrorEsipa', value: res.$case === 'initiateAuthenticationError' ? res.value : 127 };
      const v = res.value;
      return { $case: 'initiateAuthenticationOkEsipa', value: { transactionId: v.transactionId, serverSigned1: v.serverSigned1, serverSignature1: v.serverSignature1, euiccCiPKIdentifierToBeUsed: v.euiccCiPKIdToBeUsed, serverCertificate: v.serverCertificate } };
    },
    async authenticateClient(r) {
      const res = await es9.authenticateClient({ transactionId: r.transactionId, authenticateServerResponse: cross(r.authenticateServerResponse, SGP32.AuthenticateServerResponse, RSP.AuthenticateServerResponse) });
      if (res.$case !== 'authenticateClientOk') return { $case: 'authenticateClientErrorEsipa', value: res.$case === 'authenticateClientError' ? res.value : 127 };
      const v = res.value;
      return {
        $case: 'authenticateClientOkDPEsipa',
        value: { transactionId: v.transactionId, profileMetaData: cross(v.profileMetaData, RSP.StoreMetadataRequest, SGP32.StoreMetadataRequest), smdpSigned2: v.smdpSigned2, smdpSignature2: v.smdpSignature2, smdpCertificate: v.smdpCertificate },
      };
    },
    async getBoundProfilePackage(r) {
      const res = await es9.getBoundProfilePackage({ transactionId: r.transactionId, prepareDownloadResponse: cross(r.prepareDownloadResponse, SGP32.PrepareDownloadResponse, RSP.PrepareDownloadResponse) });
      if (res.$case !== 'getBoundProfilePackageOk') return { $case: 'getBoundProfilePackageErrorEsipa', value: res.$case === 'getBoundProfilePackageError' ? res.value : 127 };
      return { $case: 'getBoundProfilePackageOkEsipa', value: { transactionId: res.value.transactionId, boundProfilePackage: res.value.boundProfilePackage } };
    },
    async cancelSession(r) {
      const res = await es9.cancelSession({ transactionId: r.transactionId, cancelSessionResponse: cross(r.cancelSessionResponse, SGP32.CancelSessionResponse, RSP.CancelSessionResponse) });
      return res.$case === 'cancelSessionOk' ? { $case: 'cancelSessionOk', value: {} } : { $case: 'cancelSessionError', value: res.$case === 'cancelSessionError' ? res.value : 127 };
    },
    async handleNotification(pir) {
      await es9.handleNotification({ pendingNotification: cross(pir, SGP32.PendingNotification, RSP.PendingNotification) });
    },
  };
}

/** ES9+ handlers (the `on<Function>` shape of `createEs9Handler`) serving a test SM-DP+. */
export function es9HandlersOf(smdp: TestSmdp) {
  return {
    onInitiateAuthentication(r: RSP.InitiateAuthenticationRequest): RSP.InitiateAuthenticationResponse {
      const res = smdp.initiateAuthentication({ euiccChallenge: r.euiccChallenge, smdpAddress: r.smdpAddress, euiccInfo1: r.euiccInfo1 });
      if (res.$case !== 'initiateAuthenticationOkEsipa') return { $case: 'initiateAuthenticationError', value: res.$case === 'initiateAuthenticationErrorEsipa' ? res.value : 127 };
      const v = res.value;
      return { $case: 'initiateAuthenticationOk', value: { transactionId: v.transactionId ?? v.serverSigned1.transactionId, serverSigned1: v.serverSigned1, serverSignature1: v.serverSignature1, euiccCiPKIdToBeUsed: v.euiccCiPKIdentifierToBeUsed, serverCertificate: v.serverCertificate } };
    },
    onAuthenticateClient(r: RSP.AuthenticateClientRequest): RSP.AuthenticateClientResponseEs9 {
      const res = smdp.authenticateClient({ transactionId: r.transactionId, authenticateServerResponse: cross(r.authenticateServerResponse, RSP.AuthenticateServerResponse, SGP32.AuthenticateServerResponse) });
      if (res.$case !== 'authenticateClientOkDPEsipa') return { $case: 'authenticateClientError', value: res.$case === 'authenticateClientErrorEsipa' ? res.value : 127 };
      const v = res.value;
      return {
        $case: 'authenticateClientOk',
        value: { transactionId: v.transactionId ?? r.transactionId, profileMetaData: cross(v.profileMetaData!, SGP32.StoreMetadataRequest, RSP.StoreMetadataRequest), smdpSigned2: v.smdpSigned2, smdpSignature2: v.smdpSignature2, smdpCertificate: v.smdpCertificate },
      };
    },
    onGetBoundProfilePackage(r: RSP.GetBoundProfilePackageRequest): RSP.GetBoundProfilePackageResponse {
      const res = smdp.getBoundProfilePackage({ transactionId: r.transactionId, prepareDownloadResponse: cross(r.prepareDownloadResponse, RSP.PrepareDownloadResponse, SGP32.PrepareDownloadResponse) });
      if (res.$case !== 'getBoundProfilePackageOkEsipa') return { $case: 'getBoundProfilePackageError', value: res.$case === 'getBoundProfilePackageErrorEsipa' ? res.value : 127 };
      return { $case: 'getBoundProfilePackageOk', value: { transactionId: res.value.transactionId ?? r.transactionId, boundProfilePackage: res.value.boundProfilePackage } };
    },
    onHandleNotification(r: RSP.HandleNotification): void {
      smdp.handleNotification(cross(r.pendingNotification, RSP.PendingNotification, SGP32.PendingNotification));
    },
    onCancelSession(): RSP.CancelSessionResponseEs9 {
      return { $case: 'cancelSessionOk', value: {} };
    },
  };
}
