import type { Command } from 'commander';
import { CliError, ExitCode, checkFailed } from '../../shared/exit-codes';
import { printJson, printLines, note } from '../../shared/output';
import { formatTable } from '../../shared/table';
import { listFollowers, operatorToken, resumeFollower, type FollowerRow } from './followers.client';

interface FollowersFlags {
  url: string[];
  token?: string;
  dataDir?: string;
  json?: boolean;
}

/** `npm start` by default; the local stack is `--url http://127.0.0.1:3001 ... :3005`. */
function defaultUrls(): string[] {
  const fromEnv = process.env['BILLING_URLS'];
  if (fromEnv)
    return fromEnv
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
  return [`http://127.0.0.1:${process.env['PORT'] || 3000}`];
}

export function registerFollowersCommand(program: Command): void {
  const followers = program
    .command('followers')
    .summary('list every follower (projection, consumer, relay) with position, lag and state')
    .description(
      'Asks each service (GET /operations/followers) for its followers: read models, consumers of ' +
        "other services' topics and relays, with the position each has applied, how many events " +
        'it is behind, and its state (running, retrying while a dependency is away, stuck at an ' +
        'event it could not apply). Exit 1 when any follower is stuck or retrying.',
    )
    .option(
      '--url <url...>',
      'service base URL(s) (default: $BILLING_URLS or http://127.0.0.1:$PORT, 3000)',
    )
    .option(
      '--token <jwt>',
      'bearer token (default: $BILLING_TOKEN, else minted with the local secret)',
    )
    .option('--data-dir <dir>', 'where the local secret lives (default: $DATA_DIR or .data/)')
    .option('--json', 'print JSON instead of a table')
    .action(async (flags: FollowersFlags) => {
      const token = await operatorToken(flags);
      const rows: Array<FollowerRow & { url: string }> = [];
      for (const url of flags.url ?? defaultUrls()) {
        for (const row of await listFollowers(url, token)) rows.push({ ...row, url });
      }
      if (flags.json) printJson(rows);
      else printLines(followersTable(rows));
      const unhealthy = rows.filter((r) => r.state === 'stuck' || r.state === 'retrying');
      if (unhealthy.length > 0)
        throw new CliError(`${unhealthy.length} follower(s) not running`, ExitCode.failed);
    });

  followers
    .command('resume <name>')
    .summary('resume a stuck follower after its cause was fixed')
    .description(
      'Resumes the follower named <name> on every service given: it retries the event it stopped ' +
        'at (it never skips it). Exit 1 when no service has it stuck.',
    )
    .option(
      '--url <url...>',
      'service base URL(s) (default: $BILLING_URLS or http://127.0.0.1:$PORT, 3000)',
    )
    .option(
      '--token <jwt>',
      'bearer token (default: $BILLING_TOKEN, else minted with the local secret)',
    )
    .option('--data-dir <dir>', 'where the local secret lives (default: $DATA_DIR or .data/)')
    .action(async (name: string, _flags: FollowersFlags, command: Command) => {
      // `followers` has the same options: whichever level they were given at counts.
      const flags = command.optsWithGlobals<FollowersFlags>();
      const token = await operatorToken(flags);
      let resumed = 0;
      for (const url of flags.url ?? defaultUrls()) {
        const count = await resumeFollower(url, name, token);
        if (count === null) continue;
        if (count === 0) note(`${url}: ${name} is not stuck`);
        resumed += count;
      }
      if (resumed === 0) throw checkFailed(`No service has ${name} stuck`);
      printLines(`resumed ${name} (${resumed})`);
    });
}

function followersTable(rows: Array<FollowerRow & { url: string }>): string {
  return formatTable(
    ['service', 'name', 'kind', 'state', 'position', 'lag', 'error', 'at event'],
    rows.map((r) => [
      r.url,
      r.name,
      r.kind,
      r.state,
      r.position === null ? '-' : r.position || 'start',
      r.lag === null ? '?' : `${r.lag}${r.lagCapped ? '+' : ''}`,
      r.failure?.errorCode ?? (r.deadLetteredCount ? `${r.deadLetteredCount} dead-lettered` : ''),
      r.failure?.eventId
        ? `${r.failure.eventType ?? ''} ${r.failure.eventId} @ ${r.failure.eventPosition ?? '?'}`
        : '',
    ]),
    ['left', 'left', 'left', 'left', 'left', 'right'],
  );
}
