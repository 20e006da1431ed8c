import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The CLI's command line for tests, with its TypeScript transpiled once per source state instead
 * of once per process. `npm run cli` starts `node -r @swc-node/register apps/cli/src/main.ts`,
 * which loads the TypeScript compiler and resolves every import through it before the first
 * line runs (about 1 s a process; a CLI suite starts dozens). Here every `.ts` file of
 * apps/cli/src and libs is transpiled by SWC with the options Jest uses, into a folder named by
 * the hash of those sources, and a small preload hook serves a file's JavaScript when Node
 * requires it. Node still loads `apps/cli/src/main.ts` from its own path, so `__dirname` (the
 * migrations' SQL folders, the default data folder) is what it is under `npm run cli`.
 */

const workspaceRoot = path.resolve(__dirname, '../../..');

/** The same transpilation as Jest's (jest.preset.js), minus the inline source maps. */
const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: false,
} as const;

/** Where the CLI's code lives: its own sources and every library it may import. */
const sourceRoots = ['apps/cli/src', 'libs'];

function typeScriptFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name.startsWith('.')
        ? []
        : typeScriptFiles(full);
    return /(?<!\.d|\.spec)\.ts$/.test(entry.name) ? [full] : [];
  });
}

/** tsconfig's path aliases (`@billing/...`) as absolute file names. */
function pathAliases(): Record<string, string> {
  const config = JSON.parse(
    fs.readFileSync(path.join(workspaceRoot, 'tsconfig.base.json'), 'utf8'),
  ) as { compilerOptions: { paths: Record<string, string[]> } };
  return Object.fromEntries(
    Object.entries(config.compilerOptions.paths).map(([alias, [target]]) => [
      alias,
      path.join(workspaceRoot, target as string),
    ]),
  );
}

/**
 * Runs before main.ts: `@billing/...` imports resolve to their files, and a `.ts` file is
 * compiled from the prepared JavaScript (or by SWC on the spot if it is not there).
 */
const preloadHook = (root: string, aliases: Record<string, string>): string => `'use strict';
const Module = require('module');
const fs = require('fs');
const path = require('path');
const root = ${JSON.stringify(root)};
const aliases = ${JSON.stringify(aliases)};
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, aliases[request] || request, ...rest);
};
require.extensions['.ts'] = function (module, filename) {
  const prepared = path.join(__dirname, path.relative(root, filename) + '.js');
  let code;
  try {
    code = fs.readFileSync(prepared, 'utf8');
  } catch {
    code = require('@swc/core').transformSync(fs.readFileSync(filename, 'utf8'),
      Object.assign({ filename }, ${JSON.stringify(swcOptions)})).code;
  }
  module._compile(code, filename);
};
`;

function prepare(files: string[], hash: string): string {
  const target = path.join(os.tmpdir(), 'billing-cli-build', hash);
  if (fs.existsSync(path.join(target, 'preload.js'))) return target;
  // Built beside the target and renamed into place: parallel Jest workers never see half a build.
  const building = `${target}.${process.pid}.${Date.now()}`;
  const swc = require('@swc/core') as typeof import('@swc/core');
  for (const file of files) {
    const { code } = swc.transformSync(fs.readFileSync(file, 'utf8'), {
      ...swcOptions,
      filename: file,
    } as import('@swc/core').Options);
    const out = path.join(building, `${path.relative(workspaceRoot, file)}.js`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, code);
  }
  fs.writeFileSync(path.join(building, 'preload.js'), preloadHook(workspaceRoot, pathAliases()));
  try {
    fs.renameSync(building, target);
  } catch (error) {
    // Another worker renamed its identical build into place first.
    fs.rmSync(building, { recursive: true, force: true });
    if (!fs.existsSync(path.join(target, 'preload.js'))) throw error;
  }
  return target;
}

let prepared: string | undefined;

/** The folder of the prepared build for the sources as they are now (built on first use). */
function preparedBuild(): string {
  if (prepared) return prepared;
  const files = sourceRoots.flatMap((dir) => typeScriptFiles(path.join(workspaceRoot, dir)));
  const hash = createHash('sha256').update(JSON.stringify(swcOptions)).update(workspaceRoot);
  for (const file of files.sort()) hash.update(file).update(fs.readFileSync(file));
  prepared = prepare(files, hash.digest('hex').slice(0, 16));
  return prepared;
}

/**
 * `node` arguments that start the CLI from apps/cli/src/main.ts through the prepared build; run
 * them from the repository root, followed by the CLI's own arguments.
 */
export function compiledCliNodeArgs(): string[] {
  return ['-r', path.join(preparedBuild(), 'preload.js'), 'apps/cli/src/main.ts'];
}
