import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createPgliteEventStore, type SqlEventStore } from '@billing/event-store';
import pino, { type DestinationStream } from 'pino';
import type { Clock } from '@billing/kernel';
import {
  contextTopic,
  createInProcessBus,
  createRelay,
  type BillingContext,
  type InProcessBus,
  type Relay,
} from '@billing/messaging';
import {
  BatchedAccessLog,
  createLogger,
  createServiceApp,
  PersonalDataIdempotencyStore,
  loadConfig,
  PlatformConfig,
  platformMigrations,
  PostgresIdempotencyStore,
  SharedTestClock,
  SqlAccessLogStore,
  SqlClockOffsetStore,
  startGlobalSeal,
} from '@billing/platform';
import {
  applySqlMigrationsWith,
  autocommitTransactionRunner,
  inProcessBusIntegrationEvents,
} from '@billing/read-models';
import { createInvoicingModule, invoicingMigrations } from '@billing/invoicing-service';
import { createPaymentsModule, paymentsMigrations } from '@billing/payments-service';
import { collectionsMigrations, createCollectionsModule } from '@billing/collections-service';
import {
  createDisputesModule,
  disputesMigrations,
  disputesSettingsFromEnv,
} from '@billing/disputes-service';
import { collectionsStreamCategories, disputesStreamCategories } from '@billing/contracts';
import { createLedgerModule, ledgerMigrations } from '@billing/ledger-service';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { localSignInAllowed, mountConsole } from './console/mount-console';
import {
  personalDataMigrations,
  protectPersonalData,
  resolveMasterKey,
} from '@billing/personal-data';

export interface EmbeddedSystemOptions {
  /** Where PGlite keeps the event store and read models across restarts. */
  dataDir: string;
  jwtSecret: string;
  clock: Clock;
  env?: Record<string, string | undefined>;
  /** Where the JSON log lines go; stdout when absent (tests collect them to check what is logged). */
  logDestination?: DestinationStream;
}

export interface EmbeddedSystem {
  app: INestApplication;
  port: number;
  /** Mounted services: prefix and title. */
  services: Array<{ prefix: string; title: string }>;
  /** The one event store every service appends to (tests compare the log before and after). */
  store: SqlEventStore;
  /**
   * Resolves once every follower (relays, read models, consumers on the bus, the ledger) has
   * handled everything committed, and a pass found no new event; rejects after `timeoutMs`.
   */
  quiescent(timeoutMs?: number): Promise<void>;
  /** Where the sealer publishes chain heads in place of billing.audit.v1. */
  audit: InProcessBus;
  /** Writes text after every log line written so far (the logger writes asynchronously). */
  announce(text: string): void;
  /** The services' business clock: the test clock unless `TEST_CLOCK=off`. */
  clock: Clock;
  /** True when GET/POST /system/clock exist (`TEST_CLOCK` is not `off`). */
  testClockOn: boolean;
  close(): Promise<void>;
}

/**
 * Every service in one process with no infrastructure: one HTTP app with each service under its
 * prefix, the embedded PGlite event store, and the in-process bus in place of Kafka. Each
 * service's relay publishes its own events to the bus from its checkpoint, as it would to Kafka,
 * so the cross-service flows are the same ones that run on the local stack.
 */
export async function createEmbeddedSystem(
  options: EmbeddedSystemOptions,
): Promise<EmbeddedSystem> {
  const config = loadConfig(PlatformConfig, {
    SERVICE_NAME: 'billing-embedded',
    PORT: '3000',
    ...(options.env ?? {}),
    JWT_SECRET: options.jwtSecret,
  });
  // Kept to print the start banner through it: pino writes asynchronously, and text written to
  // stdout directly would overtake start-up's last log lines.
  const destination = options.logDestination ?? pino.destination({ sync: false });
  const logger = createLogger({
    service: config.SERVICE_NAME,
    level: config.LOG_LEVEL,
    destination,
  });
  const store = await createPgliteEventStore({ dataDir: path.join(options.dataDir, 'pglite') });
  const db = store.backend;
  await applySqlMigrationsWith(db, [
    personalDataMigrations,
    platformMigrations,
    invoicingMigrations,
    paymentsMigrations,
    collectionsMigrations,
    disputesMigrations,
    ledgerMigrations,
  ]);
  // One test clock for every service of the process, its offset kept in the data directory.
  const testClock =
    config.TEST_CLOCK === 'off'
      ? undefined
      : new SharedTestClock({ base: options.clock, offsets: new SqlClockOffsetStore(db) });
  await testClock?.start();
  const clock = testClock?.clock ?? options.clock;
  const bus = createInProcessBus({ logger });
  // A bus of its own for chain heads, as billing.audit.v1 is a topic of its own: no service's
  // subscriber sees them. The embedded process is the store's only client, so its sealer is the one.
  const audit = createInProcessBus({ logger });
  const globalSeal = startGlobalSeal({
    store,
    auditPublisher: audit,
    service: config.SERVICE_NAME,
    logger,
    anchorEveryMs: config.SEAL_ANCHOR_INTERVAL_SECONDS * 1_000,
    lagMaxMs: config.SEAL_LAG_MAX_SECONDS * 1_000,
  });
  // Modules see personal fields decrypted; the relays below publish the stored (encrypted) form.
  const personalData = protectPersonalData({
    store,
    db,
    masterKey: resolveMasterKey(options.env ?? {}, options.dataDir),
  });
  const deps = {
    store: personalData.store,
    db,
    tx: autocommitTransactionRunner(db),
    clock,
    personalDataKeys: personalData.keyStore,
    integrationEvents: personalData.integrationEvents(inProcessBusIntegrationEvents(bus, db)),
    logger,
    env: options.env ?? {},
    // Dunning notifications go to the bus's notifications topic, as they would to Kafka.
    notificationsPublisher: () => bus,
  };
  const relayOf = (service: BillingContext, categories: string[]): Relay =>
    createRelay({
      publisher: bus,
      store,
      service,
      topic: contextTopic(service),
      categories,
      logger,
    });
  const relays: Relay[] = [
    relayOf('invoicing', ['billingaccount', 'invoice', 'invoiceseries', 'creditnoteseries']),
    relayOf('payments', ['payment', 'paymentreference']),
    relayOf('collections', Object.values(collectionsStreamCategories)),
    relayOf('disputes', Object.values(disputesStreamCategories)),
  ];
  const services = [
    {
      prefix: 'invoicing',
      title: 'Invoicing',
      module: createInvoicingModule(deps),
      description: 'Billing accounts, invoices, credit notes and corrected invoices.',
    },
    {
      prefix: 'payments',
      title: 'Payments',
      module: createPaymentsModule(deps),
      description: 'Payments, allocation, unapplied credit, reversals, refunds and receipts.',
    },
    {
      prefix: 'collections',
      title: 'Collections',
      module: createCollectionsModule(deps),
      description:
        'Dunning on a clock, promises to pay, payment plans, write-offs with approval, the worklist.',
    },
    {
      prefix: 'disputes',
      title: 'Disputes',
      module: createDisputesModule({ ...deps, ...disputesSettingsFromEnv(deps.env) }),
      description:
        'Invoice disputes and chargeback cases: open, investigate, escalate past the SLA, resolve.',
    },
    {
      prefix: 'ledger',
      title: 'Ledger',
      // Follows the store's global order directly: no bus, no relay.
      module: createLedgerModule(deps),
      description:
        'Balances, double-entry journal and trial balance, aging, customer statements, audit trail and billing metrics, live or as of any past moment.',
    },
  ];
  const app = await createServiceApp(services, {
    config,
    logger,
    clock: options.clock,
    // In the data directory, like everything else: a command retried after a restart is answered
    // from its first run, not run twice.
    idempotencyStore: new PersonalDataIdempotencyStore(
      new PostgresIdempotencyStore(db, options.clock),
      personalData.cipher,
    ),
    // Who read which account, in the same data directory (written in batches).
    accessLog: new BatchedAccessLog(new SqlAccessLogStore(db), { logger }),
    globalSeal,
    ...(testClock ? { testClock } : {}),
    // main.ts closes the whole system on SIGINT/SIGTERM; Nest's own hooks would re-raise the
    // signal after closing the app, killing the process before the store is closed.
    shutdownHooks: false,
  });
  // The web console at /console, with local sign-in outside production mode.
  mountConsole(app as NestExpressApplication, {
    jwtSecret: options.jwtSecret,
    logger,
    localSignIn: localSignInAllowed(options.env ?? {}),
  });
  await app.init();
  for (const relay of relays) await relay.start();

  return {
    app,
    port: config.PORT,
    services: services.map(({ prefix, title }) => ({ prefix, title })),
    store,
    quiescent: (timeoutMs = 60_000) => quiescent(store, timeoutMs),
    audit,
    announce: (text) => destination.write(text),
    clock,
    testClockOn: testClock !== undefined,
    async close() {
      testClock?.stop();
      for (const relay of relays) await relay.stop();
      await app.close();
      await globalSeal.stop();
      await store.close();
    },
  };
}

/** Passes of "every subscription caught up" until one finds the log unchanged, within a bound. */
async function quiescent(store: SqlEventStore, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const count = async () => {
    const { rows } = await store.backend.query<{ count: string }>(
      'SELECT count(*)::text AS count FROM event_store.events',
    );
    return rows[0]?.count ?? '0';
  };
  for (;;) {
    const before = await count();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      store.subscriptionsCaughtUp(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('The followers did not catch up in time')),
          Math.max(deadline - Date.now(), 0),
        );
      }),
    ]).finally(() => clearTimeout(timer));
    if ((await count()) === before) return;
  }
}
