/**
 * The DER encoders: per base `e<stem>(w, v)` writes the content (for CHOICE and open types
 * the complete TLV) back to front into one buffer; headers go in front once the content
 * length is known (`mark` / `wHeader`). SET components and SET OF elements in DER order.
 *
 * @module
 */
import type { BaseModel, ChoiceModel, ConstraintModel, StructModel, TypeModel } from '../model.js';
import { hexLit, ivLit, memberCatch, whatArg, numLit, stringFn, withPathCatch, propAccess, tsName, type EmitContext } from './context.js';
import { canonicalKey, countExpr } from './decode.js';
import { tsLocal } from './types.js';


function encodeChecks(ctx: EmitContext, t: TypeModel, c: ConstraintModel | undefined, v: string): string[] {
  if (!c) return [];
  const out: string[] = [];
  const rt = ctx.file.rt;
  const b = ctx.finalBase(t);
  if (c.size) {
    const size = b.kind === 'bitString' ? `${rt('bitLength')}(${v})` : countExpr(ctx, b, v);
    const what = b.kind === 'bitString' ? 'bit count' : b.kind === 'sequenceOf' || b.kind === 'setOf' ? 'number of items' : 'length';
    if (c.size.length === 1) out.push(`${rt('sizeRangeEnc')}(${size}, ${numLit(c.size[0][0])}, ${numLit(c.size[0][1])}${whatArg(what)});`);
    else out.push(`${rt('sizeInEnc')}(${size}, ${ivLit(c.size)}${whatArg(what)});`);
  }
  if (c.value && b.kind === 'integer') {
    if (c.value.length === 1) out.push(`${rt('valueRangeEnc')}(${v}, ${numLit(c.value[0][0])}, ${numLit(c.value[0][1])});`);
    else out.push(`${rt('valueInEnc')}(${v}, ${ivLit(c.value)});`);
  }
  return out;
}



function baseEncode(ctx: EmitContext, b: BaseModel, v: string): string {
  const rt = ctx.file.rt;
  switch (b.kind) {
    case 'boolean':
      return `${rt('wBool')}(w, ${v});`;
    case 'null':
      return `${rt('wNull')}(${v});`;
    case 'integer':
      return b.big ? `${rt('wBigInt')}(w, ${v});` : `${rt('wInt')}(w, ${v});`;
    case 'enumerated':
      return `${rt('wEnum')}(w, ${v}, ${ctx.enumTable(b)});`;
    case 'bitString':
      return `${rt('wBits')}(w, ${v}, ${b.named.length > 0});`;
    case 'octetString':
      return `${rt('wOctets')}(w, ${v});`;
    case 'oid':
      return `${rt('wOid')}(w, ${v});`;
    case 'relativeOid':
      return `${rt('wRelOid')}(w, ${v});`;
    case 'string':
      return `${stringFn(ctx, 'w', b.stringType)}(w, ${v});`;
    case 'time':
      return b.timeType === 'UTCTime' ? `${rt('wUtcTime')}(w, ${v});` : `${rt('wGeneralizedTime')}(w, ${v});`;
    case 'any':
      return `${rt('wTlv')}(w, ${v});`;
    case 'ref': {
      const redefined = ctx.named(b.module, b.name).builtinRedefinition;
      if (redefined) return `${stringFn(ctx, 'w', redefined)}(w, ${v});`;
      return `${ctx.refFn(b.module, b.name, 'e')}(w, ${v});`;
    }
    default:
      return `e${ctx.stem(b)}(w, ${v});`;
  }
}

function useEncode(ctx: EmitContext, t: TypeModel, v: string): string[] {
  const out: string[] = [];
  const m = ctx.fresh('m');
  if (t.constraints) out.push(...encodeChecks(ctx, t, t.constraints, v));
  out.push(`const ${m} = ${ctx.file.rt('mark')}(w);`);
  out.push(baseEncode(ctx, t.base, v));
  for (let i = t.layers.length - 1; i >= 0; i--) out.push(`${ctx.file.rt('wHeader')}(w, ${m}, ${hexLit(t.layers[i].packed)});`);
  return out;
}


function struct(ctx: EmitContext, name: string, b: StructModel, tsT: string): void {
  const o = ctx.file;
  const rt = o.rt;
  o.open(`function e${name}(w: ${o.rtType('Writer')}, v: ${tsT}): void {`);
  o.line(`if (typeof v !== 'object' || v === null) throw ${rt('notObject')}(v);`);
  o.line('let f = -1;');
  o.open('try {');
  const comps = [...b.components];
  if (b.kind === 'set') comps.sort((x, y) => canonicalKey(ctx, x.type) - canonicalKey(ctx, y.type));
  if (b.extensible) o.line(`if (v.$unknown !== undefined) ${rt('wUnknown')}(w, v.$unknown);`);
  for (const c of comps.reverse()) {
    const x = ctx.fresh('x');
    o.line(`f = ${b.components.indexOf(c)};`);
    o.line(`const ${x} = v${propAccess(tsName(c.name))};`);
    if (c.default) o.open(`if (${x} !== undefined && !${rt('deepEqual')}(${x}, ${ctx.defaultConst(c.default)})) {`);
    else if (c.optional) o.open(`if (${x} !== undefined) {`);
    else {
      o.line(`if (${x} === undefined) throw ${rt('missingEnc')}(${JSON.stringify(c.name)});`);
      o.open('{');
    }
    for (const st of useEncode(ctx, c.type, x)) o.line(st);
    o.close();
  }
  memberCatch(ctx, b.components.map((c) => c.name));
  o.close();
}

function collection(ctx: EmitContext, name: string, b: Extract<BaseModel, { kind: 'sequenceOf' | 'setOf' }>, tsT: string): void {
  const o = ctx.file;
  const rt = o.rt;
  o.open(`function e${name}(w: ${o.rtType('Writer')}, v: ${tsT}): void {`);
  o.line(`if (!Array.isArray(v)) throw ${rt('badValue')}('an array', v);`);
  if (b.kind === 'setOf') {
    o.line('let i = 0;');
    o.open('try {');
    o.open(`${rt('wSetOf')}(w, v, (w: ${o.rtType('Writer')}, item: ${tsLocal(ctx, b.element)}) => {`);
    for (const st of useEncode(ctx, b.element, 'item')) o.line(st);
    o.line('i++;');
    o.close('});');
  } else {
    o.line('let i = v.length - 1;');
    o.open('try {');
    o.open('for (; i >= 0; i--) {');
    o.line('const item = v[i];');
    for (const st of useEncode(ctx, b.element, 'item')) o.line(st);
    o.close();
  }
  withPathCatch(ctx, '`[${i}]`');
  o.close();
}

function choice(ctx: EmitContext, name: string, b: ChoiceModel, tsT: string): void {
  const o = ctx.file;
  const rt = o.rt;
  o.open(`function e${name}(w: ${o.rtType('Writer')}, v: ${tsT}): void {`);
  o.line(`if (typeof v !== 'object' || v === null) throw ${rt('badValue')}('a { $case, value } object', v);`);
  o.line('let f = -1;');
  o.open('try {');
  o.open('switch (v.$case) {');
  b.alternatives.forEach((a, i) => {
    o.open(`case ${JSON.stringify(tsName(a.name))}: {`);
    o.line(`f = ${i};`);
    for (const st of useEncode(ctx, a.type, 'v.value')) o.line(st);
    o.line('break;');
    o.close();
  });
  if (b.extensible) o.line(`case '$unknown': ${rt('wTlv')}(w, v.value); break;`);
  o.line(`default: throw ${rt('badChoice')}(v);`);
  o.close();
  memberCatch(ctx, b.alternatives.map((a) => a.name));
  o.close();
}

/** The encoder of a base; see {@link emitDecoder} for `own`. */
export function emitEncoder(ctx: EmitContext, stem: string, b: BaseModel, tsT: string, own: TypeModel | undefined): void {
  switch (b.kind) {
    case 'sequence':
    case 'set':
      return struct(ctx, stem, b, tsT);
    case 'sequenceOf':
    case 'setOf':
      return collection(ctx, stem, b, tsT);
    case 'choice':
      return choice(ctx, stem, b, tsT);
    default: {
      const o = ctx.file;
      const t: TypeModel = own ?? { layers: [], base: b };
      o.open(`function e${stem}(w: ${o.rtType('Writer')}, v: ${tsT}): void {`);
      for (const st of encodeChecks(ctx, t, t.constraints, 'v')) o.line(st);
      o.line(baseEncode(ctx, b, 'v'));
      o.close();
    }
  }
}
