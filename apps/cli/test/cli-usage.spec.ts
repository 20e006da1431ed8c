import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { localJwtSecret, TokenVerifier } from '@billing/platform';
import { createTestDatabase, databaseUrl } from '@billing/testing';
import { runCli, runCliAsNpmDoes, runNpmScript } from './support/run-cli';

const commands = [
  ['replay'],
  ['statement'],
  ['trial-balance'],
  ['verify'],
  ['rebuild'],
  ['export'],
  ['export', 'audit-trail'],
  ['access-log'],
  ['token'],
];

/** Help, usage errors (exit 2), infrastructure errors (exit 3) and tokens: no seeded store needed. */
describe('cli usage', () => {
  // Each case starts the CLI as a child process (about 1 s, more on a busy machine).
  jest.setTimeout(60_000);
  let scratch: string;
  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-usage-'));
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('lists every command with a summary and the exit codes, started as npm run cli does', async () => {
    const result = await runCliAsNpmDoes(['--help']);
    expect(result.code).toBe(0);
    for (const [name] of commands) expect(result.stdout).toMatch(new RegExp(`\\n  ${name} .*\\w`));
    expect(result.stdout).toContain('Exit codes:');
    expect(result.stdout).toContain('3  infrastructure error');
  });

  it('has help text for every command, with its options and the exit codes', async () => {
    const results = await Promise.all(commands.map((command) => runCli([...command, '--help'])));
    results.forEach((result, i) => {
      const name = (commands[i] as string[]).join(' ');
      expect({ name, code: result.code }).toEqual({ name, code: 0 });
      expect(result.stdout).toContain(`Usage: cli ${name} [options]`);
      expect(result.stdout).toContain('Exit codes:');
      // A description beyond the usage line.
      expect(result.stdout.split('\n')[2]?.length ?? 0).toBeGreaterThan(20);
    });
  });

  it.each([
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['replay'], "required option '--account <id>' not specified"],
    [['replay', '--account', 'a', '--as-of', 'yesterday'], "argument 'yesterday' is invalid"],
    [
      ['statement', '--account', 'a', '--from', '2026-04-01', '--to', '2026-03-01'],
      '--from 2026-04-01 is after --to 2026-03-01',
    ],
    [
      ['statement', '--account', 'a', '--from', '2026-02-30', '--to', '2026-03-01'],
      'Expected a calendar date YYYY-MM-DD',
    ],
    [['trial-balance', '--as-of', '-5'], "argument '-5' is invalid"],
    [['verify', '--bogus'], "unknown option '--bogus'"],
    [
      ['verify', '--database-url', 'postgres://x@h/db', '--data-dir', '/tmp'],
      'give either --database-url or --data-dir, not both',
    ],
    [['verify', '--database-url', 'mysql://x@h/db'], '--database-url must start with postgres://'],
    [
      ['export', 'audit-trail', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'xml'],
      'Allowed choices are csv, jsonl',
    ],
    [
      ['export', 'audit-trail', '--from', 'last week', '--to', '2026-12-31'],
      "argument 'last week' is invalid",
    ],
    [
      ['export', 'audit-trail', '--to', '2026-12-31'],
      "required option '--from <moment>' not specified",
    ],
    [['rebuild', 'everything'], "value 'everything' is invalid for argument 'projection'"],
    [
      ['rebuild', 'journal', '--switch', 'sometimes'],
      'Allowed choices are when-matching, always, never',
    ],
    [['token', '--role', 'wizard'], 'Allowed choices are billing-clerk'],
    [['token', '--role', 'auditor', '--ttl', '30d'], 'Expected a span from 1s to 43200s (12h'],
    [['token', '--role', 'auditor', '--ttl', '13h'], 'Expected a span from 1s to 43200s (12h'],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('exits 2 when the export folder does not exist, before reading anything', async () => {
    const out = path.join(scratch, 'missing', 'trail.csv');
    const result = await runCli([
      'export',
      'audit-trail',
      '--from',
      '2026-01-01',
      '--to',
      '2026-01-31',
      '--out',
      out,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--out ${out}: folder`);
  });

  it('exits 2 and shows the subcommands for export without one', async () => {
    const result = await runCli(['export']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('audit-trail');
  });

  describe('infrastructure errors exit 3', () => {
    it('when PostgreSQL cannot be reached', async () => {
      const result = await runCli([
        'verify',
        '--database-url',
        'postgres://postgres@127.0.0.1:1/billing',
      ]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('PostgreSQL 127.0.0.1:1/billing');
    });

    it('when the database does not exist', async () => {
      const result = await runCli([
        'trial-balance',
        '--database-url',
        databaseUrl('cli_no_such_database'),
      ]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('database "cli_no_such_database" does not exist');
    });

    it('when the database has no event store', async () => {
      const empty = await createTestDatabase('cli');
      try {
        const result = await runCli(['replay', '--account', 'a', '--database-url', empty.url]);
        expect(result.code).toBe(3);
        expect(result.stderr).toContain('schema event_store is missing): run npm run db:migrate');
      } finally {
        await empty.drop();
      }
    });

    it('when there is no embedded store in the data folder', async () => {
      const result = await runCli(['verify', '--data-dir', scratch]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`no embedded store in ${path.join(scratch, 'pglite')}`);
    });
  });

  describe('token', () => {
    it('mints a token the local system accepts, with the roles and subject asked for', async () => {
      const result = await runCli([
        'token',
        '--role',
        'auditor',
        'billing-manager',
        '--sub',
        'ann',
        '--ttl',
        '15m',
        '--data-dir',
        scratch,
      ]);
      expect(result.code).toBe(0);
      const token = result.stdout.trim();
      const verifier = new TokenVerifier({ JWT_SECRET: localJwtSecret(scratch) });
      await expect(verifier.verify(token)).resolves.toEqual({
        id: 'ann',
        roles: ['auditor', 'billing-manager'],
      });
      const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
      expect(payload.exp - payload.iat).toBe(15 * 60);
    });

    it('mints the longest token the system accepts (12h), and the system accepts it', async () => {
      const result = await runCli([
        'token',
        '--role',
        'auditor',
        '--ttl',
        '12h',
        '--data-dir',
        scratch,
      ]);
      expect(result.code).toBe(0);
      const verifier = new TokenVerifier({ JWT_SECRET: localJwtSecret(scratch) });
      await expect(verifier.verify(result.stdout.trim())).resolves.toMatchObject({
        id: 'local-user',
      });
    });

    it('still works as npm run token, through the CLI', async () => {
      const result = await runNpmScript('token', ['--role', 'billing-clerk'], {
        DATA_DIR: scratch,
      });
      expect(result.code).toBe(0);
      const verifier = new TokenVerifier({ JWT_SECRET: localJwtSecret(scratch) });
      await expect(verifier.verify(result.stdout.trim())).resolves.toEqual({
        id: 'local-user',
        roles: ['billing-clerk'],
      });
    });
  });
});
