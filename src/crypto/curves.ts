/**
 * Curve parameters the SDK needs outside the EC arithmetic itself (SGP.22 §2.6.5): object
 * identifiers, the group order n (to range-check private scalars) and the field prime p (to
 * range-check coordinates), plus the argument checks shared by both providers.
 *
 * Values: P-256 from SEC 2 v2 §2.4.2 / FIPS 186-4 D.1.2.3; brainpoolP256r1 from RFC 5639 §3.4.
 *
 * @module
 */
import type { Curve, EcPrivateKey, EcPublicKey, SignatureForm } from './provider.js';
import { CryptoKeyFormatError } from './errors.js';
import { toHex } from '../der/bytes.js';

/** Static data of one supported curve. */
export interface CurveInfo {
  readonly curve: Curve;
  /** Dotted OID of the named curve (ECParameters namedCurve). */
  readonly oid: string;
  /** The name OpenSSL knows the curve by. */
  readonly opensslName: string;
  /** Order of the base point. */
  readonly n: bigint;
  /** Field prime. */
  readonly p: bigint;
}

/** The two curves of GSMA RSP, by name. */
export const CURVES: Readonly<Record<Curve, CurveInfo>> = {
  'P-256': {
    curve: 'P-256',
    oid: '1.2.840.10045.3.1.7',
    opensslName: 'prime256v1',
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
  },
  brainpoolP256r1: {
    curve: 'brainpoolP256r1',
    oid: '1.3.36.3.3.2.8.1.1.7',
    opensslName: 'brainpoolP256r1',
    n: 0xa9fb57dba1eea9bc3e660a909d838d718c397aa3b561a6f7901e0e82974856a7n,
    p: 0xa9fb57dba1eea9bc3e660a909d838d726e3bf623d52620282013481d1f6e5377n,
  },
};

/** The curve with the given OID, or undefined. */
export function curveByOid(oid: string): CurveInfo | undefined {
  if (oid === CURVES['P-256'].oid) return CURVES['P-256'];
  if (oid === CURVES.brainpoolP256r1.oid) return CURVES.brainpoolP256r1;
  return undefined;
}

/** Big-endian bytes to bigint. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  // One BigInt parse of the hex text is several times faster than 32 BigInt shifts.
  if (bytes.length === 0) return 0n;
  return BigInt('0x' + toHex(bytes));
}

/** A non-negative bigint as exactly `length` big-endian bytes (throws RangeError if it does not fit). */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n || value < 0n) throw new RangeError(`value does not fit in ${length} bytes`);
  return out;
}

/** Throws TypeError unless `value` is a Uint8Array. */
export function assertBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`${name}: expected Uint8Array, got ${describe(value)}`);
  }
}

/** Throws TypeError/RangeError unless `value` is a Uint8Array of exactly `length` bytes. */
export function assertLength(value: unknown, length: number, name: string): asserts value is Uint8Array {
  assertBytes(value, name);
  if (value.length !== length) throw new RangeError(`${name}: expected ${length} bytes, got ${value.length}`);
}

/** Throws TypeError unless `curve` is one of the supported curve names. */
export function assertCurve(curve: unknown, name = 'curve'): asserts curve is Curve {
  if (curve !== 'P-256' && curve !== 'brainpoolP256r1') {
    throw new TypeError(`${name}: expected 'P-256' or 'brainpoolP256r1', got ${describe(curve)}`);
  }
}

/** Throws TypeError unless `form` is `'raw'` or `'der'`. */
export function assertForm(form: unknown, name = 'form'): asserts form is SignatureForm {
  if (form !== 'raw' && form !== 'der') throw new TypeError(`${name}: expected 'raw' or 'der', got ${describe(form)}`);
}

const limits = new Map<Curve, { p: Uint8Array; n: Uint8Array }>();

/** The field prime p and the order n of `curve` as 32 big-endian bytes (for range checks without bigints). */
export function limitBytes(curve: Curve): { p: Uint8Array; n: Uint8Array } {
  let l = limits.get(curve);
  if (l === undefined) limits.set(curve, (l = { p: bigIntToBytes(CURVES[curve].p, 32), n: bigIntToBytes(CURVES[curve].n, 32) }));
  return l;
}

/** True when the big-endian number `a` is below `limit` (both the same length). */
export function below(a: Uint8Array, limit: Uint8Array): boolean {
  for (let i = 0; i < limit.length; i++) {
    if (a[i] !== limit[i]) return a[i] < limit[i];
  }
  return false;
}

/** True when every byte of `a` is zero. */
export function isZero(a: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc |= a[i];
  return acc === 0;
}

/**
 * Checks the shape of an EcPrivateKey argument: TypeError/RangeError for a wrong shape,
 * CryptoKeyFormatError `scalar-out-of-range` for d = 0 or d ≥ n.
 */
export function assertPrivateKey(key: unknown, name = 'privateKey'): asserts key is EcPrivateKey {
  if (typeof key !== 'object' || key === null) throw new TypeError(`${name}: expected an EcPrivateKey object, got ${describe(key)}`);
  const k = key as Partial<EcPrivateKey>;
  if (k.kind !== 'private') throw new TypeError(`${name}.kind: expected 'private', got ${describe(k.kind)}`);
  assertCurve(k.curve, `${name}.curve`);
  assertLength(k.d, 32, `${name}.d`);
  if (isZero(k.d) || !below(k.d, limitBytes(k.curve).n)) {
    throw new CryptoKeyFormatError('scalar-out-of-range', `${name}.d: private scalar must be in [1, n-1] for ${k.curve}`);
  }
}

/**
 * Checks the shape of an EcPublicKey argument (TypeError/RangeError); whether the point lies on
 * the curve is checked by the provider (CryptoKeyFormatError `point-not-on-curve`).
 */
export function assertPublicKey(key: unknown, name = 'publicKey'): asserts key is EcPublicKey {
  if (typeof key !== 'object' || key === null) throw new TypeError(`${name}: expected an EcPublicKey object, got ${describe(key)}`);
  const k = key as Partial<EcPublicKey>;
  if (k.kind !== 'public') throw new TypeError(`${name}.kind: expected 'public', got ${describe(k.kind)}`);
  assertCurve(k.curve, `${name}.curve`);
  assertLength(k.point, 65, `${name}.point`);
  if (k.point[0] !== 0x04) {
    throw new CryptoKeyFormatError('bad-point-encoding', `${name}.point: expected uncompressed form (first byte 0x04), got 0x${toHex(k.point.subarray(0, 1))}`);
  }
}

/** Throws unless both keys are on the same curve. */
export function assertSameCurve(a: { curve: Curve }, b: { curve: Curve }): void {
  if (a.curve !== b.curve) throw new TypeError(`publicKey.curve: expected ${a.curve} (the private key's curve), got ${b.curve}`);
}

/** Checks AES-128 key / IV / data arguments. */
export function assertAesArgs(key: unknown, iv: unknown, data: unknown): void {
  assertLength(key, 16, 'key');
  if (iv !== undefined) assertLength(iv, 16, 'iv');
  assertBytes(data, 'data');
  if (data.length % 16 !== 0) throw new RangeError(`data: length must be a multiple of 16 (no padding), got ${data.length}`);
}

/** Checks a randomBytes length argument. */
export function assertRandomLength(length: unknown): asserts length is number {
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`length: expected a non-negative safe integer, got ${describe(length)}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' ? `${typeof value} ${String(value)}` : typeof value;
}
