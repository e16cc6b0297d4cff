/**
 * Makes a small valid value of any schema type, for messages the tests and the benchmark
 * encode themselves: mandatory components only, the first alternative of each CHOICE (or a
 * chosen one), one element per list, one octet per string. Constraints the value breaks are
 * repaired from the encoder's own error (`path: length 1 outside SIZE(16)`): the size or
 * value at that path is set to the lower bound and the value is made again.
 */
import { Asn1EncodeError } from '../../src/der/errors.js';
import { prng } from '../support/bytes.js';
import { codecOf, finalBase, schemaType, splitQualified, type SchemaType } from '../../src/inspect/index.js';

export { prng };

type Member = readonly [string, SchemaType, number];

/** The property name of an ASN.1 identifier in the generated types (hyphens become underscores). */
const ts = (name: string): string => name.replace(/-/g, '_');

interface Ctx {
  readonly sizes: Map<string, number>;
  /** Alternative chosen per CHOICE path (default: the first one). */
  readonly choices: Map<string, string>;
  readonly fill: number;
  /** INTEGER paths the codec maps to bigint (certificate serial numbers). */
  readonly bigints: Set<string>;
}

function value(t: SchemaType, path: string, ctx: Ctx, depth: number): unknown {
  const { base } = finalBase(t);
  const n = ctx.sizes.get(path);
  switch (base[1]) {
    case 'bool':
      return true;
    case 'null':
      return null;
    case 'int': {
      if (ctx.bigints.has(path)) return BigInt(n ?? 1);
      if (n !== undefined) return n;
      const named = base[2] as readonly (readonly [string, number])[] | undefined;
      return named?.length ? named[0][1] : 1;
    }
    case 'enum':
      return (base[2] as readonly (readonly [string, number])[])[0][0];
    case 'bits':
      return { bytes: new Uint8Array([0x80]), unusedBits: 7 };
    case 'octets':
      return new Uint8Array(n ?? 1).fill(ctx.fill);
    case 'oid':
      return '1.2.840.10045.2.1';
    case 'roid':
      return '1.2';
    case 'time':
      return base[2] === 'UTCTime' ? '250101000000Z' : '20250101000000Z';
    case 'str': {
      const ch = base[2] === 'NumericString' ? '1' : 'a';
      return ch.repeat(n ?? 1);
    }
    case 'any':
      return new Uint8Array([0x05, 0x00]);
    case 'seq':
    case 'set': {
      const out: Record<string, unknown> = {};
      for (const [asn1Name, type, flags] of base[2] as readonly Member[]) {
        if (flags & 3) continue; // OPTIONAL or DEFAULT
        const name = ts(asn1Name);
        out[name] = value(type, `${path}.${name}`, ctx, depth + 1);
      }
      return out;
    }
    case 'seqOf':
    case 'setOf': {
      const count = n ?? (depth > 12 ? 0 : 1);
      return Array.from({ length: count }, (_, i) => value(base[2] as SchemaType, `${path}[${i}]`, ctx, depth + 1));
    }
    case 'choice': {
      const alts = base[2] as readonly Member[];
      const want = ctx.choices.get(path);
      const alt = alts.find(([name]) => ts(name) === want || name === want) ?? alts[0];
      return { $case: ts(alt[0]), value: value(alt[1], `${path}.${ts(alt[0])}`, ctx, depth + 1) };
    }
    default:
      throw new Error(`generate: no value for kind ${base[1]} at ${path}`);
  }
}

/** The lower bound of the first interval in an encoder message (`SIZE(16)`, `SIZE(1..128)`, `(0..255)`). */
function lowerBound(detail: string): number | undefined {
  const m = /outside (?:SIZE)?\((-?\d+)/.exec(detail);
  return m ? Number(m[1]) : undefined;
}

/**
 * A value of `type` (`Module.Name`) that encodes, with `choices` fixing CHOICE alternatives by
 * path (`EsipaMessageFromIpaToEim` → `getEimPackageRequest`). Returns undefined when no
 * repair makes it encode.
 */
export function makeValue(type: string, choices: Record<string, string> = {}, fill = 0x11): { value: unknown; der: Uint8Array } | undefined {
  const t = schemaType(type);
  if (!t) throw new RangeError(`type: unknown type ${type}`);
  const root = ts(splitQualified(type).name);
  const ctx: Ctx = { sizes: new Map(), choices: new Map(Object.entries(choices).map(([k, v]) => [k ? `${root}.${k}` : root, v])), fill, bigints: new Set() };
  const codec = codecOf(type);
  for (let attempt = 0; attempt < 40; attempt++) {
    const v = value(t, root, ctx, 0);
    try {
      return { value: v, der: codec.encode(v as never) };
    } catch (err) {
      if (!(err instanceof Asn1EncodeError)) throw err;
      if (err.code === 'bad-value' && /bigint/.test(err.detail) && !ctx.bigints.has(err.path)) {
        ctx.bigints.add(err.path);
        continue;
      }
      if (err.code !== 'constraint') {
        if (process.env.GEN_DEBUG) console.log(type, err.path, err.detail);
        return undefined;
      }
      const bound = lowerBound(err.detail);
      if (bound === undefined || ctx.sizes.get(err.path) === bound) return undefined;
      ctx.sizes.set(err.path, bound);
    }
  }
  return undefined;
}
