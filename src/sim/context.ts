/**
 * What a virtual eUICC parses once and reuses for every command: its private key, its
 * certificates as decoded values, the CI certificates it trusts and their key identifiers, and
 * the options that shape its behaviour. Derived from an {@link EuiccState} by
 * {@link prepareEuicc}; a fleet keeps one per device, so no command re-parses keys or
 * certificates.
 *
 * @module
 */
import { nobleProvider } from '../crypto/noble.js';
import { privateKeyFromRaw } from '../crypto/keys.js';
import type { CryptoProvider, EcPrivateKey, EcPublicKey } from '../crypto/provider.js';
import { Certificate } from '../generated/PKIX1Explicit88.js';
import { parseCertificate, type CertificateView } from '../pki/parse.js';
import { hexBytes, type EuiccState } from './state.js';

/** Largest counterValue accepted by default: 2^23 − 1 (SECONDARY source, ../shared/spec/esipa.md open question 4). */
export const DEFAULT_MAX_COUNTER_VALUE = 2 ** 23 - 1;

/** Options of a virtual eUICC. */
export interface EuiccOptions {
  /** Crypto provider; default the pure-TypeScript `nobleProvider` (`nodeProvider` from `sgp32/node` is faster). */
  readonly provider?: CryptoProvider;
  /** Largest counterValue accepted (default {@link DEFAULT_MAX_COUNTER_VALUE}). */
  readonly maxCounterValue?: number;
  /** The clock used to check SM-DP+ certificate validity (default `new Date()`); null skips the check. */
  readonly now?: () => Date | null;
}

/** The parsed, reusable part of an eUICC. */
export interface EuiccContext {
  readonly provider: CryptoProvider;
  readonly privateKey: EcPrivateKey;
  readonly euiccCertificate?: Certificate;
  readonly eumCertificate?: Certificate;
  readonly euiccCertificateDer?: Uint8Array;
  readonly eumCertificateDer?: Uint8Array;
  /** Trusted CIs, parsed. */
  readonly cis: readonly CertificateView[];
  /** SubjectKeyIdentifier of each CI (euiccCiPKIdListForVerification / ForSigning). */
  readonly ciPKIds: readonly Uint8Array[];
  readonly maxCounterValue: number;
  readonly now: () => Date | null;
  /** The state this context was made from (keys and certificates are read only from it). */
  readonly keyOf: string;
  /** eIM public keys parsed so far, by SubjectPublicKeyInfo hex (each is parsed once). */
  readonly eimKeys: Map<string, EcPublicKey>;
  /** The hex of the EUM and CI certificates this context parsed (to share them, see prepareEuicc's template). */
  readonly sharedKey: string;
}

/**
 * Parses the keys and certificates of `state` once.
 *
 * @throws EuiccStateError for malformed hex; CertificateParseError / Asn1DecodeError for a
 *   certificate that does not parse; CryptoKeyFormatError for a key that is not on its curve.
 * @example const ctx = prepareEuicc(state, { provider: nodeProvider });
 */
export function prepareEuicc(state: EuiccState, options: EuiccOptions = {}, template?: EuiccContext): EuiccContext {
  const provider = options.provider ?? nobleProvider;
  const max = options.maxCounterValue ?? DEFAULT_MAX_COUNTER_VALUE;
  if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`maxCounterValue: expected a non-negative safe integer, got ${max}`);
  const euiccCertificateDer = state.euiccCertificate === undefined ? undefined : hexBytes(state.euiccCertificate, 'euiccCertificate');
  const sharedKey = `${state.eumCertificate ?? ''}/${state.ciCertificates.join(',')}`;
  // Devices of one fleet share the EUM and CI certificates: parse them once.
  const shared =
    template !== undefined && template.sharedKey === sharedKey
      ? template
      : (() => {
          const eumCertificateDer = state.eumCertificate === undefined ? undefined : hexBytes(state.eumCertificate, 'eumCertificate');
          const cis = state.ciCertificates.map((c, i) => parseCertificate(hexBytes(c, `ciCertificates[${i}]`)));
          return {
            ...(eumCertificateDer ? { eumCertificateDer, eumCertificate: Certificate.decode(eumCertificateDer) } : {}),
            cis,
            ciPKIds: cis.map((c) => c.subjectKeyIdentifier).filter((k): k is Uint8Array => k !== undefined),
          };
        })();
  return {
    provider,
    privateKey: privateKeyFromRaw(state.curve, hexBytes(state.privateKey, 'privateKey')),
    ...(euiccCertificateDer ? { euiccCertificateDer, euiccCertificate: Certificate.decode(euiccCertificateDer) } : {}),
    ...(shared.eumCertificateDer ? { eumCertificateDer: shared.eumCertificateDer, eumCertificate: shared.eumCertificate } : {}),
    cis: shared.cis,
    ciPKIds: shared.ciPKIds,
    eimKeys: new Map(),
    sharedKey,
    maxCounterValue: max,
    now: options.now ?? (() => new Date()),
    keyOf: state.privateKey,
  };
}
