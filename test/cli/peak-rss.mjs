// Runs the built `sgp32` command in this process and reports its peak resident set size on
// stderr as a last line `peak-rss <bytes>`, for test/cli/scale.test.ts.
import { main } from '../../dist/cli/main.js';

const code = await main(process.argv.slice(2));
process.stderr.write(`peak-rss ${process.resourceUsage().maxRSS * 1024}\n`);
process.exitCode = code;
