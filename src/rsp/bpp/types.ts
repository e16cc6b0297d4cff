/**
 * Types shared by the Bound Profile Package builder, openers and inspector (SGP.22 v2.5 §2.5.4,
 * §5.5; our notes bsp.md §3–§7).
 *
 * @module
 */
import type { CryptoProvider, EcPrivateKey, EcPublicKey, Curve } from '../../crypto/provider.js';
import type { BspKeys } from './bsp.js';

/** The four SEQUENCE OF groups of a BoundProfilePackage, by their ASN.1 names. */
export type BppGroup = 'firstSequenceOf87' | 'sequenceOf88' | 'secondSequenceOf87' | 'sequenceOf86';

/**
 * Known deviations from SGP.22 seen in real packages. The strict opener (the default) reports
 * each as a failure by this name; `lenient` accepts the ones it lists and reports them.
 * - `double-wrapped`: an element's OCTET STRING content is itself a whole BSP TLV with the same
 *   tag (`87 1A 87 18 …`), the MAC covering the inner TLV (old pySim output).
 * - `oversized-segment`: a protected TLV longer than the 1,020 bytes SGP.22 §2.5.4 allows.
 * - `replacement-keys-without-request`: the profile segments are protected with replacement
 *   keys (PPK) although the package has no ReplaceSessionKeys group; only detectable when the
 *   caller supplies those keys (`ppk`).
 * - `non-minimal-length`: a length in long form where a shorter form fits (BER, not DER).
 * - `non-der-metadata`: the MAC-protected plaintext of the ConfigureISDP, StoreMetadata or
 *   ReplaceSessionKeys group is valid BER but not DER — a DEFAULT value encoded (`95 01 02`,
 *   profileClass operational, seen in real commercial packages), a named BIT STRING with
 *   trailing zero bits, long-form lengths. Real eUICCs accept it, so it is accepted **by
 *   default** and reported; `strict: true` refuses it.
 */
export type BppDeviationCode = 'double-wrapped' | 'oversized-segment' | 'replacement-keys-without-request' | 'non-minimal-length' | 'non-der-metadata';

/** All deviation codes, for `lenient: true`. */
export const BPP_DEVIATIONS: readonly BppDeviationCode[] = ['double-wrapped', 'oversized-segment', 'replacement-keys-without-request', 'non-minimal-length', 'non-der-metadata'];

/**
 * Why a package failed to open. Integrity failures name the segment concerned.
 * - `mac-mismatch`: the MAC of a segment does not verify with the MAC chain so far (a flipped
 *   byte, a swapped, dropped or inserted segment, wrong keys).
 * - `bad-ciphertext-length`, `bad-padding`: an authenticated segment whose decryption is not a
 *   padded plaintext (SM-DP+ defect).
 * - `segment-too-short`: a segment value shorter than its 8-byte MAC plus one byte.
 * - `segment-too-long`: a segment over the 16 KiB the opener buffers at most.
 * - `unexpected-tag`: a TLV that is not the one the structure requires at this place.
 * - `missing-group`: the package ends (inside BF36) before a mandatory group.
 * - `empty-group`: a mandatory group without any segment.
 * - `group-too-large`: more than 64 KiB of ConfigureISDP, StoreMetadata or ReplaceSessionKeys.
 * - `bad-length`: a malformed length, an indefinite length, or a TLV running past its container.
 * - `truncated`: the input ends before the package does.
 * - `trailing-data`: bytes after the BoundProfilePackage.
 * - `bad-initialise-secure-channel`: the BF23 TLV does not decode or holds values SGP.22 does
 *   not allow (remoteOpId other than 1, key type other than 88, key length other than 10).
 * - `bad-smdp-otpk`: smdpOtpk is not a point on the curve.
 * - `bad-signature`: smdpSign does not verify with the SM-DP+ key given.
 * - `transaction-id-mismatch`: transactionId differs from the one expected.
 * - `bad-configure-isdp`, `bad-store-metadata`, `bad-replace-session-keys`: the authenticated
 *   plaintext of that group does not decode as its type.
 * - `upp-incomplete`: the decrypted profile ends inside a TLV (e.g. the last segments dropped).
 * - `upp-malformed`: the decrypted profile is not a sequence of TLVs.
 * - `profile-truncated`: the profile's last ProfileElement is not `end` (PE-End, tag AA), or it
 *   ends inside one. An SM-DP+ may cut the profile on ProfileElement boundaries, and the outer
 *   lengths are covered by no MAC, so dropping the last 86 segments leaves a package whose every
 *   MAC verifies: only this check sees it. It runs with `checkUpp: false` too.
 * - a {@link BppDeviationCode}: a deviation the options did not accept.
 */
export type BppFailureReason =
  | 'mac-mismatch'
  | 'bad-ciphertext-length'
  | 'bad-padding'
  | 'segment-too-short'
  | 'segment-too-long'
  | 'unexpected-tag'
  | 'missing-group'
  | 'empty-group'
  | 'group-too-large'
  | 'bad-length'
  | 'truncated'
  | 'trailing-data'
  | 'bad-initialise-secure-channel'
  | 'bad-smdp-otpk'
  | 'bad-signature'
  | 'transaction-id-mismatch'
  | 'bad-configure-isdp'
  | 'bad-store-metadata'
  | 'bad-replace-session-keys'
  | 'upp-incomplete'
  | 'upp-malformed'
  | 'profile-truncated'
  | BppDeviationCode;

/** Where in the package something happened. */
export interface BppLocation {
  /**
   * Index of the protected segment concerned, 0-based, counting every 87/88/86 element in
   * package order across the groups (for a failure between segments: the next one's index).
   * Absent for problems in the InitialiseSecureChannelRequest or around the package.
   */
  readonly segment?: number;
  /** The group the segment belongs to (or would belong to). */
  readonly group?: BppGroup;
  /** Index of the segment inside its group. */
  readonly indexInGroup?: number;
  /** Absolute byte offset in the package. */
  readonly offset: number;
}

/** An integrity or structure failure: a value, never an exception. */
export interface BppFailure extends BppLocation {
  readonly reason: BppFailureReason;
  /** Human-readable explanation. */
  readonly detail: string;
}

/** A deviation met while opening (accepted or not). */
export interface BppDeviation extends BppLocation {
  readonly code: BppDeviationCode;
  readonly detail: string;
}

/** What the opener learnt about one verified segment. */
export interface SegmentReport {
  /** Global index (package order, 0-based). */
  readonly segment: number;
  readonly group: BppGroup;
  readonly indexInGroup: number;
  /** 0x86, 0x87 or 0x88. */
  readonly tag: number;
  /** Absolute offset of the element in the package. */
  readonly offset: number;
  /** Size of the element TLV on the wire. */
  readonly tlvLength: number;
  /** Bytes of plaintext it carried. */
  readonly plaintextLength: number;
  /** Which key set verified it: the session keys or the replacement keys (PPK). */
  readonly keys: 'session' | 'replacement';
  /** Block counter used (its ICV for 86/87). */
  readonly counter: number;
  /** `'double'` when the element held a second BSP TLV inside (deviation `double-wrapped`). */
  readonly wrapping: 'single' | 'double';
}

/** How an opener obtains the keys. */
export interface BppOpenKeyOptions {
  /**
   * The eUICC one-time private key (otSK.EUICC.ECKA). With {@link eid} the opener recomputes
   * the shared secret from smdpOtpk and derives the session keys, as the eUICC does.
   */
  readonly euiccOtsk?: EcPrivateKey;
  /** The EID (16 bytes or 32 hex digits); required with {@link euiccOtsk}. */
  readonly eid?: Uint8Array | string;
  /** The curve; when given it must be the curve of {@link euiccOtsk}. */
  readonly curve?: Curve;
  /** Session keys given directly (tools and tests), instead of euiccOtsk + eid. */
  readonly sessionKeys?: BspKeys;
  /**
   * Replacement keys known out of band. Used only to recognise (and, leniently, accept) the
   * `replacement-keys-without-request` deviation; a ReplaceSessionKeys group in the package
   * always takes precedence.
   */
  readonly ppk?: BspKeys;
  /**
   * The SM-DP+ key that signed the InitialiseSecureChannelRequest (CERT.DPpb's key), or the
   * certificate itself (PEM/DER). When given, smdpSign is verified (signatures.md §3.5).
   */
  readonly smdpPublicKey?: EcPublicKey;
  readonly smdpCertificate?: Uint8Array | string;
  /** The eUICC one-time public key, needed to check smdpSign when opening with session keys. */
  readonly euiccOtpk?: EcPublicKey | Uint8Array;
  /** When given, the package's transactionId must equal it. */
  readonly transactionId?: Uint8Array;
}

/** Options of {@link openBpp} and {@link createBppOpener}. */
export interface BppOpenOptions extends BppOpenKeyOptions {
  /** `true` accepts every known deviation; a list accepts those named. Default: strict. */
  readonly lenient?: boolean | readonly BppDeviationCode[];
  /**
   * Check that the decrypted profile is a complete sequence of TLVs (default true). Off, a
   * malformed profile is not reported, but one that does not end with its End element still
   * fails (`profile-truncated`).
   */
  readonly checkUpp?: boolean;
  /**
   * Refuse the deviations accepted by default (`non-der-metadata`): metadata must be DER.
   * Default false.
   */
  readonly strict?: boolean;
  /** Crypto provider (default: the pure-TypeScript one). */
  readonly provider?: CryptoProvider;
}
