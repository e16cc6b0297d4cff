/**
 * `sgp32 ipa run|fleet`: the IPA of sgp32/sim polling an eIM over ESipa with the sgp32/esipa
 * client (ASN.1 or JSON binding), for one virtual eUICC on a state file or for a fleet made from
 * a test PKI.
 *
 * @module
 */
import { nodeProvider } from '../crypto/node/index.js';
import { esipaClient } from '../esipa/client.js';
import { es9Client } from '../esipa/es9plus.js';
import { prepareEuicc } from '../sim/context.js';
import { es9RspServer } from '../sim/es9.js';
import { createFleet, runFleet, type FleetSummary } from '../sim/fleet.js';
import { ipaPoll, type IpaDevice, type IpaEvent } from '../sim/ipa.js';
import { EXIT_DATA, EXIT_OK, UsageError, oneOf, parseCommand } from './common.js';
import { withStateErrors } from './euicc.js';
import { readPki, readState, writeStateAtomically } from './sim-files.js';

export async function ipaCommand(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  return withStateErrors(async () => {
    if (sub === 'run') return run(rest);
    if (sub === 'fleet') return fleet(rest);
    throw new UsageError(`ipa: expected run or fleet, got ${JSON.stringify(sub ?? '')}`);
  });
}

function checkUrl(command: string, url: string | undefined, flag = 'eim'): string {
  if (url === undefined) throw new UsageError(`${command}: --${flag} <url> is required`);
  if (!/^https?:\/\//.test(url)) throw new UsageError(`${command}: --${flag} must be an http(s) URL, got ${JSON.stringify(url)}`);
  return url;
}

/**
 * Direct download (SGP.32 v1.2 §3.2.3): `--direct` reaches the SM-DP+ a trigger names at
 * `https://<address>` over ES9+; `--smdp-url` sends every direct download to that base URL
 * instead (a test SM-DP+), and implies `--direct`. Neither: downloads go through the eIM.
 */
function directDownload(direct: boolean | undefined, smdpUrl: string | undefined) {
  if (smdpUrl !== undefined) {
    const url = checkUrl('ipa run', smdpUrl, 'smdp-url');
    return (address: string) => es9RspServer(es9Client(url), address);
  }
  if (direct) return (address: string) => es9RspServer(es9Client(`https://${address}`), address);
  return undefined;
}

function seconds(command: string, flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${command}: --${flag} must be a positive number of seconds, got ${JSON.stringify(v)}`);
  return n;
}

async function run(args: readonly string[]): Promise<number> {
  const { values } = parseCommand('ipa run', args, { eim: { type: 'string' }, euicc: { type: 'string' }, binding: { type: 'string' }, once: { type: 'boolean' }, interval: { type: 'string' }, json: { type: 'boolean' }, direct: { type: 'boolean' }, 'smdp-url': { type: 'string' } }, 0);
  const url = checkUrl('ipa run', values.eim);
  const direct = directDownload(values.direct, values['smdp-url']);
  if (values.euicc === undefined) throw new UsageError('ipa run: --euicc <state.json> is required');
  const binding = oneOf('ipa run', 'binding', values.binding, ['asn1', 'json'] as const, 'asn1');
  const interval = seconds('ipa run', 'interval', values.interval);
  const statePath = values.euicc;
  const state = readState('ipa run', statePath);
  const device: IpaDevice = { state, context: prepareEuicc(state, { provider: nodeProvider }) };
  const client = esipaClient(url, { binding });
  const say = (e: IpaEvent) =>
    process.stdout.write(values.json ? JSON.stringify({ time: new Date().toISOString(), eid: device.state.eid, ...e }) + '\n' : `${e.step.padEnd(27)} ${e.outcome === 'ok' ? 'ok   ' : e.outcome} — ${e.detail}\n`);
  const options = { log: say, persist: (s: typeof state) => writeStateAtomically(statePath, s), ...(direct !== undefined ? { direct } : {}) };
  if (!values.json) process.stdout.write(`IPA for eUICC ${state.eid} polling ${url} (${binding} binding)\n`);
  for (;;) {
    try {
      const r = await ipaPoll(device, client, options);
      if (values.once) return EXIT_OK;
      if (r.kind === 'none') {
        if (interval === undefined) return EXIT_OK;
        await new Promise((resolve) => setTimeout(resolve, interval * 1000));
      }
    } catch (err) {
      const e = err as Error & { code?: string };
      say({ step: 'ESipa', outcome: e.code ?? e.name, detail: e.message });
      return EXIT_DATA;
    }
  }
}

function printSummary(s: FleetSummary, json: boolean | undefined): void {
  if (json) {
    process.stdout.write(JSON.stringify(s, null, 2) + '\n');
    return;
  }
  const lines = [
    `${s.devices} devices, ${s.polls} polls in ${(s.durationMs / 1000).toFixed(1)} s (${s.pollsPerSecond} polls/s)`,
    'polls by outcome:',
    ...Object.entries(s.outcomes).sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${String(n).padStart(7)}  ${k}`),
    `latency ms: p50 ${s.latencyMs.p50}, p90 ${s.latencyMs.p90}, p99 ${s.latencyMs.p99}, max ${s.latencyMs.max}`,
    'errors by reason:',
    ...(Object.keys(s.errors).length === 0 ? ['  none'] : Object.entries(s.errors).map(([k, n]) => `  ${String(n).padStart(7)}  ${k}`)),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

async function fleet(args: readonly string[]): Promise<number> {
  const { values } = parseCommand(
    'ipa fleet',
    args,
    { count: { type: 'string' }, eim: { type: 'string' }, pki: { type: 'string' }, concurrency: { type: 'string' }, duration: { type: 'string' }, binding: { type: 'string' }, json: { type: 'boolean' } },
    0,
  );
  const url = checkUrl('ipa fleet', values.eim);
  const count = Number(values.count);
  if (!Number.isSafeInteger(count) || count < 1 || count > 1_000_000) throw new UsageError(`ipa fleet: --count must be 1 to 1000000, got ${JSON.stringify(values.count)}`);
  if (values.pki === undefined) throw new UsageError('ipa fleet: --pki <dir> is required (sgp32 pki init)');
  const concurrency = values.concurrency === undefined ? 16 : Number(values.concurrency);
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 10_000) throw new UsageError(`ipa fleet: --concurrency must be 1 to 10000, got ${JSON.stringify(values.concurrency)}`);
  const duration = seconds('ipa fleet', 'duration', values.duration);
  const binding = oneOf('ipa fleet', 'binding', values.binding, ['asn1', 'json'] as const, 'asn1');
  const pki = readPki('ipa fleet', values.pki);
  const devices = createFleet({
    count,
    eum: { certificate: pki.certificate('eum'), privateKey: pki.privateKey('eum') },
    ciCertificates: [pki.certificate('ci')],
    eim: { eimId: pki.index.eimId, publicKey: nodeProvider.publicKeyOf(pki.privateKey('eim')), eimFqdn: pki.index.eimId },
    eidPrefix: pki.index.eumPrefix,
    provider: nodeProvider,
  });
  if (!values.json) process.stderr.write(`${count} virtual eUICCs made (EIDs ${devices[0].eid} …); polling ${url}\n`);
  const summary = await runFleet(devices, esipaClient(url, { binding }), { concurrency, ...(duration !== undefined ? { durationMs: duration * 1000 } : {}) });
  printSummary(summary, values.json);
  return Object.keys(summary.errors).length === 0 ? EXIT_OK : EXIT_DATA;
}
