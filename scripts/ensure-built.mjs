// Builds dist/ (npm run build) unless it is newer than every source file it is built from, so
// that `npm run bench` measures the current code without paying a full build on every run.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir, skip) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (skip.includes(p)) continue;
    t = Math.max(t, e.isDirectory() ? newest(p, skip) : statSync(p).mtimeMs);
  }
  return t;
}

const stamp = path.join(root, 'dist/index.js');
const sources = Math.max(
  newest(path.join(root, 'src'), [path.join(root, 'src/web')]),
  ...['package.json', 'tsconfig.json', 'tsconfig.build.json'].map((f) => statSync(path.join(root, f)).mtimeMs),
);
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
  console.log('dist/ is missing or older than src/: npm run build');
  execSync('npm run build --silent', { cwd: root, stdio: 'inherit' });
}
