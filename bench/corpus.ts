/**
 * The benchmark corpus: every input is built here, from a fixed seed, with the project's own
 * generated codecs and crypto provider, so two runs (and two machines) measure the same bytes.
 *
 * - `bpp`: a BoundProfilePackage (SGP.22 §5.5.2/§2.5.5) of ~13 KB: InitialiseSecureChannel,
 *   one ConfigureISDP `87`, one StoreMetadata `88`, one ReplaceSessionKeys `87` and thirteen
 *   `86` segments (twelve of 1,020 bytes, the largest SGP.22 §2.5.5 allows, and a 356-byte
 *   tail). The segment contents are seeded random bytes standing in for ciphertext; the
 *   structure is exact.
 * - `epr`: an EuiccPackageRequest (SGP.32 §2.11.1) carrying six PSMOs, ~200 bytes.
 * - `upp`: a TS.48-sized Unprotected Profile Package: a sequence of SAIP ProfileElements
 *   (26 elements: header, MF, PIN/PUK, TELECOM, USIM, OPT-USIM, ISIM, CSIM, AKA, file
 *   management, security domain, RFM, end …) of ~12 KB and ~2,400 TLVs, encoded with the PEDefinitions codec.
 * - `certs`: 20 GSMA-like X.509 certificates (CI, EUM, eUICC, SM-DP+, eIM roles, both curves),
 *   TBSCertificate encoded with the PKIX codec and signed with the pure-JS provider.
 * - `euiccinfo2`: an SGP.32 EUICCInfo2; `geteimpkg`: a GetEimPackageResponse.
 *
 * Optional real inputs (TS.48 profiles, SGP.26 certificates) are read from ../shared/vectors
 * when that folder exists; see {@link loadExternal}.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BoundProfilePackage } from '../dist/generated/RSPDefinitions.js';
import { concatBytes } from '../dist/der/bytes.js';
import { hdr, newReader } from '../dist/der/reader.js';
import { EUICCInfo2, EuiccPackageRequest, GetEimPackageResponse, type Psmo } from '../dist/generated/SGP32Definitions.js';
import { ProfileElement, type Fcp, type File, type PEHeader } from '../dist/generated/PEDefinitions.js';
import {
  Certificate, TBSCertificate, type AttributeTypeAndValue, type Extension, type Name, type Certificate as CertificateT,
} from '../dist/generated/PKIX1Explicit88.js';
import {
  AuthorityKeyIdentifier, BasicConstraints, CertificatePolicies, KeyUsage, SubjectAltName, SubjectKeyIdentifier,
} from '../dist/generated/PKIX1Implicit88.js';
import { nobleProvider } from '../dist/crypto/noble.js';
import { privateKeyFromRaw } from '../dist/crypto/keys.js';
import type { Curve, EcPrivateKey } from '../dist/crypto/provider.js';

/** A deterministic pseudo-random source (mulberry32): same seed, same bytes, everywhere. */
export interface Rng {
  /** An integer in [0, 2^32). */
  u32(): number;
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  bytes(n: number): Uint8Array;
}

/** Creates the seeded generator every corpus input draws from. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const u32 = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    u32,
    int: (lo, hi) => lo + (u32() % (hi - lo + 1)),
    bytes: (n) => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = u32() & 0xff;
      return out;
    },
  };
}

const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (x) => parseInt(x, 16));

// ---------------------------------------------------------------------------------------------
// Bound Profile Package

/** Segment sizes of the corpus BPP's `86` list: twelve full 1,020-byte segments and a tail. */
export const BPP_SEGMENTS = [1020, 1020, 1020, 1020, 1020, 1020, 1020, 1020, 1020, 1020, 1020, 1020, 356];

/** A structurally valid BoundProfilePackage with seeded random ciphertext (see module doc). */
export function makeBpp(r: Rng): Uint8Array {
  const value: BoundProfilePackage = {
    initialiseSecureChannelRequest: {
      remoteOpId: 1,
      transactionId: r.bytes(16),
      controlRefTemplate: { keyType: hex('88'), keyLen: hex('10'), hostId: r.bytes(16) },
      smdpOtpk: Uint8Array.of(0x04, ...r.bytes(64)),
      smdpSign: r.bytes(64),
    },
    // ConfigureISDP (BF24, ~40 B), StoreMetadata (BF25, ~120 B), ReplaceSessionKeys (BF26)
    // are encrypted and MACed: ciphertext rounded to 16 plus an 8-byte MAC.
    firstSequenceOf87: [r.bytes(48 + 8)],
    sequenceOf88: [r.bytes(128 + 8)],
    secondSequenceOf87: [r.bytes(64 + 8)],
    sequenceOf86: BPP_SEGMENTS.map((n) => r.bytes(n)),
  };
  return BoundProfilePackage.encode(value);
}

// ---------------------------------------------------------------------------------------------
// EuiccPackageRequest and GetEimPackageResponse

const EID = hex('89049032123451234512345678901235');

function iccid(r: Rng): Uint8Array {
  return Uint8Array.of(0x98, 0x10, ...r.bytes(8));
}

function psmoList(r: Rng): Psmo[] {
  return [
    { $case: 'enable', value: { iccid: iccid(r), rollbackFlag: null } },
    { $case: 'disable', value: { iccid: iccid(r) } },
    { $case: 'delete', value: { iccid: iccid(r) } },
    { $case: 'listProfileInfo', value: { searchCriteria: { $case: 'profileClass', value: 2 }, tagList: hex('5a4f9f7095') } },
    { $case: 'getRAT', value: {} },
    { $case: 'setFallbackAttribute', value: { iccid: iccid(r) } },
  ];
}

/** An EuiccPackageRequest with six PSMOs and an eIM signature (random here, 64 bytes). */
export function makeEpr(r: Rng): Uint8Array {
  return EuiccPackageRequest.encode({
    euiccPackageSigned: {
      eimId: 'eim.bench.example.com',
      eidValue: EID,
      counterValue: 4711,
      eimTransactionId: r.bytes(16),
      euiccPackage: { $case: 'psmoList', value: psmoList(r) },
    },
    eimSignature: r.bytes(64),
  });
}

/** A GetEimPackageResponse carrying an EuiccPackageRequest (the common ESipa answer). */
export function makeGetEimPackageResponse(r: Rng): Uint8Array {
  const epr = EuiccPackageRequest.decode(makeEpr(r));
  return GetEimPackageResponse.encode({ $case: 'euiccPackageRequest', value: epr });
}

// ---------------------------------------------------------------------------------------------
// EUICCInfo2

/** An SGP.32 EUICCInfo2 as an IoT eUICC would report it. */
export function makeEuiccInfo2(r: Rng): Uint8Array {
  const skis = [r.bytes(20), r.bytes(20), r.bytes(20)];
  return EUICCInfo2.encode({
    profileVersion: hex('020300'),
    svn: hex('020500'),
    euiccFirmwareVer: hex('0a0b0c'),
    extCardResource: hex('810100820400041e24830200f8'),
    uiccCapability: { bytes: hex('067f36c0'), unusedBits: 0 },
    ts102241Version: hex('090200'),
    globalplatformVersion: hex('020300'),
    rspCapability: { bytes: hex('06'), unusedBits: 1 },
    euiccCiPKIdListForVerification: skis,
    euiccCiPKIdListForSigning: skis.slice(0, 2),
    euiccCategory: 1,
    forbiddenProfilePolicyRules: { bytes: hex('40'), unusedBits: 6 },
    ppVersion: hex('000100'),
    sasAcreditationNumber: 'GI-BA-UP-0419',
    certificationDataObject: { platformLabel: '1.2.840.1234567/myPlatformLabel', discoveryBaseURL: 'https://mydiscoveryURL.example.com' },
    treProperties: { bytes: hex('80'), unusedBits: 7 },
    treProductReference: 'TRE-REF-0001',
    additionalEuiccProfilePackageVersions: [hex('020100'), hex('020200')],
    ipaMode: 1,
    euiccCiPKIdListForSigningV3: skis.slice(0, 1),
    highestSvn: hex('020500'),
    iotSpecificInfo: { iotVersion: [hex('010200')], fallbackSupported: null },
  });
}

// ---------------------------------------------------------------------------------------------
// TS.48-sized profile

const header = (id: number): PEHeader => ({ identification: id });

/** One EF: an FCP of a few small fields and, often, some content, like TS.48's templates. */
function ef(r: Rng, fid: number): File {
  const fcp: { -readonly [K in keyof Fcp]: Fcp[K] } = { fileDescriptor: hex(r.int(0, 2) === 0 ? '4221000a' : '4121'), fileID: Uint8Array.of(fid >> 8, fid & 0xff) };
  const kind = r.int(0, 5);
  if (kind > 0) fcp.securityAttributesReferenced = Uint8Array.of(0x2f, 0x06, r.int(1, 20));
  if (kind > 1) fcp.efFileSize = Uint8Array.of(0, r.int(1, 250));
  if (kind > 2) fcp.shortEFID = Uint8Array.of(r.int(1, 30) << 3);
  if (kind === 5) fcp.proprietaryEFInfo = { specialFileInformation: hex('00'), fillPattern: hex('ff') };
  const file: File[number][] = [{ $case: 'fileDescriptor', value: fcp }];
  if (r.int(0, 2) > 0) file.push({ $case: 'fillFileContent', value: r.bytes(r.int(2, 30)) });
  if (r.int(0, 5) === 0) {
    file.push({ $case: 'fillFileOffset', value: r.int(0, 40) });
    file.push({ $case: 'fillFileContent', value: r.bytes(r.int(1, 8)) });
  }
  return file;
}

/** A DF/ADF: its FCP with a DF name or a PIN status template. */
function df(r: Rng, fid: number, aid?: Uint8Array): File {
  const fcp: { -readonly [K in keyof Fcp]: Fcp[K] } = {
    fileDescriptor: hex('7821'), fileID: Uint8Array.of(fid >> 8, fid & 0xff), securityAttributesReferenced: Uint8Array.of(0x2f, 0x06, r.int(1, 20)),
    pinStatusTemplateDO: hex('90017083010183018183010a'),
  };
  if (aid) fcp.dfName = aid;
  return [{ $case: 'fileDescriptor', value: fcp }];
}

const TELECOM_EFS = ['ef_arr', 'ef_sume', 'ef_psismsc', 'ef_img', 'ef_iidf', 'ef_ice_graphics', 'ef_launch_scws', 'ef_icon', 'ef_pbr', 'ef_ext1', 'ef_aas', 'ef_gas', 'ef_psc', 'ef_cc', 'ef_puid', 'ef_iap', 'ef_adn', 'ef_pbc', 'ef_anr', 'ef_puri', 'ef_email', 'ef_sne', 'ef_uid', 'ef_grp', 'ef_ccp1', 'ef_mml', 'ef_mmdf', 'ef_mlpl', 'ef_mspl', 'ef_mmssmode'];
const TELECOM_DFS = ['df_graphics', 'df_phonebook', 'df_multimedia', 'df_mmss'];
const USIM_EFS = ['ef_imsi', 'ef_arr', 'ef_keys', 'ef_keysPS', 'ef_hpplmn', 'ef_ust', 'ef_fdn', 'ef_sms', 'ef_smsp', 'ef_smss', 'ef_spn', 'ef_est', 'ef_start_hfn', 'ef_threshold', 'ef_psloci', 'ef_acc', 'ef_fplmn', 'ef_loci', 'ef_ad', 'ef_ecc', 'ef_netpar', 'ef_epsloci', 'ef_epsnsc'];
const OPT_USIM_EFS = ['ef_li', 'ef_acmax', 'ef_acm', 'ef_gid1', 'ef_gid2', 'ef_msisdn', 'ef_puct', 'ef_cbmi', 'ef_cbmid', 'ef_sdn', 'ef_ext2', 'ef_ext3', 'ef_cbmir', 'ef_plmnwact', 'ef_oplmnwact', 'ef_hplmnwact', 'ef_dck', 'ef_cnl', 'ef_smsr', 'ef_bdn', 'ef_ext5', 'ef_ccp2', 'ef_ext4', 'ef_acl', 'ef_cmi', 'ef_ici', 'ef_oci', 'ef_ict', 'ef_oct', 'ef_vgcs', 'ef_vgcss', 'ef_vbs', 'ef_vbss', 'ef_emlpp', 'ef_aaem', 'ef_hiddenkey', 'ef_pnn', 'ef_opl', 'ef_mbdn', 'ef_ext6', 'ef_mbi', 'ef_mwis', 'ef_cfis', 'ef_ext7', 'ef_spdi', 'ef_mmsn', 'ef_ext8', 'ef_mmsicp', 'ef_mmsup', 'ef_mmsucp', 'ef_nia', 'ef_ehplmn', 'ef_ehplmnpi', 'ef_lrplmnsi', 'ef_spni', 'ef_pnni', 'ef_ncp_ip', 'ef_ufc', 'ef_nasconfig', 'ef_uicciari', 'ef_pws', 'ef_fdnuri', 'ef_bdnuri', 'ef_sdnuri', 'ef_ial', 'ef_ips', 'ef_ipd', 'ef_epdgid', 'ef_epdgselection', 'ef_epdgidem', 'ef_epdgselectionem', 'ef_frompreferred', 'ef_imsconfigdata', 'ef_3gpppsdataoff', 'ef_3gpppsdataoffservicelist', 'ef_xcapconfigdata', 'ef_earfcnlist'];
const OPT_ISIM_EFS = ['ef_pcscf', 'ef_sms', 'ef_smsp', 'ef_smss', 'ef_smsr', 'ef_gbabp', 'ef_gbanl', 'ef_nafkca', 'ef_uicciari', 'ef_frompreferred', 'ef_imsconfigdata', 'ef_xcapconfigdata', 'ef_webrtcuri'];
const GSM_ACCESS_EFS = ['ef_kc', 'ef_kcgprs', 'ef_cpbcch', 'ef_invscan'];
const DF_5GS_EFS = ['ef_5gs3gpploci', 'ef_5gsn3gpploci', 'ef_5gs3gppnsc', 'ef_5gsn3gppnsc', 'ef_5gauthkeys', 'ef_uac_aic', 'ef_suci_calc_info', 'ef_opl5g', 'ef_supinai', 'ef_routing_indicator', 'ef_ursp', 'ef_tn3gppsnn', 'ef_cag', 'ef_sor_cmci', 'ef_dri', 'ef_5gsedrx', 'ef_5gnswo_conf', 'ef_mchpplmn', 'ef_kausf_derivation'];
const ISIM_EFS = ['ef_impi', 'ef_impu', 'ef_domain', 'ef_ist', 'ef_ad', 'ef_arr'];
const CSIM_EFS = ['ef_arr', 'ef_call_count', 'ef_imsi_m', 'ef_imsi_t', 'ef_tmsi', 'ef_ah', 'ef_aop', 'ef_aloc', 'ef_cdmahome', 'ef_znregi', 'ef_snregi', 'ef_distregi', 'ef_accolc', 'ef_term', 'ef_acp', 'ef_prl', 'ef_ruimid', 'ef_csim_st', 'ef_spc', 'ef_otapaspc', 'ef_namlock', 'ef_ota', 'ef_sp', 'ef_esn_meid_me', 'ef_li', 'ef_usgind', 'ef_ad', 'ef_max_prl', 'ef_spcs', 'ef_mecrp', 'ef_home_tag', 'ef_group_tag', 'ef_specific_tag', 'ef_call_prompt'];

function files(r: Rng, names: readonly string[], base: number): Record<string, File> {
  const out: Record<string, File> = {};
  names.forEach((n, i) => (out[n] = n.startsWith('df_') ? df(r, base + i) : ef(r, base + i)));
  return out;
}

const USIM_AID = hex('a0000000871002ff33ff018900000100');
const ISIM_AID = hex('a0000000871004ff33ff018900000100');
const CSIM_AID = hex('a0000003431002ff33ff018900000100');
const TEMPLATE = '2.23.143.1.2.1';

/** The profile's ProfileElements (values), in TS.48 order. */
export function profileElements(r: Rng): ProfileElement[] {
  let id = 1;
  const pes: ProfileElement[] = [];
  pes.push({
    $case: 'header',
    value: {
      major_version: 2, minor_version: 3, profileType: 'GSMA Generic eUICC Test Profile', iccid: hex('89000123456789012341'),
      eUICC_Mandatory_services: { usim: null, isim: null, csim: null, milenage: null, javacard: null, ber_tlv: null, get_identity: null },
      eUICC_Mandatory_GFSTEList: ['2.23.143.1.2.1', '2.23.143.1.2.3', '2.23.143.1.2.4', '2.23.143.1.2.5'],
    },
  });
  pes.push({ $case: 'mf', value: { mf_header: header(id++), templateID: '2.23.143.1.2.1', mf: df(r, 0x3f00), ef_pl: ef(r, 0x2f05), ef_iccid: ef(r, 0x2fe2), ef_dir: ef(r, 0x2f00), ef_arr: ef(r, 0x2f06) } });
  pes.push({ $case: 'pukCodes', value: { puk_Header: header(id++), pukCodes: [1, 2, 0x81, 0x82].map((k) => ({ keyReference: k, pukValue: r.bytes(8), maxNumOfAttemps_retryNumLeft: 0xaa })) } });
  pes.push({ $case: 'pinCodes', value: { pin_Header: header(id++), pinCodes: { $case: 'pinconfig', value: [1, 2, 0x0a, 0x0b].map((k) => ({ keyReference: k, pinValue: r.bytes(8), unblockingPINReference: 1, pinAttributes: 6, maxNumOfAttemps_retryNumLeft: 0x33 })) } } });
  pes.push({ $case: 'telecom', value: { telecom_header: header(id++), templateID: TEMPLATE + '.2', df_telecom: df(r, 0x7f10), ...files(r, TELECOM_EFS, 0x6f00), ...files(r, TELECOM_DFS, 0x5f30) } as never });
  pes.push({ $case: 'usim', value: { usim_header: header(id++), templateID: TEMPLATE + '.3', adf_usim: df(r, 0x7ff0, USIM_AID), ...files(r, USIM_EFS, 0x6f00) } as never });
  pes.push({ $case: 'opt_usim', value: { optusim_header: header(id++), templateID: TEMPLATE + '.4', ...files(r, OPT_USIM_EFS, 0x6f40) } as never });
  pes.push({ $case: 'pinCodes', value: { pin_Header: header(id++), pinCodes: { $case: 'pinconfig', value: [0x81].map((k) => ({ keyReference: k, pinValue: r.bytes(8), unblockingPINReference: 0x81, pinAttributes: 1, maxNumOfAttemps_retryNumLeft: 0x33 })) } } });
  pes.push({
    $case: 'akaParameter',
    value: {
      aka_header: header(id++),
      algoConfiguration: { $case: 'algoParameter', value: { algorithmID: 1, algorithmOptions: hex('01'), key: r.bytes(16), opc: r.bytes(16), rotationConstants: hex('4000204060'), xoringConstants: r.bytes(80) } },
      sqnOptions: hex('02'), sqnDelta: hex('000010000000'), sqnAgeLimit: hex('000010000000'),
      sqnInit: Array.from({ length: 32 }, () => new Uint8Array(6)),
    },
  });
  pes.push({ $case: 'gsm_access', value: { gsm_access_header: header(id++), templateID: TEMPLATE + '.7', df_gsm_access: df(r, 0x5f3b), ...files(r, GSM_ACCESS_EFS, 0x4f20) } as never });
  pes.push({ $case: 'df_5gs', value: { df_5gs_header: header(id++), templateID: TEMPLATE + '.8', df_df_5gs: df(r, 0x5fc0), ...files(r, DF_5GS_EFS, 0x4f01) } as never });
  pes.push({ $case: 'isim', value: { isim_header: header(id++), templateID: TEMPLATE + '.5', adf_isim: df(r, 0x7ff2, ISIM_AID), ...files(r, ISIM_EFS, 0x6f02) } as never });
  pes.push({ $case: 'opt_isim', value: { optisim_header: header(id++), templateID: TEMPLATE + '.9', ...files(r, OPT_ISIM_EFS, 0x6f09) } as never });
  pes.push({ $case: 'csim', value: { csim_header: header(id++), templateID: TEMPLATE + '.6', adf_csim: df(r, 0x7ff3, CSIM_AID), ...files(r, CSIM_EFS, 0x6f20) } as never });
  pes.push({ $case: 'cdmaParameter', value: { cdma_header: header(id++), authenticationKey: r.bytes(8), ssd: r.bytes(16) } });
  for (let g = 0; g < 5; g++) pes.push({
    $case: 'genericFileManagement',
    value: {
      gfm_header: header(id++),
      fileManagementCMD: [[
        { $case: 'filePath', value: hex('7fff') },
        ...Array.from({ length: 16 }, (_, i) => [
          { $case: 'createFCP' as const, value: { fileDescriptor: hex('4121'), fileID: Uint8Array.of(0x6f, 0x80 + i), lcsi: hex('05'), securityAttributesReferenced: hex('2f0602'), efFileSize: hex('0020') } },
          { $case: 'fillFileContent' as const, value: r.bytes(r.int(4, 24)) },
        ]).flat(),
      ]],
    },
  });
  pes.push({
    $case: 'securityDomain',
    value: {
      sd_Header: header(id++),
      instance: {
        applicationLoadPackageAID: hex('a0000001515350'), classAID: hex('a000000151535041'), instanceAID: hex('a000000151000000'),
        applicationPrivileges: hex('82dc20'), lifeCycleState: hex('0f'), applicationSpecificParametersC9: hex('810280008201f08701f0'),
        applicationParameters: { uiccToolkitApplicationSpecificParametersField: hex('0100000100000002011203b2010000') },
      },
      keyList: [1, 2, 3].map((k) => ({
        keyUsageQualifier: hex('38'), keyAccess: hex('00'), keyIdentifier: Uint8Array.of(k), keyVersionNumber: hex('30'),
        keyCompontents: [{ keyType: hex('88'), keyData: r.bytes(16), macLength: 8 }],
      })),
      sdPersoData: [hex('8201f0'), hex('5f200b47534d4120546573745344')],
    },
  });
  for (const tar of ['b00001', 'b00002', 'b00010', 'b00011']) {
    pes.push({
      $case: 'rfm',
      value: {
        rfm_header: header(id++), instanceAID: hex('a00000055910100102736456616c7565'), tarList: [hex(tar)],
        minimumSecurityLevel: hex('12'), uiccAccessDomain: hex('00'), uiccAdminAccessDomain: hex('00'),
        adfRFMAccess: { adfAID: USIM_AID, adfAccessDomain: hex('00'), adfAdminAccessDomain: hex('00') },
      },
    });
  }
  pes.push({ $case: 'end', value: { end_header: header(id++) } });
  return pes;
}

/** The profile: ProfileElements encoded one after another (no outer wrapper, as SAIP stores them). */
export function makeUpp(r: Rng): Uint8Array {
  return concatBytes(profileElements(r).map((pe) => ProfileElement.encode(pe)));
}

/**
 * A profile of about `size` bytes made from `upp`: its first element (the header), then its
 * other elements but the last repeated as often as they fit, then its last element (the end).
 * Whole profiles at the scale of the big captures users load (1 to 50 MB), for the memory
 * test, the renderer cases and the page benchmark; decoding sees real element shapes.
 */
export function scaleUpp(upp: Uint8Array, size: number): Uint8Array {
  const r = newReader(upp);
  const starts: number[] = [];
  for (let p = 0; p < upp.length; p = r.n) {
    starts.push(p);
    hdr(r, p, upp.length);
  }
  if (starts.length < 3) throw new RangeError('upp: expected a header, an end and elements between them');
  const head = upp.subarray(0, starts[1]);
  const middle = upp.subarray(starts[1], starts[starts.length - 1]);
  const tail = upp.subarray(starts[starts.length - 1]);
  const copies = Math.max(1, Math.round((size - head.length - tail.length) / middle.length));
  const out = new Uint8Array(head.length + copies * middle.length + tail.length);
  out.set(head, 0);
  for (let i = 0; i < copies; i++) out.set(middle, head.length + i * middle.length);
  out.set(tail, head.length + copies * middle.length);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Certificates

const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  prime256v1: '1.2.840.10045.3.1.7',
  brainpoolP256r1: '1.3.36.3.3.2.8.1.1.7',
  cn: '2.5.4.3', o: '2.5.4.10', c: '2.5.4.6', ou: '2.5.4.11', serial: '2.5.4.5',
  skid: '2.5.29.14', akid: '2.5.29.35', keyUsage: '2.5.29.15', basic: '2.5.29.19', policies: '2.5.29.32', san: '2.5.29.17',
  // GSMA RSP certificate policies and roles (SGP.22 §4.5.2.1.0.x, SGP.32 §4.x).
  policyCi: '2.23.146.1.2.1.0', policyEum: '2.23.146.1.2.1.2', policyEuicc: '2.23.146.1.2.1.1', policyDpAuth: '2.23.146.1.2.1.4',
  roleDpAuth: '2.23.146.1.2.2.0.4',
};

/** DER TLV of an OID or a string, for AttributeValue/AlgorithmIdentifier parameters (open types). */
function tlv(tag: number, content: Uint8Array): Uint8Array {
  const len = content.length < 0x80 ? [content.length] : [0x81, content.length];
  return Uint8Array.of(tag, ...len, ...content);
}
function oidTlv(oid: string): Uint8Array {
  const arcs = oid.split('.').map(Number);
  const out = [arcs[0] * 40 + arcs[1]];
  for (const a of arcs.slice(2)) {
    const tmp = [a & 0x7f];
    for (let x = Math.floor(a / 128); x > 0; x = Math.floor(x / 128)) tmp.unshift((x & 0x7f) | 0x80);
    out.push(...tmp);
  }
  return tlv(0x06, Uint8Array.from(out));
}
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

function name(parts: readonly [string, string][]): Name {
  return {
    $case: 'rdnSequence',
    value: parts.map(([type, v]): AttributeTypeAndValue[] => [{ type, value: tlv(type === OID.c ? 0x13 : 0x0c, ascii(v)) }]),
  };
}

interface Issued {
  der: Uint8Array;
  subject: Name;
  key: EcPrivateKey;
  ski: Uint8Array;
}

function issue(
  r: Rng, curve: Curve, subject: Name, issuer: Issued | undefined, role: 'ci' | 'eum' | 'euicc' | 'dpauth' | 'eim', serial: bigint,
): Issued {
  const key = privateKeyFromRaw(curve, curveScalar(r));
  const pub = nobleProvider.publicKeyOf(key);
  const ski = r.bytes(20);
  const signer = issuer?.key ?? key;
  const ext: Extension[] = [
    ...(issuer ? [{ extnID: OID.akid, extnValue: AuthorityKeyIdentifier.encode({ keyIdentifier: issuer.ski }) }] : []),
    { extnID: OID.skid, extnValue: SubjectKeyIdentifier.encode(ski) },
    { extnID: OID.keyUsage, critical: true, extnValue: KeyUsage.encode(role === 'ci' || role === 'eum' ? { bytes: hex('06'), unusedBits: 1 } : { bytes: hex('80'), unusedBits: 7 }) },
    { extnID: OID.policies, critical: true, extnValue: CertificatePolicies.encode([{ policyIdentifier: { ci: OID.policyCi, eum: OID.policyEum, euicc: OID.policyEuicc, dpauth: OID.policyDpAuth, eim: OID.policyDpAuth }[role] }]) },
  ];
  if (role === 'ci' || role === 'eum') ext.push({ extnID: OID.basic, critical: true, extnValue: BasicConstraints.encode({ cA: true, pathLenConstraint: role === 'ci' ? undefined : 0 } as never) });
  if (role === 'dpauth' || role === 'eim') ext.push({ extnID: OID.san, extnValue: SubjectAltName.encode([{ $case: 'registeredID', value: OID.roleDpAuth }]) });
  const tbs: TBSCertificate = {
    version: 2,
    serialNumber: serial,
    signature: { algorithm: OID.ecdsaWithSHA256 },
    issuer: issuer?.subject ?? subject,
    validity: { notBefore: { $case: 'utcTime', value: '250101000000Z' }, notAfter: { $case: 'generalTime', value: '20541231235959Z' } },
    subject,
    subjectPublicKeyInfo: {
      algorithm: { algorithm: OID.ecPublicKey, parameters: oidTlv(curve === 'P-256' ? OID.prime256v1 : OID.brainpoolP256r1) },
      subjectPublicKey: { bytes: pub.point, unusedBits: 0 },
    },
    extensions: ext,
  };
  const tbsDer = TBSCertificate.encode(tbs);
  const sig = nobleProvider.ecdsaSign(signer, tbsDer, 'der');
  const cert: CertificateT = { tbsCertificate: TBSCertificate.decode(tbsDer), signatureAlgorithm: { algorithm: OID.ecdsaWithSHA256 }, signature: { bytes: sig, unusedBits: 0 } };
  return { der: Certificate.encode(cert), subject, key, ski };
}

function curveScalar(r: Rng): Uint8Array {
  const d = r.bytes(32);
  d[0] = (d[0] & 0x7f) | 0x01; // below both group orders, never zero
  return d;
}

/**
 * Twenty certificates shaped like the GSMA RSP PKI: for each curve a CI, two EUMs, four eUICCs
 * under the first EUM, two SM-DP+ and one eIM certificate.
 */
export function makeCerts(r: Rng): Uint8Array[] {
  const out: Uint8Array[] = [];
  let serial = 0x1000n;
  for (const curve of ['P-256', 'brainpoolP256r1'] as const) {
    const tag = curve === 'P-256' ? 'NIST' : 'BRP';
    const ci = issue(r, curve, name([[OID.o, 'Bench CI'], [OID.ou, 'TESTCERT'], [OID.cn, `Bench Test CI ${tag}`]]), undefined, 'ci', serial++);
    out.push(ci.der);
    const eums = [1, 2].map((i) => issue(r, curve, name([[OID.c, 'DE'], [OID.o, `Bench EUM ${i}`], [OID.cn, `EUM ${i} ${tag}`]]), ci, 'eum', serial++));
    out.push(...eums.map((e) => e.der));
    for (let i = 0; i < 4; i++) {
      const eid = `8904903212345${tag === 'NIST' ? 1 : 2}${String(i).padStart(3, '0')}1234567890123`.slice(0, 32);
      out.push(issue(r, curve, name([[OID.o, 'Bench EUM 1'], [OID.serial, eid], [OID.cn, 'Bench eUICC']]), eums[0], 'euicc', BigInt('0x' + r.bytes(9).reduce((s, b) => s + b.toString(16).padStart(2, '0'), '01'))).der);
    }
    for (let i = 1; i <= 2; i++) out.push(issue(r, curve, name([[OID.c, 'FR'], [OID.o, `Bench SM-DP+ ${i}`], [OID.cn, `dp${i}.bench.example.com`]]), ci, 'dpauth', serial++).der);
    out.push(issue(r, curve, name([[OID.c, 'SE'], [OID.o, 'Bench eIM'], [OID.cn, 'eim.bench.example.com']]), ci, 'eim', serial++).der);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/** The fixed corpus: every input the suites run over. */
export interface Corpus {
  bpp: Uint8Array;
  epr: Uint8Array;
  upp: Uint8Array;
  certs: Uint8Array[];
  euiccinfo2: Uint8Array;
  geteimpkg: Uint8Array;
}

/** Builds the corpus; each input draws from its own fixed seed (1..6), so they stay independent. */
export function buildCorpus(): Corpus {
  return {
    bpp: makeBpp(rng(1)),
    epr: makeEpr(rng(2)),
    upp: makeUpp(rng(3)),
    certs: makeCerts(rng(4)),
    euiccinfo2: makeEuiccInfo2(rng(5)),
    geteimpkg: makeGetEimPackageResponse(rng(6)),
  };
}

/** Real inputs from ../shared/vectors, when that folder is present beside the checkout. */
export interface External {
  /** TS.48 profiles (concatenated ProfileElements), by file name. */
  upp: { name: string; bytes: Uint8Array }[];
  /** SGP.26 certificates (DER), all of them as one set. */
  certs: Uint8Array[];
  /** Where they were read from, or undefined when absent. */
  dir: string | undefined;
}

/** Reads the optional external vectors; returns empty lists when the folder is absent. */
export function loadExternal(repoRoot: string): External {
  const dir = resolve(repoRoot, '../shared/vectors');
  const ext: External = { upp: [], certs: [], dir: existsSync(dir) ? dir : undefined };
  if (!ext.dir) return ext;
  const uppDir = join(dir, 'upp');
  if (existsSync(uppDir)) {
    for (const f of readdirSync(uppDir).sort()) if (f.endsWith('.der')) ext.upp.push({ name: f, bytes: new Uint8Array(readFileSync(join(uppDir, f))) });
  }
  const certDir = join(dir, 'certs', 'sgp26');
  const walk = (d: string): void => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.der')) ext.certs.push(new Uint8Array(readFileSync(p)));
    }
  };
  if (existsSync(certDir)) walk(certDir);
  return ext;
}
