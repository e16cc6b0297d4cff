/**
 * Verdicts on dumps, both directions, as rows: what used to be wrongly "ok" (keys, random
 * SEQUENCEs, a PendingNotificationList under its context tag, an IpaCapabilities read as
 * EimConfigurationData, multi-block PEMs read to their first block) and the real-world dumps
 * that must still pass. Keys come from Node's own key generator; messages from the generated
 * codecs' value generator (test/cli/generate.ts) and, when present, ../shared/vectors.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sgp32 } from '../../src/index.js';
import { bytesToPem, readInputs } from '../../src/inspect/input.js';
import { defaultRegistry, isMessageType, validateDump, type Verdict } from '../../src/inspect/index.js';
import { untagImplicit } from '../../src/inspect/detect.js';
import { makeValue } from '../cli/generate.js';
import { concat, hex } from '../support/bytes.js';
import { describeVectors, vectorBytes } from '../support/vectors.js';

const enc = (s: string) => new TextEncoder().encode(s);
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const sec1Pem = ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
const sec1Der = new Uint8Array(ec.privateKey.export({ type: 'sec1', format: 'der' }));
const pkcs8Pem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const spkiPem = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const spkiDer = new Uint8Array(ec.publicKey.export({ type: 'spki', format: 'der' }));
// SGP.26 ships its keys as EC PARAMETERS + EC PRIVATE KEY (what `openssl ecparam -genkey` writes).
const ecParams = `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n`;
const certDer = makeValue('PKIX1Explicit88.Certificate')!.der;
const certPem = bytesToPem(certDer, 'CERTIFICATE');

/** A PendingNotificationList of one ProfileInstallationResult, as it travels: [0] IMPLICIT (A0). */
const pir = makeValue('SGP32Definitions.ProfileInstallationResult')!.der;
const pnlAsSequence = Sgp32.PendingNotificationList.encode([Sgp32.ProfileInstallationResult.decode(pir) as never].map((v) => ({ $case: 'profileInstallationResult', value: v })) as never);
const pnlA0 = Uint8Array.from([0xa0, ...pnlAsSequence.subarray(1)]);

/** An IpaCapabilities (a plain SEQUENCE), shaped like the eIM vector's. */
const ipaCaps = Sgp32.IpaCapabilities.encode({ ipaFeatures: { bytes: hex('0000'), unusedBits: 0 } as never, ipaSupportedProtocols: { bytes: hex('00'), unusedBits: 0 } as never } as never);

// [row, dump, expected: valid, error code, type]
const refused: [string, Uint8Array, string][] = [
  ['an EC private key, SEC1 PEM', enc(sec1Pem), 'not-a-message'],
  ['an EC private key, SEC1 DER', sec1Der, 'not-a-message'],
  ['a private key, PKCS#8 PEM', enc(pkcs8Pem), 'not-a-message'],
  ['a public key, PEM', enc(spkiPem), 'not-a-message'],
  ['a public key, DER (SubjectPublicKeyInfo is not a message)', spkiDer, 'not-a-message'],
  ['a random SEQUENCE: 30 06 02 01 05 0c 01 41', hex('3006020105 0c0141'), 'not-a-message'],
  ['a PendingNotificationList under its context tag A0', pnlA0, 'not-a-message'],
  ['an IpaCapabilities without --type (fits EimConfigurationData too)', ipaCaps, 'not-a-message'],
  ['SGP.26 EC PARAMETERS + EC PRIVATE KEY', enc(ecParams + sec1Pem), 'not-a-message'],
];

describe('dumps that are not messages are refused', () => {
  it.each(refused)('%s', (_row, dump, code) => {
    const v = validateDump(dump);
    expect(v.valid).toBe(false);
    expect(v.error?.code).toBe(code);
  });

  it('a key PEM is refused block by block, the EC PARAMETERS too', () => {
    const v = validateDump(enc(ecParams + sec1Pem));
    expect(v.blocks?.map((b) => [b.label, b.valid, b.error?.code])).toEqual([
      ['EC PARAMETERS', false, 'not-a-message'],
      ['EC PRIVATE KEY', false, 'not-a-message'],
    ]);
  });

  it('the refusal names what the bytes fit instead of choosing one', () => {
    expect(validateDump(ipaCaps).error?.message).toMatch(/IpaCapabilities/);
    expect(validateDump(pnlA0).error?.message).toMatch(/EuiccPackage/);
  });
});

// [row, dump, options, type]
const accepted: [string, Uint8Array, Parameters<typeof validateDump>[1], string][] = [
  ['a certificate, DER', certDer, {}, 'PKIX1Explicit88.Certificate'],
  ['a certificate, PEM (label CERTIFICATE)', enc(certPem), {}, 'PKIX1Explicit88.Certificate'],
  ['an IpaCapabilities with its type given', ipaCaps, { type: 'SGP32Definitions.IpaCapabilities' }, 'SGP32Definitions.IpaCapabilities'],
  ['a ProfileInstallationResult (BF37)', pir, {}, 'SGP32Definitions.ProfileInstallationResult'],
  ['an EuiccPackageRequest (BF51)', makeValue('SGP32Definitions.EuiccPackageRequest')!.der, {}, 'SGP32Definitions.EuiccPackageRequest'],
];

describe('real-world dumps still pass', () => {
  it.each(accepted)('%s', (_row, dump, options, type) => {
    const v = validateDump(dump, options);
    expect(v.error).toBeUndefined();
    expect(v).toMatchObject({ valid: true, type, unknown: [] });
  });

  it('a certificate chain in one PEM: one verdict per block', () => {
    const other = makeValue('PKIX1Explicit88.Certificate', {}, 0x22)!.der;
    const v = validateDump(enc(certPem + bytesToPem(other, 'CERTIFICATE')));
    expect(v.valid).toBe(true);
    expect(v.blocks?.map((b) => [b.label, b.valid, b.type])).toEqual([
      ['CERTIFICATE', true, 'PKIX1Explicit88.Certificate'],
      ['CERTIFICATE', true, 'PKIX1Explicit88.Certificate'],
    ]);
    expect(readInputs(enc(certPem + bytesToPem(other, 'CERTIFICATE'))).map((b) => b.bytes.length)).toEqual([certDer.length, other.length]);
  });

  it('a chain whose second block is a key fails on that block only', () => {
    const v = validateDump(enc(certPem + sec1Pem));
    expect(v.valid).toBe(false);
    expect(v.blocks?.map((b) => b.valid)).toEqual([true, false]);
    expect(v.error?.message).toMatch(/^PEM block 2 of 2 \(EC PRIVATE KEY\)/);
  });

  it('a PendingNotificationList decodes as its type under tag A0 (decode --type … --tag A0)', () => {
    const bytes = untagImplicit(pnlA0, 'SGP32Definitions.PendingNotificationList', 0xa0, defaultRegistry);
    const v = validateDump(bytes, { type: 'SGP32Definitions.PendingNotificationList' });
    expect(v).toMatchObject({ valid: true, unknown: [] });
    expect(() => untagImplicit(pnlA0, 'SGP32Definitions.PendingNotificationList', 0xa1, defaultRegistry)).toThrow(/not A1/);
  });
});

describe('ranking and unknown components', () => {
  // EuiccPackageRequest with an unknown component appended inside euiccPackageSigned.
  const der = makeValue('SGP32Definitions.EuiccPackageRequest')!.der;
  const withUnknown = (() => {
    const v = Sgp32.EuiccPackageRequest.decode(der);
    return Sgp32.EuiccPackageRequest.encode({ ...v, euiccPackageSigned: { ...v.euiccPackageSigned, $unknown: [hex('9f7f0101')] } } as never);
  })();

  it('a message with an unknown component is refused, naming it; allowUnknown accepts it and still names it', () => {
    const v = validateDump(withUnknown);
    expect(v).toMatchObject({ valid: false, error: { code: 'unknown-components' } });
    expect(v.unknown).toEqual([{ path: 'EuiccPackageRequest.euiccPackageSigned.$unknown[0]', tag: '9F7F', bytes: 4 }]);
    const ok: Verdict = validateDump(withUnknown, { allowUnknown: true });
    expect(ok).toMatchObject({ valid: true, type: 'SGP32Definitions.EuiccPackageRequest' });
    expect(ok.unknown.map((u) => u.path)).toEqual(['EuiccPackageRequest.euiccPackageSigned.$unknown[0]']);
  });

  it('equal fits are named, not chosen silently (a command and its response share a tag)', () => {
    const v = validateDump(makeValue('SGP32Definitions.ImmediateEnableRequest')!.der);
    expect(v.valid).toBe(true);
    expect(v.ambiguous).toEqual(expect.arrayContaining(['SGP32Definitions.ImmediateEnableRequest', 'SGP32Definitions.ImmediateEnableResponse']));
  });

  it('message types: tagged messages, their CHOICE wrappers, certificates; not components', () => {
    const rows: [string, boolean][] = [
      ['SGP32Definitions.EuiccPackageRequest', true],
      ['SGP32Definitions.EsipaMessageFromEimToIpa', true],
      ['PKIX1Explicit88.Certificate', true],
      ['RSPDefinitions.BoundProfilePackage', true],
      ['SGP32Definitions.IpaCapabilities', false],
      ['SGP32Definitions.EimConfigurationData', false],
      ['SGP32Definitions.EuiccPackage', false],
      ['SGP32Definitions.IpaEuiccDataResponseError', false],
      ['PKIX1Explicit88.AttributeType', false],
      ['PKIX1Explicit88.SubjectPublicKeyInfo', false],
    ];
    expect(rows.map(([t]) => [t, isMessageType(t)])).toEqual(rows);
  });
});

describeVectors('real messages (../shared/vectors/messages)', ['messages'], () => {
  it('the notifications list is refused without its type and read with --type/--tag', () => {
    const pnl = vectorBytes('messages', 'eim_notificationsList.der');
    expect(validateDump(pnl).error?.code).toBe('not-a-message');
    const v = validateDump(untagImplicit(pnl, 'SGP32Definitions.PendingNotificationList', 0xa0, defaultRegistry), { type: 'SGP32Definitions.PendingNotificationList' });
    expect(v).toMatchObject({ valid: true, unknown: [] });
  });
  it('IpaCapabilities: not a message by itself, valid as its type', () => {
    const caps = vectorBytes('messages', 'eim_IpaCapabilities.der');
    expect(validateDump(caps).error?.code).toBe('not-a-message');
    expect(validateDump(caps, { type: 'SGP32Definitions.IpaCapabilities' })).toMatchObject({ valid: true, unknown: [] });
  });
  it('a certificate PEM chain of the real eUICC certificate twice', () => {
    const der = vectorBytes('messages', 'eim_euiccCertificate.der');
    const v = validateDump(enc(bytesToPem(der, 'CERTIFICATE') + bytesToPem(der, 'CERTIFICATE')));
    expect(v.blocks?.map((b) => b.valid)).toEqual([true, true]);
    expect(concat(der).length).toBe(der.length);
  });
});
