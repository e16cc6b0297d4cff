/**
 * The checks an eUICC makes on an eUICC Package before executing it (SGP.32 v1.2 §5.9.1
 * ES10b.LoadEuiccPackage; our notes `esipa.md` §4), for eUICC/IPAe simulators and eIM test
 * harnesses. It checks; it executes nothing and stores nothing — the caller keeps the eIM
 * records and writes back the counter it is given.
 *
 * Rules, in the order they are applied, and what the eUICC answers when one fails:
 * 1. `eim-id` — the package's eimId names an associated eIM. Failure: no key to verify with and
 *    no association to sign for, so the answer is `euiccPackageErrorUnsigned`.
 * 2. `signature` — eimSignature verifies over `DER(euiccPackageSigned) ‖ associationToken`
 *    with that eIM's key (signatures.md §3.9, VERIFIED). Failure: `euiccPackageErrorUnsigned`.
 * 3. `eid` — eidValue equals the eUICC's EID. Failure: signed error `invalidEid` (3).
 * 4. `counter` — counterValue is strictly greater than the last value accepted from this eIM,
 *    else `replayError` (4); and not above the largest value the eUICC handles, else
 *    `counterValueOutOfRange` (6). Negative values are also out of range.
 *
 * Status: the error code names and numbers are those of `EuiccPackageErrorCode` in the v1.2
 * module (VERIFIED against the ASN.1). The order of the rules, the unsigned answer for rules 1
 * and 2, "strictly greater" and the default ceiling are UNVERIFIED: the notes only establish that
 * the reference eIM increments the counter by one per package; the ceiling 2^23 − 1 follows a
 * SECONDARY source (a third-party test treating 2^23 as above the mandated minimum ceiling).
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { EuiccPackageErrorCode, EuiccPackageRequest, type EuiccPackageErrorDataSigned, type EuiccPackageErrorUnsigned } from '../generated/SGP32Definitions.js';
import { describe, resolveProvider, type SignatureFailureReason, type VerificationKey } from './signed-data.js';
import { verifyRsp } from './signatures.js';
import { equalBytes, toHex } from '../der/bytes.js';

/** What the eUICC knows about one associated eIM (a subset of EimConfigurationData). */
export type EimRecord = VerificationKey & {
  /** EimConfigurationData.eimId. */
  readonly eimId: string;
  /** The associationToken of this association, or null when there is none. */
  readonly associationToken: number | null;
  /** The last counterValue accepted from this eIM (initially EimConfigurationData.counterValue). */
  readonly counterValue: number;
};

/** Options of {@link checkEuiccPackageRequest}. */
export interface CheckEuiccPackageOptions {
  /** The eUICC's EID: 16 bytes, or 32 hex digits. */
  readonly eid: Uint8Array | string;
  /** The associated eIMs. */
  readonly eims: readonly EimRecord[];
  /** Largest counterValue accepted (default 2^23 − 1, UNVERIFIED — see the module notes). */
  readonly maxCounterValue?: number;
  /** Crypto provider; default `nobleProvider`. */
  readonly provider?: CryptoProvider;
  /** Decode strictly as DER (default false). */
  readonly strict?: boolean;
}

/** The rule a package failed. */
export type PackageCheckRule = 'eim-id' | 'signature' | 'eid' | 'counter';

/** The `EuiccPackageErrorCode` names this check can produce. */
export type PackageCheckErrorCode = 'invalidEid' | 'replayError' | 'counterValueOutOfRange';

/** The outcome of {@link checkEuiccPackageRequest}. */
export type PackageCheckVerdict =
  | {
      readonly accepted: true;
      readonly request: EuiccPackageRequest;
      readonly eimId: string;
      /** The counter to store for this eIM from now on (the package's counterValue). */
      readonly counterValue: number;
    }
  | {
      readonly accepted: false;
      readonly rule: 'eim-id' | 'signature';
      /** The eUICC answers with an unsigned error. */
      readonly response: 'euiccPackageErrorUnsigned';
      /** For rule `signature`: why the signature failed. */
      readonly signatureReason?: SignatureFailureReason;
      /** Ready-to-encode content of the unsigned error answer. */
      readonly errorUnsigned: EuiccPackageErrorUnsigned;
      readonly request: EuiccPackageRequest;
      readonly detail: string;
    }
  | {
      readonly accepted: false;
      readonly rule: 'eid' | 'counter';
      /** The eUICC answers with a signed error (see signEuiccPackageError). */
      readonly response: 'euiccPackageErrorSigned';
      readonly errorCode: PackageCheckErrorCode;
      /** Numeric value of `errorCode` in EuiccPackageErrorCode. */
      readonly errorCodeValue: number;
      /** Ready-to-sign content of the signed error answer. */
      readonly errorData: EuiccPackageErrorDataSigned;
      readonly request: EuiccPackageRequest;
      readonly detail: string;
    };

const DEFAULT_MAX_COUNTER = 2 ** 23 - 1;

/**
 * Applies the eUICC's checks to an `EuiccPackageRequest` (see the module notes for the rules).
 *
 * @param input - the BF51 bytes as the eUICC receives them.
 * @param options - the eUICC's EID and its eIM records.
 * @returns `{ accepted: true, counterValue, … }` or a verdict naming the failed rule, the
 *   answer kind and the spec error code.
 * @throws Asn1DecodeError for bytes that are not an EuiccPackageRequest; TypeError/RangeError
 *   for bad options; CryptoKeyFormatError for unparsable key data in a record.
 * @example
 * ```ts
 * const v = checkEuiccPackageRequest(bytes, { eid, eims: [{ eimId: 'eIM', certificate, associationToken: 1, counterValue: 1005 }] });
 * if (v.accepted) store(v.eimId, v.counterValue);
 * else if (v.response === 'euiccPackageErrorSigned') signEuiccPackageError({ euiccPackageErrorDataSigned: v.errorData, … });
 * ```
 */
export function checkEuiccPackageRequest(input: Uint8Array, options: CheckEuiccPackageOptions): PackageCheckVerdict {
  if (!(input instanceof Uint8Array)) throw new TypeError(`input: expected the EuiccPackageRequest bytes (Uint8Array), got ${describe(input)}`);
  if (typeof options !== 'object' || options === null) throw new TypeError(`options: expected an object, got ${describe(options)}`);
  const eid = eidBytes(options.eid);
  if (!Array.isArray(options.eims)) throw new TypeError(`eims: expected an array of eIM records, got ${describe(options.eims)}`);
  const max = options.maxCounterValue ?? DEFAULT_MAX_COUNTER;
  if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`maxCounterValue: expected a non-negative safe integer, got ${max}`);
  const provider = resolveProvider(options.provider);

  const request = EuiccPackageRequest.decode(input, { keepEncoded: true, strict: options.strict ?? false });
  const signedPart = request.euiccPackageSigned;
  const unsigned = (): EuiccPackageErrorUnsigned => ({
    eimId: signedPart.eimId,
    ...(signedPart.eimTransactionId !== undefined ? { eimTransactionId: signedPart.eimTransactionId } : {}),
  });

  const record = options.eims.find((e) => e.eimId === signedPart.eimId);
  if (record === undefined) {
    return { accepted: false, rule: 'eim-id', response: 'euiccPackageErrorUnsigned', errorUnsigned: unsigned(), request, detail: `no eIM with eimId "${signedPart.eimId}" is associated` };
  }
  checkRecord(record);

  const sig = verifyRsp('eimSignature', signedPart, request.eimSignature, { ...record, provider });
  if (!sig.valid) {
    const errorUnsigned = { ...unsigned(), ...(record.associationToken !== null ? { associationToken: record.associationToken } : {}) };
    return { accepted: false, rule: 'signature', response: 'euiccPackageErrorUnsigned', signatureReason: sig.reason, errorUnsigned, request, detail: sig.detail };
  }

  const signedError = (rule: 'eid' | 'counter', errorCode: PackageCheckErrorCode, detail: string): PackageCheckVerdict => ({
    accepted: false,
    rule,
    response: 'euiccPackageErrorSigned',
    errorCode,
    errorCodeValue: EuiccPackageErrorCode.values[errorCode],
    errorData: {
      eimId: signedPart.eimId,
      counterValue: signedPart.counterValue,
      ...(signedPart.eimTransactionId !== undefined ? { eimTransactionId: signedPart.eimTransactionId } : {}),
      euiccPackageErrorCode: EuiccPackageErrorCode.values[errorCode],
    },
    request,
    detail,
  });

  if (!equalBytes(signedPart.eidValue, eid)) {
    return signedError('eid', 'invalidEid', `eidValue ${toHex(signedPart.eidValue)} is not this eUICC's EID ${toHex(eid)}`);
  }
  const counter = signedPart.counterValue;
  if (counter < 0 || counter > max) {
    return signedError('counter', 'counterValueOutOfRange', `counterValue ${counter} is outside 0..${max}`);
  }
  if (counter <= record.counterValue) {
    return signedError('counter', 'replayError', `counterValue ${counter} is not greater than the last accepted ${record.counterValue}`);
  }
  return { accepted: true, request, eimId: record.eimId, counterValue: counter };
}

function checkRecord(record: EimRecord): void {
  if (!Number.isSafeInteger(record.counterValue)) {
    throw new TypeError(`eims[${record.eimId}].counterValue: expected a safe integer, got ${describe(record.counterValue)}`);
  }
  if (record.associationToken === undefined) {
    throw new TypeError(`eims[${record.eimId}].associationToken: required (a safe integer, or null when there is none)`);
  }
}

function eidBytes(eid: unknown): Uint8Array {
  if (typeof eid === 'string') {
    if (!/^[0-9a-fA-F]{32}$/.test(eid)) throw new RangeError(`eid: expected 32 hex digits, got "${eid}"`);
    const out = new Uint8Array(16);
    for (let i = 0; i < 16; i++) out[i] = parseInt(eid.slice(2 * i, 2 * i + 2), 16);
    return out;
  }
  if (!(eid instanceof Uint8Array)) throw new TypeError(`eid: expected 16 bytes or 32 hex digits, got ${describe(eid)}`);
  if (eid.length !== 16) throw new RangeError(`eid: expected 16 bytes, got ${eid.length}`);
  return eid;
}

