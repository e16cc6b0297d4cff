/**
 * The SM-DP+ side of a Bound Profile Package (SGP.22 v2.5 §2.5.4, §5.5.1–§5.5.4 via ES8+;
 * our notes bsp.md §1–§6, signatures.md §3.5): ECKA with the eUICC one-time key, session key
 * derivation, the signed InitialiseSecureChannelRequest, and the four protected groups.
 *
 * What it emits follows the specification: one `87` in firstSequenceOf87 (ConfigureISDP), the
 * StoreMetadataRequest in MAC-only `88` segments, optionally one `87` ReplaceSessionKeys in
 * secondSequenceOf87 after which the profile segments use the replacement keys with a fresh
 * counter, and the profile in `86` segments of at most 1,020 bytes each (tag, length, MAC
 * included). Each element of a SEQUENCE OF is the BSP TLV itself (no second wrapping).
 *
 * @module
 */
import type { CryptoProvider, Curve, EcPrivateKey, EcPublicKey, EcKeyPair } from '../../crypto/provider.js';
import { nobleProvider } from '../../crypto/noble.js';
import { publicKeyFromRaw } from '../../crypto/keys.js';
import {
  BoundProfilePackage,
  ConfigureISDPRequest,
  InitialiseSecureChannelRequest,
  ReplaceSessionKeysRequest,
} from '../../generated/RSPDefinitions.js';
import { StoreMetadataRequest } from '../../generated/SGP32Definitions.js';
import {
  MAX_SEGMENT_BYTES,
  assertBspKeys,
  assertBytesArg,
  assertProvider,
  createBspState,
  deriveSessionKeys,
  eidBytes,
  maxPlaintextPerSegment,
  protectSegment,
  type BspKeys,
  type BspState,
} from './bsp.js';
import { toHex } from '../../der/bytes.js';
import { tagHex } from '../../der/reader.js';
import { readHeader } from '../../der/header.js';

/** Inputs of {@link buildBpp}. */
export interface BuildBppOptions {
  /**
   * The Unprotected Profile Package: the DER profile elements as one byte string (cut into
   * segments here), or chunks already cut (each becomes one `86` segment, so each must fit).
   */
  readonly upp: Uint8Array | readonly Uint8Array[];
  /**
   * The StoreMetadataRequest (BF25): its DER bytes exactly as sent (e.g. the profileMetadata of
   * ES9+), or a value encoded here with the SGP.32 v1.2 codec (`SGP32Definitions`), a superset of
   * the SGP.22 one whose encoding is identical when the SGP.32-only components are absent.
   */
  readonly metadata: Uint8Array | StoreMetadataRequest;
  /** ConfigureISDPRequest (BF24): DER bytes or value; default `{}` (`BF24 00`). */
  readonly configureIsdp?: Uint8Array | ConfigureISDPRequest;
  /** TransactionId of the RSP session, 1 to 16 bytes. */
  readonly transactionId: Uint8Array;
  /** The EID, 16 bytes or 32 hex digits (SharedInfo of the KDF). */
  readonly eid: Uint8Array | string;
  /** otPK.EUICC.ECKA: an EcPublicKey or a 65-byte uncompressed point on {@link curve}. */
  readonly euiccOtpk: EcPublicKey | Uint8Array;
  /** Curve of CERT.DPpb; both one-time keys live on it. */
  readonly curve: Curve;
  /** otSK.DP.ECKA, the SM-DP+ one-time private key; generated when absent. */
  readonly smdpOtsk?: EcPrivateKey;
  /**
   * Produces smdpSign: the CERT.DPpb private key, or a function (an HSM) that returns the
   * 64-byte r‖s ECDSA-SHA256 signature of the bytes it is given.
   */
  readonly smdpSigner: EcPrivateKey | ((signedData: Uint8Array) => Uint8Array);
  /** remoteOpId; 1 (installBoundProfilePackage), the only value defined. */
  readonly remoteOpId?: number;
  /** hostId of the ControlRefTemplate, 1 to 16 bytes; default ASCII `sgp32`. */
  readonly hostId?: Uint8Array;
  /** Replacement keys: adds the ReplaceSessionKeys group; the profile is then protected with them. */
  readonly ppk?: BspKeys;
  /**
   * Largest protected TLV (tag, length, value, MAC) of the 88 and 86 segments, 26 … 1020;
   * default 1020. ConfigureISDP and ReplaceSessionKeys are always one 87 segment each
   * (SGP.22 §2.5.5 sends only the first 87 of their groups), within 1,020 bytes.
   */
  readonly maxSegmentBytes?: number;
  /** Crypto provider (default: the pure-TypeScript one). */
  readonly provider?: CryptoProvider;
}

/** What {@link buildBpp} returns. */
export interface BuiltBpp {
  /** The BoundProfilePackage DER (BF36). */
  readonly bpp: Uint8Array;
  /** The session keys (MCV, S-ENC, S-MAC) derived from the ECKA secret. */
  readonly sessionKeys: BspKeys;
  /** The SM-DP+ one-time key pair used (generated or given). */
  readonly smdpOtpk: EcPublicKey;
  readonly smdpOtsk: EcPrivateKey;
  /** The InitialiseSecureChannelRequest, smdpSign included. */
  readonly initialiseSecureChannelRequest: InitialiseSecureChannelRequest;
  /** Segment counts per group. */
  readonly counts: { readonly firstSequenceOf87: number; readonly sequenceOf88: number; readonly secondSequenceOf87: number; readonly sequenceOf86: number };
}

const DEFAULT_HOST_ID = /*@__PURE__*/ new Uint8Array([0x73, 0x67, 0x70, 0x33, 0x32]); // "sgp32"

function isPrivateKey(k: unknown): k is EcPrivateKey {
  return typeof k === 'object' && k !== null && (k as EcPrivateKey).kind === 'private' && (k as EcPrivateKey).d instanceof Uint8Array;
}

/** Splits `data` into chunks of at most `max` bytes (at least one chunk, maybe empty). */
function cut(data: Uint8Array, max: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let o = 0; o < data.length; o += max) out.push(data.subarray(o, Math.min(data.length, o + max)));
  if (out.length === 0) out.push(data);
  return out;
}

function protectAll(provider: CryptoProvider, state: BspState, tag: number, chunks: readonly Uint8Array[]): Uint8Array[] {
  // The codec writes tag and length; the SEQUENCE OF element is the value (ciphertext ‖ MAC).
  return chunks.map((c) => {
    const tlv = protectSegment(provider, state, tag, c);
    return tlv.subarray(readHeader(tlv, 0).contentStart);
  });
}

/**
 * Builds a Bound Profile Package as an SM-DP+ does (ES8+, SGP.22 §5.5).
 *
 * @param options - see {@link BuildBppOptions}.
 * @returns the BPP DER, the session keys, the SM-DP+ one-time key pair, the signed
 *   InitialiseSecureChannelRequest and segment counts.
 * @throws TypeError/RangeError naming the option for bad arguments (e.g. a ConfigureISDP that
 *   does not fit one segment, a chunk of `upp` over the segment limit, an EID that is not 16
 *   bytes); CryptoKeyFormatError when euiccOtpk is not a point on the curve; Asn1EncodeError
 *   when a metadata or ConfigureISDP value breaks its type.
 * @example
 * ```ts
 * const { bpp, sessionKeys } = buildBpp({
 *   upp, metadata: { iccid, serviceProviderName: 'Op', profileName: 'Test' },
 *   transactionId, eid, euiccOtpk, curve: 'P-256', smdpSigner: dppbPrivateKey,
 * });
 * ```
 */
export function buildBpp(options: BuildBppOptions): BuiltBpp {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected an object');
  const provider = options.provider ?? nobleProvider;
  assertProvider(provider, 'options.provider');
  const curve = options.curve;
  if (curve !== 'P-256' && curve !== 'brainpoolP256r1') throw new TypeError(`options.curve: expected 'P-256' or 'brainpoolP256r1', got ${String(curve)}`);
  const eid = eidBytes(options.eid, 'options.eid');
  assertBytesArg(options.transactionId, 'options.transactionId', 1, 16);
  const hostId = options.hostId ?? DEFAULT_HOST_ID;
  assertBytesArg(hostId, 'options.hostId', 1, 16);
  const remoteOpId = options.remoteOpId ?? 1;
  if (remoteOpId !== 1) throw new RangeError(`options.remoteOpId: expected 1 (installBoundProfilePackage), got ${String(remoteOpId)}`);
  const maxSegmentBytes = options.maxSegmentBytes ?? MAX_SEGMENT_BYTES;
  const maxEncrypted = maxPlaintextPerSegment(maxSegmentBytes, true);
  const maxMacOnly = maxPlaintextPerSegment(maxSegmentBytes, false);

  // eUICC one-time public key
  let euiccOtpk: EcPublicKey;
  const pk = options.euiccOtpk;
  if (pk instanceof Uint8Array) {
    assertBytesArg(pk, 'options.euiccOtpk', 65, 65);
    euiccOtpk = publicKeyFromRaw(curve, pk);
  } else if (typeof pk === 'object' && pk !== null && pk.kind === 'public') {
    if (pk.curve !== curve) throw new RangeError(`options.euiccOtpk: key on ${pk.curve}, expected ${curve}`);
    euiccOtpk = pk;
  } else throw new TypeError('options.euiccOtpk: expected an EcPublicKey or a 65-byte point');

  // SM-DP+ one-time key pair
  let pair: EcKeyPair;
  if (options.smdpOtsk !== undefined) {
    if (!isPrivateKey(options.smdpOtsk)) throw new TypeError('options.smdpOtsk: expected an EcPrivateKey');
    if (options.smdpOtsk.curve !== curve) throw new RangeError(`options.smdpOtsk: key on ${options.smdpOtsk.curve}, expected ${curve}`);
    pair = { privateKey: options.smdpOtsk, publicKey: provider.publicKeyOf(options.smdpOtsk) };
  } else pair = provider.generateKeyPair(curve);

  const signer = options.smdpSigner;
  let sign: (data: Uint8Array) => Uint8Array;
  if (typeof signer === 'function') sign = signer;
  else if (isPrivateKey(signer)) sign = (data) => provider.ecdsaSign(signer, data, 'raw');
  else throw new TypeError('options.smdpSigner: expected an EcPrivateKey or a function returning a 64-byte signature');

  // Plaintexts
  const configureIsdp = encodeOr(options.configureIsdp ?? {}, ConfigureISDPRequest, 'options.configureIsdp', 0xbf24);
  const maxSingle87 = maxPlaintextPerSegment(MAX_SEGMENT_BYTES, true);
  if (configureIsdp.length > maxSingle87) {
    throw new RangeError(`options.configureIsdp: ${configureIsdp.length} bytes do not fit the single 87 segment SGP.22 §2.5.5 allows (${maxSingle87} bytes at most)`);
  }
  const metadata = encodeOr(options.metadata, StoreMetadataRequest, 'options.metadata', 0xbf25);
  let profileChunks: Uint8Array[];
  const upp = options.upp;
  if (upp instanceof Uint8Array) {
    if (upp.length === 0) throw new RangeError('options.upp: empty profile');
    profileChunks = cut(upp, maxEncrypted);
  } else if (Array.isArray(upp)) {
    if (upp.length === 0) throw new RangeError('options.upp: no segments');
    upp.forEach((c, i) => assertBytesArg(c, `options.upp[${i}]`, 1, maxEncrypted));
    profileChunks = upp as Uint8Array[];
  } else throw new TypeError('options.upp: expected a Uint8Array or an array of Uint8Array segments');
  if (options.ppk !== undefined) assertBspKeys(options.ppk, 'options.ppk');

  // ECKA and KDF (bsp.md §1–§2)
  const z = provider.ecdh(pair.privateKey, euiccOtpk);
  const sessionKeys = deriveSessionKeys(provider, z, { keyType: 0x88, keyLen: 0x10, hostId, eid });

  // InitialiseSecureChannelRequest and smdpSign over its first four TLVs plus euiccOtpk.
  const unsigned: InitialiseSecureChannelRequest = {
    remoteOpId,
    transactionId: options.transactionId,
    controlRefTemplate: { keyType: new Uint8Array([0x88]), keyLen: new Uint8Array([0x10]), hostId },
    smdpOtpk: pair.publicKey.point,
    smdpSign: new Uint8Array(64),
  };
  const draft = InitialiseSecureChannelRequest.encode(unsigned);
  const firstFour = draft.subarray(readHeader(draft, 0).contentStart, draft.length - 67);
  const signed = new Uint8Array(firstFour.length + 3 + 65);
  signed.set(firstFour, 0);
  signed.set([0x5f, 0x49, 0x41], firstFour.length);
  signed.set(euiccOtpk.point, firstFour.length + 3);
  const smdpSign = sign(signed);
  if (!(smdpSign instanceof Uint8Array) || smdpSign.length !== 64) {
    throw new TypeError(`options.smdpSigner: expected a 64-byte r‖s signature, got ${smdpSign instanceof Uint8Array ? `${smdpSign.length} bytes` : typeof smdpSign}`);
  }
  const isc: InitialiseSecureChannelRequest = { ...unsigned, smdpSign };

  // Protected groups (bsp.md §4.3, §6)
  const session = createBspState(sessionKeys);
  const first87 = protectAll(provider, session, 0x87, [configureIsdp]);
  const seq88 = protectAll(provider, session, 0x88, cut(metadata, maxMacOnly));
  let second87: Uint8Array[] | undefined;
  let profileState = session;
  if (options.ppk !== undefined) {
    const rsk = ReplaceSessionKeysRequest.encode({
      initialMacChainingValue: options.ppk.initialMacChainingValue,
      ppkEnc: options.ppk.sEnc,
      ppkCmac: options.ppk.sMac,
    });
    second87 = protectAll(provider, session, 0x87, [rsk]);
    profileState = createBspState(options.ppk);
  }
  const seq86 = protectAll(provider, profileState, 0x86, profileChunks);
  const value: BoundProfilePackage = {
    initialiseSecureChannelRequest: isc,
    firstSequenceOf87: first87,
    sequenceOf88: seq88,
    ...(second87 !== undefined ? { secondSequenceOf87: second87 } : {}),
    sequenceOf86: seq86,
  };
  return {
    bpp: BoundProfilePackage.encode(value),
    sessionKeys,
    smdpOtpk: pair.publicKey,
    smdpOtsk: pair.privateKey,
    initialiseSecureChannelRequest: isc,
    counts: { firstSequenceOf87: 1, sequenceOf88: seq88.length, secondSequenceOf87: second87?.length ?? 0, sequenceOf86: seq86.length },
  };
}

function encodeOr<T>(v: Uint8Array | T, codec: { encode(value: T): Uint8Array }, name: string, tag: number): Uint8Array {
  if (v instanceof Uint8Array) {
    const expected = [tag >> 8, tag & 0xff];
    if (v.length < 3 || v[0] !== expected[0] || v[1] !== expected[1]) {
      throw new RangeError(`${name}: expected DER starting ${tagHex(tag)}, got ${v.length < 2 ? `${v.length} bytes` : toHex(v.subarray(0, 2), { upper: true })}`);
    }
    return v;
  }
  if (typeof v !== 'object' || v === null) throw new TypeError(`${name}: expected DER bytes or a value object`);
  return codec.encode(v);
}
