/**
 * The streaming renderers against the whole-value functions they replace for big inputs:
 * writeJson is JSON.stringify piece by piece (property over arbitrary JSON and over the JER
 * of real messages); renderJer of a UPP element by element equals the JER of the whole
 * decoded profile; the text tree equals formatTree; the JSON tree equals JSON.stringify of
 * the nested nodes, also for damaged input. uppElements gives the elements and errors of
 * Upp.decode.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonArrayWriter, writeJson } from '../../src/jer/stream.js';
import { Asn1DecodeError } from '../../src/der/errors.js';
import { buildTree, formatTree, type TreeNode, nestedTypeOf, renderJer, renderTreeJson, renderTreeText, stringSink, treeJsonFields, type TreeJsonNode, Upp, uppElements, splitTlvs } from '../../src/inspect/index.js';
import { buildCorpus, scaleUpp } from '../../bench/corpus.js';
import { EuiccPackageRequest } from '../../src/generated/SGP32Definitions.js';
import { Certificate } from '../../src/generated/PKIX1Explicit88.js';

const corpus = buildCorpus();

function render(f: (sink: ReturnType<typeof stringSink>) => void): string {
  const sink = stringSink();
  f(sink);
  return sink.text();
}

/** The nodes of a flat tree nested by depth, as renderTreeJson nests them. */
function nest(nodes: readonly TreeNode[]): TreeJsonNode[] {
  const top: TreeJsonNode[] = [];
  const stack: { children: TreeJsonNode[] }[] = [];
  for (const n of nodes) {
    const d = Math.min(n.depth, stack.length);
    stack.length = d;
    const holder = d === 0 ? top : ((stack[d - 1] as { children?: TreeJsonNode[] }).children ??= []);
    const out = { ...treeJsonFields(n) } as TreeJsonNode & { children?: TreeJsonNode[] };
    holder.push(out);
    stack.push(out as { children: TreeJsonNode[] });
  }
  // Leaves carry no `children` member.
  return top;
}

describe('writeJson', () => {
  it('writes the text of JSON.stringify for any JSON value and indent', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2, 4), (v, indent) => {
        expect(render((s) => writeJson(v as never, s, indent))).toBe(JSON.stringify(v, null, indent));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out undefined members, writes null for undefined items and non-finite numbers', () => {
    const v = { a: undefined, b: [undefined, NaN, Infinity, -0], c: { d: undefined } };
    expect(render((s) => writeJson(v as never, s))).toBe(JSON.stringify(v, null, 2));
  });

  it('writes an array item by item as JSON.stringify writes the whole array', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 6 }), fc.constantFrom(0, 2), (items, indent) => {
        const text = render((s) => {
          const a = jsonArrayWriter(s, indent);
          for (const x of items) a.item(x as never);
          a.end();
        });
        expect(text).toBe(JSON.stringify(items, null, indent));
      }),
    );
  });

  it('writes the JER of real messages as JSON.stringify does', () => {
    const jer = EuiccPackageRequest.toJer(EuiccPackageRequest.decode(corpus.epr));
    expect(render((s) => writeJson(jer, s))).toBe(JSON.stringify(jer, null, 2));
    const cert = Certificate.toJer(Certificate.decode(corpus.certs[0]));
    expect(render((s) => writeJson(cert, s, 0))).toBe(JSON.stringify(cert));
  });
});

describe('uppElements', () => {
  it('yields the elements of Upp.decode with their byte ranges', () => {
    const all = Upp.decode(corpus.upp);
    const ranges = splitTlvs(corpus.upp);
    const got = [...uppElements(corpus.upp)];
    expect(got.map((e) => [e.start, e.end])).toEqual(ranges);
    expect(got.map((e) => e.value)).toEqual(all);
    expect(got.map((e) => e.index)).toEqual(all.map((_, i) => i));
  });

  it('names the element and the absolute offset of an error, as Upp.decode does', () => {
    const ranges = splitTlvs(corpus.upp);
    const bad = corpus.upp.slice();
    // The third element's first component: its tag no longer fits.
    const [s] = ranges[2];
    const inner = s + ((bad[s] & 0x1f) === 0x1f ? 2 : 1) + (bad[s + 1] & 0x80 ? 1 + (bad[s + 1] & 0x7f) : 1);
    bad[inner] = 0x9f;
    bad[inner + 1] = 0x7f;
    let whole: unknown;
    try {
      Upp.decode(bad);
    } catch (err) {
      whole = err;
    }
    expect(whole).toBeInstanceOf(Asn1DecodeError);
    const e = whole as Asn1DecodeError;
    expect(e.path).toMatch(/^UPP\[2\]/);
    expect(e.offset).toBeGreaterThanOrEqual(s);
    const seen: number[] = [];
    expect(() => {
      for (const pe of uppElements(bad)) seen.push(pe.index);
    }).toThrow(e.message);
    expect(seen).toEqual([0, 1]);
    expect(() => [...uppElements(new Uint8Array(0))]).toThrow(/^UPP: no profile element \(truncated, offset 0\)$/);
  });
});

describe('renderJer', () => {
  it('writes a UPP element by element as the JER of the whole profile', () => {
    const big = scaleUpp(corpus.upp, 60_000);
    const expected = JSON.stringify(Upp.toJer(Upp.decode(big)), null, 2) + '\n';
    expect(render((s) => renderJer(big, 'UPP', undefined, s))).toBe(expected);
    expect(render((s) => renderJer(big, 'UPP', undefined, s, { indent: 0 }))).toBe(JSON.stringify(Upp.toJer(Upp.decode(big))) + '\n');
  });

  it('writes any other type from its decoded value', () => {
    const v = EuiccPackageRequest.decode(corpus.epr);
    expect(render((s) => renderJer(corpus.epr, 'SGP32Definitions.EuiccPackageRequest', v, s))).toBe(JSON.stringify(EuiccPackageRequest.toJer(v), null, 2) + '\n');
  });
});

describe('tree renderers', () => {
  const inputs: [string, Uint8Array, string | null][] = [
    ['a UPP', corpus.upp, 'UPP'],
    ['a BPP', corpus.bpp, 'RSPDefinitions.BoundProfilePackage'],
    ['an EuiccPackageRequest', corpus.epr, 'SGP32Definitions.EuiccPackageRequest'],
    ['a certificate without a schema', corpus.certs[3], null],
    ['a truncated BPP', corpus.bpp.subarray(0, 700), 'RSPDefinitions.BoundProfilePackage'],
    ['a UPP cut inside an element', corpus.upp.subarray(0, 5000), 'UPP'],
  ];

  it.each(inputs)('text of %s equals formatTree of buildTree', (_, bytes, type) => {
    const nodes = buildTree(bytes, type, { detectNested: nestedTypeOf });
    const expected = formatTree(nodes).join('\n') + '\n';
    let errors = -1;
    expect(render((s) => (errors = renderTreeText(bytes, type, s, { detectNested: nestedTypeOf })))).toBe(expected);
    expect(errors).toBe(nodes.filter((n) => n.error).length);
  });

  it.each(inputs)('JSON of %s equals JSON.stringify of the nested nodes', (_, bytes, type) => {
    const nodes = buildTree(bytes, type, { detectNested: nestedTypeOf });
    const nested = nest(nodes);
    expect(render((s) => renderTreeJson(bytes, type, s, { detectNested: nestedTypeOf }))).toBe(JSON.stringify(nested, null, 2) + '\n');
    expect(render((s) => renderTreeJson(bytes, type, s, { detectNested: nestedTypeOf, indent: 0 }))).toBe(JSON.stringify(nested) + '\n');
  });

  it('the damaged inputs above do show errors, the whole ones none', () => {
    const count = (b: Uint8Array, t: string) => buildTree(b, t).filter((n) => n.error).length;
    expect(count(corpus.bpp, 'RSPDefinitions.BoundProfilePackage')).toBe(0);
    expect(count(corpus.bpp.subarray(0, 700), 'RSPDefinitions.BoundProfilePackage')).toBeGreaterThan(0);
    expect(count(corpus.upp.subarray(0, 5000), 'UPP')).toBeGreaterThan(0);
  });

  it('a TLV cut short keeps every complete TLV inside it, the cut marked on each open node', () => {
    const cut = corpus.bpp.subarray(0, 700);
    const nodes = buildTree(cut, 'RSPDefinitions.BoundProfilePackage');
    const whole = buildTree(corpus.bpp, 'RSPDefinitions.BoundProfilePackage');
    expect(nodes[0]).toMatchObject({ offset: 0, error: { code: 'truncated', detail: `content of ${whole[0].length} bytes announced, ${700 - nodes[0].headerLength} present` } });
    // Every node that ends inside the cut is the same node as in the whole package.
    const complete = nodes.filter((n) => !n.error);
    expect(complete.length).toBeGreaterThan(5);
    for (const n of complete) expect(whole).toContainEqual(n);
    expect(nodes.every((n) => n.offset < 700 && n.offset + n.headerLength + n.length <= 700)).toBe(true);
  });

  it('colours the parts of a line only when asked', () => {
    const nodes = buildTree(corpus.epr, 'SGP32Definitions.EuiccPackageRequest');
    const plain = formatTree(nodes);
    const colored = formatTree(nodes, { color: true });
    // eslint-disable-next-line no-control-regex
    expect(colored.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''))).toEqual(plain);
    expect(colored.slice(1).every((l) => l.includes('\x1b['))).toBe(true);
    expect(plain.some((l) => l.includes('\x1b'))).toBe(false);
  });

  it('an empty input has an empty JSON tree', () => {
    expect(render((s) => renderTreeJson(new Uint8Array(0), null, s))).toBe('[]\n');
  });
});
