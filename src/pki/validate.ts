/**
 * Validation of GSMA RSP certificate chains: CI → EUM → eUICC, CI → SM-DP+ (auth, pb, TLS),
 * CI → SM-DS, SGP.22 v3 CI sub-CAs, and eIM certificates under a caller-chosen anchor.
 *
 * The procedure follows certificates.md §6 (which collects SGP.22 §4.5.2 / §5.6 and the
 * behaviour of the reference implementations) and RFC 5280 §6 where GSMA does not deviate.
 * Checks run one kind at a time over the whole path, anchor first, so the verdict names the
 * first check that fails and, within it, the certificate nearest the anchor:
 *
 * 1. encoding: strict DER, well-formed known extensions, ECDSA-with-SHA256, supported EC key;
 * 2. chaining: anchor selection, issuer name = issuer's subject, AKI = issuer's SKI;
 * 3. signatures, through the {@link CryptoProvider} (both curves, mixed-curve chains);
 * 4. validity at the caller's time (no clock is read);
 * 5. basicConstraints (CA flag) and pathLenConstraint;
 * 6. keyUsage;
 * 7. the GSMA role of each position;
 * 8. the eUICC's EID within its EUM's permitted prefixes (and its check digits);
 * 9. no critical extension this library does not apply.
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { nobleProvider } from '../crypto/noble.js';
import { CryptoKeyFormatError } from '../crypto/errors.js';
import { eidCheckDigitsValid, isEidFormat, matchingEidPrefix } from './eid.js';
import { OID_ECDSA_WITH_SHA256, parseCertificate, type CertificateInput, type CertificateView } from './parse.js';
import { GSMA_ROLES, allowedIssuerRoles, type GsmaRole } from './roles.js';
import type { DistinguishedName } from './asn1-values.js';
import type { KeyUsage } from './extensions.js';

/**
 * Why a chain is invalid, in the order the checks run.
 *
 * - `non-der-encoding`: BER lengths, indefinite lengths, trailing bytes or another deviation
 *   from strict DER (X.690 §10) in the certificate or an extension value.
 * - `malformed-extension`: a known extension that does not decode, or appears twice.
 * - `algorithm-mismatch`: signatureAlgorithm differs from tbsCertificate.signature.
 * - `unsupported-algorithm`: a signature algorithm other than ecdsa-with-SHA256.
 * - `unsupported-public-key`: a key that is not an uncompressed point on P-256 or
 *   brainpoolP256r1 (SGP.22 §2.6.5), or a point not on its curve.
 * - `unknown-issuer`: no anchor has the first certificate's issuer name and key identifier.
 * - `issuer-mismatch`: a certificate's issuer name is not the subject of the one before it.
 * - `key-identifier-mismatch`: authorityKeyIdentifier differs from the issuer's SKI.
 * - `bad-signature`: the signature does not verify with the issuer's key.
 * - `not-yet-valid`, `expired`: outside notBefore..notAfter at the given time.
 * - `not-a-ca`: an issuing certificate without basicConstraints cA=TRUE.
 * - `path-length-exceeded`: more CA certificates below an issuer than its pathLenConstraint allows.
 * - `key-usage`: keyCertSign missing on an issuer, or the leaf lacks the usage of its role.
 * - `role-mismatch`: a certificate's policy role does not fit its position or the expected role.
 * - `eid-invalid`: an eUICC certificate without a 32-digit EID in its subject serialNumber.
 * - `eid-out-of-range`: the EID does not start with a prefix its EUM permits.
 * - `eid-check-digits`: the EID's check digits are wrong (mod 97 ≠ 1).
 * - `unknown-critical-extension`: a critical extension this library does not apply.
 */
export type ChainInvalidReason =
  | 'non-der-encoding'
  | 'malformed-extension'
  | 'algorithm-mismatch'
  | 'unsupported-algorithm'
  | 'unsupported-public-key'
  | 'unknown-issuer'
  | 'issuer-mismatch'
  | 'key-identifier-mismatch'
  | 'bad-signature'
  | 'not-yet-valid'
  | 'expired'
  | 'not-a-ca'
  | 'path-length-exceeded'
  | 'key-usage'
  | 'role-mismatch'
  | 'eid-invalid'
  | 'eid-out-of-range'
  | 'eid-check-digits'
  | 'unknown-critical-extension';

/** Every reason code, in check order. */
export const CHAIN_INVALID_REASONS: readonly ChainInvalidReason[] = [
  'non-der-encoding',
  'malformed-extension',
  'algorithm-mismatch',
  'unsupported-algorithm',
  'unsupported-public-key',
  'unknown-issuer',
  'issuer-mismatch',
  'key-identifier-mismatch',
  'bad-signature',
  'not-yet-valid',
  'expired',
  'not-a-ca',
  'path-length-exceeded',
  'key-usage',
  'role-mismatch',
  'eid-invalid',
  'eid-out-of-range',
  'eid-check-digits',
  'unknown-critical-extension',
];

/** A certificate given to the validator: a parsed view, DER bytes, or PEM text. */
export type CertificateLike = CertificateView | CertificateInput;

/** Arguments of {@link validateChain}. */
export interface ValidateChainOptions {
  /**
   * The certificates from the one the anchor issued down to the leaf (issuer first; e.g.
   * `[eum, euicc]` or `[dpAuth]`). The anchor itself may be included as the first element;
   * it is then recognised by its bytes and the verdict's indices count it as 0.
   */
  readonly chain: readonly CertificateLike[];
  /** The trusted CI certificates (or, for eIM certificates, whatever the caller trusts). */
  readonly anchors: readonly CertificateLike[];
  /**
   * The time at which every certificate must be valid. `null` skips the validity check, for
   * verifiers without a trustworthy clock (the caller decides; nothing reads the system clock).
   */
  readonly at: Date | null;
  /**
   * The role the leaf must have. Without it the leaf's own policy role is used (and must
   * exist). `'eim'` validates an eIM certificate: no GSMA role is required above it.
   */
  readonly expectedRole?: GsmaRole;
  /** Signature verifier; defaults to the pure-TypeScript provider. */
  readonly provider?: CryptoProvider;
  /** Check the EID's mod-97 check digits (default true). */
  readonly eidCheckDigits?: boolean;
}

/** A valid chain. */
export interface ChainValid {
  readonly valid: true;
  /** The chain's certificates, issuer first, as given (the anchor only if it was given in it). */
  readonly chain: readonly CertificateView[];
  /** The anchor the chain ends at. */
  readonly anchor: CertificateView;
  /** The last certificate of the chain. */
  readonly leaf: CertificateView;
  /** The role the leaf was validated for. */
  readonly role: GsmaRole;
  /** The EID of an eUICC leaf. */
  readonly eid: string | undefined;
}

/** An invalid chain: the first failed check and where. */
export interface ChainInvalid {
  readonly valid: false;
  readonly reason: ChainInvalidReason;
  /**
   * Index in `chain` of the failing certificate; -1 for the anchor when the anchor was not
   * given as part of the chain.
   */
  readonly index: number;
  /** Human-readable explanation naming the certificate. */
  readonly detail: string;
}

/** The verdict of {@link validateChain}. */
export type ChainVerdict = ChainValid | ChainInvalid;

interface Node {
  readonly view: CertificateView;
  readonly index: number;
}

function toView(c: CertificateLike, name: string): CertificateView {
  if (typeof c === 'string' || c instanceof Uint8Array) return parseCertificate(c);
  if (typeof c === 'object' && c !== null && 'tbs' in c && 'der' in c && c.tbs instanceof Uint8Array) return c;
  throw new TypeError(`${name}: expected a CertificateView, DER bytes or PEM text`);
}

function bytesEqual(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function hex(bytes: Uint8Array | undefined): string {
  if (bytes === undefined) return '(none)';
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Name equality: identical DER, or the same text ignoring case and repeated spaces (RFC 5280 §7.1, simplified). */
export function namesMatch(a: DistinguishedName, b: DistinguishedName): boolean {
  if (bytesEqual(a.der, b.der)) return true;
  const norm = (n: DistinguishedName): string => n.text.toLowerCase().replace(/\s+/g, ' ');
  return a.rdns.length === b.rdns.length && norm(a) === norm(b);
}

/** Whether `issuer` may have issued `cert` by name and key identifier (signature not checked). */
export function couldHaveIssued(issuer: CertificateView, cert: CertificateView): boolean {
  if (!namesMatch(cert.issuer, issuer.subject)) return false;
  if (cert.authorityKeyIdentifier && issuer.subjectKeyIdentifier) {
    return bytesEqual(cert.authorityKeyIdentifier, issuer.subjectKeyIdentifier);
  }
  return true;
}

function label(n: Node): string {
  return `${n.index < 0 ? 'anchor' : `certificate ${n.index}`} (${n.view.subject.text})`;
}

function verifySignature(provider: CryptoProvider, issuer: CertificateView, cert: CertificateView): boolean | string {
  if (issuer.publicKey === undefined) return 'issuer has no supported public key';
  try {
    return provider.ecdsaVerify(issuer.publicKey, cert.tbs, cert.signature, 'der');
  } catch (e) {
    if (e instanceof CryptoKeyFormatError) return e.message;
    throw e;
  }
}

function requiredLeafUsage(role: GsmaRole): KeyUsage {
  return role === 'ci' || role === 'ci-subca' || role === 'eum' ? 'keyCertSign' : 'digitalSignature';
}

/**
 * Validates a certificate chain against trust anchors. Never throws for an invalid
 * certificate: every failed check is a verdict naming the reason and the certificate.
 *
 * @param options - see {@link ValidateChainOptions}: `chain` issuer first (leaf last),
 *   `anchors`, `at` (or null), optional `expectedRole`, `provider`, `eidCheckDigits`.
 * @returns `{ valid: true, chain, anchor, leaf, role, eid }` or
 *   `{ valid: false, reason, index, detail }`.
 * @throws TypeError/RangeError for bad arguments (empty chain, unknown role, `at` not a
 *   Date); CertificateParseError when a chain or anchor element given as bytes/PEM is not a
 *   certificate at all.
 * @example
 * ```ts
 * const verdict = validateChain({ chain: [eumDer, euiccDer], anchors: [ciDer], at: new Date() });
 * if (!verdict.valid) console.log(verdict.reason, verdict.index); // e.g. 'eid-out-of-range', 1
 * ```
 */
export function validateChain(options: ValidateChainOptions): ChainVerdict {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected an object');
  const { chain: chainIn, anchors: anchorsIn, at, expectedRole } = options;
  if (!Array.isArray(chainIn)) throw new TypeError('options.chain: expected an array of certificates');
  if (chainIn.length === 0) throw new RangeError('options.chain: expected at least one certificate');
  if (!Array.isArray(anchorsIn)) throw new TypeError('options.anchors: expected an array of certificates');
  if (at !== null && (!(at instanceof Date) || Number.isNaN(at.getTime()))) {
    throw new TypeError('options.at: expected a valid Date, or null to skip the validity check');
  }
  if (expectedRole !== undefined && !GSMA_ROLES.includes(expectedRole)) {
    throw new RangeError(`options.expectedRole: expected one of ${GSMA_ROLES.join(', ')}, got ${String(expectedRole)}`);
  }
  if (options.provider !== undefined && (typeof options.provider !== 'object' || options.provider === null || typeof options.provider.ecdsaVerify !== 'function')) {
    throw new TypeError('options.provider: expected a CryptoProvider');
  }
  if (options.eidCheckDigits !== undefined && typeof options.eidCheckDigits !== 'boolean') {
    throw new TypeError(`options.eidCheckDigits: expected a boolean, got ${typeof options.eidCheckDigits}`);
  }
  const provider = options.provider ?? nobleProvider;
  const checkDigits = options.eidCheckDigits ?? true;
  const chain = chainIn.map((c, i) => toView(c, `options.chain[${i}]`));
  const anchors = anchorsIn.map((c, i) => toView(c, `options.anchors[${i}]`));

  const fail = (reason: ChainInvalidReason, node: Node, detail: string): ChainInvalid => ({
    valid: false,
    reason,
    index: node.index,
    detail: `${label(node)}: ${detail}`,
  });

  // Anchor selection (part of step 2): the anchor given in the chain, or those matching
  // chain[0] by name and key identifier, preferring the one whose key verifies chain[0].
  let path: Node[];
  const inChain = anchors.find((a) => bytesEqual(a.der, chain[0].der));
  if (inChain) {
    path = chain.map((view, index) => ({ view, index }));
  } else {
    const candidates = anchors.filter((a) => couldHaveIssued(a, chain[0]));
    const anchor = candidates.length > 1 ? (candidates.find((a) => verifySignature(provider, a, chain[0]) === true) ?? candidates[0]) : candidates[0];
    path = [...(anchor ? [{ view: anchor, index: -1 }] : []), ...chain.map((view, index) => ({ view, index }))];
  }
  const hasAnchor = inChain !== undefined || path[0].index === -1;

  // 1. Encoding.
  for (const n of path) {
    const c = n.view;
    const der = c.problems.find((p) => p.code !== 'malformed-extension' && p.code !== 'duplicate-extension' && p.code !== 'algorithm-mismatch');
    if (der) return fail('non-der-encoding', n, `not strict DER: ${der.detail} (${der.code}${der.offset === undefined ? '' : ` at byte ${der.offset}`})`);
    const ext = c.problems.find((p) => p.code === 'malformed-extension' || p.code === 'duplicate-extension');
    if (ext) return fail('malformed-extension', n, ext.detail);
    if (c.problems.some((p) => p.code === 'algorithm-mismatch')) {
      return fail('algorithm-mismatch', n, 'signatureAlgorithm differs from tbsCertificate.signature');
    }
    if (c.signatureAlgorithm !== OID_ECDSA_WITH_SHA256) {
      return fail('unsupported-algorithm', n, `signature algorithm ${c.signatureAlgorithm} is not ecdsa-with-SHA256`);
    }
    if (c.publicKey === undefined) {
      return fail('unsupported-public-key', n, `public key ${c.publicKeyAlgorithm}${c.curveOid ? ` on ${c.curveOid}` : ''} is not an uncompressed P-256 or brainpoolP256r1 point`);
    }
  }

  // 2. Chaining.
  if (!hasAnchor) {
    const c = chain[0];
    return fail('unknown-issuer', path[0], `no anchor has subject "${c.issuer.text}" and key identifier ${hex(c.authorityKeyIdentifier)}`);
  }
  for (let k = 1; k < path.length; k++) {
    const cert = path[k].view;
    const issuer = path[k - 1].view;
    if (!namesMatch(cert.issuer, issuer.subject)) {
      return fail('issuer-mismatch', path[k], `issuer "${cert.issuer.text}" is not the subject of ${label(path[k - 1])}`);
    }
    if (cert.authorityKeyIdentifier && issuer.subjectKeyIdentifier && !bytesEqual(cert.authorityKeyIdentifier, issuer.subjectKeyIdentifier)) {
      return fail('key-identifier-mismatch', path[k], `authorityKeyIdentifier ${hex(cert.authorityKeyIdentifier)} differs from the issuer's subjectKeyIdentifier ${hex(issuer.subjectKeyIdentifier)}`);
    }
  }

  // 3. Signatures: the anchor's own when it is self-issued, then each link.
  const root = path[0];
  if (namesMatch(root.view.issuer, root.view.subject)) {
    const ok = verifySignature(provider, root.view, root.view);
    if (typeof ok === 'string') return fail('unsupported-public-key', root, ok);
    if (!ok) return fail('bad-signature', root, 'self-signature does not verify');
  }
  for (let k = 1; k < path.length; k++) {
    const ok = verifySignature(provider, path[k - 1].view, path[k].view);
    if (typeof ok === 'string') return fail('unsupported-public-key', path[k - 1], ok);
    if (!ok) return fail('bad-signature', path[k], `signature does not verify with the key of ${label(path[k - 1])}`);
  }

  // 4. Validity at the caller's time.
  if (at !== null) {
    for (const n of path) {
      if (at.getTime() < n.view.notBefore.getTime()) {
        return fail('not-yet-valid', n, `not valid before ${n.view.notBefore.toISOString()} (checked at ${at.toISOString()})`);
      }
      if (at.getTime() > n.view.notAfter.getTime()) {
        return fail('expired', n, `expired at ${n.view.notAfter.toISOString()} (checked at ${at.toISOString()})`);
      }
    }
  }

  // 5. basicConstraints and path length.
  const last = path.length - 1;
  for (let k = 0; k < last; k++) {
    const bc = path[k].view.basicConstraints;
    if (!bc || !bc.ca) return fail('not-a-ca', path[k], 'issues a certificate but has no basicConstraints cA=TRUE');
  }
  for (let k = 0; k < last; k++) {
    const max = path[k].view.basicConstraints?.pathLength;
    if (max !== undefined && last - k - 1 > max) {
      return fail('path-length-exceeded', path[k + max + 1], `${label(path[k])} allows ${max} CA certificate(s) below it`);
    }
  }

  // 6. keyUsage.
  const leafNode = path[last];
  const leafRole: GsmaRole | undefined = expectedRole ?? leafNode.view.role;
  const gsma = leafRole !== 'eim';
  for (let k = 0; k < last; k++) {
    const ku = path[k].view.keyUsage;
    if (ku === undefined ? gsma : !ku.includes('keyCertSign')) {
      return fail('key-usage', path[k], ku === undefined ? 'no keyUsage extension (GSMA certificates must carry one)' : `keyUsage ${ku.join(',')} lacks keyCertSign`);
    }
  }
  if (leafRole !== undefined) {
    const need = requiredLeafUsage(leafRole);
    const ku = leafNode.view.keyUsage;
    if (ku === undefined ? gsma : !ku.includes(need)) {
      return fail('key-usage', leafNode, ku === undefined ? 'no keyUsage extension (GSMA certificates must carry one)' : `keyUsage ${ku.join(',')} lacks ${need} required for role ${leafRole}`);
    }
  }

  // 7. Roles.
  if (leafRole === undefined) {
    return fail('role-mismatch', leafNode, 'no GSMA role in certificatePolicies; pass expectedRole');
  }
  if (leafRole === 'eim') {
    if (leafNode.view.role !== undefined) {
      return fail('role-mismatch', leafNode, `expected an eIM certificate, but its policy states role ${leafNode.view.role}`);
    }
  } else {
    if (leafNode.view.role !== leafRole) {
      return fail('role-mismatch', leafNode, `expected role ${leafRole}, certificate states ${leafNode.view.role ?? (leafNode.view.roles.join('+') || 'none')}`);
    }
    let below: GsmaRole = leafRole;
    for (let k = last - 1; k >= 0; k--) {
      const allowed = allowedIssuerRoles(below);
      const role = path[k].view.role;
      if (allowed === 'any') break;
      if (role === undefined || !allowed.includes(role)) {
        return fail('role-mismatch', path[k], `role ${role ?? 'none'} cannot issue a ${below} certificate (expected ${allowed.join(' or ') || 'nothing'})`);
      }
      below = role;
    }
    if (path[0].view.role !== 'ci') {
      return fail('role-mismatch', path[0], `the chain must start at a CI certificate, found role ${path[0].view.role ?? 'none'}`);
    }
  }

  // 8. EID.
  let eid: string | undefined;
  if (leafRole === 'euicc') {
    eid = leafNode.view.subject.rdns.flat().find((a) => a.type === '2.5.4.5')?.value;
    if (eid === undefined || !isEidFormat(eid)) {
      return fail('eid-invalid', leafNode, eid === undefined ? 'no serialNumber (EID) in the subject' : `subject serialNumber "${eid}" is not a 32-digit EID`);
    }
    for (let k = last - 1; k >= 0; k--) {
      if (path[k].view.role !== 'eum') continue;
      const prefixes = path[k].view.permittedEidPrefixes;
      if (prefixes === undefined) {
        return fail('eid-out-of-range', leafNode, `${label(path[k])} declares no permitted EID range`);
      }
      if (matchingEidPrefix(eid, prefixes) === undefined) {
        return fail('eid-out-of-range', leafNode, `EID ${eid} does not start with any prefix ${label(path[k])} permits (${prefixes.join(', ')})`);
      }
    }
    if (checkDigits && !eidCheckDigitsValid(eid)) {
      return fail('eid-check-digits', leafNode, `EID ${eid} fails the mod-97 check`);
    }
  }

  // 9. Critical extensions.
  for (const n of path) {
    if (n.view.unknownCriticalExtensions.length > 0) {
      return fail('unknown-critical-extension', n, `critical extension(s) ${n.view.unknownCriticalExtensions.join(', ')} not understood`);
    }
  }

  return { valid: true, chain, anchor: path[0].view, leaf: leafNode.view, role: leafRole, eid };
}
