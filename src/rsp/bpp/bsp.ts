/**
 * The BSP ("SCP03t") layer of a Bound Profile Package: session key derivation and the
 * protection of one segment (SGP.22 v2.5 §2.5.4 and §2.6.4.2, Annex G; our notes bsp.md §2, §4).
 *
 * - Key derivation: SharedInfo = keyType ‖ keyLen ‖ L(hostId) ‖ hostId ‖ L(EID) ‖ EID, X9.63
 *   KDF with SHA-256 over the ECKA shared secret, 48 bytes split as initial MAC chaining
 *   value, S-ENC, S-MAC (in that order).
 * - One "BSP instance" holds S-ENC, S-MAC, the MAC chaining value (MCV) and a block counter
 *   starting at 1. An encrypted segment (tags 87, 86) pads the plaintext with 80 00…, encrypts
 *   it with AES-128-CBC under the ICV AES-ECB(S-ENC, counter), and appends the first 8 bytes of
 *   AES-CMAC(S-MAC, MCV ‖ tag ‖ length ‖ ciphertext); the full CMAC becomes the next MCV. A
 *   MAC-only segment (tag 88) does the same without encryption, and still advances the counter.
 * - Every protected TLV, tag, length and MAC included, is at most 1,020 bytes (SGP.22 §2.5.4),
 *   so an encrypted segment carries at most 1,007 plaintext bytes and a MAC-only one 1,008.
 *
 * @module
 */
import { aes128KeyOf, type Aes128Key, type CryptoProvider } from '../../crypto/provider.js';
import { x963Kdf } from '../../crypto/kdf.js';
import { lengthOf } from '../../der/build.js';

/** Largest protected TLV (tag, length, value and MAC) SGP.22 §2.5.4 allows: 1,020 bytes. */
export const MAX_SEGMENT_BYTES = 1020;
/** Smallest TLV size limit the builder accepts: one AES block plus header and MAC. */
export const MIN_SEGMENT_BYTES = 2 + 16 + 8;

/** The three values the KDF yields; they start one BSP instance (SGP.22 §2.6.4.2). */
export interface BspKeys {
  /** S-ENC, 16 bytes: AES-128 key of the CBC encryption and of the ICV. */
  readonly sEnc: Uint8Array;
  /** S-MAC, 16 bytes: AES-128 key of the CMAC. */
  readonly sMac: Uint8Array;
  /** Initial MAC chaining value, 16 bytes. */
  readonly initialMacChainingValue: Uint8Array;
}

/** The state of one BSP instance. Mutated by {@link protectSegment} / {@link unprotectSegment}. */
export interface BspState {
  readonly keys: BspKeys;
  /** Current MAC chaining value (the last full 16-byte CMAC). */
  mcv: Uint8Array;
  /** Block counter of the next segment (starts at 1). */
  counter: number;
}

/** Inputs of the key derivation besides the shared secret (the ControlRefTemplate and the EID). */
export interface KdfParameters {
  /** Key type of the ControlRefTemplate; 0x88 (AES) by default, the only value SGP.22 defines. */
  readonly keyType?: number;
  /** Key length of the ControlRefTemplate; 0x10 (16 bytes) by default. */
  readonly keyLen?: number;
  /** hostId of the ControlRefTemplate, 1 to 16 bytes. */
  readonly hostId: Uint8Array;
  /** The EID, 16 bytes (or 32 hex digits). */
  readonly eid: Uint8Array | string;
}

/** True when `p` has the AES and CMAC operations of a {@link CryptoProvider}. */
export function isProvider(p: unknown): p is CryptoProvider {
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof (p as CryptoProvider).aesCmac === 'function' &&
    typeof (p as CryptoProvider).aesCbcEncrypt === 'function' &&
    typeof (p as CryptoProvider).aesEcbEncryptBlock === 'function'
  );
}

/** Throws TypeError naming `name` unless `p` is a {@link CryptoProvider}. */
export function assertProvider(p: unknown, name = 'provider'): asserts p is CryptoProvider {
  if (!isProvider(p)) throw new TypeError(`${name}: expected a CryptoProvider (e.g. defaultProvider or nodeProvider)`);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x instanceof Uint8Array) return `${x.length} bytes`;
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x;
}

/** Throws TypeError (not bytes) or RangeError (length outside [min, max]) naming `name`. */
export function assertBytesArg(x: unknown, name: string, min: number, max: number): asserts x is Uint8Array {
  if (!(x instanceof Uint8Array)) throw new TypeError(`${name}: expected a Uint8Array, got ${describe(x)}`);
  if (x.length < min || x.length > max) {
    throw new RangeError(min === max ? `${name}: expected ${min} bytes, got ${x.length}` : `${name}: expected ${min} to ${max} bytes, got ${x.length}`);
  }
}

/** Checks and normalises an EID: 16 bytes, or 32 hex digits. */
export function eidBytes(eid: unknown, name = 'eid'): Uint8Array {
  if (typeof eid === 'string') {
    if (!/^[0-9a-fA-F]{32}$/.test(eid)) throw new RangeError(`${name}: expected 32 hex digits, got "${eid.length > 40 ? eid.slice(0, 40) + '…' : eid}"`);
    const out = new Uint8Array(16);
    for (let i = 0; i < 16; i++) out[i] = parseInt(eid.slice(2 * i, 2 * i + 2), 16);
    return out;
  }
  assertBytesArg(eid, name, 16, 16);
  return eid;
}

/** Throws TypeError/RangeError naming `name` unless `keys` holds three 16-byte values. */
export function assertBspKeys(keys: unknown, name: string): asserts keys is BspKeys {
  if (typeof keys !== 'object' || keys === null) throw new TypeError(`${name}: expected { sEnc, sMac, initialMacChainingValue }, got ${describe(keys)}`);
  const k = keys as BspKeys;
  assertBytesArg(k.sEnc, `${name}.sEnc`, 16, 16);
  assertBytesArg(k.sMac, `${name}.sMac`, 16, 16);
  assertBytesArg(k.initialMacChainingValue, `${name}.initialMacChainingValue`, 16, 16);
}

function assertOctet(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) throw new RangeError(`${name}: expected an integer 0…255, got ${String(v)}`);
  return v;
}

/**
 * The X9.63 SharedInfo of the BSP key derivation (SGP.22 §2.6.4.2):
 * keyType ‖ keyLen ‖ L(hostId) ‖ hostId ‖ L(EID) ‖ EID, lengths as one byte.
 *
 * @throws TypeError/RangeError for a hostId that is not 1…16 bytes, a bad EID or key type.
 */
export function bspSharedInfo(params: KdfParameters): Uint8Array {
  if (typeof params !== 'object' || params === null) throw new TypeError('params: expected { hostId, eid, keyType?, keyLen? }');
  const keyType = assertOctet(params.keyType ?? 0x88, 'keyType');
  const keyLen = assertOctet(params.keyLen ?? 0x10, 'keyLen');
  assertBytesArg(params.hostId, 'hostId', 1, 16);
  const eid = eidBytes(params.eid);
  const out = new Uint8Array(2 + 1 + params.hostId.length + 1 + 16);
  out[0] = keyType;
  out[1] = keyLen;
  out[2] = params.hostId.length;
  out.set(params.hostId, 3);
  out[3 + params.hostId.length] = 16;
  out.set(eid, 4 + params.hostId.length);
  return out;
}

/**
 * Derives the BSP session keys from the ECKA shared secret (SGP.22 §2.6.4.2): 48 bytes of
 * X9.63-SHA-256 output, split into initial MCV, S-ENC and S-MAC.
 *
 * @param provider - supplies SHA-256.
 * @param sharedSecret - Z, the 32-byte x-coordinate from ECKA.
 * @param params - hostId, EID, and the ControlRefTemplate key type/length (defaults 0x88, 0x10).
 * @returns the three 16-byte values.
 * @throws TypeError/RangeError for bad arguments.
 * @example
 * ```ts
 * const keys = deriveSessionKeys(defaultProvider, z, { hostId, eid: '89049032123451234512345678901235' });
 * ```
 */
export function deriveSessionKeys(provider: CryptoProvider, sharedSecret: Uint8Array, params: KdfParameters): BspKeys {
  assertProvider(provider);
  assertBytesArg(sharedSecret, 'sharedSecret', 1, 1024);
  const out = x963Kdf(provider, sharedSecret, bspSharedInfo(params), 48);
  return { initialMacChainingValue: out.slice(0, 16), sEnc: out.slice(16, 32), sMac: out.slice(32, 48) };
}

/**
 * Starts a BSP instance: MCV = the initial MAC chaining value, block counter 1.
 *
 * @throws TypeError/RangeError when a key is not 16 bytes.
 */
export function createBspState(keys: BspKeys): BspState {
  assertBspKeys(keys, 'keys');
  return { keys, mcv: keys.initialMacChainingValue, counter: 1 };
}

/** Size of the ciphertext of a plaintext of `n` bytes (padding always adds 1…16 bytes). */
export function paddedLength(n: number): number {
  return (Math.floor(n / 16) + 1) * 16;
}

/** Size of the protected TLV carrying `n` plaintext bytes. */
export function segmentTlvSize(n: number, encrypted: boolean): number {
  const value = (encrypted ? paddedLength(n) : n) + 8;
  return 1 + lengthOf(value).length + value;
}

/**
 * The largest plaintext chunk whose protected TLV fits in `maxSegmentBytes` (1,007 bytes for
 * encrypted and 1,008 for MAC-only segments under the 1,020-byte limit of SGP.22 §2.5.4).
 *
 * @throws RangeError when `maxSegmentBytes` is outside [26, 1020].
 */
export function maxPlaintextPerSegment(maxSegmentBytes: number, encrypted: boolean): number {
  if (!Number.isInteger(maxSegmentBytes) || maxSegmentBytes < MIN_SEGMENT_BYTES || maxSegmentBytes > MAX_SEGMENT_BYTES) {
    throw new RangeError(`maxSegmentBytes: expected an integer in [${MIN_SEGMENT_BYTES}, ${MAX_SEGMENT_BYTES}], got ${String(maxSegmentBytes)}`);
  }
  let n = maxSegmentBytes;
  while (segmentTlvSize(n, encrypted) > maxSegmentBytes) n--;
  return n;
}

/** The prepared S-ENC and S-MAC of one key set under one provider, with ICVs made ahead. */
interface BspContext {
  readonly provider: CryptoProvider;
  readonly enc: Aes128Key;
  readonly mac: Aes128Key;
  /** ICVs of counters `icvFirst` … `icvFirst + icvs.length / 16 - 1`, 16 bytes each. */
  icvs: Uint8Array;
  icvFirst: number;
}

/** How many ICVs one AES call derives ahead (one call per this many segments). */
const ICV_BATCH = 16;

/**
 * Prepared keys per key set (the {@link BspKeys} object) and provider, so that a long run of
 * segments sets up each AES key once. Key sets are treated as immutable once used.
 */
const contexts = new WeakMap<BspKeys, BspContext[]>();

function contextOf(provider: CryptoProvider, keys: BspKeys): BspContext {
  let list = contexts.get(keys);
  if (list === undefined) contexts.set(keys, (list = []));
  for (const c of list) if (c.provider === provider) return c;
  const c: BspContext = { provider, enc: aes128KeyOf(provider, keys.sEnc), mac: aes128KeyOf(provider, keys.sMac), icvs: new Uint8Array(0), icvFirst: 0 };
  list.push(c);
  return c;
}

/**
 * The ICV of segment `counter`: AES-ECB(S-ENC, counter as a 16-byte big-endian block)
 * (SGP.22 §2.6.4.2, bsp.md §4.1). Derived {@link ICV_BATCH} at a time with one ECB call.
 */
function icvOf(ctx: BspContext, counter: number): Uint8Array {
  let idx = counter - ctx.icvFirst;
  if (idx < 0 || idx >= ctx.icvs.length / 16) {
    const blocks = new Uint8Array(ICV_BATCH * 16);
    for (let i = 0; i < ICV_BATCH; i++) putCounter(blocks, i * 16, counter + i);
    ctx.icvs = ctx.enc.ecbEncrypt(blocks);
    ctx.icvFirst = counter;
    idx = 0;
  }
  return ctx.icvs.subarray(idx * 16, idx * 16 + 16);
}

/** Writes `counter` as a 16-byte big-endian block at `b[o]` (the bytes there are zero). */
function putCounter(b: Uint8Array, o: number, counter: number): void {
  let c = counter;
  for (let i = o + 15; i >= o + 8 && c > 0; i--) {
    b[i] = c % 256;
    c = Math.floor(c / 256);
  }
}

/**
 * Protects one segment (bsp.md §4.1/§4.2): encrypt-and-MAC for tags 87 and 86, MAC only for
 * tag 88. Advances the state (MCV, counter).
 *
 * @param provider - AES and CMAC.
 * @param state - the BSP instance; updated.
 * @param tag - 0x86, 0x87 or 0x88.
 * @param plaintext - the chunk (any length; the caller keeps it within the segment limit).
 * @returns the complete TLV `tag ‖ length ‖ ciphertext-or-plaintext ‖ MAC(8)`.
 * @throws TypeError/RangeError for bad arguments.
 * @example
 * ```ts
 * const st = createBspState(keys);
 * const tlv = protectSegment(defaultProvider, st, 0x87, configureIsdp); // 87 18 …
 * ```
 */
export function protectSegment(provider: CryptoProvider, state: BspState, tag: number, plaintext: Uint8Array): Uint8Array {
  assertProvider(provider);
  if (tag !== 0x86 && tag !== 0x87 && tag !== 0x88) throw new RangeError(`tag: expected 0x86, 0x87 or 0x88, got ${String(tag)}`);
  if (!(plaintext instanceof Uint8Array)) throw new TypeError(`plaintext: expected a Uint8Array, got ${describe(plaintext)}`);
  const ctx = contextOf(provider, state.keys);
  const bodyLength = tag === 0x88 ? plaintext.length : paddedLength(plaintext.length);
  const len = bodyLength + 8;
  // The TLV is built in place: padded plaintext, then its ciphertext over it, then the MAC.
  const lenOctets = lengthOf(len);
  const tlv = new Uint8Array(1 + lenOctets.length + len);
  tlv[0] = tag;
  tlv.set(lenOctets, 1);
  const o = 1 + lenOctets.length;
  tlv.set(plaintext, o);
  if (tag !== 0x88) {
    tlv[o + plaintext.length] = 0x80; // 80 00…: the zeros are already there
    tlv.set(ctx.enc.cbcEncrypt(icvOf(ctx, state.counter), tlv.subarray(o, o + bodyLength)), o);
  }
  state.counter++;
  const mac = ctx.mac.cmac(state.mcv, tlv.subarray(0, o + bodyLength));
  tlv.set(mac.subarray(0, 8), o + bodyLength);
  state.mcv = mac;
  return tlv;
}

/**
 * Checks the MAC of one received TLV (header as received ‖ value, MAC in its last 8 bytes)
 * against a BSP instance without changing the instance.
 *
 * @returns the full CMAC (the next MCV) on success, undefined on a mismatch.
 */
export function checkMac(provider: CryptoProvider, state: BspState, tlv: Uint8Array): Uint8Array | undefined {
  const macStart = tlv.length - 8;
  const mac = contextOf(provider, state.keys).mac.cmac(state.mcv, tlv.subarray(0, macStart));
  let diff = 0;
  for (let i = 0; i < 8; i++) diff |= mac[i] ^ tlv[macStart + i];
  return diff === 0 ? mac : undefined;
}

/** Why {@link unprotectSegment} refused a TLV. */
export type UnprotectFailure = 'mac-mismatch' | 'bad-ciphertext-length' | 'bad-padding';

/**
 * The second half of {@link unprotectSegment}, for a TLV whose MAC {@link checkMac} already
 * accepted (`mac` is the full CMAC it returned): decrypts (86/87) and advances the state.
 */
export function openVerified(
  provider: CryptoProvider,
  state: BspState,
  tlv: Uint8Array,
  valueStart: number,
  encrypted: boolean,
  mac: Uint8Array,
): { ok: true; plaintext: Uint8Array } | { ok: false; reason: UnprotectFailure } {
  const body = tlv.subarray(valueStart, tlv.length - 8);
  let plaintext: Uint8Array;
  if (encrypted) {
    if (body.length === 0 || body.length % 16 !== 0) return { ok: false, reason: 'bad-ciphertext-length' };
    const ctx = contextOf(provider, state.keys);
    const padded = ctx.enc.cbcDecrypt(icvOf(ctx, state.counter), body);
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    if (end < 0 || padded[end] !== 0x80 || padded.length - end > 16) return { ok: false, reason: 'bad-padding' };
    plaintext = padded.subarray(0, end);
  } else {
    plaintext = new Uint8Array(body);
  }
  state.mcv = mac;
  state.counter++;
  return { ok: true, plaintext };
}

/**
 * Verifies and (for 86/87) decrypts one received TLV (bsp.md §4.4). On success the state
 * advances and the plaintext is returned; on failure the state is left unchanged.
 *
 * @param provider - AES and CMAC.
 * @param state - the BSP instance.
 * @param tlv - the complete TLV, header as received (the MAC covers it).
 * @param valueStart - offset of the value inside `tlv`.
 * @param encrypted - true for 86/87, false for 88.
 * @returns `{ ok: true, plaintext }` or `{ ok: false, reason }`.
 * @throws TypeError/RangeError for bad arguments (a value shorter than the 8-byte MAC included).
 */
export function unprotectSegment(
  provider: CryptoProvider,
  state: BspState,
  tlv: Uint8Array,
  valueStart: number,
  encrypted: boolean,
): { ok: true; plaintext: Uint8Array } | { ok: false; reason: UnprotectFailure } {
  assertProvider(provider);
  if (!(tlv instanceof Uint8Array)) throw new TypeError(`tlv: expected a Uint8Array, got ${describe(tlv)}`);
  if (!Number.isInteger(valueStart) || valueStart < 2 || tlv.length - valueStart < 9) {
    throw new RangeError(`valueStart: expected a header length leaving at least 9 value bytes, got ${String(valueStart)} of ${tlv.length}`);
  }
  const mac = checkMac(provider, state, tlv);
  if (mac === undefined) return { ok: false, reason: 'mac-mismatch' };
  return openVerified(provider, state, tlv, valueStart, encrypted, mac);
}
