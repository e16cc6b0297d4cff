/**
 * An IPA (IPAd, SGP.32 v1.2 §3.1, §3.2, §6.3) driving a virtual eUICC: one poll is
 * ESipa.GetEimPackage, the execution of what the eIM answered on the eUICC, and
 * ESipa.ProvideEimPackageResult, then the removal of what the eIM acknowledged
 * (esipa.md §5.2–§5.4):
 * - an eUICC Package (BF51) is handed to ES10b.LoadEuiccPackage unchanged (the bytes received);
 *   the result goes back with the pending notifications (ePRAndNotifications);
 * - an IpaEuiccDataRequest (BF52) is answered from the eUICC (§5.3);
 * - a ProfileDownloadTriggerRequest (BF54) runs the indirect profile download through the eIM
 *   (InitiateAuthentication, AuthenticateClient, GetBoundProfilePackage relayed over ESipa;
 *   GetEUICCChallenge, AuthenticateServer, PrepareDownload, LoadBoundProfilePackage on the eUICC)
 *   and reports the ProfileInstallationResult, or to any other {@link RspServer} (e.g. an SM-DP+
 *   reached directly).
 *
 * The transport is an {@link EsipaTransport}: `send(message)` of an ESipa request envelope
 * resolving to the response envelope. The `sgp32/esipa` client (`esipaClient(url)`) is one; so
 * is {@link loopbackTransport} over in-process handlers. No `node:*` here.
 *
 * @module
 */
import { bitStringOf } from '../der/bitstring.js';
import type { DeviceInfo } from '../generated/RSPDefinitions.js';
import { AuthenticateServerRequest, BoundProfilePackage, CancelSessionRequest, EUICCInfo1, GetEuiccChallengeResponse, NotificationSentRequest, PrepareDownloadRequest } from '../generated/RSPDefinitions.js';
import {
  AuthenticateServerResponse,
  CancelSessionResponse,
  EsipaMessageFromEimToIpa,
  EsipaMessageFromIpaToEim,
  EuiccPackageRequest,
  EuiccPackageResult,
  PrepareDownloadResponse,
  ProfileInstallationResult,
  RetrieveNotificationsListRequest,
  RetrieveNotificationsListResponse,
  type AuthenticateClientRequestEsipa,
  type AuthenticateClientResponseEsipa,
  type CancelSessionRequestEsipa,
  type CancelSessionResponseEsipa,
  type EimPackageResult,
  type GetBoundProfilePackageRequestEsipa,
  type GetBoundProfilePackageResponseEsipa,
  type InitiateAuthenticationRequestEsipa,
  type InitiateAuthenticationResponseEsipa,
  type IpaCapabilities,
  type IpaEuiccData,
  type IpaEuiccDataRequest,
  type IpaEuiccDataResponse,
  type PendingNotification,
  type ProfileDownloadTriggerRequest,
  type ProvideEimPackageResultResponse,
} from '../generated/SGP32Definitions.js';
import type { EuiccContext } from './context.js';
import { wireBytes } from './wire.js';
import { executeCommand, type CommandOutcome } from './euicc.js';
import { euiccInfo1Of, euiccInfo2Of } from './info.js';
import { hexBytes, type EuiccState } from './state.js';
import { toHex } from '../der/bytes.js';
import { peekTag, tagLength } from '../der/header.js';

/** The ESipa requests an IPA starts (every alternative of EsipaMessageFromIpaToEim but the push answer). */
export type IpaRequest = Exclude<EsipaMessageFromIpaToEim, { $case: 'transferEimPackageResponse' | '$unknown' }>;

/**
 * Moves ESipa envelopes to the eIM and back; HandleNotification resolves to undefined. The
 * `esipaClient(url)` of `sgp32/esipa` is one.
 */
export interface EsipaTransport {
  send(message: IpaRequest): Promise<EsipaMessageFromEimToIpa | EsipaMessageFromIpaToEim | undefined>;
}

/**
 * Where a profile comes from during a download: the four server functions, with ESipa values.
 * {@link eimRspServer} relays them through the eIM.
 */
export interface RspServer {
  initiateAuthentication(r: InitiateAuthenticationRequestEsipa): Promise<InitiateAuthenticationResponseEsipa>;
  authenticateClient(r: AuthenticateClientRequestEsipa): Promise<AuthenticateClientResponseEsipa>;
  getBoundProfilePackage(r: GetBoundProfilePackageRequestEsipa): Promise<GetBoundProfilePackageResponseEsipa>;
  cancelSession(r: CancelSessionRequestEsipa): Promise<CancelSessionResponseEsipa>;
  /** Delivers the Profile Installation Result to the server itself (direct download); absent when the eIM relays it. */
  handleNotification?(pir: PendingNotification): Promise<void>;
}

/** One line of the IPA's story. */
export interface IpaEvent {
  /** ESipa or ES10 function, e.g. `GetEimPackage`, `LoadEuiccPackage`. */
  readonly step: string;
  /** `ok` or the error name. */
  readonly outcome: string;
  readonly detail: string;
}

/** A device: the eUICC's state (replaced after each command) and its parsed context. */
export interface IpaDevice {
  state: EuiccState;
  readonly context: EuiccContext;
}

/** Options of {@link ipaPoll}. */
export interface IpaOptions {
  /** Called for every step (ESipa exchange or eUICC command). */
  readonly log?: (event: IpaEvent) => void;
  /** Called with the new state after every eUICC command that changed it (e.g. to write it atomically). */
  readonly persist?: (state: EuiccState) => void | Promise<void>;
  /** DeviceInfo put in ctxParams1 and IpaEuiccData (default: TAC 35 29 06 11, no capabilities listed). */
  readonly deviceInfo?: DeviceInfo;
  /** IpaCapabilities for IpaEuiccData (default: indirect RSP server communication, HTTPS retrieval). */
  readonly ipaCapabilities?: IpaCapabilities;
  /** The eIM this IPA polls (its associationToken goes into IpaEuiccData); default the first associated. */
  readonly eimId?: string;
  /** Where downloads go when the trigger names no other server: default the eIM (indirect download). */
  readonly rspServer?: RspServer;
  /**
   * Direct download (SGP.32 §3.2.3): given the SM-DP+ address of a trigger, the server to reach
   * it directly (e.g. `es9RspServer(es9Client('https://' + address), address)`); undefined keeps
   * the download indirect, through the eIM.
   */
  readonly direct?: (smdpAddress: string) => RspServer | undefined;
}

/** What one poll did. */
export interface PollResult {
  /** What the eIM sent: `none` (eimPackageError), `euiccPackage`, `ipaEuiccData`, `profileDownload`, or `unknown`. */
  readonly kind: 'none' | 'euiccPackage' | 'ipaEuiccData' | 'profileDownload' | 'unknown';
  /** `ok`, the eUICC's error name, or the eIM's (`noEimPackageAvailable`, …). */
  readonly outcome: string;
  /** Sequence numbers the eIM acknowledged and the IPA removed from the eUICC. */
  readonly acknowledged: readonly number[];
}

const DEFAULT_DEVICE_INFO: DeviceInfo = { tac: Uint8Array.of(0x35, 0x29, 0x06, 0x11), deviceCapabilities: {} };
const DEFAULT_CAPABILITIES: IpaCapabilities = { ipaFeatures: bitStringOf([1]), ipaSupportedProtocols: bitStringOf([0]) };
const EIM_PACKAGE_ERRORS: Readonly<Record<number, string>> = { 1: 'noEimPackageAvailable', 2: 'eidNotFound', 3: 'invalidEid', 4: 'missingEid', 127: 'undefinedError' };


/** A transport over in-process handlers that puts every envelope through DER encode/decode, as a wire would. */
export function loopbackTransport(handle: (message: IpaRequest) => EsipaMessageFromEimToIpa | undefined | Promise<EsipaMessageFromEimToIpa | undefined>): EsipaTransport {
  return {
    async send(message) {
      const request = EsipaMessageFromIpaToEim.decode(EsipaMessageFromIpaToEim.encode(message), { keepEncoded: true }) as IpaRequest;
      const response = await handle(request);
      return response === undefined ? undefined : EsipaMessageFromEimToIpa.decode(EsipaMessageFromEimToIpa.encode(response), { keepEncoded: true });
    },
  };
}

function expect<C extends EsipaMessageFromEimToIpa['$case']>(m: EsipaMessageFromEimToIpa | EsipaMessageFromIpaToEim | undefined, c: C): Extract<EsipaMessageFromEimToIpa, { $case: C }>['value'] {
  if (m === undefined || m.$case !== c) throw new IpaError('unexpected-response', `expected ${c} from the eIM, got ${m === undefined ? 'no response' : m.$case}`);
  return (m as { value: unknown }).value as never;
}

/** A failure of the exchange itself (the eIM answered something that does not fit the step). */
export class IpaError extends Error {
  override readonly name = 'IpaError';
  constructor(
    readonly code: 'unexpected-response',
    message: string,
  ) {
    super(message);
  }
}

/** The RSP server functions relayed through the eIM over ESipa (indirect profile download, SGP.32 §3.2.3). */
export function eimRspServer(transport: EsipaTransport): RspServer {
  return {
    initiateAuthentication: async (value) => expect(await transport.send({ $case: 'initiateAuthenticationRequestEsipa', value }), 'initiateAuthenticationResponseEsipa'),
    authenticateClient: async (value) => expect(await transport.send({ $case: 'authenticateClientRequestEsipa', value }), 'authenticateClientResponseEsipa'),
    getBoundProfilePackage: async (value) => expect(await transport.send({ $case: 'getBoundProfilePackageRequestEsipa', value }), 'getBoundProfilePackageResponseEsipa'),
    cancelSession: async (value) => expect(await transport.send({ $case: 'cancelSessionRequestEsipa', value }), 'cancelSessionResponseEsipa'),
  };
}

/** Runs one ES10 command on the device, logs it and persists the state when it changed. */
async function es10(device: IpaDevice, command: Uint8Array, options: IpaOptions): Promise<CommandOutcome> {
  const r = executeCommand(device.state, command, device.context);
  options.log?.({ step: r.command, outcome: r.outcome, detail: r.detail });
  if (r.state !== device.state) {
    device.state = r.state;
    await options.persist?.(r.state);
  }
  return r;
}

function pendingNotifications(device: IpaDevice): PendingNotification[] {
  const r = executeCommand(device.state, RetrieveNotificationsListRequest.encode({}), device.context);
  const list = RetrieveNotificationsListResponse.decode(r.response, { keepEncoded: true });
  return list.$case === 'notificationList' ? [...list.value] : [];
}

function seqOf(n: PendingNotification): number | undefined {
  switch (n.$case) {
    case 'profileInstallationResult':
      return n.value.profileInstallationResultData.notificationMetadata.seqNumber;
    case 'otherSignedNotification':
    case 'compactOtherSignedNotification':
      return n.value.tbsOtherNotification.seqNumber;
    case 'compactProfileInstallationResult':
      return n.value.compactProfileInstallationResultData.seqNumber;
    default:
      return undefined;
  }
}

/** Removes each sequence number from the eUICC (ES10b.RemoveNotificationFromList). */
async function removeAll(device: IpaDevice, seqs: readonly number[], options: IpaOptions): Promise<void> {
  for (const seqNumber of seqs) await es10(device, NotificationSentRequest.encode({ seqNumber }), options);
}

/** Answers an IpaEuiccDataRequest from the eUICC (SGP.32 v1.2 §2.11.1.2, §5.3 of our notes). */
export function ipaEuiccData(device: IpaDevice, request: IpaEuiccDataRequest, options: Pick<IpaOptions, 'deviceInfo' | 'ipaCapabilities' | 'eimId'> = {}): IpaEuiccDataResponse {
  const { state, context: ctx } = device;
  const error = (code: number): IpaEuiccDataResponse => ({
    $case: 'ipaEuiccDataResponseError',
    value: { ...(request.eimTransactionId !== undefined ? { eimTransactionId: request.eimTransactionId } : {}), ipaEuiccDataErrorCode: code },
  });
  const ci = request.euiccCiPKIdentifierToBeUsed;
  // "Possibly truncated" (SGP.32 v1.2 ASN.1 comment): read as a prefix of the CI's key identifier (UNVERIFIED).
  if (ci !== undefined && !ctx.ciPKIds.some((k) => toHex(k).startsWith(toHex(ci)))) return error(5);
  const tags: number[] = [];
  const t = request.tagList;
  // A tagList is identifier octets back to back; a malformed one ends the list.
  for (let i = 0, tag = peekTag(t, 0); tag !== undefined; i += tagLength(tag), tag = peekTag(t, i)) tags.push(tag);
  const data: { -readonly [K in keyof IpaEuiccData]: IpaEuiccData[K] } = {};
  for (const tag of tags) {
    switch (tag) {
      case 0xa0: {
        const c = request.searchCriteriaNotification;
        const crit = c?.$case === 'seqNumber' ? { searchCriteria: { $case: 'seqNumber' as const, value: c.value } } : c?.$case === 'profileManagementOperation' ? { searchCriteria: { $case: 'profileManagementOperation' as const, value: c.value } } : {};
        const list = RetrieveNotificationsListResponse.decode(executeCommand(state, RetrieveNotificationsListRequest.encode(crit), ctx).response);
        data.notificationsList = list.$case === 'notificationList' ? list.value : [];
        break;
      }
      case 0x81:
        if (state.defaultSmdpAddress !== undefined) data.defaultSmdpAddress = state.defaultSmdpAddress;
        break;
      case 0xa2: {
        const c = request.searchCriteriaEuiccPackageResult;
        const items = c?.$case === 'seqNumber' ? state.packageResults.filter((r) => r.seqNumber === c.value) : state.packageResults;
        data.euiccPackageResultList = items.map((r) => EuiccPackageResult.decode(hexBytes(r.der, 'packageResults')));
        break;
      }
      case 0xbf20:
        data.euiccInfo1 = euiccInfo1Of(ctx);
        break;
      case 0xbf22:
        data.euiccInfo2 = euiccInfo2Of(state, ctx);
        break;
      case 0x83:
        if (state.rootSmdsAddress !== undefined) data.rootSmdsAddress = state.rootSmdsAddress;
        break;
      case 0x84: {
        const eim = options.eimId === undefined ? state.eims[0] : state.eims.find((e) => e.eimId === options.eimId);
        if (eim?.associationToken != null) data.associationToken = eim.associationToken;
        break;
      }
      case 0xa5:
        if (ctx.eumCertificate) data.eumCertificate = ctx.eumCertificate;
        break;
      case 0xa6:
        if (ctx.euiccCertificate) data.euiccCertificate = ctx.euiccCertificate;
        break;
      case 0x87:
        if (request.eimTransactionId !== undefined) data.eimTransactionId = request.eimTransactionId;
        break;
      case 0xa8:
        data.ipaCapabilities = options.ipaCapabilities ?? DEFAULT_CAPABILITIES;
        break;
      case 0xa9:
        data.deviceInfo = options.deviceInfo ?? DEFAULT_DEVICE_INFO;
        break;
      default:
        return error(1); // incorrectTagList
    }
  }
  return { $case: 'ipaEuiccData', value: data };
}

/** Reads the SM-DP+ address and matchingId of an Activation Code `1$ADDRESS$MATCHINGID[…]` (SGP.22 §4.1). */
function parseActivationCode(code: string): { smdpAddress: string; matchingId?: string } | undefined {
  const parts = code.split('$');
  if (parts[0] !== '1' || parts.length < 3 || parts[1] === '') return undefined;
  return { smdpAddress: parts[1], ...(parts[2] !== '' ? { matchingId: parts[2] } : {}) };
}

/**
 * Downloads and installs one profile (SGP.22 §3.1.2–§3.1.3 through `server`): returns the
 * ProfileInstallationResult bytes, or undefined with the reason when the download stopped before
 * the eUICC made one.
 */
export async function downloadProfile(
  device: IpaDevice,
  server: RspServer,
  target: { readonly smdpAddress?: string; readonly matchingId?: string; readonly eimTransactionId?: Uint8Array },
  options: IpaOptions = {},
): Promise<{ readonly pir?: Uint8Array; readonly outcome: string }> {
  const log = (step: string, outcome: string, detail: string) => options.log?.({ step, outcome, detail });
  const challenge = GetEuiccChallengeResponse.decode((await es10(device, Uint8Array.of(0xbf, 0x2e, 0x00), options)).response).euiccChallenge;
  const euiccInfo1 = EUICCInfo1.decode(executeCommand(device.state, Uint8Array.of(0xbf, 0x20, 0x00), device.context).response);
  const init = await server.initiateAuthentication({
    euiccChallenge: challenge,
    ...(target.smdpAddress !== undefined ? { smdpAddress: target.smdpAddress } : {}),
    euiccInfo1,
    ...(target.eimTransactionId !== undefined ? { eimTransactionId: target.eimTransactionId } : {}),
  });
  if (init.$case !== 'initiateAuthenticationOkEsipa') {
    log('InitiateAuthentication', `error ${String(init.value)}`, 'the server refused to start');
    return { outcome: `initiateAuthenticationError ${String(init.value)}` };
  }
  const ok = init.value;
  log('InitiateAuthentication', 'ok', `server ${ok.serverSigned1.serverAddress}, transaction ${toHex(ok.serverSigned1.transactionId)}`);
  const transactionId = ok.transactionId ?? ok.serverSigned1.transactionId;
  const ctxParams1 = ok.ctxParams1 ?? {
    $case: 'ctxParamsForCommonAuthentication' as const,
    value: { ...(target.matchingId !== undefined ? { matchingId: target.matchingId } : ok.matchingId !== undefined ? { matchingId: ok.matchingId } : {}), deviceInfo: options.deviceInfo ?? DEFAULT_DEVICE_INFO },
  };
  const authRequest = AuthenticateServerRequest.encode({
    serverSigned1: ok.serverSigned1,
    serverSignature1: ok.serverSignature1,
    euiccCiPKIdToBeUsed: ok.euiccCiPKIdentifierToBeUsed,
    serverCertificate: ok.serverCertificate,
    ctxParams1,
  });
  const auth = await es10(device, authRequest, options);
  const cancel = async (reason: number, why: string) => {
    const c = await es10(device, CancelSessionRequest.encode({ transactionId, reason }), options);
    if (c.outcome === 'ok') {
      const r = await server.cancelSession({ transactionId, cancelSessionResponse: CancelSessionResponse.decode(c.response, { keepEncoded: true }) });
      log('CancelSession', r.$case === 'cancelSessionOk' ? 'ok' : `error ${String(r.value)}`, why);
    }
    return { outcome: why };
  };
  if (auth.outcome !== 'ok') return { outcome: auth.outcome };
  const client = await server.authenticateClient({ transactionId, authenticateServerResponse: AuthenticateServerResponse.decode(auth.response, { keepEncoded: true }) });
  if (client.$case !== 'authenticateClientOkDPEsipa') {
    log('AuthenticateClient', `error ${String(client.value)}`, 'the server refused the eUICC');
    return cancel(127, `authenticateClientError ${String(client.value)}`);
  }
  log('AuthenticateClient', 'ok', `profile "${client.value.profileMetaData?.profileName ?? '?'}" offered`);
  const c = client.value;
  const prep = await es10(device, PrepareDownloadRequest.encode({ smdpSigned2: c.smdpSigned2, smdpSignature2: c.smdpSignature2, ...(c.hashCc !== undefined ? { hashCc: c.hashCc } : {}), smdpCertificate: c.smdpCertificate }), options);
  if (prep.outcome !== 'ok') return { outcome: prep.outcome };
  const bpp = await server.getBoundProfilePackage({ transactionId, prepareDownloadResponse: PrepareDownloadResponse.decode(prep.response, { keepEncoded: true }) });
  if (bpp.$case !== 'getBoundProfilePackageOkEsipa') {
    log('GetBoundProfilePackage', `error ${String(bpp.value)}`, 'no Bound Profile Package');
    return cancel(5, `getBoundProfilePackageError ${String(bpp.value)}`);
  }
  const bppBytes = wireBytes(bpp.value.boundProfilePackage, BoundProfilePackage);
  log('GetBoundProfilePackage', 'ok', `${bppBytes.length} bytes`);
  const load = await es10(device, bppBytes, options);
  return { pir: load.response, outcome: load.outcome };
}

/**
 * One poll of the eIM: GetEimPackage, execute, ProvideEimPackageResult, remove what the eIM
 * acknowledged (and the package result just delivered).
 *
 * @throws IpaError when the eIM answers with a message that does not fit; whatever the
 *   transport throws (e.g. EsipaBindingError); Asn1DecodeError for a package the eUICC cannot
 *   decode at all.
 */
export async function ipaPoll(device: IpaDevice, transport: EsipaTransport, options: IpaOptions = {}): Promise<PollResult> {
  const eidValue = hexBytes(device.state.eid, 'eid');
  const log = (step: string, outcome: string, detail: string) => options.log?.({ step, outcome, detail });
  const answer = expect(await transport.send({ $case: 'getEimPackageRequest', value: { eidValue } }), 'getEimPackageResponse');
  let result: EimPackageResult;
  let kind: PollResult['kind'];
  let outcome = 'ok';
  let delivered: number[] = [];
  switch (answer.$case) {
    case 'eimPackageError': {
      const name = EIM_PACKAGE_ERRORS[answer.value] ?? String(answer.value);
      log('GetEimPackage', name, 'nothing to do');
      return { kind: 'none', outcome: name, acknowledged: [] };
    }
    case 'euiccPackageRequest': {
      kind = 'euiccPackage';
      const bytes = wireBytes(answer.value, EuiccPackageRequest);
      log('GetEimPackage', 'ok', `an eUICC Package, counter ${answer.value.euiccPackageSigned.counterValue}, ${bytes.length} bytes`);
      const r = await es10(device, bytes, options);
      outcome = r.outcome;
      const epr = EuiccPackageResult.decode(r.response, { keepEncoded: true });
      if (epr.$case === 'euiccPackageResultSigned') delivered.push(epr.value.euiccPackageResultDataSigned.seqNumber);
      const notes = pendingNotifications(device);
      result = notes.length > 0 ? { $case: 'ePRAndNotifications', value: { euiccPackageResult: epr, notificationList: notes } } : { $case: 'euiccPackageResult', value: epr };
      break;
    }
    case 'ipaEuiccDataRequest': {
      kind = 'ipaEuiccData';
      const r = ipaEuiccData(device, answer.value, options);
      outcome = r.$case === 'ipaEuiccData' ? 'ok' : `ipaEuiccDataError ${String((r.value as { ipaEuiccDataErrorCode: number }).ipaEuiccDataErrorCode)}`;
      log('IpaEuiccData', outcome, r.$case === 'ipaEuiccData' ? `${Object.keys(r.value).length} item(s)` : 'refused');
      result = { $case: 'ipaEuiccDataResponse', value: r };
      break;
    }
    case 'profileDownloadTriggerRequest': {
      kind = 'profileDownload';
      result = await triggeredDownload(device, transport, answer.value, options);
      const r = result.value as { profileDownloadTriggerResultData: { $case: string; value: ProfileInstallationResult } };
      if (r.profileDownloadTriggerResultData.$case === 'profileInstallationResult') {
        const pir = r.profileDownloadTriggerResultData.value.profileInstallationResultData;
        delivered = [pir.notificationMetadata.seqNumber];
        outcome = pir.finalResult.$case === 'successResult' ? 'ok' : `errorReason ${String((pir.finalResult.value as { errorReason: number }).errorReason)}`;
      } else outcome = 'profileDownloadError';
      break;
    }
    default:
      kind = 'unknown';
      outcome = 'unknownPackage';
      log('GetEimPackage', 'unknownPackage', 'an eIM Package this IPA does not know');
      result = { $case: 'eimPackageResultResponseError', value: { eimPackageResultErrorCode: 2 } };
  }
  const ack = expect(await transport.send({ $case: 'provideEimPackageResult', value: { eidValue, eimPackageResult: result } }), 'provideEimPackageResultResponse');
  const acknowledged = ackedOf(ack);
  log('ProvideEimPackageResult', ack.$case === 'provideEimPackageResultError' ? `error ${String(ack.value)}` : 'ok', acknowledged.length > 0 ? `eIM acknowledged ${acknowledged.join(', ')}` : 'no acknowledgement');
  if (ack.$case !== 'provideEimPackageResultError') {
    // The result just delivered is removed (as the reference IPA does), and everything acknowledged.
    const remove = [...new Set([...delivered, ...acknowledged])].filter((s) => device.state.notifications.some((n) => n.seqNumber === s) || device.state.packageResults.some((n) => n.seqNumber === s));
    await removeAll(device, remove, options);
  }
  return { kind, outcome, acknowledged };
}

function ackedOf(ack: ProvideEimPackageResultResponse): number[] {
  return ack.$case === 'eimAcknowledgements' ? [...ack.value] : [];
}

async function triggeredDownload(device: IpaDevice, transport: EsipaTransport, trigger: ProfileDownloadTriggerRequest, options: IpaOptions): Promise<EimPackageResult> {
  const data = trigger.profileDownloadData;
  let target: { smdpAddress?: string; matchingId?: string } = {};
  if (data?.$case === 'activationCode') target = parseActivationCode(data.value) ?? {};
  else if (data?.$case === 'contactDefaultSmdp' && device.state.defaultSmdpAddress !== undefined) target = { smdpAddress: device.state.defaultSmdpAddress };
  options.log?.({ step: 'GetEimPackage', outcome: 'ok', detail: `a profile download trigger${target.smdpAddress ? ` for ${target.smdpAddress}` : ''}${target.matchingId ? ` (matchingId ${target.matchingId})` : ''}` });
  const direct = target.smdpAddress !== undefined ? options.direct?.(target.smdpAddress) : undefined;
  if (direct !== undefined) options.log?.({ step: 'Download', outcome: 'ok', detail: `directly from ${target.smdpAddress} over ES9+` });
  const server = direct ?? options.rspServer ?? eimRspServer(transport);
  const r = await downloadProfile(device, server, { ...target, ...(trigger.eimTransactionId !== undefined ? { eimTransactionId: trigger.eimTransactionId } : {}) }, options);
  if (r.pir !== undefined && server.handleNotification !== undefined) {
    await server.handleNotification({ $case: 'profileInstallationResult', value: ProfileInstallationResult.decode(r.pir, { keepEncoded: true }) });
    options.log?.({ step: 'HandleNotification', outcome: 'ok', detail: 'Profile Installation Result sent to the SM-DP+' });
  }
  const eimTransactionId = trigger.eimTransactionId !== undefined ? { eimTransactionId: trigger.eimTransactionId } : {};
  if (r.pir === undefined) {
    return { $case: 'profileDownloadTriggerResult', value: { ...eimTransactionId, profileDownloadTriggerResultData: { $case: 'profileDownloadError', value: { profileDownloadErrorReason: 127 } } } };
  }
  return { $case: 'profileDownloadTriggerResult', value: { ...eimTransactionId, profileDownloadTriggerResultData: { $case: 'profileInstallationResult', value: ProfileInstallationResult.decode(r.pir, { keepEncoded: true }) } } };
}

/** Sequence numbers of notifications, for callers that report them. */
export { seqOf as notificationSeqNumber };
