/**
 * Profile download on the virtual eUICC (SGP.22 v2.5 §3.1.2–§3.1.3 and §5.7 as SGP.32 v1.2
 * §5.9 reuses them): GetEUICCChallenge, AuthenticateServer (CERT.DPauth chain and
 * serverSignature1 checked, euiccSignature1 made), PrepareDownload (CERT.DPpb chain and
 * smdpSignature2 checked, a one-time key pair made, euiccSignature2), LoadBoundProfilePackage
 * (the whole BPP opened with `openBpp` of `sgp32/rsp`: smdpSign, every MAC, the decryption;
 * the Profile installed from its UPP header and metadata; a signed ProfileInstallationResult)
 * and CancelSession.
 *
 * The BPP arrives whole here (the IPA's ES10b segmentation, SGP.22 §2.5.5, is a transport
 * detail a software eUICC does not need). Error reasons of a refused package (bsp.md §4.4,
 * UNVERIFIED which ones a real eUICC reports): MAC or decryption failure →
 * scp03tSecurityError (8); a truncated or malformed structure → scp03tStructureError (7); bad
 * smdpSign → invalidSignature (2); another transactionId → invalidTransactionId (3); a broken
 * UPP → installFailedDueToPEProcessingError (12); ICCID of header and metadata differ →
 * installFailedDueToDataMismatch (13); ICCID already installed → (9). The bppCommandId names the
 * group where the failure was found.
 *
 * @module
 */
import { privateKeyFromRaw } from '../crypto/keys.js';
import { encodedBytesOf } from '../der/reader.js';
import { bitStringOf } from '../der/bitstring.js';
import { ProfileElement } from '../generated/PEDefinitions.js';
import {
  AuthenticateServerRequest,
  BppCommandId,
  CancelSessionRequest,
  ErrorReason,
  GetEuiccChallengeResponse,
  NotificationEvent,
  PrepareDownloadRequest,
  type ProfileInstallationResultData,
} from '../generated/RSPDefinitions.js';
import { AuthenticateServerResponse, CancelSessionResponse, PrepareDownloadResponse } from '../generated/SGP32Definitions.js';
import { bcdDigits } from '../inspect/tree.js';
import { splitTlvs } from '../inspect/upp.js';
import { parseCertificate } from '../pki/parse.js';
import { validateChain } from '../pki/validate.js';
import type { GsmaRole } from '../pki/roles.js';
import { signEuiccCancelSessionSigned, signEuiccSigned1, signEuiccSigned2, verifyServerSignature1, verifySmdpSignature2 } from '../rsp/authentication.js';
import { openBpp } from '../rsp/bpp/open.js';
import type { BppFailure } from '../rsp/bpp/types.js';
import { signProfileInstallationResult } from '../rsp/notifications.js';
import type { EuiccContext } from './context.js';
import { euiccInfo2Of } from './info.js';
import { iccidFromBytes, iccidToBytes, profileClassName } from './profiles.js';
import { cloneState, hexBytes, type EuiccState } from './state.js';
import type { CommandOutcome } from './euicc.js';
import { equalBytes, toHex } from '../der/bytes.js';

type Result = Omit<CommandOutcome, 'command'>;

const SIMA_OK = /*@__PURE__*/ Uint8Array.of(0x30, 0x07, 0xa0, 0x05, 0x30, 0x03, 0x80, 0x01, 0x00);
/** ISD-P AIDs: the first 13 bytes of the SGP.02/SGP.22 example ISD-P AID, then a 3-byte index. */
const ISDP_PREFIX = 'a0000005591010ffffffff8900';
/** SGP.26 test SM-DP+ OID, used when no certificate names one. */
const DEFAULT_SMDP_OID = '2.999.10';

/** Validates an SM-DP+ certificate against the eUICC's CIs; returns the parsed leaf or a reason. */
function serverCertificate(ctx: EuiccContext, der: Uint8Array, role: GsmaRole): { ok: true; oid: string | undefined } | { ok: false; detail: string } {
  if (ctx.cis.length === 0) return { ok: false, detail: 'the eUICC trusts no CI' };
  const v = validateChain({ chain: [der], anchors: ctx.cis, at: ctx.now(), expectedRole: role, provider: ctx.provider });
  if (!v.valid) return { ok: false, detail: `${role} certificate: ${v.reason} (${v.detail})` };
  return { ok: true, oid: v.leaf.subjectAltName?.registeredIds[0] };
}

/** ES10b.GetEUICCChallenge: a fresh 16-byte challenge opens a new session. */
export function getEuiccChallenge(state: EuiccState, ctx: EuiccContext): Result {
  const euiccChallenge = ctx.provider.randomBytes(16);
  const next = cloneState(state);
  next.session = { euiccChallenge: toHex(euiccChallenge) };
  return { state: next, response: GetEuiccChallengeResponse.encode({ euiccChallenge }), outcome: 'ok', detail: `challenge ${toHex(euiccChallenge)}` };
}

/** ES10b.AuthenticateServer (SGP.22 §5.7.13). */
export function authenticateServer(state: EuiccState, ctx: EuiccContext, bytes: Uint8Array): Result {
  const request = AuthenticateServerRequest.decode(bytes, { keepEncoded: true });
  const s1 = request.serverSigned1;
  const fail = (code: number, name: string, detail: string): Result => ({
    state,
    response: AuthenticateServerResponse.encode({ $case: 'authenticateResponseError', value: { transactionId: s1.transactionId, authenticateErrorCode: code } }),
    outcome: name,
    detail,
  });
  if (state.session === undefined) return fail(4, 'noSessionContext', 'no GetEUICCChallenge before AuthenticateServer');
  const certDer = encodedBytesOf(request.serverCertificate)!;
  const chain = serverCertificate(ctx, certDer, 'dp-auth');
  if (!chain.ok) return fail(1, 'invalidCertificate', chain.detail);
  if (!ctx.ciPKIds.some((k) => equalBytes(k, request.euiccCiPKIdToBeUsed))) return fail(7, 'ciPKUnknown', `euiccCiPKIdToBeUsed ${toHex(request.euiccCiPKIdToBeUsed)} is not a CI of this eUICC`);
  const sig = verifyServerSignature1(s1, request.serverSignature1, { certificate: certDer, provider: ctx.provider });
  if (!sig.valid) return fail(2, 'invalidSignature', sig.detail);
  if (toHex(s1.euiccChallenge) !== state.session.euiccChallenge) return fail(6, 'euiccChallengeMismatch', 'serverSigned1 carries another euiccChallenge');
  if (!ctx.euiccCertificate || !ctx.eumCertificate) return fail(127, 'undefinedError', 'the eUICC has no certificates');
  // The response carries this value; its DER is the signed EuiccSigned1 (one encoder, one encoding).
  const euiccSigned1 = { transactionId: s1.transactionId, serverAddress: s1.serverAddress, serverChallenge: s1.serverChallenge, euiccInfo2: euiccInfo2Of(state, ctx), ctxParams1: request.ctxParams1 };
  const { signature } = signEuiccSigned1(euiccSigned1, { privateKey: ctx.privateKey, provider: ctx.provider });
  const next = cloneState(state);
  next.session = { euiccChallenge: state.session.euiccChallenge, transactionId: toHex(s1.transactionId), serverAddress: s1.serverAddress, smdpOid: chain.oid ?? DEFAULT_SMDP_OID, euiccSignature1: toHex(signature) };
  const response = AuthenticateServerResponse.encode({
    $case: 'authenticateResponseOk',
    value: { euiccSigned1, euiccSignature1: signature, euiccCertificate: ctx.euiccCertificate, eumCertificate: ctx.eumCertificate },
  });
  return { state: next, response, outcome: 'ok', detail: `server ${s1.serverAddress} authenticated, transaction ${toHex(s1.transactionId)}` };
}

/** ES10b.PrepareDownload (SGP.22 §5.7.5). */
export function prepareDownload(state: EuiccState, ctx: EuiccContext, bytes: Uint8Array): Result {
  const request = PrepareDownloadRequest.decode(bytes, { keepEncoded: true });
  const tid = request.smdpSigned2.transactionId;
  const fail = (code: number, name: string, detail: string): Result => ({
    state,
    response: PrepareDownloadResponse.encode({ $case: 'downloadResponseError', value: { transactionId: tid, downloadErrorCode: code } }),
    outcome: name,
    detail,
  });
  const session = state.session;
  if (session?.euiccSignature1 === undefined) return fail(4, 'noSessionContext', 'no AuthenticateServer before PrepareDownload');
  if (toHex(tid) !== session.transactionId) return fail(5, 'invalidTransactionId', `transaction ${toHex(tid)} is not the session's ${session.transactionId}`);
  const certDer = encodedBytesOf(request.smdpCertificate)!;
  const chain = serverCertificate(ctx, certDer, 'dp-pb');
  if (!chain.ok) return fail(1, 'invalidCertificate', chain.detail);
  const sig = verifySmdpSignature2(request.smdpSigned2, request.smdpSignature2, { certificate: certDer, provider: ctx.provider, euiccSignature1: hexBytes(session.euiccSignature1, 'session.euiccSignature1') });
  if (!sig.valid) return fail(2, 'invalidSignature', sig.detail);
  const curve = parseCertificate(certDer).curve;
  if (curve === undefined) return fail(3, 'unsupportedCurve', 'CERT.DPpb is on a curve the eUICC does not support');
  const ot = ctx.provider.generateKeyPair(curve);
  const euiccSigned2 = { transactionId: tid, euiccOtpk: ot.publicKey.point, ...(request.hashCc !== undefined ? { hashCc: request.hashCc } : {}) };
  const { signature } = signEuiccSigned2(euiccSigned2, { privateKey: ctx.privateKey, provider: ctx.provider, smdpSignature2: request.smdpSignature2 });
  const next = cloneState(state);
  next.session = { ...session, smdpOid: chain.oid ?? session.smdpOid, smdpCertificate: toHex(certDer), euiccOtsk: toHex(ot.privateKey.d), otCurve: curve };
  const response = PrepareDownloadResponse.encode({ $case: 'downloadResponseOk', value: { euiccSigned2, euiccSignature2: signature } });
  return { state: next, response, outcome: 'ok', detail: `one-time key made on ${curve}` };
}

const GROUP_COMMAND: Readonly<Record<string, number>> = {
  firstSequenceOf87: BppCommandId.values.configureISDP,
  sequenceOf88: BppCommandId.values.storeMetadata,
  secondSequenceOf87: BppCommandId.values.replaceSessionKeys,
  sequenceOf86: BppCommandId.values.loadProfileElements,
};

/** The bppCommandId and errorReason a refused package is reported with. */
function errorOf(f: BppFailure): { bppCommandId: number; errorReason: number; name: keyof typeof ErrorReason.values } {
  const bppCommandId = f.group === undefined ? BppCommandId.values.initialiseSecureChannel : GROUP_COMMAND[f.group];
  const E = ErrorReason.values;
  const pick = (name: keyof typeof E) => ({ bppCommandId, errorReason: E[name], name });
  switch (f.reason) {
    case 'bad-signature':
    case 'bad-smdp-otpk':
      return pick('invalidSignature');
    case 'transaction-id-mismatch':
      return pick('invalidTransactionId');
    case 'bad-initialise-secure-channel':
      return pick('unsupportedCrtValues');
    case 'mac-mismatch':
    case 'bad-padding':
    case 'bad-ciphertext-length':
      return pick('scp03tSecurityError');
    case 'upp-incomplete':
    case 'upp-malformed':
      return pick('installFailedDueToPEProcessingError');
    default:
      return pick('scp03tStructureError');
  }
}

/** ES10b.LoadBoundProfilePackage (SGP.22 §5.7.6), the whole BPP at once. */
export function loadBoundProfilePackage(state: EuiccState, ctx: EuiccContext, bytes: Uint8Array): Result {
  const session = state.session;
  const next = cloneState(state);
  delete next.session;
  const seqNumber = next.nextSeqNumber++;
  const transactionId = session?.transactionId !== undefined ? hexBytes(session.transactionId, 'session.transactionId') : Uint8Array.of(0);
  const pir = (finalResult: ProfileInstallationResultData['finalResult'], iccid?: string): Uint8Array => {
    const data: ProfileInstallationResultData = {
      transactionId,
      notificationMetadata: {
        seqNumber,
        profileManagementOperation: bitStringOf([NotificationEvent.bits.notificationInstall]),
        notificationAddress: session?.serverAddress ?? '',
        ...(iccid !== undefined ? { iccid: iccidToBytes(iccid) } : {}),
      },
      smdpOid: session?.smdpOid ?? DEFAULT_SMDP_OID,
      finalResult,
    };
    const { bytes: der } = signProfileInstallationResult(data, { privateKey: ctx.privateKey, provider: ctx.provider });
    next.notifications.push({ seqNumber, der: toHex(der) });
    return der;
  };
  const refuse = (bppCommandId: number, name: keyof typeof ErrorReason.values, detail: string): Result => {
    const response = pir({ $case: 'errorResult', value: { bppCommandId, errorReason: ErrorReason.values[name] } });
    return { state: next, response, outcome: name, detail };
  };
  if (session?.euiccOtsk === undefined || session.otCurve === undefined || session.smdpCertificate === undefined) {
    return refuse(BppCommandId.values.initialiseSecureChannel, 'invalidTransactionId', 'no PrepareDownload before LoadBoundProfilePackage');
  }
  const opened = openBpp(bytes, {
    euiccOtsk: privateKeyFromRaw(session.otCurve, hexBytes(session.euiccOtsk, 'session.euiccOtsk')),
    eid: state.eid,
    smdpCertificate: hexBytes(session.smdpCertificate, 'session.smdpCertificate'),
    transactionId,
    provider: ctx.provider,
  });
  if (!opened.ok) {
    const e = errorOf(opened.failure);
    return refuse(e.bppCommandId, e.name, `package refused: ${opened.failure.reason} at offset ${opened.failure.offset}${opened.failure.segment !== undefined ? ` (segment ${opened.failure.segment})` : ''}: ${opened.failure.detail}`);
  }
  const metadata = opened.storeMetadata.value;
  const metaIccid = iccidFromBytes(metadata.iccid);
  const header = uppHeaderIccid(opened.upp);
  const load = BppCommandId.values.loadProfileElements;
  if (header === undefined) return refuse(load, 'installFailedDueToPEProcessingError', 'the UPP does not start with a ProfileHeader carrying an ICCID');
  if (metaIccid === undefined || metaIccid !== header) return refuse(load, 'installFailedDueToDataMismatch', `ICCID ${header} of the ProfileHeader differs from ${metaIccid ?? '(not BCD)'} of the metadata`);
  if (next.profiles.some((p) => p.iccid === header)) return refuse(BppCommandId.values.storeMetadata, 'installFailedDueToIccidAlreadyExistsOnEuicc', `a Profile with ICCID ${header} is installed`);
  const index = next.nextIsdp++;
  const isdpAid = ISDP_PREFIX + (0x1000 + index * 0x100).toString(16).padStart(6, '0');
  next.profiles.push({
    iccid: header,
    isdpAid,
    state: 'disabled',
    profileClass: profileClassName(metadata.profileClass),
    metadata: toHex(opened.storeMetadata.bytes),
    fallbackAttribute: false,
    smdpOid: session.smdpOid ?? DEFAULT_SMDP_OID,
  });
  next.lastInstalledIccid = header;
  const response = pir({ $case: 'successResult', value: { aid: hexBytes(isdpAid, 'isdpAid'), simaResponse: SIMA_OK } }, header);
  return { state: next, response, outcome: 'ok', detail: `installed ${header} (${profileClassName(metadata.profileClass)}, "${metadata.profileName}") in ISD-P ${isdpAid}` };
}

/** The ICCID digits of the UPP's ProfileHeader (its first element), or undefined. */
function uppHeaderIccid(upp: Uint8Array): string | undefined {
  const tlvs = splitTlvs(upp, false);
  if (tlvs.length === 0) return undefined;
  const [s, e] = tlvs[0];
  const pe = ProfileElement.decode(upp.subarray(s, e));
  if (pe.$case !== 'header') return undefined;
  return bcdDigits(pe.value.iccid);
}

/** ES10b.CancelSession (SGP.22 §5.7.14). */
export function cancelSession(state: EuiccState, ctx: EuiccContext, bytes: Uint8Array): Result {
  const request = CancelSessionRequest.decode(bytes);
  const session = state.session;
  if (session?.transactionId === undefined || session.transactionId !== toHex(request.transactionId)) {
    return { state, response: CancelSessionResponse.encode({ $case: 'cancelSessionResponseError', value: 5 }), outcome: 'invalidTransactionId', detail: 'no session with that transactionId' };
  }
  const euiccCancelSessionSigned = { transactionId: request.transactionId, smdpOid: session.smdpOid ?? DEFAULT_SMDP_OID, reason: request.reason };
  const { signature } = signEuiccCancelSessionSigned(euiccCancelSessionSigned, { privateKey: ctx.privateKey, provider: ctx.provider });
  const next = cloneState(state);
  delete next.session;
  const response = CancelSessionResponse.encode({ $case: 'cancelSessionResponseOk', value: { euiccCancelSessionSigned, euiccCancelSessionSignature: signature } });
  return { state: next, response, outcome: 'ok', detail: `session ${session.transactionId} cancelled (reason ${request.reason})` };
}
