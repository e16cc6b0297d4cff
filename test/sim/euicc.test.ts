/**
 * The virtual eUICC, one row per outcome of each operation (SGP.32 v1.2 §5.9): every answer is
 * decoded, every signed answer is verified with the public verifiers of sgp32/rsp using the
 * eUICC certificate (or key), and the state after each step is checked.
 */
import { describe, expect, it } from 'vitest';
import { bitStringOf } from '../../src/der/bitstring.js';
import { NotificationEvent, NotificationSentRequest, NotificationSentResponse, PprIds, EUICCInfo1 } from '../../src/generated/RSPDefinitions.js';
import {
  AddInitialEimRequest,
  AddInitialEimResponse,
  EuiccMemoryResetRequest,
  EuiccMemoryResetResponse,
  EuiccPackageResult,
  GetEimConfigurationDataRequest,
  GetEimConfigurationDataResponse,
  RetrieveNotificationsListRequest,
  RetrieveNotificationsListResponse,
  StoreMetadataRequest,
  type EuiccPackage,
  type EuiccResultData,
} from '../../src/generated/SGP32Definitions.js';
import { verifyEuiccPackageResult } from '../../src/rsp/euicc-package-result.js';
import { verifyPendingNotification } from '../../src/rsp/notifications.js';
import { executeCommand } from '../../src/sim/euicc.js';
import { iccidToBytes } from '../../src/sim/profiles.js';
import { checkEuiccState, type EuiccState } from '../../src/sim/state.js';
import { EID, ICCID_A, ICCID_B, ICCID_C, associate, newEim, newEuicc, packageFrom, hexToBytes } from './helpers.js';

const eimA = newEim('eim-a');
const eimB = newEim('eim-b');

function setup(): { state: EuiccState; token: number; verifyKey: ReturnType<typeof newEuicc>['verifyKey'] } {
  const e = newEuicc([
    { iccid: ICCID_A, enabled: true, profileName: 'A' },
    { iccid: ICCID_B, profileName: 'B' },
  ]);
  const { state, tokens } = associate(e.state, [eimA]);
  return { state, token: tokens[0]!, verifyKey: e.verifyKey };
}

/** Runs a package and checks the signed result: verified with the eUICC key, one result per operation. */
function run(state: EuiccState, token: number, pkg: EuiccPackage, counter: number, verifyKey: object, storedCounter: number | null = counter): { state: EuiccState; results: readonly EuiccResultData[] } {
  const before = JSON.stringify(state);
  const r = executeCommand(state, packageFrom(eimA, pkg, counter, token));
  expect(JSON.stringify(state)).toBe(before); // the input state is never modified
  expect(r.command).toBe('LoadEuiccPackage');
  const v = verifyEuiccPackageResult(r.response, { ...(verifyKey as { certificate: Uint8Array }), associationToken: token });
  expect(v.valid ? 'valid' : v.reason).toBe('valid');
  expect(v.kind).toBe('euiccPackageResultSigned');
  const data = (v.result as Extract<EuiccPackageResult, { $case: 'euiccPackageResultSigned' }>).value.euiccPackageResultDataSigned;
  expect(data.counterValue).toBe(counter);
  expect(data.eimId).toBe('eim-a');
  expect(r.state.eims.find((e) => e.eimId === 'eim-a')?.counterValue ?? null).toBe(storedCounter);
  expect(r.state.packageResults.at(-1)?.seqNumber).toBe(data.seqNumber);
  checkEuiccState(JSON.parse(JSON.stringify(r.state)));
  return { state: r.state, results: data.euiccResult };
}

const psmo = (...ops: unknown[]): EuiccPackage => ({ $case: 'psmoList', value: ops as never });
const eco = (...ops: unknown[]): EuiccPackage => ({ $case: 'ecoList', value: ops as never });
const iccid = (d: string) => ({ iccid: iccidToBytes(d) });
const stateOf = (s: EuiccState, d: string) => s.profiles.find((p) => p.iccid === d)?.state;

/** Replaces a Profile's metadata (policy rules, notification configuration, fallbackAllowed). */
function withMetadata(s: EuiccState, d: string, extra: Partial<StoreMetadataRequest>): EuiccState {
  const next = structuredClone(s);
  const p = next.profiles.find((x) => x.iccid === d)!;
  const m = StoreMetadataRequest.decode(hexToBytes(p.metadata));
  p.metadata = Buffer.from(StoreMetadataRequest.encode({ ...m, ...extra })).toString('hex');
  return next;
}

describe('AddInitialEim', () => {
  const { state: fresh } = newEuicc();
  it.each([
    ['token requested', [eimA.config()], 'ok', [{ $case: 'associationToken', value: 1 }]],
    ['no token requested', [eimA.config({ associationToken: undefined })], 'ok', [{ $case: 'addOk', value: null }]],
    ['two eIMs', [eimA.config(), eimB.config()], 'ok', [{ $case: 'associationToken', value: 1 }, { $case: 'associationToken', value: 2 }]],
    ['same eimId twice', [eimA.config(), eimA.config()], 'addInitialEimError 2', 2],
    ['no eimPublicKeyData', [eimA.config({ eimPublicKeyData: undefined })], 'addInitialEimError 7', 7],
    ['counterValue out of range', [eimA.config({ counterValue: 2 ** 23 })], 'addInitialEimError 6', 6],
    ['unknown euiccCiPKId', [eimA.config({ euiccCiPKId: new Uint8Array(20).fill(7) })], 'addInitialEimError 3', 3],
    ['empty list', [], 'addInitialEimError 7', 7],
  ])('%s', (_name, list, outcome, expected) => {
    const r = executeCommand(fresh, AddInitialEimRequest.encode({ eimConfigurationDataList: list as never }));
    expect(r.outcome).toBe(outcome);
    const resp = AddInitialEimResponse.decode(r.response);
    if (typeof expected === 'number') {
      expect(resp).toEqual({ $case: 'addInitialEimError', value: expected });
      expect(r.state).toBe(fresh);
    } else {
      expect(resp).toEqual({ $case: 'addInitialEimOk', value: expected });
      expect(r.state.eims.map((e) => e.eimId)).toEqual(list.map((c) => c.eimId));
      expect(r.state.eims.map((e) => e.associationToken)).toEqual(expected.map((x) => (x.$case === 'associationToken' ? x.value : null)));
    }
  });
});

describe('LoadEuiccPackage: package checks', () => {
  it('accepts a package and refuses its replay (same counterValue) with a signed replayError, state unchanged', () => {
    const { state, token, verifyKey } = setup();
    const pkg = packageFrom(eimA, psmo({ $case: 'disable', value: iccid(ICCID_A) }), 5, token);
    const first = executeCommand(state, pkg);
    expect(first.outcome).toBe('ok');
    const replay = executeCommand(first.state, pkg);
    expect(replay.outcome).toBe('replayError');
    expect(replay.state).toBe(first.state);
    const v = verifyEuiccPackageResult(replay.response, { ...verifyKey, associationToken: token });
    expect(v).toMatchObject({ valid: true, kind: 'euiccPackageErrorSigned' });
    expect((v.result.value as { euiccPackageErrorDataSigned: { euiccPackageErrorCode: number } }).euiccPackageErrorDataSigned.euiccPackageErrorCode).toBe(4);
    // A lower counter is a replay too; a higher one passes.
    expect(executeCommand(first.state, packageFrom(eimA, psmo({ $case: 'getRAT', value: {} }), 4, token)).outcome).toBe('replayError');
    expect(executeCommand(first.state, packageFrom(eimA, psmo({ $case: 'getRAT', value: {} }), 6, token)).outcome).toBe('ok');
  });

  it.each([
    ['another eIM key (eimId of A, signed by B)', () => packageFrom({ ...eimB, eimId: 'eim-a' }, psmo({ $case: 'getRAT', value: {} }), 1, 1), 'signature', 'euiccPackageErrorUnsigned'],
    ['unknown eimId', () => packageFrom(eimB, psmo({ $case: 'getRAT', value: {} }), 1, 1), 'eim-id', 'euiccPackageErrorUnsigned'],
    ['wrong associationToken', () => packageFrom(eimA, psmo({ $case: 'getRAT', value: {} }), 1, 9), 'signature', 'euiccPackageErrorUnsigned'],
    ['another EID', () => packageFrom(eimA, psmo({ $case: 'getRAT', value: {} }), 1, 1, '89049032123451234512345678901335'), 'invalidEid', 'euiccPackageErrorSigned'],
    ['counterValue above the ceiling', () => packageFrom(eimA, psmo({ $case: 'getRAT', value: {} }), 2 ** 23, 1), 'counterValueOutOfRange', 'euiccPackageErrorSigned'],
  ])('refuses: %s', (_name, make, outcome, kind) => {
    const { state, token, verifyKey } = setup();
    expect(token).toBe(1);
    const r = executeCommand(state, make());
    expect(r.outcome).toBe(outcome);
    expect(r.state).toBe(state);
    const v = verifyEuiccPackageResult(r.response, { ...verifyKey, associationToken: token });
    expect(v.kind).toBe(kind);
    if (kind === 'euiccPackageErrorSigned') expect(v.valid).toBe(true);
    else expect(v).toMatchObject({ valid: false, reason: 'not-signed' });
  });
});

describe('LoadEuiccPackage: PSMOs', () => {
  type Row = [string, (s: EuiccState) => EuiccState, unknown, string, number, (s: EuiccState) => void];
  const rows: Row[] = [
    ['enable ok', (s) => s, { $case: 'enable', value: iccid(ICCID_B) }, 'enableResult', 0, (s) => { expect(stateOf(s, ICCID_B)).toBe('enabled'); expect(stateOf(s, ICCID_A)).toBe('disabled'); }],
    ['enable iccidOrAidNotFound', (s) => s, { $case: 'enable', value: iccid(ICCID_C) }, 'enableResult', 1, (s) => expect(stateOf(s, ICCID_A)).toBe('enabled')],
    ['enable profileNotInDisabledState', (s) => s, { $case: 'enable', value: iccid(ICCID_A) }, 'enableResult', 2, (s) => expect(stateOf(s, ICCID_A)).toBe('enabled')],
    ['enable disallowedByPolicy (PPR1 on the enabled Profile)', (s) => withMetadata(s, ICCID_A, { profilePolicyRules: bitStringOf([PprIds.bits.ppr1]) }), { $case: 'enable', value: iccid(ICCID_B) }, 'enableResult', 3, (s) => expect(stateOf(s, ICCID_B)).toBe('disabled')],
    ['enable with rollbackFlag remembers the previous Profile', (s) => s, { $case: 'enable', value: { ...iccid(ICCID_B), rollbackFlag: null } }, 'enableResult', 0, (s) => expect(s.rollbackIccid).toBe(ICCID_A)],
    ['disable ok', (s) => s, { $case: 'disable', value: iccid(ICCID_A) }, 'disableResult', 0, (s) => expect(stateOf(s, ICCID_A)).toBe('disabled')],
    ['disable iccidOrAidNotFound', (s) => s, { $case: 'disable', value: iccid(ICCID_C) }, 'disableResult', 1, () => {}],
    ['disable profileNotInEnabledState', (s) => s, { $case: 'disable', value: iccid(ICCID_B) }, 'disableResult', 2, () => {}],
    ['disable disallowedByPolicy (PPR1)', (s) => withMetadata(s, ICCID_A, { profilePolicyRules: bitStringOf([PprIds.bits.ppr1]) }), { $case: 'disable', value: iccid(ICCID_A) }, 'disableResult', 3, (s) => expect(stateOf(s, ICCID_A)).toBe('enabled')],
    ['delete ok', (s) => s, { $case: 'delete', value: iccid(ICCID_B) }, 'deleteResult', 0, (s) => expect(stateOf(s, ICCID_B)).toBeUndefined()],
    ['delete iccidOrAidNotFound', (s) => s, { $case: 'delete', value: iccid(ICCID_C) }, 'deleteResult', 1, (s) => expect(s.profiles).toHaveLength(2)],
    ['delete profileNotInDisabledState', (s) => s, { $case: 'delete', value: iccid(ICCID_A) }, 'deleteResult', 2, (s) => expect(stateOf(s, ICCID_A)).toBe('enabled')],
    ['delete disallowedByPolicy (PPR2)', (s) => withMetadata(s, ICCID_B, { profilePolicyRules: bitStringOf([PprIds.bits.ppr2]) }), { $case: 'delete', value: iccid(ICCID_B) }, 'deleteResult', 3, (s) => expect(s.profiles).toHaveLength(2)],
    ['configureImmediateEnable ok', (s) => s, { $case: 'configureImmediateEnable', value: { immediateEnableFlag: null, defaultSmdpAddress: 'smdp.example' } }, 'configureImmediateEnableResult', 0, (s) => expect(s.immediateEnable).toEqual({ enabled: true, defaultSmdpAddress: 'smdp.example' })],
    ['setFallbackAttribute ok', (s) => s, { $case: 'setFallbackAttribute', value: iccid(ICCID_B) }, 'setFallbackAttributeResult', 0, (s) => expect(s.profiles.map((p) => p.fallbackAttribute)).toEqual([false, true])],
    ['setFallbackAttribute iccidOrAidNotFound', (s) => s, { $case: 'setFallbackAttribute', value: iccid(ICCID_C) }, 'setFallbackAttributeResult', 1, () => {}],
    ['setFallbackAttribute fallbackNotAllowed', (s) => withMetadata(s, ICCID_B, { fallbackAllowed: false }), { $case: 'setFallbackAttribute', value: iccid(ICCID_B) }, 'setFallbackAttributeResult', 2, (s) => expect(s.profiles.every((p) => !p.fallbackAttribute)).toBe(true)],
    ['setFallbackAttribute fallbackProfileEnabled', (s) => ({ ...s, profiles: s.profiles.map((p) => ({ ...p, fallbackAttribute: p.iccid === ICCID_A })) }), { $case: 'setFallbackAttribute', value: iccid(ICCID_B) }, 'setFallbackAttributeResult', 3, (s) => expect(s.profiles[0].fallbackAttribute).toBe(true)],
    ['unsetFallbackAttribute ok', (s) => ({ ...s, profiles: s.profiles.map((p) => ({ ...p, fallbackAttribute: p.iccid === ICCID_B })) }), { $case: 'unsetFallbackAttribute', value: {} }, 'unsetFallbackAttributeResult', 0, (s) => expect(s.profiles.every((p) => !p.fallbackAttribute)).toBe(true)],
    ['unsetFallbackAttribute noFallbackAttribute', (s) => s, { $case: 'unsetFallbackAttribute', value: {} }, 'unsetFallbackAttributeResult', 2, () => {}],
    ['unsetFallbackAttribute fallbackProfileEnabled', (s) => ({ ...s, profiles: s.profiles.map((p) => ({ ...p, fallbackAttribute: p.iccid === ICCID_A })) }), { $case: 'unsetFallbackAttribute', value: {} }, 'unsetFallbackAttributeResult', 3, (s) => expect(s.profiles[0].fallbackAttribute).toBe(true)],
  ];
  it.each(rows)('%s', (_name, prepare, op, resultCase, code, check) => {
    const { state, token, verifyKey } = setup();
    const { state: next, results } = run(prepare(state), token, psmo(op), 7, verifyKey);
    expect(results).toEqual([{ $case: resultCase, value: code }]);
    check(next);
  });

  it('listProfileInfo: all, by ICCID, by class, with a tagList', () => {
    const { state, token, verifyKey } = setup();
    const all = run(state, token, psmo({ $case: 'listProfileInfo', value: {} }), 2, verifyKey).results[0];
    const list = (all.value as unknown as { value: { iccid: Uint8Array; profileState: number; profileName: string }[] }).value;
    expect(list.map((p) => [Buffer.from(p.iccid).toString('hex'), p.profileState, p.profileName])).toEqual([
      [Buffer.from(iccidToBytes(ICCID_A)).toString('hex'), 1, 'A'],
      [Buffer.from(iccidToBytes(ICCID_B)).toString('hex'), 0, 'B'],
    ]);
    const one = run(state, token, psmo({ $case: 'listProfileInfo', value: { searchCriteria: { $case: 'iccid', value: iccidToBytes(ICCID_B) }, tagList: hexToBytes('5a9f70') } }), 2, verifyKey).results[0];
    expect(one).toEqual({ $case: 'listProfileInfoResult', value: { $case: 'profileInfoListOk', value: [{ iccid: iccidToBytes(ICCID_B), profileState: 0, fallbackAttribute: false }] } }); // DEFAULT FALSE filled on decode
    const test = run(state, token, psmo({ $case: 'listProfileInfo', value: { searchCriteria: { $case: 'profileClass', value: 0 } } }), 2, verifyKey).results[0];
    expect(test).toEqual({ $case: 'listProfileInfoResult', value: { $case: 'profileInfoListOk', value: [] } });
    const bad = run(state, token, psmo({ $case: 'listProfileInfo', value: { tagList: hexToBytes('9f') } }), 2, verifyKey).results[0];
    expect(bad).toEqual({ $case: 'listProfileInfoResult', value: { $case: 'profileInfoListError', value: 1 } });
  });

  it('getRAT and setDefaultDpAddress; several PSMOs run in order', () => {
    const { state, token, verifyKey } = setup();
    const r = run(state, token, psmo({ $case: 'getRAT', value: {} }, { $case: 'setDefaultDpAddress', value: { defaultDpAddress: 'dp.example' } }, { $case: 'enable', value: iccid(ICCID_B) }, { $case: 'delete', value: iccid(ICCID_A) }), 3, verifyKey);
    expect(r.results).toEqual([
      { $case: 'getRATResult', value: [] },
      { $case: 'setDefaultDpAddressResult', value: { setDefaultDpAddressResult: 0 } },
      { $case: 'enableResult', value: 0 },
      { $case: 'deleteResult', value: 0 },
    ]);
    expect(r.state.defaultSmdpAddress).toBe('dp.example');
    expect(r.state.profiles.map((p) => [p.iccid, p.state])).toEqual([[ICCID_B, 'enabled']]);
  });
});

describe('LoadEuiccPackage: eCOs', () => {
  type Row = [string, unknown, unknown, (s: EuiccState) => void, (number | null)?];
  const rows: Row[] = [
    ['addEim with a token', { $case: 'addEim', value: eimB.config() }, { $case: 'addEimResult', value: { $case: 'associationToken', value: 2 } }, (s) => expect(s.eims.map((e) => [e.eimId, e.associationToken])).toEqual([['eim-a', 1], ['eim-b', 2]])],
    ['addEim without a token', { $case: 'addEim', value: eimB.config({ associationToken: undefined }) }, { $case: 'addEimResult', value: { $case: 'addEimResultCode', value: 0 } }, (s) => expect(s.eims[1].associationToken).toBeNull()],
    ['addEim associatedEimAlreadyExists', { $case: 'addEim', value: eimA.config() }, { $case: 'addEimResult', value: { $case: 'addEimResultCode', value: 2 } }, (s) => expect(s.eims).toHaveLength(1)],
    ['addEim ciPKUnknown', { $case: 'addEim', value: eimB.config({ euiccCiPKId: new Uint8Array(20) }) }, { $case: 'addEimResult', value: { $case: 'addEimResultCode', value: 3 } }, (s) => expect(s.eims).toHaveLength(1)],
    ['addEim counterValueOutOfRange', { $case: 'addEim', value: eimB.config({ counterValue: -1 }) }, { $case: 'addEimResult', value: { $case: 'addEimResultCode', value: 6 } }, (s) => expect(s.eims).toHaveLength(1)],
    ['addEim commandError (no key)', { $case: 'addEim', value: eimB.config({ eimPublicKeyData: undefined }) }, { $case: 'addEimResult', value: { $case: 'addEimResultCode', value: 7 } }, (s) => expect(s.eims).toHaveLength(1)],
    ['deleteEim eimNotFound', { $case: 'deleteEim', value: { eimId: 'nobody' } }, { $case: 'deleteEimResult', value: 1 }, (s) => expect(s.eims).toHaveLength(1)],
    ['deleteEim lastEimDeleted', { $case: 'deleteEim', value: { eimId: 'eim-a' } }, { $case: 'deleteEimResult', value: 2 }, (s) => expect(s.eims).toHaveLength(0), null],
    ['updateEim ok', { $case: 'updateEim', value: eimA.config({ eimFqdn: 'new.example', counterValue: 100 }) }, { $case: 'updateEimResult', value: 0 }, (s) => expect(s.eims[0].counterValue).toBe(100), 100],
    ['updateEim eimNotFound', { $case: 'updateEim', value: eimB.config() }, { $case: 'updateEimResult', value: 1 }, () => {}],
    ['updateEim ciPKUnknown', { $case: 'updateEim', value: eimA.config({ euiccCiPKId: new Uint8Array(20) }) }, { $case: 'updateEimResult', value: 3 }, () => {}],
    ['updateEim counterValueOutOfRange', { $case: 'updateEim', value: eimA.config({ counterValue: 2 ** 23 }) }, { $case: 'updateEimResult', value: 6 }, (s) => expect(s.eims[0].counterValue).toBe(7)],
    ['listEim', { $case: 'listEim', value: {} }, { $case: 'listEimResult', value: { $case: 'eimIdList', value: [{ eimId: 'eim-a', eimIdType: 2 }] } }, () => {}],
  ];
  it.each(rows)('%s', (_name, op, expected, check, ...stored) => {
    const { state, token, verifyKey } = setup();
    const r = run(state, token, eco(op), 7, verifyKey, stored.length > 0 ? stored[0] : 7);
    expect(r.results).toEqual([expected]);
    check(r.state);
  });

  it('deleteEim ok keeps the others; GetEimConfigurationData shows the stored counter and token', () => {
    const e = newEuicc();
    const { state, tokens } = associate(e.state, [eimA, eimB]);
    const r = run(state, tokens[0]!, eco({ $case: 'deleteEim', value: { eimId: 'eim-b' } }), 9, e.verifyKey);
    expect(r.results).toEqual([{ $case: 'deleteEimResult', value: 0 }]);
    const cfg = executeCommand(r.state, GetEimConfigurationDataRequest.encode({}));
    const list = GetEimConfigurationDataResponse.decode(cfg.response).eimConfigurationDataList;
    expect(list.map((c) => [c.eimId, c.counterValue, c.associationToken, c.eimFqdn])).toEqual([['eim-a', 9, 1, 'eim-a.example']]);
    expect(list[0].eimPublicKeyData).toEqual(eimA.config().eimPublicKeyData);
    const byId = executeCommand(r.state, GetEimConfigurationDataRequest.encode({ searchCriteria: { $case: 'eimId', value: 'eim-b' } }));
    expect(GetEimConfigurationDataResponse.decode(byId.response).eimConfigurationDataList).toEqual([]);
  });
});

describe('notifications and stored results', () => {
  it('an enable raises the configured notifications; they list, verify and are removed once', () => {
    const { state: s0, token, verifyKey } = setup();
    const cfg = [{ profileManagementOperation: bitStringOf([NotificationEvent.bits.notificationEnable, NotificationEvent.bits.notificationDisable]), notificationAddress: 'notify.example' }];
    const state = withMetadata(withMetadata(s0, ICCID_B, { notificationConfigurationInfo: cfg }), ICCID_A, { notificationConfigurationInfo: cfg });
    const { state: s1 } = run(state, token, psmo({ $case: 'enable', value: iccid(ICCID_B) }), 2, verifyKey);
    expect(s1.notifications.map((n) => n.seqNumber)).toEqual([1, 2]);
    const list = RetrieveNotificationsListResponse.decode(executeCommand(s1, RetrieveNotificationsListRequest.encode({})).response);
    expect(list.$case).toBe('notificationList');
    const notes = list.value as unknown[];
    expect(notes).toHaveLength(2);
    for (const n of s1.notifications) {
      const v = verifyPendingNotification(hexToBytes(n.der), verifyKey);
      expect(v.valid ? 'valid' : v.reason).toBe('valid');
    }
    const byEvent = RetrieveNotificationsListResponse.decode(executeCommand(s1, RetrieveNotificationsListRequest.encode({ searchCriteria: { $case: 'profileManagementOperation', value: bitStringOf([NotificationEvent.bits.notificationEnable]) } })).response);
    expect((byEvent.value as unknown[]).length).toBe(1);
    const results = RetrieveNotificationsListResponse.decode(executeCommand(s1, RetrieveNotificationsListRequest.encode({ searchCriteria: { $case: 'euiccPackageResults', value: null } })).response);
    expect(results.$case).toBe('euiccPackageResultList');
    expect((results.value as unknown[]).length).toBe(1);
    const removed = executeCommand(s1, NotificationSentRequest.encode({ seqNumber: 1 }));
    expect(NotificationSentResponse.decode(removed.response)).toEqual({ deleteNotificationStatus: 0 });
    expect(removed.state.notifications.map((n) => n.seqNumber)).toEqual([2]);
    const again = executeCommand(removed.state, NotificationSentRequest.encode({ seqNumber: 1 }));
    expect(NotificationSentResponse.decode(again.response)).toEqual({ deleteNotificationStatus: 1 });
    expect(again.state).toBe(removed.state);
    const epr = executeCommand(removed.state, NotificationSentRequest.encode({ seqNumber: 3 }));
    expect(epr.state.packageResults).toEqual([]);
  });

  it('without a notification configuration, PSMOs raise none', () => {
    const { state, token, verifyKey } = setup();
    expect(run(state, token, psmo({ $case: 'enable', value: iccid(ICCID_B) }), 2, verifyKey).state.notifications).toEqual([]);
  });
});

describe('memory reset and information', () => {
  it('deletes the Profiles of the classes asked and clears the eIM configuration', () => {
    const e = newEuicc([{ iccid: ICCID_A, enabled: true }, { iccid: ICCID_B, profileClass: 'test' }, { iccid: ICCID_C, profileClass: 'provisioning' }]);
    const { state } = associate(e.state, [eimA]);
    const r = executeCommand(state, EuiccMemoryResetRequest.encode({ resetOptions: bitStringOf([0, 5]) }));
    expect(EuiccMemoryResetResponse.decode(r.response)).toEqual({ resetResult: 0, resetEimResult: 0 });
    expect(r.state.profiles.map((p) => p.iccid)).toEqual([ICCID_B, ICCID_C]);
    expect(r.state.eims).toEqual([]);
    const nothing = executeCommand(r.state, EuiccMemoryResetRequest.encode({ resetOptions: bitStringOf([0]) }));
    expect(EuiccMemoryResetResponse.decode(nothing.response)).toEqual({ resetResult: 1 });
  });

  it('EUICCInfo1 lists the CI key identifiers; EID comes from the certificate', () => {
    const { state } = newEuicc();
    expect(state.eid).toBe(EID);
    const info = EUICCInfo1.decode(executeCommand(state, Uint8Array.of(0xbf, 0x20, 0x00)).response);
    expect(info.euiccCiPKIdListForVerification.length).toBe(state.ciCertificates.length);
  });

  it('an unknown command is a typed decode error', () => {
    const { state } = newEuicc();
    expect(() => executeCommand(state, Uint8Array.of(0xbf, 0x7f, 0x00))).toThrow(/not an ES10 command/);
  });
});
