/**
 * A test SM-DP+ for end-to-end runs without a real one (SGP.22 v2.5 §3.1.2–§3.1.3, §5.6 as an
 * eIM relays it over ESipa, SGP.32 v1.2 §6.3.2.1–§6.3.2.5): InitiateAuthentication (CI chosen
 * from the eUICC's list, serverSignature1 with CERT.DPauth), AuthenticateClient (the eUICC's
 * chain and euiccSignature1 checked with `verifyAuthenticateServerResponse` of `sgp32/rsp`,
 * smdpSignature2 with CERT.DPpb), GetBoundProfilePackage (euiccSignature2 checked, the BPP
 * built with `buildBpp` of `sgp32/rsp` for the eUICC's one-time key) and HandleNotification
 * (euiccSignPIR checked). It takes and returns the ESipa values, so an eIM can serve it
 * directly (indirect profile download) and tests can call it in-process.
 *
 * Sessions live in the object (a Map by transactionId); it is a simulator, not a server.
 *
 * @module
 */
import { nobleProvider } from '../crypto/noble.js';
import type { CryptoProvider, EcPrivateKey } from '../crypto/provider.js';
import { verifiable, wireBytes } from './wire.js';
import { Certificate } from '../generated/PKIX1Explicit88.js';
import { BoundProfilePackage, EUICCSigned2 } from '../generated/RSPDefinitions.js';
import {
  AuthenticateServerResponse,
  StoreMetadataRequest,
  type AuthenticateClientRequestEsipa,
  type AuthenticateClientResponseEsipa,
  type GetBoundProfilePackageRequestEsipa,
  type GetBoundProfilePackageResponseEsipa,
  type InitiateAuthenticationRequestEsipa,
  type InitiateAuthenticationResponseEsipa,
  PendingNotification,
} from '../generated/SGP32Definitions.js';
import { verifyAuthenticateServerResponse } from '../rsp/authenticate-server-response.js';
import { parseCertificate, type CertificateView } from '../pki/parse.js';
import { bytesEqual } from '../pki/bytes.js';
import { signServerSigned1, signSmdpSigned2, verifyEuiccSignature2 } from '../rsp/authentication.js';
import { buildBpp } from '../rsp/bpp/build.js';
import { verifyPendingNotification } from '../rsp/notifications.js';
import { resolvePrivateKey, type SigningKey } from '../rsp/signed-data.js';
import { toHex } from '../der/bytes.js';

/** One profile the test SM-DP+ can deliver. */
export interface TestSmdpProfile {
  /** The Unprotected Profile Package (DER of the profile elements; starts with the ProfileHeader). */
  readonly upp: Uint8Array;
  /** StoreMetadataRequest of the profile (its ICCID must be the ProfileHeader's). */
  readonly metadata: StoreMetadataRequest;
  /** When given, the profile is delivered only for this matchingId; otherwise for any. */
  readonly matchingId?: string;
}

/** Inputs of {@link createTestSmdp}. */
export interface TestSmdpOptions {
  /** The SM-DP+ address (serverAddress of ServerSigned1). */
  readonly address: string;
  /** CERT.DPauth.ECDSA (PEM/DER) and its private key. */
  readonly dpAuth: { readonly certificate: string | Uint8Array; readonly privateKey: SigningKey };
  /** CERT.DPpb.ECDSA (PEM/DER) and its private key. */
  readonly dpPb: { readonly certificate: string | Uint8Array; readonly privateKey: SigningKey };
  /** CI certificates the SM-DP+ validates eUICC chains against. */
  readonly ciCertificates: readonly (string | Uint8Array)[];
  /** Profiles to deliver, each at most once, in order. */
  readonly profiles: readonly TestSmdpProfile[];
  readonly provider?: CryptoProvider;
  /** Clock for certificate validity (default `new Date()`); null skips the check. */
  readonly now?: () => Date | null;
}

/** The test SM-DP+: the four ESipa functions an eIM relays, and a record of what happened. */
export interface TestSmdp {
  initiateAuthentication(request: InitiateAuthenticationRequestEsipa): InitiateAuthenticationResponseEsipa;
  authenticateClient(request: AuthenticateClientRequestEsipa): AuthenticateClientResponseEsipa;
  getBoundProfilePackage(request: GetBoundProfilePackageRequestEsipa): GetBoundProfilePackageResponseEsipa;
  /** Verifies a PendingNotification of a session (euiccSignPIR with the session's eUICC key). */
  handleNotification(notification: PendingNotification): { readonly valid: boolean; readonly detail: string };
  /** Profiles delivered: EID and ICCID metadata, in order. */
  readonly delivered: { readonly eid: string; readonly transactionId: string }[];
}

interface Session {
  readonly transactionId: Uint8Array;
  readonly serverChallenge: Uint8Array;
  readonly euiccChallenge: Uint8Array;
  euiccCertificate?: Uint8Array;
  eid?: string;
  profile?: TestSmdpProfile;
  smdpSignature2?: Uint8Array;
}


/**
 * Makes a test SM-DP+.
 *
 * @throws CertificateParseError / CryptoKeyFormatError for unusable certificates or keys.
 * @example
 * ```ts
 * const smdp = createTestSmdp({ address: 'smdp.example', dpAuth, dpPb, ciCertificates: [ci], profiles: [{ upp, metadata }] });
 * const r = smdp.initiateAuthentication({ euiccChallenge, euiccInfo1 });
 * ```
 */
export function createTestSmdp(options: TestSmdpOptions): TestSmdp {
  const provider = options.provider ?? nobleProvider;
  const now = options.now ?? (() => new Date());
  const dpAuthView: CertificateView = parseCertificate(options.dpAuth.certificate);
  const dpPbView: CertificateView = parseCertificate(options.dpPb.certificate);
  const dpAuthCert = Certificate.decode(dpAuthView.der);
  const dpPbCert = Certificate.decode(dpPbView.der);
  const dpAuthKey: EcPrivateKey = resolvePrivateKey(options.dpAuth.privateKey, 'dpAuth.privateKey');
  const dpPbKey: EcPrivateKey = resolvePrivateKey(options.dpPb.privateKey, 'dpPb.privateKey');
  const anchors = options.ciCertificates.map((c) => parseCertificate(c));
  const sessions = new Map<string, Session>();
  const pending = [...options.profiles];
  const delivered: { eid: string; transactionId: string }[] = [];

  return {
    delivered,
    initiateAuthentication(request) {
      const wanted = request.euiccInfo1?.euiccCiPKIdListForSigning ?? anchors.map((a) => a.subjectKeyIdentifier!);
      const ci = wanted.find((k) => bytesEqual(k, dpAuthView.authorityKeyIdentifier));
      if (ci === undefined) return { $case: 'initiateAuthenticationErrorEsipa', value: 3 }; // ciPKIdNotSupported
      if (request.smdpAddress !== undefined && request.smdpAddress !== options.address) return { $case: 'initiateAuthenticationErrorEsipa', value: 1 }; // invalidDpAddress
      const session: Session = { transactionId: provider.randomBytes(16), serverChallenge: provider.randomBytes(16), euiccChallenge: request.euiccChallenge };
      sessions.set(toHex(session.transactionId), session);
      const serverSigned1 = { transactionId: session.transactionId, euiccChallenge: request.euiccChallenge, serverAddress: options.address, serverChallenge: session.serverChallenge };
      const { signature } = signServerSigned1(serverSigned1, { privateKey: dpAuthKey, provider });
      return {
        $case: 'initiateAuthenticationOkEsipa',
        value: { transactionId: session.transactionId, serverSigned1, serverSignature1: signature, euiccCiPKIdentifierToBeUsed: ci, serverCertificate: dpAuthCert },
      };
    },
    authenticateClient(request) {
      const session = sessions.get(toHex(request.transactionId));
      if (session === undefined) return { $case: 'authenticateClientErrorEsipa', value: 10 }; // invalidTransactionId
      const response = request.authenticateServerResponse;
      const verdict = verifyAuthenticateServerResponse(verifiable(response, AuthenticateServerResponse), {
        anchors,
        at: now(),
        transactionId: session.transactionId,
        serverChallenge: session.serverChallenge,
        serverAddress: options.address,
        provider,
      });
      if (!verdict.valid) {
        sessions.delete(toHex(session.transactionId));
        const code = verdict.reason === 'euicc-signature-invalid' ? 5 : verdict.reason === 'authenticate-response-error' ? 127 : verdict.index === 0 ? 1 : 3;
        return { $case: 'authenticateClientErrorEsipa', value: code };
      }
      const signed1 = verdict.euiccSigned1;
      const matchingId = signed1.ctxParams1.$case === 'ctxParamsForCommonAuthentication' ? signed1.ctxParams1.value.matchingId : undefined;
      const i = pending.findIndex((p) => p.matchingId === undefined || p.matchingId === matchingId);
      if (i < 0) return { $case: 'authenticateClientErrorEsipa', value: matchingId === undefined ? 8 : 6 }; // noEligibleProfile / matchingIdRefused
      session.profile = pending.splice(i, 1)[0];
      session.eid = verdict.eid;
      session.euiccCertificate = verdict.chain[verdict.chain.length - 1].der;
      const smdpSigned2 = { transactionId: session.transactionId, ccRequiredFlag: false };
      const euiccSignature1 = (response as Extract<AuthenticateServerResponse, { $case: 'authenticateResponseOk' }>).value.euiccSignature1;
      const { signature } = signSmdpSigned2(smdpSigned2, { privateKey: dpPbKey, provider, euiccSignature1 });
      session.smdpSignature2 = signature;
      return {
        $case: 'authenticateClientOkDPEsipa',
        value: { transactionId: session.transactionId, profileMetaData: session.profile.metadata, smdpSigned2, smdpSignature2: signature, smdpCertificate: dpPbCert },
      };
    },
    getBoundProfilePackage(request) {
      const session = sessions.get(toHex(request.transactionId));
      if (session?.profile === undefined || session.smdpSignature2 === undefined || session.eid === undefined) return { $case: 'getBoundProfilePackageErrorEsipa', value: 95 }; // invalidTransactionId
      const pd = request.prepareDownloadResponse;
      if (pd.$case !== 'downloadResponseOk') return { $case: 'getBoundProfilePackageErrorEsipa', value: 127 };
      const signed2 = wireBytes(pd.value.euiccSigned2, EUICCSigned2);
      const sig = verifyEuiccSignature2(signed2, pd.value.euiccSignature2, { certificate: session.euiccCertificate!, smdpSignature2: session.smdpSignature2, provider });
      if (!sig.valid) return { $case: 'getBoundProfilePackageErrorEsipa', value: 1 }; // euiccSignatureInvalid
      const built = buildBpp({
        upp: session.profile.upp,
        metadata: session.profile.metadata,
        transactionId: session.transactionId,
        eid: session.eid,
        euiccOtpk: pd.value.euiccSigned2.euiccOtpk,
        curve: dpPbView.curve!,
        smdpSigner: dpPbKey,
        provider,
      });
      delivered.push({ eid: session.eid, transactionId: toHex(session.transactionId) });
      return { $case: 'getBoundProfilePackageOkEsipa', value: { transactionId: session.transactionId, boundProfilePackage: BoundProfilePackage.decode(built.bpp) } };
    },
    handleNotification(notification) {
      if (notification.$case !== 'profileInstallationResult') return { valid: false, detail: `not a Profile Installation Result (${notification.$case})` };
      const tid = toHex(notification.value.profileInstallationResultData.transactionId);
      const session = sessions.get(tid);
      if (session?.euiccCertificate === undefined) return { valid: false, detail: `no session ${tid}` };
      const v = verifyPendingNotification(wireBytes(notification, PendingNotification), { certificate: session.euiccCertificate, provider });
      sessions.delete(tid);
      return v.valid ? { valid: true, detail: `PIR of ${tid} verified` } : { valid: false, detail: v.detail };
    },
  };
}
