/**
 * Import and export of EC keys on the two RSP curves (SGP.22 §2.6.5):
 * - private keys: PKCS#8 PrivateKeyInfo / OneAsymmetricKey (RFC 5208 §5, RFC 5958 §2) and SEC1
 *   ECPrivateKey (RFC 5915 §3), DER or PEM (RFC 7468), detected automatically;
 * - public keys: SubjectPublicKeyInfo (RFC 5480 §2) and raw SEC1 points, uncompressed or
 *   compressed (SEC 1 v2 §2.3.3–2.3.4). Certificates are read by `sgp32/pki`.
 *
 * Only named curves are accepted: P-256 (1.2.840.10045.3.1.7) and brainpoolP256r1
 * (1.3.36.3.3.2.8.1.1.7). Every imported key is validated: the scalar lies in [1, n−1], points
 * lie on the curve, and a public key stored next to a private key must equal d·G. Problems
 * raise {@link CryptoKeyFormatError} with a `code`.
 *
 * @module
 */
import { p256 } from '@noble/curves/nist.js';
import { brainpoolP256r1 } from '@noble/curves/misc.js';
import type { Curve, EcPrivateKey, EcPublicKey } from './provider.js';
import { CURVES, assertBytes, assertCurve, assertPrivateKey, assertPublicKey, bytesToBigInt, curveByOid } from './curves.js';
import { CryptoKeyFormatError } from './errors.js';
import { Asn1DecodeError } from '../der/errors.js';
import { contentOf, readOid, type TlvHeader as Tlv } from '../der/header.js';
import { isProblem, strictTlv } from './der-strict.js';
import { BytesFormatError, equalBytes, readPem, tagHex, writePem } from '../der/bytes.js';
import { ID_EC_PUBLIC_KEY, pkcs8Der, sec1Der, spkiDer } from './key-der.js';

const IMPL = { 'P-256': p256, brainpoolP256r1 } as const;

/** The private key containers. */
export type PrivateKeyFormat = 'pkcs8' | 'sec1';

// ---------------------------------------------------------------------------------------------
// PEM (RFC 7468)

interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
}

/** The blocks of a PEM text (at least one), read by the bytes module; encrypted PEM is refused. */
function parsePem(text: string): PemBlock[] {
  let blocks;
  try {
    blocks = readPem(text);
  } catch (err) {
    if (err instanceof BytesFormatError) throw new CryptoKeyFormatError('bad-pem', err.detail);
    throw err;
  }
  if (blocks.length === 0) throw new CryptoKeyFormatError('bad-pem', 'PEM: no "-----BEGIN …-----" block found');
  for (const b of blocks) {
    if (b.headers.length > 0) throw new CryptoKeyFormatError('bad-pem', `PEM ${b.label}: encapsulated headers (e.g. encrypted PEM) are not supported`);
  }
  return blocks.map((b) => ({ label: b.label, der: b.bytes }));
}

/** PEM text if `input` is a string or bytes that start with "-----BEGIN" (after whitespace). */
function asPemText(input: string | Uint8Array, name: string): string | undefined {
  if (typeof input === 'string') return input;
  assertBytes(input, name);
  let i = 0;
  while (i < input.length && (input[i] === 0x20 || input[i] === 0x09 || input[i] === 0x0a || input[i] === 0x0d)) i++;
  const marker = '-----BEGIN';
  for (let k = 0; k < marker.length; k++) if (input[i + k] !== marker.charCodeAt(k)) return undefined;
  let text = '';
  for (const b of input) {
    if (b > 0x7e) throw new CryptoKeyFormatError('bad-pem', 'PEM: non-ASCII byte in PEM text');
    text += String.fromCharCode(b);
  }
  return text;
}

function typeError(name: string, value: unknown): TypeError {
  return new TypeError(`${name}: expected a PEM string or DER/PEM bytes (Uint8Array), got ${value === null ? 'null' : typeof value}`);
}

// ---------------------------------------------------------------------------------------------
// Points

/**
 * Decodes a SEC1 point (65-byte uncompressed or 33-byte compressed) to the uncompressed form,
 * checking it is on the curve.
 */
function decodePoint(curve: Curve, bytes: Uint8Array, what: string, offset?: number): Uint8Array {
  const prefix = bytes[0];
  const ok = (bytes.length === 65 && prefix === 0x04) || (bytes.length === 33 && (prefix === 0x02 || prefix === 0x03));
  if (!ok) {
    throw new CryptoKeyFormatError(
      'bad-point-encoding',
      `${what}: expected 65 bytes starting 04 or 33 bytes starting 02/03, got ${bytes.length} bytes starting ${bytes.length ? hex(prefix) : '(none)'}`,
      offset,
    );
  }
  const p = CURVES[curve].p;
  if (bytesToBigInt(bytes.subarray(1, 33)) >= p || (bytes.length === 65 && bytesToBigInt(bytes.subarray(33)) >= p)) {
    throw new CryptoKeyFormatError('point-not-on-curve', `${what}: coordinate not below the field prime of ${curve}`, offset);
  }
  let point;
  try {
    point = IMPL[curve].Point.fromBytes(bytes);
    point.assertValidity();
  } catch (cause) {
    throw new CryptoKeyFormatError('point-not-on-curve', `${what}: not a point on ${curve} (${(cause as Error).message})`, offset);
  }
  return point.toBytes(false);
}

function publicPointOf(curve: Curve, d: Uint8Array): Uint8Array {
  return IMPL[curve].getPublicKey(d, false);
}


// ---------------------------------------------------------------------------------------------
// DER structures, read with the DER toolkit; its errors become this module's `bad-der`.

function badDer(err: unknown, what: string): unknown {
  return err instanceof Asn1DecodeError ? new CryptoKeyFormatError('bad-der', `${what}: ${err.detail}`, err.offset) : err;
}

/** The strict-DER TLV at `offset`, which must end by `end`. */
function readTlv(der: Uint8Array, offset: number, end: number, what: string): Tlv {
  const t = strictTlv(der, offset, end);
  if (isProblem(t)) throw new CryptoKeyFormatError('bad-der', `${what}: ${t.detail}`, t.offset);
  return t;
}

/** The TLV at `offset`, which must have tag `tag`. */
function expectTlv(der: Uint8Array, offset: number, end: number, tag: number, what: string): Tlv {
  const t = readTlv(der, offset, end, what);
  if (t.tag !== tag) throw new CryptoKeyFormatError('bad-der', `${what}: expected tag 0x${hex(tag)}, got 0x${hex(t.tag)}`, offset);
  return t;
}

/** The TLVs inside a constructed one. */
function childrenOf(der: Uint8Array, parent: Tlv, what: string): Tlv[] {
  const out: Tlv[] = [];
  for (let p = parent.contentStart; p < parent.contentEnd; p = out[out.length - 1].end) out.push(readTlv(der, p, parent.contentEnd, `${what}[${out.length}]`));
  return out;
}

function decodeOid(der: Uint8Array, t: Tlv, what: string): string {
  try {
    return readOid(der, t);
  } catch (err) {
    throw badDer(err, what);
  }
}

/** A packed tag (or a lead octet) in lower-case hex, as these messages write it. */
function hex(tag: number): string {
  return tagHex(tag).toLowerCase();
}

/** Reads the single top-level TLV of `der` and refuses trailing bytes. */
function topLevel(der: Uint8Array, what: string): Tlv {
  if (der.length === 0) throw new CryptoKeyFormatError('bad-der', `${what}: empty input`, 0);
  const t = expectTlv(der, 0, der.length, 0x30, what);
  if (t.end !== der.length) throw new CryptoKeyFormatError('bad-der', `${what}: ${der.length - t.end} trailing bytes`, t.end);
  return t;
}

function curveFromParameters(der: Uint8Array, params: Tlv | undefined, what: string): Curve {
  if (params === undefined) throw new CryptoKeyFormatError('unknown-curve', `${what}: no curve parameters`);
  if (params.tag !== 0x06) {
    throw new CryptoKeyFormatError('unknown-curve', `${what}: only named curves are supported (got tag 0x${hex(params.tag)} instead of an OID)`, params.start);
  }
  const oid = decodeOid(der, params, what);
  const info = curveByOid(oid);
  if (!info) throw new CryptoKeyFormatError('unknown-curve', `${what}: curve ${oid} is neither P-256 nor brainpoolP256r1`, params.start);
  return info.curve;
}

/** AlgorithmIdentifier { id-ecPublicKey, namedCurve } → curve. */
function readEcAlgorithm(der: Uint8Array, alg: Tlv, what: string): Curve {
  if (alg.tag !== 0x30) throw new CryptoKeyFormatError('bad-der', `${what}: expected AlgorithmIdentifier SEQUENCE, got tag 0x${hex(alg.tag)}`, alg.start);
  const parts = childrenOf(der, alg, what);
  if (parts.length < 1 || parts.length > 2 || parts[0].tag !== 0x06) {
    throw new CryptoKeyFormatError('bad-der', `${what}: expected SEQUENCE { OBJECT IDENTIFIER, parameters }`, alg.start);
  }
  const algOid = decodeOid(der, parts[0], `${what}.algorithm`);
  if (algOid !== ID_EC_PUBLIC_KEY) {
    throw new CryptoKeyFormatError('unsupported-algorithm', `${what}: algorithm ${algOid} is not id-ecPublicKey (${ID_EC_PUBLIC_KEY})`, parts[0].start);
  }
  return curveFromParameters(der, parts[1], `${what}.parameters`);
}

/** BIT STRING holding a point → uncompressed point. */
function readPointBitString(der: Uint8Array, bits: Tlv, curve: Curve, what: string): Uint8Array {
  const c = contentOf(der, bits);
  if (c.length < 1 || c[0] !== 0) throw new CryptoKeyFormatError('bad-der', `${what}: BIT STRING must have 0 unused bits`, bits.contentStart);
  return decodePoint(curve, c.subarray(1), what, bits.contentStart + 1);
}

function readSpki(der: Uint8Array, spki: Tlv, what: string): EcPublicKey {
  const parts = childrenOf(der, spki, what);
  if (parts.length !== 2 || parts[1].tag !== 0x03) {
    throw new CryptoKeyFormatError('bad-der', `${what}: expected SEQUENCE { AlgorithmIdentifier, BIT STRING }`, spki.start);
  }
  const curve = readEcAlgorithm(der, parts[0], `${what}.algorithm`);
  return { kind: 'public', curve, point: readPointBitString(der, parts[1], curve, `${what}.subjectPublicKey`) };
}

/** ECPrivateKey (RFC 5915 §3) inside `der` at `key`; `outerCurve` comes from PKCS#8 or an EC PARAMETERS block. */
function readSec1(der: Uint8Array, key: Tlv, outerCurve: Curve | undefined, what: string): EcPrivateKey {
  if (key.tag !== 0x30) throw new CryptoKeyFormatError('bad-der', `${what}: expected ECPrivateKey SEQUENCE, got tag 0x${hex(key.tag)}`, key.start);
  const parts = childrenOf(der, key, what);
  if (parts.length < 2 || parts[0].tag !== 0x02 || parts[1].tag !== 0x04) {
    throw new CryptoKeyFormatError('bad-der', `${what}: expected SEQUENCE { INTEGER 1, OCTET STRING, … }`, key.start);
  }
  const version = contentOf(der, parts[0]);
  if (version.length !== 1 || version[0] !== 1) throw new CryptoKeyFormatError('bad-der', `${what}.version: expected 1 (ecPrivkeyVer1)`, parts[0].contentStart);
  let params: Tlv | undefined;
  let publicBits: Tlv | undefined;
  let lastTag = 0;
  for (const p of parts.slice(2)) {
    if ((p.tag !== 0xa0 && p.tag !== 0xa1) || p.tag <= lastTag) {
      throw new CryptoKeyFormatError('bad-der', `${what}: unexpected element with tag 0x${hex(p.tag)}`, p.start);
    }
    lastTag = p.tag;
    const inner = childrenOf(der, p, what);
    if (inner.length !== 1) throw new CryptoKeyFormatError('bad-der', `${what}: [${p.tag & 0x1f}] must hold exactly one element`, p.start);
    if (p.tag === 0xa0) params = inner[0];
    else {
      if (inner[0].tag !== 0x03) throw new CryptoKeyFormatError('bad-der', `${what}.publicKey: expected BIT STRING`, inner[0].start);
      publicBits = inner[0];
    }
  }
  let curve: Curve;
  if (params !== undefined) {
    curve = curveFromParameters(der, params, `${what}.parameters`);
    if (outerCurve !== undefined && outerCurve !== curve) {
      throw new CryptoKeyFormatError('bad-der', `${what}.parameters: curve ${curve} contradicts the enclosing ${outerCurve}`, params.start);
    }
  } else if (outerCurve !== undefined) {
    curve = outerCurve;
  } else {
    throw new CryptoKeyFormatError('unknown-curve', `${what}: no curve named (no [0] parameters)`, key.start);
  }
  const dBytes = contentOf(der, parts[1]);
  if (dBytes.length !== 32) {
    throw new CryptoKeyFormatError('bad-der', `${what}.privateKey: expected 32 bytes (RFC 5915: ceiling(log2(n)/8)), got ${dBytes.length}`, parts[1].contentStart);
  }
  const d = bytesToBigInt(dBytes);
  if (d === 0n || d >= CURVES[curve].n) {
    throw new CryptoKeyFormatError('scalar-out-of-range', `${what}.privateKey: scalar must be in [1, n-1] for ${curve}`, parts[1].contentStart);
  }
  const privateKey: EcPrivateKey = { kind: 'private', curve, d: new Uint8Array(dBytes) };
  if (publicBits !== undefined) {
    const stored = readPointBitString(der, publicBits, curve, `${what}.publicKey`);
    if (!equalBytes(stored, publicPointOf(curve, privateKey.d))) {
      throw new CryptoKeyFormatError('public-key-mismatch', `${what}.publicKey: the stored public key is not d·G`, publicBits.start);
    }
  }
  return privateKey;
}

function readPkcs8(der: Uint8Array, top: Tlv, what: string): EcPrivateKey {
  const parts = childrenOf(der, top, what);
  if (parts.length < 3 || parts[0].tag !== 0x02 || parts[2].tag !== 0x04) {
    throw new CryptoKeyFormatError('bad-der', `${what}: expected SEQUENCE { INTEGER, AlgorithmIdentifier, OCTET STRING, … }`, top.start);
  }
  const version = contentOf(der, parts[0]);
  if (version.length !== 1 || version[0] > 1) throw new CryptoKeyFormatError('bad-der', `${what}.version: expected 0 or 1`, parts[0].contentStart);
  let lastNumber = -1;
  let publicBits: Tlv | undefined;
  for (const p of parts.slice(3)) {
    // [0] IMPLICIT Attributes, [1] IMPLICIT BIT STRING publicKey (RFC 5958 §2), in that order.
    if ((p.tag !== 0xa0 && p.tag !== 0x81) || (p.tag & 0x1f) <= lastNumber) {
      throw new CryptoKeyFormatError('bad-der', `${what}: unexpected element with tag 0x${hex(p.tag)}`, p.start);
    }
    lastNumber = p.tag & 0x1f;
    if (p.tag === 0x81) publicBits = p;
  }
  const curve = readEcAlgorithm(der, parts[1], `${what}.privateKeyAlgorithm`);
  const inner = readTlv(der, parts[2].contentStart, parts[2].end, `${what}.privateKey`);
  if (inner.end !== parts[2].end) throw new CryptoKeyFormatError('bad-der', `${what}.privateKey: trailing bytes inside the OCTET STRING`, inner.end);
  const key = readSec1(der, inner, curve, `${what}.privateKey`);
  if (publicBits !== undefined) {
    const stored = readPointBitString(der, publicBits, curve, `${what}.publicKey`);
    if (!equalBytes(stored, publicPointOf(curve, key.d))) {
      throw new CryptoKeyFormatError('public-key-mismatch', `${what}.publicKey: the stored public key is not d·G`, publicBits.start);
    }
  }
  return key;
}

/** Reads a private key DER, telling PKCS#8 (version 0/1 then AlgorithmIdentifier) from SEC1 (version 1 then OCTET STRING). */
function privateFromDer(der: Uint8Array, sec1Curve: Curve | undefined): EcPrivateKey {
  const top = topLevel(der, 'private key');
  const parts = childrenOf(der, top, 'private key');
  if (parts.length >= 2 && parts[0].tag === 0x02 && parts[1].tag === 0x30) return readPkcs8(der, top, 'PrivateKeyInfo');
  if (parts.length >= 2 && parts[0].tag === 0x02 && parts[1].tag === 0x04) return readSec1(der, top, sec1Curve, 'ECPrivateKey');
  throw new CryptoKeyFormatError('bad-der', 'private key: neither PKCS#8 PrivateKeyInfo nor SEC1 ECPrivateKey', 0);
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Imports an EC private key from PKCS#8 or SEC1 (RFC 5915), PEM or DER, detected automatically.
 * PEM input may contain other blocks (e.g. the `EC PARAMETERS` block `openssl ecparam -genkey`
 * writes); the first `PRIVATE KEY` or `EC PRIVATE KEY` block is used, and a SEC1 key without its
 * own curve takes it from an `EC PARAMETERS` block.
 *
 * @param input - PEM text, or DER or PEM bytes.
 * @returns the validated key.
 * @throws TypeError for a wrong argument type; CryptoKeyFormatError with code `bad-pem`,
 *   `bad-der`, `unsupported-algorithm`, `unknown-curve`, `scalar-out-of-range`,
 *   `bad-point-encoding`, `point-not-on-curve` or `public-key-mismatch`.
 * @example
 * ```ts
 * const key = importPrivateKey(readFileSync('SK_S_SM_DPauth_ECDSA_BRP.pem', 'utf8'));
 * key.curve; // 'brainpoolP256r1'
 * ```
 */
export function importPrivateKey(input: string | Uint8Array): EcPrivateKey {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) throw typeError('input', input);
  const text = asPemText(input, 'input');
  if (text === undefined) return privateFromDer(input as Uint8Array, undefined);
  const blocks = parsePem(text);
  const block = blocks.find((b) => b.label === 'PRIVATE KEY' || b.label === 'EC PRIVATE KEY');
  if (!block) {
    const labels = blocks.map((b) => b.label).join(', ');
    throw new CryptoKeyFormatError('bad-pem', `PEM: no "PRIVATE KEY" or "EC PRIVATE KEY" block (found: ${labels})`);
  }
  let paramsCurve: Curve | undefined;
  const paramsBlock = blocks.find((b) => b.label === 'EC PARAMETERS');
  if (paramsBlock && block.label === 'EC PRIVATE KEY') {
    const t = readTlv(paramsBlock.der, 0, paramsBlock.der.length, 'EC PARAMETERS');
    if (t.end !== paramsBlock.der.length) throw new CryptoKeyFormatError('bad-der', 'EC PARAMETERS: trailing bytes', t.end);
    paramsCurve = curveFromParameters(paramsBlock.der, t, 'EC PARAMETERS');
  }
  if (block.label === 'PRIVATE KEY') {
    const der = block.der;
    return readPkcs8(der, topLevel(der, 'PrivateKeyInfo'), 'PrivateKeyInfo');
  }
  return readSec1(block.der, topLevel(block.der, 'ECPrivateKey'), paramsCurve, 'ECPrivateKey');
}

/**
 * Imports an EC public key from a SubjectPublicKeyInfo, PEM (`PUBLIC KEY`) or DER. Keys in
 * certificates are read by `sgp32/pki` (`publicKeyFromCertificate`, `importVerificationKey`),
 * which parses the certificate with the generated PKIX codec.
 *
 * @param input - PEM text, or DER or PEM bytes.
 * @returns the validated public key, point uncompressed.
 * @throws TypeError for a wrong argument type; CryptoKeyFormatError (`bad-pem`, `bad-der`,
 *   `unsupported-algorithm`, `unknown-curve`, `bad-point-encoding`, `point-not-on-curve`).
 * @example
 * ```ts
 * const pub = importPublicKey(readFileSync('eim-public-key.pem', 'utf8'));
 * ```
 */
export function importPublicKey(input: string | Uint8Array): EcPublicKey {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) throw typeError('input', input);
  const text = asPemText(input, 'input');
  if (text === undefined) {
    const der = input as Uint8Array;
    return readSpki(der, topLevel(der, 'SubjectPublicKeyInfo'), 'SubjectPublicKeyInfo');
  }
  const blocks = parsePem(text);
  const block = blocks.find((b) => b.label === 'PUBLIC KEY');
  if (!block) {
    const labels = blocks.map((b) => b.label).join(', ');
    throw new CryptoKeyFormatError('bad-pem', `PEM: no "PUBLIC KEY" block (found: ${labels}; certificates are read by sgp32/pki)`);
  }
  return readSpki(block.der, topLevel(block.der, 'SubjectPublicKeyInfo'), 'SubjectPublicKeyInfo');
}

/**
 * A public key from a raw SEC1 point: 65 bytes uncompressed (`04‖x‖y`) or 33 bytes compressed
 * (`02|03‖x`, decompressed here), e.g. the eIM public key of an eIM configuration.
 *
 * @throws TypeError for a bad curve name or non-bytes; CryptoKeyFormatError
 *   `bad-point-encoding` or `point-not-on-curve`.
 * @example
 * ```ts
 * const pub = publicKeyFromRaw('P-256', point33or65);
 * ```
 */
export function publicKeyFromRaw(curve: Curve, point: Uint8Array): EcPublicKey {
  assertCurve(curve);
  assertBytes(point, 'point');
  return { kind: 'public', curve, point: decodePoint(curve, point, 'point') };
}

/**
 * A private key from a raw 32-byte scalar, range-checked.
 *
 * @throws TypeError/RangeError for bad arguments; CryptoKeyFormatError `scalar-out-of-range`.
 */
export function privateKeyFromRaw(curve: Curve, d: Uint8Array): EcPrivateKey {
  const key: EcPrivateKey = { kind: 'private', curve, d: d instanceof Uint8Array ? new Uint8Array(d) : d };
  assertPrivateKey(key, 'privateKey');
  return key;
}

/**
 * Exports a private key as PKCS#8 (default) or SEC1 DER. Both carry the public key, as OpenSSL
 * writes them; SEC1 also names the curve in `[0]`.
 *
 * @throws TypeError/RangeError/CryptoKeyFormatError for an invalid key object.
 */
export function exportPrivateKeyDer(key: EcPrivateKey, format: PrivateKeyFormat = 'pkcs8'): Uint8Array {
  assertPrivateKey(key, 'key');
  const point = publicPointOf(key.curve, key.d);
  if (format === 'pkcs8') return pkcs8Der(key.curve, key.d, point);
  if (format === 'sec1') return sec1Der(key.curve, key.d, point, true);
  throw new TypeError(`format: expected 'pkcs8' or 'sec1', got ${String(format)}`);
}

/**
 * Exports a private key as PEM: `PRIVATE KEY` (PKCS#8, default) or `EC PRIVATE KEY` (SEC1).
 *
 * @example
 * ```ts
 * writeFileSync('key.pem', exportPrivateKeyPem(key));
 * ```
 */
export function exportPrivateKeyPem(key: EcPrivateKey, format: PrivateKeyFormat = 'pkcs8'): string {
  return writePem(format === 'sec1' ? 'EC PRIVATE KEY' : 'PRIVATE KEY', exportPrivateKeyDer(key, format));
}

/** Exports a public key as SubjectPublicKeyInfo DER (uncompressed point). */
export function exportPublicKeyDer(key: EcPublicKey): Uint8Array {
  assertPublicKey(key, 'key');
  return spkiDer(key.curve, key.point);
}

/** Exports a public key as a `PUBLIC KEY` PEM. */
export function exportPublicKeyPem(key: EcPublicKey): string {
  return writePem('PUBLIC KEY', exportPublicKeyDer(key));
}

/**
 * Exports a public key as a raw SEC1 point: 65 bytes uncompressed (default) or 33 compressed.
 */
export function exportPublicKeyRaw(key: EcPublicKey, compressed = false): Uint8Array {
  assertPublicKey(key, 'key');
  if (!compressed) return new Uint8Array(key.point);
  const out = new Uint8Array(key.point.subarray(0, 33));
  out[0] = 0x02 | (key.point[64] & 1);
  return out;
}
