import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@billing/testing';
import { collect, newEvent } from '../testing/event-store.contract';
import { WrongExpectedVersion } from '../src/port/errors';
import { createPostgresEventStore } from '../src/postgres/postgres-event-store';
import type { SqlEventStore } from '../src/sql/sql-event-store';
import { createEventStoreDatabase } from './helpers';

describe('concurrent writers on one stream (real PostgreSQL)', () => {
  jest.setTimeout(60_000);
  let database: TestDatabase;
  let writers: SqlEventStore[];
  const writerCount = 16;

  beforeAll(async () => {
    database = await createEventStoreDatabase();
    // One pool of one connection per writer: 16 separate sessions racing for one stream.
    writers = Array.from({ length: writerCount }, () =>
      createPostgresEventStore({
        connectionString: database.url,
        role: 'billing_app',
        poolConfig: { max: 1 },
      }),
    );
  });
  afterAll(async () => {
    await Promise.all((writers ?? []).map((w) => w.close()));
    await database?.drop();
  });

  it('gives every version to exactly one writer and loses nothing', async () => {
    const streamId = `ledger-${randomUUID()}`;
    const appendsPerWriter = 5;
    const retryCountMax = 200;
    const committed: string[] = [];
    let conflicts = 0;

    await Promise.all(
      writers.map(async (store, writer) => {
        for (let n = 0; n < appendsPerWriter; n++) {
          const event = newEvent('Posted', { writer, n });
          for (let attempt = 0; ; attempt++) {
            const [last] = await collect(
              store.readStream(streamId, { direction: 'backward', maxCount: 1 }),
            );
            const version = last?.streamVersion ?? 0;
            try {
              const result = await store.appendToStream(streamId, [event], {
                expected: version === 0 ? 'no_stream' : version,
              });
              expect(result.streamVersion).toBe(version + 1);
              committed.push(event.eventId);
              break;
            } catch (error) {
              expect(error).toBeInstanceOf(WrongExpectedVersion);
              expect((error as WrongExpectedVersion).actual).toBeGreaterThan(version);
              conflicts++;
              if (attempt >= retryCountMax)
                throw new Error(`writer ${writer} gave up after ${attempt} conflicts`);
            }
          }
        }
      }),
    );

    const stream = await collect(writers[0]!.readStream(streamId));
    expect(stream.map((e) => e.streamVersion)).toEqual(
      Array.from({ length: writerCount * appendsPerWriter }, (_, i) => i + 1),
    );
    expect(new Set(stream.map((e) => e.eventId))).toEqual(new Set(committed));
    expect(committed).toHaveLength(writerCount * appendsPerWriter);
    expect(conflicts).toBeGreaterThan(0);
  });

  it('lets exactly one of two concurrent no_stream creates win', async () => {
    for (let round = 0; round < 20; round++) {
      const streamId = `ledger-${randomUUID()}`;
      const outcomes = await Promise.allSettled(
        [writers[0]!, writers[1]!].map((store) =>
          store.appendToStream(streamId, [newEvent()], { expected: 'no_stream' }),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const loser = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(loser.reason).toBeInstanceOf(WrongExpectedVersion);
      expect((loser.reason as WrongExpectedVersion).actual).toBe(1);
      expect(await collect(writers[2]!.readStream(streamId))).toHaveLength(1);
    }
  });
});
