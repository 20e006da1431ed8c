export * from './port/envelope';
export * from './port/errors';
export { assertStorable, isStorableJson } from './port/storable';
export * from './port/event-store.port';
export {
  createInMemoryEventStore,
  InMemoryEventStore,
  type InMemoryEventStoreOptions,
} from './memory/in-memory-event-store';
export {
  createPostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres-event-store';
export { SqlEventStore, type SealRound } from './sql/sql-event-store';
export type { SqlExecutor, SqlBackend } from './sql/sql-executor';
export { forEachRow } from './sql/sql-executor';
export { CheckpointConflict, loadCheckpointWith, saveCheckpointWith } from './sql/checkpoints';
export { eventStoreMigrations } from './migrations';
export {
  canonicalJson,
  canonicalEnvelope,
  contentHash,
  streamLink,
  globalLink,
  type SealedFacts,
} from './integrity/canonical-json';
export {
  verify,
  type IntegrityReport,
  type IntegrityProblem,
  type IntegrityFault,
  type Verifiable,
  type VerifyOptions,
  type VerifyProgress,
} from './integrity/verify';
export type { KeptHeadOutcome } from './integrity/verify-global-chain';
export {
  readChainHead,
  readSealLagMs,
  parseKeptHead,
  formatKeptHead,
  type ChainHead,
  type KeptHead,
} from './integrity/chain-head';
export { pgExecutor, poolFromConfig } from './postgres/postgres.backend';
export { createPgliteEventStore, type PgliteEventStoreOptions } from './pglite/pglite-event-store';
export { migratePglite } from './pglite/pglite-migrate';
export {
  createUpcasterRegistry,
  UpcasterRegistry,
  type Upcaster,
} from './upcasting/upcaster-registry';
export { withUpcasters, UpcastingEventStore } from './upcasting/upcasting-event-store';
export {
  createKurrentDbEventStore,
  KurrentDbEventStore,
  type KurrentDbEventStoreOptions,
} from './kurrentdb/kurrentdb-event-store';
export {
  startGlobalChainSealer,
  type GlobalChainSealer,
  type GlobalChainSealerOptions,
} from './integrity/global-chain.sealer';
/** `saveCheckpoint(client, id, expected, next)`: the projection's transaction client comes first. */
export { saveCheckpointWith as saveCheckpoint } from './sql/checkpoints';
export * from './command/handle-command';
export * from './command/handle-commands-together';
