/**
 * The eUICC side of a Bound Profile Package in one call (SGP.22 v2.5 §2.5.4, §5.5; our notes
 * bsp.md §4.4, §6, §7): derive the session keys (or take them), check smdpSign when the SM-DP+
 * key is given, verify every MAC in order, decrypt, follow the key switch of ReplaceSessionKeys,
 * and return the profile with a per-segment report. Runs on the streaming engine
 * ({@link createBppOpener}), so both accept and refuse exactly the same packages.
 *
 * @module
 */
import type { ConfigureISDPRequest, InitialiseSecureChannelRequest, ReplaceSessionKeysRequest } from '../../generated/RSPDefinitions.js';
import type { StoreMetadataRequest } from '../../generated/SGP32Definitions.js';
import { concatBytes } from '../../der/bytes.js';
import type { BspKeys } from './bsp.js';
import { createBppOpener } from './stream.js';
import type { BppDeviation, BppFailure, BppOpenOptions, SegmentReport } from './types.js';

/** Everything a successful {@link openBpp} recovered. */
export interface OpenedBpp {
  readonly ok: true;
  /** The Unprotected Profile Package (concatenated plaintext of the 86 segments). */
  readonly upp: Uint8Array;
  readonly initialiseSecureChannelRequest: InitialiseSecureChannelRequest;
  /** `'valid'` when smdpSign was verified with the SM-DP+ key given, else `'not-checked'`. */
  readonly signature: 'valid' | 'not-checked';
  /** The session keys used (derived, or as given). */
  readonly sessionKeys: BspKeys;
  readonly configureIsdp: { readonly bytes: Uint8Array; readonly value: ConfigureISDPRequest };
  /** The StoreMetadataRequest, decoded with the SGP.32 v1.2 type (a superset of SGP.22's). */
  readonly storeMetadata: { readonly bytes: Uint8Array; readonly value: StoreMetadataRequest };
  /** Present when the package carries a ReplaceSessionKeys group. */
  readonly replaceSessionKeys?: { readonly bytes: Uint8Array; readonly value: ReplaceSessionKeysRequest };
  /** Whether the profile segments were protected with replacement keys. */
  readonly sessionKeysReplaced: boolean;
  /** One entry per verified segment, in package order. */
  readonly segments: readonly SegmentReport[];
  /** Deviations accepted under `lenient` (empty for a conforming package). */
  readonly deviations: readonly BppDeviation[];
}

/** A package that did not open: the reason, where, and what was verified before. */
export interface FailedBpp {
  readonly ok: false;
  /** The first failure (reason, segment index, offset, detail). */
  readonly failure: BppFailure;
  /** Every failure found (after a refused deviation the opener keeps checking). */
  readonly failures: readonly BppFailure[];
  readonly deviations: readonly BppDeviation[];
  /** The segments verified before the failure. */
  readonly segments: readonly SegmentReport[];
}

/** Result of {@link openBpp}. */
export type OpenBppResult = OpenedBpp | FailedBpp;

/**
 * Opens a Bound Profile Package as the eUICC would.
 *
 * @param bpp - the BoundProfilePackage DER (BF36).
 * @param options - `euiccOtsk` + `eid` (or `sessionKeys`), optionally `smdpCertificate` /
 *   `smdpPublicKey` to check smdpSign, `ppk`, `lenient`, `checkUpp`, `provider`.
 * @returns `{ ok: true, upp, … }` or `{ ok: false, failure: { reason, segment, … } }`; bad
 *   package bytes never throw.
 * @throws TypeError/RangeError for bad arguments.
 * @example
 * ```ts
 * const res = openBpp(bpp, { euiccOtsk, eid: '89049032123451234512345678901235' });
 * if (!res.ok) throw new Error(`${res.failure.reason} at segment ${res.failure.segment}`);
 * writeFileSync('upp.der', res.upp);
 * ```
 */
export function openBpp(bpp: Uint8Array, options: BppOpenOptions): OpenBppResult {
  if (!(bpp instanceof Uint8Array)) throw new TypeError(`bpp: expected a Uint8Array, got ${bpp === null ? 'null' : typeof bpp}`);
  const opener = createBppOpener(options);
  const events = opener.push(bpp);
  const verdict = opener.end();
  const segments: SegmentReport[] = [];
  const profile: Uint8Array[] = [];
  let isc: (typeof events)[number] & { type: 'initialise-secure-channel' } | undefined;
  let configureIsdp: OpenedBpp['configureIsdp'] | undefined;
  let storeMetadata: OpenedBpp['storeMetadata'] | undefined;
  let replaceSessionKeys: OpenedBpp['replaceSessionKeys'];
  for (const ev of events) {
    switch (ev.type) {
      case 'initialise-secure-channel':
        isc = ev;
        break;
      case 'segment':
        segments.push(ev.report);
        if (ev.report.group === 'sequenceOf86') profile.push(ev.plaintext);
        break;
      case 'configure-isdp':
        configureIsdp = { bytes: ev.bytes, value: ev.value };
        break;
      case 'store-metadata':
        storeMetadata = { bytes: ev.bytes, value: ev.value };
        break;
      case 'replace-session-keys':
        replaceSessionKeys = { bytes: ev.bytes, value: ev.value };
        break;
    }
  }
  if (!verdict.ok) return { ok: false, failure: verdict.failure, failures: verdict.failures, deviations: verdict.deviations, segments };
  const upp = concatBytes(profile);
  // A successful verdict implies every group was seen and decoded.
  return {
    ok: true,
    upp,
    initialiseSecureChannelRequest: isc!.value,
    signature: isc!.signature,
    sessionKeys: isc!.sessionKeys,
    configureIsdp: configureIsdp!,
    storeMetadata: storeMetadata!,
    ...(replaceSessionKeys !== undefined ? { replaceSessionKeys } : {}),
    sessionKeysReplaced: verdict.sessionKeysReplaced,
    segments,
    deviations: verdict.deviations,
  };
}
