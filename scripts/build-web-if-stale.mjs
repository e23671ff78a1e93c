// Builds the web UI when web/dist is missing or older than its sources, so that
// `npm start` serves an up-to-date UI without rebuilding on every start.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const web = path.resolve(import.meta.dirname, '..', 'web');
const built = path.join(web, 'dist', 'index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

const sources = [
  path.join(web, 'src'),
  path.join(web, 'index.html'),
  path.join(web, 'vite.config.ts'),
].filter(existsSync);
const sourceTime = Math.max(
  ...sources.map((source) => (statSync(source).isDirectory() ? newest(source) : statSync(source).mtimeMs)),
);
if (!existsSync(built) || statSync(built).mtimeMs < sourceTime) {
  console.log('building the web UI…');
  execSync('npm run build --workspace web', { stdio: 'inherit', cwd: path.resolve(web, '..') });
}
