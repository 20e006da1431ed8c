import * as path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  defaultJwtLifetimeSecondsMax,
  localJwtSecret,
  mintToken,
  roles,
  type Role,
} from '@billing/platform';
import { defaultDataDir } from '../../store/connection';

interface TokenFlags {
  role: Role[];
  sub: string;
  ttl: number;
  dataDir?: string;
}

const secondsPer = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;

/**
 * The longest lifetime the local system accepts: its JWT_LIFETIME_SECONDS_MAX when set (the CLI
 * reads the same environment as `npm start`), else the platform's 12 hours.
 */
function ttlSecondsMax(env: Record<string, string | undefined> = process.env): number {
  const configured = Number(env['JWT_LIFETIME_SECONDS_MAX']);
  return Number.isInteger(configured) && configured > 0 ? configured : defaultJwtLifetimeSecondsMax;
}

/** `15m`, `8h`, `90s` to seconds, at most what the system accepts (12h unless configured). */
function parseTtl(value: string): number {
  const max = ttlSecondsMax();
  const match = /^(\d{1,7})([smhd])$/.exec(value);
  const seconds = match ? Number(match[1]) * secondsPer[match[2] as keyof typeof secondsPer] : NaN;
  if (!(seconds >= 1 && seconds <= max))
    throw new InvalidArgumentError(
      `Expected a span from 1s to ${max}s (${max / 3_600}h, the most the system accepts), e.g. 15m or 8h.`,
    );
  return seconds;
}

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .summary('mint a JWT the local system accepts')
    .description(
      'Prints a bearer token signed with the local HS256 secret: $JWT_SECRET when set, otherwise ' +
        'the one npm start generated in <data-dir>/local-jwt-secret (created on first use). ' +
        'Production verifies RS256/ES256 tokens from your identity provider instead.',
    )
    .addOption(
      new Option('--role <role...>', 'role(s) of the token')
        .choices([...roles])
        .makeOptionMandatory(),
    )
    .option('--sub <id>', 'subject (user or service id)', 'local-user')
    .addOption(
      new Option(
        '--ttl <span>',
        'lifetime, e.g. 15m, 8h (at most 12h, or JWT_LIFETIME_SECONDS_MAX)',
      )
        .argParser(parseTtl)
        .default(8 * 3_600, '8h'),
    )
    .option('--data-dir <dir>', 'where the local secret lives (default: $DATA_DIR or .data/)')
    .action(async (flags: TokenFlags) => {
      const dataDir = path.resolve(flags.dataDir ?? (process.env['DATA_DIR'] || defaultDataDir));
      const token = await mintToken({
        sub: flags.sub,
        roles: flags.role,
        secret: localJwtSecret(dataDir),
        ttl: flags.ttl,
        lifetimeSecondsMax: ttlSecondsMax(),
      });
      process.stdout.write(`${token}\n`);
    });
}
