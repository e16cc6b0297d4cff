/**
 * `npm run gen`: compiles asn1/*.asn into src/generated/ (or into the folder given as the
 * first argument, which the staleness test uses). Everything written comes from the
 * compiler; this script only reads the inputs and writes the files.
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compile } from '../src/compiler/index.js';

export const ASN1_FILES = ['PKIX1Explicit88.asn', 'PKIX1Implicit88.asn', 'PEDefinitions.asn', 'RSPDefinitions.asn', 'SGP32Definitions.asn'];

/** Namespace each module is exported under from the package root. */
const NAMESPACES: Record<string, string> = {
  SGP32Definitions: 'Sgp32',
  RSPDefinitions: 'Rsp',
  PKIX1Explicit88: 'Pkix',
  PKIX1Implicit88: 'PkixImplicit',
  PEDefinitions: 'Saip',
};
/** Order of precedence for the flat exports: a name SGP32Definitions defines wins. */
const PRECEDENCE = ['SGP32Definitions', 'RSPDefinitions', 'PEDefinitions', 'PKIX1Explicit88', 'PKIX1Implicit88'];

export function generate(root: string): { fileName: string; source: string }[] {
  const inputs = ASN1_FILES.map((f) => ({ file: `asn1/${f}`, text: readFileSync(join(root, 'asn1', f), 'utf8') }));
  return compile(inputs, { command: 'npm run gen', barrel: { namespaces: NAMESPACES, precedence: PRECEDENCE } }).files;
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
