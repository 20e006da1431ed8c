// `npm run token -- --role <role> [--role <role>] [--sub <id>] [--ttl 8h]`: prints a bearer token
// that the local system accepts (signed with the local HS256 secret, see @billing/platform's local-secret.ts).
import { Command, Option } from 'commander';
import { localJwtSecret, mintToken, type Role } from '@billing/platform';

const roles = ['billing-clerk', 'billing-manager', 'collections-agent', 'auditor', 'service'];

const program = new Command('token')
  .description('Mint a local JWT for the billing services')
  .addOption(
    new Option('--role <role...>', 'role(s) of the token').choices(roles).makeOptionMandatory(),
  )
  .option('--sub <id>', 'subject (user or service id)', 'local-user')
  .option('--ttl <span>', 'lifetime, e.g. 15m, 8h (at most 7d)', '8h')
  .action(async (opts: { role: Role[]; sub: string; ttl: string }) => {
    const token = await mintToken({
      sub: opts.sub,
      roles: opts.role,
      secret: localJwtSecret(),
      ttl: opts.ttl,
    });
    process.stdout.write(`${token}\n`);
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`token: ${(error as Error).message}\n`);
  process.exit(2);
});
