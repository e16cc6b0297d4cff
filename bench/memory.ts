/**
 * Heap bytes per decode, run by bench/run.ts in a child process started with `--expose-gc`
 * and `--max-semi-space-size=64`: after a warm-up, gc(); read heapUsed; decode N times keeping
 * every result; read heapUsed again. With a young generation that large no scavenge runs
 * inside the loop, so the difference divided by N is what one decode allocates (temporaries
 * included). A second gc() with the results still held gives what stays reachable from a
 * decoded value ("retained"), also per input byte (`retained/B`): a decoded value of about
 * 22 bytes per input byte for a whole profile, against the element-at-a-time reading that
 * the CLI and the page use (`decode/upp [elements]`, `tree/upp`, `jer/upp`).
 *
 * @module
 */
import { buildCorpus } from './corpus.js';
import { asn1jsDecode } from './peers.js';
import { BoundProfilePackage } from '../dist/generated/RSPDefinitions.js';
import { Certificate } from '../dist/generated/PKIX1Explicit88.js';
import { sgp32DecodeProfile } from './cases.js';
import { EuiccPackageRequest } from '../dist/generated/SGP32Definitions.js';
import { nestedTypeOf, renderJer, renderTreeText, uppElements } from '../dist/inspect/index.js';
import { AsnParser } from '@peculiar/asn1-schema';
import { Certificate as PeculiarCertificate } from '@peculiar/asn1-x509';
import * as pkijs from 'pkijs';

const gc = (globalThis as { gc?: () => void }).gc;

/** Allocated and retained heap bytes per call of `fn`. */
export function measure(fn: () => unknown, budget: number, warmMs: number): { allocated: number; retained: number; n: number } {
  if (!gc) throw new Error('run with --expose-gc');
  const until = performance.now() + warmMs;
  do fn();
  while (performance.now() < until);
  gc();
  const probe0 = process.memoryUsage().heapUsed;
  const one = fn();
  const est = Math.max(1, process.memoryUsage().heapUsed - probe0);
  void one;
  const n = Math.max(3, Math.min(500, Math.floor(budget / est)));
  const keep: unknown[] = new Array(n);
  gc();
  gc();
  const h0 = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) keep[i] = fn();
  const h1 = process.memoryUsage().heapUsed;
  gc();
  const h2 = process.memoryUsage().heapUsed;
  keep.length = 0;
  return { allocated: (h1 - h0) / n, retained: (h2 - h0) / n, n };
}

/** Decodes every element of a profile, keeping only the last (as a renderer that writes each out). */
function lastElement(upp: Uint8Array): unknown {
  let last: unknown;
  for (const pe of uppElements(upp)) last = pe.value;
  return last;
}

/** A sink that keeps a count, not the text. */
function countChars(): { write(t: string): void; n: number } {
  const s = { n: 0, write: (t: string) => void (s.n += t.length) };
  return s;
}

function main(): void {
  const quick = process.argv.includes('--quick');
  const c = buildCorpus();
  const certs = c.certs;
  const certBytes = certs.reduce((n, x) => n + x.length, 0);
  const rows: [string, string, number, () => unknown][] = [
    ['decode/bpp', 'sgp32', c.bpp.length, () => BoundProfilePackage.decode(c.bpp)],
    ['decode/bpp', 'asn1js', c.bpp.length, () => asn1jsDecode(c.bpp)],
    ['decode/epr', 'sgp32', c.epr.length, () => EuiccPackageRequest.decode(c.epr)],
    ['decode/epr', 'asn1js', c.epr.length, () => asn1jsDecode(c.epr)],
    ['decode/upp', 'sgp32', c.upp.length, () => sgp32DecodeProfile(c.upp)],
    ['decode/upp', 'asn1js', c.upp.length, () => asn1jsDecode(c.upp)],
    // Element at a time (what the CLI and the page do): only the last element is held.
    ['decode/upp [elements]', 'sgp32', c.upp.length, () => lastElement(c.upp)],
    ['tree/upp', 'sgp32', c.upp.length, () => renderTreeText(c.upp, 'UPP', countChars(), { detectNested: nestedTypeOf })],
    ['jer/upp', 'sgp32', c.upp.length, () => renderJer(c.upp, 'UPP', undefined, countChars())],
    ['decode/certs', 'sgp32', certBytes, () => certs.map((x) => Certificate.decode(x))],
    ['decode/certs', 'peculiar', certBytes, () => certs.map((x) => AsnParser.parse(x, PeculiarCertificate))],
    ['decode/certs', 'pkijs', certBytes, () => certs.map((x) => pkijs.Certificate.fromBER(x as Uint8Array<ArrayBuffer>))],
  ];
  console.log(`${'case'.padEnd(22)} ${'impl'.padEnd(9)} ${'input B'.padStart(8)} ${'allocated B'.padStart(12)} ${'x input'.padStart(8)} ${'retained B'.padStart(11)} ${'retained/B'.padStart(10)}   (N)`);
  for (const [name, impl, size, fn] of rows) {
    const m = quick ? measure(fn, 8 * 2 ** 20, 100) : measure(fn, 24 * 2 ** 20, 500);
    console.log(
      `${name.padEnd(22)} ${impl.padEnd(9)} ${String(size).padStart(8)} ${m.allocated.toFixed(0).padStart(12)} ${(m.allocated / size).toFixed(1).padStart(8)} ${m.retained.toFixed(0).padStart(11)} ${(m.retained / size).toFixed(2).padStart(10)}   (${m.n})`,
    );
  }
}

main();
