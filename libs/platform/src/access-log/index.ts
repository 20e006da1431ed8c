export * from './access-log.port';
export * from './access-log.interceptor';
export * from './audited-read.decorator';
export * from './batched-access-log';
export * from './sql-access-log.store';
