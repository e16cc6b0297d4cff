/**
 * `npm run gen`: compiles asn1/*.asn into src/generated/*.ts (or into the folder given as the
 * first argument, which the staleness test uses).
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compile } from '../src/compiler/index.js';

export const ASN1_FILES = ['PKIX1Explicit88.asn', 'PKIX1Implicit88.asn', 'PEDefinitions.asn', 'RSPDefinitions.asn', 'SGP32Definitions.asn'];

export function generate(root: string): { fileName: string; source: string }[] {
  const inputs = ASN1_FILES.map((f) => ({ file: `asn1/${f}`, text: readFileSync(join(root, 'asn1', f), 'utf8') }));
  return compile(inputs, { command: 'npm run gen' }).files;
}

const root = resolve(new URL('..', import.meta.url).pathname);
if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const out = resolve(process.argv[2] ?? join(root, 'src/generated'));
  mkdirSync(out, { recursive: true });
  const known = new Set(readdirSync(join(root, 'asn1')).filter((f) => f.endsWith('.asn')));
  for (const f of ASN1_FILES) if (!known.has(f)) throw new Error(`asn1/${f} is missing`);
  for (const f of generate(root)) {
    writeFileSync(join(out, f.fileName), f.source);
    console.log(`wrote ${join(out, f.fileName)} (${f.source.length} bytes)`);
  }
}
