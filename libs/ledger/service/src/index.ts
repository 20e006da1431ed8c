export { createLedgerModule } from './http/ledger.module';
export type { LedgerDeps } from './http/shared/ledger.deps';
export { LedgerProjectionsRunner } from './http/shared/ledger-projections.runner';
export { ledgerStandaloneOptions } from './ledger.standalone';
export * from './core';

/** The statement's PDF (exported for its tests). */
export { statementPdf } from './http/accounts/queries/account-statement-pdf/statement.pdf';
export type { StatementView } from './http/shared/ledger.views';
