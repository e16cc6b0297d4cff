// `npm run test:clean-clone`: what a newcomer gets. Clones the committed HEAD into a temporary
// folder with no ../shared beside it, runs `npm ci && npm test` there, prints the last lines of
// the test log and exits with npm test's status. Uncommitted changes are not part of the clone.
// The folder is removed on success and kept (its path printed) on failure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'sgp32-clean-clone-'));
const clone = path.join(tmp, 'sgp32');

function run(cmd, args, cwd, log) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, SGP32_VECTORS: '' } });
  if (log) writeFileSync(log, `${r.stdout ?? ''}${r.stderr ?? ''}`);
  return r.status ?? 1;
}

const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
if (run('git', ['clone', '-q', root, clone], tmp) !== 0) process.exit(2);
console.log(`clean clone of ${head} in ${clone} (no ../shared beside it)`);
const ciLog = path.join(tmp, 'npm-ci.log');
if (run('npm', ['ci', '--no-audit', '--no-fund'], clone, ciLog) !== 0) {
  console.log(`npm ci failed (log: ${ciLog}):\n${readFileSync(ciLog, 'utf8').split('\n').slice(-20).join('\n')}`);
  process.exit(1);
}
const testLog = path.join(tmp, 'npm-test.log');
const status = run('npm', ['test'], clone, testLog);
console.log(readFileSync(testLog, 'utf8').split('\n').slice(-15).join('\n'));
console.log(`npm test exit ${status}`);
if (status === 0) rmSync(tmp, { recursive: true, force: true });
else console.log(`kept for inspection: ${tmp}`);
process.exit(status);
