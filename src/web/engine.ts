/**
 * What the decoder page asks of the library: read pasted or dropped input, find its type,
 * decode it (the error, when there is one, with its offset and path) and build the annotated
 * tree. Thin on purpose: reading the input forms, type detection and the tree view are the
 * shared logic of src/inspect, the same the `sgp32` CLI uses. Every function takes the registry
 * of types the page works with, by default the page's own (src/web/registry.ts); nothing else
 * here names a generated module, so the page carries the codecs of what it registers.
 *
 * @module
 */
import { Asn1DecodeError, type Diagnostic } from '../der/errors.js';
import type { JsonValue } from '../der/codec.js';
import type { Registry } from '../der/registry.js';
import { codecFor, describeCandidate, detectTypes, nestedTypeOf, typeOfOuterTag } from '../inspect/detect.js';
import { readInput } from '../inspect/input.js';
import { buildTree, type TreeNode } from '../inspect/tree.js';
import { UPP_TYPE, uppCodecOf, uppOf } from '../inspect/upp.js';
import { likeliestFailure } from '../inspect/validate.js';
import { pageRegistry } from './registry.js';

export type { TreeNode } from '../inspect/tree.js';

/** The error of decoding the input as its type. */
export interface PageError {
  readonly code: string;
  readonly offset?: number;
  readonly path?: string;
  /** What is wrong, without the path and code. */
  readonly detail: string;
  readonly message: string;
}

/** Everything the page shows for one input. */
export interface PageResult {
  readonly bytes: Uint8Array;
  /** The form the input was in: der, hex, base64, pem. */
  readonly form: string;
  /** The type decoded as (`Module.Name` or `UPP`), or null when no type starts with the outer tag. */
  readonly type: string | null;
  /** The CHOICE alternatives the value took (`getEimPackageResponse.euiccPackageRequest`). */
  readonly via?: string;
  /** True when the type was detected rather than chosen. */
  readonly detected: boolean;
  /** Other types that fit the bytes as well, best first (detection only). */
  readonly alternatives: readonly string[];
  readonly nodes: readonly TreeNode[];
  /** BER deviations accepted in lenient mode, with their offsets. */
  readonly diagnostics: readonly Diagnostic[];
  /** The decoded value in its X.697 JSON form (JER), when it decodes. */
  readonly jer?: JsonValue;
  readonly error?: PageError;
}

/** Every type the page can decode as: `Module.Name` in registry order, then `UPP` when the registry has PEDefinitions. */
export function typeNames(registry: Registry = pageRegistry): string[] {
  return [...registry.typeNames(), ...(uppOf(registry) ? [UPP_TYPE] : [])];
}

function pageError(err: Asn1DecodeError): PageError {
  return { code: err.code, offset: err.offset, path: err.path, detail: err.detail, message: err.message };
}

/** What {@link analyse} finds out about one input: everything of a {@link PageResult} but the tree and the JER. */
export type PageVerdict = Omit<PageResult, 'nodes' | 'jer'>;

/**
 * Reads, detects and decodes one input, without building its tree: the first step of the
 * page's worker, which then walks the tree and sends it in batches. A UPP is decoded one
 * element at a time and let go.
 *
 * @param data the pasted text (UTF-8) or the dropped file's bytes.
 * @param form `auto`, `der`, `hex`, `base64` or `pem`.
 * @param type `auto` or a name from {@link typeNames}.
 * @param lenient accept BER, reporting each deviation (default strict DER).
 * @throws InputFormatError when the input is not in the form asked for (or in none);
 *   RangeError for an unknown type.
 */
export function analyse(data: Uint8Array, form: string, type: string, lenient = false, registry: Registry = pageRegistry): PageVerdict & { readonly value?: unknown } {
  const input = readInput(data, form as 'auto');
  const bytes = input.bytes;
  const base = { bytes, form: input.form };
  if (type !== 'auto') {
    if (!(type === UPP_TYPE ? uppOf(registry) : registry.type(type))) throw new RangeError(`unknown type ${type}`);
    const diagnostics: Diagnostic[] = [];
    try {
      let value: unknown;
      if (type === UPP_TYPE) for (const pe of uppCodecOf(registry).elements(bytes, { strict: !lenient, diagnostics })) void pe;
      else value = codecFor(type, registry).decode(bytes, { strict: !lenient, diagnostics });
      return { ...base, type, detected: false, alternatives: [], diagnostics, value };
    } catch (err) {
      if (!(err instanceof Asn1DecodeError)) throw err;
      return { ...base, type, detected: false, alternatives: [], diagnostics, error: pageError(err) };
    }
  }
  let candidates;
  try {
    candidates = detectTypes(bytes, { lenient, registry });
  } catch (err) {
    if (!(err instanceof Asn1DecodeError)) throw err;
    // The outer TLV itself is cut short: its tag still names the likeliest type, whose tree
    // shows everything before the cut.
    return { ...base, type: typeOfOuterTag(bytes, registry), detected: true, alternatives: [], diagnostics: [], error: pageError(err) };
  }
  const best = candidates[0];
  if (!best) {
    const detail = 'no type of the modules starts with this outer tag';
    return { ...base, type: null, detected: true, alternatives: [], diagnostics: [], error: { code: 'no-type', offset: 0, detail, message: `${detail} (no-type)` } };
  }
  if (!best.fits) {
    const likely = likeliestFailure(candidates, bytes, registry) ?? best;
    return { ...base, type: likely.type, detected: true, alternatives: [], diagnostics: [...likely.diagnostics], ...(likely.error ? { error: pageError(likely.error) } : {}) };
  }
  const alternatives = candidates.filter((c) => c !== best && c.fits && c.unknown === best.unknown).map(describeCandidate);
  return { ...base, type: best.type, ...(best.via ? { via: best.via } : {}), detected: true, alternatives, diagnostics: [...best.diagnostics], value: best.value };
}

/** The JER of a decoded input: a UPP element by element, any other type from its value. */
export function jerOf(bytes: Uint8Array, type: string, value: unknown, registry: Registry = pageRegistry): JsonValue {
  if (type !== UPP_TYPE) return codecFor(type, registry).toJer(value as never);
  const upp = uppCodecOf(registry);
  return Array.from(upp.elements(bytes, { strict: false }), (pe) => upp.element.toJer(pe.value));
}

/**
 * Reads, detects, decodes and builds the tree of one input ({@link analyse}, then the whole
 * tree and the JER at once; the page itself streams them from its worker).
 *
 * @throws InputFormatError when the input is not in the form asked for (or in none);
 *   RangeError for an unknown type.
 */
export function decodeForPage(data: Uint8Array, form: string, type: string, lenient = false, registry: Registry = pageRegistry): PageResult {
  const { value, ...verdict } = analyse(data, form, type, lenient, registry);
  const nodes = buildTree(verdict.bytes, verdict.type, { detectNested: (b) => nestedTypeOf(b, registry), registry });
  if (verdict.error || verdict.type === null) return { ...verdict, nodes };
  return { ...verdict, nodes, jer: jerOf(verdict.bytes, verdict.type, value, registry) };
}

/** The best fitting type of a payload, for the capture list (`Module.Name (alternatives)`); empty when none fits. */
export function quickType(bytes: Uint8Array, registry: Registry = pageRegistry): string {
  try {
    const best = detectTypes(bytes, { registry }).find((c) => c.fits);
    return best ? describeCandidate(best) : '';
  } catch (err) {
    if (err instanceof Asn1DecodeError) return '';
    throw err;
  }
}
