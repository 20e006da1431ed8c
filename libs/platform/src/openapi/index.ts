export * from './problem.schema';
export * from './schema-hints';
export * from './setup-openapi';
export * from './validated-class-schemas';
