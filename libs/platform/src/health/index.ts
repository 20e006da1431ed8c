export * from './health.controller';
export * from './readiness-check.port';
export * from './readiness-checks';
export * from './readiness.registry';
export * from './followers-readiness.check';
