/**
 * A minimal eIM for tests, demos and load runs (SGP.32 v1.2 §3.2, §6.3): a queue of work per
 * EID, eUICC Packages signed when handed out (counterValue one above the last, the device's
 * associationToken), every returned EuiccPackageResult verified with the device's key through
 * `verifyEuiccPackageResult` of `sgp32/rsp`, acknowledgements for what arrived, and indirect
 * profile download relayed to a test SM-DP+ ({@link createTestSmdp}).
 *
 * {@link TestEim.handlers} has the `on<Function>` shape of the `sgp32/esipa` dispatcher, so
 * `createEsipaHandler(eim.handlers)` of `sgp32/node` serves it over HTTP; {@link TestEim.handle}
 * takes an envelope directly (for {@link loopbackTransport}).
 *
 * @module
 */
import { publicKeyFromCertificate } from '../pki/keys.js';
import { nobleProvider } from '../crypto/noble.js';
import { Certificate } from '../generated/PKIX1Explicit88.js';
import type { CryptoProvider, EcPrivateKey } from '../crypto/provider.js';
import { verifiable, wireBytes } from './wire.js';
import {
  EuiccPackageRequest,
  EuiccPackageResult,
  PendingNotification,
  type AuthenticateClientRequestEsipa,
  type AuthenticateClientResponseEsipa,
  type CancelSessionRequestEsipa,
  type CancelSessionResponseEsipa,
  type EsipaMessageFromEimToIpa,
  type EuiccPackage,
  type GetBoundProfilePackageRequestEsipa,
  type GetBoundProfilePackageResponseEsipa,
  type GetEimPackageRequest,
  type GetEimPackageResponse,
  type HandleNotificationEsipa,
  type InitiateAuthenticationRequestEsipa,
  type InitiateAuthenticationResponseEsipa,
  type IpaEuiccDataRequest,
  type ProfileDownloadTriggerRequest,
  type ProvideEimPackageResult,
  type ProvideEimPackageResultResponse,
} from '../generated/SGP32Definitions.js';
import { signEuiccPackage } from '../rsp/eim-package.js';
import { verifyEuiccPackageResult } from '../rsp/euicc-package-result.js';
import { verifyPendingNotification } from '../rsp/notifications.js';
import { resolvePrivateKey, type SigningKey, type VerificationKey } from '../rsp/signed-data.js';
import type { TestSmdp } from './smdp.js';
import type { IpaRequest } from './ipa.js';
import { toHex } from '../der/bytes.js';

/** Work the eIM hands out on the next GetEimPackage of a device. */
export type EimWork =
  | { readonly kind: 'euiccPackage'; readonly euiccPackage: EuiccPackage }
  | { readonly kind: 'signed'; readonly bytes: Uint8Array }
  | { readonly kind: 'ipaEuiccData'; readonly request: IpaEuiccDataRequest }
  | { readonly kind: 'profileDownload'; readonly trigger: ProfileDownloadTriggerRequest };

/** What the eIM knows of one eUICC. */
export type EimDevice = VerificationKey & {
  /** The associationToken of this eIM's association with the eUICC, or null. */
  readonly associationToken: number | null;
  /** The last counterValue used (default 0: the first package carries 1). */
  readonly counterValue?: number;
};

/** One result the eIM received, as it judged it. */
export interface EimResultRecord {
  readonly eid: string;
  readonly kind: 'euiccPackageResult' | 'ipaEuiccData' | 'profileDownload' | 'notification' | 'error';
  /** The signature verified (for signed results), the data arrived (others). */
  readonly valid: boolean;
  /** `ok`, the error alternative (`euiccPackageErrorSigned replayError`), or why it was invalid. */
  readonly outcome: string;
  readonly counterValue?: number;
  readonly detail: string;
}

/** Options of {@link createTestEim}. */
export interface TestEimOptions {
  readonly eimId: string;
  /** The eIM's signing key (its public key is what the eUICC's eIM configuration holds). */
  readonly privateKey: SigningKey;
  /** Serves indirect profile download. */
  readonly smdp?: TestSmdp;
  readonly provider?: CryptoProvider;
  /** Called for every result recorded. */
  readonly onResult?: (record: EimResultRecord) => void;
}

/** Handlers by ESipa function, each taking the request value and returning the response value. */
export interface TestEimHandlers {
  onGetEimPackage(request: GetEimPackageRequest): GetEimPackageResponse;
  onProvideEimPackageResult(request: ProvideEimPackageResult): ProvideEimPackageResultResponse;
  onHandleNotification(request: HandleNotificationEsipa): void;
  onInitiateAuthentication(request: InitiateAuthenticationRequestEsipa): InitiateAuthenticationResponseEsipa;
  onAuthenticateClient(request: AuthenticateClientRequestEsipa): AuthenticateClientResponseEsipa;
  onGetBoundProfilePackage(request: GetBoundProfilePackageRequestEsipa): GetBoundProfilePackageResponseEsipa;
  onCancelSession(request: CancelSessionRequestEsipa): CancelSessionResponseEsipa;
}

/** The test eIM. */
export interface TestEim {
  readonly handlers: TestEimHandlers;
  /** One envelope in, one out (undefined for HandleNotification). */
  handle(message: IpaRequest): EsipaMessageFromEimToIpa | undefined;
  /** Makes an eUICC known (EID as 32 hex digits). */
  register(eid: string, device: EimDevice): void;
  /** Queues work for an eUICC. */
  enqueue(eid: string, work: EimWork): void;
  /** The signed bytes of the last eUICC Package handed to `eid` (to replay it). */
  lastPackage(eid: string): Uint8Array | undefined;
  /** Work still queued for `eid` (all devices when absent). */
  pending(eid?: string): number;
  /** Every result received, in order. */
  readonly results: EimResultRecord[];
  /** Packages handed out. */
  readonly dispatched: number;
}

interface DeviceRecord {
  key: VerificationKey;
  associationToken: number | null;
  counterValue: number;
  queue: EimWork[];
  last?: Uint8Array;
  /** counterValue of packages handed out and not answered yet. */
  outstanding: Set<number>;
}

function certificateDer(c: string | Uint8Array | Certificate): string | Uint8Array {
  return typeof c === 'string' || c instanceof Uint8Array ? c : Certificate.encode(c);
}

function hex(b: Uint8Array): string {
  return toHex(b, { upper: true });
}

function keyOf(d: EimDevice): VerificationKey {
  // Parsed once at registration, not on every result.
  if (d.certificate !== undefined) return { publicKey: publicKeyFromCertificate(certificateDer(d.certificate)) };
  if (d.publicKey !== undefined) return { publicKey: d.publicKey };
  return { eimPublicKeyData: d.eimPublicKeyData };
}

/**
 * Makes a test eIM.
 *
 * @throws CryptoKeyFormatError for an unusable signing key.
 * @example
 * ```ts
 * const eim = createTestEim({ eimId: 'eim.example', privateKey: eimKey });
 * eim.register(eid, { certificate: euiccCert, associationToken: 1 });
 * eim.enqueue(eid, { kind: 'euiccPackage', euiccPackage: { $case: 'psmoList', value: [{ $case: 'enable', value: { iccid } }] } });
 * http.createServer(createEsipaHandler(eim.handlers)).listen(0);
 * ```
 */
export function createTestEim(options: TestEimOptions): TestEim {
  const provider = options.provider ?? nobleProvider;
  const key: EcPrivateKey = resolvePrivateKey(options.privateKey);
  const devices = new Map<string, DeviceRecord>();
  const results: EimResultRecord[] = [];
  let dispatched = 0;
  const record = (r: EimResultRecord) => {
    results.push(r);
    options.onResult?.(r);
  };
  const smdpOr = <T>(f: (s: TestSmdp) => T, none: T): T => (options.smdp ? f(options.smdp) : none);

  const verifyResult = (eid: string, d: DeviceRecord, epr: EuiccPackageResult): number[] => {
    const v = verifyEuiccPackageResult(verifiable(epr, EuiccPackageResult), { ...d.key, associationToken: d.associationToken, provider } as never);
    const value = v.result.value as { euiccPackageResultDataSigned?: { counterValue: number; seqNumber: number; euiccResult: readonly { $case: string; value: unknown }[] }; euiccPackageErrorDataSigned?: { counterValue: number; euiccPackageErrorCode: number } };
    if (v.kind === 'euiccPackageResultSigned' && value.euiccPackageResultDataSigned) {
      const data = value.euiccPackageResultDataSigned;
      d.outstanding.delete(data.counterValue);
      const summary = data.euiccResult.map((r) => `${r.$case}${typeof r.value === 'number' ? `=${r.value}` : ''}`).join(', ');
      record({ eid, kind: 'euiccPackageResult', valid: v.valid, outcome: v.valid ? 'ok' : v.reason, counterValue: data.counterValue, detail: v.valid ? summary : v.detail });
      return v.valid ? [data.seqNumber] : [];
    }
    if (v.kind === 'euiccPackageErrorSigned' && value.euiccPackageErrorDataSigned) {
      const data = value.euiccPackageErrorDataSigned;
      d.outstanding.delete(data.counterValue);
      record({ eid, kind: 'euiccPackageResult', valid: v.valid, outcome: `euiccPackageErrorSigned ${data.euiccPackageErrorCode}`, counterValue: data.counterValue, detail: v.valid ? 'signed error, signature verified' : v.detail });
      return [];
    }
    record({ eid, kind: 'euiccPackageResult', valid: false, outcome: v.kind, detail: 'unsigned error: the eUICC could not authenticate the package' });
    return [];
  };

  const handlers: TestEimHandlers = {
    onGetEimPackage(request) {
      const eid = hex(request.eidValue);
      const d = devices.get(eid);
      if (d === undefined) return { $case: 'eimPackageError', value: 2 }; // eidNotFound
      const work = d.queue.shift();
      if (work === undefined) return { $case: 'eimPackageError', value: 1 }; // noEimPackageAvailable
      dispatched++;
      switch (work.kind) {
        case 'euiccPackage': {
          d.counterValue++;
          const { request: pkg, bytes } = signEuiccPackage({
            euiccPackageSigned: { eimId: options.eimId, eidValue: request.eidValue, counterValue: d.counterValue, eimTransactionId: Uint8Array.of(d.counterValue >> 8, d.counterValue & 0xff), euiccPackage: work.euiccPackage },
            privateKey: key,
            associationToken: d.associationToken,
            provider,
          });
          d.last = bytes;
          d.outstanding.add(d.counterValue);
          return { $case: 'euiccPackageRequest', value: pkg };
        }
        case 'signed':
          return { $case: 'euiccPackageRequest', value: EuiccPackageRequest.decode(work.bytes, { keepEncoded: true }) };
        case 'ipaEuiccData':
          return { $case: 'ipaEuiccDataRequest', value: work.request };
        case 'profileDownload':
          return { $case: 'profileDownloadTriggerRequest', value: work.trigger };
      }
    },
    onProvideEimPackageResult(request) {
      if (request.eidValue === undefined) return { $case: 'provideEimPackageResultError', value: 4 }; // missingEid
      const eid = hex(request.eidValue);
      const d = devices.get(eid);
      if (d === undefined) return { $case: 'provideEimPackageResultError', value: 2 }; // eidNotFound
      const r = request.eimPackageResult;
      const acks: number[] = [];
      switch (r.$case) {
        case 'euiccPackageResult':
          acks.push(...verifyResult(eid, d, r.value));
          break;
        case 'ePRAndNotifications':
          acks.push(...verifyResult(eid, d, r.value.euiccPackageResult));
          for (const n of r.value.notificationList) {
            const v = verifyPendingNotification(wireBytes(n, PendingNotification), { ...d.key, provider } as never);
            record({ eid, kind: 'notification', valid: v.valid, outcome: v.valid ? 'ok' : v.reason, detail: n.$case });
            const seq = n.$case === 'otherSignedNotification' || n.$case === 'compactOtherSignedNotification' ? n.value.tbsOtherNotification.seqNumber : n.$case === 'profileInstallationResult' ? n.value.profileInstallationResultData.notificationMetadata.seqNumber : undefined;
            if (v.valid && seq !== undefined) acks.push(seq);
          }
          break;
        case 'ipaEuiccDataResponse':
          record({ eid, kind: 'ipaEuiccData', valid: r.value.$case === 'ipaEuiccData', outcome: r.value.$case === 'ipaEuiccData' ? 'ok' : 'ipaEuiccDataResponseError', detail: r.value.$case === 'ipaEuiccData' ? Object.keys(r.value.value).filter((k) => k !== '$unknown').join(', ') : 'refused' });
          break;
        case 'profileDownloadTriggerResult': {
          const data = r.value.profileDownloadTriggerResultData;
          if (data.$case === 'profileInstallationResult') {
            const pir: PendingNotification = { $case: 'profileInstallationResult', value: data.value };
            const v = smdpOr((s) => s.handleNotification(pir), { valid: true, detail: 'no SM-DP+ to check it' });
            const fr = data.value.profileInstallationResultData.finalResult;
            record({ eid, kind: 'profileDownload', valid: v.valid, outcome: fr.$case === 'successResult' ? 'ok' : `errorReason ${String((fr.value as { errorReason: number }).errorReason)}`, detail: v.detail });
            if (v.valid) acks.push(data.value.profileInstallationResultData.notificationMetadata.seqNumber);
          } else record({ eid, kind: 'profileDownload', valid: false, outcome: 'profileDownloadError', detail: 'the IPA reports the download failed' });
          break;
        }
        default:
          record({ eid, kind: 'error', valid: false, outcome: r.$case, detail: 'the IPA could not process the package' });
      }
      return acks.length > 0 ? { $case: 'eimAcknowledgements', value: acks } : { $case: 'emptyResponse', value: {} };
    },
    onHandleNotification(request) {
      if (request.$case === 'provideEimPackageResult') handlers.onProvideEimPackageResult(request.value);
      else if (request.$case === 'pendingNotification' && request.value.$case === 'profileInstallationResult') smdpOr((s) => s.handleNotification(request.value), undefined);
    },
    onInitiateAuthentication: (r) => smdpOr((s) => s.initiateAuthentication(r), { $case: 'initiateAuthenticationErrorEsipa', value: 1 }),
    onAuthenticateClient: (r) => smdpOr((s) => s.authenticateClient(r), { $case: 'authenticateClientErrorEsipa', value: 127 }),
    onGetBoundProfilePackage: (r) => smdpOr((s) => s.getBoundProfilePackage(r), { $case: 'getBoundProfilePackageErrorEsipa', value: 127 }),
    onCancelSession: () => ({ $case: 'cancelSessionOk', value: {} }),
  };

  return {
    handlers,
    results,
    get dispatched() {
      return dispatched;
    },
    handle(message) {
      switch (message.$case) {
        case 'getEimPackageRequest':
          return { $case: 'getEimPackageResponse', value: handlers.onGetEimPackage(message.value) };
        case 'provideEimPackageResult':
          return { $case: 'provideEimPackageResultResponse', value: handlers.onProvideEimPackageResult(message.value) };
        case 'handleNotificationEsipa':
          handlers.onHandleNotification(message.value);
          return undefined;
        case 'initiateAuthenticationRequestEsipa':
          return { $case: 'initiateAuthenticationResponseEsipa', value: handlers.onInitiateAuthentication(message.value) };
        case 'authenticateClientRequestEsipa':
          return { $case: 'authenticateClientResponseEsipa', value: handlers.onAuthenticateClient(message.value) };
        case 'getBoundProfilePackageRequestEsipa':
          return { $case: 'getBoundProfilePackageResponseEsipa', value: handlers.onGetBoundProfilePackage(message.value) };
        case 'cancelSessionRequestEsipa':
          return { $case: 'cancelSessionResponseEsipa', value: handlers.onCancelSession(message.value) };
        default:
          throw new TypeError(`message: ${(message as { $case: string }).$case} is not served by the test eIM`);
      }
    },
    register(eid, device) {
      if (!/^[0-9A-Fa-f]{32}$/.test(eid)) throw new RangeError(`eid: expected 32 hex digits, got ${JSON.stringify(eid)}`);
      devices.set(eid.toUpperCase(), { key: keyOf(device), associationToken: device.associationToken, counterValue: device.counterValue ?? 0, queue: [], outstanding: new Set() });
    },
    enqueue(eid, work) {
      const d = devices.get(eid.toUpperCase());
      if (d === undefined) throw new RangeError(`eid: ${eid} is not registered`);
      d.queue.push(work);
    },
    lastPackage: (eid) => devices.get(eid.toUpperCase())?.last,
    pending(eid) {
      if (eid !== undefined) return devices.get(eid.toUpperCase())?.queue.length ?? 0;
      let n = 0;
      for (const d of devices.values()) n += d.queue.length;
      return n;
    },
  };
}
