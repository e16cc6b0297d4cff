/**
 * The TypeScript emitter, split by concern under ./emit/: the file builder (imports by use),
 * the shared context, value types, descriptors, DER decoders, DER encoders, the module file,
 * and the barrel/registry files.
 *
 * @module
 */
export { emitModule, type EmitOptions } from './emit/module.js';
export { emitBarrel, emitRegistry, type BarrelOptions } from './emit/barrel.js';
export { tsName } from './emit/context.js';
