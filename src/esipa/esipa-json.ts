/**
 * The ESipa JSON function binding (SGP.32 v1.2 §6.1.2): member tables of every function's
 * request and response body, after ../shared/spec/bindings.md §2.3. The interpreter is
 * json-members.ts.
 *
 * Choices made where the sources disagree (each configurable or lenient on input):
 * - GetEimPackage / ProvideEimPackageResult errors are written as `Failed` + statusCodeData and
 *   also read from an `eimPackageError` body member (openiotrsp writes that form).
 * - ProvideEimPackageResult's `eimPackageResult` may also hold a whole `BF50` (openiotrsp).
 * - TransferEimPackage errors travel as the `eimPackageError` body member (gd-ipa).
 * - `notificationList` inside ePRAndNotifications is written as the DER of
 *   PendingNotificationList (`30`); the `A0` form it has inside the ASN.1 is accepted too
 *   (UNVERIFIED: no source shows this member's bytes).
 *
 * @module
 */
import type { Codec } from '../der/codec.js';
import { Certificate } from '../generated/PKIX1Explicit88.js';
import { BoundProfilePackage, CtxParams1, EUICCInfo1, Octet32, ServerSigned1, SmdpSigned2 } from '../generated/RSPDefinitions.js';
import {
  AuthenticateServerResponse,
  CancelSessionResponse,
  EimAcknowledgements,
  EimPackageResult,
  EuiccPackageRequest,
  EuiccPackageResult,
  IpaEuiccDataRequest,
  IpaEuiccDataResponse,
  PendingNotification,
  PendingNotificationList,
  PrepareDownloadResponse,
  ProfileDownloadTriggerRequest,
  ProvideEimPackageResult,
  StoreMetadataRequest,
} from '../generated/SGP32Definitions.js';
import type { DecodeOptions } from '../der/reader.js';
import type { EsipaFunction } from './functions.js';
import type { Member, MemberKind, RequestShape, ResponseSpec } from './json-members.js';
import {
  ESIPA_AUTHENTICATE_CLIENT_CODES,
  ESIPA_CANCEL_SESSION_CODES,
  ESIPA_GET_BOUND_PROFILE_PACKAGE_CODES,
  ESIPA_GET_EIM_PACKAGE_CODES,
  ESIPA_INITIATE_AUTHENTICATION_CODES,
  ESIPA_PROVIDE_EIM_PACKAGE_RESULT_CODES,
} from './status-codes.js';

const der = (codec: Codec<any>): MemberKind => ({ k: 'der', codec });
const HEX: MemberKind = { k: 'hex' };
const INT: MemberKind = { k: 'int' };
const STRING: MemberKind = { k: 'string' };
const SIGNATURE: MemberKind = { k: 'wrapped', header: [0x5f, 0x37], form: 'signature' };
const CI_PKID: MemberKind = { k: 'wrapped', header: [0x04], form: 'ciPkId' };
const m = (json: string, kind: MemberKind, optional = false, field = json): Member => ({ json, field, kind, optional });

/**
 * PendingNotificationList as written in JSON: its own `30` encoding, or the `A0` form it has
 * as `notificationList [0]` inside the ASN.1 (read by swapping the identifier octet).
 */
const NOTIFICATION_LIST: Codec<unknown> = {
  ...PendingNotificationList,
  tags: [0x30, 0xa0],
  decode: (bytes: Uint8Array, options?: DecodeOptions) => {
    if (bytes[0] !== 0xa0) return PendingNotificationList.decode(bytes, options);
    const copy = bytes.slice();
    copy[0] = 0x30;
    return PendingNotificationList.decode(copy, options);
  },
  encode: (value: unknown) => PendingNotificationList.encode(value as never),
} as Codec<unknown>;

const EPR_AND_NOTIFICATIONS: MemberKind = {
  k: 'object',
  members: [m('euiccPackageResult', der(EuiccPackageResult)), m('notificationList', der(NOTIFICATION_LIST))],
};

/** Request body and response spec of one function. */
export interface JsonFunctionSpec {
  readonly request: RequestShape;
  readonly response?: ResponseSpec;
}

/** The ESipa JSON tables, per function. */
export const ESIPA_JSON: Readonly<Record<EsipaFunction, JsonFunctionSpec>> = {
  initiateAuthentication: {
    request: {
      t: 'seq',
      members: [m('euiccChallenge', { k: 'raw', size: 16 }), m('smdpAddress', STRING, true), m('euiccInfo1', der(EUICCInfo1), true), m('eimTransactionId', HEX, true)],
    },
    response: {
      alts: [
        {
          case: 'initiateAuthenticationOkEsipa',
          members: [
            m('transactionId', HEX, true),
            m('serverSigned1', der(ServerSigned1)),
            m('serverSignature1', SIGNATURE),
            m('euiccCiPKIdentifierToBeUsed', CI_PKID),
            m('serverCertificate', der(Certificate)),
            m('matchingId', STRING, true),
            m('ctxParams1', der(CtxParams1), true),
          ],
        },
      ],
      errorCase: 'initiateAuthenticationErrorEsipa',
      codes: ESIPA_INITIATE_AUTHENTICATION_CODES,
    },
  },
  authenticateClient: {
    request: { t: 'seq', members: [m('transactionId', HEX), m('authenticateServerResponse', der(AuthenticateServerResponse))] },
    response: {
      alts: [
        {
          case: 'authenticateClientOkDPEsipa',
          when: 'smdpSigned2',
          members: [
            m('transactionId', HEX, true),
            m('profileMetadata', der(StoreMetadataRequest), true, 'profileMetaData'),
            m('smdpSigned2', der(SmdpSigned2)),
            m('smdpSignature2', SIGNATURE),
            m('smdpCertificate', der(Certificate)),
            m('hashCc', der(Octet32), true),
          ],
        },
        { case: 'authenticateClientOkDSEsipa', members: [m('transactionId', HEX), m('profileDownloadTrigger', der(ProfileDownloadTriggerRequest), true)] },
      ],
      errorCase: 'authenticateClientErrorEsipa',
      codes: ESIPA_AUTHENTICATE_CLIENT_CODES,
    },
  },
  getBoundProfilePackage: {
    request: { t: 'seq', members: [m('transactionId', HEX), m('prepareDownloadResponse', der(PrepareDownloadResponse))] },
    response: {
      alts: [{ case: 'getBoundProfilePackageOkEsipa', members: [m('transactionId', HEX, true), m('boundProfilePackage', der(BoundProfilePackage))] }],
      errorCase: 'getBoundProfilePackageErrorEsipa',
      codes: ESIPA_GET_BOUND_PROFILE_PACKAGE_CODES,
    },
  },
  handleNotification: {
    request: {
      t: 'oneOf',
      alts: [
        { case: 'pendingNotification', json: 'pendingNotification', kind: der(PendingNotification) },
        { case: 'provideEimPackageResult', json: 'provideEimPackageResult', kind: der(ProvideEimPackageResult) },
      ],
    },
  },
  cancelSession: {
    request: { t: 'seq', members: [m('transactionId', HEX), m('cancelSessionResponse', der(CancelSessionResponse))] },
    response: { alts: [], empty: { case: 'cancelSessionOk', value: {} }, errorCase: 'cancelSessionError', codes: ESIPA_CANCEL_SESSION_CODES },
  },
  transferEimPackage: {
    request: {
      t: 'oneOf',
      alts: [
        { case: 'euiccPackageRequest', json: 'euiccPackageRequest', kind: der(EuiccPackageRequest) },
        { case: 'ipaEuiccDataRequest', json: 'ipaEuiccDataRequest', kind: der(IpaEuiccDataRequest) },
        { case: 'eimAcknowledgements', json: 'eimAcknowledgements', kind: der(EimAcknowledgements) },
        { case: 'profileDownloadTriggerRequest', json: 'profileDownloadTriggerRequest', kind: der(ProfileDownloadTriggerRequest) },
      ],
    },
    response: {
      alts: [
        { case: 'euiccPackageResult', json: 'euiccPackageResult', kind: der(EuiccPackageResult) },
        { case: 'ePRAndNotifications', json: 'ePRAndNotifications', kind: EPR_AND_NOTIFICATIONS },
        { case: 'ipaEuiccDataResponse', json: 'ipaEuiccDataResponse', kind: der(IpaEuiccDataResponse) },
        { case: 'eimPackageError', json: 'eimPackageError', kind: INT },
      ],
      empty: { case: 'eimPackageReceived', value: null },
      errorCase: 'eimPackageError',
    },
  },
  getEimPackage: {
    request: {
      t: 'seq',
      members: [
        m('eidValue', { k: 'eid' }),
        m('notifyStateChange', { k: 'flag' }, true),
        m('stateChangeCause', INT, true),
        m('rPlmn', { k: 'raw', size: 3 }, true, 'rPLMN'),
      ],
    },
    response: {
      alts: [
        { case: 'euiccPackageRequest', json: 'euiccPackageRequest', kind: der(EuiccPackageRequest) },
        { case: 'ipaEuiccDataRequest', json: 'ipaEuiccDataRequest', kind: der(IpaEuiccDataRequest) },
        { case: 'profileDownloadTriggerRequest', json: 'profileDownloadTriggerRequest', kind: der(ProfileDownloadTriggerRequest) },
        { case: 'eimPackageError', json: 'eimPackageError', kind: INT, decodeOnly: true },
      ],
      errorCase: 'eimPackageError',
      codes: ESIPA_GET_EIM_PACKAGE_CODES,
    },
  },
  provideEimPackageResult: {
    request: { t: 'seq', members: [m('eidValue', { k: 'eid' }, true), m('eimPackageResult', der(EimPackageResult))] },
    response: {
      alts: [
        { case: 'eimAcknowledgements', json: 'eimAcknowledgements', kind: der(EimAcknowledgements) },
        { case: 'provideEimPackageResultError', json: 'eimPackageError', kind: INT, decodeOnly: true },
      ],
      empty: { case: 'emptyResponse', value: {} },
      errorCase: 'provideEimPackageResultError',
      codes: ESIPA_PROVIDE_EIM_PACKAGE_RESULT_CODES,
    },
  },
};

/**
 * openiotrsp puts a whole ProvideEimPackageResult (`BF50`) in the `eimPackageResult` member; the
 * EimPackageResult codec reads that as an unknown alternative. Unwrap it, keeping an EID the
 * JSON did not give.
 */
export function unwrapProvideEimPackageResult(value: { eidValue?: Uint8Array; eimPackageResult: { $case: string; value: unknown } }): unknown {
  const r = value.eimPackageResult;
  if (r.$case !== '$unknown') return value;
  const bytes = r.value as Uint8Array;
  if (bytes[0] !== 0xbf || bytes[1] !== 0x50) return value;
  const inner = ProvideEimPackageResult.decode(bytes, { strict: false, keepEncoded: true });
  return { ...(inner.eidValue !== undefined ? { eidValue: inner.eidValue } : {}), ...(value.eidValue !== undefined ? { eidValue: value.eidValue } : {}), eimPackageResult: inner.eimPackageResult };
}
