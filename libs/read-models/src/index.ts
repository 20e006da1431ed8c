export * from './transaction-runner.port';
export * from './projection';
export * from './integration-events.port';
export * from './store-integration-events.adapter';
export * from './kafka-integration-events.adapter';
export * from './autocommit-transaction-runner';
export * from './apply-sql-migrations';
export * from './in-process-bus-integration-events.adapter';
