/**
 * The whole state of a virtual eUICC as one plain, JSON-serialisable value (SGP.32 v1.2 §2.11,
 * §5.9; SGP.22 v2.5 §5.7): identity and keys, installed Profiles with their metadata and
 * states, the eIM Configuration Data with the replay counter and associationToken of each
 * association, pending notifications and eUICC Package results, the immediate-enable and
 * fallback settings, and the one RSP download session in progress.
 *
 * Bytes are lower-case hex strings, so `JSON.stringify(state)` is the file format and
 * `JSON.parse` + {@link checkEuiccState} reads it back. Every operation of `sgp32/sim` takes a
 * state and returns a new one; the value given is never modified.
 *
 * @module
 */
import type { Curve } from '../crypto/provider.js';
import { isHex, tryFromHex } from '../der/bytes.js';

/** The format tag written in every state; a reader refuses anything else. */
export const EUICC_STATE_FORMAT = 'sgp32-virtual-euicc/1';

/** The three Profile classes of SGP.22 (`ProfileClass`): test 0, provisioning 1, operational 2. */
export type ProfileClassName = 'test' | 'provisioning' | 'operational';

/** One installed Profile. */
export interface ProfileRecord {
  /** ICCID digits (as printed on the card), e.g. `89000123456789012341`. */
  iccid: string;
  /** AID of the ISD-P holding the Profile, 16 bytes hex. */
  isdpAid: string;
  state: 'enabled' | 'disabled';
  profileClass: ProfileClassName;
  /** StoreMetadataRequest (BF25) DER as received at installation, hex: names, icon, PPRs, notification configuration. */
  metadata: string;
  profileNickname?: string;
  /** SGP.32 Fallback Attribute. */
  fallbackAttribute: boolean;
  /** OID of the SM-DP+ that installed it (from CERT.DPpb), when downloaded. */
  smdpOid?: string;
}

/** One associated eIM (a stored EimConfigurationData). */
export interface EimRecordState {
  eimId: string;
  /** The last counterValue accepted from this eIM (replay protection, SGP.32 §5.9.1). */
  counterValue: number;
  /** The associationToken of this association, or null when none was requested. */
  associationToken: number | null;
  /** SubjectPublicKeyInfo DER (hex) that verifies eimSignature: eimPublicKey, or the SPKI of eimCertificate. */
  publicKey: string;
  /** The EimConfigurationData DER (hex) as configured (counterValue and token are kept above). */
  config: string;
}

/** A stored PendingNotification or EuiccPackageResult with its sequence number. */
export interface StoredItem {
  seqNumber: number;
  /** DER, hex. */
  der: string;
}

/** The RSP download session between GetEUICCChallenge and LoadBoundProfilePackage (SGP.22 §3.1.3). */
export interface DownloadSession {
  euiccChallenge: string;
  transactionId?: string;
  serverAddress?: string;
  /** SM-DP+ OID from CERT.DPauth (for cancel-session) then CERT.DPpb (for the PIR). */
  smdpOid?: string;
  /** euiccSignature1 value (64 bytes hex), part of the smdpSignature2 signed data. */
  euiccSignature1?: string;
  /** CERT.DPpb DER hex, checked against smdpSign of the BPP. */
  smdpCertificate?: string;
  /** otSK.EUICC.ECKA (32 bytes hex) on `otCurve`. */
  euiccOtsk?: string;
  otCurve?: Curve;
}

/** The whole eUICC. */
export interface EuiccState {
  format: typeof EUICC_STATE_FORMAT;
  /** 32 hex digits. */
  eid: string;
  /** Curve of the eUICC key. */
  curve: Curve;
  /** SK.EUICC.ECDSA, the 32-byte scalar, hex. */
  privateKey: string;
  /** CERT.EUICC.ECDSA DER hex (needed for downloads and IpaEuiccData). */
  euiccCertificate?: string;
  /** CERT.EUM.ECDSA DER hex. */
  eumCertificate?: string;
  /** CI certificates (DER hex) the eUICC verifies SM-DP+ certificates with; their SKIs fill euiccCiPKIdList*. */
  ciCertificates: string[];
  profiles: ProfileRecord[];
  eims: EimRecordState[];
  /** Next sequence number for a notification or eUICC Package result (one counter, SGP.22 §5.7.x). */
  nextSeqNumber: number;
  /** Next associationToken handed out by AddInitialEim / addEim. */
  nextAssociationToken: number;
  notifications: StoredItem[];
  packageResults: StoredItem[];
  immediateEnable: { enabled: boolean; defaultSmdpOid?: string; defaultSmdpAddress?: string };
  defaultSmdpAddress?: string;
  rootSmdsAddress?: string;
  /** ICCID of the Profile to return to by ProfileRollback after an enable with rollbackFlag. */
  rollbackIccid?: string;
  /** ICCID of the Profile installed last, for ES10b.ImmediateEnable. */
  lastInstalledIccid?: string;
  /** Index of the next ISD-P AID. */
  nextIsdp: number;
  session?: DownloadSession;
}

/** Malformed state input: a field is missing or of the wrong form. */
export class EuiccStateError extends Error {
  override readonly name = 'EuiccStateError';
  readonly code = 'bad-state' as const;
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

/** Hex → bytes; throws EuiccStateError naming `path` for anything that is not whole hex octets. */
export function hexBytes(hex: string, path: string): Uint8Array {
  const bytes = tryFromHex(hex);
  if (bytes === undefined) throw new EuiccStateError(path, `expected hex octets, got ${JSON.stringify(hex)?.slice(0, 40)}`);
  return bytes;
}

/** A deep copy of a state (plain JSON data), so that operations never change their input. */
export function cloneState(state: EuiccState): EuiccState {
  return structuredClone(state);
}

function req(cond: boolean, path: string, detail: string): void {
  if (!cond) throw new EuiccStateError(path, detail);
}

/** Whole hex octets (either case), `bytes` of them when given. */
const isHexOf = (v: unknown, bytes?: number): boolean => isHex(v as string) && (bytes === undefined || (v as string).length === 2 * bytes);
const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v);

/**
 * Checks that `value` (e.g. `JSON.parse` of a state file) is a well-formed {@link EuiccState}.
 *
 * @returns the same value, typed.
 * @throws EuiccStateError naming the first bad field (`profiles[1].state: …`).
 * @example const state = checkEuiccState(JSON.parse(readFileSync('state.json', 'utf8')));
 */
export function checkEuiccState(value: unknown): EuiccState {
  req(typeof value === 'object' && value !== null && !Array.isArray(value), '$', 'expected an object');
  const s = value as EuiccState;
  req(s.format === EUICC_STATE_FORMAT, 'format', `expected "${EUICC_STATE_FORMAT}", got ${JSON.stringify(s.format)}`);
  req(isHexOf(s.eid, 16), 'eid', 'expected 32 hex digits');
  req(s.curve === 'P-256' || s.curve === 'brainpoolP256r1', 'curve', 'expected P-256 or brainpoolP256r1');
  req(isHexOf(s.privateKey, 32), 'privateKey', 'expected 32 bytes hex');
  for (const k of ['euiccCertificate', 'eumCertificate', 'defaultSmdpAddress', 'rootSmdsAddress', 'rollbackIccid'] as const) {
    req(s[k] === undefined || typeof s[k] === 'string', k, 'expected a string');
  }
  req(s.euiccCertificate === undefined || isHexOf(s.euiccCertificate), 'euiccCertificate', 'expected hex');
  req(s.eumCertificate === undefined || isHexOf(s.eumCertificate), 'eumCertificate', 'expected hex');
  req(Array.isArray(s.ciCertificates) && s.ciCertificates.every((c) => isHexOf(c)), 'ciCertificates', 'expected an array of hex strings');
  req(Array.isArray(s.profiles), 'profiles', 'expected an array');
  s.profiles.forEach((p, i) => {
    const at = `profiles[${i}]`;
    req(typeof p === 'object' && p !== null, at, 'expected an object');
    req(typeof p.iccid === 'string' && /^\d{18,20}$/.test(p.iccid), `${at}.iccid`, 'expected 18 to 20 digits');
    req(isHexOf(p.isdpAid) && p.isdpAid.length >= 10 && p.isdpAid.length <= 32, `${at}.isdpAid`, 'expected 5 to 16 bytes hex');
    req(p.state === 'enabled' || p.state === 'disabled', `${at}.state`, 'expected "enabled" or "disabled"');
    req(['test', 'provisioning', 'operational'].includes(p.profileClass), `${at}.profileClass`, 'expected test, provisioning or operational');
    req(isHexOf(p.metadata), `${at}.metadata`, 'expected hex');
    req(typeof p.fallbackAttribute === 'boolean', `${at}.fallbackAttribute`, 'expected a boolean');
  });
  req(s.profiles.filter((p) => p.state === 'enabled').length <= 1, 'profiles', 'more than one Profile is enabled');
  req(Array.isArray(s.eims), 'eims', 'expected an array');
  s.eims.forEach((e, i) => {
    const at = `eims[${i}]`;
    req(typeof e === 'object' && e !== null, at, 'expected an object');
    req(typeof e.eimId === 'string' && e.eimId.length > 0, `${at}.eimId`, 'expected a non-empty string');
    req(isInt(e.counterValue), `${at}.counterValue`, 'expected an integer');
    req(e.associationToken === null || isInt(e.associationToken), `${at}.associationToken`, 'expected an integer or null');
    req(isHexOf(e.publicKey), `${at}.publicKey`, 'expected hex');
    req(isHexOf(e.config), `${at}.config`, 'expected hex');
  });
  for (const k of ['nextSeqNumber', 'nextAssociationToken', 'nextIsdp'] as const) req(isInt(s[k]) && s[k] >= 0, k, 'expected a non-negative integer');
  for (const k of ['notifications', 'packageResults'] as const) {
    req(Array.isArray(s[k]), k, 'expected an array');
    s[k].forEach((n, i) => req(isInt(n?.seqNumber) && isHexOf(n?.der), `${k}[${i}]`, 'expected { seqNumber, der }'));
  }
  req(typeof s.immediateEnable === 'object' && s.immediateEnable !== null && typeof s.immediateEnable.enabled === 'boolean', 'immediateEnable', 'expected { enabled }');
  req(s.session === undefined || (typeof s.session === 'object' && s.session !== null && isHexOf(s.session.euiccChallenge, 16)), 'session', 'expected { euiccChallenge, … }');
  return s;
}
