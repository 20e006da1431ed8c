// Runs invoicing alone: PostgreSQL store (DATABASE_URL), Kafka relay and consumer (KAFKA_BROKERS).
import 'reflect-metadata';
import { Pool } from 'pg';
import { IsOptional, Matches } from 'class-validator';
import { createPostgresEventStore, eventStoreMigrations, pgExecutor } from '@billing/event-store';
import { systemClock } from '@billing/kernel';
import {
  contextTopic,
  createRelay,
  messagingMigrations,
  provisionTopics,
  resolveKafka,
  type BillingContext,
} from '@billing/messaging';
import {
  createLogger,
  createServiceApp,
  loadConfig,
  PlatformConfig,
  platformMigrations,
  PostgresIdempotencyStore,
  postgresReadinessCheck,
  runService,
  tcpReadinessCheck,
} from '@billing/platform';
import {
  kafkaIntegrationEvents,
  pgTransactionRunner,
  storeIntegrationEvents,
} from '@billing/read-models';
import { migrate } from '@billing/sql-migrations';
import { createInvoicingModule, invoicingMigrations } from '@billing/invoicing-service';

class InvoicingConfig extends PlatformConfig {
  /** Appended to every topic name (`billing.invoicing.v1<suffix>`), so test runs do not mix. */
  @IsOptional()
  @Matches(/^[a-z0-9._-]{0,40}$/)
  KAFKA_TOPIC_SUFFIX?: string;
}

void runService(async () => {
  const config = loadConfig(InvoicingConfig, { SERVICE_NAME: 'invoicing', ...process.env });
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required');
  const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  await migrate(config.DATABASE_URL, [
    eventStoreMigrations,
    platformMigrations,
    messagingMigrations,
    invoicingMigrations,
  ]);
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 10 });
  // An idle client dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const store = createPostgresEventStore({ pool });
  const db = pgExecutor(pool);
  const tx = pgTransactionRunner(pool);
  const brokers = config.KAFKA_BROKERS;
  const topicOf = (context: BillingContext) =>
    `${contextTopic(context)}${config.KAFKA_TOPIC_SUFFIX ?? ''}`;
  if (brokers) {
    await provisionTopics({
      kafka: resolveKafka({ brokers }, 'invoicing-admin'),
      topics: [topicOf('invoicing'), topicOf('payments')],
      logger,
    });
  }
  const relay = brokers
    ? createRelay({
        brokers,
        store,
        service: 'invoicing',
        topic: topicOf('invoicing'),
        categories: ['billingaccount', 'invoice', 'invoiceseries', 'creditnoteseries'],
        logger,
      })
    : undefined;
  // A relay stops when Kafka refuses a batch; it resumes from its checkpoint, a bounded number of times.
  const relayRestartCountMax = 20;
  const superviseRelay = (restartCount: number): void => {
    relay?.done().catch(() => {
      if (restartCount >= relayRestartCountMax) return;
      setTimeout(() => {
        void relay
          .stop()
          .then(() => relay.start())
          .then(() => superviseRelay(restartCount + 1));
      }, 1_000).unref();
    });
  };
  const app = await createServiceApp(
    {
      module: createInvoicingModule({
        store,
        db,
        tx,
        clock: systemClock,
        integrationEvents: brokers
          ? kafkaIntegrationEvents({ brokers, pool, logger, topicOf })
          : storeIntegrationEvents(store, tx, db),
      }),
      prefix: 'invoicing',
      title: 'Invoicing',
      description: 'Billing accounts, invoices, credit notes and corrected invoices.',
    },
    {
      config,
      logger,
      idempotencyStore: new PostgresIdempotencyStore(pool),
      readinessChecks: [
        postgresReadinessCheck(pool),
        ...(brokers ? [tcpReadinessCheck('kafka', brokers)] : []),
      ],
    },
  );
  await relay?.start();
  superviseRelay(0);
  const shutdown = async () => {
    await relay?.stop();
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  return { app, port: config.PORT };
});
