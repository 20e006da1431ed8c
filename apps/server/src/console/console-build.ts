import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The console's sources (apps/console) and where Vite writes its static files. */
const consoleRoot = path.resolve(__dirname, '../../../console');
export const consoleDist = path.join(consoleRoot, 'dist');
/** The shared libraries the console bundles (apps/console/vite.config.mts aliases them). */
const consoleLibraries = ['csv'].map((name) =>
  path.resolve(consoleRoot, '../../libs', name, 'src'),
);

/**
 * Builds the console with Vite when its built folder is missing or older than any source, so
 * `npm ci && npm start` serves a current console with no other step. Takes a few seconds when it
 * builds; nothing when the build is current. Returns whether it built.
 */
export function ensureConsoleBuilt(log: (line: string) => void = () => undefined): boolean {
  if (!isStale()) return false;
  log('Building the web console (apps/console) with Vite…');
  // vite's package exports no bin path: find it next to its package.json.
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', path.join(consoleRoot, 'vite.config.mts')],
    { cwd: consoleRoot, encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`The console build failed:\n${result.stdout}\n${result.stderr}`);
  return true;
}

function isStale(): boolean {
  const built = path.join(consoleDist, 'index.html');
  if (!fs.existsSync(built)) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  return newestSourceMtime() > builtAt;
}

function newestSourceMtime(): number {
  const sources = [
    path.join(consoleRoot, 'index.html'),
    path.join(consoleRoot, 'vite.config.mts'),
    ...filesUnder(path.join(consoleRoot, 'src')),
    ...consoleLibraries.flatMap(filesUnder),
  ];
  return Math.max(...sources.map((file) => fs.statSync(file).mtimeMs));
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}
