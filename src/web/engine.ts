/**
 * What the decoder page asks of the library: read pasted or dropped input, find its type,
 * decode it (the error, when there is one, with its offset and path) and build the tree.
 * Thin: the reading, detection and tree logic live in src/inspect and are shared with the CLI.
 *
 * @module
 */
import { Asn1DecodeError, type Diagnostic } from '../der/errors.js';
import { hdr, newReader, tagHex } from '../der/reader.js';
import * as generated from '../generated/index.js';
import type { Codec } from '../der/codec.js';
import { base64ToBytes } from '../inspect/capture.js';

/** One TLV of the tree, as the page renders it. */
export interface TreeNode {
  readonly offset: number;
  readonly headerLength: number;
  readonly tag: number;
  readonly length: number;
  readonly indefinite: boolean;
  readonly depth: number;
  readonly name: string;
  readonly type: string;
  readonly value?: string;
  readonly note?: string;
  readonly error?: { readonly code: string; readonly detail: string };
}

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
  /** The type decoded as (`Module.Name`), or null when no type starts with the outer tag. */
  readonly type: string | null;
  /** The CHOICE alternatives the value took (`getEimPackageResponse.euiccPackageRequest`). */
  readonly via?: string;
  /** True when the type was detected rather than chosen. */
  readonly detected: boolean;
  /** Other types that fit the bytes, best first (detection only). */
  readonly alternatives: readonly string[];
  readonly nodes: readonly TreeNode[];
  /** BER deviations accepted in lenient mode, with their offsets. */
  readonly diagnostics: readonly Diagnostic[];
  readonly error?: PageError;
}

const MODULES: Record<string, Record<string, unknown>> = {
  SGP32Definitions: generated.Sgp32,
  RSPDefinitions: generated.Rsp,
  PEDefinitions: generated.Saip,
  PKIX1Explicit88: generated.Pkix,
  PKIX1Implicit88: generated.PkixImplicit,
};

function isCodec(x: unknown): x is Codec<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as Codec<unknown>).decode === 'function' && typeof (x as Codec<unknown>).typeName === 'string';
}

let codecs: Map<string, Codec<unknown>> | undefined;

function allCodecs(): Map<string, Codec<unknown>> {
  if (!codecs) {
    codecs = new Map();
    for (const [mod, ns] of Object.entries(MODULES)) for (const [name, c] of Object.entries(ns)) if (isCodec(c)) codecs.set(`${mod}.${name}`, c);
  }
  return codecs;
}

/** Every type the page can decode as, `Module.Name`, in module order. */
export function typeNames(): string[] {
  return [...allCodecs().keys()];
}

function isText(b: Uint8Array): boolean {
  for (const x of b) if (!(x === 9 || x === 10 || x === 13 || (x >= 32 && x < 127))) return false;
  return true;
}

function parseHex(text: string): Uint8Array | null {
  const c = text.replace(/0x/gi, '').replace(/[\s:,]+/g, '');
  if (c.length === 0 || c.length % 2 || /[^0-9a-f]/i.test(c)) return null;
  return Uint8Array.from({ length: c.length / 2 }, (_, i) => parseInt(c.slice(2 * i, 2 * i + 2), 16));
}

/** Reads input in any form; throws a RangeError with a message for the user. */
export function readAnyInput(data: Uint8Array, form: string): { bytes: Uint8Array; form: string } {
  if (data.length === 0) throw new RangeError('the input is empty');
  if (form === 'der') return { bytes: data, form };
  if (form !== 'auto' || isText(data)) {
    const text = new TextDecoder().decode(data);
    const pem = /-----BEGIN [^-]+-----([\s\S]*?)-----END [^-]+-----/.exec(text);
    if ((form === 'auto' || form === 'pem') && pem) {
      const b = base64ToBytes(pem[1]);
      if (b) return { bytes: b, form: 'pem' };
    }
    if (form === 'auto' || form === 'hex') {
      const b = parseHex(text);
      if (b) return { bytes: b, form: 'hex' };
    }
    if (form === 'auto' || form === 'base64') {
      const b = base64ToBytes(text);
      if (b) return { bytes: b, form: 'base64' };
    }
    if (form !== 'auto') throw new RangeError(`the input is not ${form}`);
  }
  return { bytes: data, form: 'der' };
}

function outerTag(bytes: Uint8Array): number | null {
  try {
    const r = newReader(bytes, { strict: false });
    hdr(r, 0, bytes.length);
    return r.t;
  } catch (err) {
    if (err instanceof Asn1DecodeError) return null;
    throw err;
  }
}

function tryDecode(c: Codec<unknown>, bytes: Uint8Array, lenient = false, diagnostics?: Diagnostic[]): Asn1DecodeError | null {
  try {
    c.decode(bytes, { strict: !lenient, ...(diagnostics ? { diagnostics } : {}) });
    return null;
  } catch (err) {
    if (err instanceof Asn1DecodeError) return err;
    throw err;
  }
}

/** A TLV walk without a schema: every constructed TLV expanded. */
function walk(bytes: Uint8Array): TreeNode[] {
  const nodes: TreeNode[] = [];
  const r = newReader(bytes, { strict: false, maxDepth: 200 });
  const go = (p: number, limit: number, depth: number) => {
    for (let i = 0; p < limit; i++) {
      try {
        hdr(r, p, limit);
      } catch (err) {
        if (!(err instanceof Asn1DecodeError)) throw err;
        nodes.push({ offset: p, headerLength: 0, tag: bytes[p] ?? 0, length: limit - p, indefinite: false, depth, name: `[${i}]`, type: '?', error: { code: err.code, detail: err.detail } });
        return;
      }
      const { t, s, e, n } = r;
      const constructed = (bytes[p] & 0x20) !== 0;
      nodes.push({ offset: p, headerLength: s - p, tag: t, length: e - s, indefinite: n !== e, depth, name: `[${i}]`, type: tagHex(t), ...(constructed ? {} : { value: hexOf(bytes.subarray(s, e)) }) });
      if (constructed) go(s, e, depth + 1);
      p = n;
    }
  };
  go(0, bytes.length, 0);
  return nodes;
}

function hexOf(b: Uint8Array): string {
  return Array.from(b.subarray(0, 32), (x) => x.toString(16).padStart(2, '0')).join('') + (b.length > 32 ? `… (${b.length} bytes)` : '');
}

/**
 * Reads, detects, decodes and builds the tree of one input.
 *
 * @param data the pasted text (UTF-8) or the dropped file's bytes.
 * @param form `auto`, `der`, `hex`, `base64` or `pem`.
 * @param type `auto` or a `Module.Name` from {@link typeNames}.
 * @throws RangeError when the input cannot be read in the form asked for, or the type is unknown.
 */
export function decodeForPage(data: Uint8Array, form: string, type: string, lenient = false): PageResult {
  const input = readAnyInput(data, form);
  const bytes = input.bytes;
  let chosen: string | null = null;
  let alternatives: string[] = [];
  if (type !== 'auto') {
    if (!allCodecs().has(type)) throw new RangeError(`unknown type ${type}`);
    chosen = type;
  } else {
    const tag = outerTag(bytes);
    const fits: string[] = [];
    let firstMiss: string | null = null;
    if (tag !== null) {
      for (const [q, c] of allCodecs()) {
        if (c.tags === null || !c.tags.includes(tag)) continue;
        if (tryDecode(c, bytes, lenient) === null) fits.push(q);
        else firstMiss ??= q;
      }
    }
    chosen = fits[0] ?? firstMiss;
    alternatives = fits.slice(1);
  }
  const nodes = walk(bytes);
  if (chosen === null) {
    return { bytes, form: input.form, type: null, detected: true, alternatives, nodes, diagnostics: [], error: { code: 'no-type', detail: 'no type of the five modules starts with this outer tag', message: 'no type of the five modules starts with this outer tag (no-type)' } };
  }
  const diagnostics: Diagnostic[] = [];
  const err = tryDecode(allCodecs().get(chosen)!, bytes, lenient, diagnostics);
  const error = err ? { code: err.code, offset: err.offset, path: err.path, detail: err.detail, message: err.message } : undefined;
  return { bytes, form: input.form, type: chosen, detected: type === 'auto', alternatives, nodes, diagnostics, ...(error ? { error } : {}) };
}

/** The best fitting type of a payload, for the capture list; empty when none fits. */
export function quickType(bytes: Uint8Array): string {
  const tag = outerTag(bytes);
  if (tag === null) return '';
  for (const [q, c] of allCodecs()) if (c.tags !== null && c.tags.includes(tag) && tryDecode(c, bytes) === null) return q;
  return '';
}
