/**
 * The benchmark's report format and case list, checked without timing anything: the JSON
 * writer's schema and vocabularies, the table and target arithmetic on synthetic results, and
 * the corpus the suites run over (deterministic, the sizes issue 8 asks for, valid encodings).
 */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildCorpus } from '../../bench/corpus.js';
import { planCases } from '../../bench/cases.js';
import { countNodes, tlvWalk, asn1jsDecode } from '../../bench/peers.js';
import {
  IMPLS, JSON_CASES, checkTargets, formatTable, formatTargets, isBorderline, isJsonCase, withPairedRatio, mbPerSec, nsPerNode, toJsonReport, validateJsonReport, type Result,
} from '../../bench/report.js';
import { BoundProfilePackage } from '../../src/generated/RSPDefinitions.js';
import { EUICCInfo2, EuiccPackageRequest } from '../../src/generated/SGP32Definitions.js';
import { Certificate } from '../../src/generated/PKIX1Explicit88.js';

const row = (c: string, impl: Result['impl'], opsPerSec: number, bytes: number | null = 1000, nodes: number | null = 100): Result => ({
  case: c, impl, opsPerSec, bytes, nodes, rme: 1.5,
});

describe('JSON report', () => {
  it('has exactly node and results, each result exactly case, impl, opsPerSec, bytes, nodes', () => {
    const rep = toJsonReport([row('decode/upp', 'sgp32', 5000, 12000, 2400), row('sign/p256', 'noble', 100, 214, null)], 'v20.20.2');
    expect(JSON.parse(JSON.stringify(rep))).toEqual({
      node: 'v20.20.2',
      results: [
        { case: 'decode/upp', impl: 'sgp32', opsPerSec: 5000, bytes: 12000, nodes: 2400 },
        { case: 'sign/p256', impl: 'noble', opsPerSec: 100, bytes: 214, nodes: null },
      ],
    });
    expect(validateJsonReport(JSON.parse(JSON.stringify(rep)))).toEqual([]);
  });

  it('keeps only vocabulary cases (table-only rows such as ecdh or extra inputs are left out)', () => {
    const rep = toJsonReport(
      [row('decode/upp [TS48v1_A.der]', 'sgp32', 1), row('ecdh/p256', 'noble', 1), row('decode/euiccinfo2', 'asn1js', 1), row('bpp/open', 'sgp32-js', 1)],
      'v20.0.0',
    );
    expect(rep.results.map((r) => r.case)).toEqual(['bpp/open']);
  });

  it('rejects implementations outside the vocabulary and bad rates', () => {
    expect(() => toJsonReport([row('decode/upp', 'asn1' as never, 1)], 'v20.0.0')).toThrow(RangeError);
    expect(() => toJsonReport([row('decode/upp', 'sgp32', NaN)], 'v20.0.0')).toThrow(/opsPerSec NaN/);
    expect(() => toJsonReport([], '')).toThrow(TypeError);
  });

  it('the validator names each defect', () => {
    expect(validateJsonReport([])).toEqual(['report: expected an object']);
    const bad = { node: '20', results: [{ case: 'decode/xml', impl: 'sgp32', opsPerSec: -1, bytes: 1.5, nodes: null, extra: 1 }], more: true };
    const problems = validateJsonReport(bad);
    expect(problems).toEqual([
      'report: expected exactly the keys node, results; got more,node,results',
      'node: expected a Node version string like v20.11.1',
      'results[0]: expected exactly the keys case, impl, opsPerSec, bytes, nodes; got bytes,case,extra,impl,nodes,opsPerSec',
      'results[0].case: "decode/xml" is not in the vocabulary',
      'results[0].opsPerSec: expected a finite non-negative number',
      'results[0].bytes: expected a non-negative integer or null',
    ]);
  });

  it('vocabularies are the ones issue 8 fixes', () => {
    expect([...JSON_CASES]).toEqual([
      'decode/bpp', 'decode/epr', 'decode/upp', 'decode/certs', 'encode/bpp', 'encode/epr', 'encode/upp', 'encode/certs',
      'verify/p256', 'verify/brainpool', 'sign/p256', 'sign/brainpool', 'bpp/open', 'bpp/build', 'eim/sign-request', 'eim/verify-result',
    ]);
    expect([...IMPLS]).toEqual(['sgp32', 'sgp32-js', 'sgp32-native', 'asn1js', 'peculiar', 'pkijs', 'noble', 'node-crypto', 'tlv-walk', 'codec']);
    expect(isJsonCase('decode/upp')).toBe(true);
    expect(isJsonCase('decode/upp [x]')).toBe(false);
  });
});

describe('table and targets (synthetic results)', () => {
  const results = [
    row('decode/upp', 'sgp32', 5000, 12000, 2400),
    row('decode/upp', 'asn1js', 50, 12000, 2400),
    row('decode/upp', 'tlv-walk', 50000, 12000, 2400),
    row('encode/upp', 'sgp32', 1000, 12000, 2400),
    row('encode/upp', 'asn1js', 100, 12000, 2400),
    row('sign/p256', 'sgp32-native', 900, 214, null),
    row('sign/p256', 'node-crypto', 1000, 214, null),
    row('sign/p256', 'sgp32-js', 70, 214, null),
    row('sign/p256', 'noble', 100, 214, null),
    row('bpp/open', 'sgp32-native', 4000, 13000, null),
    row('bpp/open', 'sgp32-js', 1000, 13000, null),
  ];

  it('derives MB/s and ns per TLV from ops/s, bytes and nodes', () => {
    expect(mbPerSec(results[0])).toBeCloseTo(60, 9);
    expect(nsPerNode(results[0])).toBeCloseTo(1e9 / (5000 * 2400), 9);
    expect(nsPerNode(results[5])).toBeUndefined();
  });

  it('prints each peer ratio from ours', () => {
    const t = formatTable(results);
    expect(t).toMatch(/decode\/upp\s+asn1js .* sgp32\/asn1js 100x/);
    expect(t).toMatch(/decode\/upp\s+tlv-walk .* walk\/sgp32 10x/);
    expect(t).toMatch(/sign\/p256\s+sgp32-native .* sgp32-native\/node-crypto 0\.90x/);
    expect(t).toMatch(/sign\/p256\s+sgp32-js .* sgp32-js\/noble 0\.70x/);
  });

  it('checks every target with the right direction', () => {
    const byTarget = Object.fromEntries(checkTargets(results).map((c) => [`${c.target} ${c.case}`, c]));
    expect(byTarget['decode >= 50x asn1js decode/upp']).toMatchObject({ measured: 100, met: true });
    expect(byTarget['decode within 8x of the TLV walk decode/upp']).toMatchObject({ measured: 10, met: false });
    expect(byTarget['encode >= 20x asn1js toBER encode/upp']).toMatchObject({ measured: 10, met: false });
    expect(byTarget['native provider within 1.25x of node:crypto sign/p256'].measured).toBeCloseTo(1000 / 900, 9);
    expect(byTarget['native provider within 1.25x of node:crypto sign/p256'].met).toBe(true);
    expect(byTarget['pure-JS provider within 1.25x of noble sign/p256']).toMatchObject({ met: false });
    expect(byTarget['bpp/open >= 40 MB/s native bpp/open']).toMatchObject({ measured: 52, met: true });
    expect(byTarget['bpp/open >= 20 MB/s pure-JS bpp/open']).toMatchObject({ measured: 13, met: false });
  });

  it('names the two implementations of each ratio target and re-checks only those near the line', () => {
    const byTarget = Object.fromEntries(checkTargets(results).map((c) => [`${c.target} ${c.case}`, c]));
    const walk = byTarget['decode within 8x of the TLV walk decode/upp'];
    expect(walk.pair).toEqual({ over: 'tlv-walk', under: 'sgp32' });
    expect(isBorderline(walk)).toBe(true); // 10x against 8x: within a factor of 1.5
    expect(isBorderline(byTarget['decode >= 50x asn1js decode/upp'])).toBe(false); // 100x against 50x
    expect(byTarget['bpp/open >= 40 MB/s native bpp/open'].pair).toBeUndefined();
    expect(isBorderline(byTarget['bpp/open >= 40 MB/s native bpp/open'])).toBe(false);
    // a paired ratio replaces the table's and decides the verdict in the target's direction
    const rechecked = withPairedRatio(walk, 7.5);
    expect(rechecked).toMatchObject({ measured: 7.5, met: true, tableMeasured: 10 });
    expect(withPairedRatio(byTarget['encode >= 20x asn1js toBER encode/upp'], 21)).toMatchObject({ met: true, tableMeasured: 10 });
    expect(withPairedRatio(byTarget['encode >= 20x asn1js toBER encode/upp'], 19)).toMatchObject({ met: false });
    expect(formatTargets([rechecked])).toMatch(/^MET +decode within 8x of the TLV walk +decode\/upp +7\.50x \(paired; table 10x\)$/);
  });
});

describe('corpus and case list', () => {
  const corpus = buildCorpus();

  it('is deterministic', () => {
    const again = buildCorpus();
    expect(again.bpp).toEqual(corpus.bpp);
    expect(again.upp).toEqual(corpus.upp);
    expect(again.certs).toEqual(corpus.certs);
    expect(again.epr).toEqual(corpus.epr);
  });

  it('has the sizes issue 8 names', () => {
    expect(corpus.bpp.length).toBeGreaterThan(12_000);
    expect(corpus.bpp.length).toBeLessThan(14_000);
    expect(corpus.epr.length).toBeGreaterThan(150);
    expect(corpus.epr.length).toBeLessThan(300);
    expect(corpus.upp.length).toBeGreaterThan(11_000);
    expect(corpus.upp.length).toBeLessThan(13_000);
    const nodes = countNodes(corpus.upp);
    expect(nodes).toBeGreaterThan(2_200);
    expect(nodes).toBeLessThan(2_600);
    expect(corpus.certs).toHaveLength(20);
  });

  it('every input round-trips through its codec and asn1js reads it', () => {
    expect(BoundProfilePackage.encode(BoundProfilePackage.decode(corpus.bpp))).toEqual(corpus.bpp);
    expect(EuiccPackageRequest.encode(EuiccPackageRequest.decode(corpus.epr))).toEqual(corpus.epr);
    expect(EUICCInfo2.encode(EUICCInfo2.decode(corpus.euiccinfo2))).toEqual(corpus.euiccinfo2);
    expect(BoundProfilePackage.decode(corpus.bpp).sequenceOf86).toHaveLength(13);
    expect(EuiccPackageRequest.decode(corpus.epr).euiccPackageSigned.euiccPackage).toMatchObject({ $case: 'psmoList' });
    expect(asn1jsDecode(corpus.upp).trees.length).toBeGreaterThan(20);
  });

  it('certificates are X.509 that OpenSSL parses, each signed by its issuer', () => {
    const x = corpus.certs.map((c) => new X509Certificate(c));
    for (const c of corpus.certs) expect(Certificate.encode(Certificate.decode(c))).toEqual(c);
    let checked = 0;
    for (const cert of x) {
      const issuer = x.find((i) => i.subject === cert.issuer);
      expect(issuer, cert.subject).toBeDefined();
      expect(cert.verify(issuer!.publicKey)).toBe(true);
      checked++;
    }
    expect(checked).toBe(20);
  });

  it('the TLV walk visits every node', () => {
    // tag sum + node count, computed independently by countNodes' traversal.
    expect(tlvWalk(corpus.epr)).toBeGreaterThan(countNodes(corpus.epr));
  });

  it('plans every vocabulary case with its implementations (or notes why a suite is absent)', async () => {
    const plan = await planCases(corpus, { upp: [], certs: [], dir: undefined });
    const impls = (c: string) => plan.cases.filter((x) => x.case === c).map((x) => x.impl).sort();
    for (const i of ['bpp', 'epr', 'upp']) {
      expect(impls(`decode/${i}`)).toEqual(['asn1js', 'sgp32', 'tlv-walk']);
      expect(impls(`encode/${i}`)).toEqual(['asn1js', 'sgp32']);
    }
    expect(impls('decode/certs')).toEqual(['asn1js', 'peculiar', 'pkijs', 'sgp32', 'tlv-walk']);
    expect(impls('encode/certs')).toEqual(['asn1js', 'peculiar', 'pkijs', 'sgp32']);
    for (const c of ['sign/p256', 'sign/brainpool', 'verify/p256', 'verify/brainpool']) {
      expect(impls(c)).toEqual(['noble', 'node-crypto', 'sgp32-js', 'sgp32-native']);
    }
    for (const c of ['bpp/open', 'bpp/build', 'eim/sign-request', 'eim/verify-result']) {
      const present = impls(c);
      if (present.length > 0) expect(present).toEqual(['sgp32-js', 'sgp32-native']);
      else expect(plan.notes.join('\n')).toContain(c);
    }
    for (const c of plan.cases) expect(IMPLS).toContain(c.impl);
    // bytes/nodes are what the JSON carries: decode rows count the input's TLVs.
    const upp = plan.cases.find((c) => c.case === 'decode/upp' && c.impl === 'sgp32')!;
    expect(upp.bytes).toBe(corpus.upp.length);
    expect(upp.nodes).toBe(countNodes(corpus.upp));
  });
});
