// Test helpers (entry point `@billing/ledger-domain/testing`): never imported by production code.
export * from './billing-simulator';
export * from './billing-traffic';
export * from './issue-scenario';
export * from './billing-arbitraries';
