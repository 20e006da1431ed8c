export * from './billing-validators';
export * from './validation.pipe';
export * from './json-content-type.middleware';
