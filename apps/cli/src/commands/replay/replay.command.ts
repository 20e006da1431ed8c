import type { Command } from 'commander';
import {
  accountBalances,
  auditTrailOf,
  billingAccountOf,
  invoicesOfAccount,
  ledgerProjection,
  type AsOf,
} from '@billing/ledger-domain';
import { notFound } from '../../shared/exit-codes';
import { describeAsOf, parseAsOf } from '../../shared/moments';
import { printJson, printLines } from '../../shared/output';
import { describeConnection } from '../../store/connection';
import { foldLog, logProgress } from '../../store/read-log';
import { recordAccountReads } from '../../store/record-access';
import { addStoreOptions, withStore, type StoreFlags } from '../../store/with-store';
import { formatReplay, type ReplayReport } from './replay.format';

interface ReplayFlags extends StoreFlags {
  account: string;
  asOf?: AsOf;
  json?: boolean;
}

export function registerReplayCommand(program: Command): void {
  const command = program
    .command('replay')
    .summary("an account's timeline and balances as of a moment")
    .description(
      "Replays one billing account's history from the log, up to a moment, without touching any " +
        'read model: every event that touched the account (who, when, why), its balances per ' +
        'currency and its invoices, as the system knew them then. Prints the global position it ' +
        'was computed at.',
    )
    .requiredOption('--account <id>', 'billing account id')
    .option(
      '--as-of <moment>',
      'global position (e.g. 1200), date (end of that UTC day) or instant with zone ' +
        '(commit time, e.g. 2026-03-31T17:00:00Z); default: now',
      parseAsOf,
    )
    .option('--json', 'print JSON instead of text');
  addStoreOptions(command).action(async (flags: ReplayFlags) => {
    const report = await replay(flags);
    if (flags.json) printJson(report);
    else printLines(formatReplay(report));
  });
}

async function replay(flags: ReplayFlags): Promise<ReplayReport> {
  return withStore(flags, { readOnly: true }, async (store, connection) => {
    const progress = await logProgress(store, 'replay', flags.progress);
    let everSeen = false;
    const ofAccount = (event: Parameters<typeof billingAccountOf>[0]) =>
      billingAccountOf(event) === flags.account;
    const folded = await foldLog(store, ledgerProjection, {
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
    const { state } = folded;
    await recordAccountReads(connection, store, [flags.account], 'cli replay');
    return {
      billingAccountId: flags.account,
      asOf: flags.asOf ?? null,
      asOfDescription: describeAsOf(flags.asOf),
      computedAtPosition: folded.computedAtPosition,
      eventsInLog: folded.eventsRead,
      eventsOfAccount: folded.eventsFolded,
      timeline: auditTrailOf(state.auditTrail, flags.account),
      balances: accountBalances(state.balances, flags.account),
      invoices: invoicesOfAccount(state.balances, flags.account).map(
        ({ movements: _movements, ...invoice }) => invoice,
      ),
    };
  });
}
