/**
 * Paths and globs to the list of dump files `sgp32 validate` checks. Node 20 has no stable
 * glob, so this is a small one: `*` and `?` within a path segment, `**` for any number of
 * segments.
 *
 * @module
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** File name endings taken from folders and globs. */
export const DUMP_EXTENSIONS: readonly string[] = ['.der', '.bin', '.hex', '.b64', '.pem', '.txt'];

/** True when `path` ends in one of {@link DUMP_EXTENSIONS} (case-insensitive). */
export function isDumpFile(path: string): boolean {
  const low = path.toLowerCase();
  return DUMP_EXTENSIONS.some((e) => low.endsWith(e));
}

/** True when `s` holds a glob character. */
export function hasGlob(s: string): boolean {
  return /[*?]/.test(s);
}

function escapeRegExp(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? '\\' + ch : ch;
}

/**
 * The regular expression of a glob over `/`-separated relative paths.
 * @example globToRegExp('a/**\/*.der').test('a/b/c/x.der') // true
 */
export function globToRegExp(pattern: string): RegExp {
  const segs = pattern.split('/');
  let re = '';
  segs.forEach((seg, i) => {
    const last = i === segs.length - 1;
    if (seg === '**') {
      re += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    for (const ch of seg) re += ch === '*' ? '[^/]*' : ch === '?' ? '[^/]' : escapeRegExp(ch);
    if (!last) re += '/';
  });
  return new RegExp(`^${re}$`);
}

/** Every file under `dir`, recursively, sorted; symbolic links to folders are not followed. */
function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/** Result of {@link expandPaths}. */
export interface Expanded {
  readonly files: string[];
  /** Arguments that matched nothing (missing files, empty globs). */
  readonly missing: string[];
}

/**
 * The dump files named by `args`: files as given, folders walked (dump extensions only),
 * globs matched against the files under their fixed leading part (dump extensions only).
 * Duplicates are dropped; order follows the arguments, files sorted within each.
 */
export function expandPaths(args: readonly string[]): Expanded {
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (p: string) => {
    if (!seen.has(p)) {
      seen.add(p);
      files.push(p);
    }
  };
  for (const arg of args) {
    if (!hasGlob(arg)) {
      let st;
      try {
        st = statSync(arg);
      } catch {
        missing.push(arg);
        continue;
      }
      if (st.isDirectory()) {
        const found: string[] = [];
        walk(arg, found);
        found.filter(isDumpFile).forEach(add);
      } else add(arg);
      continue;
    }
    const norm = arg.split(sep).join('/');
    const segs = norm.split('/');
    const fixed: string[] = [];
    while (segs.length > 1 && !hasGlob(segs[0])) fixed.push(segs.shift()!);
    const base = fixed.length ? fixed.join('/') || '/' : '.';
    const re = globToRegExp(segs.join('/'));
    let found: string[] = [];
    try {
      if (statSync(base).isDirectory()) walk(base, found);
    } catch {
      found = [];
    }
    const before = files.length;
    for (const f of found) {
      const rel = relative(base, f).split(sep).join('/');
      if (re.test(rel) && isDumpFile(f)) add(f);
    }
    if (files.length === before) missing.push(arg);
  }
  return { files, missing };
}
