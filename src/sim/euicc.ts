/**
 * The virtual eUICC: executes what an IPA hands an eUICC in SGP.32 v1.2 (ES10a/b/c as §5.9
 * lists them) over a state that is a plain value ({@link EuiccState}). One entry point,
 * {@link executeCommand}, takes the command TLV (as the IPA sends it in STORE DATA) and returns
 * the response TLV and the new state; the state given is never modified.
 *
 * Commands: AddInitialEim (BF57), LoadEuiccPackage (BF51, §5.9.1: eimSignature with the
 * configured key and token rule, EID, replay counter, then every eCO or PSMO, a signed
 * EuiccPackageResult), GetEimConfigurationData (BF55), RetrieveNotificationsList (BF2B),
 * RemoveNotificationFromList (BF30), GetEUICCInfo1/2 (BF20/BF22), GetCerts (BF56), GetEID
 * (BF3E), EuiccConfiguredAddresses (BF3C), eUICCMemoryReset (BF64), ProfileRollback (BF58),
 * ImmediateEnable (BF5A) and the download commands of ./download.ts (BF2E, BF38, BF21, BF36, BF41).
 *
 * Choices where SGP.32 leaves room (see docs/guides/virtual-euicc.md): the package checks and
 * their order follow `checkEuiccPackageRequest` of `sgp32/rsp` (unknown eimId and bad
 * signature give the unsigned error; wrong EID and replay give signed errors; a counter must be
 * strictly greater than the last accepted one); refused packages leave the state unchanged and
 * are not stored; accepted packages store their result until the eIM acknowledges it.
 *
 * @module
 */
import { importPublicKey } from '../crypto/keys.js';
import type { EcPublicKey } from '../crypto/provider.js';
import { hasBit } from '../der/bitstring.js';
import { Asn1DecodeError } from '../der/errors.js';
import { bitStringOf } from '../der/bitstring.js';
import { GetEuiccDataResponse, EuiccConfiguredAddressesResponse, NotificationEvent, NotificationSentRequest, NotificationSentResponse, EUICCInfo1 } from '../generated/RSPDefinitions.js';
import {
  AddInitialEimRequest,
  AddInitialEimResponse,
  EUICCInfo2,
  EuiccMemoryResetRequest,
  EuiccMemoryResetResponse,
  EuiccPackageResult,
  GetCertsRequest,
  GetCertsResponse,
  GetEimConfigurationDataRequest,
  GetEimConfigurationDataResponse,
  ImmediateEnableResponse,
  ProfileRollbackRequest,
  ProfileRollbackResponse,
  RetrieveNotificationsListRequest,
  RetrieveNotificationsListResponse,
  PendingNotification,
  type EuiccResultData,
} from '../generated/SGP32Definitions.js';
import { checkEuiccPackageRequest } from '../rsp/package-check.js';
import { signEuiccPackageError, signEuiccPackageResult } from '../rsp/euicc-package-result.js';
import { prepareEuicc, type EuiccContext, type EuiccOptions } from './context.js';
import { addInitialEims, eimConfigurationOf, executeEco } from './eims.js';
import { executePsmo, switchTo } from './profiles.js';
import { authenticateServer, cancelSession, getEuiccChallenge, loadBoundProfilePackage, prepareDownload } from './download.js';
import { cloneState, hexBytes, type EuiccState } from './state.js';
import { euiccInfo1Of, euiccInfo2Of } from './info.js';
import { peekTag } from '../der/header.js';
import { tagHex, toHex } from '../der/bytes.js';

/** What one command did. */
export interface CommandOutcome {
  /** The new state (the input state when nothing changed). */
  readonly state: EuiccState;
  /** The response TLV, as the eUICC returns it. */
  readonly response: Uint8Array;
  /** The ES10 function, e.g. `LoadEuiccPackage`. */
  readonly command: string;
  /**
   * `ok`, or the name of the error the eUICC reported (`replayError`, `eim-id`, `signature`,
   * `iccidOrAidNotFound`, `scp03tSecurityError`, …). For an executed eUICC Package: `ok` even
   * when some operation failed; see `results`.
   */
  readonly outcome: string;
  /** A sentence for logs. */
  readonly detail: string;
  /** For LoadEuiccPackage: the result of each operation, in order. */
  readonly results?: readonly EuiccResultData[];
}

/** A command handler: the parsed context, the state, the command bytes. */
type Handler = (state: EuiccState, ctx: EuiccContext, bytes: Uint8Array) => Omit<CommandOutcome, 'command'>;

function same(state: EuiccState, response: Uint8Array, outcome: string, detail: string): Omit<CommandOutcome, 'command'> {
  return { state, response, outcome, detail };
}

// ---------------------------------------------------------------------------------------------
// LoadEuiccPackage (SGP.32 §5.9.1)

/** The eIM's public key, parsed once per context. */
function eimKey(ctx: EuiccContext, spkiHex: string, eimId: string): EcPublicKey {
  let k = ctx.eimKeys.get(spkiHex);
  if (k === undefined) {
    k = importPublicKey(hexBytes(spkiHex, `eim ${eimId}.publicKey`));
    ctx.eimKeys.set(spkiHex, k);
  }
  return k;
}

function loadEuiccPackage(state: EuiccState, ctx: EuiccContext, bytes: Uint8Array): Omit<CommandOutcome, 'command'> {
  const verdict = checkEuiccPackageRequest(bytes, {
    eid: state.eid,
    eims: state.eims.map((e) => ({ eimId: e.eimId, associationToken: e.associationToken, counterValue: e.counterValue, publicKey: eimKey(ctx, e.publicKey, e.eimId) })),
    maxCounterValue: ctx.maxCounterValue,
    provider: ctx.provider,
  });
  if (!verdict.accepted) {
    if (verdict.response === 'euiccPackageErrorUnsigned') {
      const response = EuiccPackageResult.encode({ $case: 'euiccPackageErrorUnsigned', value: verdict.errorUnsigned });
      return same(state, response, verdict.rule, `refused, unsigned error: ${verdict.detail}`);
    }
    const rec = state.eims.find((e) => e.eimId === verdict.request.euiccPackageSigned.eimId)!;
    const { bytes: response } = signEuiccPackageError({ euiccPackageErrorDataSigned: verdict.errorData, privateKey: ctx.privateKey, associationToken: rec.associationToken, provider: ctx.provider });
    return same(state, response, verdict.errorCode, `refused, signed error ${verdict.errorCode} (${verdict.errorCodeValue}): ${verdict.detail}`);
  }
  const next = cloneState(state);
  const rec = next.eims.find((e) => e.eimId === verdict.eimId)!;
  rec.counterValue = verdict.counterValue;
  const token = rec.associationToken;
  const signed = verdict.request.euiccPackageSigned;
  const results: EuiccResultData[] = [];
  const pkg = signed.euiccPackage;
  if (pkg.$case === 'psmoList' || pkg.$case === 'ecoList') {
    for (const op of pkg.value) {
      const r = pkg.$case === 'psmoList' ? executePsmo(next, ctx, op as never) : executeEco(next, ctx, op as never);
      results.push(r);
      if (r.$case === 'processingTerminated') break;
    }
  } else {
    results.push({ $case: 'processingTerminated', value: 2 });
  }
  const seqNumber = next.nextSeqNumber++;
  const { bytes: response } = signEuiccPackageResult({
    euiccPackageResultDataSigned: {
      eimId: signed.eimId,
      counterValue: signed.counterValue,
      ...(signed.eimTransactionId !== undefined ? { eimTransactionId: signed.eimTransactionId } : {}),
      seqNumber,
      euiccResult: results,
    },
    privateKey: ctx.privateKey,
    associationToken: token,
    provider: ctx.provider,
  });
  next.packageResults.push({ seqNumber, der: toHex(response) });
  const summary = results.map((r) => `${r.$case}${typeof r.value === 'number' ? `=${r.value}` : ''}`).join(', ');
  return { state: next, response, outcome: 'ok', detail: `executed ${results.length} operation(s) from ${signed.eimId} (counter ${signed.counterValue}, seq ${seqNumber}): ${summary}`, results };
}

// ---------------------------------------------------------------------------------------------
// eIM configuration

function addInitialEim(state: EuiccState, ctx: EuiccContext, bytes: Uint8Array): Omit<CommandOutcome, 'command'> {
  const request = AddInitialEimRequest.decode(bytes);
  const next = cloneState(state);
  const r = addInitialEims(next, ctx, request.eimConfigurationDataList);
  if ('error' in r) return same(state, AddInitialEimResponse.encode({ $case: 'addInitialEimError', value: r.error }), `addInitialEimError ${r.error}`, 'no eIM added');
  const response = AddInitialEimResponse.encode({
    $case: 'addInitialEimOk',
    value: r.ok.map((x) => (x.token === null ? { $case: 'addOk' as const, value: null } : { $case: 'associationToken' as const, value: x.token })),
  });
  return { state: next, response, outcome: 'ok', detail: `added ${request.eimConfigurationDataList.map((c) => c.eimId).join(', ')}` };
}

function getEimConfigurationData(state: EuiccState, _ctx: EuiccContext, bytes: Uint8Array): Omit<CommandOutcome, 'command'> {
  const request = GetEimConfigurationDataRequest.decode(bytes);
  const c = request.searchCriteria;
  const eims = c?.$case === 'eimId' ? state.eims.filter((e) => e.eimId === c.value) : state.eims;
  const response = GetEimConfigurationDataResponse.encode({ eimConfigurationDataList: eims.map(eimConfigurationOf) });
  return same(state, response, 'ok', `${eims.length} eIM configuration(s)`);
}

// ---------------------------------------------------------------------------------------------
// Notifications and stored results (SGP.32 §5.9.11; SGP.22 §5.7.10)

function decodeStored<T>(items: readonly { der: string }[], codec: { decode(b: Uint8Array): T }): T[] {
  return items.map((i) => codec.decode(hexBytes(i.der, 'stored item')));
}

function retrieveNotificationsList(state: EuiccState, _ctx: EuiccContext, bytes: Uint8Array): Omit<CommandOutcome, 'command'> {
  const request = RetrieveNotificationsListRequest.decode(bytes);
  const c = request.searchCriteria;
  if (c?.$case === 'euiccPackageResults') {
    const list = decodeStored(state.packageResults, EuiccPackageResult);
    return same(state, RetrieveNotificationsListResponse.encode({ $case: 'euiccPackageResultList', value: list }), 'ok', `${list.length} eUICC Package result(s)`);
  }
  let items = state.notifications;
  if (c?.$case === 'seqNumber') items = items.filter((n) => n.seqNumber === c.value);
  else if (c?.$case === 'profileManagementOperation') {
    const wanted = Object.values(NotificationEvent.bits).filter((b) => hasBit(c.value, b));
    items = items.filter((n) => {
      const p = PendingNotification.decode(hexBytes(n.der, 'notification'));
      const meta = p.$case === 'profileInstallationResult' ? p.value.profileInstallationResultData.notificationMetadata : p.$case === 'otherSignedNotification' || p.$case === 'compactOtherSignedNotification' ? p.value.tbsOtherNotification : undefined;
      return meta !== undefined && wanted.some((b) => hasBit(meta.profileManagementOperation, b));
    });
  }
  const list = decodeStored(items, PendingNotification);
  return same(state, RetrieveNotificationsListResponse.encode({ $case: 'notificationList', value: list }), 'ok', `${list.length} notification(s)`);
}

function removeNotificationFromList(state: EuiccState, _ctx: EuiccContext, bytes: Uint8Array): Omit<CommandOutcome, 'command'> {
  const { seqNumber } = NotificationSentRequest.decode(bytes);
  const has = state.notifications.some((n) => n.seqNumber === seqNumber) || state.packageResults.some((n) => n.seqNumber === seqNumber);
  if (!has) return same(state, NotificationSentResponse.encode({ deleteNotificationStatus: 1 }), 'nothingToDelete', `nothing with seqNumber ${seqNumber}`);
  const next = cloneState(state);
  next.notifications = next.notifications.filter((n) => n.seqNumber !== seqNumber);
  next.packageResults = next.packageResults.filter((n) => n.seqNumber !== seqNumber);
  return { state: next, response: NotificationSentResponse.encode({ deleteNotificationStatus: 0 }), outcome: 'ok', detail: `removed seqNumber ${seqNumber}` };
}

// ---------------------------------------------------------------------------------------------
// eUICC information

function getEuiccInfo(which: 1 | 2): Handler {
  return (state, ctx) =>
    which === 1 ? same(state, EUICCInfo1.encode(euiccInfo1Of(ctx)), 'ok', 'EUICCInfo1') : same(state, EUICCInfo2.encode(euiccInfo2Of(state, ctx)), 'ok', 'EUICCInfo2');
}

function getCerts(state: EuiccState, ctx: EuiccContext, bytes: Uint8Array): Omit<CommandOutcome, 'command'> {
  const request = GetCertsRequest.decode(bytes);
  const ci = request.euiccCiPKId;
  if (!ctx.euiccCertificate || !ctx.eumCertificate || (ci !== undefined && !ctx.ciPKIds.some((k) => toHex(k) === toHex(ci)))) {
    return same(state, GetCertsResponse.encode({ $case: 'getCertsError', value: 1 }), 'invalidCiPKId', 'no certificate chain for that CI');
  }
  return same(state, GetCertsResponse.encode({ $case: 'certs', value: { eumCertificate: ctx.eumCertificate, euiccCertificate: ctx.euiccCertificate } }), 'ok', 'EUM and eUICC certificates');
}

function getEid(state: EuiccState): Omit<CommandOutcome, 'command'> {
  return same(state, GetEuiccDataResponse.encode({ eidValue: hexBytes(state.eid, 'eid') }), 'ok', `EID ${state.eid}`);
}

function configuredAddresses(state: EuiccState): Omit<CommandOutcome, 'command'> {
  const response = EuiccConfiguredAddressesResponse.encode({
    ...(state.defaultSmdpAddress !== undefined ? { defaultDpAddress: state.defaultSmdpAddress } : {}),
    rootDsAddress: state.rootSmdsAddress ?? '',
  });
  return same(state, response, 'ok', 'configured addresses');
}

// ---------------------------------------------------------------------------------------------
// Memory reset (SGP.32 §5.9.5), rollback (§5.9.16), immediate enable (§5.9.15)

function memoryReset(state: EuiccState, _ctx: EuiccContext, bytes: Uint8Array): Omit<CommandOutcome, 'command'> {
  const { resetOptions: o } = EuiccMemoryResetRequest.decode(bytes);
  const next = cloneState(state);
  const classes: string[] = [];
  if (hasBit(o, 0)) classes.push('operational');
  if (hasBit(o, 1) || hasBit(o, 3)) classes.push('test');
  if (hasBit(o, 4)) classes.push('provisioning');
  const before = next.profiles.length;
  next.profiles = next.profiles.filter((p) => !classes.includes(p.profileClass));
  let any = next.profiles.length !== before;
  if (hasBit(o, 2) && next.defaultSmdpAddress !== undefined) {
    delete next.defaultSmdpAddress;
    any = true;
  }
  let resetEimResult: number | undefined;
  if (hasBit(o, 5)) {
    resetEimResult = next.eims.length > 0 ? 0 : 1;
    next.eims = [];
  }
  let resetImmediateEnableConfigResult: number | undefined;
  if (hasBit(o, 6)) {
    next.immediateEnable = { enabled: false };
    resetImmediateEnableConfigResult = 0;
  }
  if (any) {
    next.notifications = [];
    delete next.rollbackIccid;
    delete next.session;
  }
  const response = EuiccMemoryResetResponse.encode({
    resetResult: any || resetEimResult === 0 || resetImmediateEnableConfigResult === 0 ? 0 : 1,
    ...(resetEimResult !== undefined ? { resetEimResult } : {}),
    ...(resetImmediateEnableConfigResult !== undefined ? { resetImmediateEnableConfigResult } : {}),
  });
  return { state: next, response, outcome: 'ok', detail: `reset: ${before - next.profiles.length} Profile(s) deleted${resetEimResult !== undefined ? ', eIM configuration cleared' : ''}` };
}

function profileRollback(state: EuiccState, ctx: EuiccContext, bytes: Uint8Array): Omit<CommandOutcome, 'command'> {
  ProfileRollbackRequest.decode(bytes);
  const back = state.rollbackIccid === undefined ? undefined : state.profiles.find((p) => p.iccid === state.rollbackIccid);
  if (back === undefined || back.state !== 'disabled') return same(state, ProfileRollbackResponse.encode({ cmdResult: 1 }), 'rollbackNotAllowed', 'no enable with rollbackFlag to undo');
  const next = cloneState(state);
  const target = switchTo(next, ctx, back.iccid);
  delete next.rollbackIccid;
  return { state: next, response: ProfileRollbackResponse.encode({ cmdResult: 0 }), outcome: 'ok', detail: `rolled back to ${target.iccid}` };
}

function immediateEnable(state: EuiccState, ctx: EuiccContext): Omit<CommandOutcome, 'command'> {
  const last = state.lastInstalledIccid === undefined ? undefined : state.profiles.find((p) => p.iccid === state.lastInstalledIccid);
  if (!state.immediateEnable.enabled || last === undefined || last.state !== 'disabled') {
    return same(state, ImmediateEnableResponse.encode({ immediateEnableResult: 1 }), 'immediateEnableNotAvailable', 'immediate enable not configured or no new Profile');
  }
  const next = cloneState(state);
  const target = switchTo(next, ctx, last.iccid);
  delete next.lastInstalledIccid;
  return { state: next, response: ImmediateEnableResponse.encode({ immediateEnableResult: 0 }), outcome: 'ok', detail: `enabled ${target.iccid}` };
}

// ---------------------------------------------------------------------------------------------
// Dispatch

const COMMANDS: Readonly<Record<number, readonly [string, Handler]>> = {
  0xbf57: ['AddInitialEim', addInitialEim],
  0xbf51: ['LoadEuiccPackage', loadEuiccPackage],
  0xbf55: ['GetEimConfigurationData', getEimConfigurationData],
  0xbf2b: ['RetrieveNotificationsList', retrieveNotificationsList],
  0xbf30: ['RemoveNotificationFromList', removeNotificationFromList],
  0xbf20: ['GetEUICCInfo1', getEuiccInfo(1)],
  0xbf22: ['GetEUICCInfo2', getEuiccInfo(2)],
  0xbf56: ['GetCerts', getCerts],
  0xbf3e: ['GetEID', (s) => getEid(s)],
  0xbf3c: ['GetEuiccConfiguredAddresses', (s) => configuredAddresses(s)],
  0xbf64: ['eUICCMemoryReset', memoryReset],
  0xbf58: ['ProfileRollback', profileRollback],
  0xbf5a: ['ImmediateEnable', (s, c) => immediateEnable(s, c)],
  0xbf2e: ['GetEUICCChallenge', getEuiccChallenge],
  0xbf38: ['AuthenticateServer', authenticateServer],
  0xbf21: ['PrepareDownload', prepareDownload],
  0xbf36: ['LoadBoundProfilePackage', loadBoundProfilePackage],
  0xbf41: ['CancelSession', cancelSession],
};

/** The ES10 functions {@link executeCommand} knows, by command tag. */
export const EUICC_COMMANDS: Readonly<Record<string, string>> = /*@__PURE__*/ Object.fromEntries(
  Object.entries(COMMANDS).map(([tag, [name]]) => [tagHex(Number(tag)), name]),
);

/** The identifier octets of a command, packed as the reader packs tags (BF51 → 0xbf51). */
function commandTag(bytes: Uint8Array): number {
  if (bytes.length === 0) throw new Asn1DecodeError('truncated', 0, 'empty command');
  const tag = peekTag(bytes);
  if (tag === undefined) throw new Asn1DecodeError('truncated', 0, 'the command tag is incomplete');
  return tag;
}

/**
 * Executes one ES10 command on the virtual eUICC.
 *
 * @param state - the eUICC before the command (not modified).
 * @param command - the command TLV (e.g. a `BF51` EuiccPackageRequest, a `BF57` AddInitialEimRequest).
 * @param context - the parsed keys and options ({@link prepareEuicc}); made from `state` when
 *   absent. Pass one to avoid re-parsing keys and certificates on every command.
 * @returns the new state, the response TLV, the function name and its outcome.
 * @throws Asn1DecodeError for a command that does not decode (unknown tag: `unexpected-tag`);
 *   EuiccStateError for a malformed state.
 * @example
 * ```ts
 * const { state: next, response, outcome } = executeCommand(state, packageBytes);
 * if (outcome === 'replayError') console.log('refused as a replay');
 * ```
 */
export function executeCommand(state: EuiccState, command: Uint8Array, context?: EuiccContext | EuiccOptions): CommandOutcome {
  if (!(command instanceof Uint8Array)) throw new TypeError('command: expected the command TLV as a Uint8Array');
  // Only the tag routes the command: a truncated Bound Profile Package must still reach its
  // handler, which answers with a ProfileInstallationResult instead of failing.
  const tag = commandTag(command);
  const entry = COMMANDS[tag];
  if (entry === undefined) {
    throw new Asn1DecodeError('unexpected-tag', 0, `tag ${tagHex(tag)} is not an ES10 command this eUICC executes (${Object.keys(EUICC_COMMANDS).join(', ')})`);
  }
  const ctx = context !== undefined && 'privateKey' in context && context.keyOf === state.privateKey ? context : prepareEuicc(state, (context as EuiccOptions | undefined) ?? {});
  const [name, handler] = entry;
  return { command: name, ...handler(state, ctx, command) };
}
