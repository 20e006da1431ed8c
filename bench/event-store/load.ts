import { randomUUID } from 'node:crypto';
import type { BenchEvent, BenchStore } from './bench-store.port';

export interface AppendLoad {
  batchSize: number;
  eventCount: number;
  writerCount: number;
  /** Streams each writer cycles through, so batches land on streams that already have history. */
  streamsPerWriter: number;
}

/** A small billing-like event; the same shape is written to every store. */
export function benchEvent(n: number): BenchEvent {
  return {
    eventId: randomUUID(),
    type: 'InvoiceLinePosted',
    data: { invoiceId: `inv-${n % 997}`, amount: `${n % 10_000}.25`, currency: 'EUR' },
    metadata: {
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'bench', roles: ['system'] },
      service: 'bench',
    },
    occurredAt: new Date(1_700_000_000_000 + n).toISOString(),
  };
}

/**
 * `writerCount` concurrent writers, each appending `batchSize`-event batches to its own streams
 * with exact expected versions, until `eventCount` events are written. Batches are built before
 * the clock starts so only the stores are timed. Returns seconds.
 */
export async function runAppendLoad(
  store: BenchStore,
  load: AppendLoad,
  streamPrefix: string,
): Promise<number> {
  const batchesPerWriter = Math.ceil(load.eventCount / load.batchSize / load.writerCount);
  const plans = Array.from({ length: load.writerCount }, (_, writer) =>
    Array.from({ length: batchesPerWriter }, (_, b) => ({
      streamId: `invoice-${streamPrefix}w${writer}s${b % load.streamsPerWriter}`,
      events: Array.from({ length: load.batchSize }, (_, i) =>
        benchEvent((writer * batchesPerWriter + b) * load.batchSize + i),
      ),
    })),
  );
  const started = performance.now();
  await Promise.all(
    plans.map(async (batches) => {
      const versions = new Map<string, number>();
      for (const { streamId, events } of batches) {
        const version = versions.get(streamId) ?? 0;
        await store.append(streamId, version, events);
        versions.set(streamId, version + events.length);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

export function appendedCount(load: AppendLoad): number {
  return (
    Math.ceil(load.eventCount / load.batchSize / load.writerCount) *
    load.writerCount *
    load.batchSize
  );
}
