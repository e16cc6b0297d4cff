/**
 * Paths and globs to the list of dump files `sgp32 validate` checks. Node 20 has no stable
 * glob, so this is a small one: `*` and `?` within a path segment, `**` for any number of
 * segments.
 *
 * @module
 */
import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
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

/** An entry left out of a walk, and why. */
export interface Skipped {
  readonly path: string;
  readonly reason: string;
}

/** Why a file system entry that is not a regular file or folder is left out. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Every file under `dir`, recursively, sorted. Symbolic links to files are taken; links to
 * folders are not followed (so no loop can form), and they, dangling links and special files
 * (FIFOs, sockets, devices, which could be read forever) are listed in `skipped`.
 */
function walk(dir: string, out: string[], skipped: Skipped[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out, skipped);
    else if (e.isFile()) out.push(p);
    else if (e.isSymbolicLink()) {
      let st: Stats;
      try {
        st = statSync(p);
      } catch {
        // The target does not exist: a dangling link.
        skipped.push({ path: p, reason: 'dangling symbolic link' });
        continue;
      }
      if (st.isFile()) out.push(p);
      else if (st.isDirectory()) skipped.push({ path: p, reason: 'symbolic link to a folder (not followed)' });
      else skipped.push({ path: p, reason: `symbolic link to ${kindOf(st)}` });
    } else if (isDumpFile(p)) skipped.push({ path: p, reason: `${kindOf(lstatSync(p))}, not read` });
  }
}

/** Result of {@link expandPaths}. */
export interface Expanded {
  readonly files: string[];
  /** Arguments that matched nothing (missing files, empty globs). */
  readonly missing: string[];
  /** Entries left out: dangling links, links to folders, special files. */
  readonly skipped: Skipped[];
}

/**
 * The dump files named by `args`: files as given, folders walked (dump extensions only),
 * globs matched against the files under their fixed leading part (dump extensions only).
 * Duplicates are dropped; order follows the arguments, files sorted within each.
 */
export function expandPaths(args: readonly string[]): Expanded {
  const files: string[] = [];
  const missing: string[] = [];
  const skipped: Skipped[] = [];
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
        walk(arg, found, skipped);
        found.filter(isDumpFile).forEach(add);
      } else if (st.isFile()) add(arg);
      else skipped.push({ path: arg, reason: `${kindOf(st)}, not read` });
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
      if (statSync(base).isDirectory()) walk(base, found, skipped);
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
  return { files, missing, skipped };
}
