// The ledger without Nest (entry point `@billing/ledger-service/core`): live projections,
// rebuild, checksums, point-in-time replays and queries, for the CLI and for the HTTP module.
export { ledgerMigrations } from '../ledger.migrations';
export * from './projections/ledger-projection-spec';
export { ledgerProjectionSpecs, ledgerProjectionSpec } from './projections/ledger-projections';
export {
  startLiveLedgerProjections,
  type LiveLedgerProjections,
  type LiveLedgerProjectionsOptions,
  type LedgerLogger,
} from './live/live-ledger-projections';
export * from './rebuild/rebuild-ledger-projections';
export * from './rebuild/checksums';
export {
  listVersions,
  liveVersion,
  ensureLiveVersions,
  type ProjectionVersion,
  type VersionState,
} from './registry/projection-registry';
export { LedgerQueries, pageLimitMax, type ComputedAt, type Page } from './queries/ledger-queries';
export { parseAsOf } from './as-of/parse-as-of';
export type { Replayed } from './as-of/replay';
export * from './ledger-api';
export { readLog, readLogPage, compareCheckpoints, type LogPage } from './log/log-reader';
export { foldAccountEvents, readAccountEvents } from './log/account-events';
export { qualifiedName } from './tables/table-spec';
export { forgetAccountEvents } from './as-of/account-event-cache';
