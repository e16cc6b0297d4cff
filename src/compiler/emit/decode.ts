/**
 * The DER decoders: straight-line code over integer offsets into one Uint8Array, no TLV
 * objects, no copies of OCTET STRING content. Per base `d<stem>(r, t, s, e, h)` decodes the
 * content [s, e) of a TLV whose tag `t` the caller matched (for CHOICE and open types: the
 * complete TLV at `h`).
 *
 * @module
 */
import type { BaseModel, ChoiceModel, ConstraintModel, StructModel, TypeModel } from '../model.js';
import { layerText, tagHexOf } from '../model.js';
import { hexLit, ivLit, memberCatch, whatArg, numLit, stringFn, withPathCatch, propAccess, propKey, tsName, type EmitContext } from './context.js';
import { tsLocal } from './types.js';


/** SIZE of a string counts characters: code points for UTF8String and UniversalString. */
export function countExpr(ctx: EmitContext, b: BaseModel, v: string): string {
  return b.kind === 'string' && (b.stringType === 'UTF8String' || b.stringType === 'UniversalString') ? `${ctx.file.rt('charCount')}(${v})` : `${v}.length`;
}

function measure(ctx: EmitContext, t: TypeModel, v: string, s: string, e: string): { size: string; what: string } {
  const b = ctx.finalBase(t);
  switch (b.kind) {
    case 'octetString':
      return { size: `${v}.length`, what: 'length' };
    case 'string':
      // A decoded UTF8String has as many characters as octets when they are all ASCII.
      if (b.stringType === 'UTF8String') return { size: `${ctx.file.rt('utf8Count')}(${v}, ${e} - ${s})`, what: 'length' };
      return { size: countExpr(ctx, b, v), what: 'length' };
    case 'bitString':
      return { size: `${ctx.file.rt('bitLength')}(${v})`, what: 'bit count' };
    case 'sequenceOf':
    case 'setOf':
      return { size: `${v}.length`, what: 'number of items' };
    default:
      return { size: countExpr(ctx, b, v), what: 'length' };
  }
}

export function decodeChecks(ctx: EmitContext, t: TypeModel, c: ConstraintModel | undefined, v: string, s: string, e: string): string[] {
  if (!c) return [];
  const out: string[] = [];
  const rt = ctx.file.rt;
  if (c.size) {
    const m = measure(ctx, t, v, s, e);
    if (c.size.length === 1) out.push(`${rt('sizeCheck')}(${m.size}, ${numLit(c.size[0][0])}, ${numLit(c.size[0][1])}, ${s}${whatArg(m.what)});`);
    else out.push(`${rt('sizeIn')}(${m.size}, ${ivLit(c.size)}, ${s}${whatArg(m.what)});`);
  }
  if (c.value && ctx.finalBase(t).kind === 'integer') {
    if (c.value.length === 1) out.push(`${rt('rangeCheck')}(${v}, ${numLit(c.value[0][0])}, ${numLit(c.value[0][1])}, ${s});`);
    else out.push(`${rt('valueIn')}(${v}, ${ivLit(c.value)}, ${s});`);
  }
  return out;
}



/**
 * Expression decoding the base content (or TLV for CHOICE/open types) from header vars.
 * `prim`, when the caller matched the tag `t` against one known tag of a string kind, is that
 * tag's primitive form: the expression then tells the forms apart by `t`, already in a
 * register, and calls the primitive reader directly (no `r.b[h]` load, no `s…` wrapper, one
 * call level less where a large decoder has used up the JIT's inlining budget).
 */
export function baseDecodeExpr(ctx: EmitContext, b: BaseModel, t: string, s: string, e: string, h: string, prim?: number): string {
  const rt = ctx.file.rt;
  if (prim !== undefined) {
    const p = `${t} === ${hexLit(prim)}`;
    const seg = (read: string, extra = '') => `${rt('rStringC')}(r, ${s}, ${e}, ${h}, ${read}${extra})`;
    switch (b.kind) {
      case 'octetString':
        return `${p} ? new Uint8Array(r.buf, r.off + ${s}, ${e} - ${s}) : ${rt('rOctetsC')}(r, ${s}, ${e}, ${h})`;
      case 'bitString':
        return `${p} ? ${rt('rBits')}(r, ${s}, ${e}, ${b.named.length > 0}) : ${seg(rt('rBits'), `, ${b.named.length > 0}`)}`;
      case 'string': {
        const read = stringFn(ctx, 'r', b.stringType);
        return `${p} ? ${read}(r, ${s}, ${e}) : ${seg(read)}`;
      }
      case 'time': {
        const read = rt(b.timeType === 'UTCTime' ? 'rUtcTime' : 'rGeneralizedTime');
        return `${p} ? ${read}(r, ${s}, ${e}) : ${seg(read)}`;
      }
    }
  }
  switch (b.kind) {
    case 'boolean':
      return `${rt('rBool')}(r, ${s}, ${e})`;
    case 'null':
      return `${rt('rNull')}(r, ${s}, ${e})`;
    case 'integer':
      return b.big ? `${rt('rBigInt')}(r, ${s}, ${e})` : `${rt('rInt')}(r, ${s}, ${e})`;
    case 'enumerated':
      return `(${rt('rEnum')}(r, ${s}, ${e}, ${ctx.enumTable(b)}) as ${b.items.map(([k]) => JSON.stringify(k)).join(' | ')})`;
    case 'bitString':
      return `${rt('sBits')}(r, ${s}, ${e}, ${h}, ${b.named.length > 0})`;
    case 'octetString':
      // rOctets in line (a zero-copy view), unless the encoding is constructed (bit 6 of the
      // identifier octet at h): segments, which rOctetsC joins in lenient mode and refuses in
      // strict mode (X.690 §8.7.3, §10.2).
      return `r.b[${h}] & 32 ? ${rt('rOctetsC')}(r, ${s}, ${e}, ${h}) : new Uint8Array(r.buf, r.off + ${s}, ${e} - ${s})`;
    case 'oid':
      return `${rt('rOid')}(r, ${s}, ${e})`;
    case 'relativeOid':
      return `${rt('rRelOid')}(r, ${s}, ${e})`;
    case 'string':
      return `${stringFn(ctx, 's', b.stringType)}(r, ${s}, ${e}, ${h})`;
    case 'time':
      return `${rt(b.timeType === 'UTCTime' ? 'sUtcTime' : 'sGeneralizedTime')}(r, ${s}, ${e}, ${h})`;
    case 'any':
      return `${rt('rTlv')}(r, ${h})`;
    case 'ref': {
      const redefined = ctx.named(b.module, b.name).builtinRedefinition;
      if (redefined) return `${stringFn(ctx, 's', redefined)}(r, ${s}, ${e}, ${h})`;
      return `${ctx.refFn(b.module, b.name, 'd')}(r, ${t}, ${s}, ${e}, ${h})`;
    }
    default:
      return `d${ctx.stem(b)}(r, ${t}, ${s}, ${e}, ${h})`;
  }
}

/**
 * Statements decoding a value of `t` into `target`, given the header (t, s, e, h) of its
 * outermost TLV, whose tag the caller has matched against the first layer.
 */
function useDecode(ctx: EmitContext, t: TypeModel, vt: string, vs: string, ve: string, vh: string, target: string): string[] {
  const out: string[] = [];
  const rt = ctx.file.rt;
  const L = t.layers;
  const wrappers = L.length === 0 ? 0 : ctx.isTlv(t) ? L.length : L.length - 1;
  let [ct, cs, ce, ch] = [vt, vs, ve, vh];
  // Inside the last layer of a CHOICE or open type is one TLV of the base itself: its tags
  // are those of the final base, not of the (tagged) type a reference names.
  const inner: TypeModel = { layers: [], base: ctx.finalBase(t) };
  for (let i = 1; i <= wrappers; i++) {
    const [nt, ns, ne, nh] = [ctx.fresh('t'), ctx.fresh('s'), ctx.fresh('e'), ctx.fresh('h')];
    out.push(`${rt('hdr')}(r, ${cs}, ${ce});`);
    out.push(`if (r.n !== ${ce}) throw ${rt('fail')}('trailing-data', r.n, 'explicit tag holds more than one value');`);
    if (i < L.length) out.push(`if (!(${ctx.layerMatch(t, i, 'r.t')})) throw ${rt('unexpected')}(r, ${cs}, r.t, ${JSON.stringify(layerText(L[i]) + ' tag ' + tagHexOf(L[i].packed))});`);
    else if (ctx.firstTags(inner) !== null && !ctx.openChoice({ layers: [], base: t.base })) out.push(`if (!(${ctx.matchExpr(inner, 'r.t')})) throw ${rt('unexpected')}(r, ${cs}, r.t, ${ctx.tagArg(inner)});`);
    out.push(`const ${nt} = r.t, ${ns} = r.s, ${ne} = r.e, ${nh} = ${cs};`);
    [ct, cs, ce, ch] = [nt, ns, ne, nh];
  }
  // The TLV in hand has the tag of the last layer (or the base's own): its primitive form.
  const own = ctx.firstTags({ layers: L.slice(wrappers), base: t.base });
  const prim = own !== null && own.length === 1 ? own[0] : undefined;
  out.push(`${target} = ${baseDecodeExpr(ctx, t.base, ct, cs, ce, ch, prim)};`);
  if (t.constraints) out.push(...decodeChecks(ctx, t, t.constraints, target, cs, ce));
  return out;
}


/** The opening both SEQUENCE and SET decoders share: the signature, the depth step, the component index for error paths, and the `try` that grows the path. */
function openStructDecoder(ctx: EmitContext, name: string, tsT: string): void {
  const o = ctx.file;
  o.open(`function d${name}(r: ${o.rtType('Reader')}, t: number, s: number, e: number, h: number): ${tsT} {`);
  o.line(`${o.rt('enter')}(r, h);`);
  o.line('let f = -1;');
  o.open('try {');
}

function struct(ctx: EmitContext, name: string, b: StructModel, tsT: string): void {
  if (b.kind === 'set') return set(ctx, name, b, tsT);
  const o = ctx.file;
  const rt = o.rt;
  openStructDecoder(ctx, name, tsT);
  o.line('let p = s, ht = -1, hs = 0, he = 0, hn = 0, hl = 0;');
  o.line('const b = r.b;');
  b.components.forEach((c, ci) => {
    const v = `c_${tsName(c.name)}`;
    o.line(`f = ${ci};`);
    // The next header: one-octet tag with a short-form length read in line (most TLVs of
    // these modules), anything else by `hdrLong` (`hdr` without the test just made). In line because the calls of a large decoder
    // exhaust the JIT's inlining budget long before its last component. A header that cannot
    // be read belongs to no component yet (its tag is not matched; it may be an unknown
    // component): `hdrNext` ends the error's path at this SEQUENCE. An open type takes any
    // tag, so there the header is the component's own.
    // `ht < 0` (no header pending) is known at the first component and after a mandatory one.
    const slow = ctx.matchTags(c.type) === null ? `${rt('hdrLong')}(r, p, e); ht = r.t;` : `ht = ${rt('hdrNext')}(r, p, e);`;
    const prev = b.components[ci - 1];
    const pending = ci > 0 && (prev.optional || prev.default !== undefined) ? 'ht < 0 && ' : '';
    o.line(`if (${pending}p < e) { ht = b[p]; hl = b[p + 1]; if ((ht & 31) < 31 && hl < 128 && (hn = p + 2 + hl) <= e) { hs = p + 2; he = hn; } else { ${slow} hs = r.s; he = r.e; hn = r.n; } }`);
    o.line(`let ${v}: ${tsLocal(ctx, c.type)}${c.optional && !c.default ? ' | undefined' : ''};`);
    let cond = ctx.matchExpr(c.type, 'ht');
    if (!c.optional && !c.default && ctx.openChoice(c.type)) {
      // A mandatory extensible CHOICE also takes a tag no later component can have: an
      // alternative added by a later version.
      const later = b.components.slice(ci + 1).map((x) => `(${ctx.matchExpr(x.type, 'ht')})`);
      cond = `${cond === 'false' ? '' : `${cond} || `}(ht >= 0${later.length ? ` && !(${later.join(' || ')})` : ''})`;
    }
    o.open(`if (${cond}) {`);
    for (const st of useDecode(ctx, c.type, 'ht', 'hs', 'he', 'p', v)) o.line(st);
    if (c.default) o.line(`if (${rt('deepEqual')}(${v}, ${ctx.defaultConst(c.default)})) ${rt('deviation')}(r, 'default-encoded', p, ${JSON.stringify(`${c.name} encoded with its DEFAULT value`)});`);
    o.line('p = hn;');
    o.line('ht = -1;');
    if (c.default) o.close(`} else ${v} = ${ctx.defaultConst(c.default)};`);
    else if (c.optional) o.close();
    else o.close(`} else throw ${rt('absent')}(r, p, e, ht, ${ctx.memberNames(b.components.map((x) => x.name))}[${ci}], ${ctx.tagArg(c.type)});`);
  });
  o.line('f = -1;');
  if (b.extensible) o.line(`const unknown = p < e ? ${rt('rUnknown')}(r, p, e) : undefined;`);
  else o.line(`if (p < e) { ${rt('hdr')}(r, p, e); throw ${rt('unexpected')}(r, p, r.t, 'the end of the ${b.kind.toUpperCase()}'); }`);
  valueObject(ctx, b, tsT);
  if (b.extensible) o.line('if (unknown !== undefined) v.$unknown = unknown;');
  o.line('r.depth--;');
  o.line(`if (r.keep) ${rt('keepEncoded')}(r, v, h, e);`);
  o.line(`return v as ${tsT};`);
  memberCatch(ctx, b.components.map((c) => c.name));
  o.close();
}

/**
 * The decoded value of a SEQUENCE/SET: one object literal with the mandatory (and DEFAULT)
 * components, then each OPTIONAL component that is present, in declaration order, so that
 * absent components are absent properties (DESIGN.md).
 *
 * V8 gives an object made by a literal exactly as many in-object property slots as the
 * literal has keys; each property added later goes to a separate, growing property array
 * (one more allocation, and a copy, every third property). The literal therefore repeats its
 * shortest key once per OPTIONAL component: a repeated key defines nothing more (the object
 * has the same properties, in the same order) but reserves an in-object slot for each
 * optional component. Re-measured after the descriptor change with bench/paired-builds.ts
 * (each build in its own process, CPU time): without the repeats decode/epr is 10 % slower,
 * geteimpkg 6 %, euiccinfo2 5 %. Other engines ignore the repeats, and a minifier that drops
 * them only loses the speed; test/der/value-shape.test.ts checks that values keep their
 * properties and order.
 */
function valueObject(ctx: EmitContext, b: StructModel, tsT: string): void {
  const o = ctx.file;
  const required = b.components.filter((c) => !c.optional || c.default);
  const optional = b.components.filter((c) => c.optional && !c.default);
  const fields = required.map((c) => `${propKey(tsName(c.name))}: c_${tsName(c.name)}`);
  const decl = `const v: ${o.rtType('Mutable')}<${tsT}> =`;
  if (required.length === 0 || optional.length === 0) o.line(`${decl} { ${fields.join(', ')} };`);
  else {
    const slot = fields.reduce((a, x) => (x.length < a.length ? x : a));
    o.open(`${decl} {`);
    o.line(`${fields.join(', ')},`);
    o.line('// @ts-expect-error TS1117: the repeated key reserves in-object slots for the OPTIONAL components (valueObject)');
    o.line(`${Array.from(optional, () => slot).join(', ')},`);
    o.close('};');
  }
  for (const c of optional) o.line(`if (c_${tsName(c.name)} !== undefined) v${propAccess(tsName(c.name))} = c_${tsName(c.name)};`);
}

/** DER order key of a SET component (X.690 §10.3): class, then number. */
export function canonicalKey(ctx: EmitContext, t: TypeModel): number {
  const tags = ctx.firstTags(t);
  if (!tags || tags.length === 0) return Number.MAX_SAFE_INTEGER;
  const l = t.layers[0];
  if (l) return l.cls * 2 ** 24 + l.num;
  return Math.min(...tags);
}

function set(ctx: EmitContext, name: string, b: StructModel, tsT: string): void {
  const o = ctx.file;
  const rt = o.rt;
  openStructDecoder(ctx, name, tsT);
  o.line('let p = s, last = -1;');
  o.line('let unknown: Uint8Array[] | undefined;');
  for (const c of b.components) o.line(`let c_${tsName(c.name)}: ${tsLocal(ctx, c.type)} | undefined;`);
  o.open('while (p < e) {');
  o.line(`${rt('hdrNext')}(r, p, e);`);
  o.line('const ht = r.t, hs = r.s, he = r.e, hn = r.n;');
  let first = true;
  for (const c of b.components) {
    const v = `c_${tsName(c.name)}`;
    o.open(`${first ? '' : '} else '}if (${ctx.matchExpr(c.type, 'ht')}) {`);
    first = false;
    o.line(`f = ${b.components.indexOf(c)};`);
    o.line(`if (${v} !== undefined) throw ${rt('fail')}('duplicate-component', p, ${JSON.stringify(`${c.name} appears twice in the SET`)});`);
    o.line(`if (${canonicalKey(ctx, c.type)} < last) ${rt('deviation')}(r, 'set-order', p, 'SET components not in tag order');`);
    o.line(`last = ${canonicalKey(ctx, c.type)};`);
    for (const st of useDecode(ctx, c.type, 'ht', 'hs', 'he', 'p', v)) o.line(st);
    o.close('');
  }
  o.dropLast();
  o.open(`${first ? '{' : '} else {'}`);
  if (b.extensible) o.line(`unknown = ${rt('rUnknown')}(r, p, hn, unknown);`);
  else o.line(`throw ${rt('unexpected')}(r, p, ht, 'a component of the SET');`);
  o.close();
  o.line('p = hn;');
  o.close();
  o.line('f = -1;');
  for (const c of b.components) {
    const v = `c_${tsName(c.name)}`;
    if (c.default) o.line(`if (${v} === undefined) ${v} = ${ctx.defaultConst(c.default)};`);
    else if (!c.optional) o.line(`if (${v} === undefined) throw ${rt('missing')}(e, ${JSON.stringify(c.name)}, ${ctx.tagArg(c.type)});`);
  }
  valueObject(ctx, b, tsT);
  if (b.extensible) o.line('if (unknown !== undefined) v.$unknown = unknown;');
  o.line('r.depth--;');
  o.line(`if (r.keep) ${rt('keepEncoded')}(r, v, h, e);`);
  o.line(`return v as ${tsT};`);
  memberCatch(ctx, b.components.map((c) => c.name));
  o.close();
}

function collection(ctx: EmitContext, name: string, b: Extract<BaseModel, { kind: 'sequenceOf' | 'setOf' }>, tsT: string): void {
  const o = ctx.file;
  const rt = o.rt;
  const el = b.element;
  o.open(`function d${name}(r: ${o.rtType('Reader')}, t: number, s: number, e: number, h: number): ${tsT} {`);
  o.line(`${rt('enter')}(r, h);`);
  o.line(`const out: (${tsLocal(ctx, el)})[] = [];`);
  o.line('let p = s, ht = 0, hs = 0, he = 0, hn = 0, hl = 0;');
  o.line('const b = r.b;');
  if (b.kind === 'setOf') o.line('let ps = -1, pe = 0;');
  o.open('try {');
  o.open('while (p < e) {');
  // Each item's header as a SEQUENCE component's (see struct): the common one-octet tag with
  // a short length in line, anything else by `hdrLong`.
  o.line(`ht = b[p]; hl = b[p + 1]; if ((ht & 31) < 31 && hl < 128 && (hn = p + 2 + hl) <= e) { hs = p + 2; he = hn; } else { ${rt('hdrLong')}(r, p, e); ht = r.t; hs = r.s; he = r.e; hn = r.n; }`);
  if (!ctx.openChoice(el)) o.line(`if (!(${ctx.matchExpr(el, 'ht')})) throw ${rt('unexpected')}(r, p, ht, ${ctx.tagArg(el)});`);
  o.line(`let item: ${tsLocal(ctx, el)};`);
  for (const st of useDecode(ctx, el, 'ht', 'hs', 'he', 'p', 'item')) o.line(st);
  if (b.kind === 'setOf') {
    o.line(`if (ps >= 0) ${rt('setOrder')}(r, ps, pe, p, hn);`);
    o.line('ps = p;');
    o.line('pe = hn;');
  }
  o.line('out.push(item);');
  o.line('p = hn;');
  o.close();
  withPathCatch(ctx, '`[${out.length}]`');
  o.line('r.depth--;');
  o.line('return out;');
  o.close();
}

function choice(ctx: EmitContext, name: string, b: ChoiceModel, tsT: string, typeName: string): void {
  const o = ctx.file;
  const rt = o.rt;
  o.open(`function d${name}(r: ${o.rtType('Reader')}, t: number, s: number, e: number, h: number): ${tsT} {`);
  o.line(`${rt('enter')}(r, h);`);
  o.line('let f = -1;');
  o.open('try {');
  o.line(`let v: ${tsT};`);
  o.open('switch (t) {');
  let anyAlt: (typeof b.alternatives)[number] | undefined;
  for (const a of b.alternatives) {
    const tags = ctx.matchTags(a.type);
    if (tags === null) {
      anyAlt = a;
      continue;
    }
    if (tags.length === 0) continue;
    for (const tg of tags) o.line(`case ${hexLit(tg)}:`);
    o.open('{');
    o.line(`f = ${b.alternatives.indexOf(a)};`);
    o.line(`let x: ${tsLocal(ctx, a.type)};`);
    for (const st of useDecode(ctx, a.type, 't', 's', 'e', 'h', 'x')) o.line(st);
    o.line(`v = { $case: ${JSON.stringify(tsName(a.name))}, value: x };`);
    o.line('break;');
    o.close();
  }
  o.open('default:');
  if (anyAlt) {
    o.line(`f = ${b.alternatives.indexOf(anyAlt)};`);
    o.line(`v = { $case: ${JSON.stringify(tsName(anyAlt.name))}, value: ${rt('rTlv')}(r, h) };`);
  } else if (b.extensible) o.line(`v = { $case: '$unknown', value: ${rt('rTlv')}(r, h) };`);
  else o.line(`throw ${rt('unexpected')}(r, h, t, ${JSON.stringify(`an alternative of ${typeName}`)});`);
  o.dedent();
  o.close();
  o.line('r.depth--;');
  o.line(`if (r.keep) ${rt('keepEncoded')}(r, v, h, e);`);
  o.line('return v;');
  memberCatch(ctx, b.alternatives.map((a) => a.name));
  o.close();
}

/**
 * The decoder of a base: composite kinds get their own shape; a named type over a primitive
 * or another named type decodes the base and checks its own constraints (`own`).
 */
export function emitDecoder(ctx: EmitContext, stem: string, b: BaseModel, tsT: string, typeName: string, own: TypeModel | undefined): void {
  switch (b.kind) {
    case 'sequence':
    case 'set':
      return struct(ctx, stem, b, tsT);
    case 'sequenceOf':
    case 'setOf':
      return collection(ctx, stem, b, tsT);
    case 'choice':
      return choice(ctx, stem, b, tsT, typeName);
    default: {
      const o = ctx.file;
      const t: TypeModel = own ?? { layers: [], base: b };
      o.open(`function d${stem}(r: ${o.rtType('Reader')}, t: number, s: number, e: number, h: number): ${tsT} {`);
      o.line(`const v = ${baseDecodeExpr(ctx, b, 't', 's', 'e', 'h')};`);
      for (const st of decodeChecks(ctx, t, t.constraints, 'v', 's', 'e')) o.line(st);
      o.line('return v;');
      o.close();
    }
  }
}
