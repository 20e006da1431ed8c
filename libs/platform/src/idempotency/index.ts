export * from './idempotency-store.port';
export * from './idempotency.interceptor';
export * from './in-memory-idempotency-store.adapter';
export * from './platform-migrations';
export * from './postgres-idempotency-store.adapter';
export * from './request-fingerprint';
export * from './skip-idempotency.decorator';
export * from './claim-session';
