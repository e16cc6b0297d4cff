/**
 * What the published package promises: the metadata registries and users read (repository,
 * homepage, bugs, keywords); source maps that carry their sources (src/ is not published, so a
 * map without sourcesContent points nowhere); README and guide links that resolve inside the
 * package; an API reference with one module per import path.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, posix, dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../cli/helpers.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  repository?: { url?: string };
  homepage?: string;
  bugs?: { url?: string };
  keywords?: string[];
  files: string[];
  exports: Record<string, { default?: string } | string>;
};

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Whether a repository-relative path is published (inside one of package.json `files`). */
function published(rel: string): boolean {
  return ['package.json', 'README.md', 'LICENSE'].includes(rel) || pkg.files.some((f) => rel === f || rel.startsWith(f.replace(/\/$/, '') + '/'));
}

describe('package metadata', () => {
  it('names the repository, homepage, issue tracker and keywords', () => {
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs?.url).toMatch(/^https:\/\/.+\/issues$/);
    expect(pkg.keywords).toEqual(expect.arrayContaining(['sgp32', 'esim', 'asn1']));
  });
});

describe('published files', () => {
  beforeAll(() => ensureBuilt());

  it('every source map in dist carries the text of its sources', () => {
    const maps = walk(join(ROOT, 'dist')).filter((f) => f.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(50);
    const bad = maps.filter((f) => {
      const m = JSON.parse(readFileSync(f, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      return !m.sourcesContent || m.sourcesContent.length !== m.sources.length || m.sourcesContent.some((c) => typeof c !== 'string' || c.length === 0);
    });
    expect(bad.map((f) => f.slice(ROOT.length + 1))).toEqual([]);
  });

  it('relative links of the README and the guides point to published files', () => {
    const docs = ['README.md', ...readdirSync(join(ROOT, 'docs/guides')).filter((f) => f.endsWith('.md')).map((f) => `docs/guides/${f}`)];
    const broken: string[] = [];
    for (const doc of docs) {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      for (const m of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        const target = m[1];
        if (/^[a-z]+:/.test(target)) continue;
        const rel = posix.normalize(posix.join(dirname(doc), target));
        if (!existsSync(join(ROOT, rel)) || !published(rel)) broken.push(`${doc} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the API reference has one module per import path, sgp32/inspect included', () => {
    const typedoc = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8')) as { entryPoints: string[] };
    for (const [sub, target] of Object.entries(pkg.exports)) {
      if (sub === './package.json') continue;
      const js = typeof target === 'string' ? target : target.default!;
      const src = js.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
      const importPath = sub === '.' ? 'sgp32' : `sgp32/${sub.slice(2)}`;
      expect(typedoc.entryPoints, importPath).toContain(src);
      expect(statSync(join(ROOT, src)).isFile()).toBe(true);
      expect(readFileSync(join(ROOT, src), 'utf8'), src).toMatch(new RegExp(`\\* @module ${importPath.replace('/', '\\/')}\\n`));
    }
  });
});
