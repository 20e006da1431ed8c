import { Command } from 'commander';
import { registerHeadCommand } from './commands/head/head.command';
import { registerExportCommand } from './commands/export/audit-trail.export';
import { registerFollowersCommand } from './commands/followers/followers.command';
import { registerRebuildCommand } from './commands/rebuild/rebuild.command';
import { registerReplayCommand } from './commands/replay/replay.command';
import { registerStatementCommand } from './commands/statement/statement.command';
import { registerTokenCommand } from './commands/token/token.command';
import { registerTrialBalanceCommand } from './commands/trial-balance/trial-balance.command';
import { registerVerifyCommand } from './commands/verify/verify.command';
import { exitCodeHelp } from './shared/exit-codes';

const connectionHelp = `
Where the store is: --database-url (or $DATABASE_URL) for PostgreSQL; otherwise the embedded
PGlite store of npm start in --data-dir (or $DATA_DIR, default .data/). Stop npm start before
pointing the CLI at its embedded store: PGlite files take one process at a time.
Results go to stdout, progress and errors to stderr.`;

/** The auditor and operator commands, each with its help and the exit-code table. */
export function createProgram(): Command {
  const program = new Command('cli')
    .description(
      'Auditor and operator commands for the billing ledger: replay an account as of any moment, ' +
        'statements, the trial balance, hash-chain verification and its head, read-model rebuilds, audit-trail ' +
        'export and local tokens. Run as: npm run cli -- <command> [options]',
    )
    .version('0.1.0')
    // Errors come back to main, which maps them to the documented exit codes.
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .helpCommand(true);
  registerReplayCommand(program);
  registerStatementCommand(program);
  registerTrialBalanceCommand(program);
  registerVerifyCommand(program);
  registerHeadCommand(program);
  registerRebuildCommand(program);
  registerExportCommand(program);
  registerTokenCommand(program);
  registerFollowersCommand(program);
  addHelpFooter(program, true);
  return program;
}

function addHelpFooter(command: Command, root: boolean): void {
  command.addHelpText('after', root ? `${connectionHelp}\n${exitCodeHelp}` : exitCodeHelp);
  for (const sub of command.commands) addHelpFooter(sub, false);
}
