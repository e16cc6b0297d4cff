/**
 * src/generated is the compiler's output for asn1/*.asn and nothing else: regenerate into a
 * temporary folder with the same function `npm run gen` uses and compare file by file.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../scripts/gen.js';

const root = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const out = mkdtempSync(join(tmpdir(), 'sgp32-gen-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** First differing line of two texts, for a readable failure. */
function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}:\n  committed:   ${la[i] ?? '<end of file>'}\n  regenerated: ${lb[i] ?? '<end of file>'}`;
  }
  return 'identical';
}

describe('src/generated is up to date', () => {
  const files = generate(root);
  for (const f of files) writeFileSync(join(out, f.fileName), f.source);

  it('regenerates the same set of files', () => {
    const committed = readdirSync(join(root, 'src/generated')).filter((f) => f.endsWith('.ts')).sort();
    expect(readdirSync(out).sort()).toEqual(committed);
  });

  it.each(files.map((f) => [f.fileName] as const))('%s matches `npm run gen` output', (fileName) => {
    const committed = readFileSync(join(root, 'src/generated', fileName), 'utf8');
    const regenerated = readFileSync(join(out, fileName), 'utf8');
    if (committed !== regenerated) {
      throw new Error(`src/generated/${fileName} is stale; run \`npm run gen\` and commit. First difference at ${firstDifference(committed, regenerated)}`);
    }
  });

  it('generation is deterministic', () => {
    const again = generate(root);
    expect(again.map((f) => f.source)).toEqual(files.map((f) => f.source));
  });
});
