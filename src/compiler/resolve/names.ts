/**
 * Names: what each module defines and imports (imports followed through re-exports), and the
 * look-up of a reference from inside a module.
 *
 * @module
 */
import { Asn1SyntaxError, type AssignmentAst, type CharacterStringType, type ModuleAst, type SourcePos } from '../ast.js';
import { UNIVERSAL_STRING_TAG, CHAR_TYPES } from './builtins.js';
import type { Entry, Resolver } from './state.js';

/** The names part of the resolver; functions of the other parts are reached through `rs`. */
export function nameFunctions(rs: Resolver): Pick<Resolver, 'importSource' | 'importAll' | 'lookup' | 'builtinRedefinition'> {
  function importSource(modName: string, name: string, pos: SourcePos, seen: Set<string> = new Set()): string {
    const key = `${modName}.${name}`;
    if (seen.has(key)) throw new Asn1SyntaxError('import', `circular import of ${name}`, pos);
    seen.add(key);
    if (rs.local.get(modName)!.has(name)) return modName;
    const m = rs.byName.get(modName)!;
    for (const imp of m.imports) {
      if (imp.symbols.some((s) => s.name === name)) {
        if (!rs.byName.has(imp.fromModule)) throw new Asn1SyntaxError('import', `module ${imp.fromModule} is not among the modules compiled`, imp.pos);
        return importSource(imp.fromModule, name, pos, seen);
      }
    }
    throw new Asn1SyntaxError('import', `${name} is neither defined in nor imported by ${modName}`, pos);
  }

  /** Fills `rs.importMaps`: each imported name with the module that defines it. */
  function importAll(mods: readonly ModuleAst[]): void {
    for (const m of mods) {
      const map = new Map<string, string>();
      for (const imp of m.imports) {
        if (!rs.byName.has(imp.fromModule)) throw new Asn1SyntaxError('import', `module ${imp.fromModule} is not among the modules compiled`, imp.pos);
        for (const s of imp.symbols) map.set(s.name, importSource(imp.fromModule, s.name, s.pos));
      }
      rs.importMaps.set(m.name, map);
    }
  }

  function lookup(mod: ModuleAst, name: string, pos: SourcePos, explicitModule?: string): Entry {
    const modName = explicitModule ?? (rs.local.get(mod.name)!.has(name) ? mod.name : rs.importMaps.get(mod.name)!.get(name));
    if (modName === undefined) throw new Asn1SyntaxError('undefined-reference', `${name} is not defined in ${mod.name}`, pos);
    const target = rs.byName.get(modName);
    const ast = rs.local.get(modName)?.get(name);
    if (target === undefined || ast === undefined) throw new Asn1SyntaxError('undefined-reference', `${modName}.${name} is not defined`, pos);
    return { mod: target, ast };
  }

  /** RFC 5280 re-defines UTF8String etc. as `[UNIVERSAL n] IMPLICIT OCTET STRING`; treat them as the built-ins. */
  function builtinRedefinition(ast: AssignmentAst): CharacterStringType | undefined {
    if (ast.kind !== 'type' || !CHAR_TYPES.has(ast.name)) return undefined;
    const t = ast.type;
    if (t.kind === 'tagged' && t.tag.cls === 'UNIVERSAL' && t.tag.number === UNIVERSAL_STRING_TAG[ast.name as CharacterStringType] && t.type.kind === 'OCTET STRING') {
      return ast.name as CharacterStringType;
    }
    return undefined;
  }

  return { importSource, importAll, lookup, builtinRedefinition };
}
