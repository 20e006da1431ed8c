// Test and benchmark helpers (entry point `@billing/ledger-service/testing`); never imported by
// production code.
export * from './append-in-bulk';
