/**
 * Inspection of encodings without Node APIs, shared by the `sgp32` CLI and the browser page:
 * reading dumps in any form, finding their type, the annotated tree view, and per-dump
 * validation verdicts.
 *
 * @module sgp32/inspect
 */
export { readInput, parseHex, parseBase64, parsePem, bytesToHex, bytesToBase64, bytesToPem, startsWithTlv, InputFormatError, INPUT_FORMS } from './input.js';
export type { InputForm, DecodedInput } from './input.js';
export {
  resolveTypeName, resolveModuleName, similarTypeNames, schemaType, schemaTypeNames, schemaModules, splitQualified, codecOf, firstTags, finalBase,
  typeLabel, moduleNamespaces, defaultRegistry,
} from './schema.js';
export { createRegistry } from '../der/registry.js';
export { compileRegistry } from './compiled.js';
export type { CompileRegistryOptions } from './compiled.js';
export type { Registry, ModuleEntry } from '../der/registry.js';
export type { SchemaType } from './schema.js';
export { detectTypes, describeCandidate, codecFor, typesForTag, outerTag, nestedTypeOf, isMessageType, chooseMessage } from './detect.js';
export type { Candidate, DetectOptions } from './detect.js';
export { buildTree, walkTree, formatTree, treeLine, treeHeader, offsetWidth, iccidDigits, bcdDigits, oidName, tagNotation } from './tree.js';
export type { TreeNode, TreeOptions, FormatTreeOptions } from './tree.js';
export { validateDump, likeliestFailure, shortTypeName } from './validate.js';
export type { Verdict, VerdictError, ValidateOptions } from './validate.js';
export { Upp, UPP_TYPE, splitTlvs, uppElements, encodeUppElement } from './upp.js';
export type { UppElement } from './upp.js';
export { renderJer, renderTreeText, renderTreeJson, treeJsonFields, stringSink } from './render.js';
export type { TextSink, RenderJerOptions, RenderTreeOptions, RenderTreeJsonOptions, TreeJsonNode } from './render.js';
export { scanCapture, captureFormat, CaptureFormatError } from './capture.js';
export type { CapturedPayload, CaptureScan, CaptureErrorCode } from './capture.js';
