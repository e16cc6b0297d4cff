/**
 * A deterministic corpus of message dumps for `sgp32 validate`: good dumps of many message
 * types stored in every form the CLI reads (DER, hex with and without separators, base64, PEM,
 * .txt), and damaged ones whose defect — and so the expected error code — is known. Used by
 * test/cli/validate.test.ts and bench/validate.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EuiccPackageRequest, EuiccPackageResult } from '../../src/generated/SGP32Definitions.js';
import { schemaType, schemaTypeNames } from '../../src/inspect/index.js';
import { bytesToBase64, bytesToHex, bytesToPem } from '../../src/inspect/input.js';
import { makeValue, prng } from './generate.js';
import { concat } from '../support/bytes.js';

/** One file of the corpus and the verdict `sgp32 validate` must give. */
export interface CorpusEntry {
  readonly file: string;
  readonly valid: boolean;
  /** Expected error code of an invalid dump. */
  readonly code?: string;
  /** Valid in lenient mode (BER-only defects). */
  readonly validLenient: boolean;
  /** The type the dump was made as (`Module.Name` or `UPP`). */
  readonly type: string;
}

/** Messages with a tag of their own (BFxx, 7Fxx) that the generator can make, as `Module.Name`. */
export function messageTypes(): string[] {
  return schemaTypeNames().filter((q) => {
    const t = schemaType(q)!;
    return t[0].length > 0 && (t[0][0] >> 8 === 0xbf || t[0][0] >> 8 === 0x7f);
  });
}

/** The length octets of a DER TLV at 0: [start, end) of the length field and the content length. */
function lengthField(der: Uint8Array): { start: number; end: number; len: number } {
  const start = (der[0] & 0x1f) === 0x1f ? 2 : 1;
  const first = der[start];
  if (first < 0x80) return { start, end: start + 1, len: first };
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[start + 1 + i];
  return { start, end: start + 1 + n, len };
}

/** The same TLV with its length in a non-minimal long form (one more length octet). */
export function nonMinimalLength(der: Uint8Array): Uint8Array {
  const { start, end, len } = lengthField(der);
  const octets: number[] = [];
  for (let x = len; x > 0; x = Math.floor(x / 256)) octets.unshift(x % 256);
  const field = [0x80 | (octets.length + 1), 0x00, ...octets];
  return concat(der.subarray(0, start), new Uint8Array(field), der.subarray(end));
}

/**
 * The same TLV with an indefinite length (BER) and end-of-contents octets. For a run of TLVs
 * (a UPP) only the first one changes: its end-of-contents octets go where it ended.
 */
export function indefiniteLength(der: Uint8Array): Uint8Array {
  const { start, end, len } = lengthField(der);
  return concat(der.subarray(0, start), new Uint8Array([0x80]), der.subarray(end, end + len), new Uint8Array([0, 0]), der.subarray(end + len));
}

/** Makes the corpus in `dir`; returns the expected verdict of every file. */
export function makeCorpus(dir: string, count = 1000, seed = 20261122): CorpusEntry[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
  const iccid = () => {
    const d = ('89' + digits(17)).padEnd(20, 'F');
    let swapped = '';
    for (let i = 0; i < 20; i += 2) swapped += d[i + 1] + d[i];
    return Uint8Array.from({ length: 10 }, (_, i) => parseInt(swapped.slice(2 * i, 2 * i + 2), 16));
  };
  const types = messageTypes();
  const generated = new Map<string, Uint8Array>();
  for (const q of types) {
    const m = makeValue(q);
    if (m) generated.set(q, m.der);
  }
  const pe = (alt: string) => makeValue('PEDefinitions.ProfileElement', { '': alt })!.der;
  const upp = concat(pe('header'), pe('genericFileManagement'), pe('pinCodes'), pe('end'));

  const makeGood = (): { type: string; der: Uint8Array } => {
    const r = rnd();
    if (r < 0.3) {
      const psmos = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () =>
        pick([
          () => ({ $case: 'enable' as const, value: { iccid: iccid(), ...(rnd() < 0.5 ? { rollbackFlag: null } : {}) } }),
          () => ({ $case: 'disable' as const, value: { iccid: iccid() } }),
          () => ({ $case: 'delete' as const, value: { iccid: iccid() } }),
          () => ({ $case: 'listProfileInfo' as const, value: { tagList: Uint8Array.of(0x5a, 0x9f, 0x70) } }),
          () => ({ $case: 'getRAT' as const, value: {} }),
        ])(),
      );
      // eimSignature: random bytes — validation checks the encoding, not the signature.
      const der = EuiccPackageRequest.encode({
        euiccPackageSigned: {
          eimId: `eim${digits(3)}.example.org`,
          eidValue: Uint8Array.from({ length: 16 }, () => Math.floor(rnd() * 100) % 10 * 17),
          counterValue: Math.floor(rnd() * 100000),
          ...(rnd() < 0.5 ? { eimTransactionId: bytes(16) } : {}),
          euiccPackage: { $case: 'psmoList', value: psmos },
        },
        eimSignature: bytes(64),
      });
      return { type: 'SGP32Definitions.EuiccPackageRequest', der };
    }
    if (r < 0.45) {
      const der = EuiccPackageResult.encode({
        $case: 'euiccPackageResultSigned',
        value: {
          euiccPackageResultDataSigned: {
            eimId: `eim${digits(3)}.example.org`,
            counterValue: Math.floor(rnd() * 100000),
            seqNumber: Math.floor(rnd() * 1000),
            euiccResult: Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({ $case: 'enableResult' as const, value: pick([0, 1, 2, 3, 5, 127]) })),
          },
          euiccSignEPR: bytes(64),
        },
      });
      return { type: 'SGP32Definitions.EuiccPackageResult', der };
    }
    if (r < 0.5) return { type: 'UPP', der: upp };
    const q = pick([...generated.keys()]);
    return { type: q, der: generated.get(q)! };
  };

  const store = (der: Uint8Array, name: string): [string, string | Uint8Array] => {
    const form = pick(['der', 'bin', 'hex', 'hex-spaced', 'hex-colons', 'b64', 'pem', 'txt-hex', 'txt-b64'] as const);
    switch (form) {
      case 'der':
      case 'bin':
        return [`${name}.${form}`, der];
      case 'hex':
        return [`${name}.hex`, bytesToHex(der) + '\n'];
      case 'hex-spaced':
        return [`${name}.hex`, bytesToHex(der, ' ').toUpperCase() + '\n'];
      case 'hex-colons':
        return [`${name}.hex`, bytesToHex(der, ':') + '\n'];
      case 'b64':
        return [`${name}.b64`, bytesToBase64(der) + '\n'];
      case 'pem':
        return [`${name}.pem`, bytesToPem(der, 'SGP32 MESSAGE')];
      case 'txt-hex':
        return [`${name}.txt`, bytesToHex(der) + '\n'];
      case 'txt-b64':
        return [`${name}.txt`, bytesToBase64(der) + '\n'];
    }
  };

  const entries: CorpusEntry[] = [];
  for (let i = 0; i < count; i++) {
    const sub = `batch${Math.floor(i / 100)}`;
    mkdirSync(join(dir, sub), { recursive: true });
    const { type, der } = makeGood();
    const name = join(sub, `dump${String(i).padStart(4, '0')}`);
    const defect = rnd() < 0.25 ? pick(['truncated', 'trailing', 'non-minimal', 'indefinite', 'not-text', 'empty'] as const) : undefined;
    let file: string;
    let data: string | Uint8Array;
    let entry: Omit<CorpusEntry, 'file'>;
    switch (defect) {
      case undefined:
        [file, data] = store(der, name);
        entry = { valid: true, validLenient: true, type };
        break;
      case 'truncated':
        [file, data] = store(der.subarray(0, der.length - 1), name);
        entry = { valid: false, code: 'truncated', validLenient: false, type };
        break;
      case 'trailing':
        if (type === 'UPP') {
          // Any TLV may follow the elements of a UPP: cut the last one short instead.
          [file, data] = store(der.subarray(0, der.length - 1), name);
          entry = { valid: false, code: 'truncated', validLenient: false, type };
        } else {
          [file, data] = store(concat(der, Uint8Array.of(0x05, 0x00)), name);
          entry = { valid: false, code: 'trailing-data', validLenient: false, type };
        }
        break;
      case 'non-minimal':
        [file, data] = store(nonMinimalLength(der), name);
        entry = { valid: false, code: 'non-minimal-length', validLenient: true, type };
        break;
      case 'indefinite':
        [file, data] = store(indefiniteLength(der), name);
        entry = { valid: false, code: 'indefinite-length', validLenient: true, type };
        break;
      case 'not-text':
        [file, data] = [`${name}.hex`, bytesToHex(der).slice(0, 10) + '#' + bytesToHex(der).slice(10) + '\n'];
        entry = { valid: false, code: 'bad-input-form', validLenient: false, type };
        break;
      case 'empty':
        [file, data] = [`${name}.bin`, new Uint8Array(0)];
        entry = { valid: false, code: 'bad-input-form', validLenient: false, type };
        break;
    }
    writeFileSync(join(dir, file), data);
    entries.push({ file: join(dir, file), ...entry });
  }
  return entries;
}
