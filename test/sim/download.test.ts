/**
 * Profile download on the virtual eUICC, step by step, with the SGP.26 test PKI: the package
 * the test SM-DP+ builds installs; a tampered, truncated or inconsistent package is refused
 * with a signed ProfileInstallationResult naming the error, and nothing is installed; the
 * authentication steps refuse what they must.
 */
import { describe, expect, it } from 'vitest';
import { Certificate } from '../../src/generated/PKIX1Explicit88.js';
import { AuthenticateServerRequest, CancelSessionRequest, EUICCInfo1, GetEuiccChallengeResponse } from '../../src/generated/RSPDefinitions.js';
import { AuthenticateServerResponse, CancelSessionResponse, ProfileInstallationResult } from '../../src/generated/SGP32Definitions.js';
import { verifyEuiccCancelSessionSignature } from '../../src/rsp/authentication.js';
import { verifyProfileInstallationResult } from '../../src/rsp/notifications.js';
import { prepareEuicc } from '../../src/sim/context.js';
import { executeCommand } from '../../src/sim/euicc.js';
import { downloadProfile, type IpaDevice, type RspServer } from '../../src/sim/ipa.js';
import { iccidToBytes } from '../../src/sim/profiles.js';
import type { EuiccState } from '../../src/sim/state.js';
import { minimalUpp } from '../../src/sim/upp.js';
import { PKI, newEuicc, newSmdp } from './helpers.js';

const ICCID = '89000123456789012341';

describe('download (test PKI)', () => {
  const smdpFor = (metadataIccid = ICCID, upp = minimalUpp(ICCID, 2500)) =>
    newSmdp([{ upp, metadata: { iccid: iccidToBytes(metadataIccid), serviceProviderName: 'Op', profileName: 'P', profileClass: 1 } }]);

  /** Runs a download; returns the device, the state just before LoadBoundProfilePackage and the BPP. */
  async function capture(smdp = smdpFor()) {
    const { state } = newEuicc();
    const device: IpaDevice = { state, context: prepareEuicc(state) };
    let before: EuiccState | undefined;
    let bpp: Uint8Array | undefined;
    const server: RspServer = {
      initiateAuthentication: async (r) => smdp.initiateAuthentication(r),
      authenticateClient: async (r) => smdp.authenticateClient(r),
      getBoundProfilePackage: async (r) => {
        before = device.state;
        const res = smdp.getBoundProfilePackage(r);
        if (res.$case === 'getBoundProfilePackageOkEsipa') bpp = (await import('../../src/generated/RSPDefinitions.js')).BoundProfilePackage.encode(res.value.boundProfilePackage);
        return res;
      },
      cancelSession: async () => ({ $case: 'cancelSessionOk', value: {} }),
    };
    const result = await downloadProfile(device, server, { smdpAddress: 'smdp.example' });
    return { device, before: before!, bpp: bpp!, result };
  }

  function refused(before: EuiccState, bpp: Uint8Array, reason: number, command: number): void {
    const r = executeCommand(before, bpp);
    const v = verifyProfileInstallationResult(r.response, { certificate: PKI.euicc.certificate });
    expect(v.valid).toBe(true);
    expect(v.result.profileInstallationResultData.finalResult).toEqual({ $case: 'errorResult', value: { bppCommandId: command, errorReason: reason } });
    expect(r.state.profiles).toEqual(before.profiles);
    expect(r.state.notifications.map((n) => n.seqNumber)).toEqual([before.nextSeqNumber]);
    expect(r.state.session).toBeUndefined();
  }

  it('installs the package built for it; the PIR verifies with the eUICC certificate', async () => {
    const { device, result } = await capture();
    expect(result.outcome).toBe('ok');
    const pir = ProfileInstallationResult.decode(result.pir!);
    expect(verifyProfileInstallationResult(result.pir!, { certificate: PKI.euicc.certificate }).valid).toBe(true);
    expect(pir.profileInstallationResultData.finalResult.$case).toBe('successResult');
    expect(pir.profileInstallationResultData.notificationMetadata.notificationAddress).toBe('smdp.example');
    expect(device.state.profiles).toEqual([expect.objectContaining({ iccid: ICCID, state: 'disabled', profileClass: 'provisioning' })]);
  });

  it('refuses a tampered segment (scp03tSecurityError, loadProfileElements)', async () => {
    const { before, bpp } = await capture();
    const t = bpp.slice();
    t[t.length - 20] ^= 1;
    refused(before, t, 8, 5);
  });

  it('refuses a truncated package (scp03tStructureError)', async () => {
    const { before, bpp } = await capture();
    const r = executeCommand(before, bpp.subarray(0, bpp.length - 40));
    const pir = ProfileInstallationResult.decode(r.response).profileInstallationResultData.finalResult;
    expect(pir).toMatchObject({ $case: 'errorResult', value: { errorReason: 7 } });
    expect(r.state.profiles).toEqual([]);
  });

  it('refuses a package whose metadata names another ICCID than its ProfileHeader (installFailedDueToDataMismatch)', async () => {
    const { before, bpp } = await capture(smdpFor('89000123456789012358'));
    refused(before, bpp, 13, 5);
  });

  it('refuses the same package twice: the session is gone (no PrepareDownload)', async () => {
    const { device, bpp } = await capture();
    const r = executeCommand(device.state, bpp);
    expect(ProfileInstallationResult.decode(r.response).profileInstallationResultData.finalResult).toMatchObject({ $case: 'errorResult', value: { errorReason: 3 } });
  });

  it.each([
    ['no session (no GetEUICCChallenge)', 'noSessionContext', 4],
    ['serverSignature1 changed', 'invalidSignature', 2],
    ['another challenge than the session one', 'euiccChallengeMismatch', 6],
    ['a CI key identifier the eUICC does not have', 'ciPKUnknown', 7],
    ['CERT.DPpb instead of CERT.DPauth (wrong role)', 'invalidCertificate', 1],
  ])('AuthenticateServer refuses: %s', (how, outcome, code) => {
    const smdp = smdpFor();
    const { state: s0 } = newEuicc();
    const ctx = prepareEuicc(s0);
    const ch = executeCommand(s0, Uint8Array.of(0xbf, 0x2e, 0x00), ctx);
    const euiccChallenge = GetEuiccChallengeResponse.decode(ch.response).euiccChallenge;
    const euiccInfo1 = EUICCInfo1.decode(executeCommand(s0, Uint8Array.of(0xbf, 0x20, 0x00), ctx).response);
    const init = smdp.initiateAuthentication({ euiccChallenge, euiccInfo1 });
    if (init.$case !== 'initiateAuthenticationOkEsipa') throw new Error('no session');
    const ok = init.value;
    let state = ch.state;
    let sig = ok.serverSignature1;
    let ci = ok.euiccCiPKIdentifierToBeUsed;
    let cert = ok.serverCertificate;
    if (how.startsWith('no session')) state = s0;
    if (how.startsWith('serverSignature1')) sig = sig.map((b, i) => (i === 10 ? b ^ 1 : b));
    if (how.startsWith('another challenge')) state = executeCommand(ch.state, Uint8Array.of(0xbf, 0x2e, 0x00), ctx).state;
    if (how.startsWith('a CI')) ci = new Uint8Array(20).fill(1);
    if (how.startsWith('CERT.DPpb')) cert = Certificate.decode(PKI.dpPb.certificate);
    const req = AuthenticateServerRequest.encode({ serverSigned1: ok.serverSigned1, serverSignature1: sig, euiccCiPKIdToBeUsed: ci, serverCertificate: cert, ctxParams1: { $case: 'ctxParamsForCommonAuthentication', value: { deviceInfo: { tac: Uint8Array.of(1, 2, 3, 4), deviceCapabilities: {} } } } });
    const r = executeCommand(state, req, ctx);
    expect(r.outcome).toBe(outcome);
    expect(AuthenticateServerResponse.decode(r.response)).toEqual({ $case: 'authenticateResponseError', value: { transactionId: ok.serverSigned1.transactionId, authenticateErrorCode: code } });
    expect(r.state).toBe(state);
  });

  it('CancelSession after AuthenticateServer: a signed cancellation, the session closed; another transactionId is refused', async () => {
    const smdp = smdpFor();
    const { state: s0 } = newEuicc();
    const ctx = prepareEuicc(s0);
    const ch = executeCommand(s0, Uint8Array.of(0xbf, 0x2e, 0x00), ctx);
    const init = smdp.initiateAuthentication({ euiccChallenge: GetEuiccChallengeResponse.decode(ch.response).euiccChallenge });
    if (init.$case !== 'initiateAuthenticationOkEsipa') throw new Error('no session');
    const ok = init.value;
    const auth = executeCommand(ch.state, AuthenticateServerRequest.encode({ serverSigned1: ok.serverSigned1, serverSignature1: ok.serverSignature1, euiccCiPKIdToBeUsed: ok.euiccCiPKIdentifierToBeUsed, serverCertificate: ok.serverCertificate, ctxParams1: { $case: 'ctxParamsForCommonAuthentication', value: { deviceInfo: { tac: Uint8Array.of(1, 2, 3, 4), deviceCapabilities: {} } } } }), ctx);
    expect(auth.outcome).toBe('ok');
    const wrong = executeCommand(auth.state, CancelSessionRequest.encode({ transactionId: Uint8Array.of(1), reason: 1 }), ctx);
    expect(CancelSessionResponse.decode(wrong.response)).toEqual({ $case: 'cancelSessionResponseError', value: 5 });
    const c = executeCommand(auth.state, CancelSessionRequest.encode({ transactionId: ok.serverSigned1.transactionId, reason: 1 }), ctx);
    const resp = CancelSessionResponse.decode(c.response, { keepEncoded: true });
    if (resp.$case !== 'cancelSessionResponseOk') throw new Error(resp.$case);
    expect(resp.value.euiccCancelSessionSigned).toMatchObject({ smdpOid: '2.999.10', reason: 1 });
    expect(verifyEuiccCancelSessionSignature(resp.value.euiccCancelSessionSigned, resp.value.euiccCancelSessionSignature, { certificate: PKI.euicc.certificate }).valid).toBe(true);
    expect(c.state.session).toBeUndefined();
  });
});

