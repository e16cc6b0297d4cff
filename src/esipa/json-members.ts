/**
 * The JSON function binding as data: each function's request and response bodies are described
 * by member tables (JSON member name, field of the ASN.1 value, how the value is written), and
 * this one interpreter reads and writes every body of ESipa (SGP.32 §6.1.2) and ES9+ (SGP.22
 * §6.5). The encodings follow ../shared/spec/bindings.md §2.2 and §4:
 * - an ASN.1 object member is standard base64 of its complete DER TLV, outer tag included, and is
 *   decoded with the codec of its type (errors carry the member path, the offset and ASN.1 path);
 * - transaction ids are hex (upper case out, either case in); the EID is 32 hex digits;
 * - `euiccChallenge` and `rPlmn` are base64 of the raw bytes;
 * - signatures and the CI key id are OCTET STRINGs whose JSON form carries (or not) their own
 *   TLV header: UNVERIFIED for ESipa, so the output form is an option and input accepts both;
 * - `header.functionExecutionStatus` says success or failure; a failure maps to the error
 *   INTEGER of the ASN.1 response through a per-function (subjectCode, reasonCode) table.
 *
 * @module
 */
import type { Codec } from '../der/codec.js';
import { Asn1DecodeError } from '../der/errors.js';
import { encodedBytesOf } from '../der/reader.js';
import { peekTag } from '../der/header.js';
import { tlv } from '../der/build.js';
import { EsipaBindingError, decodingDer } from './errors.js';
import { fromBase64, fromHexText, toBase64, toHexUpper } from './text.js';

/** How one member's value is written in JSON. */
export type MemberKind =
  /** base64 of the value's complete DER TLV, decoded with `codec`. */
  | { readonly k: 'der'; readonly codec: Codec<any> }
  /** hex of an OCTET STRING (TransactionId: 1..16 bytes). */
  | { readonly k: 'hex' }
  /** base64 of raw bytes, of exactly `size` bytes when given. */
  | { readonly k: 'raw'; readonly size?: number }
  | { readonly k: 'string' }
  /** An ASN.1 NULL flag: JSON `true` when present. */
  | { readonly k: 'flag' }
  | { readonly k: 'int' }
  /** The EID: 32 hex digits. */
  | { readonly k: 'eid' }
  /** An OCTET STRING whose JSON form may include its own TLV header (`5F37 40`, `04 14`). */
  | { readonly k: 'wrapped'; readonly header: readonly number[]; readonly form: 'signature' | 'ciPkId' }
  /** A nested JSON object. */
  | { readonly k: 'object'; readonly members: readonly Member[] };

/** One JSON member and the field of the ASN.1 value it carries. */
export interface Member {
  readonly json: string;
  readonly field: string;
  readonly kind: MemberKind;
  readonly optional?: boolean;
}

/** A (subjectCode, reasonCode) pair and the ASN.1 error value it stands for. */
export interface StatusCode {
  readonly value: number;
  readonly subjectCode: string;
  readonly reasonCode: string;
}

/**
 * Status-code table of one function. Encoding a failure uses the first row with its value;
 * decoding accepts every row. A pair not in the table decodes as undefinedError (127).
 */
export type StatusCodeTable = readonly StatusCode[];

/** A body that is one of several members (a CHOICE told apart by which member is present). */
export interface OneOfAlt {
  readonly case: string;
  readonly json: string;
  readonly kind: MemberKind;
  /** Accepted on input, never written (the error is written in the header instead). */
  readonly decodeOnly?: boolean;
}

/** A body that is a SEQUENCE (members), optionally chosen when the member `when` is present. */
export interface SeqAlt {
  readonly case: string;
  readonly members: readonly Member[];
  readonly when?: string;
}

/** The request body of a function. */
export type RequestShape = { readonly t: 'seq'; readonly members: readonly Member[] } | { readonly t: 'oneOf'; readonly alts: readonly OneOfAlt[] };

/** The response body of a function. */
export interface ResponseSpec {
  readonly alts: readonly (OneOfAlt | SeqAlt)[];
  /** The alternative meaning "success, nothing else" (header only), with its value. */
  readonly empty?: { readonly case: string; readonly value: unknown };
  /** The INTEGER error alternative, carried as `Failed` + statusCodeData. */
  readonly errorCase?: string;
  readonly codes?: StatusCodeTable;
}

/** The form an ambiguous OCTET STRING member is written in (bindings.md §2.2, UNVERIFIED). */
export type WrappedForm = 'tlv' | 'value';

/** Choices of the JSON interpreter; every field has the default named on it. */
export interface JsonBindingOptions {
  /** Decode DER strictly (default false: BER seen in the field is accepted, as signed bytes must be forwarded as received). */
  readonly strict?: boolean;
  /** serverSignature1 / smdpSignature2 written with their `5F37 40` header ('tlv', default) or bare. */
  readonly signatureForm?: WrappedForm;
  /** euiccCiPKIdentifierToBeUsed written with its `04 14` header ('tlv', default) or bare. */
  readonly ciPkIdForm?: WrappedForm;
  /**
   * A base64 member whose TLV is followed by exactly `90 00` (an APDU status word an LPA copied
   * along, bindings.md §4): 'strip' (default) decodes the TLV and reports a warning, 'reject'
   * refuses it as trailing data.
   */
  readonly trailingStatusWord?: 'strip' | 'reject';
  /** Per-function status-code rows used before the built-in table (both directions). */
  readonly statusCodes?: Readonly<Partial<Record<string, StatusCodeTable>>>;
}

/** Decoding context: options plus the warnings collected on the way. */
export interface JsonContext {
  readonly options: JsonBindingOptions;
  readonly warnings: string[];
}

type JsonObject = Record<string, unknown>;

function kindName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function badMember(member: string, detail: string): EsipaBindingError {
  return new EsipaBindingError('bad-member', detail, { member });
}

function expectString(v: unknown, member: string): string {
  if (typeof v !== 'string') throw badMember(member, `expected a string, got ${kindName(v)}`);
  return v;
}

/**
 * The exact bytes each value decoded from a base64 member came from, so that writing the value
 * again (an eIM relaying an eUICC's answer from ESipa to ES9+) sends what was received, BER and
 * all, even when the two bindings use two codecs of the same name (SGP.32 and SGP.22).
 */
const receivedBytes = /*@__PURE__*/ new WeakMap<object, Uint8Array>();

/**
 * DER of a value for a base64 member: the bytes it was received as when known (a base64
 * member, or a value decoded with `keepEncoded`), else its encoding. A value kept from an
 * explicitly tagged CHOICE remembers only its alternative's TLV; that TLV is then put back
 * under the codec's own tag (a fresh DER header around the received bytes, which is what any
 * signature inside covers) when the codec reads the result.
 */
export function derOf(codec: Codec<any>, value: unknown): Uint8Array {
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    const tagOk = (b: Uint8Array) => codec.tags === null || codec.tags.includes(peekTag(b) ?? -1);
    const exact = receivedBytes.get(value);
    if (exact !== undefined && tagOk(exact)) return exact;
    const kept = encodedBytesOf(value);
    if (kept !== undefined) {
      if (tagOk(kept)) return kept;
      if (codec.tags !== null && codec.tags.length === 1) {
        const wrapped = tlv(codec.tags[0], kept);
        if (readsAs(codec, wrapped)) return wrapped;
      }
    }
  }
  return codec.encode(value);
}

function readsAs(codec: Codec<any>, bytes: Uint8Array): boolean {
  try {
    codec.decode(bytes, { strict: false });
    return true;
  } catch (err) {
    if (err instanceof Asn1DecodeError) return false;
    throw err;
  }
}

/** Decodes a DER member, keeping encodings so signed parts can be forwarded as received. */
export function decodeDerMember(codec: Codec<any>, bytes: Uint8Array, member: string, ctx: JsonContext): unknown {
  const options = { strict: ctx.options.strict ?? false, keepEncoded: true };
  const remember = (value: unknown, from: Uint8Array): unknown => {
    if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) receivedBytes.set(value, from);
    return value;
  };
  try {
    return remember(codec.decode(bytes, options), bytes);
  } catch (err) {
    const statusWord = bytes.length > 2 && bytes[bytes.length - 2] === 0x90 && bytes[bytes.length - 1] === 0x00;
    if (err instanceof Asn1DecodeError && err.code === 'trailing-data' && statusWord && (ctx.options.trailingStatusWord ?? 'strip') === 'strip') {
      const tlv = bytes.subarray(0, bytes.length - 2);
      const value = decodingDer(member, () => codec.decode(tlv, options));
      ctx.warnings.push(`${member}: ignored a trailing APDU status word 90 00 after the ${codec.typeName}`);
      return remember(value, tlv);
    }
    return decodingDer(member, () => {
      throw err;
    });
  }
}

function decodeValue(kind: MemberKind, v: unknown, member: string, ctx: JsonContext): unknown {
  switch (kind.k) {
    case 'der':
      return decodeDerMember(kind.codec, fromBase64(expectString(v, member), member), member, ctx);
    case 'hex': {
      const bytes = fromHexText(expectString(v, member), member);
      if (bytes.length < 1 || bytes.length > 16) throw badMember(member, `expected 1 to 16 bytes of hex, got ${bytes.length}`);
      return bytes;
    }
    case 'raw': {
      const bytes = fromBase64(expectString(v, member), member);
      if (kind.size !== undefined && bytes.length !== kind.size) throw badMember(member, `expected ${kind.size} bytes, got ${bytes.length}`);
      return bytes;
    }
    case 'string':
      return expectString(v, member);
    case 'flag':
      if (typeof v !== 'boolean') throw badMember(member, `expected true, got ${kindName(v)}`);
      return null;
    case 'int':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw badMember(member, `expected an integer, got ${kindName(v)}${typeof v === 'number' ? ' ' + v : ''}`);
      return v;
    case 'eid': {
      const s = expectString(v, member);
      if (s.length !== 32) throw badMember(member, `expected 32 hex digits, got ${s.length} characters`);
      return fromHexText(s, member);
    }
    case 'wrapped': {
      const bytes = fromBase64(expectString(v, member), member);
      const h = kind.header;
      const n = h.length;
      let framed = bytes.length > n && bytes[n] === bytes.length - n - 1;
      for (let i = 0; framed && i < n; i++) framed = bytes[i] === h[i];
      return framed ? bytes.subarray(n + 1) : bytes;
    }
    case 'object':
      return decodeMembers(kind.members, expectObject(v, member), member + '.', ctx);
  }
}

function encodeValue(kind: MemberKind, v: unknown, member: string, options: JsonBindingOptions): unknown {
  switch (kind.k) {
    case 'der':
      return toBase64(derOf(kind.codec, v));
    case 'hex':
      return toHexUpper(v as Uint8Array);
    case 'raw':
      return toBase64(v as Uint8Array);
    case 'string':
    case 'int':
      return v;
    case 'flag':
      return true;
    case 'eid':
      return toHexUpper(v as Uint8Array);
    case 'wrapped': {
      const bytes = v as Uint8Array;
      const form = (kind.form === 'signature' ? options.signatureForm : options.ciPkIdForm) ?? 'tlv';
      if (form === 'value' || bytes.length > 127) return toBase64(bytes);
      const out = new Uint8Array(kind.header.length + 1 + bytes.length);
      out.set(kind.header);
      out[kind.header.length] = bytes.length;
      out.set(bytes, kind.header.length + 1);
      return toBase64(out);
    }
    case 'object':
      return encodeMembers(kind.members, v as JsonObject, member + '.', options);
  }
}

/** The JSON object of a body, or `bad-member`/`bad-json`. */
export function expectObject(v: unknown, member: string | undefined): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    if (member === undefined) throw new EsipaBindingError('bad-json', `body: expected a JSON object, got ${kindName(v)}`);
    throw badMember(member, `expected an object, got ${kindName(v)}`);
  }
  return v as JsonObject;
}

/** Reads the members of a SEQUENCE body; unknown members are ignored (newer peers add some). */
export function decodeMembers(members: readonly Member[], obj: JsonObject, prefix: string, ctx: JsonContext): JsonObject {
  const out: JsonObject = {};
  for (const m of members) {
    const v = obj[m.json];
    const member = prefix + m.json;
    if (v === undefined) {
      if (!m.optional) throw badMember(member, 'missing');
      continue;
    }
    if (m.kind.k === 'flag' && v === false) continue;
    out[m.field] = decodeValue(m.kind, v, member, ctx);
  }
  return out;
}

/** Writes the members of a SEQUENCE value, in table order. */
export function encodeMembers(members: readonly Member[], value: JsonObject, prefix: string, options: JsonBindingOptions): JsonObject {
  const out: JsonObject = {};
  for (const m of members) {
    const v = value[m.field];
    if (v === undefined) {
      if (!m.optional) throw new TypeError(`${prefix}${m.field}: missing in the value`);
      continue;
    }
    out[m.json] = encodeValue(m.kind, v, prefix + m.json, options);
  }
  return out;
}

type Choice = { readonly $case: string; readonly value: unknown };

/** Reads a request body. */
export function decodeRequestBody(shape: RequestShape, obj: JsonObject, ctx: JsonContext): unknown {
  if (shape.t === 'seq') return decodeMembers(shape.members, obj, '', ctx);
  return decodeOneOf(shape.alts, obj, ctx, undefined);
}

function decodeOneOf(alts: readonly (OneOfAlt | SeqAlt)[], obj: JsonObject, ctx: JsonContext, empty: ResponseSpec['empty']): Choice {
  const present = alts.filter((a) => ('json' in a ? obj[a.json] !== undefined : a.when !== undefined && obj[a.when] !== undefined));
  const oneOfNames = alts.filter((a): a is OneOfAlt => 'json' in a).map((a) => a.json);
  if (present.filter((a) => 'json' in a).length > 1) {
    throw badMember(oneOfNames.filter((n) => obj[n] !== undefined).join(', '), 'expected exactly one of these members');
  }
  const alt = present[0] ?? alts.find((a) => 'members' in a && a.when === undefined);
  if (alt === undefined) {
    if (empty !== undefined) return { $case: empty.case, value: empty.value };
    throw badMember(oneOfNames.join(' | '), 'missing: expected exactly one of these members');
  }
  if ('json' in alt) return { $case: alt.case, value: decodeValue(alt.kind, obj[alt.json], alt.json, ctx) };
  return { $case: alt.case, value: decodeMembers(alt.members, obj, '', ctx) };
}

/** Writes a request body. */
export function encodeRequestBody(shape: RequestShape, value: unknown, options: JsonBindingOptions): JsonObject {
  if (shape.t === 'seq') return encodeMembers(shape.members, value as JsonObject, '', options);
  const c = value as Choice;
  const alt = shape.alts.find((a) => a.case === c.$case);
  if (alt === undefined) throw new TypeError(`value: alternative ${c.$case} has no JSON form`);
  return { [alt.json]: encodeValue(alt.kind, c.value, alt.json, options) };
}

const SUCCESS = new Set(['Executed-Success', 'Executed-WithWarning']);
const FAILURE = new Set(['Failed', 'Expired']);
/** Seen in a published ES9+ body (bindings.md §4): the status without its hyphen. */
const UNHYPHENATED: Record<string, string> = { ExecutedSuccess: 'Executed-Success', ExecutedWithWarning: 'Executed-WithWarning' };

/** The `header.functionExecutionStatus` of a response: status and optional statusCodeData. */
export interface ExecutionStatus {
  readonly status: string;
  readonly statusCodeData?: { readonly subjectCode: string; readonly reasonCode: string; readonly subjectIdentifier?: string; readonly message?: string };
}

/** Reads `header.functionExecutionStatus` (mandatory in every response with a body). */
export function readExecutionStatus(obj: JsonObject, ctx: JsonContext): ExecutionStatus {
  const header = obj.header;
  if (header === undefined) throw badMember('header', 'missing');
  const fes = expectObject(expectObject(header, 'header').functionExecutionStatus ?? null, 'header.functionExecutionStatus');
  let status = expectString(fes.status, 'header.functionExecutionStatus.status');
  if (UNHYPHENATED[status] !== undefined) {
    ctx.warnings.push(`header.functionExecutionStatus.status: read ${JSON.stringify(status)} as ${UNHYPHENATED[status]}`);
    status = UNHYPHENATED[status];
  }
  if (!SUCCESS.has(status) && !FAILURE.has(status)) throw badMember('header.functionExecutionStatus.status', `unknown status ${JSON.stringify(status)}`);
  if (fes.statusCodeData === undefined) return { status };
  const scd = expectObject(fes.statusCodeData, 'header.functionExecutionStatus.statusCodeData');
  const p = 'header.functionExecutionStatus.statusCodeData.';
  const data: { subjectCode: string; reasonCode: string; subjectIdentifier?: string; message?: string } = {
    subjectCode: expectString(scd.subjectCode, p + 'subjectCode'),
    reasonCode: expectString(scd.reasonCode, p + 'reasonCode'),
  };
  if (scd.subjectIdentifier !== undefined) data.subjectIdentifier = expectString(scd.subjectIdentifier, p + 'subjectIdentifier');
  if (scd.message !== undefined) data.message = expectString(scd.message, p + 'message');
  return { status, statusCodeData: data };
}

const UNDEFINED_ERROR = 127;

function tableOf(fn: string, builtIn: StatusCodeTable | undefined, options: JsonBindingOptions): StatusCodeTable {
  const extra = options.statusCodes?.[fn];
  return extra ? [...extra, ...(builtIn ?? [])] : (builtIn ?? []);
}

/** Reads a response body: the success alternative, or the error value a failure maps to. */
export function decodeResponseBody(fn: string, spec: ResponseSpec, obj: JsonObject, ctx: JsonContext): Choice {
  const status = readExecutionStatus(obj, ctx);
  if (FAILURE.has(status.status)) {
    if (spec.errorCase === undefined) throw badMember('header.functionExecutionStatus.status', `${fn} has no failure response, got ${status.status}`);
    const scd = status.statusCodeData;
    const row = scd && tableOf(fn, spec.codes, ctx.options).find((r) => r.subjectCode === scd.subjectCode && r.reasonCode === scd.reasonCode);
    if (scd && !row) ctx.warnings.push(`statusCodeData ${scd.subjectCode}/${scd.reasonCode} is not in the ${fn} table: read as undefinedError`);
    return { $case: spec.errorCase, value: row ? row.value : UNDEFINED_ERROR };
  }
  return decodeOneOf(spec.alts, obj, ctx, spec.empty);
}

/** Writes a response body, header first. */
export function encodeResponseBody(fn: string, spec: ResponseSpec, value: Choice, options: JsonBindingOptions): JsonObject {
  const alt = spec.alts.find((a) => a.case === value.$case && !('decodeOnly' in a && a.decodeOnly));
  if (alt === undefined && value.$case === spec.errorCase) {
    const row = tableOf(fn, spec.codes, options).find((r) => r.value === value.value);
    const fes = row ? { status: 'Failed', statusCodeData: { subjectCode: row.subjectCode, reasonCode: row.reasonCode } } : { status: 'Failed' };
    return { header: { functionExecutionStatus: fes } };
  }
  const out: JsonObject = { header: { functionExecutionStatus: { status: 'Executed-Success' } } };
  if (alt === undefined) {
    if (spec.empty !== undefined && value.$case === spec.empty.case) return out;
    throw new TypeError(`value: alternative ${value.$case} has no JSON form`);
  }
  if ('json' in alt) out[alt.json] = encodeValue(alt.kind, value.value, alt.json, options);
  else Object.assign(out, encodeMembers(alt.members, value.value as JsonObject, '', options));
  return out;
}
