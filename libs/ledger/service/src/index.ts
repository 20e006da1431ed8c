export { createLedgerModule } from './http/ledger.module';
export type { LedgerDeps } from './http/shared/ledger.deps';
export { LedgerProjectionsRunner } from './http/shared/ledger-projections.runner';
export { ledgerStandaloneOptions } from './ledger.standalone';
export * from './core';
