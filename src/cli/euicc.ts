/**
 * `sgp32 euicc init|exec|apdu|show`: the virtual eUICC of sgp32/sim on a JSON state file, replaced
 * atomically after every command (./sim-files.ts).
 *
 * @module
 */
import { exportPublicKeyDer } from '../crypto/keys.js';
import { nodeProvider } from '../crypto/node/index.js';
import { SubjectPublicKeyInfo } from '../generated/PKIX1Explicit88.js';
import { AddInitialEimRequest, type EimConfigurationData } from '../generated/SGP32Definitions.js';
import { bytesToHex, parseHex, readInput } from '../inspect/input.js';
import { createEuiccState } from '../sim/create.js';
import { executeCommand } from '../sim/euicc.js';
import { euiccApduEndpoint } from '../sim/apdu.js';
import { prepareEuicc } from '../sim/context.js';
import { hexBytes, EuiccStateError, type EuiccState } from '../sim/state.js';
import { DataError, EXIT_OK, UsageError, parseCommand, readSource, writeOutput } from './common.js';
import { readPki, readState, writeStateAtomically } from './sim-files.js';

/** Runs `f`, turning a malformed state into a data error (exit 1). */
export async function withStateErrors(f: () => Promise<number>): Promise<number> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof EuiccStateError) throw new DataError(`bad state file: ${err.message}`, 'bad-state');
    throw err;
  }
}

export async function euiccCommand(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  return withStateErrors(async () => {
    switch (sub) {
      case 'init':
        return init(rest);
      case 'exec':
        return exec(rest);
      case 'apdu':
        return apdu(rest);
      case 'show':
        return show(rest);
      default:
        throw new UsageError(`euicc: expected init, exec, apdu or show, got ${JSON.stringify(sub ?? '')}`);
    }
  });
}

async function init(args: readonly string[]): Promise<number> {
  const { values } = parseCommand('euicc init', args, { pki: { type: 'string' }, output: { type: 'string', short: 'o' }, profile: { type: 'string', multiple: true }, 'no-eim': { type: 'boolean' } }, 0);
  if (values.pki === undefined || values.output === undefined) throw new UsageError('euicc init: --pki <dir> and -o <state.json> are required');
  const pki = readPki('euicc init', values.pki);
  const profiles = ((values.profile as unknown as string[] | undefined) ?? []).map((p) => {
    const m = /^(\d{18,20})(:enabled)?$/.exec(p);
    if (m === null) throw new UsageError(`euicc init: --profile must be <iccid>[:enabled], got ${JSON.stringify(p)}`);
    return { iccid: m[1], enabled: m[2] !== undefined };
  });
  let state: EuiccState = createEuiccState(
    { privateKey: pki.privateKey('euicc'), euiccCertificate: pki.certificate('euicc'), eumCertificate: pki.certificate('eum'), ciCertificates: [pki.certificate('ci')], profiles, defaultSmdpAddress: pki.index.smdpAddress },
    nodeProvider,
  );
  if (!values['no-eim']) {
    const eimKey = nodeProvider.publicKeyOf(pki.privateKey('eim'));
    const config: EimConfigurationData = {
      eimId: pki.index.eimId,
      eimFqdn: pki.index.eimId,
      associationToken: 0,
      eimPublicKeyData: { $case: 'eimPublicKey', value: SubjectPublicKeyInfo.decode(exportPublicKeyDer(eimKey)) },
    };
    state = executeCommand(state, AddInitialEimRequest.encode({ eimConfigurationDataList: [config] }), { provider: nodeProvider }).state;
  }
  writeStateAtomically(values.output, state);
  process.stdout.write(`eUICC ${state.eid} written to ${values.output}: ${state.profiles.length} Profile(s)${state.eims.length ? `, eIM ${state.eims[0].eimId} associated (token ${state.eims[0].associationToken})` : ''}\n`);
  return EXIT_OK;
}

async function exec(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommand('euicc exec', args, { output: { type: 'string', short: 'o' }, json: { type: 'boolean' } }, 2);
  const [statePath, requestPath] = positionals;
  if (statePath === undefined || requestPath === undefined) throw new UsageError('euicc exec: give the state file and the request file');
  const state = readState('euicc exec', statePath);
  const request = readInput(await readSource('euicc exec', requestPath)).bytes;
  const r = executeCommand(state, request, { provider: nodeProvider });
  // The state first (atomically), then the answer: a crash in between looks like no command at all.
  if (r.state !== state) writeStateAtomically(statePath, r.state);
  if (values.output !== undefined) writeOutput(values.output, r.response);
  if (values.json) process.stdout.write(JSON.stringify({ command: r.command, outcome: r.outcome, detail: r.detail, response: bytesToHex(r.response), stateChanged: r.state !== state }) + '\n');
  else {
    process.stderr.write(`${r.command}: ${r.outcome} — ${r.detail}\n`);
    if (values.output === undefined) process.stdout.write(bytesToHex(r.response) + '\n');
  }
  return EXIT_OK;
}

/** The command APDUs of an APDU file: one hex APDU per line; blank lines and `#` comments skipped. */
function apduLines(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.replace(/#.*$/, '').trim();
    if (t === '') return;
    const apdu = parseHex(t);
    if (apdu === undefined) throw new DataError(`line ${i + 1}: not a hex APDU: ${JSON.stringify(t.length > 40 ? t.slice(0, 40) + '…' : t)}`);
    out.push(apdu);
  });
  return out;
}

async function apdu(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommand('euicc apdu', args, { json: { type: 'boolean' } }, 2);
  const [statePath, apduPath] = positionals;
  if (statePath === undefined || apduPath === undefined) throw new UsageError('euicc apdu: give the state file and the APDU file (or - for stdin)');
  const state = readState('euicc apdu', statePath);
  const apdus = apduLines(new TextDecoder().decode(await readSource('euicc apdu', apduPath)));
  // The state first (atomically), then the answer, as for exec.
  const card = euiccApduEndpoint({ state, context: prepareEuicc(state, { provider: nodeProvider }) }, { onState: (s) => writeStateAtomically(statePath, s) });
  for (const a of apdus) {
    const r = await card.transmit(a);
    const sw = bytesToHex(r.subarray(r.length - 2));
    process.stdout.write(values.json ? JSON.stringify({ apdu: bytesToHex(a), response: bytesToHex(r.subarray(0, r.length - 2)), sw }) + '\n' : bytesToHex(r) + '\n');
  }
  return EXIT_OK;
}

async function show(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommand('euicc show', args, { json: { type: 'boolean' } }, 1);
  if (positionals[0] === undefined) throw new UsageError('euicc show: give the state file');
  const s = readState('euicc show', positionals[0]);
  const view = {
    eid: s.eid,
    curve: s.curve,
    certificates: { euicc: s.euiccCertificate !== undefined, eum: s.eumCertificate !== undefined, cis: s.ciCertificates.length },
    profiles: s.profiles.map((p) => ({ iccid: p.iccid, state: p.state, class: p.profileClass, fallback: p.fallbackAttribute, isdpAid: p.isdpAid })),
    eims: s.eims.map((e) => ({ eimId: e.eimId, counterValue: e.counterValue, associationToken: e.associationToken, publicKeyBytes: hexBytes(e.publicKey, 'publicKey').length })),
    notifications: s.notifications.map((n) => n.seqNumber),
    packageResults: s.packageResults.map((n) => n.seqNumber),
    immediateEnable: s.immediateEnable,
    defaultSmdpAddress: s.defaultSmdpAddress ?? null,
    downloadSession: s.session !== undefined,
  };
  if (values.json) {
    process.stdout.write(JSON.stringify(view, null, 2) + '\n');
    return EXIT_OK;
  }
  const out: string[] = [`eUICC ${s.eid} (${s.curve})`, 'Profiles:'];
  if (s.profiles.length === 0) out.push('  (none)');
  for (const p of view.profiles) out.push(`  ${p.iccid}  ${p.state.padEnd(8)} ${p.class}${p.fallback ? '  fallback' : ''}`);
  out.push('eIM associations:');
  if (s.eims.length === 0) out.push('  (none)');
  for (const e of view.eims) out.push(`  ${e.eimId}  counter ${e.counterValue}  token ${e.associationToken ?? 'none'}`);
  out.push(`Pending notifications: ${view.notifications.length ? view.notifications.join(', ') : 'none'}`);
  out.push(`Stored package results: ${view.packageResults.length ? view.packageResults.join(', ') : 'none'}`);
  out.push(`Immediate enable: ${s.immediateEnable.enabled ? 'on' : 'off'}; default SM-DP+: ${s.defaultSmdpAddress ?? 'none'}${s.session ? '; a download session is open' : ''}`);
  process.stdout.write(out.join('\n') + '\n');
  return EXIT_OK;
}

