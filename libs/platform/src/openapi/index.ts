export * from './problem.schema';
export * from './setup-openapi';
