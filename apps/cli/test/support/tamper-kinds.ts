import {
  contentHash,
  streamLink,
  type SqlEventStore,
  type SqlExecutor,
} from '@billing/event-store';
import { newEvent } from '@billing/event-store/testing';
import { rehashStream, storedEventsOf as eventsOf, type Superuser } from '@billing/service-testing';

export { asSuperuser, rehashStream, resealEverything } from '@billing/service-testing';

/**
 * What a superuser can do to the log with the immutability triggers off, one function per kind of
 * tampering, for the PostgreSQL and the PGlite store alike. Each runs on a freshly seeded, fully
 * sealed log (`seedTamperLog`).
 */

export interface SeededLog {
  /** Event ids per stream, in version order. */
  ids: Record<'account-a' | 'account-b' | 'invoice-c', string[]>;
  /** A global position no event holds: an append that rolled back took it. */
  unusedPosition: number;
  eventCount: number;
}

const streams = ['account-a', 'account-b', 'invoice-c'] as const;

/**
 * Twelve events in three streams, appended as a service would (two appends per stream), with an
 * append that rolled back in between (it leaves an unused position), then sealed.
 */
export async function seedTamperLog(store: SqlEventStore, txDb: SqlExecutor): Promise<SeededLog> {
  const ids = {} as SeededLog['ids'];
  for (const stream of streams) {
    const events = [1, 2, 3, 4].map((n) =>
      newEvent('PaymentReceived', { amount: `${n}00.00`, currency: 'USD', n }),
    );
    ids[stream] = events.map((e) => e.eventId);
    await store.appendToStream(stream, events.slice(0, 2), { expected: 'no_stream' });
    if (stream === 'account-a') {
      await txDb.query('BEGIN');
      await store.appendWith(txDb, stream, [newEvent('PaymentReceived')], { expected: 2 });
      await txDb.query('ROLLBACK');
    }
    await store.appendToStream(stream, events.slice(2), { expected: 2 });
  }
  await sealEverything(store, 12);
  const { rows } = await store.backend.query<{ p: string }>(
    `SELECT p::text FROM generate_series(1, (SELECT max(global_position) FROM event_store.events)) p
      WHERE NOT EXISTS (SELECT 1 FROM event_store.events e WHERE e.global_position = p) LIMIT 1`,
  );
  if (!rows[0]) throw new Error('the rolled-back append left no unused position');
  return { ids, unusedPosition: Number(rows[0].p), eventCount: 12 };
}

export async function sealEverything(store: SqlEventStore, eventCount: number): Promise<void> {
  let sealed = 0;
  for (let attempt = 0; attempt < 1_000 && sealed < eventCount; attempt++) {
    const now = await store.sealGlobalChain(5_000);
    sealed += now;
    if (now === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (sealed < eventCount) throw new Error(`sealed ${sealed} of ${eventCount} events`);
}

async function positionOf(db: Superuser, eventId: string): Promise<number> {
  const { rows } = await db.query<{ p: string }>(
    'SELECT global_position::text AS p FROM event_store.events WHERE event_id = $1',
    [eventId],
  );
  return Number(rows[0]!.p);
}

export interface TamperKind {
  name: string;
  /** Does it; returns the event verify must name first. */
  tamper(db: Superuser, log: SeededLog): Promise<string>;
  /** The fault and chain verify must report for that event. */
  expected: RegExp;
}

const lastOf = (ids: string[]): string => ids[ids.length - 1]!;

async function rollBackHead(db: Superuser, streamId: string): Promise<void> {
  await db.query(
    `UPDATE event_store.streams s SET version = e.stream_version, last_hash = e.stream_hash
       FROM (SELECT stream_version, stream_hash FROM event_store.events WHERE stream_id = $1
              ORDER BY stream_version DESC LIMIT 1) e
      WHERE s.stream_id = $1`,
    [streamId],
  );
}

export const tamperKinds: TamperKind[] = [
  {
    name: 'altered data',
    tamper: async (db, { ids }) => {
      const target = ids['account-b'][2]!;
      await db.query(
        `UPDATE event_store.events SET data = '{"amount":"30000.00","currency":"USD","n":3}' WHERE event_id = $1`,
        [target],
      );
      return target;
    },
    expected: /altered \(stream chain\) - content does not match its recorded hash/,
  },
  {
    name: 'altered metadata',
    tamper: async (db, { ids }) => {
      const target = ids['account-a'][1]!;
      await db.query(
        `UPDATE event_store.events
            SET metadata = (metadata::jsonb || '{"actor":{"id":"someone-else","roles":["billing-manager"]}}')::json
          WHERE event_id = $1`,
        [target],
      );
      return target;
    },
    expected: /altered \(stream chain\) - content does not match its recorded hash/,
  },
  {
    name: 'deleted mid-stream',
    tamper: async (db, { ids }) => {
      const target = ids['invoice-c'][1]!;
      await db.query('DELETE FROM event_store.events WHERE event_id = $1', [target]);
      return target;
    },
    expected: /missing \(global chain\) - the sealed event \(stream invoice-c version 2\) is gone/,
  },
  {
    name: 'deleted a whole stream with its stream row',
    tamper: async (db, { ids }) => {
      await db.query(`DELETE FROM event_store.events WHERE stream_id = 'account-b'`);
      await db.query(`DELETE FROM event_store.streams WHERE stream_id = 'account-b'`);
      return ids['account-b'][0]!;
    },
    expected: /missing \(global chain\) - the sealed event \(stream account-b version 1\) is gone/,
  },
  {
    name: 'deleted the tail with its stream head rolled back',
    tamper: async (db, { ids }) => {
      const target = lastOf(ids['invoice-c']);
      await db.query('DELETE FROM event_store.events WHERE event_id = $1', [target]);
      await rollBackHead(db, 'invoice-c');
      return target;
    },
    expected: /missing \(global chain\) - the sealed event \(stream invoice-c version 4\) is gone/,
  },
  {
    name: 'swapped global positions',
    tamper: async (db, { ids }) => {
      const [x, y] = [ids['account-a'][0]!, lastOf(ids['invoice-c'])];
      const [px, py] = [await positionOf(db, x), await positionOf(db, y)];
      await db.query('UPDATE event_store.events SET global_position = -1 WHERE event_id = $1', [x]);
      await db.query('UPDATE event_store.events SET global_position = $2 WHERE event_id = $1', [
        y,
        px,
      ]);
      await db.query('UPDATE event_store.events SET global_position = $2 WHERE event_id = $1', [
        x,
        py,
      ]);
      return x;
    },
    expected:
      /reordered \(global chain\) - event [0-9a-f-]{36} now sits where [0-9a-f-]{36} was sealed/,
  },
  {
    name: 'renumbered positions',
    tamper: async (db, { ids }) => {
      // Every event of account-b moved 1,000 places on, as if appended later.
      await db.query(
        `UPDATE event_store.events SET global_position = global_position + 1000 WHERE stream_id = 'account-b'`,
      );
      return ids['account-b'][0]!;
    },
    expected: /missing \(global chain\) - the sealed event \(stream account-b version 1\) is gone/,
  },
  {
    name: 'forged event at an unused old position, valid hashes, head moved to it',
    tamper: async (db, { unusedPosition }) => {
      const forged = newEvent('PaymentReversed', {
        paymentId: 'pay-1',
        amount: '400.00',
        currency: 'USD',
        reason: 'chargeback',
      });
      const [last] = (await eventsOf(db, 'account-a')).slice(-1);
      const { rows } = await db.query<{ stream_hash: string }>(
        'SELECT stream_hash FROM event_store.events WHERE event_id = $1',
        [last!.event_id],
      );
      const hash = contentHash(forged);
      const link = streamLink(rows[0]!.stream_hash, 'account-a', 5, hash);
      await db.query(
        `INSERT INTO event_store.events (global_position, transaction_id, event_id, stream_id, stream_version,
                category, type, schema_version, data, metadata, occurred_at, content_hash, stream_hash)
         VALUES ($1, pg_current_xact_id(), $2, 'account-a', 5, 'account', $3, 1, $4, $5, $6, $7, $8)`,
        [
          unusedPosition,
          forged.eventId,
          forged.type,
          JSON.stringify(forged.data),
          JSON.stringify(forged.metadata),
          forged.occurredAt,
          hash,
          link,
        ],
      );
      await db.query(
        `UPDATE event_store.streams SET version = 5, last_hash = $1 WHERE stream_id = 'account-a'`,
        [link],
      );
      return forged.eventId;
    },
    expected: /inserted \(global chain\) - the event is not in the global seal/,
  },
  {
    name: 'altered event with its per-stream hashes recomputed',
    tamper: async (db, { ids }) => {
      const target = ids['account-a'][1]!;
      await db.query(
        `UPDATE event_store.events SET data = '{"amount":"20.00","currency":"USD","n":2}' WHERE event_id = $1`,
        [target],
      );
      await rehashStream(db, 'account-a');
      return target;
    },
    expected: /altered \(global chain\) - its content hash differs from the sealed one/,
  },
  {
    name: 'truncated log (the last three events, heads rolled back)',
    tamper: async (db, { ids }) => {
      await db.query(
        `DELETE FROM event_store.events WHERE global_position IN
           (SELECT global_position FROM event_store.events ORDER BY global_position DESC LIMIT 3)`,
      );
      await rollBackHead(db, 'invoice-c');
      return ids['invoice-c'][1]!;
    },
    expected: /missing \(global chain\) - the sealed event \(stream invoice-c version 2\) is gone/,
  },
];
