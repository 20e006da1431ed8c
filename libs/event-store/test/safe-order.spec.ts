import { Client } from 'pg';
import type { TestDatabase } from '@billing/testing';
import { collect, newEvent } from '../testing/event-store.contract';
import { pgExecutor } from '../src/postgres/postgres.backend';
import { createPostgresEventStore } from '../src/postgres/postgres-event-store';
import type { SqlEventStore } from '../src/sql/sql-event-store';
import { createEventStoreDatabase, sleep } from './helpers';

/** The case a sequence cursor gets wrong: a lower position that commits after a higher one. */
describe('catch-up reads never skip a late commit (real PostgreSQL)', () => {
  jest.setTimeout(30_000);
  let database: TestDatabase;
  let store: SqlEventStore;
  let slow: Client;

  beforeAll(async () => {
    database = await createEventStoreDatabase();
    store = createPostgresEventStore({ connectionString: database.url });
    slow = new Client({ connectionString: database.url });
    await slow.connect();
  });
  afterAll(async () => {
    await slow?.end();
    await store?.close();
    await database?.drop();
  });

  it('holds back a later commit until the earlier transaction ends, then delivers both in order', async () => {
    // Two categories: a category's first claim (category_owners) would make the second append wait.
    const categories = ['lateearly', 'latelate'];
    const early = newEvent('Early');
    const late = newEvent('Late');
    const seen: string[] = [];
    const subscription = store.subscribe({
      subscriptionId: 'late-commit',
      filter: { categories },
      handle: async (events) => void seen.push(...events.map((e) => e.type)),
    });

    await slow.query('BEGIN');
    const { globalPositions: earlyPositions } = await store.appendWith(
      pgExecutor(slow),
      `${categories[0]}-a`,
      [early],
      {
        expected: 'no_stream',
      },
    );
    const { globalPositions: latePositions } = await store.appendToStream(
      `${categories[1]}-b`,
      [late],
      {
        expected: 'no_stream',
      },
    );
    expect(latePositions[0]!).toBeGreaterThan(earlyPositions[0]!);

    // The later event is committed, but an older transaction is still open: not yet safe to hand out.
    await sleep(300);
    expect(seen).toEqual([]);
    expect(await collect(store.readAll({ filter: { categories } }))).toEqual([]);

    await slow.query('COMMIT');
    await subscription.caughtUp();
    expect(seen).toEqual(['Early', 'Late']);
    await subscription.stop();
  });
});
