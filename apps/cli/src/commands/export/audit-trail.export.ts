import { Option, type Command } from 'commander';
import type { LedgerEvent } from '@billing/ledger-domain';
import { notFound, usageError } from '../../shared/exit-codes';
import { inPeriod, parseFromBound, parseToBound } from '../../shared/moments';
import { note } from '../../shared/output';
import { describeConnection } from '../../store/connection';
import { logProgress, readLog } from '../../store/read-log';
import { personalDataReader } from '../../store/personal-data-reader';
import { recordAccountReads } from '../../store/record-access';
import { addStoreOptions, withStore, type StoreFlags } from '../../store/with-store';
import { auditCsvColumns, auditRowOf, type AuditRow } from './audit-row';
import { csvHeader, csvRecord } from '@billing/csv';
import { checkOutFile, openSink, type ExportSink } from './export-sink';

interface ExportFlags extends StoreFlags {
  from: string;
  to: string;
  format: 'csv' | 'jsonl';
  by: 'recorded' | 'business';
  account: string[];
  out?: string;
}

export function registerExportCommand(program: Command): void {
  const exportCommand = program
    .command('export')
    .summary('export ledger data for auditors')
    .description('Exports ledger data for auditors. One kind so far: audit-trail.');
  const command = exportCommand
    .command('audit-trail')
    .summary('every event that touched billing accounts in a period, as CSV or JSON Lines')
    .description(
      'Streams every event that names a billing account (all services, every type), recorded ' +
        "(or, with --by business, dated) in the inclusive period, in the store's global order: " +
        'position, recorded and business time, type, stream and version, event id, account, actor ' +
        'and roles, service, correlation, causation, idempotency key, currency, amount, reference, ' +
        'memo and the full event data.\n\n' +
        'CSV follows RFC 4180 (CRLF records; every text cell double-quoted, quotes doubled, so ' +
        'commas, semicolons, quotes and line breaks stay inside their cell). Against spreadsheet ' +
        'formula injection (OWASP), a text cell starting with =, +, -, @, tab, CR or LF (or with ' +
        '=, +, -, @ after blanks) gets a leading apostrophe. Number columns (globalPosition, ' +
        'schemaVersion, streamVersion, amount) are written bare when they are plain decimals such ' +
        'as -12.00, so they stay numbers. JSON Lines has one event object per line with the same ' +
        'field names, values as they are.',
    )
    .requiredOption(
      '--from <moment>',
      'period start: date YYYY-MM-DD (its first instant, UTC) or ISO instant',
      parseFromBound,
    )
    .requiredOption(
      '--to <moment>',
      'period end: date YYYY-MM-DD (its last instant, UTC) or ISO instant',
      parseToBound,
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'),
    )
    .addOption(
      new Option('--by <clock>', 'which time the period applies to: commit time or business time')
        .choices(['recorded', 'business'])
        .default('recorded'),
    )
    .option(
      '--account <id>',
      'only this billing account (repeat for several)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--out <file>', 'write to this file (default: stdout)');
  addStoreOptions(command).action(async (flags: ExportFlags) => {
    if (Date.parse(flags.from) > Date.parse(flags.to))
      throw usageError(`--from ${flags.from} is after --to ${flags.to}`);
    if (flags.out !== undefined) checkOutFile(flags.out);
    await exportAuditTrail(flags);
  });
}

async function exportAuditTrail(flags: ExportFlags): Promise<void> {
  await withStore(flags, { readOnly: true }, async (store, connection) => {
    const progress = await logProgress(store, 'export audit-trail', flags.progress);
    const accounts = new Set(flags.account);
    const seenAccounts = new Set<string>();
    // Every account with a row in the export was read by whoever ran it.
    const exportedAccounts = new Set<string>();
    const period = { from: flags.from, to: flags.to };
    const timeOf = (row: AuditRow) => (flags.by === 'recorded' ? row.recordedAt : row.occurredAt);
    // The export shows what the services show: clear personal data, or [erased] after an erasure.
    const readable = await personalDataReader(store, connection);
    const sink = openSink(flags.out);
    let written = 0;
    try {
      if (flags.format === 'csv') await sink.write(csvHeader(auditCsvColumns));
      for await (const stored of readLog(store, progress)) {
        const event = await readable(stored);
        const row = auditRowOf(event as LedgerEvent);
        if (row === null) continue;
        if (accounts.size > 0) {
          if (!accounts.has(row.billingAccountId)) continue;
          seenAccounts.add(row.billingAccountId);
        }
        if (!inPeriod(timeOf(row), period)) continue;
        await sink.write(
          flags.format === 'csv' ? csvRecord(auditCsvColumns, row) : `${JSON.stringify(row)}\n`,
        );
        written += 1;
        exportedAccounts.add(row.billingAccountId);
      }
      progress.finish(`(${written} exported)`);
      const missing = [...accounts].filter((id) => !seenAccounts.has(id));
      if (missing.length > 0)
        throw notFound(
          `no events for billing account(s) ${missing.join(', ')} in ${describeConnection(connection)}`,
        );
      await sink.complete();
      await recordAccountReads(connection, store, exportedAccounts, 'cli export audit-trail');
    } catch (error) {
      await sink.abandon();
      throw error;
    }
    note(summary(written, flags, sink));
  });
}

function summary(written: number, flags: ExportFlags, sink: ExportSink): string {
  return (
    `exported ${written} event(s) ${flags.by === 'recorded' ? 'recorded' : 'dated'} ` +
    `${flags.from} .. ${flags.to} as ${flags.format} to ${sink.description}`
  );
}
