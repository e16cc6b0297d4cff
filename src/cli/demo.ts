/**
 * `sgp32 demo`: the end-to-end story on data it makes itself — an eIM builds and signs an
 * eUICC Package (SGP.32 v1.2 §2.11.1.1) with two PSMOs, the eUICC side detects, decodes and
 * verifies it, answers with a signed eUICC Package Result (§2.11.2.1) that the eIM verifies,
 * and a folder of dumps (good ones in every storage form, damaged ones) is validated as a CI
 * job would. Signed data as in ../shared/spec/signatures.md §3.9/§3.10: the DER of the signed
 * part as received, followed by the associationToken as `[4] INTEGER`; signatures are plain
 * r‖s (64 bytes) on P-256, with keys the demo generates.
 *
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EuiccPackageRequest, EuiccPackageSigned,
  type EuiccPackageResultDataSigned as EuiccPackageResultDataSignedValue, type EuiccPackageSigned as EuiccPackageSignedValue,
} from '../generated/SGP32Definitions.js';
import { nobleProvider } from '../crypto/noble.js';
import { associationTokenTlv } from '../rsp/signed-data.js';
import { signEuiccPackage, verifyEuiccPackageRequest } from '../rsp/eim-package.js';
import { signEuiccPackageResult, verifyEuiccPackageResult } from '../rsp/euicc-package-result.js';
import { bytesToBase64, bytesToHex, bytesToPem, parseHex } from '../inspect/input.js';
import { buildTree, describeCandidate, detectTypes, formatTree, iccidDigits, nestedTypeOf } from '../inspect/index.js';
import { EXIT_DATA, EXIT_OK, parseCommand } from './common.js';
import { validateFiles, resultLine } from './validate.js';
import type { FileResult } from './validate-file.js';

export { eidWithCheckDigits } from '../sim/test-pki.js';
import { eidWithCheckDigits } from '../sim/test-pki.js';
import { iccidToBytes } from '../sim/profiles.js';

/** The 10-octet nibble-swapped BCD form of an ICCID (SGP.22 `Iccid`), `F`-padded to 20 digits. */
export const iccidBytes = iccidToBytes;

function section(n: number, title: string): void {
  process.stdout.write(`\n${n}. ${title}\n${'-'.repeat(title.length + 3)}\n`);
}

function say(text = ''): void {
  process.stdout.write(text ? `   ${text}\n` : '\n');
}

function indent(lines: readonly string[]): void {
  for (const l of lines) process.stdout.write(`   ${l}\n`);
}

function wrapHex(bytes: Uint8Array): string[] {
  const hex = bytesToHex(bytes);
  const out: string[] = [];
  for (let i = 0; i < hex.length; i += 64) out.push(hex.slice(i, i + 64));
  return out;
}

export async function demoCommand(args: readonly string[]): Promise<number> {
  const { values } = parseCommand('demo', args, { dir: { type: 'string' } }, 0);
  const eid = eidWithCheckDigits('890490320000000000000000000042');
  const iccid = '8944501234567890123';
  const eimId = 'eim.example.org';
  const transactionId = parseHex('a1b2c3d4e5f60718293a4b5c6d7e8f90')!;

  process.stdout.write('sgp32 demo: an eIM manages an IoT eUICC (GSMA SGP.32 v1.2), on data made here\n');

  const crypto = nobleProvider;
  const associationToken = 1;
  const tokenTlv = associationTokenTlv(associationToken);
  const checks: [string, boolean][] = [];

  // 0. Keys.
  section(0, 'Keys (generated for this run; P-256, SGP.22 §2.6.5)');
  const eimKeys = crypto.generateKeyPair('P-256');
  const euiccKeys = crypto.generateKeyPair('P-256');
  say(`eIM public key   ${bytesToHex(eimKeys.publicKey.point).slice(0, 40)}… (the eUICC holds it in its eIM configuration)`);
  say(`eUICC public key ${bytesToHex(euiccKeys.publicKey.point).slice(0, 40)}… (the eIM knows it from the eUICC certificate)`);
  say(`associationToken ${associationToken} (agreed when the eIM was added; appended to every signed part)`);

  // 1. The eIM builds and signs the package.
  section(1, 'The eIM builds and signs an eUICC Package (EuiccPackageRequest, SGP.32 §2.11.1.1)');
  const signedPart: EuiccPackageSignedValue = {
    eimId,
    eidValue: parseHex(eid)!,
    counterValue: 1,
    eimTransactionId: transactionId,
    euiccPackage: {
      $case: 'psmoList',
      value: [
        { $case: 'enable', value: { iccid: iccidBytes(iccid) } },
        { $case: 'listProfileInfo', value: { tagList: parseHex('5a9f70')! } },
      ],
    },
  };
  say(`eimId ${eimId}, EID ${eid} (check digits valid), counterValue 1`);
  say(`PSMOs: enable the profile with ICCID ${iccid}; listProfileInfo (ICCID and state of each profile)`);
  // The SDK's eIM helper: DER(euiccPackageSigned) ‖ associationToken TLV, ECDSA, r‖s in 5F37.
  const signedDer = EuiccPackageSigned.encode(signedPart);
  const { bytes: der } = signEuiccPackage({ euiccPackageSigned: signedPart, privateKey: eimKeys.privateKey, associationToken, provider: crypto });
  say(`eimSignature: ECDSA P-256/SHA-256 over DER(euiccPackageSigned) (${signedDer.length} bytes) ‖ ${bytesToHex(tokenTlv)}, r‖s 64 bytes (signEuiccPackage)`);
  // The damaged copies below assume the long length form of the outer TLV (content > 127 bytes).
  if (der[2] !== 0x81) throw new Error(`demo: unexpected outer length octets ${bytesToHex(der.subarray(1, 4))}`);

  // 2. DER.
  section(2, 'Encoded in DER');
  say(`${der.length} bytes:`);
  indent(wrapHex(der));

  // 3. The tree.
  section(3, 'What the bytes say (sgp32 decode --format tree)');
  const nodes = buildTree(der, 'SGP32Definitions.EuiccPackageRequest', { detectNested: nestedTypeOf });
  indent(formatTree(nodes));

  // 4. The eUICC side: detect, decode, verify.
  section(4, 'The IPA passes the bytes to the eUICC: type detection, decoding, signature check');
  const candidates = detectTypes(der);
  const best = candidates[0];
  say(`detected: ${describeCandidate(best)} — ${best.reason}`);
  for (const c of candidates.slice(1).filter((x) => x.fits)) say(`also fits: ${describeCandidate(c)}`);
  for (const c of candidates.filter((x) => !x.fits).slice(0, 2)) say(`ruled out: ${c.type} — ${c.reason.replace(/^does not decode: /, '')}`);
  checks.push(['detected EuiccPackageRequest', best.type === 'SGP32Definitions.EuiccPackageRequest']);
  const decoded = EuiccPackageRequest.decode(der, { keepEncoded: true });
  const enable = decoded.euiccPackageSigned.euiccPackage.value[0] as { $case: string; value: { iccid: Uint8Array } };
  say(`first PSMO ${enable.$case}, ICCID ${iccidDigits(enable.value.iccid)}; re-encoding gives the same ${der.length} bytes: ${bytesToHex(EuiccPackageRequest.encode(decoded)) === bytesToHex(der)}`);
  // Verify over the bytes as received (DESIGN.md "Signed data"), not over a re-encoding.
  const verdict = verifyEuiccPackageRequest(der, { publicKey: eimKeys.publicKey, associationToken, provider: crypto });
  say(`eimSignature verifies with the eIM key over the received euiccPackageSigned bytes: ${verdict.valid}`);
  checks.push(['eimSignature verifies', verdict.valid]);
  const tampered = der.slice();
  const counterNode = nodes.find((n) => n.name === 'counterValue')!;
  tampered[counterNode.offset + counterNode.headerLength] ^= 0x01; // counterValue 1 -> 0: an altered package
  const t = EuiccPackageRequest.decode(tampered);
  const tamperedVerdict = verifyEuiccPackageRequest(tampered, { publicKey: eimKeys.publicKey, associationToken, provider: crypto });
  say(`the same package with counterValue changed to ${t.euiccPackageSigned.counterValue}: verifies ${tamperedVerdict.valid} (rejected${tamperedVerdict.valid ? '' : `: ${tamperedVerdict.reason}`})`);
  checks.push(['altered package rejected', !tamperedVerdict.valid]);
  const wrongToken = verifyEuiccPackageRequest(der, { publicKey: eimKeys.publicKey, associationToken: 2, provider: crypto });
  say(`with another associationToken (2): verifies ${wrongToken.valid} (rejected)`);
  checks.push(['wrong associationToken rejected', !wrongToken.valid]);

  // 5. The eUICC's answer.
  section(5, 'The eUICC executes the PSMOs and answers (EuiccPackageResult, SGP.32 §2.11.2.1)');
  const resultData: EuiccPackageResultDataSignedValue = {
    eimId,
    counterValue: 1,
    eimTransactionId: transactionId,
    seqNumber: 7,
    euiccResult: [
      { $case: 'enableResult', value: 0 },
      {
        $case: 'listProfileInfoResult',
        value: {
          $case: 'profileInfoListOk',
          value: [
            { iccid: iccidBytes(iccid), profileState: 1, fallbackAttribute: false },
            { iccid: iccidBytes('8944501234567890131'), profileState: 0, fallbackAttribute: false },
          ],
        },
      },
    ],
  };
  const { bytes: resultDer } = signEuiccPackageResult({ euiccPackageResultDataSigned: resultData, privateKey: euiccKeys.privateKey, associationToken, provider: crypto });
  const resultType = detectTypes(resultDer)[0];
  say(`${resultDer.length} bytes, the same outer tag BF51 as the request, told apart by decoding: ${describeCandidate(resultType)}`);
  checks.push(['detected EuiccPackageResult', resultType.fits && resultType.type === 'SGP32Definitions.EuiccPackageResult']);
  indent(formatTree(buildTree(resultDer, resultType.type, { detectNested: nestedTypeOf })));
  const resultVerdict = verifyEuiccPackageResult(resultDer, { publicKey: euiccKeys.publicKey, associationToken, provider: crypto });
  const eprOk = resultVerdict.valid;
  say(`the eIM checks euiccSignEPR with the eUICC key over the received result bytes ‖ ${bytesToHex(tokenTlv)}: ${eprOk}`);
  checks.push(['euiccSignEPR verifies', eprOk]);

  // 6. A CI job validates a folder of dumps.
  section(6, 'A CI job validates a folder of dumps (sgp32 validate <folder>)');
  // Without --dir the dumps go to a temporary folder that the demo removes when it is done.
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'sgp32-demo-'));
  mkdirSync(dir, { recursive: true });
  // The outer length (149, long form 81 95) written with a superfluous leading zero: 82 00 95.
  const damagedLength = new Uint8Array(der.length + 1);
  damagedLength.set([der[0], der[1], 0x82, 0x00, der[3]]);
  damagedLength.set(der.subarray(4), 5);
  // euiccPackageSigned's SEQUENCE tag (30) replaced by SET (31).
  const wrongTag = der.slice();
  wrongTag[nodes.find((n) => n.name === 'euiccPackageSigned')!.offset] = 0x31;
  const files: [string, string | Uint8Array][] = [
    ['request.der', der],
    ['request.hex', bytesToHex(der, ' ') + '\n'],
    ['request.b64', bytesToBase64(der) + '\n'],
    ['result.pem', bytesToPem(resultDer, 'EUICC PACKAGE RESULT')],
    ['broken/truncated.der', der.subarray(0, der.length - 5)],
    ['broken/long-form-length.der', damagedLength],
    ['broken/wrong-tag.der', wrongTag],
  ];
  for (const [name, data] of files) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  say(`wrote ${files.length} dumps to ${dir}: four good ones (DER, hex, base64, PEM), three damaged ones`);
  const paths = files.map(([name]) => join(dir, name)).sort();
  const results: FileResult[] = [];
  await validateFiles(paths, { lenient: false }, 1, (r) => results.push(r));
  indent(results.map(resultLine));
  const valid = results.filter((r) => r.valid).length;
  say(`${results.length} dumps: ${valid} valid, ${results.length - valid} invalid — \`sgp32 validate ${dir}\` exits 1, and`);
  say(`\`sgp32 validate ${dir} --report junit -o report.xml\` writes the JUnit report a CI system shows.`);
  checks.push(['good dumps valid, damaged ones invalid', results.every((r) => r.valid === !r.file.includes('broken'))]);
  if (values.dir === undefined) {
    rmSync(dir, { recursive: true, force: true });
    say(`(${dir} removed again; give --dir <folder> to keep the dumps)`);
  }

  // 7. The virtual eUICC, the IPA and a minimal eIM (sgp32/sim over the SDK's ESipa handler).
  section(7, 'A virtual eUICC, an IPA and a minimal eIM talk over loopback HTTP (sgp32/sim, ESipa)');
  await (await import('./demo-sim.js')).simulatorAct(say, checks);
  const failed = checks.filter(([, pass]) => !pass);
  process.stdout.write(failed.length === 0 ? `\nDone: all ${checks.length} checks passed.\n` : `\nFAILED: ${failed.map(([n]) => n).join('; ')}\n`);
  return failed.length === 0 ? EXIT_OK : EXIT_DATA;
}
