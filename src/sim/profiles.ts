/**
 * Profiles on the virtual eUICC: the PSMOs of an eUICC Package (SGP.32 v1.2 §2.11.1.1.3,
 * §5.9.1 — enable, disable, delete, listProfileInfo, getRAT, configureImmediateEnable,
 * setFallbackAttribute, unsetFallbackAttribute, setDefaultDpAddress), the ProfileInfo view
 * (SGP.32 §4.4) and the notifications those operations raise (SGP.22 v2.5 §3.5: only for the
 * events listed in the Profile's notificationConfigurationInfo).
 *
 * Each function changes the (already copied) state it is given and returns the result value
 * the eUICC reports for the operation.
 *
 * @module
 */
import { bitStringOf, hasBit } from '../der/bitstring.js';
import { NotificationEvent, PprIds, ProfileClass } from '../generated/RSPDefinitions.js';
import type { NotificationMetadata } from '../generated/RSPDefinitions.js';
import {
  ConfigureImmediateEnableResult,
  DeleteProfileResult,
  DisableProfileResult,
  EnableProfileResult,
  SetFallbackAttributeResult,
  StoreMetadataRequest,
  UnsetFallbackAttributeResult,
  type EuiccResultData,
  type ProfileInfo,
  type Psmo,
} from '../generated/SGP32Definitions.js';
import { iccidDigits } from '../inspect/tree.js';
import { signCompactOtherNotification, signOtherNotification } from '../rsp/notifications.js';
import type { EuiccContext } from './context.js';
import { hexBytes, type EuiccState, type ProfileClassName, type ProfileRecord } from './state.js';
import { toHex } from '../der/bytes.js';
import { peekTag, tagLength } from '../der/header.js';

/** The 10-octet nibble-swapped form of an ICCID (SGP.22 `Iccid`), `F`-padded to 20 digits. */
export function iccidToBytes(digits: string): Uint8Array {
  if (!/^\d{18,20}$/.test(digits)) throw new RangeError(`iccid: expected 18 to 20 decimal digits, got ${JSON.stringify(digits)}`);
  const padded = digits.padEnd(20, 'F');
  const out = new Uint8Array(10);
  for (let i = 0; i < 10; i++) out[i] = (parseInt(padded[2 * i + 1], 16) << 4) | parseInt(padded[2 * i], 16);
  return out;
}

/** ICCID digits of the `Iccid` octets; undefined when they are not BCD. */
export function iccidFromBytes(bytes: Uint8Array): string | undefined {
  return iccidDigits(bytes);
}

const CLASS_NAMES: readonly ProfileClassName[] = ['test', 'provisioning', 'operational'];

/** ProfileClass number → name (unknown values are treated as operational). */
export function profileClassName(n: number | undefined): ProfileClassName {
  return CLASS_NAMES[n ?? ProfileClass.values.operational] ?? 'operational';
}

/** The decoded StoreMetadataRequest of a Profile. */
export function profileMetadata(p: ProfileRecord): StoreMetadataRequest {
  return StoreMetadataRequest.decode(hexBytes(p.metadata, `profile ${p.iccid}.metadata`));
}

function find(state: EuiccState, iccid: Uint8Array): ProfileRecord | undefined {
  const digits = iccidFromBytes(iccid);
  return digits === undefined ? undefined : state.profiles.find((p) => p.iccid === digits);
}

function pprSet(p: ProfileRecord, bit: keyof typeof PprIds.bits): boolean {
  const rules = profileMetadata(p).profilePolicyRules;
  return rules !== undefined && hasBit(rules, PprIds.bits[bit]);
}

/** Tags of ProfileInfo components, for the tagList of listProfileInfo (SGP.22 §5.7.15). */
const INFO_TAGS: Readonly<Record<number, keyof ProfileInfo>> = {
  0x5a: 'iccid',
  0x4f: 'isdpAid',
  0x9f70: 'profileState',
  0x90: 'profileNickname',
  0x91: 'serviceProviderName',
  0x92: 'profileName',
  0x93: 'iconType',
  0x94: 'icon',
  0x95: 'profileClass',
  0xb6: 'notificationConfigurationInfo',
  0xb7: 'profileOwner',
  0xb8: 'dpProprietaryData',
  0x99: 'profilePolicyRules',
  0x9f7b: 'ecallIndication',
  0x9f26: 'fallbackAttribute',
  0x9f67: 'fallbackAllowed',
};

/** The tags of a tagList (identifier octets back to back); undefined when the list is malformed. */
function tagsOf(list: Uint8Array): number[] | undefined {
  const out: number[] = [];
  for (let i = 0; i < list.length; ) {
    const t = peekTag(list, i);
    if (t === undefined) return undefined;
    out.push(t);
    i += tagLength(t);
  }
  return out;
}

/** The SGP.32 ProfileInfo of one Profile, all components. */
export function profileInfoOf(p: ProfileRecord): ProfileInfo {
  const m = profileMetadata(p);
  return {
    iccid: iccidToBytes(p.iccid),
    isdpAid: hexBytes(p.isdpAid, 'isdpAid'),
    profileState: p.state === 'enabled' ? 1 : 0,
    ...(p.profileNickname !== undefined ? { profileNickname: p.profileNickname } : {}),
    serviceProviderName: m.serviceProviderName,
    profileName: m.profileName,
    ...(m.iconType !== undefined ? { iconType: m.iconType } : {}),
    ...(m.icon !== undefined ? { icon: m.icon } : {}),
    profileClass: ProfileClass.values[p.profileClass],
    ...(m.notificationConfigurationInfo !== undefined ? { notificationConfigurationInfo: m.notificationConfigurationInfo } : {}),
    ...(m.profileOwner !== undefined ? { profileOwner: m.profileOwner } : {}),
    ...(m.profilePolicyRules !== undefined ? { profilePolicyRules: m.profilePolicyRules } : {}),
    ...(m.ecallIndication !== undefined ? { ecallIndication: m.ecallIndication } : {}),
    fallbackAttribute: p.fallbackAttribute,
    ...(m.fallbackAllowed !== undefined ? { fallbackAllowed: m.fallbackAllowed } : {}),
  };
}

/**
 * Raises the notification of `event` for Profile `p` when its metadata asks for it, signed with
 * the eUICC key (OtherSignedNotification with certificates when the eUICC has them, else the
 * SGP.32 compact form). Returns its sequence number, or undefined when none was raised.
 */
export function raiseNotification(next: EuiccState, ctx: EuiccContext, p: ProfileRecord, event: keyof typeof NotificationEvent.bits): number | undefined {
  const bit = NotificationEvent.bits[event];
  const config = profileMetadata(p).notificationConfigurationInfo?.find((c) => hasBit(c.profileManagementOperation, bit));
  if (config === undefined) return undefined;
  const seqNumber = next.nextSeqNumber++;
  const tbs: NotificationMetadata = {
    seqNumber,
    profileManagementOperation: bitStringOf([bit]),
    notificationAddress: config.notificationAddress,
    iccid: iccidToBytes(p.iccid),
  };
  const signed =
    ctx.euiccCertificate && ctx.eumCertificate
      ? signOtherNotification(tbs, { privateKey: ctx.privateKey, provider: ctx.provider, euiccCertificate: ctx.euiccCertificate, eumCertificate: ctx.eumCertificate })
      : signCompactOtherNotification(tbs, { privateKey: ctx.privateKey, provider: ctx.provider, eidValue: hexBytes(next.eid, 'eid') });
  next.notifications.push({ seqNumber, der: toHex(signed.bytes) });
  return seqNumber;
}

/**
 * Disables the enabled Profile (if any) and enables `iccid`, raising the configured
 * notifications; returns the Profile now enabled. The caller has checked that it exists.
 */
export function switchTo(next: EuiccState, ctx: EuiccContext, iccid: string): ProfileRecord {
  const current = next.profiles.find((p) => p.state === 'enabled');
  if (current !== undefined) {
    current.state = 'disabled';
    raiseNotification(next, ctx, current, 'notificationDisable');
  }
  const target = next.profiles.find((p) => p.iccid === iccid)!;
  target.state = 'enabled';
  raiseNotification(next, ctx, target, 'notificationEnable');
  return target;
}

function enable(next: EuiccState, ctx: EuiccContext, iccid: Uint8Array, rollback: boolean): number {
  const R = EnableProfileResult.values;
  const target = find(next, iccid);
  if (target === undefined) return R.iccidOrAidNotFound;
  if (target.state !== 'disabled') return R.profileNotInDisabledState;
  const current = next.profiles.find((p) => p.state === 'enabled');
  if (current !== undefined && pprSet(current, 'ppr1')) return R.disallowedByPolicy;
  switchTo(next, ctx, target.iccid);
  if (rollback && current !== undefined) next.rollbackIccid = current.iccid;
  else delete next.rollbackIccid;
  return R.ok;
}

function disable(next: EuiccState, ctx: EuiccContext, iccid: Uint8Array): number {
  const R = DisableProfileResult.values;
  const p = find(next, iccid);
  if (p === undefined) return R.iccidOrAidNotFound;
  if (p.state !== 'enabled') return R.profileNotInEnabledState;
  if (pprSet(p, 'ppr1')) return R.disallowedByPolicy;
  p.state = 'disabled';
  raiseNotification(next, ctx, p, 'notificationDisable');
  return R.ok;
}

function remove(next: EuiccState, ctx: EuiccContext, iccid: Uint8Array): number {
  const R = DeleteProfileResult.values;
  const p = find(next, iccid);
  if (p === undefined) return R.iccidOrAidNotFound;
  if (p.state !== 'disabled') return R.profileNotInDisabledState;
  if (pprSet(p, 'ppr2')) return R.disallowedByPolicy;
  raiseNotification(next, ctx, p, 'notificationDelete');
  next.profiles = next.profiles.filter((x) => x !== p);
  if (next.rollbackIccid === p.iccid) delete next.rollbackIccid;
  return R.ok;
}

function listProfileInfo(next: EuiccState, request: Extract<Psmo, { $case: 'listProfileInfo' }>['value']): EuiccResultData {
  const error = (code: number): EuiccResultData => ({ $case: 'listProfileInfoResult', value: { $case: 'profileInfoListError', value: code } });
  let profiles = next.profiles;
  const c = request.searchCriteria;
  if (c !== undefined) {
    if (c.$case === 'iccid') profiles = profiles.filter((p) => p.iccid === iccidFromBytes(c.value));
    else if (c.$case === 'isdpAid') profiles = profiles.filter((p) => p.isdpAid === toHex(c.value));
    else if (c.$case === 'profileClass') profiles = profiles.filter((p) => ProfileClass.values[p.profileClass] === c.value);
    else return error(1); // incorrectInputValues
  }
  const tags = request.tagList === undefined ? undefined : tagsOf(request.tagList);
  if (request.tagList !== undefined && tags === undefined) return error(1);
  const keys = tags?.map((t) => INFO_TAGS[t]).filter((k) => k !== undefined);
  const infos = profiles.map((p) => {
    const full = profileInfoOf(p);
    if (keys === undefined) return full;
    const out: Record<string, unknown> = {};
    for (const k of keys) if (full[k] !== undefined) out[k] = full[k];
    return out as ProfileInfo;
  });
  return { $case: 'listProfileInfoResult', value: { $case: 'profileInfoListOk', value: infos } };
}

function setFallback(next: EuiccState, iccid: Uint8Array): number {
  const R = SetFallbackAttributeResult.values;
  const p = find(next, iccid);
  if (p === undefined) return R.iccidOrAidNotFound;
  if (profileMetadata(p).fallbackAllowed === false) return R.fallbackNotAllowed;
  const holder = next.profiles.find((x) => x.fallbackAttribute);
  if (holder !== undefined && holder !== p && holder.state === 'enabled') return R.fallbackProfileEnabled;
  for (const x of next.profiles) x.fallbackAttribute = x === p;
  return R.ok;
}

function unsetFallback(next: EuiccState): number {
  const R = UnsetFallbackAttributeResult.values;
  const holder = next.profiles.find((x) => x.fallbackAttribute);
  if (holder === undefined) return R.noFallbackAttribute;
  if (holder.state === 'enabled') return R.fallbackProfileEnabled;
  holder.fallbackAttribute = false;
  return R.ok;
}

/**
 * Executes one PSMO on `next` (a copy the caller owns) and returns its result. Unknown PSMOs
 * end the package with processingTerminated unknownOrDamagedCommand (2).
 */
export function executePsmo(next: EuiccState, ctx: EuiccContext, psmo: Psmo): EuiccResultData {
  switch (psmo.$case) {
    case 'enable':
      return { $case: 'enableResult', value: enable(next, ctx, psmo.value.iccid, psmo.value.rollbackFlag !== undefined) };
    case 'disable':
      return { $case: 'disableResult', value: disable(next, ctx, psmo.value.iccid) };
    case 'delete':
      return { $case: 'deleteResult', value: remove(next, ctx, psmo.value.iccid) };
    case 'listProfileInfo':
      return listProfileInfo(next, psmo.value);
    case 'getRAT':
      // The Rules Authorisation Table of this eUICC: empty (no PPR is authorised for any operator).
      return { $case: 'getRATResult', value: [] };
    case 'configureImmediateEnable': {
      const v = psmo.value;
      next.immediateEnable = {
        enabled: v.immediateEnableFlag !== undefined,
        ...(v.defaultSmdpOid !== undefined ? { defaultSmdpOid: v.defaultSmdpOid } : {}),
        ...(v.defaultSmdpAddress !== undefined ? { defaultSmdpAddress: v.defaultSmdpAddress } : {}),
      };
      return { $case: 'configureImmediateEnableResult', value: ConfigureImmediateEnableResult.values.ok };
    }
    case 'setFallbackAttribute':
      return { $case: 'setFallbackAttributeResult', value: setFallback(next, psmo.value.iccid) };
    case 'unsetFallbackAttribute':
      return { $case: 'unsetFallbackAttributeResult', value: unsetFallback(next) };
    case 'setDefaultDpAddress':
      next.defaultSmdpAddress = psmo.value.defaultDpAddress;
      return { $case: 'setDefaultDpAddressResult', value: { setDefaultDpAddressResult: 0 } };
    default:
      return { $case: 'processingTerminated', value: 2 };
  }
}
