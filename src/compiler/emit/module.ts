/**
 * One module of the semantic model → one TypeScript file. Per type assignment `N`:
 * - the value type `N` (an interface for SEQUENCE/SET, a type alias otherwise);
 * - `d_N` / `e_N`, the straight-line DER decoder and encoder of its base (anonymous inner
 *   types get functions named after their position, `d$Psmo_enable`);
 * - the codec `N`, built by the runtime's `codec()` from the descriptor and those two
 *   functions (decode, decodeAt, encode, toJer, fromJer, tags).
 * Then the module's value assignments and its registry entry `$module`.
 *
 * @module
 */
import type { BaseModel, ModuleModel, NamedTypeModel, ProgramModel } from '../model.js';
import { createContext, propKey, tsName } from './context.js';
import { createFile, type ImportPaths } from './file.js';
import { anonAlias, tsBase } from './types.js';
import { emitDecoder } from './decode.js';
import { emitEncoder } from './encode.js';
import { baseLit, constraintLit, layersLit } from './descriptor.js';

export interface EmitOptions {
  /** Import path of the DER runtime surface from the generated file. */
  readonly runtimeImport?: string;
  /** Import path of the codec builder (default: `jer/codec.js` beside the runtime's `der/`). */
  readonly codecImport?: string;
  /** Import path of a sibling generated module, by module name. */
  readonly moduleImport?: (moduleName: string) => string;
  /** The command that regenerates the file, for its header. */
  readonly command?: string;
  /** The namespace a module is exported under (`Sgp32`), recorded in its registry entry. */
  readonly namespaceOf?: (moduleName: string) => string | undefined;
}

function importPaths(options: EmitOptions): ImportPaths {
  const runtime = options.runtimeImport ?? '../der/runtime.js';
  return {
    runtime,
    codec: options.codecImport ?? runtime.replace(/der\/runtime\.js$/, 'jer/codec.js'),
    module: options.moduleImport ?? ((m: string) => `./${m}.js`),
  };
}

function docComment(t: NamedTypeModel): string[] {
  const lines = t.text.replace(/\*\//g, '*\\/').split('\n');
  return ['/**', ` * ${t.module}.${t.name} — ${t.pos.file.split('/').pop()}:${t.pos.line}`, ' *', ' * ```asn1', ...lines.map((l) => ` * ${l.replace(/\s+$/, '')}`), ' * ```', ' */'];
}

/** Matches `name` as a whole identifier (names may contain `$`). */
function wordRe(name: string): RegExp {
  return new RegExp(`(?<![\\w$])${name.replace(/\$/g, () => '\\$')}(?![\\w$])`, 'g');
}

function namedType(items: readonly (readonly [string, number])[]): string {
  return `{ ${items.map(([k, v]) => `readonly ${propKey(tsName(k))}: ${v}`).join('; ')} }`;
}

export function emitModule(program: ProgramModel, mod: ModuleModel, options: EmitOptions = {}): string {
  const file = createFile(importPaths(options));
  const ctx = createContext(program, mod, file);
  const o = file;
  file.preamble(`const M = ${JSON.stringify(mod.name)};`);

  // Types of the same shape get the same decoder and encoder text (a SEQUENCE OF
  // SubjectKeyIdentifier in four places, INTEGER types without constraints, …): the second
  // and later copies become aliases of the first, about a sixth of all generated functions.
  // Names are compared with the function's own name and value type left out; its locals are
  // numbered from 1 in each function so that equal shapes give equal text.
  const firstOf = new Map<string, string>();
  const shared = (fn: string, tsT: string, emit: () => void) => {
    const from = file.size();
    ctx.resetFresh();
    emit();
    const key = file.since(from).join('\n').replace(wordRe(fn), '\0').replace(wordRe(tsT), '\x01');
    const first = firstOf.get(key);
    if (first === undefined) firstOf.set(key, fn);
    else {
      file.truncate(from);
      o.line(`const ${fn} = ${first};`);
    }
  };
  const functionsOf = (stem: string, b: BaseModel, tsT: string, typeName: string, own: NamedTypeModel['type'] | undefined) => {
    shared(`d${stem}`, tsT, () => emitDecoder(ctx, stem, b, tsT, typeName, own));
    shared(`e${stem}`, tsT, () => emitEncoder(ctx, stem, b, tsT, own));
  };

  for (const t of mod.types) {
    const n = tsName(t.name);
    const b = t.type.base;
    for (const l of docComment(t)) o.line(l);
    const tsT = tsBase(ctx, b);
    if (b.kind === 'sequence' || b.kind === 'set') o.line(`export interface ${n} ${tsT}`);
    else o.line(`export type ${n} = ${tsT};`);
    functionsOf(`_${n}`, b, n, t.name, t.type);

    // Named numbers and bits keep their literal types on the codec (`N.values.ok`), under
    // their TypeScript names (the descriptor keeps the ASN.1 spelling).
    let extra = '';
    if ((b.kind === 'integer' || b.kind === 'bitString') && b.named.length) extra = `, { readonly ${b.kind === 'integer' ? 'values' : 'bits'}: ${namedType(b.named)} }`;
    else if (b.kind === 'enumerated') extra = `, { readonly values: ${namedType(b.items)} }`;
    const cons = constraintLit(t.type.constraints);
    o.line(`/** Codec of {@link ${n}}: decode, decodeAt, encode, toJer, fromJer. */`);
    o.line(
      `export const ${n} = /*@__PURE__*/ ${file.codecFn()}<${n}${extra}>(M, ${JSON.stringify(t.name)}, ${layersLit(t.type)}, ${baseLit(ctx, b)}, d_${n}, e_${n}, ${cons ?? 0}, (b, o): ${n} => ${file.codecFn('decodeEntry')}(b, o, ${n}, d_${n}), (v): Uint8Array => ${file.codecFn('encodeEntry')}(v, ${n}, e_${n}));`,
    );
    o.line('');
    // Anonymous inner types reached from this type.
    while (ctx.pending.length) {
      const a = ctx.pending.shift()!;
      const stem = ctx.stem(a);
      o.line(anonAlias(ctx, a));
      functionsOf(stem, a, `T${stem}`, t.name, undefined);
      o.line('');
    }
  }

  for (const v of mod.values) {
    const lit = v.value.kind === 'integer' ? (v.value.value >= BigInt(Number.MIN_SAFE_INTEGER) && v.value.value <= BigInt(Number.MAX_SAFE_INTEGER) ? String(v.value.value) : `${v.value.value}n`) : JSON.stringify(v.value.value);
    o.line(`/** ${v.module}.${v.name} — \`${v.text.replace(/\s+/g, ' ').replace(/\*\//g, '*\\/')}\` */`);
    o.line(`export const ${tsName(v.name)} = ${lit};`);
  }
  if (mod.values.length) o.line('');

  // The registry entry: every codec and the OBJECT IDENTIFIER values, by reference, so that
  // a bundle that does not register the module drops all of it.
  const oids = mod.values.filter((v) => v.value.kind === 'oid');
  const ns = options.namespaceOf?.(mod.name);
  o.line(`/** ${mod.name} as a registry entry: \`createRegistry(…)\` takes it. */`);
  o.open(`export const $module: ${file.rtType('ModuleEntry')} = {`);
  o.line('name: M,');
  if (mod.oid) o.line(`oid: ${JSON.stringify(mod.oid)},`);
  if (ns) o.line(`namespace: ${JSON.stringify(ns)},`);
  o.line(`types: [${mod.types.map((t) => tsName(t.name)).join(', ')}],`);
  if (oids.length) o.line(`oids: { ${oids.map((v) => `${propKey(v.name)}: ${tsName(v.name)}`).join(', ')} },`);
  o.close('};');

  return file.text([
    `// Generated by the sgp32 ASN.1 compiler from ${mod.file.split('/').pop()} (module ${mod.name}) — do not edit.`,
    `// Regenerate with: ${options.command ?? 'npm run gen'}`,
    '/* eslint-disable */',
    '',
  ]);
}
