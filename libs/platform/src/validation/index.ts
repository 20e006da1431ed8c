export * from './billing-validators';
export * from './validation.pipe';
export * from './json-content-type.middleware';
export * from './strict-edge.middleware';
export * from './request-value-inspection';
export * from './text-rules';
export * from './bodyless-route.guard';
export * from './chosen-business-date';
