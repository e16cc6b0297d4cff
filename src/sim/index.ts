/**
 * `sgp32/sim` — a software eUICC for testing eIMs and IPAs without hardware (SGP.32 v1.2 §5.9,
 * SGP.22 v2.5 §5.7): its whole state is a plain value ({@link EuiccState}, JSON on disk), and
 * {@link executeCommand} runs one ES10 command on it, returning the response and the new state.
 *
 * @example
 * ```ts
 * import { createEuiccState, executeCommand } from 'sgp32/sim';
 * let state = createEuiccState({ privateKey: euiccKeyPem, eid: '89049032123451234512345678901235' });
 * const r = executeCommand(state, addInitialEimRequestBytes);
 * state = r.state; // r.response is the AddInitialEimResponse (BF57)
 * ```
 * @module sgp32/sim
 */
export { EUICC_STATE_FORMAT, EuiccStateError, checkEuiccState } from './state.js';
export type { EuiccState, ProfileRecord, EimRecordState, StoredItem, DownloadSession, ProfileClassName } from './state.js';
export { createEuiccState } from './create.js';
export type { CreateEuiccStateOptions, PreloadedProfile } from './create.js';
export { prepareEuicc, DEFAULT_MAX_COUNTER_VALUE } from './context.js';
export type { EuiccContext, EuiccOptions } from './context.js';
export { executeCommand, EUICC_COMMANDS } from './euicc.js';
export type { CommandOutcome } from './euicc.js';
export { euiccInfo1Of, euiccInfo2Of } from './info.js';
export { iccidToBytes, iccidFromBytes, profileInfoOf } from './profiles.js';
export { ADD_EIM_CODES } from './eims.js';
export { createTestSmdp } from './smdp.js';
export type { TestSmdp, TestSmdpOptions, TestSmdpProfile } from './smdp.js';
export { minimalUpp } from './upp.js';
export { ipaPoll, downloadProfile, ipaEuiccData, loopbackTransport, eimRspServer, IpaError } from './ipa.js';
export type { EsipaTransport, IpaRequest, RspServer, IpaDevice, IpaEvent, IpaOptions, PollResult } from './ipa.js';
export { createTestEim } from './eim.js';
export type { TestEim, TestEimOptions, TestEimHandlers, EimWork, EimDevice, EimResultRecord } from './eim.js';
export { createTestPki, euiccIssuer, eidWithCheckDigits, TEST_SMDP_OID } from './test-pki.js';
export type { TestPki, TestPkiEntity, TestPkiOptions, EumIssuer } from './test-pki.js';
export { createFleet, runFleet } from './fleet.js';
export type { FleetDevice, CreateFleetOptions, RunFleetOptions, FleetSummary } from './fleet.js';
export { es9RspServer, es9HandlersOf } from './es9.js';
export { euiccApduEndpoint } from './apdu.js';
export type { Es9Functions } from './es9.js';
