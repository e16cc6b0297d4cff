/**
 * verifyAuthenticateServerResponse: AuthenticateServerResponse messages built here with the
 * generated codecs and signed with the eUICC's key — from a PKI generated at test time (both
 * curves, mixed), from the SGP.26 test PKI, and the real eUICC signature of
 * ../shared/vectors/signatures — then broken one check at a time.
 */
import { describe, expect, it } from 'vitest';
import { nobleProvider as provider } from '../../src/crypto/noble.js';
import { providers } from '../support/providers.js';
import { importPrivateKey } from '../../src/crypto/keys.js';
import type { Curve, EcPrivateKey } from '../../src/crypto/provider.js';
import { Asn1DecodeError, type Diagnostic } from '../../src/der/errors.js';
import * as SGP32 from '../../src/generated/SGP32Definitions.js';
import * as RSP from '../../src/generated/RSPDefinitions.js';
import { parseCertificate, subjectKeyIdentifierDer } from '../../src/pki/index.js';
import { verifyAuthenticateServerResponse, verifyEuiccSignature1 as verifyEuiccSignature1Verdict, type AuthenticateResponseVerdict, type VerifyAuthenticateServerResponseOptions } from '../../src/rsp/index.js';

/** rsp's verifyEuiccSignature1 with the eUICC certificate as the key; true when valid. */
const verifyEuiccSignature1 = (signed: Uint8Array, signature: Uint8Array, certificate: Uint8Array): boolean =>
  verifyEuiccSignature1Verdict(signed, signature, { certificate }).valid;
import {
  assembleResponse,
  berEuiccSigned1,
  encodeResponse,
  errorResponse,
  euiccSigned1Value,
  euiccSigned1ValueRsp,
  signEuiccSigned1,
  type Session,
} from '../pki/auth-build.js';
import { AT, KU, NOW, ROLE, TEST_EID, base, eidWithCheckDigits, euiccExtensions, ext, makeCert, makeTestPki, party, type TestPki } from '../pki/build.js';
import { HAVE_CERTS, SKIP_MESSAGE, readVector } from '../pki/vectors.js';
import { hasVectors, vectorJson, vectorPath, vectorText } from '../support/vectors.js';

const EID = TEST_EID;
type Pki = TestPki;

const makePki = (ciCurve: Curve, eumCurve: Curve, euiccCurve: Curve, eid = EID): Pki => makeTestPki(provider, ciCurve, eumCurve, euiccCurve, eid);

const session = (ciKeyIds: Uint8Array[]): Session => ({
  transactionId: provider.randomBytes(16),
  serverChallenge: provider.randomBytes(16),
  serverAddress: 'smdp.example.com',
  ciKeyIds,
});

/** A correctly signed response (DER, through the SGP.32 codec) and its parts. */
function respond(p: { euiccCert: Uint8Array; eumCert: Uint8Array }, key: EcPrivateKey, s: Session, module: 'SGP32Definitions' | 'RSPDefinitions' = 'SGP32Definitions') {
  const value = module === 'SGP32Definitions' ? euiccSigned1Value(s) : euiccSigned1ValueRsp(s);
  const signed1 = module === 'SGP32Definitions' ? SGP32.EuiccSigned1.encode(value as SGP32.EuiccSigned1) : RSP.EuiccSigned1.encode(value as RSP.EuiccSigned1);
  const signature = signEuiccSigned1(provider, key, signed1);
  return { signed1, signature, message: encodeResponse(module, value, signature, p.euiccCert, p.eumCert) };
}

function expectInvalid(v: AuthenticateResponseVerdict, reason: string, index?: number): void {
  const got = v.valid ? 'valid' : `${v.reason}@${v.index ?? '-'}: ${v.detail}`;
  expect(got).toMatch(new RegExp(`^${reason}@${index ?? '-'}:`));
}

const flip = (b: Uint8Array, i: number, mask = 0x01): Uint8Array => {
  const c = b.slice();
  c[i] ^= mask;
  return c;
};

const indexOf = (hay: Uint8Array, needle: Uint8Array): number => {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
};

describe('verifyAuthenticateServerResponse: generated PKI', () => {
  const nist = makePki('P-256', 'P-256', 'P-256');
  const brp = makePki('brainpoolP256r1', 'brainpoolP256r1', 'brainpoolP256r1');
  const mixed = makePki('brainpoolP256r1', 'P-256', 'brainpoolP256r1');
  const verify = (msg: Uint8Array | SGP32.AuthenticateServerResponse, o: Partial<VerifyAuthenticateServerResponseOptions> & { anchors: Uint8Array[] }) =>
    verifyAuthenticateServerResponse(msg, { at: NOW, ...o });

  it.each([
    ['NIST', nist],
    ['brainpool', brp],
    ['mixed (brainpool CI and eUICC, NIST EUM)', mixed],
  ])('accepts a correctly signed response (%s), SGP.32 and SGP.22 modules, both providers', (_n, p) => {
    for (const module of ['SGP32Definitions', 'RSPDefinitions'] as const) {
      const s = session([p.ci.keyId]);
      const { signed1, message } = respond(p, p.euicc.keys.privateKey, s, module);
      expect(message.subarray(0, 2)).toEqual(Uint8Array.of(0xbf, 0x38));
      for (const prov of providers) {
        const v = verify(message, {
          anchors: [nist.ciCert, brp.ciCert, mixed.ciCert],
          definitions: module,
          ciKeyIds: [subjectKeyIdentifierDer(parseCertificate(p.ciCert))],
          transactionId: s.transactionId,
          serverChallenge: s.serverChallenge,
          serverAddress: s.serverAddress,
          provider: prov,
        });
        expect(v.valid ? v.eid : v).toBe(EID);
        if (!v.valid) continue;
        expect(v.signedData).toEqual(signed1);
        expect(v.anchor.der).toEqual(p.ciCert);
        expect(v.chain.map((c) => c.der)).toEqual([p.eumCert, p.euiccCert]);
        expect(v.euiccSigned1.transactionId).toEqual(s.transactionId);
      }
    }
  });

  it('the hand-assembled message equals the codec output, and a decoded value (keepEncoded) verifies too', () => {
    const s = session([nist.ci.keyId]);
    const { signed1, signature, message } = respond(nist, nist.euicc.keys.privateKey, s);
    expect(assembleResponse(signed1, signature, nist.euiccCert, nist.eumCert)).toEqual(message);
    const value = SGP32.AuthenticateServerResponse.decode(message, { keepEncoded: true });
    expect(verify(value, { anchors: [nist.ciCert] }).valid).toBe(true);
    // Without keepEncoded the received bytes are unknown: a usage error, not a verdict.
    expect(() => verify(SGP32.AuthenticateServerResponse.decode(message), { anchors: [nist.ciCert] })).toThrow(/keepEncoded/);
  });

  it('wrong CI: not trusted, not the one named by the key identifiers, identifiers matching no anchor', () => {
    const s = session([nist.ci.keyId]);
    const { message } = respond(nist, nist.euicc.keys.privateKey, s);
    expectInvalid(verify(message, { anchors: [brp.ciCert] }), 'unknown-issuer', 0);
    // Both CIs trusted, but the server asked for the brainpool one: the EUM is not under it.
    expectInvalid(verify(message, { anchors: [nist.ciCert, brp.ciCert], ciKeyIds: [brp.ci.keyId] }), 'unknown-issuer', 0);
    // A preference list: the first identifier with a trusted CI wins.
    expect(verify(message, { anchors: [nist.ciCert], ciKeyIds: [brp.ci.keyId, nist.ci.keyId] }).valid).toBe(true);
    expectInvalid(verify(message, { anchors: [nist.ciCert], ciKeyIds: [brp.ci.keyId] }), 'unknown-ci');
    expectInvalid(verify(message, { anchors: [nist.ciCert], ciKeyIds: [] }), 'unknown-ci');
    // Truncated identifiers only when asked for.
    expectInvalid(verify(message, { anchors: [nist.ciCert], ciKeyIds: [nist.ci.keyId.subarray(0, 8)] }), 'unknown-ci');
    expect(verify(message, { anchors: [nist.ciCert], ciKeyIds: [nist.ci.keyId.subarray(0, 8)], allowTruncatedCiKeyId: true }).valid).toBe(true);
  });

  it('chain failures keep their reason and index (EUM 0, eUICC 1, CI -1)', () => {
    const s = session([nist.ci.keyId]);
    // EID outside the EUM's permitted range (the EUM permits 89049032).
    const outside = makePki('P-256', 'P-256', 'P-256');
    const eid = eidWithCheckDigits('890490331234512345123456789012');
    const stranger = party(provider, 'P-256', 'eUICC', [[AT.serialNumber, eid]]);
    const strangerCert = makeCert(provider, base(9, outside.eum, stranger, euiccExtensions(stranger, outside.eum)));
    const r1 = respond({ euiccCert: strangerCert, eumCert: outside.eumCert }, stranger.keys.privateKey, s);
    const v = verify(r1.message, { anchors: [outside.ciCert] });
    expectInvalid(v, 'eid-out-of-range', 1);
    expect(!v.valid && v.detail).toContain(eid);
    // An eUICC certificate the EUM did not sign.
    const impostor = party(provider, 'P-256', 'impostor');
    const forged = makeCert(provider, base(3, nist.eum, nist.euicc, euiccExtensions(nist.euicc, nist.eum), { signingKey: impostor.keys.privateKey }));
    expectInvalid(verify(respond({ euiccCert: forged, eumCert: nist.eumCert }, nist.euicc.keys.privateKey, s).message, { anchors: [nist.ciCert] }), 'bad-signature', 1);
    // Expired CI at the verification time.
    const { message } = respond(nist, nist.euicc.keys.privateKey, s);
    expectInvalid(verify(message, { anchors: [nist.ciCert], at: new Date('2023-01-01T00:00:00Z') }), 'not-yet-valid', -1);
    // The certificates swapped (eUICC where the EUM belongs).
    const swapped = assembleResponse(SGP32.EuiccSigned1.encode(euiccSigned1Value(s)), new Uint8Array(64), nist.eumCert, nist.euiccCert);
    expect(verify(swapped, { anchors: [nist.ciCert] }).valid).toBe(false);
  });

  it('a tampered euiccSigned1 byte, anywhere, invalidates the signature', () => {
    const s = session([brp.ci.keyId]);
    const { signed1, message } = respond(brp, brp.euicc.keys.privateKey, s);
    const start = indexOf(message, signed1);
    expect(start).toBeGreaterThan(0);
    // Flip one bit in bytes whose change keeps the message decodable: inside the values of
    // transactionId, serverAddress, serverChallenge and the SAS accreditation number.
    const positions = [
      indexOf(message, s.transactionId),
      indexOf(message, new TextEncoder().encode(s.serverAddress)) + 3,
      indexOf(message, s.serverChallenge) + 15,
      indexOf(message, new TextEncoder().encode('SGP32-TEST-SAS')) + 5,
    ];
    for (const i of positions) {
      expect(i).toBeGreaterThan(start);
      expect(i).toBeLessThan(start + signed1.length);
      expectInvalid(verify(flip(message, i, 0x02), { anchors: [brp.ciCert] }), 'euicc-signature-invalid');
    }
  });

  it('a tampered signature (every byte position), a signature by another key, over the content only, or of the wrong length', () => {
    const s = session([nist.ci.keyId]);
    const { signed1, signature, message } = respond(nist, nist.euicc.keys.privateKey, s);
    const sigAt = indexOf(message, signature);
    // Every byte of r‖s (the signature check alone), and the whole verifier at both ends of r and s.
    for (let i = 0; i < 64; i++) expect(verifyEuiccSignature1(signed1, flip(signature, i, 1 << (i % 8)), nist.euiccCert)).toBe(false);
    for (const i of [0, 31, 32, 63]) {
      expectInvalid(verify(flip(message, sigAt + i, 0x80), { anchors: [nist.ciCert] }), 'euicc-signature-invalid');
    }
    const other = signEuiccSigned1(provider, party(provider, 'P-256', 'x').keys.privateKey, signed1);
    expectInvalid(verify(assembleResponse(signed1, other, nist.euiccCert, nist.eumCert), { anchors: [nist.ciCert] }), 'euicc-signature-invalid');
    // Signed over the content without the 30 xx header: must not verify (signatures.md §3.2).
    const headerLength = signed1[1] < 0x80 ? 2 : 2 + (signed1[1] & 0x7f);
    const contentOnly = signEuiccSigned1(provider, nist.euicc.keys.privateKey, signed1.subarray(headerLength));
    expectInvalid(verify(assembleResponse(signed1, contentOnly, nist.euiccCert, nist.eumCert), { anchors: [nist.ciCert] }), 'euicc-signature-invalid');
    // A DER ECDSA-Sig-Value where r‖s belongs.
    const der = provider.ecdsaSign(nist.euicc.keys.privateKey, signed1, 'der');
    expectInvalid(verify(assembleResponse(signed1, der, nist.euiccCert, nist.eumCert), { anchors: [nist.ciCert] }), 'euicc-signature-invalid');
    expect(verifyEuiccSignature1(signed1, signature, nist.euiccCert)).toBe(true);
    expect(verifyEuiccSignature1(signed1, signature.subarray(0, 63), nist.euiccCert)).toBe(false);
  });

  it('the session values: transactionId, serverChallenge, serverAddress', () => {
    const s = session([nist.ci.keyId]);
    const { message } = respond(nist, nist.euicc.keys.privateKey, s);
    const o = { anchors: [nist.ciCert] };
    expectInvalid(verify(message, { ...o, transactionId: flip(s.transactionId, 0) }), 'transaction-id-mismatch');
    expectInvalid(verify(message, { ...o, transactionId: s.transactionId.subarray(0, 8) }), 'transaction-id-mismatch');
    expectInvalid(verify(message, { ...o, serverChallenge: flip(s.serverChallenge, 15) }), 'server-challenge-mismatch');
    expectInvalid(verify(message, { ...o, serverAddress: 'other.example.com' }), 'server-address-mismatch');
    expect(verify(message, { ...o, transactionId: s.transactionId, serverChallenge: s.serverChallenge, serverAddress: s.serverAddress }).valid).toBe(true);
  });

  it('BER euiccSigned1: verified leniently (the default) over the bytes received, refused with strict: true', () => {
    const s = session([brp.ci.keyId]);
    const der = SGP32.EuiccSigned1.encode(euiccSigned1Value(s));
    const ber = berEuiccSigned1(der);
    expect(ber.length).toBe(der.length + 6 - (der[1] === 0x82 ? 4 : der[1] === 0x81 ? 3 : 2) + 1);
    // The eUICC signs what it sends.
    const sig = signEuiccSigned1(provider, brp.euicc.keys.privateKey, ber);
    const message = assembleResponse(ber, sig, brp.euiccCert, brp.eumCert);
    expect(() => verify(message, { anchors: [brp.ciCert], strict: true })).toThrow(Asn1DecodeError);
    const diagnostics: Diagnostic[] = [];
    const v = verify(message, { anchors: [brp.ciCert], diagnostics, transactionId: s.transactionId, serverChallenge: s.serverChallenge });
    expect(v.valid ? v.signedData : v).toEqual(ber);
    // Both deviations reported at their offsets: BF38 82 LL LL A0 82 LL LL | 30 84… (length at 9) | 80 81… (length at 15).
    // (The runtime currently reports the outer one twice when keepEncoded re-reads the header.)
    expect([...new Set(diagnostics.map((d) => `${d.code}@${d.offset}`))]).toEqual(['non-minimal-length@9', 'non-minimal-length@15']);
    // A verifier that re-encoded to DER would accept this one; over the received bytes it fails.
    const overDer = assembleResponse(ber, signEuiccSigned1(provider, brp.euicc.keys.privateKey, der), brp.euiccCert, brp.eumCert);
    expectInvalid(verify(overDer, { anchors: [brp.ciCert] }), 'euicc-signature-invalid');
  });

  it('authenticateResponseError and compact responses are verdicts; other bytes throw', () => {
    const tid = provider.randomBytes(16);
    const v = verify(errorResponse(tid, 7), { anchors: [nist.ciCert] });
    expect(v).toMatchObject({ valid: false, reason: 'authenticate-response-error', authenticateErrorCode: 7 });
    expect(!v.valid && v.detail).toContain('ciPKUnknown');
    const compact = SGP32.AuthenticateServerResponse.encode({
      $case: 'compactAuthenticateResponseOk',
      value: { signedData: { $case: 'euiccSigned1', value: euiccSigned1Value(session([])) }, euiccSignature1: new Uint8Array(64) },
    });
    expectInvalid(verify(compact, { anchors: [nist.ciCert] }), 'unsupported-response');
    // The SGP.22 module has no compact alternative: there it decodes as an unknown one.
    expectInvalid(verify(compact, { anchors: [nist.ciCert], definitions: 'RSPDefinitions' }), 'unsupported-response');
    // An alternative unknown to the module, given as a decoded value.
    expectInvalid(verify({ $case: '$unknown', value: Uint8Array.of(0xa5, 0x00) }, { anchors: [nist.ciCert] }), 'unsupported-response');
    expect(() => verify(Uint8Array.of(0xbf, 0x37, 0x00), { anchors: [nist.ciCert] })).toThrow(Asn1DecodeError);
    expect(() => verify(nist.euiccCert, { anchors: [nist.ciCert] })).toThrow(Asn1DecodeError);
  });

  it('bad arguments are TypeError/RangeError naming the argument', () => {
    const { message } = respond(nist, nist.euicc.keys.privateKey, session([nist.ci.keyId]));
    const ok = { anchors: [nist.ciCert], at: NOW };
    expect(() => verifyAuthenticateServerResponse(message, null as never)).toThrow(/^options: /);
    expect(() => verifyAuthenticateServerResponse(message, { ...ok, anchors: 'x' as never })).toThrow(/options\.anchors/);
    expect(() => verifyAuthenticateServerResponse(message, { ...ok, at: 'now' as never })).toThrow(/options\.at/);
    expect(() => verifyAuthenticateServerResponse(message, { ...ok, transactionId: 'ab' as never })).toThrow(/options\.transactionId/);
    expect(() => verifyAuthenticateServerResponse(message, { ...ok, definitions: 'X' as never })).toThrow(RangeError);
    expect(() => verifyAuthenticateServerResponse('bf38' as never, ok)).toThrow(/^response: /);
    expect(() => verifyEuiccSignature1Verdict('x' as never, new Uint8Array(64), { certificate: nist.euiccCert })).toThrow(TypeError);
  });
});

describe.skipIf(!HAVE_CERTS)('verifyAuthenticateServerResponse: SGP.26 test PKI', () => {
  if (!HAVE_CERTS) {
    it.skip(SKIP_MESSAGE, () => {});
    return;
  }
  const ci = { NIST: readVector('sgp26/CI/CERT_CI_ECDSA_NIST.der'), BRP: readVector('sgp26/CI/CERT_CI_ECDSA_BRP.der') };
  const text = (f: string): string => vectorText('certs', f);

  it.each(['NIST', 'BRP'] as const)('eUICC %s: signed with SK.EUICC, verified against both CIs by key identifier', (c) => {
    const key = importPrivateKey(text(`sgp26/eUICC/SK_EUICC_ECDSA_${c}.pem`));
    const certs = { euiccCert: readVector(`sgp26/eUICC/CERT_EUICC_ECDSA_${c}.der`), eumCert: readVector(`sgp26/EUM/CERT_EUM_ECDSA_${c}.der`) };
    const ids = [parseCertificate(ci.NIST).subjectKeyIdentifier!, parseCertificate(ci.BRP).subjectKeyIdentifier!];
    const s = session(ids);
    for (const module of ['SGP32Definitions', 'RSPDefinitions'] as const) {
      const { message } = respond(certs, key, s, module);
      const v = verifyAuthenticateServerResponse(message, {
        anchors: [ci.NIST, ci.BRP],
        at: NOW,
        definitions: module,
        ciKeyIds: [subjectKeyIdentifierDer(parseCertificate(ci[c]))],
        transactionId: s.transactionId,
        serverChallenge: s.serverChallenge,
      });
      expect(v.valid ? [v.eid, v.anchor.curve] : v).toEqual(['89049032123451234512345678901235', c === 'NIST' ? 'P-256' : 'brainpoolP256r1']);
      // The other curve's CI did not issue this EUM.
      const other = c === 'NIST' ? ci.BRP : ci.NIST;
      expectInvalid(verifyAuthenticateServerResponse(message, { anchors: [other], at: NOW, definitions: module }), 'unknown-issuer', 0);
    }
  });

  it('the SGP.26 invalid eUICC certificates (same key): EID outside the EUM range, expired, self-signed', () => {
    const key = importPrivateKey(text('sgp26/eUICC/SK_EUICC_ECDSA_NIST.pem'));
    const eumCert = readVector('sgp26/EUM/CERT_EUM_ECDSA_NIST.der');
    const s = session([]);
    const run = (file: string) => verifyAuthenticateServerResponse(respond({ euiccCert: readVector(file), eumCert }, key, s).message, { anchors: [ci.NIST], at: NOW });
    expectInvalid(run('invalid/CERT_EUICC_ECDSA_NIST_INVALID_EID.der'), 'eid-out-of-range', 1);
    expectInvalid(run('invalid/CERT_EUICC_ECDSA_NIST_EXPIRED.der'), 'expired', 1);
    expectInvalid(run('invalid/CERT_EUICC_ECDSA_NIST_INVALID.der'), 'issuer-mismatch', 1);
  });
});

const SIGNATURES = vectorPath('signatures/real_capture.json');
const HAVE_REAL = HAVE_CERTS && hasVectors('signatures/real_capture.json');

describe.skipIf(!HAVE_REAL)('verifyAuthenticateServerResponse: a real eUICC signature (../shared/vectors/signatures)', () => {
  if (!HAVE_REAL) {
    it.skip(`external vectors absent: ${SIGNATURES} — skipped`, () => {});
    return;
  }
  interface Case {
    name: string;
    signedData?: string;
    signatureRaw?: string;
    chain?: string[];
    anchor?: string;
    verifyWith?: string;
  }
  const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
  const cases = vectorJson<{ cases: Case[] }>('signatures/real_capture.json').cases;
  const real = cases.find((c) => c.name.startsWith('euiccSignature1'));
  const file = (rel: string): string => rel.replace(/^\.\.\/certs\//, '');

  it('euiccSignature1 verifies over the received euiccSigned1 (header included), not over its content', () => {
    expect(real).toBeDefined();
    const signed1 = fromHex(real!.signedData!);
    const signature = fromHex(real!.signatureRaw!);
    const [eumFile, euiccFile] = real!.chain!.map(file);
    const message = assembleResponse(signed1, signature, readVector(euiccFile), readVector(eumFile));
    // Decoded with the SGP.32 v1.2 module; the verifier takes the bytes it received.
    const decoded = SGP32.AuthenticateServerResponse.decode(message, { keepEncoded: true });
    expect(decoded.$case).toBe('authenticateResponseOk');
    expect(verifyEuiccSignature1(signed1, signature, readVector(file(real!.verifyWith!)))).toBe(true);
    // The content alone is not an euiccSigned1 TLV: malformed input to a verifier is an exception.
    expect(() => verifyEuiccSignature1(signed1.subarray(4), signature, readVector(file(real!.verifyWith!)))).toThrow(Asn1DecodeError);
    // The whole check against the SGP.26 CI: this sysmocom eUICC's EID (89044045…) is outside
    // the range the SGP.26 test EUM certificate permits (89049032), so the chain is refused —
    // before the signature is looked at.
    const v = verifyAuthenticateServerResponse(message, { anchors: [readVector(file(real!.anchor!))], at: NOW });
    expectInvalid(v, 'eid-out-of-range', 1);
    expect(!v.valid && v.detail).toContain('89044045118427484800000000011628');
  });

  it('end to end once the EUM range covers the EID: an EUM certificate re-issued here by the SGP.26 CI key', () => {
    // Same subject, key and SKI as the SGP.26 EUM (so the real eUICC certificate chains to it),
    // with a permitted range 89044045 for this card; signed with the SGP.26 CI's private key.
    const [eumFile, euiccFile] = real!.chain!.map(file);
    const ciCert = readVector(file(real!.anchor!));
    const ciView = parseCertificate(ciCert);
    const eumView = parseCertificate(readVector(eumFile));
    const ciKey = importPrivateKey(vectorText('certs', 'sgp26/CI/SK_CI_ECDSA_NIST.pem'));
    const reissued = makeCert(provider, {
      serial: 0x4242n,
      issuer: ciView.subject.der,
      subject: eumView.subject.der,
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2099-01-01T00:00:00Z'),
      publicKey: eumView.publicKey!,
      signingKey: ciKey,
      extensions: [
        ext.aki(ciView.subjectKeyIdentifier!),
        ext.ski(eumView.subjectKeyIdentifier!),
        ext.keyUsage(KU.keyCertSign),
        ext.policies(ROLE.eum),
        ext.basicConstraints(true, 0),
        ext.eidRanges('sysmocom RSP Test EUM', '89044045'),
      ],
    });
    const signed1 = fromHex(real!.signedData!);
    const message = assembleResponse(signed1, fromHex(real!.signatureRaw!), readVector(euiccFile), reissued);
    const decoded = SGP32.EuiccSigned1.decode(signed1);
    const v = verifyAuthenticateServerResponse(message, {
      anchors: [ciCert, readVector('sgp26/CI/CERT_CI_ECDSA_BRP.der')],
      at: NOW,
      ciKeyIds: decoded.euiccInfo2.euiccCiPKIdListForSigning,
      transactionId: decoded.transactionId,
      serverChallenge: decoded.serverChallenge,
      serverAddress: 'testsmdpplus1.example.com',
    });
    expect(v.valid ? v.eid : v).toBe('89044045118427484800000000011628');
    expect(v.valid && v.signedData).toEqual(signed1);
    // The same message with one signed byte changed, or one signature byte changed.
    const addressAt = indexOf(message, new TextEncoder().encode('testsmdpplus1'));
    expectInvalid(verifyAuthenticateServerResponse(flip(message, addressAt + 4), { anchors: [ciCert], at: NOW }), 'euicc-signature-invalid');
    const sigAt = indexOf(message, fromHex(real!.signatureRaw!));
    expectInvalid(verifyAuthenticateServerResponse(flip(message, sigAt + 40), { anchors: [ciCert], at: NOW }), 'euicc-signature-invalid');
    expectInvalid(verifyAuthenticateServerResponse(message, { anchors: [ciCert], at: NOW, transactionId: flip(decoded.transactionId, 3) }), 'transaction-id-mismatch');
  });
});
