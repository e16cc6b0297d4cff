/**
 * Real data from ../shared/vectors (third-party captures, SGP.26 certificates, TS.48 profiles)
 * decodes with the generated codecs and re-encodes to the identical bytes. The vectors are not
 * part of the repository; the suite skips with a message when the folder is absent.
 */
import { VECTORS_DIR, hasVectors, vectorBytes, vectorFilesUnder, vectorJson, vectorList, vectorText } from '../support/vectors.js';
import { describe, expect, it } from 'vitest';
import { Pkix, Rsp, Saip, Sgp32, encodedBytesOf, type Codec } from '../../src/index.js';
import { splitTlvs, toHexStr } from '../der/bytes.js';

const VECTORS = VECTORS_DIR;
const present = hasVectors();
if (!present) console.warn(`[real-data] skipped: ${VECTORS} is absent (external vectors are not part of the repository)`);

const NAMESPACE: Record<string, Record<string, unknown>> = {
  SGP32Definitions: Sgp32,
  RSPDefinitions: Rsp,
  PKIX1Explicit88: Pkix,
  PEDefinitions: Saip,
};

/** The codec a sidecar's `asn1Type` ("RSPDefinitions.DeviceInfo (stand-alone …)") names. */
function codecFor(asn1Type: string): Codec<unknown> {
  const m = /^(\w+)\.([\w-]+)/.exec(asn1Type);
  if (!m) throw new Error(`cannot read a type name from ${JSON.stringify(asn1Type)}`);
  const ns = NAMESPACE[m[1]];
  const codec = ns?.[m[2].replace(/-/g, '_')] as Codec<unknown> | undefined;
  if (!codec || typeof codec.decode !== 'function') throw new Error(`no codec for ${m[1]}.${m[2]}`);
  return codec;
}

const read = (rel: string): Uint8Array => vectorBytes(rel);

/** Base64 body of a PEM CERTIFICATE block, decoded. */
function pemCertificate(text: string): Uint8Array {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text);
  if (!m) throw new Error('no PEM CERTIFICATE block');
  return Uint8Array.from(atob(m[1].replace(/\s+/g, '')), (c) => c.charCodeAt(0));
}

/** decode → encode gives the input bytes back (hex in the failure message). */
function expectRoundTrip<T>(codec: Codec<T>, bytes: Uint8Array): T {
  const value = codec.decode(bytes);
  expect(toHexStr(codec.encode(value))).toBe(toHexStr(bytes));
  // The JER form round trips to a value that encodes to the same bytes.
  const jer = JSON.parse(JSON.stringify(codec.toJer(value)));
  expect(toHexStr(codec.encode(codec.fromJer(jer)))).toBe(toHexStr(bytes));
  return value;
}

describe.skipIf(!present)('real vectors from ../shared/vectors', () => {
  it('the third-party Bound Profile Packages decode as RSPDefinitions.BoundProfilePackage and re-encode byte-identically', () => {
    for (const rel of ['bsp/bpp_decode/bpp.der', 'messages/ipa_BoundProfilePackage.der']) {
      const bytes = read(rel);
      const bpp = expectRoundTrip(Rsp.BoundProfilePackage, bytes);
      // Structure as the sidecars describe it, counted here from the bytes themselves.
      const [outer] = splitTlvs(bytes);
      const children = splitTlvs(bytes, outer.contentStart, outer.end);
      const count = (tag: number) => {
        const c = children.find((x) => bytes[x.start] === tag);
        return c ? splitTlvs(bytes, c.contentStart, c.end).length : undefined;
      };
      expect(bpp.firstSequenceOf87.length).toBe(count(0xa0));
      expect(bpp.sequenceOf88.length).toBe(count(0xa1));
      expect(bpp.secondSequenceOf87?.length).toBe(count(0xa2));
      expect(bpp.sequenceOf86.length).toBe(count(0xa3));
    }
    const side = vectorJson<any>('bsp/bpp_decode/bpp_decode.json');
    const bpp = Rsp.BoundProfilePackage.decode(read('bsp/bpp_decode/bpp.der'));
    expect(bpp.sequenceOf86.length).toBe(side.structure.sequenceOf86.length);
    expect(bpp.secondSequenceOf87 === undefined).toBe(!side.structure.secondSequenceOf87Present);
  });

  it('every certificate decodes as PKIX1Explicit88.Certificate and re-encodes byte-identically', () => {
    const files = vectorFilesUnder('certs').filter((p) => !p.startsWith('certs/text'));
    const der = files.filter((p) => p.endsWith('.der'));
    const pem = files.filter((p) => p.endsWith('.crt'));
    expect(der.length).toBeGreaterThanOrEqual(30);
    expect(pem.length).toBeGreaterThanOrEqual(4);
    let checked = 0;
    for (const p of [...der, ...pem]) {
      const bytes = p.endsWith('.crt') ? pemCertificate(vectorText(p)) : read(p);
      let cert;
      try {
        cert = expectRoundTrip(Pkix.Certificate, bytes);
      } catch (err) {
        throw new Error(`${p}: ${(err as Error).message}`);
      }
      expect(cert.signatureAlgorithm.algorithm).toMatch(/^1\.2\.840\.10045\.4\.3\.2$|^1\.2\.840\.113549\.1\.1\.\d+$/);
      checked++;
    }
    expect(checked).toBe(der.length + pem.length);
  });

  it('every TS.48 profile decodes as a sequence of PEDefinitions.ProfileElement matching the sidecar', () => {
    const uppFiles = vectorList('upp').filter((f) => f.endsWith('.der'));
    expect(uppFiles.length).toBe(4);
    for (const f of uppFiles) {
      const bytes = read(`upp/${f}`);
      const side = vectorJson<any>('upp', f.replace(/\.der$/, '.json'));
      const parts = splitTlvs(bytes);
      const types: string[] = [];
      for (const part of parts) {
        const slice = bytes.subarray(part.start, part.end);
        const pe = expectRoundTrip(Saip.ProfileElement, slice);
        types.push(pe.$case);
      }
      expect(types.length, f).toBe(side.profileElementCount);
      // Sidecar names are the ASN.1 identifiers; `$case` spells their hyphens as underscores.
      expect(types, f).toEqual(side.profileElementSequence.map((x: { type: string }) => x.type.replace(/-/g, '_')));
      const header = Saip.ProfileElement.decode(bytes.subarray(parts[0].start, parts[0].end));
      if (header.$case !== 'header') throw new Error('first element is not the header');
      expect(header.value.iccid).toBeDefined();
      expect(toHexStr(header.value.iccid)).toBe(side.profileHeader.iccid);
      expect(header.value.major_version).toBe(side.profileHeader.majorVersion);
      expect(header.value.minor_version).toBe(side.profileHeader.minorVersion);
      expect(header.value.profileType).toBe(side.profileHeader.profileType);
    }
  });

  it('every message under messages/ decodes as its named type and re-encodes byte-identically', () => {
    const files = vectorList('messages').filter((f) => f.endsWith('.der'));
    expect(files.length).toBe(12);
    for (const f of files) {
      const side = vectorJson<any>('messages', f.replace(/\.der$/, '.json'));
      let bytes = read(`messages/${f}`);
      if (side.hex) expect(toHexStr(bytes)).toBe(side.hex);
      if (f === 'eim_notificationsList.der') {
        // This capture is the field IpaEuiccData.notificationsList, `[0] IMPLICIT
        // PendingNotificationList`, so its outer tag is A0. A stand-alone PendingNotificationList
        // carries the universal SEQUENCE tag: swap the first byte A0 -> 30 to decode it as its type.
        expect(bytes[0]).toBe(0xa0);
        bytes = bytes.slice();
        bytes[0] = 0x30;
      }
      try {
        expectRoundTrip(codecFor(side.asn1Type), bytes);
      } catch (err) {
        throw new Error(`${f} as ${side.asn1Type}: ${(err as Error).message}`);
      }
    }
  });

  it('JER of messages agrees with the values stated in the sidecars', () => {
    const msg = (f: string) => ({
      bytes: read(`messages/${f}.der`),
      decoded: vectorJson<any>('messages', `${f}.json`).decoded,
    });
    {
      const { bytes, decoded } = msg('eim_ProfileInstallationResult');
      const j = Sgp32.ProfileInstallationResult.toJer(Sgp32.ProfileInstallationResult.decode(bytes)) as any;
      const data = j.profileInstallationResultData;
      expect(data.transactionId).toBe(decoded.transactionId);
      expect(data.notificationMetadata.seqNumber).toBe(decoded.seqNumber);
      expect(data.notificationMetadata.notificationAddress).toBe(decoded.notificationAddress);
      expect(data.notificationMetadata.iccid).toBe(decoded.iccidBytes);
      expect(data.smdpOid).toBe(decoded.smdpOid);
      expect(j.euiccSignPIR).toBe(decoded.euiccSignPIR);
      // "errorResult {bppCommandId 2, errorReason 9}"
      const [, cmd, reason] = /bppCommandId (\d+), errorReason (\d+)/.exec(decoded.finalResult)!;
      expect(data.finalResult).toEqual({ errorResult: { bppCommandId: Number(cmd), errorReason: Number(reason) } });
    }
    {
      const { bytes, decoded } = msg('lpac_EUICCInfo2');
      const j = Rsp.EUICCInfo2.toJer(Rsp.EUICCInfo2.decode(bytes)) as any;
      for (const k of ['profileVersion', 'svn', 'euiccFirmwareVer', 'ts102241Version', 'globalplatformVersion', 'ppVersion', 'sasAcreditationNumber']) {
        expect(j[k], k).toBe(decoded[k]);
      }
      expect(j.euiccCiPKIdListForVerification).toEqual(decoded.euiccCiPKIdListForVerification);
      expect(j.euiccCiPKIdListForSigning).toEqual(decoded.euiccCiPKIdListForSigning);
      expect(j.certificationDataObject).toEqual(decoded.certificationDataObject);
    }
    {
      const { bytes, decoded } = msg('eim_EUICCInfo1');
      const j = Rsp.EUICCInfo1.toJer(Rsp.EUICCInfo1.decode(bytes)) as any;
      expect(j.svn).toBe(decoded.svn);
      expect(j.euiccCiPKIdListForVerification).toEqual(decoded.euiccCiPKIdListForVerification);
      expect(j.euiccCiPKIdListForSigning).toEqual(decoded.euiccCiPKIdListForSigning);
    }
    {
      const { bytes, decoded } = msg('eim_DeviceInfo');
      const j = Rsp.DeviceInfo.toJer(Rsp.DeviceInfo.decode(bytes)) as any;
      expect(j.tac).toBe(decoded.tac);
      expect(j.deviceCapabilities).toEqual({}); // "empty SEQUENCE (A1 00)"
      expect('imei' in j).toBe(false); // "absent"
    }
    for (const f of ['lpac_GetEuiccDataResponse', 'pysim_GetEuiccDataResponse']) {
      const { bytes, decoded } = msg(f);
      expect((Rsp.GetEuiccDataResponse.toJer(Rsp.GetEuiccDataResponse.decode(bytes)) as any).eidValue).toBe(decoded.eidValue);
    }
    {
      const { bytes, decoded } = msg('pysim_GetEuiccDataRequest');
      expect((Rsp.GetEuiccDataRequest.toJer(Rsp.GetEuiccDataRequest.decode(bytes)) as any).tagList).toBe(decoded.tagList);
    }
    {
      const { bytes, decoded } = msg('lpac_EuiccConfiguredAddressesResponse');
      const j = Rsp.EuiccConfiguredAddressesResponse.toJer(Rsp.EuiccConfiguredAddressesResponse.decode(bytes)) as any;
      expect(j.rootDsAddress).toBe(decoded.rootDsAddress);
    }
  });

  it('keepEncoded: encodedBytesOf gives the exact sub-slice of each component', () => {
    // ProfileInstallationResultData is the signed part of a PIR: the first TLV of the BF37 content.
    const pirBytes = read('messages/eim_ProfileInstallationResult.der');
    const pir = Sgp32.ProfileInstallationResult.decode(pirBytes, { keepEncoded: true });
    const [outer] = splitTlvs(pirBytes);
    const [data] = splitTlvs(pirBytes, outer.contentStart, outer.end);
    const got = encodedBytesOf(pir.profileInstallationResultData)!;
    expect(got).toBeDefined();
    expect(toHexStr(got)).toBe(toHexStr(pirBytes.subarray(data.start, data.end)));
    expect(got.buffer).toBe(pirBytes.buffer); // a view of the input, not a re-encoding
    expect(got.byteOffset).toBe(pirBytes.byteOffset + data.start);
    expect(got.length).toBe(85); // "first 85 bytes of the BF37 content" (sidecar)
    expect(toHexStr(encodedBytesOf(pir)!)).toBe(toHexStr(pirBytes));

    // A certificate's tbsCertificate (what its signature covers) and its subjectPublicKeyInfo.
    const certBytes = read('messages/eim_euiccCertificate.der');
    const cert = Pkix.Certificate.decode(certBytes, { keepEncoded: true });
    const [c] = splitTlvs(certBytes);
    const [tbs] = splitTlvs(certBytes, c.contentStart, c.end);
    expect(toHexStr(encodedBytesOf(cert.tbsCertificate)!)).toBe(toHexStr(certBytes.subarray(tbs.start, tbs.end)));
    const tbsChildren = splitTlvs(certBytes, tbs.contentStart, tbs.end);
    const spki = tbsChildren[6]; // version, serial, signature, issuer, validity, subject, SPKI
    expect(toHexStr(encodedBytesOf(cert.tbsCertificate.subjectPublicKeyInfo)!)).toBe(toHexStr(certBytes.subarray(spki.start, spki.end)));

    // The BPP's InitialiseSecureChannelRequest.
    const bppBytes = read('messages/ipa_BoundProfilePackage.der');
    const bpp = Rsp.BoundProfilePackage.decode(bppBytes, { keepEncoded: true });
    const [b] = splitTlvs(bppBytes);
    const [isc] = splitTlvs(bppBytes, b.contentStart, b.end);
    expect(toHexStr(encodedBytesOf(bpp.initialiseSecureChannelRequest)!)).toBe(toHexStr(bppBytes.subarray(isc.start, isc.end)));

    // Without the option nothing is remembered.
    expect(encodedBytesOf(Sgp32.ProfileInstallationResult.decode(pirBytes).profileInstallationResultData)).toBeUndefined();
  });
});
