/**
 * The functions of `sgp32/inspect` that look types up, with the registry optional: given none,
 * they work with {@link defaultRegistry}, every generated module. This file is the only place in
 * src/inspect that imports the generated modules' registry, so that the rest stays free of it:
 * a bundle that uses these functions carries every generated codec, one that uses
 * `createInspector(createRegistry(...))` only the modules it registers.
 *
 * @module
 */
import type { Codec } from '../der/codec.js';
import type { Registry } from '../der/registry.js';
import { ProfileElement } from '../generated/PEDefinitions.js';
import { defaultRegistry } from '../generated/registry.js';
import { compileRegistry as compileInto, type CompileRegistryOptions } from './compiled.js';
import type { CompileInput } from '../compiler/index.js';
import * as detect from './detect.js';
import * as render from './render.js';
import * as schema from './schema.js';
import * as tree from './tree.js';
import { uppCodec, type UppCodec, type UppElement } from './upp.js';
import * as validate from './validate.js';
import type { DecodeOptions } from '../der/reader.js';

export { defaultRegistry };

/**
 * `Module.Name` for what a user typed: `Module.Type`, `Namespace.Type` (`Sgp32.EUICCInfo2`) or a
 * bare `Type`, hyphens or underscores alike; a bare name resolves in the registry's module order.
 * @returns undefined when no type has that name.
 * @example resolveTypeName('EuiccPackageRequest') // 'SGP32Definitions.EuiccPackageRequest'
 */
export function resolveTypeName(input: string, registry: Registry = defaultRegistry): string | undefined {
  return schema.resolveTypeName(input, registry);
}

/**
 * The module name for a module name or namespace alias (`Sgp32`), case-insensitive.
 * @returns undefined when the registry has no such module.
 * @example resolveModuleName('saip') // 'PEDefinitions'
 */
export function resolveModuleName(input: string, registry: Registry = defaultRegistry): string | undefined {
  return schema.resolveModuleName(input, registry);
}

/**
 * Type names close to `input` (same name in another case, containing it, or at most two edits
 * away), at most `limit`, for "did you mean".
 * @example similarTypeNames('euiccpackagerequest') // ['SGP32Definitions.EuiccPackageRequest']
 */
export function similarTypeNames(input: string, limit = 5, registry: Registry = defaultRegistry): string[] {
  return schema.similarTypeNames(input, limit, registry);
}

/**
 * The schema view of a type given as `Module.Name`, or undefined.
 * @example schemaType('SGP32Definitions.EuiccPackageRequest')?.[0] // [0xbf51]
 */
export function schemaType(qualified: string, registry: Registry = defaultRegistry): schema.SchemaType | undefined {
  return schema.schemaType(qualified, registry);
}

/**
 * Every type as `Module.Name`, module by module, in source order.
 * @example schemaTypeNames().length
 */
export function schemaTypeNames(registry: Registry = defaultRegistry): readonly string[] {
  return schema.schemaTypeNames(registry);
}

/**
 * The modules of the registry, in the order bare names resolve in.
 * @example schemaModules()[0] // 'SGP32Definitions'
 */
export function schemaModules(registry: Registry = defaultRegistry): readonly string[] {
  return schema.schemaModules(registry);
}

/**
 * The namespace each module is exported under, where it has one.
 * @example moduleNamespaces().SGP32Definitions // 'Sgp32'
 */
export function moduleNamespaces(registry: Registry = defaultRegistry): Readonly<Record<string, string>> {
  return schema.moduleNamespaces(registry);
}

/**
 * The codec of a `Module.Name`.
 * @throws RangeError when the registry has none.
 * @example codecOf('SGP32Definitions.EuiccPackageRequest').decode(bytes)
 */
export function codecOf(qualified: string, registry: Registry = defaultRegistry): Codec<unknown> {
  return schema.codecOf(qualified, registry);
}

/**
 * The codec of a `Module.Name` or of `UPP`.
 * @throws RangeError when the registry has none.
 * @example codecFor('UPP').decode(bytes)
 */
export function codecFor(type: string, registry: Registry = defaultRegistry): Codec<unknown> {
  return detect.codecFor(type, registry);
}

/**
 * Types whose encoding can start with `tag` (packed identifier octets), in registry order.
 * @example typesForTag(0xbf51) // ['SGP32Definitions.EuiccPackageRequest', …]
 */
export function typesForTag(tag: number, registry: Registry = defaultRegistry): readonly string[] {
  return detect.typesForTag(tag, registry);
}

/**
 * Candidate types for `bytes`, best first (see the detection rules in src/inspect/detect.ts);
 * `options.registry` defaults to every generated module.
 * @throws Asn1DecodeError when not even the first TLV header can be read.
 * @example detectTypes(bytes)[0] // { type: 'SGP32Definitions.EuiccPackageRequest', fits: true, … }
 */
export function detectTypes(bytes: Uint8Array, options: detect.DetectOptions = {}): detect.Candidate[] {
  return detect.detectTypes(bytes, { ...options, registry: options.registry ?? defaultRegistry });
}

/**
 * True for the types a dump can be on its own (a message with a tag of its own, a certificate
 * or CRL, a UPP).
 * @example isMessageType('SGP32Definitions.EuiccPackageRequest') // true
 */
export function isMessageType(type: string, registry: Registry = defaultRegistry): boolean {
  return detect.isMessageType(type, registry);
}

/**
 * The message type among {@link detectTypes}' candidates, or why there is none.
 * @example chooseMessage(detectTypes(bytes)).kind // 'message'
 */
export function chooseMessage(candidates: readonly detect.Candidate[], registry: Registry = defaultRegistry): detect.MessageChoice {
  return detect.chooseMessage(candidates, registry);
}

/**
 * The type of an encapsulated encoding for the tree view, or undefined (never throws on bad bytes).
 * @example buildTree(bytes, type, { detectNested: (b) => nestedTypeOf(b) })
 */
export function nestedTypeOf(bytes: Uint8Array, registry: Registry = defaultRegistry): string | undefined {
  return detect.nestedTypeOf(bytes, registry);
}

/**
 * The name of an OBJECT IDENTIFIER, from the registry's modules or a short list of GSMA algorithm OIDs.
 * @example oidName('1.2.840.10045.4.3.2') // 'ecdsa-with-SHA256'
 */
export function oidName(oid: string, registry: Registry = defaultRegistry): string | undefined {
  return tree.oidName(oid, registry);
}

/**
 * The annotated tree of `bytes` read as `type` (`Module.Name`, `UPP`, or null for a plain TLV
 * walk); `options.registry` defaults to every generated module. Never throws on bad bytes.
 * @throws TypeError/RangeError for a bad argument (unknown type name).
 * @example buildTree(bytes, 'SGP32Definitions.EuiccPackageRequest')[0].name // 'EuiccPackageRequest'
 */
export function buildTree(bytes: Uint8Array, type: string | null, options: tree.TreeOptions = {}): tree.TreeNode[] {
  return tree.buildTree(bytes, type, { ...options, registry: options.registry ?? defaultRegistry });
}

/**
 * The nodes of {@link buildTree} handed to `onNode` one at a time, memory bounded by the depth.
 * @throws TypeError/RangeError for a bad argument (unknown type name); never for bad bytes.
 * @example walkTree(bytes, 'UPP', (n) => out.write(treeLine(n, 8) + '\n'))
 */
export function walkTree(bytes: Uint8Array, type: string | null, onNode: (node: tree.TreeNode) => void, options: tree.TreeOptions = {}): void {
  tree.walkTree(bytes, type, onNode, { ...options, registry: options.registry ?? defaultRegistry });
}

/**
 * The verdict on one dump (see src/inspect/validate.ts); `options.registry` defaults to every generated module.
 * @throws RangeError when `options.type` is not a known type.
 * @example validateDump(fileBytes).valid
 */
export function validateDump(data: Uint8Array, options: validate.ValidateOptions = {}): validate.Verdict {
  return validate.validateDump(data, { ...options, registry: options.registry ?? defaultRegistry });
}

/**
 * Of candidates that all fail, the likeliest type.
 * @example likeliestFailure(detectTypes(bytes), bytes)?.error?.message
 */
export function likeliestFailure(candidates: readonly detect.Candidate[], bytes: Uint8Array, registry: Registry = defaultRegistry): detect.Candidate | undefined {
  return validate.likeliestFailure(candidates, bytes, registry);
}

/**
 * Writes the X.697 JSON of `bytes` decoded as `type` to `sink`, followed by a newline.
 * @throws Asn1DecodeError when a UPP element does not decode; RangeError for an unknown type.
 * @example renderJer(bytes, 'UPP', undefined, sink)
 */
export function renderJer(bytes: Uint8Array, type: string, value: unknown, sink: render.TextSink, options: render.RenderJerOptions = {}): void {
  render.renderJer(bytes, type, value, sink, { ...options, registry: options.registry ?? defaultRegistry });
}

/**
 * Writes the tree of `bytes` as text to `sink`.
 * @returns how many nodes carry an error (0 when the bytes fit the type).
 * @example renderTreeText(bytes, type, stringSink())
 */
export function renderTreeText(bytes: Uint8Array, type: string | null, sink: render.TextSink, options: render.RenderTreeOptions = {}): number {
  return render.renderTreeText(bytes, type, sink, { ...options, registry: options.registry ?? defaultRegistry });
}

/**
 * Writes the tree of `bytes` as JSON to `sink`.
 * @returns how many nodes carry an error.
 * @example renderTreeJson(bytes, type, stringSink())
 */
export function renderTreeJson(bytes: Uint8Array, type: string | null, sink: render.TextSink, options: render.RenderTreeJsonOptions = {}): number {
  return render.renderTreeJson(bytes, type, sink, { ...options, registry: options.registry ?? defaultRegistry });
}

/**
 * Compiles ASN.1 modules at run time into a registry that joins `options.base` (default: every
 * generated module).
 * @throws Asn1SyntaxError for any problem in a module; RangeError when an input defines a module the base has.
 * @example detectTypes(bytes, { registry: compileRegistry([{ file: 'Vendor.asn', text }], { builtins }) })
 */
export function compileRegistry(inputs: readonly CompileInput[], options: CompileRegistryOptions = {}): Registry {
  return compileInto(inputs, { ...options, base: options.base ?? defaultRegistry });
}

/** The UPP codec of the generated PEDefinitions. */
export const Upp: UppCodec = /*@__PURE__*/ uppCodec(ProfileElement);

/**
 * `UppCodec.elements` of the generated PEDefinitions: a UPP decoded one profile element at a time.
 * @example for (const pe of uppElements(bytes)) console.log(pe.index, pe.value.$case)
 */
export function uppElements(bytes: Uint8Array, options?: DecodeOptions, from?: number, to?: number): Generator<UppElement, void, undefined> {
  return Upp.elements(bytes, options, from, to);
}

/**
 * `UppCodec.encodeElement` of the generated PEDefinitions: the DER of profile element number `index` of a UPP.
 * @throws Asn1EncodeError naming the element (`UPP[3].genericFileManagement…`).
 */
export function encodeUppElement(value: ProfileElement, index: number): Uint8Array {
  return Upp.encodeElement(value, index);
}
