import { InvalidArgumentError, Option, type Command } from 'commander';
import type { SqlEventStore } from '@billing/event-store';
import {
  isLedgerProjectionName,
  ledgerMigrations,
  ledgerProjectionNames,
  rebuildLedgerProjections,
  type LedgerProjectionName,
  type RebuildLedgerResult,
  type RebuildProgress,
} from '@billing/ledger-service/core';
import { applySqlMigrationsWith } from '@billing/read-models';
import { migrate } from '@billing/sql-migrations';
import { checkFailed } from '../../shared/exit-codes';
import { note, printJson, printLines } from '../../shared/output';
import { startProgress, type Progress } from '../../shared/progress';
import type { Connection } from '../../store/connection';
import { addStoreOptions, withStore, type StoreFlags } from '../../store/with-store';
import { formatRebuild } from './rebuild.format';

type SwitchTo = 'when-matching' | 'always' | 'never';

interface RebuildFlags extends StoreFlags {
  switch: SwitchTo;
  json?: boolean;
}

function parseProjection(value: string): LedgerProjectionName | 'all' {
  if (value === 'all' || isLedgerProjectionName(value)) return value;
  throw new InvalidArgumentError(`Expected all or one of ${ledgerProjectionNames.join(', ')}.`);
}

export function registerRebuildCommand(program: Command): void {
  const command = program
    .command('rebuild')
    .summary('rebuild ledger read models from position 0, compare checksums, switch over')
    .description(
      'Rebuilds a ledger read model (or all of them) from position 0 of the log into new versioned ' +
        "tables with the ledger service's own rebuild, showing progress; then brings the live and " +
        'the rebuilt version to the same checkpoint, compares a checksum of every table (row count ' +
        'and md5 over the rows in key order) and, by default, makes the rebuilt version live when ' +
        'every table matches. Prints both checksums per table and whether it switched. The same ' +
        'log always gives the same tables, so a difference means the live read model is wrong: ' +
        'exit 1 unless it was switched (--switch always). Runs beside a live ledger service on ' +
        'PostgreSQL (its projectors pause during the comparison); stop npm start first for the ' +
        "embedded store. Applies the ledger's schema migrations if the service never ran there.",
    )
    .argument('<projection>', `${ledgerProjectionNames.join(', ')}, or all`, parseProjection)
    .addOption(
      new Option('--switch <when>', 'make the rebuilt version live')
        .choices(['when-matching', 'always', 'never'])
        .default('when-matching'),
    )
    .option('--json', 'print the rebuild report as JSON');
  addStoreOptions(command).action(
    async (projection: LedgerProjectionName | 'all', flags: RebuildFlags) => {
      const result = await withStore(
        flags,
        // Writes on a few connections at once while it reads (PostgreSQL).
        { readOnly: false, poolSizeMax: 5 },
        async (store, connection, pool) => {
          await applyLedgerMigrations(store, connection);
          const progress = startProgress({
            label: 'rebuild',
            total: await lastPosition(store),
            unit: 'positions',
            enabled: flags.progress,
          });
          return rebuildLedgerProjections({
            ...(pool === null ? { executor: store.backend } : { pool }),
            ...(projection === 'all' ? {} : { projection }),
            switchTo: flags.switch,
            onProgress: (p) => showProgress(progress, p, flags.progress),
          });
        },
      );
      if (flags.json) printJson(result);
      else printLines(formatRebuild(result));
      failIfLiveDiffers(result);
    },
  );
}

/** The ledger's schema and registry, applied the way the service applies them at start. */
async function applyLedgerMigrations(store: SqlEventStore, connection: Connection): Promise<void> {
  if (connection.kind === 'postgres') await migrate(connection.databaseUrl, [ledgerMigrations]);
  else await applySqlMigrationsWith(store.backend, [ledgerMigrations]);
}

async function lastPosition(store: SqlEventStore): Promise<number> {
  const { rows } = await store.backend.query<{ last: string }>(
    'SELECT coalesce(max(global_position), 0)::text AS last FROM event_store.events',
  );
  return Number(rows[0]?.last ?? 0);
}

function showProgress(progress: Progress, p: RebuildProgress, enabled: boolean): void {
  if (p.phase === 'load') {
    progress.update(
      p.position,
      `(${p.events.toLocaleString('en-US')} events read, ${p.eventsPerSecond.toLocaleString('en-US')}/s)`,
    );
    return;
  }
  progress.update(p.position, `(${p.events.toLocaleString('en-US')} events read)`);
  progress.finish();
  if (!enabled) return;
  if (p.phase === 'index') note('rebuild: adding keys and indexes to the new tables');
  if (p.phase === 'compare') note(`rebuild: comparing ${p.projection} with its live version`);
}

function failIfLiveDiffers(result: RebuildLedgerResult): void {
  const kept = result.projections.filter((p) => !p.matched && !p.switched);
  if (kept.length > 0)
    throw checkFailed(
      `the live ${kept.map((p) => p.projection).join(', ')} read model(s) differ from a rebuild ` +
        'of the same log; the live version was left in place',
    );
}
