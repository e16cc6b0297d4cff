/**
 * The RSP signatures as one table, and the one signer and the one verifier that read it.
 *
 * Every RSP signature is ECDSA-SHA-256 over `DER(signed part) ‖ suffix`, the value carried as
 * plain r‖s (64 bytes) under tag 5F37 (SGP.22 v2.5 §2.6.5, SGP.32 v1.2 §2.6; our notes
 * `signatures.md` §1–§2). Signatures differ only in data: which type is signed (and so its
 * outer tag), whose key signs, what is appended, and where the signature sits in the messages
 * that carry it. {@link RSP_SIGNATURES} holds exactly that, one row per signature;
 * {@link signRsp} and {@link verifyRsp} drive any row. The named functions of `sgp32/rsp`
 * (`signEuiccPackage`, `verifyEuiccSignature1`, `verifyPendingNotification`, …) are wrappers
 * that pick the row and the signed part of their message.
 *
 * Suffix rules:
 * - `none`: the signed part alone.
 * - `other-signature`: the other party's signature data object `5F 37 40 ‖ r‖s`
 *   (smdpSignature2 covers euiccSignature1, euiccSignature2 covers smdpSignature2; §3.3, §3.4).
 * - `association-token`: the associationToken as `84 len value` (§3.9, §3.10). With no token
 *   configured the signer appends `84 01 00` (or nothing with `noTokenSuffix: 'none'`) and the
 *   verifier accepts `84 01 00` or the bare data and says which matched — an UNVERIFIED reading
 *   of SGP.32 v1.2 §2.11.1.2, see `NO_TOKEN_TLV`.
 *
 * Not in the table: smdpSign of the Bound Profile Package (§3.5). Its signed bytes are spans of
 * InitialiseSecureChannelRequest plus the eUICC's one-time key, not one TLV; `rsp/bpp` signs
 * and checks it while streaming.
 *
 * @module
 */
import type { CryptoProvider, EcPublicKey } from '../crypto/provider.js';
import { concatBytes } from '../der/bytes.js';
import type { Codec } from '../der/codec.js';
import {
  EUICCSigned2,
  EuiccCancelSessionSigned,
  NotificationMetadata,
  ProfileInstallationResultData,
  ServerSigned1,
  SmdpSigned2,
} from '../generated/RSPDefinitions.js';
import { EuiccPackageErrorDataSigned, EuiccPackageResultDataSigned, EuiccPackageSigned, EuiccSigned1 } from '../generated/SGP32Definitions.js';
import {
  associationTokenTlv,
  checkTokenOption,
  describe,
  receivedBytes,
  resolvePrivateKey,
  resolveProvider,
  resolvePublicKey,
  malformedSignature,
  signatureDataObject,
  signerTokenSuffix,
  ZERO_TOKEN,
  type NoTokenSuffix,
  type SignatureVerdict,
  type SigningKey,
  type VerificationKey,
} from './signed-data.js';

/** The signed part of each RSP signature, by the signature's field name. */
export interface RspSignedParts {
  readonly serverSignature1: ServerSigned1;
  readonly euiccSignature1: EuiccSigned1;
  readonly smdpSignature2: SmdpSigned2;
  readonly euiccSignature2: EUICCSigned2;
  readonly euiccCancelSessionSignature: EuiccCancelSessionSigned;
  readonly euiccSignPIR: ProfileInstallationResultData;
  readonly euiccNotificationSignature: NotificationMetadata;
  readonly eimSignature: EuiccPackageSigned;
  readonly euiccSignEPR: EuiccPackageResultDataSigned;
  readonly euiccSignEPE: EuiccPackageErrorDataSigned;
}

/** An RSP signature, named by its 5F37 field. */
export type RspSignatureName = keyof RspSignedParts;

/**
 * Whose key signs: the SM-DP+ (or SM-DS) CERT.DPauth key, the SM-DP+ CERT.DPpb key, the eUICC
 * (SK.EUICC.ECDSA, CERT.EUICC), or the eIM (the key of `eimPublicKeyData`).
 */
export type KeyRole = 'dp-auth' | 'dp-pb' | 'euicc' | 'eim';

/** What follows the signed part in the signed bytes (see the module notes). */
export type SuffixRule = 'none' | 'other-signature' | 'association-token';

/**
 * Where a signature sits in a message: paths from the message value to the signed part and to
 * the signature. A path step is a SEQUENCE component name, or a CHOICE alternative (the step
 * matches the value's `$case` and enters its `value`). `signed` is null for compact forms, whose
 * signed part is not transmitted and must be rebuilt from session state (signatures.md §3.11).
 */
export interface SignatureLocation {
  /** The carrying type, `Module.Type`. */
  readonly message: string;
  readonly signed: readonly string[] | null;
  readonly signature: readonly string[];
}

/** One row of {@link RSP_SIGNATURES}. */
export interface RspSignature<N extends RspSignatureName = RspSignatureName> {
  /** The signature's field name (tag 5F37). */
  readonly name: N;
  /** The type signed, `Module.Type`; its DER (as received) is the signed part. */
  readonly signedType: string;
  /** The field name of the signed part next to the signature. */
  readonly signedField: string;
  /** The outer tag of the signed part (packed identifier octets: 0x30, 0xbf27, …). */
  readonly tag: number;
  /** Whose key signs. */
  readonly signer: KeyRole;
  /** What is appended to the signed part. */
  readonly suffix: SuffixRule;
  /** For `other-signature`: the other party's signature whose data object is appended. */
  readonly otherSignature?: 'euiccSignature1' | 'smdpSignature2';
  /** The messages carrying it. */
  readonly locations: readonly SignatureLocation[];
  /** Where the rule is stated and how well it is established (signatures.md). */
  readonly source: string;
}

/** The table: every RSP signature of SGP.22 v2.5 / SGP.32 v1.2 the library signs and checks. */
export const RSP_SIGNATURES: { readonly [N in RspSignatureName]: RspSignature<N> } = {
  serverSignature1: {
    name: 'serverSignature1',
    signedType: 'RSPDefinitions.ServerSigned1',
    signedField: 'serverSigned1',
    tag: 0x30,
    signer: 'dp-auth',
    suffix: 'none',
    locations: [
      { message: 'RSPDefinitions.AuthenticateServerRequest', signed: ['serverSigned1'], signature: ['serverSignature1'] },
      { message: 'RSPDefinitions.InitiateAuthenticationResponse', signed: ['initiateAuthenticationOk', 'serverSigned1'], signature: ['initiateAuthenticationOk', 'serverSignature1'] },
      { message: 'SGP32Definitions.InitiateAuthenticationResponseEsipa', signed: ['initiateAuthenticationOkEsipa', 'serverSigned1'], signature: ['initiateAuthenticationOkEsipa', 'serverSignature1'] },
    ],
    source: 'SGP.22 §3.1.2; signatures.md §3.1, VERIFIED (2 implementations)',
  },
  euiccSignature1: {
    name: 'euiccSignature1',
    signedType: 'SGP32Definitions.EuiccSigned1',
    signedField: 'euiccSigned1',
    tag: 0x30,
    signer: 'euicc',
    suffix: 'none',
    locations: [
      { message: 'SGP32Definitions.AuthenticateServerResponse', signed: ['authenticateResponseOk', 'euiccSigned1'], signature: ['authenticateResponseOk', 'euiccSignature1'] },
      {
        message: 'SGP32Definitions.AuthenticateServerResponse',
        signed: ['compactAuthenticateResponseOk', 'signedData', 'euiccSigned1'],
        signature: ['compactAuthenticateResponseOk', 'euiccSignature1'],
      },
      { message: 'SGP32Definitions.AuthenticateServerResponse', signed: null, signature: ['compactAuthenticateResponseOk', 'euiccSignature1'] },
    ],
    source: 'SGP.22 §3.1.2; signatures.md §3.2, VERIFIED (real eUICC)',
  },
  smdpSignature2: {
    name: 'smdpSignature2',
    signedType: 'RSPDefinitions.SmdpSigned2',
    signedField: 'smdpSigned2',
    tag: 0x30,
    signer: 'dp-pb',
    suffix: 'other-signature',
    otherSignature: 'euiccSignature1',
    locations: [
      { message: 'RSPDefinitions.PrepareDownloadRequest', signed: ['smdpSigned2'], signature: ['smdpSignature2'] },
      { message: 'RSPDefinitions.AuthenticateClientResponseEs9', signed: ['authenticateClientOk', 'smdpSigned2'], signature: ['authenticateClientOk', 'smdpSignature2'] },
      { message: 'SGP32Definitions.AuthenticateClientResponseEsipa', signed: ['authenticateClientOkDPEsipa', 'smdpSigned2'], signature: ['authenticateClientOkDPEsipa', 'smdpSignature2'] },
    ],
    source: 'SGP.22 §3.1.3; signatures.md §3.3, VERIFIED (2 implementations)',
  },
  euiccSignature2: {
    name: 'euiccSignature2',
    signedType: 'RSPDefinitions.EUICCSigned2',
    signedField: 'euiccSigned2',
    tag: 0x30,
    signer: 'euicc',
    suffix: 'other-signature',
    otherSignature: 'smdpSignature2',
    locations: [
      { message: 'SGP32Definitions.PrepareDownloadResponse', signed: ['downloadResponseOk', 'euiccSigned2'], signature: ['downloadResponseOk', 'euiccSignature2'] },
      { message: 'SGP32Definitions.PrepareDownloadResponse', signed: null, signature: ['compactDownloadResponseOk', 'euiccSignature2'] },
    ],
    source: 'SGP.22 §3.1.3; signatures.md §3.4, VERIFIED (2 implementations)',
  },
  euiccCancelSessionSignature: {
    name: 'euiccCancelSessionSignature',
    signedType: 'RSPDefinitions.EuiccCancelSessionSigned',
    signedField: 'euiccCancelSessionSigned',
    tag: 0x30,
    signer: 'euicc',
    suffix: 'none',
    locations: [
      {
        message: 'SGP32Definitions.CancelSessionResponse',
        signed: ['cancelSessionResponseOk', 'euiccCancelSessionSigned'],
        signature: ['cancelSessionResponseOk', 'euiccCancelSessionSignature'],
      },
      { message: 'SGP32Definitions.CancelSessionResponse', signed: null, signature: ['compactCancelSessionResponseOk', 'euiccCancelSessionSignature'] },
    ],
    source: 'SGP.22 §3.0.2; signatures.md §3.8, VERIFIED (2 implementations)',
  },
  euiccSignPIR: {
    name: 'euiccSignPIR',
    signedType: 'RSPDefinitions.ProfileInstallationResultData',
    signedField: 'profileInstallationResultData',
    tag: 0xbf27,
    signer: 'euicc',
    suffix: 'none',
    locations: [
      { message: 'SGP32Definitions.ProfileInstallationResult', signed: ['profileInstallationResultData'], signature: ['euiccSignPIR'] },
      {
        message: 'SGP32Definitions.PendingNotification',
        signed: ['profileInstallationResult', 'profileInstallationResultData'],
        signature: ['profileInstallationResult', 'euiccSignPIR'],
      },
      { message: 'SGP32Definitions.PendingNotification', signed: null, signature: ['compactProfileInstallationResult', 'euiccSignPIR'] },
    ],
    source: 'SGP.22 §2.5.6; signatures.md §3.6, VERIFIED (real eUICC)',
  },
  euiccNotificationSignature: {
    name: 'euiccNotificationSignature',
    signedType: 'RSPDefinitions.NotificationMetadata',
    signedField: 'tbsOtherNotification',
    tag: 0xbf2f,
    signer: 'euicc',
    suffix: 'none',
    locations: [
      {
        message: 'SGP32Definitions.PendingNotification',
        signed: ['otherSignedNotification', 'tbsOtherNotification'],
        signature: ['otherSignedNotification', 'euiccNotificationSignature'],
      },
      {
        message: 'SGP32Definitions.PendingNotification',
        signed: ['compactOtherSignedNotification', 'tbsOtherNotification'],
        signature: ['compactOtherSignedNotification', 'euiccNotificationSignature'],
      },
    ],
    source: 'SGP.22 §3.5; signatures.md §3.7, VERIFIED (2 implementations); compact form UNVERIFIED',
  },
  eimSignature: {
    name: 'eimSignature',
    signedType: 'SGP32Definitions.EuiccPackageSigned',
    signedField: 'euiccPackageSigned',
    tag: 0x30,
    signer: 'eim',
    suffix: 'association-token',
    locations: [{ message: 'SGP32Definitions.EuiccPackageRequest', signed: ['euiccPackageSigned'], signature: ['eimSignature'] }],
    source: 'SGP.32 §2.11.1.1; signatures.md §3.9, VERIFIED (real eIM and eUICC); no-token suffix UNVERIFIED',
  },
  euiccSignEPR: {
    name: 'euiccSignEPR',
    signedType: 'SGP32Definitions.EuiccPackageResultDataSigned',
    signedField: 'euiccPackageResultDataSigned',
    tag: 0x30,
    signer: 'euicc',
    suffix: 'association-token',
    locations: [
      {
        message: 'SGP32Definitions.EuiccPackageResult',
        signed: ['euiccPackageResultSigned', 'euiccPackageResultDataSigned'],
        signature: ['euiccPackageResultSigned', 'euiccSignEPR'],
      },
    ],
    source: 'SGP.32 §2.11.2.1; signatures.md §3.10, VERIFIED (real eUICC); no-token suffix UNVERIFIED',
  },
  euiccSignEPE: {
    name: 'euiccSignEPE',
    signedType: 'SGP32Definitions.EuiccPackageErrorDataSigned',
    signedField: 'euiccPackageErrorDataSigned',
    tag: 0x30,
    signer: 'euicc',
    suffix: 'association-token',
    locations: [
      {
        message: 'SGP32Definitions.EuiccPackageResult',
        signed: ['euiccPackageErrorSigned', 'euiccPackageErrorDataSigned'],
        signature: ['euiccPackageErrorSigned', 'euiccSignEPE'],
      },
    ],
    source: 'SGP.32 §2.11.2.1; signatures.md §3.10, VERIFIED (reference code)',
  },
};

// ---------------------------------------------------------------------------------------------
// Finding a signature in a message

/** A signature found in a message value: its row, the signed part and the signature value. */
export interface FoundSignature {
  readonly row: RspSignature;
  /** The signed part as decoded (carrying its received bytes when decoded with keepEncoded). */
  readonly signed: unknown;
  readonly signature: unknown;
}

function walk(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const step of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    const o = v as { readonly $case?: unknown; readonly value?: unknown; readonly [k: string]: unknown };
    if (typeof o.$case === 'string') {
      if (o.$case !== step) return undefined;
      v = o.value;
    } else v = o[step];
  }
  return v;
}

/**
 * Finds the signature a message value carries, by the table's locations for `message`
 * (`Module.Type`). Compact forms (signed part not transmitted) are not returned: their signed
 * part must be rebuilt first.
 *
 * @returns the row with the signed part and the signature, or undefined when the value (e.g. an
 *   error alternative) carries no signature the table knows.
 * @example
 * ```ts
 * const found = findSignature('SGP32Definitions.EuiccPackageResult', result);
 * if (found) verifyRsp(found.row.name, found.signed as object, found.signature as Uint8Array, options);
 * ```
 */
export function findSignature(message: string, value: unknown): FoundSignature | undefined {
  for (const row of ROWS) {
    for (const loc of row.locations) {
      if (loc.message !== message || loc.signed === null) continue;
      const signed = walk(value, loc.signed);
      if (signed === undefined) continue;
      return { row, signed, signature: walk(value, loc.signature) };
    }
  }
  return undefined;
}

const ROWS: readonly RspSignature[] = /*@__PURE__*/ Object.values(RSP_SIGNATURES) as RspSignature[];

function rowOf<N extends RspSignatureName>(name: N): RspSignature<N> {
  const row = Object.prototype.hasOwnProperty.call(RSP_SIGNATURES, name) ? RSP_SIGNATURES[name] : undefined;
  if (row === undefined) throw new TypeError(`signature: expected one of ${Object.keys(RSP_SIGNATURES).join(', ')}, got ${typeof name === 'string' ? `"${name}"` : describe(name)}`);
  return row as RspSignature<N>;
}

// ---------------------------------------------------------------------------------------------
// The generic signer and verifier

/** Options of {@link signRsp}; which of the suffix options apply depends on the row. */
export interface RspSignOptions {
  /** The signer's private key (the row's key role). */
  readonly privateKey: SigningKey;
  /** Crypto provider; default `nobleProvider`. */
  readonly provider?: CryptoProvider;
  /** `association-token` rows: the token, omitted or null for none (UNVERIFIED suffix, see `NO_TOKEN_TLV`). */
  readonly associationToken?: number | null;
  /** `association-token` rows with no token: append `84 01 00` (`'zero'`, default) or nothing (`'none'`). */
  readonly noTokenSuffix?: NoTokenSuffix;
  /** smdpSignature2: the 64-byte euiccSignature1 value of the session. */
  readonly euiccSignature1?: Uint8Array;
  /** euiccSignature2: the 64-byte smdpSignature2 value received. */
  readonly smdpSignature2?: Uint8Array;
}

/** Options of {@link verifyRsp}: the signer's key, and what the row's suffix rule needs. */
export type RspVerifyOptions = VerificationKey & {
  /** Crypto provider; default `nobleProvider`. */
  readonly provider?: CryptoProvider;
  /** `association-token` rows (required there): the token, or null when the association has none. */
  readonly associationToken?: number | null;
  /** smdpSignature2: the 64-byte euiccSignature1 value of the session. */
  readonly euiccSignature1?: Uint8Array;
  /** euiccSignature2: the 64-byte smdpSignature2 value of the session. */
  readonly smdpSignature2?: Uint8Array;
};

/** A created signature: the exact signed part bytes and the 64-byte r‖s signature value. */
export interface SignedPart {
  /** DER of the signed structure (what goes on the wire). */
  readonly signed: Uint8Array;
  /** The signature value (content of tag 5F37). */
  readonly signature: Uint8Array;
}

const EMPTY = /*@__PURE__*/ new Uint8Array(0);

function checkOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`options: expected an object, got ${describe(options)}`);
}

/** The other party's signature data object `5F3740 ‖ value` a row appends. */
function otherSignatureDo(row: RspSignature, options: { readonly euiccSignature1?: unknown; readonly smdpSignature2?: unknown }): Uint8Array {
  const name = row.otherSignature as 'euiccSignature1' | 'smdpSignature2';
  const sig = options[name];
  if (!(sig instanceof Uint8Array)) throw new TypeError(`${name}: expected the 64-byte signature value (Uint8Array), got ${describe(sig)}`);
  if (sig.length !== 64) throw new RangeError(`${name}: expected the 64-byte r‖s value (without the 5F37 header), got ${sig.length} bytes`);
  return signatureDataObject(sig);
}

/**
 * The codec of each row's signed type, for {@link signRsp}'s values. Only signRsp reads it, so
 * a bundle that uses only the named functions keeps only the codecs those import.
 */
const SIGNED_CODECS: { readonly [N in RspSignatureName]: Codec<RspSignedParts[N]> } = {
  serverSignature1: ServerSigned1,
  euiccSignature1: EuiccSigned1,
  smdpSignature2: SmdpSigned2,
  euiccSignature2: EUICCSigned2,
  euiccCancelSessionSignature: EuiccCancelSessionSigned,
  euiccSignPIR: ProfileInstallationResultData,
  euiccNotificationSignature: NotificationMetadata,
  eimSignature: EuiccPackageSigned,
  euiccSignEPR: EuiccPackageResultDataSigned,
  euiccSignEPE: EuiccPackageErrorDataSigned,
};

/**
 * The generic signer behind {@link signRsp} and the named `sign…` functions (which pass the
 * codec of their own type): the row's suffix, the signed part (a value encoded with `codec`, or
 * bytes signed exactly as given), the key, ECDSA over `signed part ‖ suffix`.
 *
 * @throws as {@link signRsp}.
 */
export function signPart<N extends RspSignatureName>(name: N, codec: Codec<RspSignedParts[N]>, signed: RspSignedParts[N] | Uint8Array, options: RspSignOptions): SignedPart {
  const row = rowOf(name);
  checkOptions(options);
  const provider = resolveProvider(options.provider);
  const key = resolvePrivateKey(options.privateKey);
  const suffix =
    row.suffix === 'association-token' ? signerTokenSuffix(options.associationToken, options.noTokenSuffix) : row.suffix === 'other-signature' ? otherSignatureDo(row, options) : EMPTY;
  let bytes: Uint8Array;
  if (signed instanceof Uint8Array) bytes = receivedBytes(signed, row.tag, row.signedField);
  else if (typeof signed !== 'object' || signed === null) {
    throw new TypeError(`${row.signedField}: expected a ${codec.typeName} value or its DER bytes, got ${describe(signed)}`);
  } else bytes = codec.encode(signed);
  return { signed: bytes, signature: provider.ecdsaSign(key, withSuffix(bytes, suffix), 'raw') };
}

/**
 * Signs the signed part of any RSP signature: ECDSA-SHA-256 over `DER(signed part) ‖ suffix`,
 * the suffix by the row's rule, the value as plain r‖s.
 *
 * @param name - the signature (a key of {@link RSP_SIGNATURES}).
 * @param signed - the signed part as a value (DER-encoded here) or as bytes already encoded
 *   (signed exactly as given; they must be one TLV with the row's tag).
 * @param options - the key, and what the row's suffix needs (`associationToken`,
 *   `noTokenSuffix`, `euiccSignature1`, `smdpSignature2`).
 * @returns the signed part's bytes and the 64-byte signature value.
 * @throws TypeError/RangeError for bad arguments; CryptoKeyFormatError for unusable key data;
 *   Asn1EncodeError when the value breaks its type; Asn1DecodeError when the bytes are not one
 *   TLV with the row's tag.
 * @example
 * ```ts
 * const { signed, signature } = signRsp('eimSignature', euiccPackageSigned, { privateKey: eimKeyPem, associationToken: 1 });
 * ```
 */
export function signRsp<N extends RspSignatureName>(name: N, signed: RspSignedParts[N] | Uint8Array, options: RspSignOptions): SignedPart {
  return signPart(name, SIGNED_CODECS[rowOf(name).name], signed, options);
}

function withSuffix(signed: Uint8Array, suffix: Uint8Array): Uint8Array {
  return suffix.length === 0 ? signed : concatBytes([signed, suffix]);
}

function badSignature(what: string, key: EcPublicKey): SignatureVerdict & { valid: false } {
  return { valid: false, reason: 'bad-signature', detail: `${what} does not verify with the ${key.curve} key given (wrong key, or altered data)` };
}

/**
 * Verifies any RSP signature over the bytes received: `received signed part ‖ suffix`, the
 * suffix by the row's rule. For `association-token` rows with a token only `84 len token` is
 * accepted, and a signature made without one is `association-token-mismatch`; with none
 * (`null`) `84 01 00` and the bare data are both accepted and `signedSuffix` / `detail` say which
 * matched (`'token-zero'` / `'none'`; `'token'` with a token).
 *
 * @param name - the signature (a key of {@link RSP_SIGNATURES}).
 * @param signed - the received bytes of the signed part (one TLV with the row's tag, BER
 *   accepted), or a value decoded with `{ keepEncoded: true }`; never re-encoded.
 * @param signature - the 5F37 content.
 * @returns `{ valid: true, … }` or `{ valid: false, reason, detail }`.
 * @throws TypeError/RangeError for bad arguments (a value without its received bytes
 *   included); Asn1DecodeError when the bytes are not one TLV with the row's tag;
 *   CryptoKeyFormatError for key data that does not parse.
 * @example
 * ```ts
 * verifyRsp('euiccSignEPR', resultDataBytes, euiccSignEPR, { certificate: euiccCertDer, associationToken: 1 });
 * // { valid: true, signedSuffix: 'token', detail: 'euiccSignEPR verifies over …' }
 * ```
 */
export function verifyRsp(name: RspSignatureName, signed: Uint8Array | object, signature: Uint8Array, options: RspVerifyOptions): SignatureVerdict {
  const row = rowOf(name);
  checkOptions(options);
  const provider = resolveProvider(options.provider);
  const token = row.suffix === 'association-token' ? checkTokenOption(options.associationToken) : null;
  const suffix = row.suffix === 'other-signature' ? otherSignatureDo(row, options) : EMPTY;
  const bytes = receivedBytes(signed, row.tag, row.signedField);
  if (!(signature instanceof Uint8Array)) throw new TypeError(`${row.name}: expected the signature as a Uint8Array, got ${describe(signature)}`);
  const resolved = resolvePublicKey(options);
  if ('verdict' in resolved) return resolved.verdict;
  if (signature.length !== 64) return malformedSignature(signature);
  const key = resolved.key;
  const over = (s: Uint8Array): boolean => provider.ecdsaVerify(key, withSuffix(bytes, s), signature, 'raw');
  const what = row.name;
  if (row.suffix !== 'association-token') return over(suffix) ? { valid: true } : badSignature(what, key);
  if (token !== null) {
    if (over(associationTokenTlv(token))) return { valid: true, signedSuffix: 'token', detail: `${what} verifies over the signed data ‖ associationToken ${token}` };
    if (over(ZERO_TOKEN) || over(EMPTY)) {
      return { valid: false, reason: 'association-token-mismatch', detail: `${what} verifies as signed without an associationToken, not with the token ${token} given` };
    }
    return badSignature(what, key);
  }
  if (over(ZERO_TOKEN)) {
    return { valid: true, signedSuffix: 'token-zero', detail: `${what} verifies over the signed data ‖ 84 01 00 (no associationToken configured: the token data object with value zero)` };
  }
  if (over(EMPTY)) return { valid: true, signedSuffix: 'none', detail: `${what} verifies over the bare signed data (no associationToken configured, no token data object)` };
  return badSignature(what, key);
}
