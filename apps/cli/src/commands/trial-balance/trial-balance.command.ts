import type { Command } from 'commander';
import {
  journalProjection,
  trialBalance,
  type AsOf,
  type TrialBalance,
} from '@billing/ledger-domain';
import { describeAsOf, parseAsOf } from '../../shared/moments';
import { printJson, printLines } from '../../shared/output';
import { formatTable } from '../../shared/table';
import { foldLog, logProgress } from '../../store/read-log';
import { addStoreOptions, withStore, type StoreFlags } from '../../store/with-store';

interface TrialBalanceFlags extends StoreFlags {
  asOf?: AsOf;
  json?: boolean;
}

interface TrialBalanceReport {
  asOf: AsOf | null;
  computedAtPosition: number | null;
  entryCount: number;
  /** Events the journal could not post (e.g. about an invoice it never saw issued). */
  skipped: Array<{ eventId: string; eventType: string; globalPosition: number; reason: string }>;
  currencies: TrialBalance[];
}

export function registerTrialBalanceCommand(program: Command): void {
  const command = program
    .command('trial-balance')
    .summary('the double-entry trial balance per currency, which nets to zero')
    .description(
      'Folds the whole log (up to --as-of) into the double-entry journal and prints, per ' +
        'currency, each ledger account with its debit and credit totals and balance ' +
        '(debit - credit), the totals, and the net, which must be zero. A net other than zero ' +
        'stops the command with exit code 1.',
    )
    .option(
      '--as-of <moment>',
      'global position, date (end of that UTC day) or instant with zone (default: now)',
      parseAsOf,
    )
    .option('--json', 'print JSON instead of text');
  addStoreOptions(command).action(async (flags: TrialBalanceFlags) => {
    const report = await withStore(flags, { readOnly: true }, async (store) => {
      const progress = await logProgress(store, 'trial-balance', flags.progress);
      const folded = await foldLog(store, journalProjection, { asOf: flags.asOf, progress });
      progress.finish();
      return {
        asOf: flags.asOf ?? null,
        computedAtPosition: folded.computedAtPosition,
        entryCount: folded.state.entries.length,
        skipped: folded.state.skipped,
        // Asserts every currency nets to zero; a violation exits 1 (see main).
        currencies: trialBalance(folded.state),
      } satisfies TrialBalanceReport;
    });
    if (flags.json) printJson(report);
    else printLines(formatTrialBalance(report));
  });
}

function formatTrialBalance(report: TrialBalanceReport): string {
  const lines = [
    `Trial balance as of ${describeAsOf(report.asOf ?? undefined)}, computed at global position ${report.computedAtPosition ?? '-'} (${report.entryCount} journal entries)`,
  ];
  if (report.currencies.length === 0) lines.push('', 'No journal entries.');
  for (const tb of report.currencies) {
    lines.push(
      '',
      tb.currency,
      formatTable(
        ['ledger account', 'name', 'debit', 'credit', 'balance'],
        [
          ...tb.rows.map((r) => [r.ledgerAccount, r.name, r.debit, r.credit, r.balance]),
          ['total', '', tb.debitTotal, tb.creditTotal, tb.net],
        ],
        ['left', 'left', 'right', 'right', 'right'],
      )
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
      `  net ${tb.net} ${tb.currency}: debits equal credits`,
    );
  }
  if (report.skipped.length > 0) {
    lines.push('', `${report.skipped.length} event(s) could not be posted:`);
    for (const s of report.skipped)
      lines.push(`  ${s.eventType} ${s.eventId} at position ${s.globalPosition}: ${s.reason}`);
  }
  return lines.join('\n');
}
