// The web console for `npm run start:stack`: one origin (PORT, default PORT_BASE + 5) serving the
// console and passing each service's routes to its own process on PORT_BASE + its offset.
import 'reflect-metadata';
import { ensureConsoleBuilt } from './console-build';
import { createConsoleGateway } from './console-gateway';
import { localSignInAllowed } from './mount-console';

const offsets: Record<string, number> = {
  invoicing: 0,
  payments: 1,
  collections: 2,
  disputes: 3,
  ledger: 4,
  // The chain head and the test clock are answered by every service: the ledger's is used.
  audit: 4,
  system: 4,
};

const portBase = Number(process.env['PORT_BASE'] || 3001);
const port = Number(process.env['PORT'] || portBase + 5);
ensureConsoleBuilt((line) => process.stdout.write(`${line}\n`));
const secret = process.env['JWT_SECRET'];
const gateway = createConsoleGateway({
  upstreams: Object.fromEntries(
    Object.entries(offsets).map(([prefix, offset]) => [
      prefix,
      `http://127.0.0.1:${portBase + offset}`,
    ]),
  ),
  ...(secret && localSignInAllowed(process.env) ? { localSignInSecret: secret } : {}),
});
gateway.listen(port, () => process.stdout.write(`console: http://localhost:${port}/console/\n`));
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    gateway.close(() => process.exit(0));
    // Idle keep-alive connections would hold close() open.
    gateway.closeAllConnections();
  });
