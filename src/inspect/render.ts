/**
 * Renderers that write as they go: the JER of a decoded message (a UPP element by element),
 * the annotated tree as text and as JSON. Each takes a {@link TextSink}, never builds the
 * whole output as one string, and holds at most one profile element's value at a time, so
 * that memory stays bounded by the input (plus the largest element), not by the output.
 * The CLI's `decode` writes through them; any other tool can give its own sink.
 *
 * They reach the type description only through {@link codecFor} (JER) and {@link walkTree}
 * (tree), so that a change in how types are described stays behind those two.
 *
 * @module
 */
import { tagHex } from '../der/bytes.js';
import type { Diagnostic } from '../der/errors.js';
import type { JsonValue } from '../der/codec.js';
import { jsonArrayWriter, writeJson, type TextSink } from '../jer/stream.js';
import type { Registry } from '../der/registry.js';
import { codecFor } from './detect.js';
import { offsetWidth, tagNotation, treeHeader, treeLine, walkTree, type TreeNode, type TreeOptions } from './tree.js';
import { UPP_TYPE, uppCodecOf } from './upp.js';
import type { InRegistry } from './schema.js';

export type { TextSink } from '../jer/stream.js';

/** Options of {@link renderJer}. */
export interface RenderJerOptions {
  /** Spaces per nesting level (default 2; 0 writes one line). */
  readonly indent?: number;
  /** Accept BER (only used when the value is decoded here, i.e. for a UPP). */
  readonly lenient?: boolean;
  /** Collects BER deviations met while decoding here. */
  readonly diagnostics?: Diagnostic[];
  /** Nesting level of the value inside an enclosing document the caller writes (default 0: a document of its own, ended by a newline). */
  readonly level?: number;
  /** Where `type` is looked up (`sgp32/inspect`'s `renderJer` defaults it to the five generated modules). */
  readonly registry?: Registry;
}

/**
 * Writes the X.697 JSON of `bytes` decoded as `type` to `sink`, followed by a newline.
 * For `UPP`, the elements are decoded, converted and written one at a time (`value` is not
 * needed and not used); for any other type pass the decoded `value`.
 *
 * @throws Asn1DecodeError when a UPP element does not decode (what was written before stays
 *   written); RangeError for an unknown type.
 * @example renderJer(bytes, 'UPP', undefined, sink, { registry })
 */
export function renderJer(bytes: Uint8Array, type: string, value: unknown, sink: TextSink, options: RenderJerOptions & InRegistry): void {
  const indent = options.indent ?? 2;
  const level = options.level ?? 0;
  if (type === UPP_TYPE) {
    const upp = uppCodecOf(options.registry);
    const array = jsonArrayWriter(sink, indent, level);
    for (const pe of upp.elements(bytes, { strict: !options.lenient, diagnostics: options.diagnostics })) array.item(upp.element.toJer(pe.value));
    array.end();
  } else {
    writeJson(codecFor(type, options.registry).toJer(value as never), sink, indent, level);
  }
  if (level === 0) sink.write('\n');
}

/** Options of {@link renderTreeText}. */
export interface RenderTreeOptions extends TreeOptions {
  /** ANSI colours (see {@link treeLine}); default false. */
  readonly color?: boolean;
}

/**
 * Writes the tree of `bytes` as text (the lines of `formatTree`, header first) to `sink`.
 * @returns how many nodes carry an error (0 when the bytes fit the type).
 */
export function renderTreeText(bytes: Uint8Array, type: string | null, sink: TextSink, options: RenderTreeOptions & InRegistry): number {
  const width = offsetWidth(bytes.length);
  const color = options.color ?? false;
  let errors = 0;
  sink.write(treeHeader(width) + '\n');
  walkTree(
    bytes,
    type,
    (n) => {
      if (n.error) errors++;
      sink.write(treeLine(n, width, color) + '\n');
    },
    options,
  );
  return errors;
}

/** One node of the machine-readable tree (`--format tree-json`), children nested. */
export interface TreeJsonNode {
  readonly offset: number;
  /** Identifier and length octets. */
  readonly header: number;
  /** Identifier octets in hex (`BF2D`). */
  readonly tag: string;
  /** `[APPLICATION 1]`, `[1]`, or the universal type name. */
  readonly tagName: string;
  readonly length: number;
  readonly indefinite?: true;
  readonly name: string;
  readonly type: string;
  readonly value?: string;
  readonly note?: string;
  readonly error?: { readonly code: string; readonly detail: string };
  readonly children?: readonly TreeJsonNode[];
}

function tagText(n: TreeNode): string {
  return n.headerLength === 0 ? '' : tagHex(n.tag);
}

/** The fields of a tree node as in {@link TreeJsonNode}, without children. */
export function treeJsonFields(n: TreeNode): Omit<TreeJsonNode, 'children'> {
  return {
    offset: n.offset,
    header: n.headerLength,
    tag: tagText(n),
    tagName: n.headerLength === 0 ? '' : tagNotation(n.tag),
    length: n.length,
    ...(n.indefinite ? { indefinite: true as const } : {}),
    name: n.name,
    type: n.type,
    ...(n.value !== undefined ? { value: n.value } : {}),
    ...(n.note !== undefined ? { note: n.note } : {}),
    ...(n.error ? { error: { code: n.error.code, detail: n.error.detail } } : {}),
  };
}

/** Options of {@link renderTreeJson}. */
export interface RenderTreeJsonOptions extends TreeOptions {
  /** Spaces per nesting level (default 2; 0 writes compact JSON on one line). */
  readonly indent?: number;
  /** Nesting level inside an enclosing document the caller writes (default 0: a document of its own, ended by a newline). */
  readonly level?: number;
}

/**
 * Writes the tree of `bytes` as JSON to `sink`: an array of {@link TreeJsonNode}, children
 * nested under `children` (as `tshark -T json` nests protocol fields), and a newline. The text
 * equals `JSON.stringify(nestedNodes, null, indent)`; it is written node by node, holding only
 * the chain of open parents.
 * @returns how many nodes carry an error.
 */
export function renderTreeJson(bytes: Uint8Array, type: string | null, sink: TextSink, options: RenderTreeJsonOptions & InRegistry): number {
  const indent = options.indent ?? 2;
  const base = options.level ?? 0;
  const pads: string[] = [];
  const pad = (level: number) => (indent ? (pads[level] ??= '\n' + ' '.repeat(indent * (base + level))) : '');
  const colon = indent ? ': ' : ':';
  // Per open node: whether its "children" array has been started.
  const open: boolean[] = [];
  let errors = 0;
  let first = true;
  /** Closes open nodes until `depth` of them remain. */
  const closeTo = (depth: number) => {
    while (open.length > depth) {
      const d = open.length - 1;
      const level = 1 + 2 * d;
      if (open.pop()) sink.write(pad(level + 1) + ']');
      sink.write(pad(level) + '}');
    }
  };
  walkTree(
    bytes,
    type,
    (n) => {
      if (n.error) errors++;
      const depth = Math.min(n.depth, open.length);
      if (open.length > depth) {
        // A sibling of an earlier node: close that one (and its descendants) first.
        closeTo(depth);
        sink.write(',');
      } else if (depth > 0) {
        // The first child of the open parent.
        sink.write(',' + pad(2 * depth) + '"children"' + colon + '[');
        open[depth - 1] = true;
      } else sink.write('[');
      first = false;
      const level = 1 + 2 * depth;
      sink.write(pad(level) + '{');
      let sep = '';
      for (const [k, v] of Object.entries(treeJsonFields(n))) {
        sink.write(sep + pad(level + 1) + JSON.stringify(k) + colon);
        writeJson(v as JsonValue, sink, indent, level + 1);
        sep = ',';
      }
      open.push(false);
    },
    options,
  );
  closeTo(0);
  sink.write((first ? '[]' : pad(0) + ']') + (base === 0 ? '\n' : ''));
  return errors;
}

/** A sink that collects the text, for tests and small outputs. */
export function stringSink(): TextSink & { text(): string } {
  const parts: string[] = [];
  return { write: (t) => void parts.push(t), text: () => parts.join('') };
}
