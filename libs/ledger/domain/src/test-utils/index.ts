// `@billing/ledger-domain/testing`: valid billing event sequences for tests of the ledger's
// consumers (service, CLI). Test code only; production code must not import it.
export * from './billing-simulator';
export * from './issue-scenario';
export * from './billing-arbitraries';
