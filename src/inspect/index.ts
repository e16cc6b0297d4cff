/**
 * Inspection of encodings without Node APIs, shared by the `sgp32` CLI and the browser page:
 * reading dumps in any form, finding their type, the annotated tree view, and per-dump
 * validation verdicts.
 *
 * The functions that look types up take a registry and default to every generated module
 * ({@link defaultRegistry}); using one of them brings all five modules' codecs into a bundle.
 * {@link createInspector} binds the same functions to a registry of one's own, and a bundle
 * that uses only it carries only the modules registered:
 *
 * ```ts
 * import { Sgp32 } from 'sgp32';
 * import { createInspector, createRegistry } from 'sgp32/inspect';
 * const inspector = createInspector(createRegistry(Sgp32.$module));
 * inspector.detectTypes(bytes)[0]?.type; // 'SGP32Definitions.EuiccPackageRequest'
 * ```
 *
 * @module sgp32/inspect
 */
export { readInput, parseHex, parseBase64, parsePem, bytesToHex, bytesToBase64, bytesToPem, startsWithTlv, InputFormatError, INPUT_FORMS } from './input.js';
export type { InputForm, DecodedInput } from './input.js';
export { parseApduTrace, ApduTraceError, stripStatusWord } from './apdu.js';
export type { StatusWord } from './apdu.js';
export {
  resolveTypeName, resolveModuleName, similarTypeNames, schemaType, schemaTypeNames, schemaModules, codecOf, moduleNamespaces, defaultRegistry,
  codecFor, typesForTag, nestedTypeOf, isMessageType, chooseMessage, detectTypes, buildTree, walkTree, oidName, validateDump, likeliestFailure,
  renderJer, renderTreeText, renderTreeJson, compileRegistry,
} from './defaults.js';
export { createInspector } from './inspector.js';
export type { Inspector, WithoutRegistry } from './inspector.js';
export { splitQualified, firstTags, finalBase, typeLabel } from './schema.js';
export { createRegistry } from '../der/registry.js';
export type { CompileRegistryOptions } from './compiled.js';
export type { Registry, ModuleEntry } from '../der/registry.js';
export type { SchemaType } from './schema.js';
export { describeCandidate, outerTag } from './detect.js';
export type { Candidate, DetectOptions, MessageChoice } from './detect.js';
export { formatTree, treeLine, treeHeader, offsetWidth, iccidDigits, bcdDigits, tagNotation } from './tree.js';
export type { TreeNode, TreeOptions, FormatTreeOptions } from './tree.js';
export { shortTypeName } from './validate.js';
export type { Verdict, VerdictError, ValidateOptions } from './validate.js';
export { Upp, uppElements, encodeUppElement } from './defaults.js';
export { UPP_TYPE, splitTlvs, uppCodec } from './upp.js';
export type { UppElement, UppCodec } from './upp.js';
export { treeJsonFields, stringSink } from './render.js';
export type { TextSink, RenderJerOptions, RenderTreeOptions, RenderTreeJsonOptions, TreeJsonNode } from './render.js';
export { scanCapture, captureFormat, CaptureFormatError } from './capture.js';
export type { CapturedPayload, CaptureScan, CaptureErrorCode } from './capture.js';
