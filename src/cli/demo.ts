/**
 * `sgp32 demo`: the end-to-end story on data it makes itself — an eIM builds an eUICC Package
 * (SGP.32 v1.2 §2.11.1.1) with two PSMOs, encodes it, the IPA side detects and decodes it, the
 * eUICC answers with an eUICC Package Result (§2.11.2.1), and a folder of dumps (good ones in
 * every storage form, damaged ones) is validated as a CI job would.
 *
 * @module
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EuiccPackageRequest, EuiccPackageResult, type EuiccPackageRequest as EuiccPackageRequestValue, type EuiccPackageResult as EuiccPackageResultValue } from '../generated/SGP32Definitions.js';
import { bytesToBase64, bytesToHex, bytesToPem, parseHex } from '../inspect/input.js';
import { describeCandidate, detectTypes } from '../inspect/detect.js';
import { buildTree, formatTree, iccidDigits } from '../inspect/tree.js';
import { deepEqual } from '../der/extras.js';
import { EXIT_DATA, EXIT_OK, parseCommand } from './common.js';
import { nestedTypeOf } from './decode.js';
import { validateFiles, resultLine, summarize } from './validate.js';

/** An EID with valid check digits (the 32-digit number mod 97 is 1, as for IBANs) from its first 30 digits. */
export function eidWithCheckDigits(first30: string): string {
  if (!/^\d{30}$/.test(first30)) throw new RangeError(`first30: expected 30 decimal digits, got ${JSON.stringify(first30)}`);
  const check = 98n - ((BigInt(first30) * 100n) % 97n);
  return first30 + check.toString().padStart(2, '0');
}

/** The 10-octet nibble-swapped BCD form of an ICCID (SGP.22 `Iccid`), `F`-padded to 20 digits. */
export function iccidBytes(digits: string): Uint8Array {
  if (!/^\d{18,20}$/.test(digits)) throw new RangeError(`digits: expected 18 to 20 decimal digits, got ${JSON.stringify(digits)}`);
  const padded = digits.padEnd(20, 'F');
  let swapped = '';
  for (let i = 0; i < 20; i += 2) swapped += padded[i + 1] + padded[i];
  return parseHex(swapped)!;
}

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

const NOT_SIGNED =
  'Signing is left out of this demo: the crypto layer (src/crypto) is not part of this build yet, so the signature field is left empty (0 bytes) rather than filled with anything that looks like a signature.';

/** `sgp32 demo`. */
export async function demoCommand(args: readonly string[]): Promise<number> {
  const { values } = parseCommand('demo', args, { dir: { type: 'string' } }, 0);
  const eid = eidWithCheckDigits('890490320000000000000000000042');
  const iccid = '8944501234567890123';
  const eimId = 'eim.example.org';
  const transactionId = parseHex('a1b2c3d4e5f60718293a4b5c6d7e8f90')!;

  process.stdout.write('sgp32 demo: an eIM manages an IoT eUICC (GSMA SGP.32 v1.2), on data made here\n');

  // 1. The eIM builds the package.
  section(1, 'The eIM builds an eUICC Package (EuiccPackageRequest, SGP.32 §2.11.1.1)');
  const request: EuiccPackageRequestValue = {
    euiccPackageSigned: {
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
    },
    eimSignature: new Uint8Array(0),
  };
  say(`eimId ${eimId}, EID ${eid} (check digits valid), counterValue 1`);
  say(`PSMOs: enable the profile with ICCID ${iccid}; listProfileInfo (ICCID and state of each profile)`);
  say(NOT_SIGNED);

  // 2. DER.
  section(2, 'Encoded in DER');
  const der = EuiccPackageRequest.encode(request);
  say(`${der.length} bytes:`);
  indent(wrapHex(der));

  // 3. The tree.
  section(3, 'What the bytes say (sgp32 decode --format tree)');
  indent(formatTree(buildTree(der, 'SGP32Definitions.EuiccPackageRequest', { detectNested: nestedTypeOf })));

  // 4. The IPA side: detect and decode.
  section(4, 'The IPA receives the bytes: type detection and decoding');
  const candidates = detectTypes(der);
  const best = candidates[0];
  say(`detected: ${describeCandidate(best)} — ${best.reason}`);
  for (const c of candidates.slice(1).filter((x) => x.fits)) say(`also fits: ${describeCandidate(c)}`);
  for (const c of candidates.filter((x) => !x.fits).slice(0, 2)) say(`ruled out: ${c.type} — ${c.reason.replace(/^does not decode: /, '')}`);
  const decoded = EuiccPackageRequest.decode(der);
  const enable = decoded.euiccPackageSigned.euiccPackage.value[0] as { $case: string; value: { iccid: Uint8Array } };
  say(`decoded value equals the one built: ${deepEqual(decoded, request)}; first PSMO ${enable.$case}, ICCID ${iccidDigits(enable.value.iccid)}`);
  say(`re-encoding gives the same ${der.length} bytes: ${bytesToHex(EuiccPackageRequest.encode(decoded)) === bytesToHex(der)}`);

  // 5. The eUICC's answer.
  section(5, 'The eUICC executes the PSMOs and answers (EuiccPackageResult, SGP.32 §2.11.2.1)');
  const result: EuiccPackageResultValue = {
    $case: 'euiccPackageResultSigned',
    value: {
      euiccPackageResultDataSigned: {
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
      },
      euiccSignEPR: new Uint8Array(0),
    },
  };
  const resultDer = EuiccPackageResult.encode(result);
  say(`${resultDer.length} bytes; the same outer tag BF51 as the request, told apart by decoding:`);
  indent(formatTree(buildTree(resultDer, detectTypes(resultDer)[0].type, { detectNested: nestedTypeOf })));
  say(NOT_SIGNED.replace('the signature field', 'euiccSignEPR'));

  // 6. A CI job validates a folder of dumps.
  section(6, 'A CI job validates a folder of dumps (sgp32 validate <folder>)');
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'sgp32-demo-'));
  mkdirSync(dir, { recursive: true });
  const damagedLength = new Uint8Array(der.length + 1);
  damagedLength.set(der.subarray(0, 2));
  damagedLength[2] = 0x81; // the same length in the long form: not DER
  damagedLength.set(der.subarray(2), 3);
  const wrongTag = der.slice();
  wrongTag[4] = 0x31; // euiccPackageSigned's SEQUENCE tag replaced by SET
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
  const results = await validateFiles(paths, { lenient: false }, 1);
  indent(results.map(resultLine));
  const s = summarize(results, 0);
  say(`${s.files} dumps: ${s.valid} valid, ${s.invalid} invalid — \`sgp32 validate ${dir}\` exits 1, and`);
  say(`\`sgp32 validate ${dir} --report junit -o report.xml\` writes the JUnit report a CI system shows.`);
  const expected = results.every((r) => r.valid === !r.file.includes('broken'));
  process.stdout.write(`\nDone: every step behaved as expected: ${expected}.\n`);
  return expected ? EXIT_OK : EXIT_DATA;
}
