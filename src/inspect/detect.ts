/**
 * Which type is this encoding? Candidates come from the outer tag (every type of a registry
 * whose encoding can start with it, plus a UPP when the input is a run of profile elements and
 * the registry has PEDefinitions); each is decoded completely, and those that decode are
 * ranked by how well they explain the bytes.
 *
 * @module
 */
import { Asn1DecodeError, type Diagnostic } from '../der/errors.js';
import { hdr, newReader, tagHex } from '../der/reader.js';
import type { Codec } from '../der/codec.js';
import type { Registry } from '../der/registry.js';
import { codecOf, firstTags, schemaType, splitQualified, type InRegistry, type SchemaType } from './schema.js';
import { PROFILE_ELEMENT, UPP_TYPE, uppCodecOf } from './upp.js';
import { peekTag, tagFields, tryReadHeader } from '../der/header.js';

/** One type considered for an encoding, with the outcome of decoding the bytes as it. */
export interface Candidate {
  /** `Module.Name`, or `UPP` for a run of profile elements. */
  readonly type: string;
  /** True when the bytes decode completely as this type. */
  readonly fits: boolean;
  /** Unknown extension components and alternatives met while decoding (fewer is a better fit). */
  readonly unknown: number;
  /** Values decoded (a larger count explains more of the bytes). */
  readonly known: number;
  /** For a CHOICE: the alternatives taken, outermost first (`getEimPackageResponse.euiccPackageRequest`). */
  readonly via?: string;
  /** Why it fits or not, in words. */
  readonly reason: string;
  /** The decoding error when it does not fit. */
  readonly error?: Asn1DecodeError;
  /** BER deviations accepted (lenient mode only). */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * The decoded value when it fits; never for a UPP, whose elements are decoded one at a time
   * and let go (a whole decoded profile costs about 22 times its size): read them again with
   * the registry's UPP codec (`uppOf(registry).elements`, `uppElements` for the default one).
   */
  readonly value?: unknown;
}

/** Options of {@link detectTypes}. */
export interface DetectOptions {
  /** Accept BER (each deviation becomes a diagnostic). Default false: strict DER. */
  readonly lenient?: boolean;
  /** Only these `Module.Name` types (default: all). */
  readonly among?: readonly string[];
  /** The types to consider (`sgp32/inspect`'s `detectTypes` defaults it to the five generated modules). */
  readonly registry?: Registry;
}

/**
 * The codec of a `Module.Name` (in `registry`) or of `UPP` (over the registry's ProfileElement).
 * @throws RangeError when the registry has no such type.
 */
export function codecFor(type: string, registry: Registry): Codec<unknown> {
  return type === UPP_TYPE ? uppCodecOf(registry) : codecOf(type, registry);
}

const tagIndexes = /*@__PURE__*/ new WeakMap<Registry, Map<number, string[]>>();

/** Types of `registry` whose encoding can start with `tag`, in registry order (built once per registry). */
export function typesForTag(tag: number, registry: Registry): readonly string[] {
  let byTag = tagIndexes.get(registry);
  if (!byTag) {
    tagIndexes.set(registry, (byTag = new Map()));
    for (const q of registry.typeNames()) {
      const t = schemaType(q, registry)!;
      const tags = firstTags(t);
      if (tags === null) continue; // open types fit anything and say nothing
      for (const x of new Set(tags)) {
        let list = byTag.get(x);
        if (!list) byTag.set(x, (list = []));
        list.push(q);
      }
    }
  }
  return byTag.get(tag) ?? [];
}

/** Counts unknown extensions and decoded values in a decoded value. */
function measure(v: unknown, acc: { unknown: number; known: number }, depth = 0): void {
  if (depth > 200 || v === null || typeof v !== 'object' || v instanceof Uint8Array) {
    acc.known++;
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) measure(x, acc, depth + 1);
    return;
  }
  const o = v as Record<string, unknown>;
  if (typeof o.$case === 'string') {
    if (o.$case === '$unknown') acc.unknown++;
    else measure(o.value, acc, depth + 1);
    return;
  }
  if ('bytes' in o && 'unusedBits' in o) {
    acc.known++;
    return;
  }
  for (const [k, x] of Object.entries(o)) {
    if (k === '$unknown') acc.unknown += (x as unknown[]).length;
    else measure(x, acc, depth + 1);
  }
}

/** The alternatives a decoded CHOICE value took, outermost first. */
function choicePath(v: unknown): string | undefined {
  const parts: string[] = [];
  let x = v as { $case?: unknown; value?: unknown } | null;
  while (x && typeof x === 'object' && typeof x.$case === 'string' && parts.length < 16) {
    parts.push(x.$case);
    x = x.value as typeof x;
  }
  return parts.length ? parts.join('.') : undefined;
}

/** 0: a type with a tag of its own beyond one octet (BF51, 7F21, 5F37); 1: a CHOICE wrapper; 2: others. */
function kindRank(type: string, registry: Registry): number {
  if (type === UPP_TYPE) return 0;
  const t = schemaType(type, registry)!;
  if (t[0].length === 0) return 1;
  return t[0][0] > 0xff ? 0 : 2;
}

function tryDecode(type: string, bytes: Uint8Array, lenient: boolean, registry: Registry): Candidate {
  const diagnostics: Diagnostic[] = [];
  try {
    const acc = { unknown: 0, known: 0 };
    let value: unknown;
    let elements = 0;
    if (type === UPP_TYPE) {
      for (const pe of uppCodecOf(registry).elements(bytes, { strict: !lenient, diagnostics })) {
        measure(pe.value, acc);
        elements++;
      }
    } else {
      value = codecFor(type, registry).decode(bytes, { strict: !lenient, diagnostics });
      measure(value, acc);
    }
    const via = type === UPP_TYPE ? undefined : choicePath(schemaType(type, registry)![1] === 'choice' ? value : undefined);
    const parts = [lenient ? 'decodes (lenient)' : 'decodes as strict DER'];
    parts.push(acc.unknown === 0 ? 'every component known' : `${acc.unknown} unknown extension${acc.unknown === 1 ? '' : 's'}`);
    if (diagnostics.length) parts.push(`${diagnostics.length} BER deviation${diagnostics.length === 1 ? '' : 's'}`);
    if (type === UPP_TYPE) parts.push(`${elements} profile elements`);
    return { type, fits: true, unknown: acc.unknown, known: acc.known, via, reason: parts.join(', '), diagnostics, ...(type === UPP_TYPE ? {} : { value }) };
  } catch (err) {
    if (!(err instanceof Asn1DecodeError)) throw err;
    return { type, fits: false, unknown: 0, known: 0, reason: `does not decode: ${err.message}`, error: err, diagnostics };
  }
}

/** Position of the type's module in the registry (the precedence of bare names). */
function moduleRank(type: string, registry: Registry): number {
  const m = type === UPP_TYPE ? 'PEDefinitions' : splitQualified(type).module;
  return registry.modules.findIndex((x) => x.name === m);
}

/**
 * Candidate types for `bytes`, best first: first those that decode completely (fewest unknown
 * extensions first; then types with a multi-octet tag of their own before CHOICE wrappers and
 * plain SEQUENCEs; then the one that decodes more values; then by the registry's module order,
 * which for the default registry is SGP32Definitions, RSPDefinitions, PEDefinitions, PKIX), then
 * those that do not (in registry order).
 *
 * @throws Asn1DecodeError when not even the first TLV header can be read.
 * @example detectTypes(bytes, { registry })[0] // { type: 'SGP32Definitions.EuiccPackageRequest', fits: true, … }
 */
export function detectTypes(bytes: Uint8Array, options: DetectOptions & InRegistry): Candidate[] {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes: expected a Uint8Array');
  const lenient = options.lenient ?? false;
  const registry = options.registry;
  const r = newReader(bytes, { strict: !lenient });
  hdr(r, 0, bytes.length);
  const tag = r.t;
  const whole = r.n === bytes.length;
  const order = new Map<string, number>();
  let types = [...typesForTag(tag, registry)];
  if (options.among) {
    const among = new Set(options.among);
    types = types.filter((q) => among.has(q));
  }
  types.forEach((q, i) => order.set(q, i));
  const out = types.map((q) => tryDecode(q, bytes, lenient, registry));
  // A run of profile elements (a UPP) when more than the first TLV follows and it is a profile element.
  if (!whole && (!options.among || options.among.includes(UPP_TYPE)) && typesForTag(tag, registry).includes(PROFILE_ELEMENT)) {
    order.set(UPP_TYPE, -1);
    out.push(tryDecode(UPP_TYPE, bytes, lenient, registry));
  }
  out.sort((a, b) => {
    if (a.fits !== b.fits) return a.fits ? -1 : 1;
    if (!a.fits) return order.get(a.type)! - order.get(b.type)!;
    return (
      a.unknown - b.unknown ||
      kindRank(a.type, registry) - kindRank(b.type, registry) ||
      b.known - a.known ||
      moduleRank(a.type, registry) - moduleRank(b.type, registry) ||
      order.get(a.type)! - order.get(b.type)!
    );
  });
  return out;
}

/**
 * The type whose own tag is the outer tag of `bytes`, read from the identifier octets alone:
 * for an encoding cut short (no whole TLV to decode), the likeliest type, whose tree shows
 * what came before the cut. Null when no type has that tag as its own.
 */
export function typeOfOuterTag(bytes: Uint8Array, registry: Registry): string | null {
  const t = peekTag(bytes);
  if (t === undefined) return null;
  return typesForTag(t, registry).find((q) => schemaType(q, registry)![0][0] === t) ?? null;
}

/** Types without a tag of their own that are still dumps on their own (a UPP of one element). */
const STANDALONE = new Set(['PKIX1Explicit88.Certificate', 'PKIX1Explicit88.CertificateList', 'PEDefinitions.ProfileElement']);
const messageTypeCache = /*@__PURE__*/ new WeakMap<Registry, Map<string, boolean>>();

/**
 * True for the types a dump can be on its own: a type with a constructed multi-octet tag of
 * its own (`BF51`, `BF22`, `7F21`: every SGP.22/SGP.32 message), a CHOICE all of whose
 * alternatives are such types (`EsipaMessageFromEimToIpa`), a certificate or CRL, and a UPP
 * (or one profile element).
 * Plain SEQUENCEs and context-tagged components (`IpaCapabilities`, `AttributeType`, a
 * `[0]` list) fit far too many byte strings to be named from the bytes alone: they need
 * `--type`.
 */
export function isMessageType(type: string, registry: Registry): boolean {
  if (type === UPP_TYPE || STANDALONE.has(type)) return true;
  let messageTypes = messageTypeCache.get(registry);
  if (!messageTypes) messageTypeCache.set(registry, (messageTypes = new Map()));
  const known = messageTypes.get(type);
  if (known !== undefined) return known;
  messageTypes.set(type, false); // a recursive reference is not a message
  const t = schemaType(type, registry);
  let yes = false;
  if (t !== undefined) {
    const own = t[0][0];
    if (own !== undefined) yes = own > 0xff && tagFields(own).constructed;
    else if (t[1] === 'choice') {
      const alts = t[2] as readonly (readonly [string, SchemaType, number])[];
      yes = alts.length > 0 && alts.every(([, alt]) => alt[1] === 'ref' && isMessageType(alt[2] as string, registry));
    } else if (t[1] === 'ref') yes = isMessageType(t[2] as string, registry);
  }
  messageTypes.set(type, yes);
  return yes;
}

/** An unknown component or alternative met in a decoded value: where, and its tag. */
export interface UnknownComponent {
  /** Path from the type name, `DeviceInfo.deviceCapabilities.$unknown[0]`. */
  readonly path: string;
  /** Its tag, in hex (`BF64`). */
  readonly tag: string;
  /** Its size in bytes. */
  readonly bytes: number;
}

/** Every unknown component and alternative of a decoded value, in document order. */
export function unknownComponents(value: unknown, root: string): UnknownComponent[] {
  const out: UnknownComponent[] = [];
  const tagOf = (b: Uint8Array) => outerTag(b) ?? '?';
  const walk = (v: unknown, path: string, depth: number): void => {
    if (depth > 200 || v === null || typeof v !== 'object' || v instanceof Uint8Array) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1));
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.$case === 'string') {
      if (o.$case === '$unknown' && o.value instanceof Uint8Array) out.push({ path: `${path}.$unknown`, tag: tagOf(o.value), bytes: o.value.length });
      else walk(o.value, `${path}.${o.$case}`, depth + 1);
      return;
    }
    if ('bytes' in o && 'unusedBits' in o) return;
    for (const [k, x] of Object.entries(o)) {
      if (k === '$unknown' && Array.isArray(x)) x.forEach((u: Uint8Array, i) => out.push({ path: `${path}.$unknown[${i}]`, tag: tagOf(u), bytes: u.length }));
      else walk(x, `${path}.${k}`, depth + 1);
    }
  };
  walk(value, root, 0);
  return out;
}

/** The outcome of choosing the message type of a dump among its candidates. */
export type MessageChoice =
  | { readonly kind: 'message'; readonly best: Candidate }
  /** Two message types fit equally well (same unknown count and kind, different names). */
  | { readonly kind: 'ambiguous'; readonly fits: readonly Candidate[] }
  /** No message type fits; these other types do. */
  | { readonly kind: 'not-a-message'; readonly fits: readonly Candidate[] }
  | { readonly kind: 'none' };

/**
 * Chooses the message type among {@link detectTypes}' candidates: only message types
 * ({@link isMessageType}) count; a complete decode without unknown components beats one with
 * them; types with a tag of their own beat CHOICE wrappers of them; equal fits under different
 * names are ambiguous rather than chosen silently (the same name in two modules — SGP.32
 * redefining an SGP.22 type — is one reading, SGP32Definitions first).
 */
export function chooseMessage(candidates: readonly Candidate[], registry: Registry): MessageChoice {
  const fits = candidates.filter((c) => c.fits);
  const messages = fits.filter((c) => isMessageType(c.type, registry));
  if (messages.length === 0) return fits.length ? { kind: 'not-a-message', fits } : { kind: 'none' };
  const best = messages[0];
  const shortName = (t: string) => (t === UPP_TYPE ? t : splitQualified(t).name);
  const rivals = messages.filter((c) => c !== best && c.unknown === best.unknown && kindRank(c.type, registry) === kindRank(best.type, registry) && shortName(c.type) !== shortName(best.type));
  return rivals.length ? { kind: 'ambiguous', fits: [best, ...rivals] } : { kind: 'message', best };
}

/**
 * The bytes of a type sent under an implicit context tag (`PendingNotificationList` travels
 * as `[0] IMPLICIT`, tag A0), with the type's own tag put back: what `decode --tag` reads.
 * Both tags must be one octet of the same form (constructed or primitive), so offsets stay.
 *
 * @throws RangeError when the type has no single tag of its own, the forms differ, or the
 *   bytes do not start with `tag`.
 */
export function untagImplicit(bytes: Uint8Array, type: string, tag: number, registry: Registry): Uint8Array {
  const t = type === UPP_TYPE ? undefined : schemaType(type, registry);
  let own = t?.[0][0];
  if (own === undefined && t !== undefined) {
    const tags = firstTags(t);
    if (tags !== null && tags.length === 1) own = tags[0];
  }
  if (own === undefined || own > 0xff || tag > 0xff) throw new RangeError(`--tag: ${type} has no one-octet tag of its own to replace`);
  if ((own & 0x20) !== (tag & 0x20)) throw new RangeError(`--tag: ${tagHex(tag)} and ${type}'s tag ${tagHex(own)} differ in form (constructed/primitive)`);
  if (bytes[0] !== tag) throw new RangeError(`--tag: the dump starts with tag ${tagHex(bytes[0] ?? 0)}, not ${tagHex(tag)}`);
  const out = bytes.slice();
  out[0] = own;
  return out;
}

/** A short description of a candidate for messages: `SGP32Definitions.EsipaMessageFromEimToIpa (getEimPackageResponse)`. */
export function describeCandidate(c: Candidate): string {
  return c.via ? `${c.type} (${c.via})` : c.type;
}

/** The outer tag of `bytes` in hex, or undefined when no header can be read. */
export function outerTag(bytes: Uint8Array): string | undefined {
  const h = tryReadHeader(bytes, 0, { mode: 'lenient' });
  return h === undefined ? undefined : tagHex(h.tag);
}

/**
 * The type of an encapsulated encoding (the content of an OCTET STRING) for the tree view:
 * the best strict fit with no unknown extensions, and for a bare SEQUENCE only a certificate
 * or CRL (plain SEQUENCEs fit too many types to name them). Pass it as
 * `buildTree(bytes, type, { detectNested: (b) => nestedTypeOf(b, registry), registry })`.
 *
 * @returns `Module.Name`, or undefined when nothing fits well enough (never throws on bad bytes).
 */
export function nestedTypeOf(bytes: Uint8Array, registry: Registry): string | undefined {
  try {
    const best = detectTypes(bytes, { registry }).find((c) => c.fits && c.unknown === 0);
    if (!best) return undefined;
    if (bytes[0] === 0x30 && !/\.(Certificate|CertificateList)$/.test(best.type)) return undefined;
    return best.type;
  } catch (err) {
    if (err instanceof Asn1DecodeError) return undefined;
    throw err;
  }
}
