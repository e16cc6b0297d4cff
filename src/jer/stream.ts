/**
 * JSON text written piece by piece: the same text as `JSON.stringify(value, null, indent)`,
 * handed to a sink as it is made, so that a renderer never holds the whole output as one
 * string (V8 refuses strings beyond about 512 MB, and a decoded 50 MB profile gives more JSON
 * than that). Used by the CLI's `decode` for JER and the machine-readable tree.
 *
 * @module
 */
import type { JsonValue } from '../der/codec.js';

/** Where text goes. A sink may buffer; the writers here call it with small pieces. */
export interface TextSink {
  write(text: string): void;
}

/**
 * Writes `value` as JSON to `sink`: byte for byte what `JSON.stringify(value, null, indent)`
 * gives (members whose value is `undefined` are left out, `undefined` in an array reads
 * `null`, non-finite numbers read `null`), nested `level` steps deep (for an item of an
 * enclosing array or object written by the caller). Recursion follows the value's nesting,
 * as JSON.stringify's does.
 *
 * @throws TypeError for a bigint, as JSON.stringify does.
 * @example writeJson({ a: [1, 2] }, { write: (t) => process.stdout.write(t) })
 */
export function writeJson(value: JsonValue | undefined, sink: TextSink, indent = 2, level = 0): void {
  const unit = ' '.repeat(indent);
  const pad: string[] = [];
  const padAt = (n: number): string => (pad[n] ??= '\n' + unit.repeat(n));
  const put = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object') {
      sink.write(typeof v === 'number' && !Number.isFinite(v) ? 'null' : (JSON.stringify(v) ?? 'null'));
      return;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) {
        sink.write('[]');
        return;
      }
      const inner = indent ? padAt(depth + 1) : '';
      for (let i = 0; i < v.length; i++) {
        sink.write(i === 0 ? '[' + inner : ',' + inner);
        put(v[i] === undefined ? null : v[i], depth + 1);
      }
      sink.write((indent ? padAt(depth) : '') + ']');
      return;
    }
    const o = v as Record<string, unknown>;
    const sep = indent ? ': ' : ':';
    let first = true;
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      sink.write((first ? '{' : ',') + (indent ? padAt(depth + 1) : '') + JSON.stringify(k) + sep);
      first = false;
      put(x, depth + 1);
    }
    sink.write(first ? '{}' : (indent ? padAt(depth) : '') + '}');
  };
  put(value === undefined ? null : value, level);
}

/**
 * A JSON array written one item at a time (for items that are made one at a time, such as the
 * profile elements of a UPP): `item(v)` for each, then `end()`. The text equals
 * `JSON.stringify(items, null, indent)` at nesting `level`.
 *
 * @example const a = jsonArrayWriter(sink); for (const v of values) a.item(v); a.end();
 */
export function jsonArrayWriter(sink: TextSink, indent = 2, level = 0): { item(value: JsonValue): void; end(): void } {
  const inner = indent ? '\n' + ' '.repeat(indent * (level + 1)) : '';
  let count = 0;
  return {
    item(value: JsonValue): void {
      sink.write((count++ === 0 ? '[' : ',') + inner);
      writeJson(value, sink, indent, level + 1);
    },
    end(): void {
      sink.write(count === 0 ? '[]' : (indent ? '\n' + ' '.repeat(indent * level) : '') + ']');
    },
  };
}
