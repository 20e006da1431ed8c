// `npm start`: every service in one process on the embedded PGlite store (kept in DATA_DIR,
// default .data/) with the in-process bus in place of Kafka. No infrastructure needed.
// `npm run start:stack` runs each service as its own process on Kafka and PostgreSQL instead.
const { spawn } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/server/src/main.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { SWC_NODE_PROJECT: path.join(root, 'tsconfig.json'), ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
