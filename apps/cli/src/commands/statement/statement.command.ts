import type { Command } from 'commander';
import {
  billingAccountOf,
  customerStatement,
  statementProjection,
  type AsOf,
  type CustomerStatement,
  type LedgerEvent,
} from '@billing/ledger-domain';
import { notFound, usageError } from '../../shared/exit-codes';
import { describeAsOf, parseAsOf, parseBusinessDate } from '../../shared/moments';
import { printJson, printLines } from '../../shared/output';
import { formatTable } from '../../shared/table';
import { describeConnection } from '../../store/connection';
import { foldLog, logProgress } from '../../store/read-log';
import { recordAccountReads } from '../../store/record-access';
import { addStoreOptions, withStore, type StoreFlags } from '../../store/with-store';
import { indent } from '../replay/replay.format';

interface StatementFlags extends StoreFlags {
  account: string;
  from: string;
  to: string;
  asOf?: AsOf;
  json?: boolean;
}

interface StatementReport extends CustomerStatement {
  asOf: AsOf | null;
  computedAtPosition: number | null;
}

export function registerStatementCommand(program: Command): void {
  const command = program
    .command('statement')
    .summary('a customer statement for a period: opening balance, lines, closing balance')
    .description(
      'The statement a coordinator sends a customer, per currency: the opening balance (every ' +
        'movement dated before --from), each invoice, void, credit note, payment, bounced payment, ' +
        'write-off and refund dated in the period with its reference and running balance, and the ' +
        'closing balance. Periods are inclusive business dates.',
    )
    .requiredOption('--account <id>', 'billing account id')
    .requiredOption('--from <date>', 'first business date YYYY-MM-DD', parseBusinessDate)
    .requiredOption('--to <date>', 'last business date YYYY-MM-DD', parseBusinessDate)
    .option(
      '--as-of <moment>',
      'the log as it stood at a global position, date or instant (default: now)',
      parseAsOf,
    )
    .option('--json', 'print JSON instead of text');
  addStoreOptions(command).action(async (flags: StatementFlags) => {
    if (flags.from > flags.to) throw usageError(`--from ${flags.from} is after --to ${flags.to}`);
    const report = await statement(flags);
    if (flags.json) printJson(report);
    else printLines(formatStatement(report));
  });
}

async function statement(flags: StatementFlags): Promise<StatementReport> {
  return withStore(flags, { readOnly: true }, async (store, connection) => {
    const progress = await logProgress(store, 'statement', flags.progress);
    const ofAccount = (event: LedgerEvent) => billingAccountOf(event) === flags.account;
    let everSeen = false;
    const folded = await foldLog(store, statementProjection, {
      asOf: flags.asOf,
      accept: ofAccount,
      observe: (event) => {
        if (!everSeen && ofAccount(event)) everSeen = true;
      },
      progress,
    });
    progress.finish();
    if (!everSeen)
      throw notFound(
        `no events for billing account ${flags.account} in ${describeConnection(connection)}`,
      );
    await recordAccountReads(connection, store, [flags.account], 'cli statement');
    return {
      ...customerStatement(folded.state, flags.account, { from: flags.from, to: flags.to }),
      asOf: flags.asOf ?? null,
      computedAtPosition: folded.computedAtPosition,
    };
  });
}

function formatStatement(report: StatementReport): string {
  const lines = [
    `Statement for billing account ${report.billingAccountId}, ${report.from} to ${report.to}`,
    `(the log as of ${describeAsOf(report.asOf ?? undefined)}, computed at global position ${report.computedAtPosition ?? '-'})`,
  ];
  if (report.currencies.length === 0) lines.push('', 'No movements on this account.');
  for (const section of report.currencies) {
    lines.push(
      '',
      section.currency,
      `  Opening balance (before ${report.from}): ${section.openingBalance}`,
      section.lines.length === 0
        ? '  (no movements in the period)'
        : indent(
            formatTable(
              ['date', 'kind', 'reference', 'description', 'amount', 'balance'],
              section.lines.map((l) => [
                l.businessDate,
                l.kind,
                l.reference,
                l.description,
                l.amount,
                l.runningBalance,
              ]),
              ['left', 'left', 'left', 'left', 'right', 'right'],
            ),
          ),
      `  Charges: ${section.charges}  Credits: ${section.credits}`,
      `  Closing balance (${report.to}): ${section.closingBalance}`,
    );
  }
  return lines.join('\n');
}
