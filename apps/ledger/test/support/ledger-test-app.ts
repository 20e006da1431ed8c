import { pgExecutor, type SqlExecutor } from '@billing/event-store';
import { BillingTraffic, type StoreEvent } from '@billing/ledger-domain/testing';
import {
  createLedgerModule,
  ledgerMigrations,
  LedgerProjectionsRunner,
} from '@billing/ledger-service';
import { appendInBulk } from '@billing/ledger-service/testing';
import { startServiceTestApp, type ServiceTestApp } from '@billing/service-testing';

export interface LedgerTestApp extends ServiceTestApp {
  db: SqlExecutor;
  /** Appends events as the four services would have, through the store's append function. */
  append(events: readonly StoreEvent[]): Promise<number>;
  /** Waits until every live projection applied what is committed. */
  caughtUp(): Promise<void>;
}

/** The ledger module alone on a throw-away database (`test_ldg_<name>_...`), live projectors on. */
export async function startLedgerTestApp(name: string): Promise<LedgerTestApp> {
  const app = await startServiceTestApp({
    context: 'ledger',
    databasePrefix: `ldg_${name}`,
    title: 'Ledger',
    migrations: ledgerMigrations,
    createModule: createLedgerModule,
  });
  const db = pgExecutor(app.pool);
  return {
    ...app,
    db,
    append: (events) => appendInBulk(db, events),
    caughtUp: () => app.app.get(LedgerProjectionsRunner).caughtUp(),
  };
}

/** Steady billing traffic whose events are ready for the store. */
export function trafficOf(options: ConstructorParameters<typeof BillingTraffic>[0]) {
  const traffic = new BillingTraffic(options);
  return {
    traffic,
    /** At least `count` more events, settled allocations included when `settle` is set. */
    take(count: number, settle = false): StoreEvent[] {
      const events = traffic.take(count);
      if (settle) events.push(...traffic.settleAll());
      return events.map((e) => traffic.forStore(e));
    },
  };
}
