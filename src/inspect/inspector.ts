/**
 * An inspector: the look-ups, detection, tree view, validation and renderers of `sgp32/inspect`
 * bound to one registry. A bundle that builds one over its own registry carries the codecs of
 * the modules registered there and no others (sgp32/inspect's plain functions, which default to
 * every generated module, bring all five).
 *
 * @example
 * ```ts
 * import { Sgp32 } from 'sgp32';
 * import { createInspector, createRegistry } from 'sgp32/inspect';
 * const inspector = createInspector(createRegistry(Sgp32.$module));
 * inspector.detectTypes(bytes)[0]?.type; // 'SGP32Definitions.EuiccPackageRequest'
 * inspector.buildTree(bytes, 'SGP32Definitions.EuiccPackageRequest');
 * ```
 * @module
 */
import type { Codec } from '../der/codec.js';
import type { Registry } from '../der/registry.js';
import { chooseMessage, codecFor, detectTypes, isMessageType, nestedTypeOf, type Candidate, type DetectOptions, type MessageChoice } from './detect.js';
import { renderJer, renderTreeJson, renderTreeText, type RenderJerOptions, type RenderTreeJsonOptions, type RenderTreeOptions, type TextSink } from './render.js';
import { resolveTypeName, schemaType, similarTypeNames, type SchemaType } from './schema.js';
import { buildTree, oidName, walkTree, type TreeNode, type TreeOptions } from './tree.js';
import { uppOf, type UppCodec } from './upp.js';
import { likeliestFailure, validateDump, type ValidateOptions, type Verdict } from './validate.js';

/** Options of an inspector's functions: those of the plain function, the registry being the inspector's. */
export type WithoutRegistry<T> = Omit<T, 'registry'>;

/**
 * The functions of `sgp32/inspect` over one registry; each behaves as the plain function of the
 * same name given that registry (see there for what it throws).
 */
export interface Inspector {
  /** The registry every function looks types up in. */
  readonly registry: Registry;
  /** The UPP codec over the registry's `PEDefinitions.ProfileElement`; undefined when it registers no PEDefinitions. */
  readonly upp: UppCodec | undefined;
  /** `Module.Name` for what a user typed (`EuiccPackageRequest`, `Sgp32.EUICCInfo2`), or undefined. */
  resolveTypeName(input: string): string | undefined;
  /** Type names close to `input`, for "did you mean" (at most `limit`, default 5). */
  similarTypeNames(input: string, limit?: number): string[];
  /** The schema view of `Module.Name`, or undefined. */
  schemaType(type: string): SchemaType | undefined;
  /** The codec of `Module.Name` or `UPP`. */
  codecFor(type: string): Codec<unknown>;
  /** Candidate types of an encoding, best first. */
  detectTypes(bytes: Uint8Array, options?: WithoutRegistry<DetectOptions>): Candidate[];
  /** The message type among candidates, or why there is none. */
  chooseMessage(candidates: readonly Candidate[]): MessageChoice;
  /** True for the types a dump can be on its own. */
  isMessageType(type: string): boolean;
  /** The type of an encapsulated encoding, for the tree view's `detectNested`. */
  nestedTypeOf(bytes: Uint8Array): string | undefined;
  /** Of candidates that all fail, the likeliest type. */
  likeliestFailure(candidates: readonly Candidate[], bytes: Uint8Array): Candidate | undefined;
  /** The annotated tree of `bytes` read as `type` (null: a plain TLV walk). */
  buildTree(bytes: Uint8Array, type: string | null, options?: WithoutRegistry<TreeOptions>): TreeNode[];
  /** The nodes of {@link Inspector.buildTree}, one at a time. */
  walkTree(bytes: Uint8Array, type: string | null, onNode: (node: TreeNode) => void, options?: WithoutRegistry<TreeOptions>): void;
  /** The verdict on one dump. */
  validateDump(data: Uint8Array, options?: WithoutRegistry<ValidateOptions>): Verdict;
  /** Writes the JER of `bytes` decoded as `type` to `sink`. */
  renderJer(bytes: Uint8Array, type: string, value: unknown, sink: TextSink, options?: WithoutRegistry<RenderJerOptions>): void;
  /** Writes the tree as text to `sink`; returns how many nodes carry an error. */
  renderTreeText(bytes: Uint8Array, type: string | null, sink: TextSink, options?: WithoutRegistry<RenderTreeOptions>): number;
  /** Writes the tree as JSON to `sink`; returns how many nodes carry an error. */
  renderTreeJson(bytes: Uint8Array, type: string | null, sink: TextSink, options?: WithoutRegistry<RenderTreeJsonOptions>): number;
  /** The name the registry's modules (or a short list of GSMA algorithm OIDs) give an OBJECT IDENTIFIER. */
  oidName(oid: string): string | undefined;
}

/**
 * The inspector of `registry`: every function of `sgp32/inspect` that looks types up, bound to it.
 * @throws TypeError when `registry` is not a registry (see `createRegistry`).
 * @example createInspector(createRegistry(Sgp32.$module)).detectTypes(bytes)[0]?.type
 */
export function createInspector(registry: Registry): Inspector {
  if (registry === null || typeof registry !== 'object' || typeof registry.type !== 'function' || !Array.isArray(registry.modules)) {
    throw new TypeError('registry: expected a registry (createRegistry(...modules))');
  }
  return {
    registry,
    upp: uppOf(registry),
    resolveTypeName: (input) => resolveTypeName(input, registry),
    similarTypeNames: (input, limit = 5) => similarTypeNames(input, limit, registry),
    schemaType: (type) => schemaType(type, registry),
    codecFor: (type) => codecFor(type, registry),
    detectTypes: (bytes, options = {}) => detectTypes(bytes, { ...options, registry }),
    chooseMessage: (candidates) => chooseMessage(candidates, registry),
    isMessageType: (type) => isMessageType(type, registry),
    nestedTypeOf: (bytes) => nestedTypeOf(bytes, registry),
    likeliestFailure: (candidates, bytes) => likeliestFailure(candidates, bytes, registry),
    buildTree: (bytes, type, options = {}) => buildTree(bytes, type, { ...options, registry }),
    walkTree: (bytes, type, onNode, options = {}) => walkTree(bytes, type, onNode, { ...options, registry }),
    validateDump: (data, options = {}) => validateDump(data, { ...options, registry }),
    renderJer: (bytes, type, value, sink, options = {}) => renderJer(bytes, type, value, sink, { ...options, registry }),
    renderTreeText: (bytes, type, sink, options = {}) => renderTreeText(bytes, type, sink, { ...options, registry }),
    renderTreeJson: (bytes, type, sink, options = {}) => renderTreeJson(bytes, type, sink, { ...options, registry }),
    oidName: (oid) => oidName(oid, registry),
  };
}
