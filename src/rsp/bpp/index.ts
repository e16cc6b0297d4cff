/**
 * Bound Profile Packages (SGP.22 v2.5 §2.5.4, §2.5.5, §5.5; SGP.32 v1.2 reuses them unchanged):
 * build on the SM-DP+ side, open and verify on the eUICC side (in one call or as a stream),
 * inspect without keys, cut into ES10b blocks, and the BSP (SCP03t) primitives underneath.
 *
 * @example
 * ```ts
 * import { buildBpp, openBpp } from 'sgp32/rsp';
 * const built = buildBpp({ upp, metadata, transactionId, eid, euiccOtpk, curve: 'P-256', smdpSigner });
 * const opened = openBpp(built.bpp, { euiccOtsk, eid });
 * ```
 * @module
 */
export {
  MAX_SEGMENT_BYTES,
  MIN_SEGMENT_BYTES,
  bspSharedInfo,
  deriveSessionKeys,
  createBspState,
  protectSegment,
  unprotectSegment,
  maxPlaintextPerSegment,
  segmentTlvSize,
} from './bsp.js';
export type { BspKeys, BspState, KdfParameters, UnprotectFailure } from './bsp.js';
export { buildBpp } from './build.js';
export type { BuildBppOptions, BuiltBpp } from './build.js';
export { openBpp } from './open.js';
export type { OpenBppResult, OpenedBpp, FailedBpp } from './open.js';
export { createBppOpener, MAX_BUFFERED_SEGMENT, MAX_SMALL_GROUP } from './stream.js';
export type { BppOpener, BppStreamEvent, BppStreamSummary } from './stream.js';
export { createBppInspector, inspectBpp, es10bSegments } from './inspect.js';
export type { BppInspection, BppGroupInfo, BppInspector } from './inspect.js';
export { BPP_DEVIATIONS } from './types.js';
export type {
  BppGroup,
  BppDeviationCode,
  BppDeviation,
  BppFailureReason,
  BppFailure,
  BppLocation,
  SegmentReport,
  BppOpenKeyOptions,
  BppOpenOptions,
} from './types.js';
