import type { NewEvent, RecordedEvent, SqlEventStore } from '@billing/event-store';
import { deriveId } from '@billing/kernel';
import type { LedgerEvent } from '@billing/ledger-domain';

export interface SeededLog {
  /** The simulator's events as the store recorded them (store ids, positions, commit times). */
  recorded: RecordedEvent[];
  /** Simulator event id -> the store's recorded event. */
  bySimulatorId: Map<string, RecordedEvent>;
}

/** Store ids are UUIDs; the simulator's are readable (`evt-000001`), so derive one from each. */
const storeIdOf = (simulatorId: string): string => deriveId('cli-test-event', simulatorId);

/**
 * Appends the simulator's events to the store one by one, in their global order, with the
 * stream version they carry as the expectation, the way each service's command handler would.
 * Causation ids are mapped to the new ids, so the audit trail still links cause and effect.
 */
export async function appendSimulatedEvents(
  store: SqlEventStore,
  events: readonly LedgerEvent[],
): Promise<SeededLog> {
  const recorded: RecordedEvent[] = [];
  const bySimulatorId = new Map<string, RecordedEvent>();
  for (const event of events) {
    const causation = event.metadata.causationId;
    const newEvent: NewEvent = {
      eventId: storeIdOf(event.eventId),
      type: event.type,
      schemaVersion: event.schemaVersion ?? 1,
      data: event.data,
      occurredAt: event.occurredAt,
      metadata: {
        ...event.metadata,
        causationId: causation === null ? null : storeIdOf(causation),
      },
    };
    const result = await store.appendToStream(event.streamId, [newEvent], {
      expected: event.streamVersion === 1 ? 'no_stream' : event.streamVersion - 1,
    });
    const position = result.globalPositions[0] as number;
    bySimulatorId.set(event.eventId, {
      ...newEvent,
      streamId: event.streamId,
      streamVersion: result.streamVersion,
      globalPosition: position,
      recordedAt: '',
    });
  }
  recorded.push(...(await readAllVisible(store, bySimulatorId.size)));
  for (const [simulatorId, partial] of bySimulatorId) {
    const actual = recorded.find((e) => e.eventId === partial.eventId);
    if (actual === undefined) throw new Error(`event ${simulatorId} was not read back`);
    bySimulatorId.set(simulatorId, actual);
  }
  return { recorded, bySimulatorId };
}

/** Seals the global chain over every committed event; the sealer follows the safe order too. */
export async function sealEverything(store: SqlEventStore, eventCount: number): Promise<void> {
  const deadline = Date.now() + visibleWaitMs;
  let sealed = 0;
  while (sealed < eventCount && Date.now() < deadline) {
    const now = await store.sealGlobalChain(5_000);
    sealed += now;
    if (now === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (sealed < eventCount) throw new Error(`sealed ${sealed} of ${eventCount} events`);
}

/**
 * Everything appended, once the safe order shows it: an open transaction anywhere on the server
 * (another suite, a benchmark's bulk load) holds the snapshot's xmin back until it ends, and the
 * CLI reads in the same order. Waits up to `visibleWaitMs`.
 */
/** Generous: a bulk load on the same server can keep a transaction open for minutes. */
export const visibleWaitMs = 240_000;

async function readAllVisible(store: SqlEventStore, count: number): Promise<RecordedEvent[]> {
  const deadline = Date.now() + visibleWaitMs;
  let seen = 0;
  while (Date.now() < deadline) {
    const events: RecordedEvent[] = [];
    for await (const { event } of store.readAll()) events.push(event);
    if (events.length >= count) return events;
    seen = events.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `only ${seen} of ${count} events became visible in the safe order within ${visibleWaitMs} ms: ` +
      'a long transaction elsewhere on the server holds the snapshot back (see pg_stat_activity)',
  );
}
