/**
 * A fleet of virtual eUICCs for load runs against an eIM: devices made from one test PKI (each
 * with its own key, EID and eUICC certificate issued by the EUM, the eIM associated by
 * AddInitialEim), polled concurrently with a bounded number of polls in flight, and a summary:
 * polls by outcome, latency percentiles, errors by reason.
 *
 * Per device, keys and certificates are parsed once ({@link prepareEuicc}); a poll costs the
 * ESipa exchanges and the signature work of the package, nothing more. No `node:*`.
 *
 * @module
 */
import { exportPublicKeyDer } from '../crypto/keys.js';
import { nobleProvider } from '../crypto/noble.js';
import type { CryptoProvider, EcPublicKey } from '../crypto/provider.js';
import { SubjectPublicKeyInfo } from '../generated/PKIX1Explicit88.js';
import { AddInitialEimRequest } from '../generated/SGP32Definitions.js';
import { prepareEuicc } from './context.js';
import { createEuiccState, type PreloadedProfile } from './create.js';
import { executeCommand } from './euicc.js';
import { ipaPoll, type EsipaTransport, type IpaDevice, type IpaOptions } from './ipa.js';
import { eidWithCheckDigits, euiccIssuer, type EumIssuer } from './test-pki.js';
import type { EuiccContext } from './context.js';

/** A device of a fleet. */
export interface FleetDevice extends IpaDevice {
  readonly eid: string;
  /** CERT.EUICC.ECDSA DER (what an eIM verifies results with). */
  readonly certificate: Uint8Array;
}

/** Options of {@link createFleet}. */
export interface CreateFleetOptions {
  readonly count: number;
  /** The EUM that issues the devices' certificates. */
  readonly eum: EumIssuer;
  /** CI certificate(s) the devices trust. */
  readonly ciCertificates: readonly Uint8Array[];
  /** The eIM every device is associated with: its identifier and public key (or certificate's key). */
  readonly eim: { readonly eimId: string; readonly publicKey: EcPublicKey; readonly eimFqdn?: string };
  /** First 14 to 22 digits of the EIDs; the device index fills the rest (default `89049032` + zeros). */
  readonly eidPrefix?: string;
  /** Profiles every device starts with. */
  readonly profiles?: readonly PreloadedProfile[];
  readonly provider?: CryptoProvider;
}

/**
 * Makes `count` devices: key pair, EID (prefix, index, check digits), eUICC certificate, state
 * with the eIM associated (associationToken 1).
 *
 * @throws RangeError for a bad count or prefix.
 */
export function createFleet(options: CreateFleetOptions): FleetDevice[] {
  const provider = options.provider ?? nobleProvider;
  const { count } = options;
  if (!Number.isSafeInteger(count) || count < 1 || count > 1_000_000) throw new RangeError(`count: expected 1 to 1,000,000, got ${count}`);
  const prefix = options.eidPrefix ?? '89049032';
  const width = 30 - prefix.length;
  if (!/^\d+$/.test(prefix) || width < String(count).length) throw new RangeError(`eidPrefix: expected digits leaving room for ${count} devices, got ${JSON.stringify(prefix)}`);
  const eimConfig = {
    eimId: options.eim.eimId,
    ...(options.eim.eimFqdn !== undefined ? { eimFqdn: options.eim.eimFqdn } : {}),
    associationToken: 0,
    eimPublicKeyData: { $case: 'eimPublicKey' as const, value: SubjectPublicKeyInfo.decode(exportPublicKeyDer(options.eim.publicKey)) },
  };
  const addEim = AddInitialEimRequest.encode({ eimConfigurationDataList: [eimConfig] });
  const devices: FleetDevice[] = [];
  const issue = euiccIssuer(options.eum, provider);
  let template: EuiccContext | undefined;
  for (let i = 0; i < count; i++) {
    const eid = eidWithCheckDigits(prefix + String(i + 1).padStart(width, '0'));
    const keys = provider.generateKeyPair(options.eum.privateKey.curve);
    const certificate = issue(eid, keys.publicKey, BigInt(1000 + i));
    const initial = createEuiccState({ privateKey: keys.privateKey, euiccCertificate: certificate, eumCertificate: options.eum.certificate, ciCertificates: options.ciCertificates, trusted: true, ...(options.profiles ? { profiles: options.profiles } : {}) }, provider);
    const context = prepareEuicc(initial, { provider }, template);
    template = context;
    const state = executeCommand(initial, addEim, context).state;
    devices.push({ eid, certificate, state, context });
  }
  return devices;
}

/** Options of {@link runFleet}. */
export interface RunFleetOptions extends Pick<IpaOptions, 'deviceInfo' | 'ipaCapabilities'> {
  /** Polls in flight at most (default 16). */
  readonly concurrency?: number;
  /**
   * Run for this many milliseconds, polling devices round-robin. Without it, each device polls
   * until the eIM has nothing for it (at most `maxPollsPerDevice` times).
   */
  readonly durationMs?: number;
  /** Cap per device when running until idle (default 100). */
  readonly maxPollsPerDevice?: number;
  /** Called after each poll (progress display). */
  readonly onPoll?: (device: FleetDevice, outcome: string, ms: number) => void;
}

/** The summary of a run. */
export interface FleetSummary {
  readonly devices: number;
  readonly polls: number;
  /** Polls by `kind:outcome`, e.g. `euiccPackage:ok`, `none:noEimPackageAvailable`. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Poll latency in milliseconds (GetEimPackage to the end of the acknowledgements). */
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  /** Polls that failed (transport or protocol), by error name and code. */
  readonly errors: Readonly<Record<string, number>>;
  readonly durationMs: number;
  readonly pollsPerSecond: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function errorName(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? `${err.name}:${code}` : err.name;
  }
  return 'unknown';
}

/**
 * Polls the eIM with every device, at most `concurrency` polls at a time.
 *
 * @param transport - one transport for all (an `esipaClient(url)`), or one per device.
 * @returns the summary; a failed poll is counted under `errors`, never thrown.
 */
export async function runFleet(devices: readonly FleetDevice[], transport: EsipaTransport | ((d: FleetDevice) => EsipaTransport), options: RunFleetOptions = {}): Promise<FleetSummary> {
  const concurrency = options.concurrency ?? 16;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency: expected a positive integer, got ${concurrency}`);
  const maxPolls = options.maxPollsPerDevice ?? 100;
  const transportOf = typeof transport === 'function' ? transport : () => transport;
  const outcomes: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = options.durationMs === undefined ? undefined : start + options.durationMs;
  const ipaOptions: IpaOptions = { ...(options.deviceInfo ? { deviceInfo: options.deviceInfo } : {}), ...(options.ipaCapabilities ? { ipaCapabilities: options.ipaCapabilities } : {}) };

  const pollOnce = async (d: FleetDevice): Promise<boolean> => {
    const t = performance.now();
    let busy = false;
    let label: string;
    try {
      const r = await ipaPoll(d, transportOf(d), ipaOptions);
      label = `${r.kind}:${r.outcome}`;
      busy = r.kind !== 'none';
    } catch (err) {
      label = 'error';
      const name = errorName(err);
      errors[name] = (errors[name] ?? 0) + 1;
    }
    const ms = performance.now() - t;
    latencies.push(ms);
    outcomes[label] = (outcomes[label] ?? 0) + 1;
    options.onPoll?.(d, label, ms);
    return busy;
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    if (deadline !== undefined) {
      while (performance.now() < deadline) {
        const d = devices[next++ % devices.length];
        await pollOnce(d);
      }
      return;
    }
    for (;;) {
      const i = next++;
      if (i >= devices.length) return;
      for (let n = 0; n < maxPolls && (await pollOnce(devices[i])); n++);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, deadline === undefined ? devices.length : concurrency) }, worker));
  const durationMs = performance.now() - start;
  const sorted = latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    devices: devices.length,
    polls: latencies.length,
    outcomes,
    latencyMs: { p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? 0) },
    errors,
    durationMs: Math.round(durationMs),
    pollsPerSecond: Math.round((latencies.length / durationMs) * 1000 * 10) / 10,
  };
}
