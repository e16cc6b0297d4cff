/**
 * `sgp32 pki init`: a test PKI folder (sgp32/sim createTestPki; SGP.22 §4.5.2 profiles).
 *
 * @module
 */
import { nodeProvider } from '../crypto/node/index.js';
import { createTestPki } from '../sim/test-pki.js';
import { EXIT_OK, UsageError, parseCommand } from './common.js';
import { writePki } from './sim-files.js';

const CURVES = { p256: 'P-256', 'P-256': 'P-256', brainpoolP256r1: 'brainpoolP256r1', brainpool: 'brainpoolP256r1' } as const;

export async function pkiCommand(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'init') throw new UsageError(`pki: expected the sub-command init, got ${JSON.stringify(sub ?? '')}`);
  const { values } = parseCommand(
    'pki init',
    rest,
    {
      curve: { type: 'string' },
      'eum-prefix': { type: 'string' },
      eid: { type: 'string' },
      'eim-id': { type: 'string' },
      smdp: { type: 'string' },
      output: { type: 'string', short: 'o' },
      json: { type: 'boolean' },
    },
    0,
  );
  if (values.output === undefined) throw new UsageError('pki init: -o <dir> is required');
  const curve = CURVES[(values.curve ?? 'p256') as keyof typeof CURVES];
  if (curve === undefined) throw new UsageError(`pki init: --curve must be p256 or brainpoolP256r1, got ${JSON.stringify(values.curve)}`);
  const prefix = values['eum-prefix'] ?? '89049032';
  if (!/^\d{2,30}$/.test(prefix)) throw new UsageError(`pki init: --eum-prefix must be 2 to 30 digits, got ${JSON.stringify(prefix)}`);
  if (values.eid !== undefined && !/^\d{32}$/.test(values.eid)) throw new UsageError(`pki init: --eid must be 32 digits, got ${JSON.stringify(values.eid)}`);
  const eimId = values['eim-id'] ?? 'eim.test.example';
  const smdpAddress = values.smdp ?? 'smdp.test.example';
  const pki = createTestPki({ curve, eumPrefix: prefix, ...(values.eid ? { eid: values.eid } : {}), eimId, smdpFqdn: smdpAddress, provider: nodeProvider });
  const index = writePki(values.output, pki, { eimId, smdpAddress });
  if (values.json) process.stdout.write(JSON.stringify(index, null, 2) + '\n');
  else {
    process.stdout.write(`test PKI on ${curve} written to ${values.output}\n`);
    process.stdout.write(`  CI, EUM (EID prefix ${prefix}), eUICC (EID ${pki.eid}), DPauth, DPpb, DPtls (${smdpAddress}), eIM (${eimId})\n`);
    process.stdout.write(`  next: sgp32 euicc init --pki ${values.output} -o state.json\n`);
  }
  return EXIT_OK;
}
