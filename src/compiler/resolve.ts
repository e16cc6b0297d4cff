/**
 * The resolver: syntax trees of a set of modules → the semantic model.
 *
 * - IMPORTS: each module is its own namespace; an imported name is looked up in the module it
 *   is imported from, following re-exports (SGP32Definitions imports UICCCapability from
 *   RSPDefinitions, which itself imports it from PEDefinitions).
 * - Tags (X.680 §31): the tag default of the module that *defines* a type applies; a tag on a
 *   CHOICE or an open type is explicit; AUTOMATIC tagging numbers the components of a
 *   SEQUENCE/SET/CHOICE from 0 only when none of its root components carries a written tag
 *   (§25.3, §29.3); an implicit tag replaces the outermost tag of the tagged type.
 * - EXTENSIBILITY IMPLIED makes every SEQUENCE, SET, CHOICE and ENUMERATED extensible (§13.4).
 * - Constraints are reduced to the intervals of SIZE and value that a decoder can check.
 * - Checks: undefined references, duplicate definitions, duplicate tags among the
 *   alternatives of a CHOICE, the components of a SET, and the optional runs of a SEQUENCE
 *   (§25.5), and untagged open types where they make decoding ambiguous.
 *
 * The parts live under ./resolve/ (names, values, layers, models, checks, constraints,
 * defaults), each a set of functions over one shared state (resolve/state.ts).
 *
 * @module
 */
import { Asn1SyntaxError, type AssignmentAst, type ModuleAst } from './ast.js';
import type { ModuleModel, NamedTypeModel, NamedValueModel, ProgramModel } from './model.js';
import { layerText } from './model.js';
import type { Resolver } from './resolve/state.js';
import { nameFunctions } from './resolve/names.js';
import { valueFunctions } from './resolve/values.js';
import { layerFunctions } from './resolve/layers.js';
import { modelFunctions } from './resolve/models.js';
import { checkFunctions } from './resolve/checks.js';
import { constraintFunctions } from './resolve/constraints.js';
import { defaultFunctions } from './resolve/defaults.js';

export { mergeConstraints } from './resolve/constraints.js';

export interface ResolveOptions {
  /**
   * INTEGER types (as `Module.Type`) decoded to `bigint` rather than `number`. Defaults to the
   * certificate and CRL serial numbers of RFC 5280.
   */
  readonly bigIntTypes?: readonly string[];
}

export const DEFAULT_BIGINT_TYPES = [
  'PKIX1Explicit88.CertificateSerialNumber',
  'PKIX1Implicit88.CRLNumber',
  'PKIX1Implicit88.BaseCRLNumber',
];

export function resolveModules(mods: readonly ModuleAst[], options: ResolveOptions = {}): ProgramModel {
  const byName = new Map<string, ModuleAst>();
  for (const m of mods) {
    if (byName.has(m.name)) throw new Asn1SyntaxError('duplicate-definition', `module ${m.name} defined twice`, m.pos);
    byName.set(m.name, m);
  }
  const local = new Map<string, Map<string, AssignmentAst>>();
  for (const m of mods) {
    const defs = new Map<string, AssignmentAst>();
    for (const a of m.assignments) {
      if (defs.has(a.name)) throw new Asn1SyntaxError('duplicate-definition', `${a.name} is defined twice in ${m.name}`, a.pos);
      defs.set(a.name, a);
    }
    local.set(m.name, defs);
  }
  // Each part adds its functions; they call each other through `rs` at run time only.
  const rs = {
    bigTypes: new Set(options.bigIntTypes ?? DEFAULT_BIGINT_TYPES),
    byName,
    local,
    importMaps: new Map<string, Map<string, string>>(),
    typeMemo: new Map<string, NamedTypeModel>(),
    deferredChoiceChecks: [],
  } as unknown as Resolver;
  for (const part of [nameFunctions, valueFunctions, layerFunctions, modelFunctions, checkFunctions, constraintFunctions, defaultFunctions]) {
    Object.assign(rs, part(rs));
  }
  rs.importAll(mods);


  const modules: ModuleModel[] = mods.map((m) => {
    const types: NamedTypeModel[] = [];
    const values: NamedValueModel[] = [];
    for (const a of m.assignments) {
      if (a.kind === 'type') types.push(rs.namedType({ mod: m, ast: a }, a.pos));
      else if (a.kind === 'value') values.push({ module: m.name, name: a.name, value: rs.namedValue(m, a.name, a.pos), pos: a.pos, text: a.text });
    }
    const oidArcs = m.oid?.map((c) => (c.kind === 'name' ? undefined : String(c.value)));
    return {
      name: m.name,
      file: m.pos.file,
      oid: oidArcs && oidArcs.every((x) => x !== undefined) ? oidArcs.join('.') : undefined,
      tagDefault: m.tagDefault,
      extensibilityImplied: m.extensibilityImplied,
      imports: rs.importMaps.get(m.name)!,
      types,
      values,
    };
  });
  for (const c of rs.deferredChoiceChecks) rs.checkDistinctTags(c.alternatives, 'CHOICE');

  return {
    modules,
    type(module: string, name: string): NamedTypeModel {
      const t = rs.typeMemo.get(`${module}.${name}`);
      if (!t) throw new RangeError(`no type ${module}.${name}`);
      return t;
    },
  };
}

export { layerText };
