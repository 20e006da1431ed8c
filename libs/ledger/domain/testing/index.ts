// Test helpers (entry point `@billing/ledger-domain/testing`): never imported by production code.
export * from './billing-simulator';
export * from './billing-traffic';
export * from './issue-scenario';
export * from './billing-arbitraries';
// The decimal.js reference arithmetic, for the property test and the fold benchmark.
export { decimalArithmetic, integerArithmetic, type Arithmetic } from '../src/shared/arithmetic';
export { withArithmetic } from '../src/shared/amounts';
