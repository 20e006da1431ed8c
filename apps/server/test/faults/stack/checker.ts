import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import { consumerGroupLag, topicEnds } from '@billing/messaging';
import { invoicingStandaloneOptions } from '@billing/invoicing-service';
import { paymentsStandaloneOptions } from '@billing/payments-service';
import { collectionsStandaloneOptions } from '@billing/collections-service';
import { disputesStandaloneOptions } from '@billing/disputes-service';
import { sleep } from './broker';
import type { Command } from './load-client';
import type { ServiceFleet } from './service-fleet';

const root = path.resolve(__dirname, '../../../../..');
const publishers = [
  invoicingStandaloneOptions,
  paymentsStandaloneOptions,
  collectionsStandaloneOptions,
  disputesStandaloneOptions,
];

export interface Verdict {
  commands: number;
  acknowledged: number;
  failed: number;
  unknown: number;
  lost: number;
  doubled: number;
  /** Seconds from the end of the fault to a quiet, ready system; null when it never got there. */
  healSeconds: number | null;
  /** Every broken invariant, in words; empty when the scenario passed. */
  problems: string[];
}

export interface CheckerOptions {
  databaseUrl: string;
  brokers: string;
  fleet: ServiceFleet;
  /** Seconds the system has to heal (lags 0, every instance ready). */
  healWithinSeconds: number;
  /** Run the CLI's trial balance, verify and rebuild comparison (slow: a process each). */
  cli: boolean;
}

/**
 * The one checker run after heal and drain: what the client was told against what the store,
 * Kafka and every consumer hold. It never trusts a service's answer about itself.
 */
export class Checker {
  private readonly kafka: Kafka;

  constructor(private readonly options: CheckerOptions) {
    this.kafka = new Kafka({
      clientId: 'fault-checker',
      brokers: [options.brokers],
      logLevel: logLevel.NOTHING,
    });
  }

  /** Waits for the heal (bounded), then checks every invariant. */
  async check(commands: Command[], healedAt: number): Promise<Verdict> {
    const problems: string[] = [];
    const healSeconds = await this.waitHealed(healedAt, problems);
    const db = new Client({ connectionString: this.options.databaseUrl });
    await db.connect();
    try {
      const effects = await this.countEffects(db, commands);
      problems.push(...effects.problems);
      problems.push(...(await this.storeInvariants(db)));
      problems.push(...(await this.kafkaMatchesStore(db)));
      if (this.options.cli) problems.push(...this.cliChecks());
      const exits = this.options.fleet.unexpectedExits();
      if (Object.keys(exits).length > 0)
        problems.push(
          `processes exited on their own (restarted by supervision): ${JSON.stringify(exits)}`,
        );
      return {
        commands: commands.length,
        acknowledged: commands.filter((c) => c.outcome === 'ok').length,
        failed: commands.filter((c) => c.outcome === 'fail').length,
        unknown: commands.filter((c) => c.outcome === 'unknown').length,
        lost: effects.lost,
        doubled: effects.doubled,
        healSeconds,
        problems,
      };
    } finally {
      await db.end();
    }
  }

  /**
   * Seconds from the heal until every instance is ready and every group has committed to the end
   * of its topics. A heal slower than `healWithinSeconds` is a problem, but the wait goes on (up
   * to three more minutes) so that the data checks after it see the drained system, not one
   * still catching up.
   */
  private async waitHealed(healedAt: number, problems: string[]): Promise<number | null> {
    const admin = this.kafka.admin();
    let last = '';
    const giveUpAt = healedAt + (this.options.healWithinSeconds + 180) * 1_000;
    try {
      await admin.connect();
      for (;;) {
        const notReady = await this.options.fleet.notReady();
        const lagging =
          notReady.length === 0
            ? [
                ...(await this.relaysBehind()),
                ...(await this.lagging(admin).catch((e: Error) => [e.message])),
              ]
            : [];
        if (notReady.length === 0 && lagging.length === 0) {
          const seconds = Math.round((Date.now() - healedAt) / 100) / 10;
          if (seconds > this.options.healWithinSeconds)
            problems.push(
              `healed after ${seconds} s, more than ${this.options.healWithinSeconds} s`,
            );
          return seconds;
        }
        last =
          notReady.length > 0
            ? `not ready: ${notReady.join(', ')}`
            : `lagging: ${lagging.slice(0, 5).join('; ')}`;
        if (Date.now() > giveUpAt) break;
        await sleep(1_000);
      }
    } catch (error) {
      last = (error as Error).message;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    problems.push(`not healed within ${this.options.healWithinSeconds + 180} s (${last})`);
    return null;
  }

  /** Relays whose checkpoint is short of the newest event of their categories. */
  private async relaysBehind(): Promise<string[]> {
    const db = new Client({ connectionString: this.options.databaseUrl });
    try {
      await db.connect();
      const behind: string[] = [];
      for (const { relay, newest, checkpoint } of await this.relayPositions(db))
        if (checkpoint < newest) behind.push(`${relay} at ${checkpoint} of ${newest}`);
      return behind;
    } catch (error) {
      return [(error as Error).message];
    } finally {
      await db.end().catch(() => undefined);
    }
  }

  /** Each publishing service's relay checkpoint (its global position) and its newest event. */
  private async relayPositions(
    db: Client,
  ): Promise<Array<{ relay: string; newest: number; checkpoint: number }>> {
    const positions = [];
    for (const options of publishers) {
      const relay = `relay-${options.context}-billing.${options.context}.v1`;
      const newest = await db.query<{ p: string | null }>(
        'SELECT max(global_position)::text AS p FROM event_store.events WHERE category = ANY($1)',
        [options.categories],
      );
      const saved = await db.query<{ position: string }>(
        'SELECT position FROM event_store.checkpoints WHERE subscription_id = $1',
        [relay],
      );
      const position = saved.rows[0]?.position ?? '0';
      positions.push({
        relay,
        newest: Number(newest.rows[0]?.p ?? 0),
        checkpoint: Number(position.split(':').pop()),
      });
    }
    return positions;
  }

  /** Groups (of the services) with a partition not committed to its end; "" when all are done. */
  private async lagging(admin: Admin): Promise<string[]> {
    const { groups } = await admin.listGroups();
    const topics = (await admin.listTopics()).filter(
      (t) => t.startsWith('billing.') && !t.includes('dlq'),
    );
    const ends = await topicEnds(admin, topics);
    const behind: string[] = [];
    for (const { groupId } of groups) {
      if (!groupId.includes('.') || groupId.startsWith('billing.readiness')) continue;
      const consumed = (await admin.fetchOffsets({ groupId })).filter((t) =>
        t.partitions.some((p) => p.offset !== '-1'),
      );
      const relevant = ends.filter((e) => consumed.some((t) => t.topic === e.topic));
      for (const lag of await consumerGroupLag(admin, groupId, relevant))
        behind.push(`${groupId} ${lag.topic}/${lag.partition} at ${lag.committed} of ${lag.end}`);
    }
    // The relays: every event of a published category is past its relay's checkpoint.
    return behind;
  }

  private async countEffects(
    db: Client,
    commands: Command[],
  ): Promise<{ lost: number; doubled: number; problems: string[] }> {
    const { rows } = await db.query<{ type: string; data: string; stream_id: string }>(
      `SELECT type, data::text AS data, stream_id FROM event_store.events
        WHERE type IN ('BillingAccountOpened', 'InvoiceDrafted', 'InvoiceIssued', 'PaymentReceived')`,
    );
    const count = (command: Command): number => {
      const type = {
        'open-account': 'BillingAccountOpened',
        'draft-invoice': 'InvoiceDrafted',
        'issue-invoice': 'InvoiceIssued',
        'record-payment': 'PaymentReceived',
      }[command.kind];
      if (command.kind === 'issue-invoice')
        return rows.filter((r) => r.type === type && r.stream_id.endsWith(command.marker)).length;
      // The legal name is stored encrypted (personal data); the opened account's stream is not.
      const accountId = command.answer?.['billingAccountId'];
      if (command.kind === 'open-account' && typeof accountId === 'string')
        return rows.filter((r) => r.type === type && r.stream_id === `billingaccount-${accountId}`)
          .length;
      return rows.filter((r) => r.type === type && r.data.includes(command.marker)).length;
    };
    let lost = 0;
    let doubled = 0;
    const problems: string[] = [];
    for (const command of commands) {
      if (command.marker.startsWith('verify ')) continue;
      const n = count(command);
      if (command.outcome === 'ok' && n === 0) {
        lost += 1;
        problems.push(`lost: ${command.kind} ${command.id} was acknowledged but has no effect`);
      }
      if (n > 1) {
        doubled += 1;
        problems.push(`doubled: ${command.kind} ${command.id} has ${n} effects`);
      }
      if (command.outcome === 'fail' && n > 0 && command.kind !== 'issue-invoice')
        problems.push(`${command.kind} ${command.id} was refused but took effect`);
    }
    return { lost, doubled, problems };
  }

  private async storeInvariants(db: Client): Promise<string[]> {
    const problems: string[] = [];
    const gaps = await db.query(
      `SELECT stream_id, count(*) AS n, max(stream_version) AS top FROM event_store.events
        GROUP BY stream_id HAVING count(*) <> max(stream_version) OR min(stream_version) <> 1 LIMIT 5`,
    );
    for (const r of gaps.rows)
      problems.push(`versions not contiguous in ${r.stream_id} (${r.n} events, top ${r.top})`);
    // One effect per event id: invoicing answers each allocation once, payments records it once.
    const answered = await db.query(
      `SELECT data->>'allocationId' AS id, count(*) AS n FROM event_store.events
        WHERE type IN ('PaymentAllocationApplied', 'PaymentAllocationRejected')
        GROUP BY 1 HAVING count(*) > 1 LIMIT 5`,
    );
    for (const r of answered.rows)
      problems.push(`allocation ${r.id} answered ${r.n} times (doubled effect)`);
    const unanswered = await db.query(
      `SELECT a->>'allocationId' AS id FROM event_store.events e, json_array_elements(e.data->'allocations') a
        WHERE e.type = 'PaymentAllocated' AND NOT EXISTS (
          SELECT 1 FROM event_store.events x WHERE x.type IN ('PaymentAllocationApplied', 'PaymentAllocationRejected')
             AND x.data->>'allocationId' = a->>'allocationId') LIMIT 5`,
    );
    for (const r of unanswered.rows)
      problems.push(`allocation ${r.id} never answered by invoicing (lost effect)`);
    return problems;
  }

  /** Event ids in the store = on Kafka = handled by each consumer group (its inbox). */
  private async kafkaMatchesStore(db: Client): Promise<string[]> {
    const problems: string[] = [];
    const onTopic = await this.readTopics();
    for (const options of publishers) {
      const topic = `billing.${options.context}.v1`;
      const ids = onTopic.get(topic) ?? new Set<string>();
      const { rows } = await db.query<{ event_id: string }>(
        'SELECT event_id::text FROM event_store.events WHERE category = ANY($1)',
        [options.categories],
      );
      const missing = rows.filter((r) => !ids.has(r.event_id));
      if (missing.length > 0) {
        const relays = await this.relayPositions(db);
        const first = await db.query<{ p: string }>(
          'SELECT min(global_position)::text AS p FROM event_store.events WHERE event_id = ANY($1::uuid[])',
          [missing.map((m) => m.event_id)],
        );
        const relay = relays.find((r) => r.relay.includes(`-${options.context}-`));
        problems.push(
          `${options.context}: first missing event at position ${first.rows[0]?.p}, relay checkpoint ${relay?.checkpoint} (a checkpoint past a missing event is a lost event)`,
        );
      }
      if (missing.length > 0)
        problems.push(
          `${missing.length} ${options.context} events in the store never reached ${topic}`,
        );
      const stored = new Set(rows.map((r) => r.event_id));
      const extra = [...ids].filter((id) => !stored.has(id));
      if (extra.length > 0)
        problems.push(`${extra.length} events on ${topic} are not in the store`);
    }
    const inbox = await db.query<{ consumer_group: string; topic: string; ids: string[] }>(
      'SELECT consumer_group, topic, array_agg(event_id) AS ids FROM messaging.inbox GROUP BY 1, 2',
    );
    for (const row of inbox.rows) {
      const handled = new Set(row.ids);
      const missing = [...(onTopic.get(row.topic) ?? [])].filter((id) => !handled.has(id));
      if (missing.length > 0)
        problems.push(
          `${row.consumer_group} never handled ${missing.length} events of ${row.topic}`,
        );
    }
    const dlq = onTopic.get('billing.dlq.v1');
    if (dlq && dlq.size > 0) problems.push(`${dlq.size} messages on the dead-letter topic`);
    return problems;
  }

  /** Every event id on every billing topic, read from the beginning by a throw-away group. */
  private async readTopics(): Promise<Map<string, Set<string>>> {
    const admin = this.kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith('billing.'));
    const ends = await topicEnds(admin, topics);
    await admin.disconnect();
    const remaining = new Map(
      ends
        .filter((e) => e.end !== e.start)
        .map((e) => [`${e.topic}/${e.partition}`, BigInt(e.end)]),
    );
    const ids = new Map<string, Set<string>>(topics.map((t) => [t, new Set<string>()]));
    if (remaining.size === 0) return ids;
    const consumer = this.kafka.consumer({ groupId: `fault-checker-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          const id = message.headers?.['event-id']?.toString();
          if (id) ids.get(topic)!.add(id);
          const slot = `${topic}/${partition}`;
          const end = remaining.get(slot);
          if (end !== undefined && BigInt(message.offset) + 1n >= end) remaining.delete(slot);
          if (remaining.size === 0) resolve();
        },
      });
    });
    await Promise.race([done, sleep(60_000)]);
    await consumer.disconnect();
    return ids;
  }

  /** The CLI over the store: debits = credits, the hash chains hold, rebuild = live. */
  private cliChecks(): string[] {
    const problems: string[] = [];
    const run = (args: string[]) =>
      spawnSync(
        process.execPath,
        [
          '--max-semi-space-size=64',
          '-r',
          '@swc-node/register',
          'apps/cli/src/main.ts',
          ...args,
          '--database-url',
          this.options.databaseUrl,
        ],
        {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.json') },
          timeout: 300_000,
        },
      );
    const tb = run(['trial-balance', '--json']);
    if (tb.status !== 0)
      problems.push(
        `trial balance: exit ${tb.status} ${tb.stdout.slice(0, 300)} ${tb.stderr.slice(0, 300)}`,
      );
    const verify = run(['verify', '--json']);
    if (verify.status !== 0)
      problems.push(
        `verify: exit ${verify.status} ${verify.stdout.slice(0, 300)} ${verify.stderr.slice(0, 300)}`,
      );
    const rebuild = run(['rebuild', 'all', '--switch', 'never', '--json']);
    if (rebuild.status !== 0)
      problems.push(
        `rebuild differs from live: exit ${rebuild.status} ${rebuild.stdout.slice(0, 300)} ${rebuild.stderr.slice(0, 300)}`,
      );
    return problems;
  }
}
