import { Client } from 'pg';
import type { Consumer } from 'kafkajs';
import { contextTopic, fromKafkaMessage, resolveKafka } from '@billing/messaging';
import { latencyHistogram, recordMs, summarize, type LatencySummary } from '../shared/latency';
import type { Traced } from './workload';

/** When each traced event reached Kafka (its record's timestamp, set by the relay's producer). */
export class KafkaWatcher {
  readonly relayedAt = new Map<string, number>();
  private consumer: Consumer | undefined;

  async start(brokers: string, topicSuffix: string): Promise<void> {
    const kafka = resolveKafka({ brokers: brokers.split(',') }, 'bench-e2e-watcher');
    this.consumer = kafka.consumer({ groupId: `bench-e2e-watcher${topicSuffix}` });
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [contextTopic('invoicing') + topicSuffix, contextTopic('payments') + topicSuffix],
      fromBeginning: true,
    });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        try {
          const event = fromKafkaMessage(message);
          const key = `${event.streamId}|${event.type}`;
          if (!this.relayedAt.has(key)) this.relayedAt.set(key, Number(message.timestamp));
        } catch {
          // Not an event of ours: nothing to time.
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

export interface HopSummaries {
  httpAccepted: LatencySummary;
  storeCommitted: LatencySummary;
  relayed: LatencySummary;
  consumed: LatencySummary;
  visible: LatencySummary;
  /** Traced commands whose effect was not visible within the timeout. */
  neverVisible: number;
}

/**
 * Per hop, from each traced command's scheduled time: HTTP answer, the event's recorded_at in the
 * store, its Kafka timestamp, the other service's inbox row (handled_at: its transaction's start),
 * and the poll that first saw the effect in the other service's query.
 */
export async function hopSummaries(
  databaseUrl: string,
  traced: Traced[],
  watcher: KafkaWatcher,
): Promise<HopSummaries> {
  const hist = {
    httpAccepted: latencyHistogram(),
    storeCommitted: latencyHistogram(),
    relayed: latencyHistogram(),
    consumed: latencyHistogram(),
    visible: latencyHistogram(),
  };
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{
      stream_id: string;
      type: string;
      recorded: string;
      consumed: string | null;
    }>(
      `SELECT e.stream_id, e.type, (extract(epoch FROM e.recorded_at) * 1000)::text AS recorded,
              (SELECT (extract(epoch FROM min(i.handled_at)) * 1000)::text FROM messaging.inbox i
                WHERE i.event_id = e.event_id::text AND i.consumer_group LIKE t.group_like) AS consumed
         FROM unnest($1::text[], $2::text[], $3::text[]) AS t(stream_id, type, group_like)
         JOIN event_store.events e ON e.stream_id = t.stream_id AND e.type = t.type`,
      [
        traced.map((t) => t.streamId),
        traced.map((t) => t.eventType),
        traced.map((t) => t.consumerGroupLike),
      ],
    );
    const byKey = new Map(rows.map((r) => [`${r.stream_id}|${r.type}`, r]));
    let neverVisible = 0;
    for (const t of traced) {
      recordMs(hist.httpAccepted, t.httpDoneAt - t.scheduledAt);
      const key = `${t.streamId}|${t.eventType}`;
      const row = byKey.get(key);
      if (row) recordMs(hist.storeCommitted, Number(row.recorded) - t.scheduledAt);
      if (row?.consumed) recordMs(hist.consumed, Number(row.consumed) - t.scheduledAt);
      const relayed = watcher.relayedAt.get(key);
      if (relayed !== undefined) recordMs(hist.relayed, relayed - t.scheduledAt);
      if (t.visibleAt !== undefined) recordMs(hist.visible, t.visibleAt - t.scheduledAt);
      else neverVisible++;
    }
    return {
      httpAccepted: summarize(hist.httpAccepted),
      storeCommitted: summarize(hist.storeCommitted),
      relayed: summarize(hist.relayed),
      consumed: summarize(hist.consumed),
      visible: summarize(hist.visible),
      neverVisible,
    };
  } finally {
    await db.end();
  }
}
