/**
 * The codec objects of generated types keep V8's fast properties. Generated modules call one
 * another through them (`Iccid.$d(…)` inside a SEQUENCE of another module); an object in
 * dictionary mode turns each such call into a hash look-up. An object literal with an accessor
 * is one (the `tags` getter did that to every codec, 10 % of a small message's decode).
 *
 * V8's own predicate, `%HasFastProperties`, is only callable with --allow-natives-syntax, so the
 * check runs in a child Node process over every codec of the default registry (the built
 * library, as users load it) and one built at run time by compileRegistry.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ensureBuilt, ROOT } from '../cli/helpers.js';

const script = `
const dist = process.argv[1];
const { defaultRegistry } = await import(dist + '/generated/registry.js');
const { compileRegistry } = await import(dist + '/inspect/index.js');
const runtime = compileRegistry([{ file: 'm.asn', text: 'M DEFINITIONS IMPLICIT TAGS ::= BEGIN A ::= [1] SEQUENCE { x INTEGER, y UTF8String OPTIONAL } END' }]);
const codecs = [...defaultRegistry.modules.flatMap((m) => m.types), runtime.type('M.A')];
const slow = codecs.filter((c) => !%HasFastProperties(c)).map((c) => c.moduleName + '.' + c.typeName);
// Used once, as users do (decode fills the lazily worked-out top-level shape).
for (const c of codecs.slice(0, 50)) void c.tags;
const slowAfter = codecs.filter((c) => !%HasFastProperties(c)).map((c) => c.moduleName + '.' + c.typeName);
console.log(JSON.stringify({ count: codecs.length, slow, slowAfter }));
`;

describe('codec objects', () => {
  it('every generated codec has fast properties, before and after first use', () => {
    ensureBuilt();
    const dist = join(ROOT, 'dist');
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script, dist], { encoding: 'utf8' });
    const r = JSON.parse(out) as { count: number; slow: string[]; slowAfter: string[] };
    expect(r.count).toBeGreaterThan(400);
    expect(r.slow).toEqual([]);
    expect(r.slowAfter).toEqual([]);
  });
});
