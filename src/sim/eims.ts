/**
 * eIM associations on the virtual eUICC: ES10b.AddInitialEim (SGP.32 v1.2 §5.9.4), the eCOs of
 * an eUICC Package (§2.11.1.1.2: addEim, deleteEim, updateEim, listEim) and
 * ES10b.GetEimConfigurationData (§5.9.18).
 *
 * Choices where the text leaves room (also in docs/guides/virtual-euicc.md):
 * - an associationToken is handed out when the configuration sent carries the
 *   `associationToken` component (its value is ignored); otherwise the association has none;
 * - the replay counter of a new association starts at the configuration's counterValue, or 0;
 * - a configuration without eimPublicKeyData is refused with commandError (7): the eUICC could
 *   not verify any package from that eIM;
 * - deleting the last eIM succeeds and reports lastEimDeleted (2).
 *
 * @module
 */
import {
  Certificate,
  SubjectPublicKeyInfo,
} from '../generated/PKIX1Explicit88.js';
import { DeleteEimResult, EimConfigurationData, UpdateEimResult, type AddEimResult, type EuiccResultData, type Eco } from '../generated/SGP32Definitions.js';
import { encodedBytesOf } from '../der/reader.js';
import { parseCertificate } from '../pki/parse.js';
import type { EuiccContext } from './context.js';
import { hexBytes, type EimRecordState, type EuiccState } from './state.js';
import { equalBytes, toHex } from '../der/bytes.js';

/** Result codes shared by AddInitialEim and addEim (SGP.32 v1.2 AddEimResult / AddInitialEimResponse). */
export const ADD_EIM_CODES = {
  ok: 0,
  insufficientMemory: 1,
  associatedEimAlreadyExists: 2,
  ciPKUnknown: 3,
  invalidAssociationToken: 5,
  counterValueOutOfRange: 6,
  commandError: 7,
  undefinedError: 127,
} as const;

/** The SPKI DER that verifies the eIM's signatures, or undefined when the configuration has no usable key. */
function publicKeyOf(config: EimConfigurationData): Uint8Array | undefined {
  const k = config.eimPublicKeyData;
  if (k === undefined) return undefined;
  if (k.$case === 'eimPublicKey') return encodedBytesOf(k.value) ?? SubjectPublicKeyInfo.encode(k.value);
  if (k.$case === 'eimCertificate') return parseCertificate(encodedBytesOf(k.value) ?? Certificate.encode(k.value)).subjectPublicKeyInfo;
  return undefined;
}

/** The configuration as stored: without counterValue and associationToken (kept in the record). */
function storedConfig(config: EimConfigurationData): string {
  const { counterValue: _c, associationToken: _t, ...rest } = config;
  return toHex(EimConfigurationData.encode(rest));
}

/** Checks a configuration to be added or updated; returns an error code, or the SPKI of its key. */
function check(ctx: EuiccContext, config: EimConfigurationData, requireKey: boolean): number | Uint8Array | undefined {
  if (config.counterValue !== undefined && (config.counterValue < 0 || config.counterValue > ctx.maxCounterValue)) return ADD_EIM_CODES.counterValueOutOfRange;
  if (config.euiccCiPKId !== undefined && !ctx.ciPKIds.some((k) => equalBytes(k, config.euiccCiPKId!))) return ADD_EIM_CODES.ciPKUnknown;
  const key = publicKeyOf(config);
  if (requireKey && key === undefined) return ADD_EIM_CODES.commandError;
  return key;
}

/** Adds one association to `next`; returns the token handed out (or null) or an error code. */
function add(next: EuiccState, ctx: EuiccContext, config: EimConfigurationData): { token: number | null } | { code: number } {
  if (next.eims.some((e) => e.eimId === config.eimId)) return { code: ADD_EIM_CODES.associatedEimAlreadyExists };
  const key = check(ctx, config, true);
  if (typeof key === 'number') return { code: key };
  const token = config.associationToken !== undefined ? next.nextAssociationToken++ : null;
  next.eims.push({ eimId: config.eimId, counterValue: config.counterValue ?? 0, associationToken: token, publicKey: toHex(key!), config: storedConfig(config) });
  return { token };
}

/**
 * ES10b.AddInitialEim: all configurations are added, or none (the first failure's code is the
 * addInitialEimError).
 */
export function addInitialEims(next: EuiccState, ctx: EuiccContext, list: readonly EimConfigurationData[]): { ok: ({ token: number | null })[] } | { error: number } {
  const results: { token: number | null }[] = [];
  const before = next.eims.length;
  const tokenBefore = next.nextAssociationToken;
  for (const config of list) {
    const r = add(next, ctx, config);
    if ('code' in r) {
      next.eims.length = before;
      next.nextAssociationToken = tokenBefore;
      return { error: r.code };
    }
    results.push(r);
  }
  if (list.length === 0) return { error: ADD_EIM_CODES.commandError };
  return { ok: results };
}

/** Executes one eCO on `next` and returns its result. */
export function executeEco(next: EuiccState, ctx: EuiccContext, eco: Eco): EuiccResultData {
  switch (eco.$case) {
    case 'addEim': {
      const r = add(next, ctx, eco.value);
      const value: AddEimResult = 'code' in r ? { $case: 'addEimResultCode', value: r.code } : r.token !== null ? { $case: 'associationToken', value: r.token } : { $case: 'addEimResultCode', value: ADD_EIM_CODES.ok };
      return { $case: 'addEimResult', value };
    }
    case 'deleteEim': {
      const i = next.eims.findIndex((e) => e.eimId === eco.value.eimId);
      if (i < 0) return { $case: 'deleteEimResult', value: DeleteEimResult.values.eimNotFound };
      next.eims.splice(i, 1);
      return { $case: 'deleteEimResult', value: next.eims.length === 0 ? DeleteEimResult.values.lastEimDeleted : DeleteEimResult.values.ok };
    }
    case 'updateEim': {
      const R = UpdateEimResult.values;
      const rec = next.eims.find((e) => e.eimId === eco.value.eimId);
      if (rec === undefined) return { $case: 'updateEimResult', value: R.eimNotFound };
      const key = check(ctx, eco.value, false);
      if (typeof key === 'number') return { $case: 'updateEimResult', value: key };
      if (key !== undefined) rec.publicKey = toHex(key);
      if (eco.value.counterValue !== undefined) rec.counterValue = eco.value.counterValue;
      const old = EimConfigurationData.decode(hexBytes(rec.config, 'config'));
      rec.config = storedConfig({ ...old, ...eco.value, ...(key === undefined && old.eimPublicKeyData ? { eimPublicKeyData: old.eimPublicKeyData } : {}) });
      return { $case: 'updateEimResult', value: R.ok };
    }
    case 'listEim':
      return {
        $case: 'listEimResult',
        value: {
          $case: 'eimIdList',
          value: next.eims.map((e) => {
            const c = EimConfigurationData.decode(hexBytes(e.config, 'config'));
            return { eimId: e.eimId, ...(c.eimIdType !== undefined ? { eimIdType: c.eimIdType } : {}) };
          }),
        },
      };
    default:
      return { $case: 'processingTerminated', value: 2 };
  }
}

/** The stored configuration of one association, with its current counterValue and associationToken. */
export function eimConfigurationOf(rec: EimRecordState): EimConfigurationData {
  const c = EimConfigurationData.decode(hexBytes(rec.config, `eim ${rec.eimId}.config`));
  return { ...c, counterValue: rec.counterValue, ...(rec.associationToken !== null ? { associationToken: rec.associationToken } : {}) };
}
