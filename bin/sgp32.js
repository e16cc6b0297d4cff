#!/usr/bin/env node
// The `sgp32` command: a thin launcher for the compiled CLI in dist/. The command runs in a
// child process of this one (see src/cli/supervise.ts) so that every crash, a V8 heap-limit
// abort included, ends in exit 70 with one line.
import { fileURLToPath } from 'node:url';

if (process.env.SGP32_CLI_CHILD === '1') {
  // Commands this one starts are supervised by their own parent.
  delete process.env.SGP32_CLI_CHILD;
  const { main } = await import('../dist/cli/main.js');
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err) => { console.error(err); process.exitCode = 70; },
  );
} else {
  const { supervise } = await import('../dist/cli/supervise.js');
  const result = await supervise(fileURLToPath(import.meta.url), process.argv.slice(2));
  if (typeof result === 'number') process.exitCode = result;
  else process.kill(process.pid, result);
}
