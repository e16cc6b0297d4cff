/**
 * Where the pki checks get external vectors from, without node:*: a function from a path
 * relative to the shared vectors folder (`certs/sgp26/CI/CERT_CI_ECDSA_NIST.der`,
 * `certs/MANIFEST.json`, `signatures/real_capture.json`) to its bytes, or undefined when the
 * file is absent. In a browser it fetches from a URL the harness serves the folder at; in
 * Node, test/pki/loader-node.ts reads the file system.
 */

/** Bytes of a vector file by its path relative to ../shared/vectors; undefined when absent. */
export type LoadBytes = (path: string) => Promise<Uint8Array | undefined>;

/**
 * A loader over `fetch`: `base` is the URL the vectors folder is served at (ending in `/`).
 * A 404 (or any non-OK status) means absent; network failures propagate.
 *
 * @example
 * ```ts
 * const report = await runPkiSelfChecks(fetchLoader(new URL('/vectors/', location.href)));
 * ```
 */
export function fetchLoader(base: string | URL): LoadBytes {
  return async (path) => {
    const response = await fetch(new URL(path, base));
    if (!response.ok) return undefined;
    return new Uint8Array(await response.arrayBuffer());
  };
}

/** A loader over an in-memory map (e.g. files the harness passed in as hex or base64). */
export function mapLoader(files: ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array>>): LoadBytes {
  const get = files instanceof Map ? (p: string) => files.get(p) : (p: string) => (files as Record<string, Uint8Array>)[p];
  return async (path) => get(path);
}

/** A loader that has nothing: every vector-dependent check is skipped. */
export const noVectors: LoadBytes = async () => undefined;

/** A loader over files given as hex strings (what a harness can pass into a page as JSON). */
export function hexMapLoader(files: Readonly<Record<string, string>>): LoadBytes {
  return async (path) => {
    const h = files[path];
    return h === undefined ? undefined : Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
  };
}

/**
 * Wraps a loader and remembers every file it returned, as hex: run the checks once in Node
 * with `recordingLoader(fsLoader())`, then hand `files` to the page and load them there with
 * {@link hexMapLoader} — no file server needed.
 */
export function recordingLoader(inner: LoadBytes): { readonly load: LoadBytes; readonly files: Record<string, string> } {
  const files: Record<string, string> = {};
  return {
    files,
    load: async (path) => {
      const bytes = await inner(path);
      if (bytes !== undefined) files[path] = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      return bytes;
    },
  };
}
