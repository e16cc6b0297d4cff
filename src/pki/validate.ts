/**
 * Validation of GSMA RSP certificate chains: CI → EUM → eUICC, CI → SM-DP+ (auth, pb, TLS),
 * CI → SM-DS, SGP.22 v3 CI sub-CAs, and eIM certificates under a caller-chosen anchor.
 *
 * The procedure follows certificates.md §6 (which collects SGP.22 §4.5.2 / §5.6 and the
 * behaviour of the reference implementations) and RFC 5280 §6 where GSMA does not deviate.
 * Checks run one kind at a time over the whole path, anchor first, so the verdict names the
 * first check that fails and, within it, the certificate nearest the anchor:
 *
 * 1. encoding: strict DER, version, serial number, time forms and calendar values, well-formed
 *    known extensions, ECDSA-with-SHA256, a supported EC key whose point is on its curve;
 * 2. chaining: anchor selection, issuer name = issuer's subject, AKI = issuer's SKI;
 * 3. signatures, through the {@link CryptoProvider} (both curves, mixed-curve chains);
 * 4. validity at the caller's time (no clock is read);
 * 5. basicConstraints: cA on issuers, never on end-entity roles, pathLenConstraint;
 * 6. keyUsage;
 * 7. the GSMA role of each position;
 * 8. the eUICC's EID: exactly one, within its EUM's permitted prefixes (policy `eidRange`),
 *    check digits;
 * 9. critical extensions: nameConstraints (the GSMA EID rule on EUMs, RFC 5280 directoryName
 *    and dNSName subtrees on other CAs), extendedKeyUsage (TLS roles), subjectAltName; any
 *    other critical extension is refused;
 * 10. revocation, when the caller gives CRLs.
 *
 * Each rule and its source are listed in docs/guides/certificates.md.
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { nobleProvider } from '../crypto/noble.js';
import { CryptoKeyFormatError } from '../crypto/errors.js';
import { id_kp_serverAuth } from '../generated/PKIX1Implicit88.js';
import { bytesEqual } from './bytes.js';
import { toHex as hexOf } from '../der/bytes.js';
import { parseCrl, type CrlView } from './crl.js';
import { eidCheckDigitsValid, isEidFormat, matchingEidPrefix } from './eid.js';
import type { GeneralName } from './extensions.js';
import { OID_ECDSA_WITH_SHA256, parseCertificate, type CertificateInput, type CertificateProblemCode, type CertificateView } from './parse.js';
import { GSMA_ROLES, allowedIssuerRoles, type GsmaRole } from './roles.js';
import type { DistinguishedName } from './names.js';
import type { KeyUsage } from './extensions.js';

/**
 * Why a chain is invalid, in the order the checks run.
 *
 * - `non-der-encoding`: BER lengths, indefinite lengths, trailing bytes or another deviation
 *   from strict DER (X.690 §10) in the certificate.
 * - `bad-version`: version above v3, or below v3 with extensions (RFC 5280 §4.1.2.1).
 * - `bad-serial-number`: serialNumber not positive or longer than 20 octets (RFC 5280 §4.1.2.2).
 * - `bad-time`: a validity time that is no calendar instant, or GeneralizedTime before 2050
 *   (RFC 5280 §4.1.2.5).
 * - `malformed-extension`: a known extension that does not decode, or appears twice.
 * - `algorithm-mismatch`: signatureAlgorithm differs from tbsCertificate.signature.
 * - `unsupported-algorithm`: a signature algorithm other than ecdsa-with-SHA256.
 * - `unsupported-public-key`: a key that is not an uncompressed point on P-256 or
 *   brainpoolP256r1 (SGP.22 §2.6.5).
 * - `bad-public-key`: an EC point that is not on its curve (SEC 1 §3.2.2.1).
 * - `unknown-issuer`: no anchor has the first certificate's issuer name and key identifier.
 * - `issuer-mismatch`: a certificate's issuer name is not the subject of the one before it.
 * - `key-identifier-mismatch`: authorityKeyIdentifier differs from the issuer's SKI.
 * - `bad-signature`: the signature does not verify with the issuer's key.
 * - `not-yet-valid`, `expired`: outside notBefore..notAfter at the given time.
 * - `not-a-ca`: an issuing certificate without basicConstraints cA=TRUE.
 * - `ca-end-entity`: basicConstraints cA=TRUE on an end-entity role (eUICC, SM-DP+, SM-DS, eIM).
 * - `path-length-exceeded`: more CA certificates below an issuer than its pathLenConstraint allows.
 * - `key-usage`: keyCertSign missing on an issuer, or the leaf lacks the usage of its role.
 * - `role-mismatch`: a certificate's policy role does not fit its position or the expected role.
 * - `eid-invalid`: an eUICC certificate without exactly one subject serialNumber holding a
 *   32-digit EID.
 * - `eid-out-of-range`: the EID does not start with a prefix its EUM permits.
 * - `eid-check-digits`: the EID's check digits are wrong (mod 97 ≠ 1).
 * - `name-constraints`: a name below a CA outside its (non-EUM) nameConstraints, a constraint
 *   form this library does not apply, or nameConstraints on an end entity (RFC 5280 §4.2.1.10).
 * - `extended-key-usage`: a TLS certificate without serverAuth, or a critical
 *   extendedKeyUsage on a role that signs RSP data (RFC 5280 §4.2.1.12).
 * - `unknown-critical-extension`: a critical extension this library does not apply.
 * - `crl-invalid`: a CRL given for an issuer of the chain that does not verify with its key, is
 *   malformed, or is outside thisUpdate..nextUpdate at the time checked.
 * - `revoked`: a CRL of its issuer lists the certificate's serial number.
 */
export type ChainInvalidReason =
  | 'non-der-encoding'
  | 'bad-version'
  | 'bad-serial-number'
  | 'bad-time'
  | 'malformed-extension'
  | 'algorithm-mismatch'
  | 'unsupported-algorithm'
  | 'unsupported-public-key'
  | 'bad-public-key'
  | 'unknown-issuer'
  | 'issuer-mismatch'
  | 'key-identifier-mismatch'
  | 'bad-signature'
  | 'not-yet-valid'
  | 'expired'
  | 'not-a-ca'
  | 'ca-end-entity'
  | 'path-length-exceeded'
  | 'key-usage'
  | 'role-mismatch'
  | 'eid-invalid'
  | 'eid-out-of-range'
  | 'eid-check-digits'
  | 'name-constraints'
  | 'extended-key-usage'
  | 'unknown-critical-extension'
  | 'crl-invalid'
  | 'revoked';

/** Every reason code, in check order. */
export const CHAIN_INVALID_REASONS: readonly ChainInvalidReason[] = [
  'non-der-encoding',
  'bad-version',
  'bad-serial-number',
  'bad-time',
  'malformed-extension',
  'algorithm-mismatch',
  'unsupported-algorithm',
  'unsupported-public-key',
  'bad-public-key',
  'unknown-issuer',
  'issuer-mismatch',
  'key-identifier-mismatch',
  'bad-signature',
  'not-yet-valid',
  'expired',
  'not-a-ca',
  'ca-end-entity',
  'path-length-exceeded',
  'key-usage',
  'role-mismatch',
  'eid-invalid',
  'eid-out-of-range',
  'eid-check-digits',
  'name-constraints',
  'extended-key-usage',
  'unknown-critical-extension',
  'crl-invalid',
  'revoked',
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
  /**
   * What an EID outside its EUM's permitted prefixes (or an EUM without a range) does:
   * `'enforce'` (default) makes the chain invalid (`eid-out-of-range`); `'report'` keeps the
   * chain valid and lists the broken rule in `warnings`, for tools that inspect public test
   * chains whose EUM range does not cover the eUICC.
   */
  readonly eidRange?: 'enforce' | 'report';
  /**
   * CRLs to check revocation with (DER, PEM or parsed). A CRL applies to the certificates
   * issued by the certificate whose subject is the CRL's issuer; it must verify with that
   * certificate's key and be current at `at`. Certificates without a CRL are not checked.
   */
  readonly crls?: readonly (CrlView | Uint8Array | string)[];
}

/** A rule a valid chain breaks under a `'report'` policy. */
export interface ChainWarning {
  readonly reason: ChainInvalidReason;
  /** Index in `chain` of the certificate concerned. */
  readonly index: number;
  readonly detail: string;
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
  /** Rules broken under a `'report'` policy (empty otherwise). */
  readonly warnings: readonly ChainWarning[];
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

function hex(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? '(none)' : hexOf(bytes);
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

/** Parser problems and the verdict each gives, in check order. */
const PROBLEM_REASONS: readonly (readonly [CertificateProblemCode, ChainInvalidReason])[] = [
  ['non-der', 'non-der-encoding'],
  ['bad-version', 'bad-version'],
  ['bad-serial-number', 'bad-serial-number'],
  ['bad-time', 'bad-time'],
  ['malformed-extension', 'malformed-extension'],
  ['duplicate-extension', 'malformed-extension'],
  ['algorithm-mismatch', 'algorithm-mismatch'],
  ['bad-public-key', 'bad-public-key'],
];

/** Roles whose certificates are end entities: they never issue, so cA=TRUE is refused. */
const END_ENTITY_ROLES: ReadonlySet<GsmaRole> = new Set<GsmaRole>(['euicc', 'dp-auth', 'dp-pb', 'dp-tls', 'ds-auth', 'ds-tls', 'eim']);
/** TLS server roles: their certificates must allow serverAuth (certificates.md §3). */
const TLS_ROLES: ReadonlySet<GsmaRole> = new Set<GsmaRole>(['dp-tls', 'ds-tls']);

/** RFC 5280 §7.1 comparison of two attribute values (case and inner spaces ignored). */
function sameValue(a: string | undefined, b: string | undefined): boolean {
  const norm = (v: string): string => v.trim().toLowerCase().replace(/\s+/g, ' ');
  return a !== undefined && b !== undefined && norm(a) === norm(b);
}

/** Whether `name` lies in the directoryName subtree `base`: base's RDNs are its first RDNs (RFC 5280 §4.2.1.10). */
function inDirectorySubtree(name: DistinguishedName, base: DistinguishedName): boolean {
  if (base.rdns.length > name.rdns.length) return false;
  return base.rdns.every((rdn, i) => rdn.length === name.rdns[i].length && rdn.every((a) => name.rdns[i].some((b) => b.type === a.type && sameValue(a.value, b.value))));
}

/** Whether DNS name `host` lies in the dNSName subtree `base` (RFC 5280 §4.2.1.10). */
function inDnsSubtree(host: string, base: string): boolean {
  const h = host.toLowerCase();
  const b = base.toLowerCase().replace(/^\./, '');
  return h === b || h.endsWith(`.${b}`);
}

/**
 * The first name of `cert` that violates the nameConstraints of `ca` (RFC 5280 §4.2.1.10:
 * the subject and the subjectAltName directoryName entries against directoryName subtrees,
 * dNSName entries against dNSName subtrees), or a constraint form not applied; undefined when
 * the certificate conforms.
 */
function nameConstraintViolation(ca: CertificateView, cert: CertificateView): string | undefined {
  const nc = ca.nameConstraints;
  if (nc === undefined) return undefined;
  const all = [...nc.permitted, ...nc.excluded];
  const unsupported = all.find((g) => g.type !== 'directoryName' && g.type !== 'dNSName');
  if (unsupported) return `nameConstraints of form ${unsupported.type} is not applied by this library`;
  const san = cert.subjectAltName?.all ?? [];
  const dirNames = [...(cert.subject.rdns.length > 0 ? [cert.subject] : []), ...san.flatMap((g) => (g.type === 'directoryName' ? [g.value] : []))];
  const dnsNames = san.flatMap((g) => (g.type === 'dNSName' ? [g.value] : []));
  const dirBases = (list: readonly GeneralName[]): DistinguishedName[] => list.flatMap((g) => (g.type === 'directoryName' ? [g.value] : []));
  const dnsBases = (list: readonly GeneralName[]): string[] => list.flatMap((g) => (g.type === 'dNSName' ? [g.value] : []));
  const where = `the nameConstraints of ${ca.subject.text}`;
  return (
    subtreeViolation(dirNames, dirBases(nc.permitted), dirBases(nc.excluded), inDirectorySubtree, (n) => `directoryName "${n.text}"`, where) ??
    subtreeViolation(dnsNames, dnsBases(nc.permitted), dnsBases(nc.excluded), inDnsSubtree, (n) => `dNSName "${n}"`, where)
  );
}

function subtreeViolation<N, B>(names: readonly N[], permitted: readonly B[], excluded: readonly B[], within: (n: N, base: B) => boolean, show: (n: N) => string, where: string): string | undefined {
  for (const n of names) {
    if (permitted.length > 0 && !permitted.some((b) => within(n, b))) return `${show(n)} is outside the permitted subtrees of ${where}`;
    if (excluded.some((b) => within(n, b))) return `${show(n)} is in an excluded subtree of ${where}`;
  }
  return undefined;
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
  if (options.eidRange !== undefined && options.eidRange !== 'enforce' && options.eidRange !== 'report') {
    throw new RangeError(`options.eidRange: expected 'enforce' or 'report', got ${String(options.eidRange)}`);
  }
  if (options.crls !== undefined && !Array.isArray(options.crls)) throw new TypeError('options.crls: expected an array of CRLs');
  const provider = options.provider ?? nobleProvider;
  const checkDigits = options.eidCheckDigits ?? true;
  const eidRange = options.eidRange ?? 'enforce';
  const crls: CrlView[] = (options.crls ?? []).map((c) => (typeof c === 'string' || c instanceof Uint8Array ? parseCrl(c) : c));
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

  // 1. Encoding: the problems the parser recorded, in the order of the reasons.
  for (const n of path) {
    const c = n.view;
    for (const [code, reason] of PROBLEM_REASONS) {
      const p = c.problems.find((x) => x.code === code);
      if (p) return fail(reason, n, reason === 'non-der-encoding' ? `not strict DER: ${p.detail}${p.offset === undefined ? '' : ` at byte ${p.offset}`}` : p.detail);
      if (code === 'algorithm-mismatch' && c.signatureAlgorithm !== OID_ECDSA_WITH_SHA256) {
        return fail('unsupported-algorithm', n, `signature algorithm ${c.signatureAlgorithm} is not ecdsa-with-SHA256`);
      }
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
  const leafNode = path[last];
  const leafRole: GsmaRole | undefined = expectedRole ?? leafNode.view.role;
  for (let k = 0; k < last; k++) {
    const bc = path[k].view.basicConstraints;
    if (!bc || !bc.ca) return fail('not-a-ca', path[k], 'issues a certificate but has no basicConstraints cA=TRUE');
  }
  // A self-signed certificate validated as its own anchor (the reference eIM's, certificates.md
  // §8.2) is a root, so cA=TRUE is its due; below an anchor an end entity never issues.
  if (leafRole !== undefined && last > 0 && END_ENTITY_ROLES.has(leafRole) && leafNode.view.basicConstraints?.ca === true) {
    return fail('ca-end-entity', leafNode, `basicConstraints cA=TRUE on an end-entity (${leafRole}) certificate`);
  }
  for (let k = 0; k < last; k++) {
    const max = path[k].view.basicConstraints?.pathLength;
    if (max !== undefined && last - k - 1 > max) {
      return fail('path-length-exceeded', path[k + max + 1], `${label(path[k])} allows ${max} CA certificate(s) below it`);
    }
  }

  // 6. keyUsage.
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
  const warnings: ChainWarning[] = [];
  let eid: string | undefined;
  if (leafRole === 'euicc') {
    const count = leafNode.view.eidCount;
    eid = leafNode.view.eid;
    if (count !== 1 || eid === undefined || !isEidFormat(eid)) {
      return fail(
        'eid-invalid',
        leafNode,
        count === 0 ? 'no serialNumber (EID) in the subject' : count > 1 ? `${count} serialNumber attributes in the subject (exactly one EID allowed)` : `subject serialNumber "${eid ?? ''}" is not a 32-digit EID`,
      );
    }
    for (let k = last - 1; k >= 0; k--) {
      if (path[k].view.role !== 'eum') continue;
      const prefixes = path[k].view.permittedEidPrefixes;
      const broken =
        prefixes === undefined
          ? `${label(path[k])} declares no permitted EID range`
          : matchingEidPrefix(eid, prefixes) === undefined
            ? `EID ${eid} does not start with any prefix ${label(path[k])} permits (${prefixes.join(', ')})`
            : undefined;
      if (broken === undefined) continue;
      if (eidRange === 'enforce') return fail('eid-out-of-range', leafNode, broken);
      warnings.push({ reason: 'eid-out-of-range', index: leafNode.index, detail: `${label(leafNode)}: ${broken}` });
    }
    if (checkDigits && !eidCheckDigitsValid(eid)) {
      return fail('eid-check-digits', leafNode, `EID ${eid} fails the mod-97 check`);
    }
  }

  // 9. Critical extensions: each one applied, or refused.
  for (let k = 0; k < path.length; k++) {
    const n = path[k];
    const v = n.view;
    if (v.nameConstraints !== undefined && k === last && leafRole !== undefined && END_ENTITY_ROLES.has(leafRole)) {
      return fail('name-constraints', n, 'nameConstraints on an end-entity certificate (RFC 5280 §4.2.1.10: CA certificates only)');
    }
    // The EUM's nameConstraints carry the GSMA EID rule (step 8), not RFC 5280 subtrees
    // (certificates.md §5.4); on any other CA they constrain the names below it.
    if (v.nameConstraints !== undefined && v.role !== 'eum') {
      for (let j = k + 1; j < path.length; j++) {
        const broken = nameConstraintViolation(v, path[j].view);
        if (broken !== undefined) return fail('name-constraints', path[j], broken);
      }
    }
    const eku = v.extendedKeyUsage;
    const role = k === last ? leafRole : v.role;
    if (role !== undefined && TLS_ROLES.has(role)) {
      // Without the extension any purpose is allowed (RFC 5280 §4.2.1.12); with it, TLS server use must be listed.
      if (eku !== undefined && !eku.includes(id_kp_serverAuth)) {
        return fail('extended-key-usage', n, `a ${role} certificate must allow serverAuth (${id_kp_serverAuth}) in extendedKeyUsage`);
      }
    } else if (eku !== undefined && v.extensions.some((e) => e.critical && e.name === 'extKeyUsage')) {
      return fail('extended-key-usage', n, `critical extendedKeyUsage (${eku.join(', ')}) restricts a ${role ?? 'non-TLS'} certificate to purposes that exclude RSP signatures`);
    }
    if (v.unknownCriticalExtensions.length > 0) {
      return fail('unknown-critical-extension', n, `critical extension(s) ${v.unknownCriticalExtensions.join(', ')} not understood`);
    }
  }

  // 10. Revocation: each CRL issued by a certificate of the path covers the ones it issued.
  for (const crl of crls) {
    const k = path.findIndex((n) => namesMatch(crl.issuer, n.view.subject) && (crl.authorityKeyIdentifier === undefined || n.view.subjectKeyIdentifier === undefined || bytesEqual(crl.authorityKeyIdentifier, n.view.subjectKeyIdentifier)));
    if (k < 0 || k === last) continue;
    const issuerNode = path[k];
    const problem = crl.problems[0];
    const crlFail = (detail: string): ChainInvalid => fail('crl-invalid', issuerNode, `CRL of ${crl.issuer.text}: ${detail}`);
    if (problem) return crlFail(`${problem.detail} (${problem.code})`);
    if (crl.signatureAlgorithm !== OID_ECDSA_WITH_SHA256) return crlFail(`signature algorithm ${crl.signatureAlgorithm} is not ecdsa-with-SHA256`);
    const ku = issuerNode.view.keyUsage;
    if (ku !== undefined && !ku.includes('cRLSign')) return crlFail(`the issuer's keyUsage ${ku.join(',')} lacks cRLSign`);
    const ok = issuerNode.view.publicKey !== undefined && provider.ecdsaVerify(issuerNode.view.publicKey, crl.tbs, crl.signature, 'der');
    if (!ok) return crlFail(`signature does not verify with the key of ${label(issuerNode)}`);
    if (at !== null) {
      if (at.getTime() < crl.thisUpdate.getTime()) return crlFail(`thisUpdate ${crl.thisUpdate.toISOString()} is after ${at.toISOString()}`);
      if (crl.nextUpdate !== undefined && at.getTime() > crl.nextUpdate.getTime()) return crlFail(`nextUpdate ${crl.nextUpdate.toISOString()} is before ${at.toISOString()}`);
    }
    // In a path each certificate is issued by the one before it: the CRL covers the next one.
    const subject = path[k + 1];
    const entry = crl.revoked.find((r) => r.serialNumber === subject.view.serialNumber);
    if (entry) return fail('revoked', subject, `serial ${subject.view.serialNumberHex} revoked on ${entry.revocationDate.toISOString()}${entry.reason ? ` (${entry.reason})` : ''} by the CRL of ${crl.issuer.text}`);
  }

  return { valid: true, chain, anchor: path[0].view, leaf: leafNode.view, role: leafRole, eid, warnings };
}
