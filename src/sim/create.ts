/**
 * Making a new virtual eUICC state from its keys and certificates (SGP.22 v2.5 §4.5.2.1: the
 * eUICC certificate carries the EID as subject serialNumber), optionally with Profiles already
 * installed at manufacture (e.g. a provisioning or test Profile).
 *
 * @module
 */
import { nobleProvider } from '../crypto/noble.js';
import { importPrivateKey } from '../crypto/keys.js';
import type { CryptoProvider, Curve, EcPrivateKey } from '../crypto/provider.js';
import { ProfileClass } from '../generated/RSPDefinitions.js';
import { StoreMetadataRequest } from '../generated/SGP32Definitions.js';
import { parseCertificate } from '../pki/parse.js';
import { iccidToBytes } from './profiles.js';
import { EUICC_STATE_FORMAT, type EuiccState, type ProfileClassName, type ProfileRecord } from './state.js';
import { toHex } from '../der/bytes.js';

/** A Profile present from the start. */
export interface PreloadedProfile {
  readonly iccid: string;
  readonly serviceProviderName?: string;
  readonly profileName?: string;
  readonly profileClass?: ProfileClassName;
  readonly enabled?: boolean;
  readonly fallbackAttribute?: boolean;
}

/** Inputs of {@link createEuiccState}. */
export interface CreateEuiccStateOptions {
  /** SK.EUICC.ECDSA (EcPrivateKey, or PKCS#8/SEC1 PEM or DER). */
  readonly privateKey: EcPrivateKey | string | Uint8Array;
  /** CERT.EUICC.ECDSA, PEM or DER. Its subject serialNumber gives the EID unless `eid` is given. */
  readonly euiccCertificate?: string | Uint8Array;
  /** CERT.EUM.ECDSA, PEM or DER. */
  readonly eumCertificate?: string | Uint8Array;
  /** CI certificates (PEM or DER) the eUICC trusts. */
  readonly ciCertificates?: readonly (string | Uint8Array)[];
  /** The EID (32 digits); required without a certificate. */
  readonly eid?: string;
  readonly profiles?: readonly PreloadedProfile[];
  readonly defaultSmdpAddress?: string;
  readonly rootSmdsAddress?: string;
  /** Skip the check that the key is the certificate's (a caller that just issued the certificate for it). */
  readonly trusted?: boolean;
}

/** DER of a certificate given as PEM text, PEM bytes or DER (DER is taken as is). */
function der(x: string | Uint8Array): Uint8Array {
  return x instanceof Uint8Array && x[0] === 0x30 ? x : parseCertificate(x).der;
}

/**
 * A fresh eUICC state: no eIM associated, no notification, the given Profiles installed.
 *
 * @throws TypeError/RangeError for bad arguments (no EID, EID not 32 digits, a key that is not
 *   the certificate's); CertificateParseError; CryptoKeyFormatError.
 * @example
 * ```ts
 * const state = createEuiccState({ privateKey: euiccKeyPem, euiccCertificate, eumCertificate, ciCertificates: [ci] });
 * ```
 */
export function createEuiccState(options: CreateEuiccStateOptions, provider: CryptoProvider = nobleProvider): EuiccState {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected an object');
  const key = typeof options.privateKey === 'object' && !(options.privateKey instanceof Uint8Array) ? options.privateKey : importPrivateKey(options.privateKey);
  const cert = options.euiccCertificate === undefined ? undefined : parseCertificate(options.euiccCertificate);
  if (cert !== undefined && options.trusted !== true) {
    const pub = provider.publicKeyOf(key);
    if (cert.publicKey === undefined || toHex(cert.publicKey.point) !== toHex(pub.point)) throw new RangeError('privateKey: not the key of euiccCertificate');
  }
  const eid = options.eid ?? cert?.eid;
  const euiccDer = cert?.der;
  if (eid === undefined || !/^[0-9A-Fa-f]{32}$/.test(eid)) throw new RangeError(`eid: expected 32 digits (give eid, or a certificate whose subject serialNumber is the EID), got ${JSON.stringify(eid)}`);
  const profiles: ProfileRecord[] = (options.profiles ?? []).map((p, i) => {
    const profileClass = p.profileClass ?? 'operational';
    const metadata = StoreMetadataRequest.encode({
      iccid: iccidToBytes(p.iccid),
      serviceProviderName: p.serviceProviderName ?? 'Preloaded',
      profileName: p.profileName ?? `Profile ${i + 1}`,
      profileClass: ProfileClass.values[profileClass],
    });
    return {
      iccid: p.iccid,
      isdpAid: 'a0000005591010ffffffff8900' + (0x1000 + i * 0x100).toString(16).padStart(6, '0'),
      state: p.enabled ? 'enabled' : 'disabled',
      profileClass,
      metadata: toHex(metadata),
      fallbackAttribute: p.fallbackAttribute ?? false,
    };
  });
  if (profiles.filter((p) => p.state === 'enabled').length > 1) throw new RangeError('profiles: at most one Profile can be enabled');
  const curve: Curve = key.curve;
  return {
    format: EUICC_STATE_FORMAT,
    eid: eid.toUpperCase(),
    curve,
    privateKey: toHex(key.d),
    ...(euiccDer !== undefined ? { euiccCertificate: toHex(euiccDer) } : {}),
    ...(options.eumCertificate !== undefined ? { eumCertificate: toHex(der(options.eumCertificate)) } : {}),
    ciCertificates: (options.ciCertificates ?? []).map((c) => toHex(der(c))),
    profiles,
    eims: [],
    nextSeqNumber: 1,
    nextAssociationToken: 1,
    notifications: [],
    packageResults: [],
    immediateEnable: { enabled: false },
    ...(options.defaultSmdpAddress !== undefined ? { defaultSmdpAddress: options.defaultSmdpAddress } : {}),
    ...(options.rootSmdsAddress !== undefined ? { rootSmdsAddress: options.rootSmdsAddress } : {}),
    nextIsdp: profiles.length,
  };
}
