import type { Command } from 'commander';
import { SqlAccessLogStore, type RecordedAccess } from '@billing/platform';
import { usageError } from '../../shared/exit-codes';
import { printJson, printLines } from '../../shared/output';
import { formatTable } from '../../shared/table';
import { recordAccountReads } from '../../store/record-access';
import { addStoreOptions, withStore, type StoreFlags } from '../../store/with-store';

interface AccessLogFlags extends StoreFlags {
  account: string;
  after?: string;
  limit: string;
  json?: boolean;
}

export function registerAccessLogCommand(program: Command): void {
  const command = program
    .command('access-log')
    .summary("who read a billing account's data: every HTTP query and CLI command, oldest first")
    .description(
      "The account's access log: each read of its data by a person (HTTP queries of accounts, " +
        'invoices, payments, statements, replays and audit trails in every service, and the ' +
        "CLI's replay, statement and export), with who (token subject and roles, or cli:<user>), " +
        'what (route or command), when, and the correlation id. The log is append-only.',
    )
    .requiredOption('--account <id>', 'billing account id')
    .option('--after <access id>', "entries after this one (the previous page's last)")
    .option('--limit <n>', 'entries per page, 1 to 1000', '100')
    .option('--json', 'print JSON instead of text');
  addStoreOptions(command).action(async (flags: AccessLogFlags) => {
    const limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1_000)
      throw usageError(`--limit must be a whole number from 1 to 1000, got ${flags.limit}`);
    if (flags.after !== undefined && !/^\d{1,18}$/.test(flags.after))
      throw usageError(`--after must be an access id (a whole number), got ${flags.after}`);
    const entries = await accessLog(flags, limit);
    if (flags.json) printJson({ billingAccountId: flags.account, entries });
    else printLines(formatAccessLog(flags.account, entries));
  });
}

async function accessLog(flags: AccessLogFlags, limit: number): Promise<RecordedAccess[]> {
  return withStore(flags, { readOnly: true }, async (store, connection) => {
    const entries = await new SqlAccessLogStore(store.backend).ofAccount(flags.account, {
      afterAccessId: flags.after,
      limit,
    });
    await recordAccountReads(connection, store, [flags.account], 'cli access-log');
    return entries;
  });
}

function formatAccessLog(account: string, entries: RecordedAccess[]): string {
  if (entries.length === 0) return `No recorded reads of billing account ${account}.`;
  return [
    `Reads of billing account ${account} (oldest first)`,
    formatTable(
      ['id', 'accessed at', 'who', 'roles', 'service', 'what', 'correlation id'],
      entries.map((e) => [
        e.accessId,
        e.accessedAt,
        e.subject,
        e.roles.join(',') || '-',
        e.service,
        e.operation,
        e.correlationId ?? '-',
      ]),
    ),
  ].join('\n');
}
