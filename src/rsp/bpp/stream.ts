/**
 * The eUICC side of a Bound Profile Package, incrementally: {@link createBppOpener} takes the
 * package in chunks of any size, as an IPA receives it, and emits each segment's plaintext as
 * soon as its MAC has been verified (SGP.22 v2.5 §2.5.4, §5.5; ES8+ order of §2.5.5; our notes
 * bsp.md §3–§7). The one-shot {@link openBpp} runs on the same engine.
 *
 * Memory: the opener keeps at most one incomplete segment (≤ 1,020 bytes for a conforming
 * package, 16 KiB at most whatever the input), the InitialiseSecureChannelRequest, and the
 * plaintext of the small groups (ConfigureISDP, StoreMetadata, ReplaceSessionKeys, ≤ 64 KiB).
 * Profile plaintext is handed out and never retained, so the profile size does not matter.
 *
 * @module
 */
import type { CryptoProvider, EcPublicKey } from '../../crypto/provider.js';
import { nobleProvider } from '../../crypto/noble.js';
import { concatBytes } from '../../der/bytes.js';
import { publicKeyFromRaw } from '../../crypto/keys.js';
import { publicKeyFromCertificate } from '../../pki/keys.js';
import { CryptoKeyFormatError } from '../../crypto/errors.js';
import { Asn1DecodeError, type Diagnostic } from '../../der/errors.js';
import { newReader, hdr } from '../../der/reader.js';
import {
  InitialiseSecureChannelRequest,
  ConfigureISDPRequest,
  ReplaceSessionKeysRequest,
} from '../../generated/RSPDefinitions.js';
import { StoreMetadataRequest } from '../../generated/SGP32Definitions.js';
import {
  MAX_SEGMENT_BYTES,
  assertBspKeys,
  assertBytesArg,
  assertProvider,
  checkMac,
  createBspState,
  deriveSessionKeys,
  eidBytes,
  openVerified,
  type BspKeys,
  type BspState,
} from './bsp.js';
import { createHeaderCarry, createTlvScanner, parseHeader, type TlvScanner } from './stream-headers.js';
import { tagHex } from '../../der/bytes.js';
import {
  BPP_DEVIATIONS,
  type BppDeviation,
  type BppDeviationCode,
  type BppFailure,
  type BppFailureReason,
  type BppGroup,
  type BppOpenOptions,
  type SegmentReport,
} from './types.js';
import { equalBytes } from '../../der/bytes.js';

/** ProfileElement `end` (PE-End): alternative [10] of the AUTOMATIC TAGS CHOICE, constructed. */
const PE_END_TAG = 0xaa;

/** Largest element the opener buffers, conforming or not. */
export const MAX_BUFFERED_SEGMENT = 16 * 1024;
/** Largest InitialiseSecureChannelRequest accepted. */
const MAX_ISC = 1024;
/** Largest plaintext of the ConfigureISDP, StoreMetadata or ReplaceSessionKeys group. */
export const MAX_SMALL_GROUP = 64 * 1024;

/** Something the streaming opener has verified. */
export type BppStreamEvent =
  | {
      readonly type: 'initialise-secure-channel';
      readonly value: InitialiseSecureChannelRequest;
      /** `'valid'` when smdpSign was checked against the SM-DP+ key given. */
      readonly signature: 'valid' | 'not-checked';
      readonly sessionKeys: BspKeys;
    }
  | { readonly type: 'segment'; readonly report: SegmentReport; readonly plaintext: Uint8Array }
  | { readonly type: 'configure-isdp'; readonly bytes: Uint8Array; readonly value: ConfigureISDPRequest }
  | { readonly type: 'store-metadata'; readonly bytes: Uint8Array; readonly value: StoreMetadataRequest }
  | { readonly type: 'replace-session-keys'; readonly bytes: Uint8Array; readonly value: ReplaceSessionKeysRequest };

/** Final verdict of a streaming open. */
export type BppStreamSummary =
  | {
      readonly ok: true;
      /** Number of verified segments. */
      readonly segments: number;
      /** Bytes of profile (UPP) plaintext emitted. */
      readonly uppLength: number;
      /** Whether a ReplaceSessionKeys group switched the profile segments to replacement keys. */
      readonly sessionKeysReplaced: boolean;
      /** Deviations accepted under `lenient`. */
      readonly deviations: readonly BppDeviation[];
    }
  | {
      readonly ok: false;
      /** The first failure. */
      readonly failure: BppFailure;
      /**
       * Every failure found: after a deviation that is not accepted the opener stops emitting
       * plaintext but goes on checking, so that one strict run names every deviation.
       */
      readonly failures: readonly BppFailure[];
      readonly segments: number;
      readonly uppLength: number;
      readonly sessionKeysReplaced: boolean;
      readonly deviations: readonly BppDeviation[];
    };

/** An incremental opener; see {@link createBppOpener}. */
export interface BppOpener {
  /**
   * Feeds the next chunk (any size, even empty) and returns what it completed. After a
   * failure it returns no more plaintext.
   */
  push(chunk: Uint8Array): BppStreamEvent[];
  /** Declares the end of the package and returns the verdict. */
  end(): BppStreamSummary;
  /** Bytes the opener itself holds right now (partial segment, small groups, BF23). */
  readonly bufferedBytes: number;
  /** The largest {@link bufferedBytes} seen. */
  readonly peakBufferedBytes: number;
}

const GROUPS: readonly { readonly tag: number; readonly group: BppGroup; readonly element: number }[] = [
  { tag: 0xa0, group: 'firstSequenceOf87', element: 0x87 },
  { tag: 0xa1, group: 'sequenceOf88', element: 0x88 },
  { tag: 0xa2, group: 'secondSequenceOf87', element: 0x87 },
  { tag: 0xa3, group: 'sequenceOf86', element: 0x86 },
];

interface Resolved {
  provider: CryptoProvider;
  allowed: ReadonlySet<BppDeviationCode>;
  checkUpp: boolean;
  keys:
    | { mode: 'ecka'; otsk: NonNullable<BppOpenOptions['euiccOtsk']>; eid: Uint8Array }
    | { mode: 'session'; sessionKeys: BspKeys };
  ppk: BspKeys | undefined;
  smdpPublicKey: EcPublicKey | undefined;
  euiccOtpkPoint: Uint8Array | undefined;
  transactionId: Uint8Array | undefined;
}

/** Checks the options at the door (TypeError/RangeError naming the option). */
export function resolveOpenOptions(options: BppOpenOptions): Resolved {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected an object');
  const provider = options.provider ?? nobleProvider;
  assertProvider(provider, 'options.provider');
  let allowed: Set<BppDeviationCode>;
  const lenient = options.lenient ?? false;
  if (lenient === true) allowed = new Set(BPP_DEVIATIONS);
  else if (lenient === false) allowed = new Set();
  else if (Array.isArray(lenient)) {
    for (const c of lenient) {
      if (!BPP_DEVIATIONS.includes(c)) throw new RangeError(`options.lenient: unknown deviation "${String(c)}" (known: ${BPP_DEVIATIONS.join(', ')})`);
    }
    allowed = new Set(lenient);
  } else throw new TypeError('options.lenient: expected a boolean or a list of deviation codes');
  if (options.checkUpp !== undefined && typeof options.checkUpp !== 'boolean') throw new TypeError('options.checkUpp: expected a boolean');
  if (options.strict !== undefined && typeof options.strict !== 'boolean') throw new TypeError('options.strict: expected a boolean');
  // Metadata that is BER but not DER is what real eUICCs accept: taken unless `strict`.
  if (options.strict === true) allowed.delete('non-der-metadata');
  else allowed.add('non-der-metadata');

  let keys: Resolved['keys'];
  if (options.sessionKeys !== undefined) {
    if (options.euiccOtsk !== undefined) throw new TypeError('options: give either sessionKeys or euiccOtsk + eid, not both');
    assertBspKeys(options.sessionKeys, 'options.sessionKeys');
    keys = { mode: 'session', sessionKeys: options.sessionKeys };
  } else {
    const otsk = options.euiccOtsk;
    if (typeof otsk !== 'object' || otsk === null || otsk.kind !== 'private') {
      throw new TypeError('options.euiccOtsk: expected an EcPrivateKey (or give options.sessionKeys)');
    }
    if (options.curve !== undefined && options.curve !== otsk.curve) {
      throw new RangeError(`options.curve: ${String(options.curve)} differs from the curve of euiccOtsk (${otsk.curve})`);
    }
    if (options.eid === undefined) throw new TypeError('options.eid: required with euiccOtsk');
    keys = { mode: 'ecka', otsk, eid: eidBytes(options.eid, 'options.eid') };
  }
  if (options.ppk !== undefined) assertBspKeys(options.ppk, 'options.ppk');

  let smdpPublicKey: EcPublicKey | undefined;
  if (options.smdpPublicKey !== undefined && options.smdpCertificate !== undefined) {
    throw new TypeError('options: give smdpPublicKey or smdpCertificate, not both');
  }
  if (options.smdpPublicKey !== undefined) {
    const k = options.smdpPublicKey;
    if (typeof k !== 'object' || k === null || k.kind !== 'public') throw new TypeError('options.smdpPublicKey: expected an EcPublicKey');
    smdpPublicKey = k;
  } else if (options.smdpCertificate !== undefined) {
    smdpPublicKey = publicKeyFromCertificate(options.smdpCertificate);
  }
  let euiccOtpkPoint: Uint8Array | undefined;
  if (options.euiccOtpk !== undefined) {
    const p = options.euiccOtpk;
    if (p instanceof Uint8Array) {
      assertBytesArg(p, 'options.euiccOtpk', 65, 65);
      euiccOtpkPoint = p;
    } else if (typeof p === 'object' && p !== null && p.kind === 'public') euiccOtpkPoint = p.point;
    else throw new TypeError('options.euiccOtpk: expected an EcPublicKey or a 65-byte point');
  } else if (keys.mode === 'ecka' && smdpPublicKey !== undefined) {
    euiccOtpkPoint = provider.publicKeyOf(keys.otsk).point;
  }
  if (smdpPublicKey !== undefined && euiccOtpkPoint === undefined) {
    throw new TypeError('options.euiccOtpk: required to check smdpSign when opening with sessionKeys');
  }
  if (options.transactionId !== undefined) assertBytesArg(options.transactionId, 'options.transactionId', 1, 16);
  return {
    provider,
    allowed,
    checkUpp: options.checkUpp ?? true,
    keys,
    ppk: options.ppk,
    smdpPublicKey,
    euiccOtpkPoint,
    transactionId: options.transactionId,
  };
}



/**
 * Creates an incremental Bound Profile Package opener (the eUICC side, as an IPA feeds it).
 *
 * Each `push` returns the events the new bytes completed: the verified
 * InitialiseSecureChannelRequest, each segment's plaintext (emitted only after its MAC
 * verified, in order), and the decoded ConfigureISDP, StoreMetadata and ReplaceSessionKeys
 * requests when their group ends. `end()` gives the verdict; integrity failures are values
 * naming the segment index and reason.
 *
 * @param options - keys (euiccOtsk + eid, or sessionKeys), optional SM-DP+ key or certificate
 *   to check smdpSign, `lenient`, `checkUpp`, `provider`.
 * @returns the opener.
 * @throws TypeError/RangeError for bad options; CryptoKeyFormatError for an unreadable
 *   smdpCertificate. Never for bad package bytes.
 * @example
 * ```ts
 * const opener = createBppOpener({ euiccOtsk, eid });
 * for await (const chunk of source) {
 *   for (const ev of opener.push(chunk)) if (ev.type === 'segment' && ev.report.group === 'sequenceOf86') write(ev.plaintext);
 * }
 * const verdict = opener.end();
 * if (!verdict.ok) console.error(verdict.failure.reason, verdict.failure.segment);
 * ```
 */
export function createBppOpener(options: BppOpenOptions): BppOpener {
  const o = resolveOpenOptions(options);
  const provider = o.provider;

  // ---- parse state
  type Phase = 'bf36' | 'content' | 'done' | 'stopped';
  let phase: Phase = 'bf36';
  let pos = 0; // absolute offset of the next byte
  let bf36End = 0;
  let nextComponent = 0; // 0 = BF23, then 1 + index in GROUPS of the next group allowed
  let group: { readonly g: (typeof GROUPS)[number]; readonly end: number; count: number } | undefined;
  let groupsSeen = 0; // bitmask over GROUPS
  const carry = createHeaderCarry();
  // an element (or BF23) being collected across chunks
  let body: { buf: Uint8Array; filled: number; start: number; headerLength: number; kind: 'isc' | 'element' } | undefined;

  // ---- crypto state
  let session: BspState | undefined;
  let profileState: BspState | undefined; // decided at the first 86
  let replaced = false;
  let ppkFromRequest: BspKeys | undefined;
  let segmentIndex = 0;
  let uppLength = 0;
  const smallGroup: Uint8Array[] = [];
  let smallGroupBytes = 0;
  // The profile's top-level TLVs are followed whether or not the UPP is checked: the last one
  // must be the End element (profile-truncated), which no MAC protects against.
  const scanner: TlvScanner = createTlvScanner();

  // ---- verdict
  const failures: BppFailure[] = [];
  const deviations: BppDeviation[] = [];
  let emitting = true;
  let buffered = 0;
  let peak = 0;
  let events: BppStreamEvent[] = [];

  function account(delta: number): void {
    buffered += delta;
    if (buffered > peak) peak = buffered;
  }

  function where(offset: number, inGroup = true): { segment?: number; group?: BppGroup; indexInGroup?: number; offset: number } {
    if (group !== undefined && inGroup) return { segment: segmentIndex, group: group.g.group, indexInGroup: group.count, offset };
    if (nextComponent > 0 || phase === 'done') return { segment: segmentIndex, offset };
    return { offset };
  }

  /** A hard failure: stops everything. */
  const fail = (reason: BppFailureReason, offset: number, detail: string, loc = where(offset)): void => failHard(reason, offset, detail, loc);
  function failHard(reason: BppFailureReason, offset: number, detail: string, loc = where(offset)): void {
    failures.push({ reason, detail, ...loc, offset });
    emitting = false;
    phase = 'stopped';
  }

  /** A deviation: recorded; when not accepted, the first one becomes the failure and emission stops. */
  function deviate(code: BppDeviationCode, offset: number, detail: string, loc = where(offset)): void {
    deviations.push({ code, detail, ...loc, offset });
    if (!o.allowed.has(code)) {
      failures.push({ reason: code, detail: `${detail} (not accepted: strict mode; lenient option "${code}")`, ...loc, offset });
      emitting = false;
    }
  }

  function emit(ev: BppStreamEvent): void {
    if (emitting) events.push(ev);
  }

  // ---- InitialiseSecureChannelRequest
  function handleIsc(tlv: Uint8Array, start: number): void {
    const fail = (reason: BppFailureReason, offset: number, detail: string): void => failHard(reason, offset, detail, { offset });
    let value: InitialiseSecureChannelRequest;
    try {
      value = InitialiseSecureChannelRequest.decode(tlv);
    } catch (e) {
      if (e instanceof Asn1DecodeError) {
        fail('bad-initialise-secure-channel', start + e.offset, `InitialiseSecureChannelRequest: ${e.message}`);
        return;
      }
      throw e;
    }
    const crt = value.controlRefTemplate;
    if (value.remoteOpId !== 1) {
      fail('bad-initialise-secure-channel', start, `remoteOpId ${value.remoteOpId}, expected 1 (installBoundProfilePackage)`);
      return;
    }
    if (crt.keyType.length !== 1 || crt.keyType[0] !== 0x88 || crt.keyLen.length !== 1 || crt.keyLen[0] !== 0x10) {
      fail('bad-initialise-secure-channel', start, 'controlRefTemplate: keyType must be 88 (AES) and keyLen 10 (16 bytes)');
      return;
    }
    if (o.transactionId !== undefined && !equalBytes(o.transactionId, value.transactionId)) {
      fail('transaction-id-mismatch', start, 'transactionId differs from the one expected');
      return;
    }
    // The signed data: the content up to smdpSign, then 5F49 41 ‖ euiccOtpk (signatures.md §3.5).
    let signedEnd = 0;
    let signStart = -1;
    const r = newReader(tlv);
    hdr(r, 0, tlv.length);
    const contentStart = r.s;
    for (let p = r.s, e = r.e; p < e; p = r.n) {
      hdr(r, p, e);
      if (r.t === 0x5f37) {
        signStart = p;
        break;
      }
    }
    signedEnd = signStart;
    let smdpOtpk: EcPublicKey | undefined;
    const curve = o.keys.mode === 'ecka' ? o.keys.otsk.curve : o.smdpPublicKey?.curve;
    if (curve !== undefined && o.keys.mode === 'ecka' && value.smdpOtpk.length === 65 && value.smdpOtpk[0] === 0x04) {
      // The key agreement below checks the point (on the curve, coordinates below p) and
      // reports a bad one as bad-smdp-otpk; checking it here as well would double the cost.
      smdpOtpk = { kind: 'public', curve, point: value.smdpOtpk };
    } else if (curve !== undefined) {
      try {
        smdpOtpk = publicKeyFromRaw(curve, value.smdpOtpk);
      } catch (e) {
        if (e instanceof CryptoKeyFormatError) {
          fail('bad-smdp-otpk', start, `smdpOtpk: ${e.message}`);
          return;
        }
        throw e;
      }
      if (value.smdpOtpk.length !== 65) {
        fail('bad-smdp-otpk', start, `smdpOtpk: expected an uncompressed point (65 bytes), got ${value.smdpOtpk.length} bytes`);
        return;
      }
    }
    // Key agreement first: it is where a point off the curve shows (bad-smdp-otpk), whatever
    // the signature over it says. Nothing derived here is used unless smdpSign verifies.
    let keys: BspKeys;
    if (o.keys.mode === 'session') keys = o.keys.sessionKeys;
    else {
      let z: Uint8Array;
      try {
        z = provider.ecdh(o.keys.otsk, smdpOtpk as EcPublicKey);
      } catch (e) {
        if (e instanceof CryptoKeyFormatError) {
          fail('bad-smdp-otpk', start, `smdpOtpk: ${e.message}`);
          return;
        }
        throw e;
      }
      keys = deriveSessionKeys(provider, z, { keyType: 0x88, keyLen: 0x10, hostId: crt.hostId, eid: o.keys.eid });
    }
    let signature: 'valid' | 'not-checked' = 'not-checked';
    if (o.smdpPublicKey !== undefined && o.euiccOtpkPoint !== undefined) {
      const signed = new Uint8Array(signedEnd - contentStart + 3 + 65);
      signed.set(tlv.subarray(contentStart, signedEnd), 0);
      signed.set([0x5f, 0x49, 0x41], signedEnd - contentStart);
      signed.set(o.euiccOtpkPoint, signedEnd - contentStart + 3);
      if (!provider.ecdsaVerify(o.smdpPublicKey, signed, value.smdpSign, 'raw')) {
        fail('bad-signature', start, 'smdpSign does not verify with the SM-DP+ key given');
        return;
      }
      signature = 'valid';
    }
    session = createBspState(keys);
    emit({ type: 'initialise-secure-channel', value, signature, sessionKeys: keys });
  }

  // ---- one protected element
  function innerTlv(tlv: Uint8Array, headerLength: number): { tlv: Uint8Array; valueStart: number; minimal: boolean } | undefined {
    const h = parseHeader(tlv, headerLength, tlv.length);
    if (h.status !== 'ok' || h.tag !== tlv[0] || headerLength + h.headerLength + h.length !== tlv.length) return undefined;
    return { tlv: tlv.subarray(headerLength), valueStart: h.headerLength, minimal: h.minimal };
  }

  function handleElement(tlv: Uint8Array, headerLength: number, start: number): void {
    const g = group!;
    const tag = tlv[0];
    const encrypted = tag !== 0x88;
    const isProfile = g.g.tag === 0xa3;
    let current: BspState;
    const alternatives: { state: BspState; keys: 'session' | 'replacement' }[] = [];
    if (isProfile && profileState !== undefined) {
      current = profileState;
      alternatives.push({ state: current, keys: current === session ? 'session' : 'replacement' });
    } else if (isProfile && ppkFromRequest !== undefined) {
      current = createBspState(ppkFromRequest);
      alternatives.push({ state: current, keys: 'replacement' });
    } else {
      current = session!;
      alternatives.push({ state: current, keys: 'session' });
      if (isProfile && o.ppk !== undefined) alternatives.push({ state: createBspState(o.ppk), keys: 'replacement' });
    }
    const forms: { tlv: Uint8Array; valueStart: number; wrapping: 'single' | 'double'; minimal: boolean }[] = [];
    if (tlv.length - headerLength >= 9) forms.push({ tlv, valueStart: headerLength, wrapping: 'single', minimal: true });
    const inner = innerTlv(tlv, headerLength);
    if (inner !== undefined && inner.tlv.length - inner.valueStart >= 9) forms.push({ ...inner, wrapping: 'double' });
    if (forms.length === 0) {
      fail('segment-too-short', start, `segment value of ${tlv.length - headerLength} bytes, shorter than a MAC plus one byte`);
      return;
    }
    for (const alt of alternatives) {
      for (const f of forms) {
        const mac = checkMac(provider, alt.state, f.tlv);
        if (mac === undefined) continue;
        // Deviations, in the order a reader meets them.
        if (f.wrapping === 'double') deviate('double-wrapped', start, `${tagHex(tag)} element holds a second ${tagHex(tag)} TLV; the MAC covers the inner one`);
        if (!f.minimal) deviate('non-minimal-length', start + headerLength, 'inner TLV length not in its shortest form');
        if (tlv.length > MAX_SEGMENT_BYTES) deviate('oversized-segment', start, `segment of ${tlv.length} bytes, over the ${MAX_SEGMENT_BYTES}-byte limit`);
        if (isProfile && alt.keys === 'replacement' && ppkFromRequest === undefined && profileState === undefined) {
          deviate('replacement-keys-without-request', start, 'profile segments protected with the replacement keys given, but the package has no ReplaceSessionKeys group');
        }
        const counter = alt.state.counter;
        const res = openVerified(provider, alt.state, f.tlv, f.valueStart, encrypted, mac);
        if (!res.ok) {
          fail(res.reason, start, res.reason === 'bad-padding' ? 'decrypted segment is not padded with 80 00…' : 'ciphertext length is not a positive multiple of 16');
          return;
        }
        if (isProfile && profileState === undefined) {
          profileState = alt.state;
          if (alt.keys === 'replacement') replaced = true;
        }
        const report: SegmentReport = {
          segment: segmentIndex,
          group: g.g.group,
          indexInGroup: g.count,
          tag,
          offset: start,
          tlvLength: tlv.length,
          plaintextLength: res.plaintext.length,
          keys: alt.keys,
          counter,
          wrapping: f.wrapping,
        };
        if (isProfile) {
          uppLength += res.plaintext.length;
          const err = scanner.feed(res.plaintext);
          if (err !== undefined && o.checkUpp) {
            fail('upp-malformed', start, `profile plaintext: ${err}`);
            return;
          }
        } else {
          smallGroupBytes += res.plaintext.length;
          if (smallGroupBytes > MAX_SMALL_GROUP) {
            fail('group-too-large', start, `more than ${MAX_SMALL_GROUP} bytes of ${g.g.group} plaintext`);
            return;
          }
          smallGroup.push(res.plaintext);
          account(res.plaintext.length);
        }
        emit({ type: 'segment', report, plaintext: res.plaintext });
        segmentIndex++;
        g.count++;
        return;
      }
    }
    fail('mac-mismatch', start, `MAC of ${g.g.group}[${g.count}] does not verify`);
  }

  function closeGroup(): void {
    const g = group!;
    group = undefined;
    if (g.count === 0) {
      fail('empty-group', pos, `${g.g.group} holds no segment`, { segment: segmentIndex, group: g.g.group, indexInGroup: 0, offset: pos });
      return;
    }
    if (g.g.tag === 0xa3) {
      const loc = { segment: segmentIndex, group: g.g.group, indexInGroup: g.count, offset: pos };
      if (o.checkUpp && !scanner.atBoundary()) {
        fail('upp-incomplete', pos, `the profile ends inside a TLV after ${scanner.count} complete elements (a segment is missing)`, loc);
      } else if (!scanner.failed && !scanner.atBoundary()) {
        fail('profile-truncated', pos, `the profile ends inside a ProfileElement after ${scanner.count} complete elements (segments are missing)`, loc);
      } else if (!scanner.failed && scanner.lastTag !== PE_END_TAG) {
        const last = scanner.lastTag < 0 ? 'no element' : `a ${tagHex(scanner.lastTag)} element`;
        fail('profile-truncated', pos, `the profile ends with ${last} after ${scanner.count} elements, not with its End element (AA): segments are missing`, loc);
      }
      return;
    }
    const bytes = concatBytes(smallGroup);
    account(-smallGroupBytes);
    smallGroup.length = 0;
    smallGroupBytes = 0;
    const loc = { segment: segmentIndex - 1, group: g.g.group, indexInGroup: g.count - 1, offset: pos };
    // The plaintext is authenticated (MAC) and real eUICCs read it as BER: decoded leniently,
    // each deviation from DER reported once as non-der-metadata (refused with `strict`).
    const diagnostics: Diagnostic[] = [];
    const lenient = { strict: false, diagnostics };
    const reportDiagnostics = (): void => {
      for (const d of diagnostics) deviate('non-der-metadata', pos, `${g.g.group} plaintext: ${d.detail} (${d.code}, offset ${d.offset})`, loc);
    };
    try {
      if (g.g.tag === 0xa0) {
        const value = ConfigureISDPRequest.decode(bytes, lenient);
        reportDiagnostics();
        emit({ type: 'configure-isdp', bytes, value });
      } else if (g.g.tag === 0xa1) {
        const value = StoreMetadataRequest.decode(bytes, lenient);
        reportDiagnostics();
        emit({ type: 'store-metadata', bytes, value });
      } else {
        const value = ReplaceSessionKeysRequest.decode(bytes, lenient);
        reportDiagnostics();
        if (value.initialMacChainingValue.length !== 16 || value.ppkEnc.length !== 16 || value.ppkCmac.length !== 16) {
          fail('bad-replace-session-keys', pos, 'ReplaceSessionKeysRequest: each key must be 16 bytes', loc);
          return;
        }
        ppkFromRequest = { sEnc: value.ppkEnc, sMac: value.ppkCmac, initialMacChainingValue: value.initialMacChainingValue };
        emit({ type: 'replace-session-keys', bytes, value });
      }
    } catch (e) {
      if (e instanceof Asn1DecodeError) {
        const reason = g.g.tag === 0xa0 ? 'bad-configure-isdp' : g.g.tag === 0xa1 ? 'bad-store-metadata' : 'bad-replace-session-keys';
        fail(reason, pos, `${g.g.group} plaintext: ${e.message}`, loc);
        return;
      }
      throw e;
    }
  }

  /** Called when the header of the TLV at `start` is complete. */
  function onHeader(start: number, tag: number, headerLength: number, length: number, minimal: boolean): void {
    const total = headerLength + length;
    if (phase === 'bf36') {
      if (tag !== 0xbf36) {
        fail('unexpected-tag', start, `expected BF36 (BoundProfilePackage), found ${tagHex(tag)}`);
        return;
      }
      if (!minimal) deviate('non-minimal-length', start, 'BF36 length not in its shortest form');
      bf36End = start + total;
      pos = start + headerLength;
      phase = 'content';
      return;
    }
    const limit = group !== undefined ? group.end : bf36End;
    if (start + total > limit) {
      fail('bad-length', start, `TLV ${tagHex(tag)} of ${total} bytes runs past its container (${limit - start} bytes left)`);
      return;
    }
    if (!minimal) deviate('non-minimal-length', start, `${tagHex(tag)} length not in its shortest form`);
    if (group !== undefined) {
      if (tag !== group.g.element) {
        fail('unexpected-tag', start, `expected ${tagHex(group.g.element)} in ${group.g.group}, found ${tagHex(tag)}`);
        return;
      }
      if (total > MAX_BUFFERED_SEGMENT) {
        fail('segment-too-long', start, `segment of ${total} bytes (the opener buffers at most ${MAX_BUFFERED_SEGMENT})`);
        return;
      }
      body = { buf: new Uint8Array(0), filled: 0, start, headerLength, kind: 'element' };
      return;
    }
    if (nextComponent === 0) {
      if (tag !== 0xbf23) {
        fail('unexpected-tag', start, `expected BF23 (InitialiseSecureChannelRequest), found ${tagHex(tag)}`);
        return;
      }
      if (total > MAX_ISC) {
        fail('bad-initialise-secure-channel', start, `InitialiseSecureChannelRequest of ${total} bytes`);
        return;
      }
      nextComponent = 1;
      body = { buf: new Uint8Array(0), filled: 0, start, headerLength, kind: 'isc' };
      return;
    }
    const gi = GROUPS.findIndex((x) => x.tag === tag);
    if (gi < 0 || gi + 1 < nextComponent) {
      fail('unexpected-tag', start, `unexpected ${tagHex(tag)} after ${nextComponent === 1 ? 'BF23' : GROUPS[nextComponent - 2].group}`);
      return;
    }
    for (let k = nextComponent - 1; k < gi; k++) {
      if (k !== 2) {
        fail('unexpected-tag', start, `expected ${tagHex(GROUPS[k].tag)} (${GROUPS[k].group}), found ${tagHex(tag)}`);
        return;
      }
    }
    nextComponent = gi + 2;
    groupsSeen |= 1 << gi;
    group = { g: GROUPS[gi], end: start + total, count: 0 };
    pos = start + headerLength;
  }

  /** Closes groups and BF36 that end at `pos`. */
  function settle(): void {
    if (group !== undefined && pos === group.end) closeGroup();
    if (phase === 'content' && group === undefined && pos === bf36End) {
      const missing = nextComponent === 0 ? 'initialiseSecureChannelRequest' : [0, 1, 3].map((k) => GROUPS[k]).find((x, k) => (groupsSeen & (1 << [0, 1, 3][k])) === 0)?.group;
      if (missing !== undefined) {
        fail('missing-group', pos, `BoundProfilePackage ends without ${missing}`);
        return;
      }
      phase = 'done';
    }
  }

  // Accessors that defeat control-flow narrowing: the handlers change these.
  const stopped = (): boolean => phase === 'stopped';
  const pending = (): typeof body => body;

  function push(chunk: Uint8Array): BppStreamEvent[] {
    if (!(chunk instanceof Uint8Array)) throw new TypeError(`chunk: expected a Uint8Array, got ${chunk === null ? 'null' : typeof chunk}`);
    events = [];
    let i = 0;
    while (i < chunk.length && !stopped()) {
      if ((phase as Phase) === 'done') {
        fail('trailing-data', pos, `${chunk.length - i} or more bytes after the end of the BoundProfilePackage`);
        break;
      }
      if (body !== undefined) {
        const want = body.buf.length - body.filled;
        const n = Math.min(want, chunk.length - i);
        body.buf.set(chunk.subarray(i, i + n), body.filled);
        body.filled += n;
        i += n;
        pos += n;
        if (body.filled === body.buf.length) {
          const b = body;
          body = undefined;
          account(-b.buf.length);
          if (b.kind === 'isc') handleIsc(b.buf, b.start);
          else handleElement(b.buf, b.headerLength, b.start);
          if (!stopped()) settle();
        }
        continue;
      }
      // Read a header, directly from the chunk when it holds it whole.
      const headStart = pos - carry.pending;
      const h = carry.read(chunk, i);
      i += carry.used;
      pos += carry.used;
      if (h.status === 'more') continue;
      if (h.status === 'error') {
        fail('bad-length', headStart, h.detail);
        break;
      }
      const hl = h.headerLength;
      onHeader(headStart, h.tag, hl, h.length, h.minimal);
      if (phase === 'stopped') break;
      const b = pending();
      if (b !== undefined) {
        const total = hl + h.length;
        // Whole TLV already in this chunk and no header bytes were carried over: use a view.
        const carried = carry.carried;
        if (carried === undefined && chunk.length - i >= h.length) {
          body = undefined;
          const tlv = chunk.subarray(i - hl, i + h.length);
          i += h.length;
          pos += h.length;
          if (b.kind === 'isc') handleIsc(tlv, b.start);
          else handleElement(tlv, hl, b.start);
          if (!stopped()) settle();
        } else {
          b.buf = new Uint8Array(total);
          account(total);
          b.buf.set(carried ?? chunk.subarray(i - hl, i), 0);
          b.filled = hl;
        }
      } else if (!stopped()) settle();
    }
    const out = events;
    events = [];
    return out;
  }

  function end(): BppStreamSummary {
    if (phase !== 'stopped' && phase !== 'done') {
      if (phase === 'bf36' && pos === 0) fail('truncated', 0, 'empty input');
      else {
        const detail = `input ends after ${pos} bytes${phase === 'content' ? `, inside the BoundProfilePackage (${bf36End - pos} bytes missing)` : ''}`;
        fail('truncated', pos, detail, body?.kind === 'isc' ? { offset: pos } : where(pos));
      }
    }
    const common = { segments: segmentIndex, uppLength, sessionKeysReplaced: replaced, deviations };
    if (failures.length > 0) return { ok: false, failure: failures[0], failures, ...common };
    return { ok: true, ...common };
  }

  return {
    push,
    end,
    get bufferedBytes() {
      return buffered;
    },
    get peakBufferedBytes() {
      return peak;
    },
  };
}
