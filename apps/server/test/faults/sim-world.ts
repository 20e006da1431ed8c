import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  createPgliteEventStore,
  InMemoryEventStore,
  type SqlBackend,
  type SqlEventStore,
} from '@billing/event-store';
import { ManualClock } from '@billing/kernel';
import { contextTopic, createRelay, setFaultHook, type Relay } from '@billing/messaging';
import {
  createLogger,
  createServiceApp,
  loadConfig,
  mintToken,
  PlatformConfig,
  platformMigrations,
  PostgresIdempotencyStore,
} from '@billing/platform';
import { applySqlMigrationsWith, autocommitTransactionRunner } from '@billing/read-models';
import { createInvoicingModule, invoicingMigrations } from '@billing/invoicing-service';
import { createPaymentsModule, paymentsMigrations } from '@billing/payments-service';
import { Prng } from './prng';
import { SimKafka, type PublishFaultWeights } from './sim-kafka';
import { SimCrash, SimTrace } from './sim-trace';

const jwtSecret = 'fault-simulation-secret-of-32-characters';

/** Chances of a crash at each named fault point while faults are on. */
interface CrashChances {
  'relay.after-publish': number;
  'consumer.after-effect': number;
  'consumer.after-commit': number;
}

export interface SimWorldOptions {
  seed: number;
  publishFaults: PublishFaultWeights;
  crashes: CrashChances;
}

interface RelaySlot {
  name: 'invoicing' | 'payments';
  categories: string[];
  relay: Relay;
  failed: boolean;
}

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Invoicing and payments, their real Nest modules, relays and process managers, on the in-memory
 * event store, read models in an in-memory PGlite, and `SimKafka` between them. Every fault
 * comes from one PRNG seeded with `seed`.
 */
export class SimWorld {
  readonly prng: Prng;
  readonly trace = new SimTrace();
  readonly clock = new ManualClock('2026-03-02T09:00:00Z');
  readonly store = new InMemoryEventStore({ now: () => this.clock.now() });
  kafka!: SimKafka;
  db!: SqlBackend;
  private readModels!: SqlEventStore;
  private app!: INestApplication;
  private token = '';
  private readonly relays: RelaySlot[] = [];
  private readonly logger = createLogger({ service: 'fault-sim', level: 'silent' });

  private constructor(private readonly options: SimWorldOptions) {
    this.prng = new Prng(options.seed);
  }

  static async start(options: SimWorldOptions): Promise<SimWorld> {
    const world = new SimWorld(options);
    await world.boot();
    return world;
  }

  private async boot(): Promise<void> {
    // Read models, inbox-free idempotency records and checkpoints of projections live in an
    // in-memory PGlite; its event tables stay empty (the events are in the in-memory store).
    this.readModels = await createPgliteEventStore();
    this.db = this.readModels.backend;
    await applySqlMigrationsWith(this.db, [
      platformMigrations,
      invoicingMigrations,
      paymentsMigrations,
    ]);
    this.kafka = new SimKafka(this.prng, this.trace, this.db, this.options.publishFaults);
    setFaultHook((point) => {
      if (this.kafka.faultsOn && this.prng.chance(this.options.crashes[point]))
        throw new SimCrash(point);
    });
    const deps = {
      store: this.store,
      db: this.db,
      tx: autocommitTransactionRunner(this.db),
      clock: this.clock,
      integrationEvents: this.kafka.integrationEvents((c) => contextTopic(c as 'invoicing')),
      logger: this.logger,
      env: {},
    };
    const config = loadConfig(PlatformConfig, {
      SERVICE_NAME: 'fault-sim',
      PORT: '3000',
      LOG_LEVEL: 'silent',
      JWT_SECRET: jwtSecret,
    });
    this.app = await createServiceApp(
      [
        { prefix: 'invoicing', title: 'Invoicing', module: createInvoicingModule(deps) },
        { prefix: 'payments', title: 'Payments', module: createPaymentsModule(deps) },
      ],
      {
        config,
        logger: this.logger,
        clock: this.clock,
        docs: false,
        idempotencyStore: new PostgresIdempotencyStore(this.db, this.clock),
      },
    );
    await this.app.init();
    this.token = await mintToken({
      sub: 'sim-clerk',
      roles: ['billing-clerk', 'billing-manager'],
      secret: jwtSecret,
      ttl: 3600,
    });
    this.relays.push(
      this.newRelaySlot('invoicing', [
        'billingaccount',
        'invoice',
        'invoiceseries',
        'creditnoteseries',
      ]),
      this.newRelaySlot('payments', ['payment', 'paymentreference']),
    );
    for (const slot of this.relays) await this.startRelay(slot);
  }

  private newRelaySlot(name: RelaySlot['name'], categories: string[]): RelaySlot {
    return { name, categories, relay: this.makeRelay(name, categories), failed: false };
  }

  private makeRelay(name: RelaySlot['name'], categories: string[]): Relay {
    return createRelay({
      publisher: this.kafka.publisher(contextTopic(name)),
      store: this.store,
      service: name,
      topic: contextTopic(name),
      categories,
      // The relay reconnects by itself after a refused batch; quickly, so a seed runs in seconds.
      reconnectBackoff: { delayInitialMs: 1, delayMaxMs: 20 },
      logger: this.logger,
    });
  }

  private async startRelay(slot: RelaySlot): Promise<void> {
    slot.failed = false;
    await slot.relay.start();
    slot.relay.done().catch((error: Error) => {
      slot.failed = true;
      this.trace.fault(`relay ${slot.name} stopped: ${error.message}`);
    });
  }

  /** Restarts every relay that stopped on an error, as a supervisor would restart its process. */
  async restartFailedRelays(): Promise<void> {
    for (const slot of this.relays) {
      if (!slot.failed) continue;
      await slot.relay.stop().catch(() => undefined);
      slot.relay = this.makeRelay(slot.name, slot.categories);
      await this.startRelay(slot);
      this.trace.add(`relay ${slot.name} restarted from its checkpoint`);
    }
  }

  /** Resolves once every relay has published everything committed so far (or has failed). */
  async relaysCaughtUp(): Promise<boolean> {
    let all = true;
    for (const slot of this.relays) {
      if (slot.failed) {
        all = false;
        continue;
      }
      const ok = await slot.relay.caughtUp().then(
        () => true,
        () => false,
      );
      all &&= ok;
    }
    return all;
  }

  /** One command over HTTP, as a client sends it; `key` repeats an earlier request. */
  async post(path: string, body: object, key: string = randomUUID()): Promise<HttpAnswer> {
    const res = await request(this.app.getHttpServer())
      .post(path)
      .set('Authorization', `Bearer ${this.token}`)
      .set('Idempotency-Key', key)
      .send(body);
    return { status: res.status, body: res.body as Record<string, unknown> };
  }

  async get(path: string): Promise<HttpAnswer> {
    const res = await request(this.app.getHttpServer())
      .get(path)
      .set('Authorization', `Bearer ${this.token}`);
    return { status: res.status, body: res.body as Record<string, unknown> };
  }

  async close(): Promise<void> {
    setFaultHook(undefined);
    this.kafka.releaseHeld();
    for (const slot of this.relays) await slot.relay.stop().catch(() => undefined);
    await this.app.close();
    await this.readModels.close();
  }
}
