export * from './api-contract.decorator';
export * from './error-statuses';
export * from './problem.schema';
export * from './schema-hints';
export * from './setup-openapi';
export * from './validated-class-schemas';
export * from './view-fields';
