/**
 * What every RSP signature helper shares: locating the signed bytes as received, the
 * associationToken suffix of SGP.32 v1.1+, the checks on a 5F37 signature value, key
 * resolution and the verdict type.
 *
 * Mechanics common to all RSP signatures (SGP.22 v2.5 §2.6.5, SGP.32 v1.2 §2.6; our notes
 * `signatures.md` §1): ECDSA with SHA-256 over an exact byte string, the signature value carried
 * in `[APPLICATION 55] OCTET STRING` (tag 5F37) as plain r‖s of 64 bytes (BSI TR-03111), and the
 * signed bytes are the DER TLV of the signed structure *as received*, including its own tag and
 * length — never a re-encoding, so BER from the field still verifies.
 *
 * @module
 */
import type { CryptoProvider, EcPrivateKey, EcPublicKey } from '../crypto/provider.js';
import { nobleProvider } from '../crypto/noble.js';
import { CryptoKeyFormatError, SignatureFormatError } from '../crypto/errors.js';
import { ecdsaDerToRaw } from '../crypto/signature-form.js';
import { importPrivateKey, importPublicKey } from '../crypto/keys.js';
import { importVerificationKey, publicKeyFromCertificate } from '../pki/keys.js';
import { encodedBytesOf, hdr, newReader, tagHex } from '../der/reader.js';
import { Asn1DecodeError } from '../der/errors.js';
import { Certificate, SubjectPublicKeyInfo } from '../generated/PKIX1Explicit88.js';
import { integer, tlv } from '../der/build.js';

/**
 * Why a signature did not verify. A verdict, never an exception (DESIGN.md "Errors").
 *
 * - `bad-signature`: a well-formed r‖s signature that does not verify with the given key over
 *   the signed bytes. ECDSA cannot tell a wrong key from altered data: both land here.
 * - `wrong-key`: the key given cannot verify an RSP signature at all — a well-formed key or
 *   certificate whose algorithm or curve is not EC P-256 / brainpoolP256r1 (SGP.22 §2.6.5).
 * - `signature-not-raw`: the 5F37 content is a DER `ECDSA-Sig-Value`, not the plain r‖s GSMA
 *   prescribes (a common signer bug).
 * - `bad-signature-length`: the 5F37 content is neither 64 bytes nor a DER signature.
 * - `association-token-mismatch`: the signature does not verify with the associationToken given,
 *   but does verify as signed with no token (bare, or `84 01 00`).
 * - `not-signed`: the message is a form without a signature (EuiccPackageErrorUnsigned).
 * - `no-key`: the key source holds no key (EimConfigurationData without eimPublicKeyData, or an
 *   unknown CHOICE alternative there).
 */
export type SignatureFailureReason =
  | 'bad-signature'
  | 'wrong-key'
  | 'signature-not-raw'
  | 'bad-signature-length'
  | 'association-token-mismatch'
  | 'not-signed'
  | 'no-key';

/**
 * The outcome of a signature verification: valid, or why not (with a sentence for people).
 * Token-bound signatures (eimSignature, euiccSignEPR, euiccSignEPE) say on success which suffix
 * matched ({@link SignedSuffix}) and repeat it in `detail`.
 */
export type SignatureVerdict =
  | { readonly valid: true; readonly signedSuffix?: SignedSuffix; readonly detail?: string }
  | { readonly valid: false; readonly reason: SignatureFailureReason; readonly detail: string };

/** The `eimPublicKeyData` CHOICE of `EimConfigurationData` (SGP.32 v1.2 §2.11.1.1.1). */
export type EimPublicKeyData =
  | { readonly $case: 'eimPublicKey'; readonly value: SubjectPublicKeyInfo }
  | { readonly $case: 'eimCertificate'; readonly value: Certificate }
  | { readonly $case: '$unknown'; readonly value: Uint8Array };

/**
 * Where the verifying public key comes from; give exactly one of the three.
 * - `publicKey`: an {@link EcPublicKey}, or a SubjectPublicKeyInfo (or certificate) as PEM/DER.
 * - `certificate`: an X.509 certificate, PEM or DER bytes, or a decoded `Certificate` value.
 * - `eimPublicKeyData`: the decoded `EimConfigurationData.eimPublicKeyData` CHOICE (either an
 *   `eimPublicKey` SubjectPublicKeyInfo or an `eimCertificate`).
 *
 * Only the subjectPublicKeyInfo of a certificate is read: validating the certificate (chain,
 * dates, role) is the caller's job (`sgp32/pki`).
 */
export type VerificationKey =
  | { readonly publicKey: EcPublicKey | string | Uint8Array; readonly certificate?: undefined; readonly eimPublicKeyData?: undefined }
  | { readonly certificate: string | Uint8Array | Certificate; readonly publicKey?: undefined; readonly eimPublicKeyData?: undefined }
  | { readonly eimPublicKeyData: EimPublicKeyData | undefined; readonly publicKey?: undefined; readonly certificate?: undefined };

/** A signing key: an {@link EcPrivateKey}, or PKCS#8 / SEC1 as PEM text or PEM/DER bytes. */
export type SigningKey = EcPrivateKey | string | Uint8Array;

/** The tag of an RSP signature data object: [APPLICATION 55] primitive, 5F37. */
export const SIGNATURE_TAG = 0x5f37;

// ---------------------------------------------------------------------------------------------
// Signature data objects

/** The signature data object `5F37 40 ‖ value` of a 64-byte raw signature (signatures.md §1.4). */
export function signatureDataObject(value: Uint8Array): Uint8Array {
  return tlv(SIGNATURE_TAG, value);
}

// ---------------------------------------------------------------------------------------------
// associationToken (SGP.32 v1.2 §2.11.1.1 / §2.11.2.1; signatures.md §3.9, §3.10)

/**
 * The associationToken data object appended when the eIM association has no token: `84 01 00`.
 *
 * UNVERIFIED reading of SGP.32 v1.2 §2.11.1.2 ("with no associationToken configured, the token
 * data object is used with value zero"). Source: openiotrsp/openiotrsp, an independent eIM
 * tested against production eUICCs — `INTERPRETATION_LOG.md` reports real euiccSignEPR values
 * that verify only with `84 01 00` appended, and `euiccpkg/service.go` signs and verifies that
 * way. Until a captured vector from an eUICC without a token says otherwise, signers append it
 * (or nothing, with `noTokenSuffix: 'none'`) and verifiers accept both forms, saying which
 * matched (signatures.md §3.9; docs/guides/signing.md).
 */
export const NO_TOKEN_TLV: Uint8Array = /*@__PURE__*/ Uint8Array.of(0x84, 0x01, 0x00);
/** The library's own copy: a caller writing into the exported array changes nothing here. */
export const ZERO_TOKEN = /*@__PURE__*/ Uint8Array.of(0x84, 0x01, 0x00);

/**
 * What a signer appends when no associationToken is configured: `'zero'` (default) the data
 * object `84 01 00` ({@link NO_TOKEN_TLV}); `'none'` nothing, the reading this library used
 * before (both UNVERIFIED, see {@link NO_TOKEN_TLV}).
 */
export type NoTokenSuffix = 'zero' | 'none';

/**
 * Which bytes followed the signed part in a token-bound signature that verified:
 * `'token'` the configured associationToken; `'token-zero'` `84 01 00` (no token configured);
 * `'none'` nothing (no token configured, the bare signed data).
 */
export type SignedSuffix = 'token' | 'token-zero' | 'none';

/**
 * The associationToken as it is appended to eimSignature / euiccSignEPR / euiccSignEPE signed
 * data: a `[4]` context INTEGER TLV, `84 len value`, value the minimal two's-complement octets
 * (DER INTEGER). `null` (the association has no token) gives `84 01 00`, see {@link NO_TOKEN_TLV}.
 *
 * VERIFIED for token 1 (`84 01 01`) against a real eIM↔eUICC exchange (signatures.md §3.9).
 * UNVERIFIED: tokens ≥ 128 (DER gives `84 02 00 80` for 128; one reference eIM writes the
 * unsigned form `84 01 80`) and the "no token" case — see signatures.md §5.
 *
 * @param token - a safe integer, or null for none.
 * @returns the TLV bytes.
 * @throws TypeError if `token` is neither a safe integer nor null.
 * @example associationTokenTlv(1) // 84 01 01; associationTokenTlv(null) // 84 01 00
 */
export function associationTokenTlv(token: number | null): Uint8Array {
  if (token === null) return ZERO_TOKEN.slice();
  if (typeof token !== 'number' || !Number.isSafeInteger(token)) {
    throw new TypeError(`associationToken: expected a safe integer or null (none), got ${describe(token)}`);
  }
  // [4] IMPLICIT INTEGER: the INTEGER's content (minimal two's complement, X.690 §8.3) under
  // tag 84. A safe integer's INTEGER TLV has a one-octet length, so its content starts at 2.
  return tlv(0x84, integer(token).subarray(2));
}

/**
 * The suffix a token-bound signer appends: the token's TLV, or for no token `84 01 00`
 * (`noTokenSuffix` `'zero'`, the default) or nothing (`'none'`).
 *
 * @throws TypeError for a token that is not a safe integer or null, or a bad `noTokenSuffix`.
 */
export function signerTokenSuffix(token: number | null | undefined, noTokenSuffix: NoTokenSuffix | undefined): Uint8Array {
  if (noTokenSuffix !== undefined && noTokenSuffix !== 'zero' && noTokenSuffix !== 'none') {
    throw new TypeError(`noTokenSuffix: expected 'zero' or 'none', got ${describe(noTokenSuffix)}`);
  }
  if (token === undefined || token === null) return noTokenSuffix === 'none' ? new Uint8Array(0) : ZERO_TOKEN.slice();
  return associationTokenTlv(token);
}

/** Checks the associationToken option of a verifier: a safe integer or null, never absent. */
export function checkTokenOption(token: unknown, name = 'associationToken'): number | null {
  if (token === undefined) {
    throw new TypeError(`${name}: required — the token agreed when the eIM was associated, or null when there is none`);
  }
  if (token !== null && (typeof token !== 'number' || !Number.isSafeInteger(token))) {
    throw new TypeError(`${name}: expected a safe integer or null (none), got ${describe(token)}`);
  }
  return token as number | null;
}

// ---------------------------------------------------------------------------------------------
// Locating signed bytes

/**
 * The exact received bytes of a signed component: for bytes, checks they are one complete TLV
 * with the expected tag (BER headers accepted); for a decoded value, takes the bytes recorded by
 * `decode(…, { keepEncoded: true })`.
 *
 * @throws TypeError for a value decoded without `keepEncoded` or a wrong argument type;
 *   Asn1DecodeError (`unexpected-tag`, `trailing-data`, `truncated`, …) when the bytes are not
 *   one TLV with tag `tag`.
 */
export function receivedBytes(input: Uint8Array | object, tag: number, name: string): Uint8Array {
  if (input instanceof Uint8Array) {
    const r = newReader(input, { strict: false });
    hdr(r, 0, input.length);
    if (r.t !== tag) {
      throw new Asn1DecodeError('unexpected-tag', 0, `expected a TLV with tag ${tagHex(tag)}, found tag ${tagHex(r.t)}`).addPath(name);
    }
    if (r.n !== input.length) throw new Asn1DecodeError('trailing-data', r.n, `${input.length - r.n} bytes after the ${tagHex(tag)} TLV`).addPath(name);
    return input;
  }
  if (typeof input !== 'object' || input === null) {
    throw new TypeError(`${name}: expected the received bytes (Uint8Array) or a value decoded with { keepEncoded: true }, got ${describe(input)}`);
  }
  const bytes = encodedBytesOf(input);
  if (bytes === undefined) {
    throw new TypeError(
      `${name}: this value carries no received encoding; decode the message with { keepEncoded: true } (signatures are checked over the bytes received, never a re-encoding)`,
    );
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Keys

/** Resolves a signing key argument. @throws TypeError; CryptoKeyFormatError for bad key data. */
export function resolvePrivateKey(key: unknown, name = 'privateKey'): EcPrivateKey {
  if (typeof key === 'string' || key instanceof Uint8Array) return importPrivateKey(key);
  if (typeof key === 'object' && key !== null && (key as EcPrivateKey).kind === 'private') return key as EcPrivateKey;
  throw new TypeError(`${name}: expected an EcPrivateKey or PKCS#8/SEC1 key as PEM text or PEM/DER bytes, got ${describe(key)}`);
}

/** Resolves the provider option (`name` is how the error message calls it). */
export function resolveProvider(provider: unknown, name = 'provider'): CryptoProvider {
  if (provider === undefined) return nobleProvider;
  if (typeof provider !== 'object' || provider === null || typeof (provider as CryptoProvider).ecdsaVerify !== 'function') {
    throw new TypeError(`${name}: expected a CryptoProvider (e.g. nobleProvider, or nodeProvider from sgp32/node), got ${describe(provider)}`);
  }
  return provider as CryptoProvider;
}

/** A resolved key or the verdict explaining why there is none. */
export type ResolvedKey = { readonly key: EcPublicKey } | { readonly verdict: SignatureVerdict & { valid: false } };

/**
 * Resolves a {@link VerificationKey}. Keys of another algorithm or curve give a `wrong-key`
 * verdict; unparsable key data throws CryptoKeyFormatError.
 *
 * @throws TypeError unless exactly one key source is given.
 */
export function resolvePublicKey(source: unknown): ResolvedKey {
  if (typeof source !== 'object' || source === null) throw new TypeError(`key: expected { publicKey } | { certificate } | { eimPublicKeyData }, got ${describe(source)}`);
  const s = source as { publicKey?: unknown; certificate?: unknown; eimPublicKeyData?: unknown };
  const given = (['publicKey', 'certificate', 'eimPublicKeyData'] as const).filter((k) => k in s && s[k] !== undefined);
  const eimKeyAbsent = 'eimPublicKeyData' in s && s.eimPublicKeyData === undefined && given.length === 0;
  if (eimKeyAbsent) return { verdict: { valid: false, reason: 'no-key', detail: 'the eIM configuration holds no eimPublicKeyData' } };
  if (given.length !== 1) {
    throw new TypeError(`key: give exactly one of publicKey, certificate, eimPublicKeyData (got ${given.length === 0 ? 'none' : given.join(', ')})`);
  }
  try {
    switch (given[0]) {
      case 'publicKey': {
        const k = s.publicKey;
        if (typeof k === 'string' || k instanceof Uint8Array) return { key: importVerificationKey(k) };
        if (typeof k === 'object' && k !== null && (k as EcPublicKey).kind === 'public') return { key: k as EcPublicKey };
        throw new TypeError(`publicKey: expected an EcPublicKey or SubjectPublicKeyInfo as PEM text or PEM/DER bytes, got ${describe(k)}`);
      }
      case 'certificate':
        return { key: publicKeyFromCertificate(certificateBytes(s.certificate, 'certificate')) };
      case 'eimPublicKeyData': {
        const d = s.eimPublicKeyData as EimPublicKeyData;
        if (typeof d !== 'object' || d === null || typeof d.$case !== 'string') {
          throw new TypeError(`eimPublicKeyData: expected the decoded CHOICE { $case, value }, got ${describe(d)}`);
        }
        if (d.$case === 'eimPublicKey') return { key: importPublicKey(encodedBytesOf(d.value) ?? SubjectPublicKeyInfo.encode(d.value)) };
        if (d.$case === 'eimCertificate') return { key: publicKeyFromCertificate(certificateBytes(d.value, 'eimPublicKeyData.eimCertificate')) };
        return { verdict: { valid: false, reason: 'no-key', detail: 'eimPublicKeyData holds an alternative this version does not know' } };
      }
    }
  } catch (err) {
    if (err instanceof CryptoKeyFormatError && (err.code === 'unsupported-algorithm' || err.code === 'unknown-curve')) {
      return { verdict: { valid: false, reason: 'wrong-key', detail: `the key cannot verify an RSP signature: ${err.message}` } };
    }
    throw err;
  }
}

function certificateBytes(c: unknown, name: string): string | Uint8Array {
  if (typeof c === 'string' || c instanceof Uint8Array) return c;
  if (typeof c === 'object' && c !== null && 'tbsCertificate' in c) return encodedBytesOf(c) ?? Certificate.encode(c as Certificate);
  throw new TypeError(`${name}: expected an X.509 certificate as PEM text, PEM/DER bytes or a decoded Certificate, got ${describe(c)}`);
}

// ---------------------------------------------------------------------------------------------
// Signature value checks and verification

/** Classifies a 5F37 signature value that is not 64 bytes. */
export function malformedSignature(sig: Uint8Array): SignatureVerdict & { valid: false } {
  try {
    ecdsaDerToRaw(sig);
    return { valid: false, reason: 'signature-not-raw', detail: `the signature (${sig.length} bytes) is a DER ECDSA-Sig-Value; RSP signatures are plain r‖s of 64 bytes` };
  } catch (err) {
    if (!(err instanceof SignatureFormatError)) throw err;
    return { valid: false, reason: 'bad-signature-length', detail: `the signature has ${sig.length} bytes; expected 64 (r‖s)` };
  }
}

/** A short description of a value for argument errors. */
export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x instanceof Uint8Array) return `Uint8Array(${x.length})`;
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  if (typeof x === 'number') return `number ${x}`;
  return typeof x;
}
