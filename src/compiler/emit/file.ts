/**
 * The generated-file builder: indented lines of a body, module-level constants, and imports
 * recorded as code uses them, so that the import list is always exactly what the file needs
 * (no hand-kept list of runtime names).
 *
 * @module
 */

/** Where a generated file's imports come from. */
export interface ImportPaths {
  /** The DER runtime surface (`../der/runtime.js`). */
  readonly runtime: string;
  /** The codec builder (`../jer/codec.js`). */
  readonly codec: string;
  /** A sibling generated module, by module name. */
  readonly module: (moduleName: string) => string;
}

export interface GeneratedFile {
  /** A value the DER runtime exports; returns the name to write. */
  rt(name: string): string;
  /** A type the DER runtime exports. */
  rtType(name: string): string;
  /** The codec builder (`codec`), or another export of its module (`decodeEntry`, `encodeEntry`). */
  codecFn(name?: string): string;
  /** A name another generated module exports (its type and its codec). */
  sibling(module: string, name: string): string;
  /** A module-level declaration, placed after the imports. */
  preamble(line: string): void;
  line(s?: string): void;
  /** A line that opens a block; the following lines are indented. */
  open(s: string): void;
  /** Closes a block with `s` (default `}`). */
  close(s?: string): void;
  /** Ends the last block without a closing line (the caller wrote its own). */
  dedent(): void;
  /** Removes the last body line. */
  dropLast(): void;
  /** The number of body lines so far: a position for {@link since} and {@link truncate}. */
  size(): number;
  /** The body lines from position `from` on. */
  since(from: number): readonly string[];
  /** Removes the body lines from position `from` on. */
  truncate(from: number): void;
  /** The file's text: header, imports (sorted), preamble, body. */
  text(header: readonly string[]): string;
}

export function createFile(paths: ImportPaths): GeneratedFile {
  const values = new Set<string>();
  const types = new Set<string>();
  const codecNames = new Set<string>();
  const siblings = new Map<string, Set<string>>();
  const pre: string[] = [];
  const body: string[] = [];
  let ind = '';
  const f: GeneratedFile = {
    rt(name) {
      values.add(name);
      return name;
    },
    rtType(name) {
      types.add(name);
      return name;
    },
    codecFn(name = 'codec') {
      codecNames.add(name);
      return name;
    },
    sibling(module, name) {
      let s = siblings.get(module);
      if (!s) siblings.set(module, (s = new Set()));
      s.add(name);
      return name;
    },
    preamble(line) {
      pre.push(line);
    },
    line(s = '') {
      body.push(s === '' ? '' : ind + s);
    },
    open(s) {
      f.line(s);
      ind += '  ';
    },
    close(s = '}') {
      ind = ind.slice(2);
      f.line(s);
    },
    dedent() {
      ind = ind.slice(2);
    },
    dropLast() {
      body.pop();
    },
    size: () => body.length,
    since: (from) => body.slice(from),
    truncate(from) {
      body.length = from;
    },
    text(header) {
      const out = [...header];
      const names = [...[...types].map((t) => `type ${t}`), ...values].sort((a, b) => strip(a).localeCompare(strip(b)));
      if (names.length) out.push(`import { ${names.join(', ')} } from ${JSON.stringify(paths.runtime)};`);
      if (codecNames.size) out.push(`import { ${[...codecNames].sort().join(', ')} } from ${JSON.stringify(paths.codec)};`);
      for (const [m, ns] of [...siblings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        out.push(`import { ${[...ns].sort().join(', ')} } from ${JSON.stringify(paths.module(m))};`);
      }
      out.push('');
      if (pre.length) out.push(...pre, '');
      return [...out, ...body, ''].join('\n');
    },
  };
  return f;
}

function strip(s: string): string {
  return s.startsWith('type ') ? s.slice(5) : s;
}
