/**
 * The `sgp32` binary as a user runs it: every input form, exit codes 0/1/2/70, lenient mode,
 * and the tree view checked line by line on a real message and on one made here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { EuiccPackageRequest } from '../../src/generated/SGP32Definitions.js';
import { ownRequest } from './own-message.js';
import { HAVE_MESSAGES, MESSAGES, ensureBuilt, sgp32 } from './helpers.js';

let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sgp32-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Every TLV of a DER encoding, descending into constructed ones: an independent walker. */
function tlvs(b: Uint8Array, p = 0, end = b.length, out: [number, string, number][] = []): [number, string, number][] {
  while (p < end) {
    const start = p;
    let tagEnd = p + 1;
    if ((b[p] & 0x1f) === 0x1f) while (b[tagEnd++] & 0x80);
    let len = b[tagEnd];
    let q = tagEnd + 1;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + b[q++];
    }
    out.push([start, hex(b.subarray(start, tagEnd)).toUpperCase(), len]);
    if (b[start] & 0x20) tlvs(b, q, q + len, out);
    p = q + len;
  }
  return out;
}

/** Offset, tag and length columns of tree lines (header line dropped). */
function columns(lines: string[]): [number, string, number][] {
  return lines.slice(1).map((l) => {
    const [off, tag, len] = l.trim().split(/\s+/);
    return [Number(off), tag, Number(len)];
  });
}

describe('input forms', () => {
  const der = ownRequest();
  const expected = JSON.stringify(EuiccPackageRequest.toJer(EuiccPackageRequest.decode(der)), null, 2) + '\n';
  const b64 = Buffer.from(der).toString('base64');
  const forms: [string, string | Uint8Array][] = [
    ['der', der],
    ['hex', hex(der)],
    ['hex-upper-spaced', hex(der).toUpperCase().replace(/(..)(?!$)/g, '$1 ')],
    ['hex-colons', hex(der).replace(/(..)(?!$)/g, '$1:')],
    ['hex-0x-multiline', '0x' + hex(der).replace(/(.{32})/g, '$1\n')],
    ['base64', b64],
    ['base64-url', b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')],
    ['base64-wrapped', b64.replace(/(.{20})/g, '$1\n')],
    ['pem', `-----BEGIN EUICC PACKAGE-----\n${b64.replace(/(.{64})/g, '$1\n')}\n-----END EUICC PACKAGE-----\n`],
    ['pem-with-text-around', `some note\n-----BEGIN X-----\n${b64}\n-----END X-----\ntrailer\n`],
  ];
  it('decodes every form from a file to the same JER, saying which type it detected', () => {
    for (const [name, data] of forms) {
      const file = join(dir, `in-${name}`);
      writeFileSync(file, data);
      const a = sgp32(['decode', file]);
      expect(a.code, `${name}: ${a.stderr}`).toBe(0);
      expect(a.stdout, name).toBe(expected);
      expect(a.stderr, name).toContain('detected SGP32Definitions.EuiccPackageRequest');
    }
  });

  it('decodes from standard input (binary, hex, PEM)', () => {
    for (const [name, data] of forms.filter(([n]) => ['der', 'hex-colons', 'pem'].includes(n))) {
      const b = sgp32(['decode', '-', '-q'], { input: data });
      expect(b.code, `${name}: ${b.stderr}`).toBe(0);
      expect(b.stdout, name).toBe(expected);
      expect(b.stderr, name).toBe('');
    }
  });

  it('takes a forced --in form and rejects data not in it (exit 1)', () => {
    const file = join(dir, 'forced.hex');
    writeFileSync(file, hex(der));
    expect(sgp32(['decode', file, '--in', 'hex']).code).toBe(0);
    const r = sgp32(['decode', file, '--in', 'pem']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^sgp32 decode: error: bad-input-form: /m);
    expect(sgp32(['decode', file, '--in', 'der']).code).toBe(1); // ASCII text is no TLV of this type
  });
});

describe('exit codes and error lines', () => {
  it('0 on success, 1 on a decode error with one line holding code, offset and path', () => {
    const der = ownRequest();
    const bad = Buffer.from(der);
    bad[bad.indexOf(Buffer.from('8102012c', 'hex'))] = 0x83; // counterValue [1] -> [3]
    const file = join(dir, 'bad.der');
    writeFileSync(file, bad);
    const r = sgp32(['decode', file, '--type', 'EuiccPackageRequest']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sgp32 decode: error: unexpected-tag at offset 33 in EuiccPackageRequest\.euiccPackageSigned\.counterValue: /);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack without --debug
    const d = sgp32(['decode', file, '--type', 'EuiccPackageRequest', '--debug']);
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/\n\s+at /);
  });

  it('--lenient accepts BER and reports each deviation on stderr; strict mode refuses it', () => {
    const der = ownRequest();
    // The outer length in the indefinite form, closed by end-of-contents octets.
    const ber = Buffer.concat([der.subarray(0, 2), Buffer.from([0x80]), der.subarray(3), Buffer.from([0, 0])]);
    const strict = sgp32(['decode', '-', '-q'], { input: ber });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^sgp32 decode: error: indefinite-length at offset 0/);
    const lenient = sgp32(['decode', '-', '-q', '--lenient'], { input: ber });
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toBe('sgp32 decode: warning: indefinite-length at offset 0: indefinite length\n');
    expect(lenient.stdout).toBe(sgp32(['decode', '-', '-q'], { input: der }).stdout);
    const tree = sgp32(['decode', '-', '-q', '--lenient', '-f', 'tree'], { input: ber });
    expect(tree.stdout.split('\n')[1]).toBe('     0  BF51      122*  EuiccPackageRequest');
  });

  it('2 on usage errors: unknown command, flag, type, format, missing file, missing --type', () => {
    const file = join(dir, 'ok.der');
    writeFileSync(file, ownRequest());
    const cases: string[][] = [
      [],
      ['frobnicate'],
      ['decode', file, '--bogus'],
      ['decode', file, '--type', 'NoSuchType'],
      ['decode', file, '--format', 'xml'],
      ['decode', join(dir, 'missing.der')],
      ['decode', file, '--color', 'sometimes'],
      ['encode', file],
      ['types', '--module', 'Nope'],
      ['help', 'nope'],
    ];
    for (const args of cases) {
      const r = sgp32(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.length, args.join(' ')).toBeGreaterThan(0);
      expect(r.stdout, args.join(' ')).toBe('');
    }
    expect(sgp32(['decode', file, '--type', 'EuiccPackageReqest']).stderr).toContain('did you mean SGP32Definitions.EuiccPackageRequest');
  });

  it('70 on an internal error, with the version and no stack unless --debug', () => {
    // A stdout that throws stands in for a bug: the CLI must not report it as bad data.
    const hook = join(dir, 'break-stdout.mjs');
    writeFileSync(hook, "process.stdout.write = () => { throw new Error('simulated failure'); };\n");
    const r = sgp32(['types'], { nodeArgs: ['--import', hook] });
    expect(r.code).toBe(70);
    const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
    expect(r.stderr).toContain(`sgp32 ${version}: internal error in types: simulated failure`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const d = sgp32(['types', '--debug'], { nodeArgs: ['--import', hook] });
    expect(d.code).toBe(70);
    expect(d.stderr).toMatch(/\n\s+at /);
  });
});

describe('tree view', () => {
  it('annotates a message made here, line by line', () => {
    const der = ownRequest();
    const r = sgp32(['decode', '-', '--format', 'tree', '-q'], { input: der });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      'offset  tag     length  name value  -- type',
      '     0  BF51       122  EuiccPackageRequest',
      '     3  30          53    euiccPackageSigned  -- EuiccPackageSigned',
      '     5  80           8      eimId "eim.test"  -- UTF8String',
      '    15  5A          16      eidValue 89049032123451234512345678901235 (EID 89049032123451234512345678901235)  -- Octet16',
      '    33  81           2      counterValue 300  -- INTEGER',
      '    37  A0          19      euiccPackage.psmoList  -- SEQUENCE OF Psmo',
      '    39  A3          14        [0].enable  -- SEQUENCE',
      '    41  5A          10          iccid 98001032547698103214 (ICCID 89000123456789012341)  -- Iccid',
      '    53  05           0          rollbackFlag NULL  -- NULL',
      '    55  BF2D         0        [1].listProfileInfo  -- ProfileInfoListRequest',
      '    58  5F37        64    eimSignature 5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a… (64 bytes)  -- OCTET STRING',
    ]);
    expect(columns(lines)).toEqual(tlvs(der));
    const full = sgp32(['decode', '-', '--format', 'tree', '-q', '--full'], { input: der }).stdout;
    expect(full).toContain(`eimSignature ${'5a'.repeat(64)}  -- OCTET STRING`);
  });

  it('marks the node where a broken message stops decoding, and exits 1', () => {
    const bad = Buffer.from(ownRequest());
    bad[bad.indexOf(Buffer.from('8102012c', 'hex'))] = 0x83;
    const r = sgp32(['decode', '-', '--format', 'tree', '--type', 'EuiccPackageRequest'], { input: bad });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('    33  83           2      $unknown 012c  -- [3] [unknown extension]');
    expect(r.stderr).toMatch(/error: unexpected-tag at offset 33 in EuiccPackageRequest\.euiccPackageSigned\.counterValue/);
  });

  it.skipIf(!HAVE_MESSAGES)('annotates a real eUICC response (lpac EUICCInfo2), line by line', () => {
    // ../shared/vectors/messages/lpac_EUICCInfo2.der: an ES10b GetEUICCInfo response from lpac's documentation.
    const der = readFileSync(join(MESSAGES, 'lpac_EUICCInfo2.der'));
    const r = sgp32(['decode', join(MESSAGES, 'lpac_EUICCInfo2.der'), '--format', 'tree', '--type', 'RSPDefinitions.EUICCInfo2']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    // Values as in the vector's sidecar (lpac_EUICCInfo2.json "decoded"). Bits worked out by
    // hand: uiccCapability 06 7f 36 c0 = 18 bits, 1-7, 10, 11, 13, 14, 16, 17 set (PEDefinitions
    // UICCCapability); rspCapability 04 90 = bits 0 and 3; PprIds 06 c0 = bits 0 and 1.
    expect(lines).toEqual([
      'offset  tag     length  name value  -- type',
      '     0  BF22       198  EUICCInfo2',
      '     4  81           3    profileVersion 020100  -- VersionType',
      '     9  82           3    svn 020200  -- VersionType',
      '    14  83           3    euiccFirmwareVer 040600  -- VersionType',
      '    19  84          15    extCardResource 810100820400062824830400001922  -- OCTET STRING',
      '    36  85           4    uiccCapability 7f36c0 (18 bits) {usimSupport, isimSupport, csimSupport, akaMilenage, akaCave, akaTuak128, akaTuak256, gbaAuthenUsim, gbaAuthenISim, eapClient, javacard, multipleUsimSupport, multipleIsimSupport}  -- UICCCapability',
      '    42  86           3    ts102241Version 090200  -- VersionType',
      '    47  87           3    globalplatformVersion 020300  -- VersionType',
      '    52  88           2    rspCapability 90 (4 bits) {additionalProfile, testProfileSupport}  -- RspCapability',
      '    56  A9          22    euiccCiPKIdListForVerification  -- SEQUENCE OF SubjectKeyIdentifier',
      '    58  04          20      [0] 81370f5125d0b1d408d4c3b232e6d25e795bebfb  -- SubjectKeyIdentifier',
      '    80  AA          22    euiccCiPKIdListForSigning  -- SEQUENCE OF SubjectKeyIdentifier',
      '    82  04          20      [0] 81370f5125d0b1d408d4c3b232e6d25e795bebfb  -- SubjectKeyIdentifier',
      '   104  99           2    forbiddenProfilePolicyRules c0 (2 bits) {pprUpdateControl, ppr1}  -- PprIds',
      '   108  04           3    ppVersion 000001  -- VersionType',
      '   113  0C          13    sasAcreditationNumber "GI-BA-UP-0419"  -- UTF8String',
      '   128  AC          72    certificationDataObject  -- CertificationDataObject',
      '   130  80          31      platformLabel "1.2.840.1234567/myPlatformLabel"  -- UTF8String',
      '   163  81          37      discoveryBaseURL "https://mycompany.com/myDLOARegistrar"  -- UTF8String',
    ]);
    expect(columns(lines)).toEqual(tlvs(new Uint8Array(der)));
  });

  it.skipIf(!HAVE_MESSAGES)('expands DER inside OCTET STRINGs and shows ICCIDs as digits (real BPP, real PIR)', () => {
    const bpp = sgp32(['decode', join(MESSAGES, 'ipa_BoundProfilePackage.der'), '-f', 'tree', '-q']);
    expect(bpp.code).toBe(0);
    // The MAC-protected StoreMetadataRequest of the first 88 segment, named and with its ICCID.
    expect(bpp.stdout).toContain('   215  BF25        40        StoreMetadataRequest [DER inside OCTET STRING]');
    expect(bpp.stdout).toContain('   218  5A          10          iccid 98001032547698103285 (ICCID 89000123456789012358)  -- Iccid');
    expect(bpp.stdout).toContain('   258  --           8        MAC 0f54c76e0af94f21  -- C-MAC [not a TLV]');
    const pir = sgp32(['decode', join(MESSAGES, 'eim_ProfileInstallationResult.der'), '-f', 'tree', '-q']);
    expect(pir.stdout).toContain('iccid 989444999999990930f1 (ICCID 8949449999999990031)  -- Iccid');
    expect(pir.stdout).toContain('errorReason installFailedDueToIccidAlreadyExistsOnEuicc(9)  -- ErrorReason');
    const cert = sgp32(['decode', join(MESSAGES, 'eim_euiccCertificate.der'), '-f', 'tree', '-q']);
    expect(cert.stdout).toContain('KeyUsage 80 (1 bit) {digitalSignature} [DER inside OCTET STRING]');
    expect(cert.stdout).toContain('policyIdentifier 2.23.146.1.2.1.1 (id-rspRole-euicc)  -- CertPolicyId');
  });
});
