// One service as its own process: PostgreSQL store (DATABASE_URL), Kafka relay for its own stream
// categories and consumers of the other contexts' topics (KAFKA_BROKERS). Every service's
// `apps/<service>/src/main.ts` is this plus its own module and categories.
import type { Server, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { IsOptional, Matches } from 'class-validator';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { INestApplication, Type } from '@nestjs/common';
import {
  createPostgresEventStore,
  eventStoreMigrations,
  pgExecutor,
  poolFromConfig,
  type EventStore,
  type SqlExecutor,
} from '@billing/event-store';
import { systemClock, type Clock } from '@billing/kernel';
import {
  billingContexts,
  contextTopic,
  createRelay,
  errorCodeOf,
  isDependencyUnavailable,
  auditTopic,
  KafkaEventPublisher,
  messagingMigrations,
  notificationsTopic,
  pause,
  provisionTopics,
  resolveKafka,
  retryDelayMs,
  type BillingContext,
  type EventPublisher,
} from '@billing/messaging';
import {
  kafkaIntegrationEvents,
  pgTransactionRunner,
  storeIntegrationEvents,
  type IntegrationEventSource,
  type IntegrationEventsFactory,
  type TransactionRunner,
} from '@billing/read-models';
import type { MigrationSet } from '@billing/sql-migrations';
import {
  personalDataMigrations,
  protectPersonalData,
  resolveMasterKey,
  type PersonalDataKeyStore,
} from '@billing/personal-data';
import { BatchedAccessLog } from '../access-log/batched-access-log';
import { SqlAccessLogStore } from '../access-log/sql-access-log.store';
import { PlatformConfig } from '../config/platform-config';
import { loadConfig } from '../config/load-config';
import { PersonalDataIdempotencyStore } from '../idempotency/personal-data-idempotency-store';
import { PostgresIdempotencyStore } from '../idempotency/postgres-idempotency-store.adapter';
import { platformMigrations } from '../idempotency/platform-migrations';
import { postgresReadinessCheck, tcpReadinessCheck } from '../health/readiness-checks';
import { createLogger } from '../logging/logger';
import { prepareServiceSchema } from '../database/prepare-service-schema';
import { SqlClockOffsetStore } from '../test-clock/clock-offset.store';
import { SharedTestClock } from '../test-clock/shared-test-clock';
import { createServiceApp } from './create-service-app';
import { startGlobalSeal } from './global-seal';
import { runService } from './run-service';

export class StandaloneServiceConfig extends PlatformConfig {
  /** Appended to every topic name (`billing.<context>.v1<suffix>`), so test runs do not mix. */
  @IsOptional()
  @Matches(/^[a-z0-9._-]{0,40}$/)
  KAFKA_TOPIC_SUFFIX?: string;
}

/** What every service module is given, whichever way it is run. */
export interface ServiceDeps {
  store: EventStore;
  db: SqlExecutor;
  tx: TransactionRunner;
  clock: Clock;
  integrationEvents: IntegrationEventsFactory;
  /** How long a command waits for its read model before answering (bounded; default 5 s). */
  readModelWaitMs?: number;
  /** The service's JSON logger, for work outside requests (projectors, consumers). */
  logger?: Logger;
  /**
   * The per-account data keys of personal fields (`store` and `integrationEvents` already decrypt
   * through them); invoicing destroys one on an approved erasure.
   */
  personalDataKeys?: PersonalDataKeyStore;
  /** The environment the service was started with, for the service's own settings. */
  env?: Record<string, string | undefined>;
  /**
   * A new publisher to the shared notifications topic (`billing.notifications.v1`): Kafka when
   * standalone, the in-process bus when embedded. Absent: the service sends no notifications.
   */
  notificationsPublisher?: () => EventPublisher;
}

export interface StandaloneServiceOptions {
  /**
   * Names the service (URL prefix, SERVICE_NAME). A service that owns stream categories is one of
   * the billing contexts and publishes them to its topic; a read-only service (the ledger) owns
   * none, relays nothing and has no topic.
   */
  context: BillingContext | 'ledger';
  title: string;
  description: string;
  /** Stream categories this service owns; its relay publishes them to its topic. Empty: none. */
  categories: string[];
  /** Topics of the contexts this service consumes (created on start if missing). */
  consumes: BillingContext[];
  migrations: MigrationSet;
  createModule: (deps: ServiceDeps) => Type<unknown>;
}

/** Between attempts at a dependency that is away at start-up (PostgreSQL, Kafka): capped, forever. */
const startBackoff = { delayInitialMs: 500, delayMaxMs: 5_000 };

export interface StartStandaloneServiceOverrides {
  /** Environment to read the configuration from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Business clock (default the system clock); end-to-end tests pass a ManualClock and move it. */
  clock?: Clock;
}

export interface StandaloneService {
  app: INestApplication;
  port: number;
  /**
   * Readiness signals, each about what was committed or published before the call. Several
   * services on one store are quiet once a pass over all of them, relays first, then consumers,
   * then subscriptions, finds no new event (`untilQuiescent` in @billing/service-testing).
   */
  caughtUp: {
    /** The relay has published every event of the service's categories committed before the call. */
    relay(): Promise<void>;
    /** Every consumer of other contexts' events has handled what its topics held at the call. */
    consumers(): Promise<void>;
    /**
     * Every subscription on the service's store (read models, projectors, the relay) has handled
     * every event committed before the call.
     */
    subscriptions(): Promise<void>;
  };
  /** Stops the relay, the app (its consumers and projections) and the store's pool. */
  close(): Promise<void>;
}

/**
 * Builds one standalone service (migrations, store, relay, consumers, HTTP app) without
 * listening and without touching process signals, so end-to-end tests can run several services in
 * one test process on real Kafka and PostgreSQL, sharing a clock they move.
 */
export async function startStandaloneService(
  options: StandaloneServiceOptions,
  overrides: StartStandaloneServiceOverrides = {},
): Promise<StandaloneService> {
  const { context } = options;
  const publishing = publishingContext(options);
  const env = overrides.env ?? process.env;
  const config = loadConfig(StandaloneServiceConfig, { SERVICE_NAME: context, ...env });
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required');
  const baseClock = overrides.clock ?? systemClock;
  const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  const databaseUrl = config.DATABASE_URL;
  await untilAvailable('postgres', logger, () =>
    prepareServiceSchema(
      databaseUrl,
      [
        eventStoreMigrations,
        platformMigrations,
        messagingMigrations,
        personalDataMigrations,
        options.migrations,
      ],
      logger,
    ),
  );
  // A request waits at most this long for a connection while the database is away (then 503).
  const pool = poolFromConfig({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  const store = createPostgresEventStore({ pool });
  const db = pgExecutor(pool);
  const testClock = await startTestClock(config, baseClock, db, logger);
  const clock = testClock?.clock ?? baseClock;
  // Modules read and write through the personal-data layer; the relay publishes the stored form.
  const keys = await personalDataKeysDatabase(env, config.DATABASE_URL, pool, logger);
  const personalData = protectPersonalData({
    store,
    db: keys.db,
    masterKey: resolveMasterKey(env, localDataDir(env)),
  });
  const tx = pgTransactionRunner(pool);
  const brokers = config.KAFKA_BROKERS;
  const topicOf = (c: BillingContext) => `${contextTopic(c)}${config.KAFKA_TOPIC_SUFFIX ?? ''}`;
  const notificationsTopicName = `${notificationsTopic}${config.KAFKA_TOPIC_SUFFIX ?? ''}`;
  const auditTopicName = `${auditTopic}${config.KAFKA_TOPIC_SUFFIX ?? ''}`;
  let closing = false;
  // When Kafka is away, topics are created in the background: a service starts, and serves what
  // needs only PostgreSQL; its relay and consumers connect when the broker is back.
  let kafkaAway!: () => void;
  const firstAttemptFailed = new Promise<void>((resolve) => (kafkaAway = resolve));
  const topicsProvisioned = brokers
    ? untilAvailable(
        'kafka',
        logger,
        () =>
          provisionTopics({
            kafka: resolveKafka({ brokers }, `${context}-admin`),
            topics: [
              ...[...(publishing ? [publishing] : []), ...options.consumes].map(topicOf),
              notificationsTopicName,
              auditTopicName,
            ],
            logger,
          }),
        () => closing,
        kafkaAway,
      )
    : Promise.resolve();
  await Promise.race([topicsProvisioned, firstAttemptFailed]);
  const relay =
    brokers && publishing
      ? createRelay({
          brokers,
          store,
          service: publishing,
          topic: topicOf(publishing),
          categories: options.categories,
          logger,
        })
      : undefined;
  const integrationEvents: IntegrationEventsFactory = brokers
    ? kafkaIntegrationEvents({
        brokers,
        pool,
        logger,
        topicOf,
        groupIdSuffix: config.KAFKA_TOPIC_SUFFIX,
      })
    : storeIntegrationEvents(store, tx, db);
  const decryptedIntegrationEvents = personalData.integrationEvents(integrationEvents);
  // Every service runs the sealer; one session at a time seals (sql/0025), so any may stop.
  const globalSeal = startGlobalSeal({
    store,
    auditPublisher: brokers
      ? new KafkaEventPublisher(resolveKafka({ brokers }, `${context}-audit`), auditTopicName)
      : null,
    service: config.SERVICE_NAME,
    logger,
    anchorEveryMs: config.SEAL_ANCHOR_INTERVAL_SECONDS * 1_000,
    lagMaxMs: config.SEAL_LAG_MAX_SECONDS * 1_000,
  });
  // Every source the module creates, so caughtUp.consumers() can ask each of them.
  const sources: IntegrationEventSource[] = [];
  const idempotencyStore = new PostgresIdempotencyStore(pool);
  const app = await createServiceApp(
    {
      module: options.createModule({
        store: personalData.store,
        db,
        tx,
        clock,
        logger,
        personalDataKeys: personalData.keyStore,
        integrationEvents: (subscription) => {
          const source = decryptedIntegrationEvents(subscription);
          sources.push(source);
          return source;
        },
        env,
        ...(brokers
          ? {
              notificationsPublisher: () =>
                new KafkaEventPublisher(
                  resolveKafka({ brokers }, `${context}-notifications`),
                  notificationsTopicName,
                ),
            }
          : {}),
      }),
      prefix: context,
      title: options.title,
      description: options.description,
    },
    {
      config,
      logger,
      clock: baseClock,
      ...(testClock ? { testClock } : {}),
      idempotencyStore: new PersonalDataIdempotencyStore(idempotencyStore, personalData.cipher),
      accessLog: new BatchedAccessLog(new SqlAccessLogStore(db), { logger }),
      globalSeal,
      // runStandaloneService closes the whole service on a signal (tests close it themselves).
      shutdownHooks: false,
      readinessChecks: [
        postgresReadinessCheck(pool),
        ...(brokers ? [tcpReadinessCheck('kafka', brokers)] : []),
      ],
    },
  );
  await app.init();
  // The relay waits for its topic; it retries the broker forever on its own (see createRelay).
  const relayStarted = topicsProvisioned.then(
    () => (closing ? undefined : relay?.start()),
    (error: unknown) => {
      logger.error(
        { errorCode: errorCodeOf(error) },
        'kafka topics not provisioned; relay not started',
      );
    },
  );
  return {
    app,
    port: config.PORT,
    caughtUp: {
      relay: async () => {
        await relayStarted;
        await relay?.caughtUp();
      },
      consumers: async () => {
        await Promise.all(sources.map((source) => source.caughtUp()));
      },
      subscriptions: () => store.subscriptionsCaughtUp(),
    },
    async close() {
      // Not waiting for the topics: a relay not started yet never starts once closing is set.
      closing = true;
      testClock?.stop();
      await relay?.stop();
      const stopServing = drainHttp(app.getHttpServer() as Server);
      await app.close();
      stopServing();
      await globalSeal.stop();
      await idempotencyStore.close();
      await store.close();
      await keys.close();
    },
  };
}

/** Other services move the shared clock too: each re-reads it this often (and before requests). */
const testClockPollMs = 1_000;

/**
 * The shared test clock when `TEST_CLOCK=on` (never in production): its offset lives in the
 * database every service of the stack shares, so they all keep one business time.
 */
async function startTestClock(
  config: StandaloneServiceConfig,
  base: Clock,
  db: SqlExecutor,
  logger: Logger,
): Promise<SharedTestClock | undefined> {
  if (config.TEST_CLOCK !== 'on') return undefined;
  const testClock = new SharedTestClock({
    base,
    offsets: new SqlClockOffsetStore(db),
    pollMs: testClockPollMs,
  });
  await testClock.start();
  logger.warn(
    { now: testClock.reading().now },
    'TEST_CLOCK=on: business time is set by POST /system/clock (never in production)',
  );
  return testClock;
}

/**
 * Runs `work` until it succeeds while it fails only because `dependency` is away (logged, capped
 * jittered backoff, never given up); any other failure is thrown at once.
 */
async function untilAvailable<T>(
  dependency: string,
  logger: Logger,
  work: () => Promise<T>,
  cancelled: () => boolean = () => false,
  onRetry: () => void = () => undefined,
): Promise<T | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!isDependencyUnavailable(error)) throw error;
      if (cancelled()) return undefined;
      onRetry();
      const delayMs = retryDelayMs(attempt, startBackoff);
      logger.warn(
        { dependency, attempt, delayMs, errorCode: errorCodeOf(error) },
        'dependency unavailable at start-up, retrying',
      );
      await pause(delayMs);
    }
  }
}

/**
 * Where the data keys of personal fields live: the store's database (the stack and compose share
 * one), or `PERSONAL_DATA_KEYS_URL` when services run on databases of their own, since every
 * service that reads a personal field must see the same keys (a KMS adapter is the other way).
 */
async function personalDataKeysDatabase(
  env: Record<string, string | undefined>,
  databaseUrl: string,
  pool: Pool,
  logger: Logger,
): Promise<{ db: SqlExecutor; close: () => Promise<void> }> {
  const url = env['PERSONAL_DATA_KEYS_URL'];
  if (!url || url === databaseUrl) return { db: pgExecutor(pool), close: async () => undefined };
  await prepareServiceSchema(url, [personalDataMigrations], logger);
  const keysPool = poolFromConfig({ connectionString: url, max: 2 });
  return { db: pgExecutor(keysPool), close: () => keysPool.end() };
}

/** Where a local run keeps generated secrets (`DATA_DIR`, default the repository's `.data/`). */
function localDataDir(env: Record<string, string | undefined>): string {
  return path.resolve(env['DATA_DIR'] ?? path.resolve(__dirname, '../../../../.data'));
}

/** The context whose topic the service publishes to; null for a service that owns no categories. */
function publishingContext(options: StandaloneServiceOptions): BillingContext | null {
  if (options.categories.length === 0) return null;
  const context = options.context;
  if (!(billingContexts as readonly string[]).includes(context))
    throw new Error(`${context} owns stream categories but has no topic of its own`);
  return context as BillingContext;
}

/** Requests in flight get this long to finish when the service stops; then their sockets are closed. */
const httpDrainMs = 2_000;

/**
 * Lets the HTTP server close under load. Nest closes the server before it stops the consumers
 * (their shutdown hooks run after), and a server only closes once its keep-alive connections
 * do, which a client under load never lets happen: a stopped service kept serving and consuming
 * for minutes and never exited (the fault suite's restarts waited on it). From now on every
 * answer closes its connection, and whatever is still open after `httpDrainMs` is closed.
 */
function drainHttp(server: Server): () => void {
  server.on('request', (_request, response: ServerResponse) => {
    if (!response.headersSent) response.setHeader('Connection', 'close');
  });
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), httpDrainMs);
  timer.unref();
  return () => clearTimeout(timer);
}

/** A service's `main.ts`: start it, listen on PORT, stop cleanly on SIGTERM and SIGINT. */
export function runStandaloneService(options: StandaloneServiceOptions): void {
  void runService(async () => {
    const service = await startStandaloneService(options);
    const shutdown = async (): Promise<void> => {
      await service.close();
      process.exit(0);
    };
    process.once('SIGTERM', () => void shutdown());
    process.once('SIGINT', () => void shutdown());
    return { app: service.app, port: service.port };
  });
}
