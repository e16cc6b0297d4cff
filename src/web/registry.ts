/**
 * The types the decoder page works with: the registry its worker passes to every look-up
 * (detection, the tree view, JER, the type list). The page bundles the codecs of the modules
 * registered here and of the signature and certificate checks it runs.
 *
 * @module
 */
import type { Registry } from '../der/registry.js';
import { defaultRegistry } from '../generated/registry.js';

/** The five generated modules, SGP32Definitions first. */
export const pageRegistry: Registry = defaultRegistry;
