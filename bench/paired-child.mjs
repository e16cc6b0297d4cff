// Child of bench/paired-builds.ts: plain JavaScript, run by node without any loader, so the
// library build under test is executed exactly as users run it (a loader such as tsx turns
// the re-exports of der/runtime.js into getter calls, which then dominate a profile).
//   node --expose-gc bench/paired-child.mjs <dist dir> <corpus.json> [filter]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, corpusFile, filter = ''] = process.argv.slice(2);
const url = (p) => pathToFileURL(resolve(dir, p)).href;
const rsp = await import(url('generated/RSPDefinitions.js'));
const sgp = await import(url('generated/SGP32Definitions.js'));
const pe = await import(url('generated/PEDefinitions.js'));
const pkix = await import(url('generated/PKIX1Explicit88.js'));
const reader = await import(url('der/reader.js'));
const raw = JSON.parse(readFileSync(corpusFile, 'utf8'));
const bytes = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
const corpus = { bpp: bytes(raw.bpp), epr: bytes(raw.epr), upp: bytes(raw.upp), euiccinfo2: bytes(raw.euiccinfo2), geteimpkg: bytes(raw.geteimpkg), certs: raw.certs.map(bytes) };

let sink;
function splitAt(b) {
  const r = reader.newReader(b);
  const out = [];
  for (let p = 0; p < b.length; p = r.n) {
    reader.hdr(r, p, b.length);
    out.push([p, r.n]);
  }
  return out;
}
const one = (c, b) => ({
  decode: () => () => (sink = c.decode(b)),
  encode: () => {
    const v = c.decode(b);
    return () => (sink = c.encode(v));
  },
});
const ranges = splitAt(corpus.upp);
const cases = {};
const add = (name, x) => {
  cases[`decode/${name}`] = x.decode;
  cases[`encode/${name}`] = x.encode;
};
add('bpp', one(rsp.BoundProfilePackage, corpus.bpp));
add('epr', one(sgp.EuiccPackageRequest, corpus.epr));
add('euiccinfo2', one(sgp.EUICCInfo2, corpus.euiccinfo2));
add('geteimpkg', one(sgp.GetEimPackageResponse, corpus.geteimpkg));
add('upp', {
  decode: () => () => (sink = ranges.map(([s, e]) => pe.ProfileElement.decode(corpus.upp.subarray(s, e)))),
  encode: () => {
    const v = ranges.map(([s, e]) => pe.ProfileElement.decode(corpus.upp.subarray(s, e)));
    return () => (sink = v.map((x) => pe.ProfileElement.encode(x)));
  },
});
add('certs', {
  decode: () => () => (sink = corpus.certs.map((c) => pkix.Certificate.decode(c))),
  encode: () => {
    const v = corpus.certs.map((c) => pkix.Certificate.decode(c));
    return () => (sink = v.map((x) => pkix.Certificate.encode(x)));
  },
});

/** Operations per CPU millisecond over a slice of about `ms` wall milliseconds. */
function cpuRate(fn, ms) {
  globalThis.gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  do {
    fn();
    n++;
  } while (performance.now() - t0 < ms);
  const c = process.cpuUsage(c0);
  return n / ((c.user + c.system) / 1000);
}

const rates = {};
// filter: a part of the case names to run; `=name` exactly one case; `==` none (the
// names come back with rate 0).
for (const name of Object.keys(cases)) {
  if (filter === '==') {
    rates[name] = 0;
    continue;
  }
  if (filter.startsWith('=') ? name !== filter.slice(1) : !name.includes(filter)) continue;
  const fn = cases[name]();
  for (const t0 = performance.now(); performance.now() - t0 < 700; ) fn();
  const r = [];
  for (let i = 0; i < 7; i++) r.push(cpuRate(fn, 80));
  rates[name] = r.sort((x, y) => x - y)[3];
}
void sink;
process.stdout.write(JSON.stringify(rates));
