/**
 * The certificate validation suite as plain checks that run anywhere (no node:*, no DOM, no
 * vitest): in a browser page through the browser harness, and in Node through
 * test/pki/selfcheck.test.ts. It covers what issue 5 asks to show:
 *
 * - a GSMA-like PKI generated at run time (P-256, brainpoolP256r1 and mixed-curve chains;
 *   SM-DP+ auth/pb/TLS; eIM; an SGP.22 v3-style sub-CA) validated, and one negative per
 *   check, each asserting the reason code and the index, on every curve combination;
 * - every byte of every certificate signature flipped → bad-signature at that certificate;
 * - BER lengths, indefinite lengths and trailing bytes → non-der-encoding (strict);
 * - AuthenticateServerResponse verification (chain + euiccSignature1 over received bytes);
 * - when the loader has them: every SGP.26 chain at the manifest's date with its real expiry
 *   state, the invalid/ certificates, an SGP.26 eUICC signing with its test key, and the real
 *   eUICC euiccSignature1 of ../shared/vectors/signatures.
 *
 * @example
 * ```ts
 * import { runPkiSelfChecks } from './test/pki/selfcheck.js';
 * import { fetchLoader } from './test/pki/loader.js';
 * const report = await runPkiSelfChecks(fetchLoader('/vectors/'));
 * console.log(report.passed, report.failed, report.skipped);
 * ```
 */
import { nobleProvider } from '../../src/crypto/noble.js';
import { importPrivateKey } from '../../src/crypto/keys.js';
import type { CryptoProvider, Curve } from '../../src/crypto/provider.js';
import * as SGP32 from '../../src/generated/SGP32Definitions.js';
import {
  parseCertificate,
  subjectKeyIdentifierDer,
  validateChain,
  type ChainVerdict,
  type GsmaRole,
} from '../../src/pki/index.js';
import { verifyAuthenticateServerResponse, verifyEuiccSignature1 } from '../../src/rsp/index.js';
import { assembleResponse, berEuiccSigned1, euiccSigned1Value, signEuiccSigned1 } from './auth-build.js';
import {
  AT,
  KU,
  NOW,
  OID,
  ROLE,
  assemble,
  base,
  bitString,
  ciExtensions,
  concat,
  dpExtensions,
  eidWithCheckDigits,
  eumExtensions,
  euiccExtensions,
  ext,
  makeCert,
  name,
  octets,
  oid,
  party,
  seq,
  spki,
  tbsOf,
  tlv,
  type Ext,
  type Party,
} from './build.js';
import type { LoadBytes } from './loader.js';

/** The outcome of one check. */
export interface PkiCheckResult {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'skip';
  /** Why it failed or was skipped. */
  readonly detail?: string;
}

/** What {@link runPkiSelfChecks} returns. */
export interface PkiSelfCheckReport {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly results: readonly PkiCheckResult[];
  /** Milliseconds the run took. */
  readonly ms: number;
}

/** Options of {@link runPkiSelfChecks}. */
export interface PkiSelfCheckOptions {
  /** The crypto provider (default: the pure-TypeScript one, the only one in a browser). */
  readonly provider?: CryptoProvider;
  /** Flip every byte of every signature (default true); false samples three per signature. */
  readonly exhaustiveFlips?: boolean;
  /** Which parts to run (default both): checks on the generated PKI, checks on external vectors. */
  readonly parts?: readonly ('generated' | 'vectors')[];
}

const EID = eidWithCheckDigits('890490321234512345123456789012');

interface Pki {
  readonly label: string;
  readonly ci: Party;
  readonly eum: Party;
  readonly euicc: Party;
  readonly ciCert: Uint8Array;
  readonly eumCert: Uint8Array;
  readonly euiccCert: Uint8Array;
}

/** Builds and runs the checks; failures are collected, never thrown. */
class Runner {
  readonly results: PkiCheckResult[] = [];
  check(name: string, fn: () => string | undefined): void {
    try {
      const problem = fn();
      this.results.push(problem === undefined ? { name, status: 'pass' } : { name, status: 'fail', detail: problem });
    } catch (e) {
      this.results.push({ name, status: 'fail', detail: `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` });
    }
  }
  skip(name: string, why: string): void {
    this.results.push({ name, status: 'skip', detail: why });
  }
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('marker not found');
}

const verdictText = (v: ChainVerdict): string => (v.valid ? 'valid' : `${v.reason}@${v.index}`);
const expectVerdict = (v: ChainVerdict, want: string): string | undefined => (verdictText(v) === want ? undefined : `expected ${want}, got ${verdictText(v)}${v.valid ? '' : ` (${v.detail})`}`);

/**
 * Runs the pki validation suite and reports pass/fail/skip counts.
 *
 * @param loadBytes - reads a file by its path relative to ../shared/vectors (e.g.
 *   `certs/MANIFEST.json`), undefined when absent: vector checks are then skipped.
 * @param options - `provider`, `exhaustiveFlips`, `parts`.
 * @returns counts and one result per check; `failed === 0` is the verdict.
 */
export async function runPkiSelfChecks(loadBytes: LoadBytes, options: PkiSelfCheckOptions = {}): Promise<PkiSelfCheckReport> {
  const started = Date.now();
  const provider = options.provider ?? nobleProvider;
  const exhaustive = options.exhaustiveFlips ?? true;
  const r = new Runner();
  const parts = options.parts ?? ['generated', 'vectors'];
  if (parts.includes('generated')) generatedChecks(r, provider, exhaustive);
  if (parts.includes('vectors')) await sgp26Checks(r, loadBytes, provider);
  const passed = r.results.filter((x) => x.status === 'pass').length;
  const failed = r.results.filter((x) => x.status === 'fail').length;
  return { passed, failed, skipped: r.results.length - passed - failed, results: r.results, ms: Date.now() - started };
}

function generatedChecks(r: Runner, provider: CryptoProvider, exhaustive: boolean): void {
  const chain = (c: (Uint8Array | ReturnType<typeof parseCertificate>)[], anchors: Uint8Array[], o: { at?: Date | null; expectedRole?: GsmaRole; eidCheckDigits?: boolean } = {}): ChainVerdict =>
    validateChain({ chain: c, anchors, at: o.at === undefined ? NOW : o.at, provider, ...(o.expectedRole ? { expectedRole: o.expectedRole } : {}), ...(o.eidCheckDigits === undefined ? {} : { eidCheckDigits: o.eidCheckDigits }) });

  const makePki = (label: string, ciCurve: Curve, eumCurve: Curve, euiccCurve: Curve): Pki => {
    const ci = party(provider, ciCurve, 'CI');
    const eum = party(provider, eumCurve, 'EUM');
    const euicc = party(provider, euiccCurve, 'eUICC', [[AT.serialNumber, EID]]);
    return {
      label,
      ci,
      eum,
      euicc,
      ciCert: makeCert(provider, base(1, ci, ci, ciExtensions(ci))),
      eumCert: makeCert(provider, base(2, ci, eum, eumExtensions(eum, ci))),
      euiccCert: makeCert(provider, base(3, eum, euicc, euiccExtensions(euicc, eum))),
    };
  };
  const pkis = [
    makePki('P-256', 'P-256', 'P-256', 'P-256'),
    makePki('brainpoolP256r1', 'brainpoolP256r1', 'brainpoolP256r1', 'brainpoolP256r1'),
    makePki('mixed: brainpool CI, P-256 EUM, brainpool eUICC', 'brainpoolP256r1', 'P-256', 'brainpoolP256r1'),
    makePki('mixed: P-256 CI, brainpool EUM, P-256 eUICC', 'P-256', 'brainpoolP256r1', 'P-256'),
  ];

  // ---- valid chains ---------------------------------------------------------------------------
  for (const p of pkis) {
    r.check(`generated (${p.label}): CI → EUM → eUICC is valid, role euicc, EID read`, () => {
      const v = chain([p.eumCert, p.euiccCert], [p.ciCert]);
      if (!v.valid) return expectVerdict(v, 'valid');
      return v.role === 'euicc' && v.eid === EID ? undefined : `role ${v.role}, EID ${v.eid}`;
    });
  }
  for (const p of pkis.slice(0, 2)) {
    for (const [policy, role] of [
      [ROLE.dpAuth, 'dp-auth'],
      [ROLE.dpPb, 'dp-pb'],
      [ROLE.dpTls, 'dp-tls'],
    ] as const) {
      r.check(`generated (${p.label}): CI → SM-DP+ ${role} is valid, and refused as another role`, () => {
        const dp = party(provider, p.ci.keys.publicKey.curve, 'TEST SM-DP+');
        const cert = makeCert(provider, base(10, p.ci, dp, dpExtensions(dp, p.ci, policy)));
        return expectVerdict(chain([cert], [p.ciCert], { expectedRole: role }), 'valid') ?? expectVerdict(chain([cert], [p.ciCert], { expectedRole: role === 'dp-pb' ? 'dp-auth' : 'dp-pb' }), 'role-mismatch@0');
      });
    }
  }
  r.check('generated: a brainpool eIM certificate under a P-256 eIM CA, and self-signed', () => {
    const eimCa = party(provider, 'P-256', 'eIM CA');
    const eim = party(provider, 'brainpoolP256r1', 'eIM');
    const caCert = makeCert(provider, base(20, eimCa, eimCa, [ext.ski(eimCa.keyId), ext.basicConstraints(true)]));
    const eimCert = makeCert(provider, base(21, eimCa, eim, [ext.aki(eimCa.keyId), ext.ski(eim.keyId), ext.keyUsage(KU.digitalSignature)]));
    const selfSigned = makeCert(provider, base(22, eim, eim, [ext.ski(eim.keyId), ext.basicConstraints(true)]));
    return expectVerdict(chain([eimCert], [caCert], { expectedRole: 'eim' }), 'valid') ?? expectVerdict(chain([selfSigned], [selfSigned], { expectedRole: 'eim' }), 'valid');
  });
  r.check('generated: SGP.22 v3-style CI → CI sub-CA → EUM (permittedEins, brainpool) → eUICC', () => {
    const { ci, ciCert } = pkis[0];
    const sub = party(provider, 'P-256', 'CI SubCA');
    const eum = party(provider, 'brainpoolP256r1', 'EUM v3');
    const euicc = party(provider, 'P-256', 'eUICC', [[AT.serialNumber, eidWithCheckDigits('890490991234512345123456789012')]]);
    const subCert = makeCert(provider, base(30, ci, sub, [ext.aki(ci.keyId), ext.ski(sub.keyId), ext.keyUsage(KU.keyCertSign), ext.basicConstraints(true, 1), ext.policies(ROLE.ciSubca)]));
    const eumCert = makeCert(provider, base(31, sub, eum, [ext.aki(sub.keyId), ext.ski(eum.keyId), ext.keyUsage(KU.keyCertSign), ext.basicConstraints(true, 0), ext.policies(ROLE.eumV3), ext.permittedEins('89049032', '89049099')]));
    const euiccCert = makeCert(provider, base(32, eum, euicc, [ext.aki(eum.keyId), ext.ski(euicc.keyId), ext.keyUsage(KU.digitalSignature), ext.policies(ROLE.euiccV3)]));
    return expectVerdict(chain([subCert, eumCert, euiccCert], [ciCert]), 'valid');
  });
  r.check('generated: the anchor is picked by key identifier among CIs of the same name (P-256 and brainpool)', () => {
    const a = party(provider, 'P-256', 'CI');
    const b = { ...party(provider, 'brainpoolP256r1', 'CI'), name: a.name };
    const aCert = makeCert(provider, base(40, a, a, ciExtensions(a)));
    const bCert = makeCert(provider, base(41, b, b, ciExtensions(b)));
    const eum = party(provider, 'P-256', 'EUM');
    const v = chain([makeCert(provider, base(42, b, eum, eumExtensions(eum, b)))], [aCert, bCert]);
    return v.valid && v.anchor.curve === 'brainpoolP256r1' ? undefined : `picked ${v.valid ? v.anchor.curve : verdictText(v)}`;
  });

  // ---- one failure per check, on every curve combination ----------------------------------
  for (const p of pkis) {
    const { ci, eum, euicc, ciCert, eumCert, euiccCert } = p;
    const euiccWith = (over: Parameters<typeof base>[4] = {}, exts: Ext[] = euiccExtensions(euicc, eum)): Uint8Array => makeCert(provider, base(3, eum, euicc, exts, over));
    const eumWith = (exts: Ext[], over: Parameters<typeof base>[4] = {}): Uint8Array => makeCert(provider, base(2, ci, eum, exts, over));
    const other = party(provider, euicc.keys.publicKey.curve, 'impostor');
    const header = euiccCert[1] === 0x82 ? 4 : 3;
    const tbs = tbsOf(base(3, eum, euicc, euiccExtensions(euicc, eum)));
    const berTbs = concat(Uint8Array.of(0x30, 0x84, 0, 0, tbs[2], tbs[3]), tbs.subarray(4));
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    const withoutOid = (list: Ext[], o: string): Ext[] => list.filter((e) => e.oid !== o);
    const leaf = (eid: string): Uint8Array => {
      const x = party(provider, euicc.keys.publicKey.curve, 'eUICC', [[AT.serialNumber, eid]]);
      return makeCert(provider, base(70, eum, x, euiccExtensions(x, eum)));
    };
    const subEum = party(provider, eum.keys.publicKey.curve, 'EUM sub');
    const subEumCert = makeCert(provider, base(50, eum, subEum, [ext.aki(eum.keyId), ext.ski(subEum.keyId), ext.keyUsage(KU.keyCertSign), ext.basicConstraints(true), ext.policies(ROLE.eum), ext.eidRanges('sgp32 test', '89049032')]));
    const underSub = party(provider, euicc.keys.publicKey.curve, 'eUICC', [[AT.serialNumber, EID]]);
    const dp = party(provider, ci.keys.publicKey.curve, 'DP');
    const dpCert = makeCert(provider, base(60, ci, dp, dpExtensions(dp, ci, ROLE.dpAuth)));
    const badDigits = `${EID.slice(0, 30)}${EID.slice(30) === '99' ? '98' : '99'}`;
    const cases: [string, () => ChainVerdict, string][] = [
      ['1. BER long-form outer length', () => chain([eumCert, concat(Uint8Array.of(0x30, 0x83, 0x00, euiccCert[2], euiccCert[3]), euiccCert.subarray(header))], [ciCert]), 'non-der-encoding@1'],
      ['1. trailing bytes', () => chain([eumCert, concat(euiccCert, Uint8Array.of(0))], [ciCert]), 'non-der-encoding@1'],
      ['1. indefinite length', () => chain([eumCert, concat(Uint8Array.of(0x30, 0x80), euiccCert.subarray(header), Uint8Array.of(0, 0))], [ciCert]), 'non-der-encoding@1'],
      ['1. BER TBS signed as written', () => chain([eumCert, assemble(berTbs, provider.ecdsaSign(eum.keys.privateKey, berTbs, 'der'))], [ciCert]), 'non-der-encoding@1'],
      ['1. critical FALSE written out', () => chain([eumCert, euiccWith({}, [...euiccExtensions(euicc, eum), { ...ext.raw('1.3.6.1.4.1.99999.3', false, octets(Uint8Array.of(1))), explicitFalse: true }])], [ciCert]), 'non-der-encoding@1'],
      ['1. UTCTime without seconds', () => chain([eumCert, euiccWith({ validity: seq(tlv(0x17, enc('2401010000Z')), tlv(0x18, enc('70000101000000Z'))) })], [ciCert]), 'non-der-encoding@1'],
      ['1. malformed keyUsage', () => chain([eumCert, euiccWith({}, [...withoutOid(euiccExtensions(euicc, eum), '2.5.29.15'), ext.raw('2.5.29.15', true, octets(Uint8Array.of(1)))])], [ciCert]), 'malformed-extension@1'],
      ['1. duplicated extension', () => chain([eumCert, euiccWith({}, [...euiccExtensions(euicc, eum), ext.keyUsage(KU.digitalSignature)])], [ciCert]), 'malformed-extension@1'],
      ['1. algorithm mismatch', () => chain([eumCert, euiccWith({ tbsSignatureAlgorithm: OID.ecdsaSha384 })], [ciCert]), 'algorithm-mismatch@1'],
      ['1. ecdsa-with-SHA384', () => chain([eumCert, euiccWith({ tbsSignatureAlgorithm: OID.ecdsaSha384, signatureAlgorithm: OID.ecdsaSha384 })], [ciCert]), 'unsupported-algorithm@1'],
      ['1. key labelled secp256k1', () => chain([eumCert, euiccWith({ spki: spki(euicc.keys.publicKey, '1.3.132.0.10') })], [ciCert]), 'unsupported-public-key@1'],
      [
        '1. compressed point',
        () => {
          const pt = euicc.keys.publicKey.point;
          const curveOid = euicc.keys.publicKey.curve === 'P-256' ? '1.2.840.10045.3.1.7' : '1.3.36.3.3.2.8.1.1.7';
          return chain([eumCert, euiccWith({ spki: seq(seq(oid(OID.ecPublicKey), oid(curveOid)), bitString(concat(Uint8Array.of(2 + (pt[64] & 1)), pt.subarray(1, 33)))) })], [ciCert]);
        },
        'unsupported-public-key@1',
      ],
      ['2. unknown issuer (wrong CI)', () => chain([eumCert, euiccCert], [pkis[p === pkis[0] ? 1 : 0].ciCert]), 'unknown-issuer@0'],
      ['2. issuer name mismatch', () => chain([eumCert, euiccWith({ issuer: name([AT.CN, 'Some other EUM']) })], [ciCert]), 'issuer-mismatch@1'],
      ['2. AKI ≠ issuer SKI', () => chain([eumCert, euiccWith({}, [ext.aki(new Uint8Array(20).fill(9)), ext.ski(euicc.keyId), ext.keyUsage(KU.digitalSignature), ext.policies(ROLE.euicc)])], [ciCert]), 'key-identifier-mismatch@1'],
      ['3. eUICC signed by another key', () => chain([eumCert, euiccWith({ signingKey: other.keys.privateKey })], [ciCert]), 'bad-signature@1'],
      ['3. EUM signed by another key', () => chain([eumWith(eumExtensions(eum, ci), { signingKey: other.keys.privateKey }), euiccCert], [ciCert]), 'bad-signature@0'],
      ['3. CI self-signature broken', () => chain([eumCert], [makeCert(provider, base(1, ci, ci, ciExtensions(ci), { signingKey: other.keys.privateKey }))]), 'bad-signature@-1'],
      ['4. not yet valid', () => chain([eumCert, euiccWith({ notBefore: new Date('2030-01-01T00:00:00Z') })], [ciCert]), 'not-yet-valid@1'],
      ['4. EUM expired', () => chain([eumWith(eumExtensions(eum, ci), { notAfter: new Date('2025-01-01T00:00:00Z') }), euiccCert], [ciCert]), 'expired@0'],
      ['4. anchor not yet valid at the given time', () => chain([eumCert, euiccCert], [ciCert], { at: new Date('2023-06-01T00:00:00Z') }), 'not-yet-valid@-1'],
      ['5. EUM without basicConstraints', () => chain([eumWith(withoutOid(eumExtensions(eum, ci), '2.5.29.19')), euiccCert], [ciCert]), 'not-a-ca@0'],
      ['5. path length exceeded', () => chain([eumCert, subEumCert, makeCert(provider, base(51, subEum, underSub, euiccExtensions(underSub, subEum)))], [ciCert]), 'path-length-exceeded@1'],
      ['6. EUM without keyCertSign', () => chain([eumWith([...withoutOid(eumExtensions(eum, ci), '2.5.29.15'), ext.keyUsage(KU.digitalSignature)]), euiccCert], [ciCert]), 'key-usage@0'],
      ['6. eUICC without digitalSignature', () => chain([eumCert, euiccWith({}, [...withoutOid(euiccExtensions(euicc, eum), '2.5.29.15'), ext.keyUsage(KU.keyCertSign)])], [ciCert]), 'key-usage@1'],
      ['7. EUM with the DP-auth policy', () => chain([eumWith([...withoutOid(eumExtensions(eum, ci), '2.5.29.32'), ext.policies(ROLE.dpAuth)]), euiccCert], [ciCert]), 'role-mismatch@0'],
      ['7. eUICC expected as dp-auth', () => chain([eumCert, euiccCert], [ciCert], { expectedRole: 'dp-auth' }), 'role-mismatch@1'],
      ['7. SM-DP+ certificate expected as eIM', () => chain([dpCert], [ciCert], { expectedRole: 'eim' }), 'role-mismatch@0'],
      ['8. no EID', () => chain([eumCert, makeCert(provider, base(71, eum, other, euiccExtensions(other, eum)))], [ciCert]), 'eid-invalid@1'],
      ['8. EID outside the EUM range', () => chain([eumCert, leaf(eidWithCheckDigits('890490331234512345123456789012'))], [ciCert]), 'eid-out-of-range@1'],
      ['8. EID check digits', () => chain([eumCert, leaf(badDigits)], [ciCert]), 'eid-check-digits@1'],
      ['8. EUM without a range', () => chain([eumWith(withoutOid(eumExtensions(eum, ci), '2.5.29.30')), euiccCert], [ciCert]), 'eid-out-of-range@1'],
      ['9. unknown critical extension', () => chain([eumCert, euiccWith({}, [...euiccExtensions(euicc, eum), ext.raw('1.3.6.1.4.1.99999.1', true, octets(Uint8Array.of(1)))])], [ciCert]), 'unknown-critical-extension@1'],
      ['order: a bad signature is reported before an expiry', () => chain([eumWith(eumExtensions(eum, ci), { notAfter: new Date('2025-01-01T00:00:00Z') }), euiccWith({ signingKey: other.keys.privateKey })], [ciCert]), 'bad-signature@1'],
    ];
    for (const [label, run, want] of cases) r.check(`generated (${p.label}) negative ${label} → ${want}`, () => expectVerdict(run(), want));
  }

  // ---- signature byte flips -------------------------------------------------------------------
  for (const p of pkis.slice(0, 3)) {
    const certs = [p.ciCert, p.eumCert, p.euiccCert];
    r.check(`generated (${p.label}): ${exhaustive ? 'every byte' : 'first, middle and last byte'} of every signature flipped → bad-signature there`, () => {
      for (let k = 0; k < certs.length; k++) {
        const cert = certs[k];
        const sigLen = parseCertificate(cert).signature.length;
        const issuer = parseCertificate(certs[Math.max(0, k - 1)]);
        const positions = exhaustive ? Array.from({ length: sigLen }, (_, i) => cert.length - sigLen + i) : [cert.length - sigLen, cert.length - (sigLen >> 1), cert.length - 1];
        for (const pos of positions) {
          const flipped = cert.slice();
          flipped[pos] ^= 0x01 << (pos % 8);
          const v = validateChain({ chain: [flipped], anchors: [k === 0 ? flipped : issuer], at: null, expectedRole: 'eim', provider });
          if (verdictText(v) !== 'bad-signature@0') return `certificate ${k}, byte ${pos}: ${verdictText(v)}`;
        }
      }
      return undefined;
    });
  }

  // ---- AuthenticateServerResponse ------------------------------------------------------------
  for (const p of pkis.slice(0, 3)) {
    r.check(`AuthenticateServerResponse (${p.label}): valid; a changed signed byte, a changed signature byte and a wrong challenge are refused`, () => {
      const session = { transactionId: provider.randomBytes(16), serverChallenge: provider.randomBytes(16), serverAddress: 'smdp.example.com', ciKeyIds: [p.ci.keyId] };
      const signed1 = SGP32.EuiccSigned1.encode(euiccSigned1Value(session));
      const signature = signEuiccSigned1(provider, p.euicc.keys.privateKey, signed1);
      const message = assembleResponse(signed1, signature, p.euiccCert, p.eumCert);
      const o = { anchors: [p.ciCert], at: NOW, provider, ciKeyIds: [subjectKeyIdentifierDer(parseCertificate(p.ciCert))] };
      const ok = verifyAuthenticateServerResponse(message, { ...o, transactionId: session.transactionId, serverChallenge: session.serverChallenge });
      if (!ok.valid) return `valid response refused: ${ok.reason} (${ok.detail})`;
      if (ok.eid !== EID) return `EID ${ok.eid}`;
      const tampered = message.slice();
      tampered[indexOf(message, new TextEncoder().encode('SGP32-TEST-SAS')) + 3] ^= 0x20; // inside the signed EUICCInfo2
      const t = verifyAuthenticateServerResponse(tampered, o);
      if (t.valid || t.reason !== 'euicc-signature-invalid') return `changed signed byte: ${t.valid ? 'valid' : t.reason}`;
      const sigAt = message.length - p.eumCert.length - p.euiccCert.length - 64;
      const badSig = message.slice();
      badSig[sigAt + 17] ^= 0x04;
      const s = verifyAuthenticateServerResponse(badSig, o);
      if (s.valid || s.reason !== 'euicc-signature-invalid') return `changed signature byte: ${s.valid ? 'valid' : s.reason}`;
      const c = verifyAuthenticateServerResponse(message, { ...o, serverChallenge: new Uint8Array(16) });
      return c.valid || c.reason !== 'server-challenge-mismatch' ? `wrong challenge: ${c.valid ? 'valid' : c.reason}` : undefined;
    });
  }
  r.check('AuthenticateServerResponse (brainpoolP256r1): BER euiccSigned1 verified leniently over the received bytes, refused strictly', () => {
    const p = pkis[1];
    const session = { transactionId: provider.randomBytes(16), serverChallenge: provider.randomBytes(16), serverAddress: 'smdp.example.com', ciKeyIds: [p.ci.keyId] };
    const ber = berEuiccSigned1(SGP32.EuiccSigned1.encode(euiccSigned1Value(session)));
    const message = assembleResponse(ber, signEuiccSigned1(provider, p.euicc.keys.privateKey, ber), p.euiccCert, p.eumCert);
    const lenient = verifyAuthenticateServerResponse(message, { anchors: [p.ciCert], at: NOW, provider });
    if (!lenient.valid) return `lenient: ${lenient.reason}`;
    try {
      verifyAuthenticateServerResponse(message, { anchors: [p.ciCert], at: NOW, provider, strict: true });
      return 'strict decoding accepted BER';
    } catch (e) {
      return e instanceof Error && e.name === 'Asn1DecodeError' ? undefined : `strict: threw ${String(e)}`;
    }
  });
}

interface ManifestEntry {
  readonly file: string;
  readonly selfSigned: boolean;
  readonly issuedBy: readonly string[];
  readonly expiredAsOf2026_11_21: boolean;
}

async function sgp26Checks(r: Runner, loadBytes: LoadBytes, provider: CryptoProvider): Promise<void> {
  const manifestBytes = await loadBytes('certs/MANIFEST.json');
  if (manifestBytes === undefined) {
    r.skip('SGP.26 chains (both curves) at the manifest date', 'certs/MANIFEST.json not available from the loader (../shared/vectors absent)');
    return;
  }
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as { asOf: string; certificates: ManifestEntry[] };
  const at = new Date(manifest.asOf);
  const files = new Map<string, Uint8Array>();
  for (const m of manifest.certificates) {
    const bytes = await loadBytes(`certs/${m.file}`);
    if (bytes !== undefined) files.set(m.file, bytes);
  }
  const byFile = new Map(manifest.certificates.map((c) => [c.file, c]));
  const get = (f: string): Uint8Array => {
    const b = files.get(f);
    if (!b) throw new Error(`certs/${f} missing`);
    return b;
  };
  const pathTo = (file: string): ManifestEntry[] => {
    const out: ManifestEntry[] = [];
    let cur = byFile.get(file);
    while (cur) {
      out.unshift(cur);
      if (cur.selfSigned) break;
      cur = byFile.get(cur.issuedBy[0]);
    }
    return out;
  };

  const leaves = manifest.certificates.filter((c) => c.file.startsWith('sgp26/') && !c.selfSigned);
  for (const leaf of leaves) {
    const path = pathTo(leaf.file);
    const anyExpired = path.some((m) => m.expiredAsOf2026_11_21);
    r.check(`SGP.26 ${leaf.file}: ${anyExpired ? 'expired' : 'valid'} at ${manifest.asOf}`, () => {
      const v = validateChain({ chain: path.slice(1).map((m) => get(m.file)), anchors: [get(path[0].file)], at, provider });
      if (v.valid === !anyExpired) return undefined;
      return `got ${verdictText(v)}${v.valid ? '' : ` (${v.detail})`}`;
    });
  }
  const eum = 'sgp26/EUM/CERT_EUM_ECDSA_NIST.der';
  const ci = 'sgp26/CI/CERT_CI_ECDSA_NIST.der';
  for (const [files2, want] of [
    [[eum, 'invalid/CERT_EUICC_ECDSA_NIST_EXPIRED.der'], 'expired@1'],
    [[eum, 'invalid/CERT_EUICC_ECDSA_NIST_INVALID.der'], 'issuer-mismatch@1'],
    [[eum, 'invalid/CERT_EUICC_ECDSA_NIST_INVALID_EID.der'], 'eid-out-of-range@1'],
    [[eum, 'invalid/CERT_EUICC_ECDSA_NIST_UNMATCHED_EID.der'], 'eid-check-digits@1'],
    [['invalid/CERT_EUM_ECDSA_NIST_EXPIRED.der'], 'expired@0'],
    [['invalid/CERT_EUM_ECDSA_NIST_UNKNOWN_CI.der'], 'unknown-issuer@0'],
    [[eum, 'sgp26/eUICC/CERT_EUICC_ECDSA_BRP.der'], 'key-identifier-mismatch@1'],
  ] as const) {
    r.check(`SGP.26 invalid: ${files2[files2.length - 1]} → ${want}`, () => expectVerdict(validateChain({ chain: files2.map(get), anchors: [get(ci)], at, provider }), want));
  }

  for (const c of ['NIST', 'BRP'] as const) {
    const keyBytes = await loadBytes(`certs/sgp26/eUICC/SK_EUICC_ECDSA_${c}.pem`);
    if (keyBytes === undefined) {
      r.skip(`SGP.26 ${c}: AuthenticateServerResponse signed with SK.EUICC`, 'key file not available');
      continue;
    }
    r.check(`SGP.26 ${c}: AuthenticateServerResponse signed with SK.EUICC verifies against the ${c} CI`, () => {
      const ciNist = get('sgp26/CI/CERT_CI_ECDSA_NIST.der');
      const ciBrp = get('sgp26/CI/CERT_CI_ECDSA_BRP.der');
      const ids = [parseCertificate(ciNist).subjectKeyIdentifier!, parseCertificate(ciBrp).subjectKeyIdentifier!];
      const session = { transactionId: provider.randomBytes(16), serverChallenge: provider.randomBytes(16), serverAddress: 'testsmdpplus1.example.com', ciKeyIds: ids };
      const signed1 = SGP32.EuiccSigned1.encode(euiccSigned1Value(session));
      const key = importPrivateKey(new TextDecoder().decode(keyBytes));
      const message = assembleResponse(signed1, signEuiccSigned1(provider, key, signed1), get(`sgp26/eUICC/CERT_EUICC_ECDSA_${c}.der`), get(`sgp26/EUM/CERT_EUM_ECDSA_${c}.der`));
      const v = verifyAuthenticateServerResponse(message, { anchors: [ciNist, ciBrp], at, provider, ciKeyIds: [ids[c === 'NIST' ? 0 : 1]], transactionId: session.transactionId });
      if (!v.valid) return `${v.reason}: ${v.detail}`;
      const wrong = verifyAuthenticateServerResponse(message, { anchors: [ciNist, ciBrp], at, provider, ciKeyIds: [ids[c === 'NIST' ? 1 : 0]] });
      return wrong.valid || wrong.reason !== 'unknown-issuer' ? `other CI: ${wrong.valid ? 'valid' : wrong.reason}` : undefined;
    });
  }

  const capture = await loadBytes('signatures/real_capture.json');
  if (capture === undefined) {
    r.skip('real eUICC euiccSignature1', 'signatures/real_capture.json not available');
    return;
  }
  r.check('real eUICC euiccSignature1 verifies over the received euiccSigned1 TLV and not over its content', () => {
    const data = JSON.parse(new TextDecoder().decode(capture)) as { cases: { name: string; signedData?: string; signatureRaw?: string; verifyWith?: string }[] };
    const real = data.cases.find((x) => x.name.startsWith('euiccSignature1'));
    if (!real?.signedData || !real.signatureRaw || !real.verifyWith) return 'no euiccSignature1 case in the capture';
    const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
    const cert = get(real.verifyWith.replace(/^\.\.\/certs\//, ''));
    const signed1 = fromHex(real.signedData);
    const sig = fromHex(real.signatureRaw);
    if (!verifyEuiccSignature1(signed1, sig, { certificate: cert, provider }).valid) return 'does not verify over the TLV';
    try {
      return verifyEuiccSignature1(signed1.subarray(4), sig, { certificate: cert, provider }).valid ? 'verifies over the content only' : 'the content is not refused as a TLV';
    } catch (e) {
      return e instanceof Error && e.name === 'Asn1DecodeError' ? undefined : `content: threw ${String(e)}`;
    }
  });
}
