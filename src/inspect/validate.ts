/**
 * The verdict on one message dump, as `sgp32 validate` gives it for each file: the dump is
 * read (DER, hex, base64 or PEM), decoded as its type (given, or detected from the outer tag)
 * in strict DER — or leniently, each BER deviation then being a diagnostic — with every
 * constraint checked, and re-encoded: the DER encoding must reproduce the bytes.
 *
 * Pure: the CLI reads files and hands the bytes over.
 *
 * @module
 */
import { Asn1DecodeError, Asn1EncodeError, type Diagnostic } from '../der/errors.js';
import { hdr, newReader, tagHex } from '../der/reader.js';
import { InputFormatError, isKeyLabel, pemLabelType, readInputs, type DecodedInput, type InputForm } from './input.js';
import { chooseMessage, codecFor, describeCandidate, detectTypes, unknownComponents, type Candidate, type UnknownComponent } from './detect.js';
import type { Registry } from '../der/registry.js';
import { schemaType, splitQualified, type InRegistry } from './schema.js';
import { UPP_TYPE, uppCodecOf, uppOf } from './upp.js';
import { buildTree } from './tree.js';

/** Why a dump is invalid. `code` is an Asn1DecodeError code or one of the codes listed here. */
export interface VerdictError {
  /**
   * A decode error code (`unexpected-tag`, `truncated`, `constraint`, …), or `bad-input-form`
   * (not DER/hex/base64/PEM), `no-type` (no type starts with the outer tag), `reencode-mismatch`
   * (decodes, but DER re-encoding gives other bytes), `encode-error` (the value does not
   * re-encode), `not-a-message` (a key, or bytes that fit only types that are not messages:
   * give `type`), `unknown-components`
   * (decodes only with components or alternatives this version does not know; `allowUnknown`
   * accepts them).
   */
  readonly code: string;
  readonly offset?: number;
  readonly path?: string;
  /** What is wrong, without the code, offset and path (those are the fields above). */
  readonly message: string;
}

/** The outcome for one dump. */
export interface Verdict {
  readonly valid: boolean;
  /** `Module.Name` (or `UPP`) the dump was checked as; absent when none could be chosen. */
  readonly type?: string;
  /** True when the type was found from the bytes rather than given. */
  readonly detected: boolean;
  /** The form the dump was stored in. */
  readonly form?: InputForm;
  /** Size of the encoding in bytes (after hex/base64/PEM decoding). */
  readonly bytes: number;
  readonly error?: VerdictError;
  /** BER deviations (lenient mode), each with its offset. */
  readonly diagnostics: readonly Diagnostic[];
  /** Every unknown component or alternative of the value (listed whether accepted or not). */
  readonly unknown: readonly UnknownComponent[];
  /** The PEM label, for a PEM block. */
  readonly label?: string;
  /**
   * When several message types fit equally well (a command and its response share a tag):
   * all of them, `type` being the first. Give the type to settle it.
   */
  readonly ambiguous?: readonly string[];
  /** For a PEM file with several blocks: one verdict per block (valid only when all are). */
  readonly blocks?: readonly Verdict[];
}

/** Options of {@link validateDump}. */
export interface ValidateOptions {
  /** `Module.Name` or `UPP`; default: detected from the outer tag. */
  readonly type?: string;
  /** Accept BER, reporting each deviation as a diagnostic (default false). */
  readonly lenient?: boolean;
  /** The form of the dump (default `auto`). */
  readonly form?: InputForm | 'auto';
  /** Accept values with unknown components or alternatives (they are listed either way). */
  readonly allowUnknown?: boolean;
  /** The types a dump may be and `type` names (`sgp32/inspect`'s `validateDump` defaults it to the five generated modules). */
  readonly registry?: Registry;
}


function errorOf(err: Asn1DecodeError): VerdictError {
  return { code: err.code, offset: err.offset, path: err.path, message: err.detail };
}

/**
 * How well `type` explains `bytes`: values its schema names (tree nodes with an ASN.1 name and
 * no error), less twice the nodes it cannot place (unknown extensions, unexpected tags).
 */
function fitScore(bytes: Uint8Array, type: string, registry: Registry): number {
  let n = 0;
  for (const node of buildTree(bytes, type, { expandEncapsulated: false, registry })) {
    if (node.note === 'after the value') continue;
    if (node.error || node.name.includes('$unknown')) n -= 2;
    else if (node.name !== '') n++;
  }
  return n;
}

/**
 * Of candidates that all fail, the likeliest type: the one whose schema explains the encoding
 * best (an extensible CHOICE that swallows anything as an unknown alternative explains little),
 * then one that decoded a complete value followed by other bytes, then the one whose decoding
 * got furthest.
 */
export function likeliestFailure(candidates: readonly Candidate[], bytes: Uint8Array, registry: Registry): Candidate | undefined {
  let best: Candidate | undefined;
  let bestScore = -1;
  for (const c of candidates) {
    if (c.fits || !c.error) continue;
    const score = fitScore(bytes, c.type, registry);
    // At equal scores: a type whose only problem is bytes after a complete value, then the furthest error.
    const tie = score === bestScore && best !== undefined;
    const trailingFirst = tie && (c.error.code === 'trailing-data') !== (best!.error!.code === 'trailing-data');
    if (!best || score > bestScore || (trailingFirst ? c.error.code === 'trailing-data' : tie && c.error.offset > best!.error!.offset)) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

/** The first offset where `a` and `b` differ, or -1 when equal. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/**
 * Decodes and re-encodes a UPP one profile element at a time, so that memory stays bounded by
 * its largest element: the first offset where the DER re-encoding differs, or -1.
 * @throws Asn1DecodeError / Asn1EncodeError naming the element (`UPP[3]…`).
 */
function uppDifference(bytes: Uint8Array, lenient: boolean, diagnostics: Diagnostic[], registry: Registry): number {
  const upp = uppCodecOf(registry);
  for (const pe of upp.elements(bytes, { strict: !lenient, diagnostics })) {
    const d = firstDifference(upp.encodeElement(pe.value, pe.index), bytes.subarray(pe.start, pe.end));
    if (d >= 0) return pe.start + d;
  }
  return -1;
}

/**
 * Validates one dump: valid only when it decodes completely, in strict DER (or leniently, each
 * deviation a diagnostic), as a message type ({@link isMessageType}; or the `type` given),
 * with no unknown component unless `allowUnknown`, and re-encodes to its bytes. Equal fits
 * under different names are listed in `ambiguous`. PEM labels
 * are hints (CERTIFICATE, X509 CRL); a key is never a message. A PEM file with several blocks
 * gets one verdict per block in `blocks`.
 *
 * @throws RangeError when `options.type` is not a known type.
 * @example validateDump(fileBytes, { registry }).valid
 */
export function validateDump(data: Uint8Array, options: ValidateOptions & InRegistry): Verdict {
  if (options.type !== undefined && (options.type === UPP_TYPE ? !uppOf(options.registry) : !schemaType(options.type, options.registry))) {
    throw new RangeError(`type: unknown type ${options.type}`);
  }
  let inputs: DecodedInput[];
  try {
    inputs = readInputs(data, options.form ?? 'auto');
  } catch (err) {
    if (!(err instanceof InputFormatError)) throw err;
    return { valid: false, detected: false, bytes: data.length, error: { code: err.code, message: err.detail }, diagnostics: [], unknown: [] };
  }
  if (inputs.length === 1) return validateInput(inputs[0], options);
  const blocks = inputs.map((input) => validateInput(input, options));
  const firstBad = blocks.findIndex((b) => !b.valid);
  return {
    valid: firstBad < 0,
    detected: blocks.some((b) => b.detected),
    form: 'pem',
    bytes: blocks.reduce((n, b) => n + b.bytes, 0),
    ...(firstBad >= 0 ? { error: { ...blocks[firstBad].error!, message: `PEM block ${firstBad + 1} of ${blocks.length} (${blocks[firstBad].label}): ${blocks[firstBad].error!.message}` } } : {}),
    diagnostics: blocks.flatMap((b) => b.diagnostics),
    unknown: blocks.flatMap((b) => b.unknown),
    blocks,
  };
}

function validateInput(input: DecodedInput, options: ValidateOptions & InRegistry): Verdict {
  const lenient = options.lenient ?? false;
  const registry = options.registry;
  const { bytes, form } = input;
  const base = { form, bytes: bytes.length, unknown: [] as UnknownComponent[], ...(input.label !== undefined ? { label: input.label } : {}) };
  const label = input.label;
  if (label !== undefined && options.type === undefined && isKeyLabel(label)) {
    return { ...base, valid: false, detected: true, error: { code: 'not-a-message', offset: 0, message: `a key (PEM label ${label}), not a message` }, diagnostics: [] };
  }
  let type = options.type ?? pemLabelType(label);
  const detected = options.type === undefined;
  let ambiguous: string[] | undefined;
  let value: unknown;
  let diagnostics: Diagnostic[] = [];
  if (type === undefined) {
    let candidates: Candidate[];
    try {
      candidates = detectTypes(bytes, { lenient, registry });
    } catch (err) {
      if (!(err instanceof Asn1DecodeError)) throw err;
      return { ...base, valid: false, detected: true, error: errorOf(err), diagnostics: [] };
    }
    if (candidates.length === 0) {
      const r = newReader(bytes, { strict: false });
      hdr(r, 0, bytes.length);
      return { ...base, valid: false, detected: true, error: { code: 'no-type', offset: 0, message: `no type of the modules starts with tag ${tagHex(r.t)}` }, diagnostics: [] };
    }
    const choice = chooseMessage(candidates, registry);
    const names = (cs: readonly Candidate[]) => `${cs.slice(0, 4).map(describeCandidate).join(', ')}${cs.length > 4 ? `, … (${cs.length} in all)` : ''}`;
    if (choice.kind === 'none') {
      const likely = likeliestFailure(candidates, bytes, registry)!;
      return { ...base, valid: false, detected: true, type: likely.type, error: errorOf(likely.error!), diagnostics: [...likely.diagnostics] };
    }
    if (choice.kind === 'not-a-message') {
      return {
        ...base,
        valid: false,
        detected: true,
        error: { code: 'not-a-message', offset: 0, message: `no message type fits; it decodes only as ${names(choice.fits)}, which a dump cannot be named from its bytes alone (give the type)` },
        diagnostics: [],
      };
    }
    // Equal fits (SGP.22 gives a command and its response the same tag): the encoding is
    // valid either way; the verdict names every reading instead of choosing one silently.
    const best = choice.kind === 'ambiguous' ? choice.fits[0] : choice.best;
    if (choice.kind === 'ambiguous') ambiguous = choice.fits.map((c) => c.type);
    type = best.type;
    value = best.value;
    diagnostics = [...best.diagnostics];
  } else if (type !== UPP_TYPE) {
    try {
      value = codecFor(type, registry).decode(bytes, { strict: !lenient, diagnostics });
    } catch (err) {
      if (!(err instanceof Asn1DecodeError)) throw err;
      return { ...base, valid: false, detected: false, type, error: errorOf(err), diagnostics };
    }
  }
  const unknown = unknownComponents(value, type === UPP_TYPE ? UPP_TYPE : splitQualified(type).name);
  const withUnknown = { ...base, unknown, ...(ambiguous ? { ambiguous } : {}) };
  if (unknown.length > 0 && !(options.allowUnknown ?? false)) {
    const list = unknown.slice(0, 3).map((u) => `${u.path} (tag ${u.tag})`).join(', ');
    return {
      ...withUnknown,
      valid: false,
      detected,
      type,
      error: { code: 'unknown-components', path: unknown[0].path, message: `${unknown.length} component${unknown.length === 1 ? '' : 's'} this version does not know: ${list}${unknown.length > 3 ? ', …' : ''} (allowUnknown / --allow-unknown accepts them)` },
      diagnostics,
    };
  }
  let diff: number;
  try {
    if (type === UPP_TYPE) {
      // Detection has decoded the profile already (and let it go); a given type is decoded here.
      diff = uppDifference(bytes, lenient, detected ? [] : diagnostics, registry);
    } else {
      diff = firstDifference(codecFor(type, registry).encode(value as never), bytes);
    }
  } catch (err) {
    if (err instanceof Asn1DecodeError) return { ...base, valid: false, detected, type, error: errorOf(err), diagnostics };
    if (!(err instanceof Asn1EncodeError)) throw err;
    return { ...withUnknown, valid: false, detected, type, error: { code: 'encode-error', path: err.path, message: err.detail }, diagnostics };
  }
  if (diff >= 0) {
    if (lenient && diagnostics.length > 0) {
      // Expected: the BER forms reported above do not survive a DER re-encoding.
      return { ...withUnknown, valid: true, detected, type, diagnostics };
    }
    return {
      ...withUnknown,
      valid: false,
      detected,
      type,
      error: { code: 'reencode-mismatch', offset: diff, message: `the DER re-encoding differs from the input at offset ${diff}` },
      diagnostics,
    };
  }
  return { ...withUnknown, valid: true, detected, type, diagnostics };
}

/** `SGP32Definitions.EuiccPackageRequest` → `EuiccPackageRequest` (and `UPP` as is). */
export function shortTypeName(type: string): string {
  return type === UPP_TYPE ? type : splitQualified(type).name;
}
