export * from './billing-validators';
export * from './validation.pipe';
