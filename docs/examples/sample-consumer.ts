/**
 * A runnable analytics consumer of the billing ledger's integration events (docs/consumers.md).
 *
 *   node -r @swc-node/register docs/examples/sample-consumer.ts --brokers 127.0.0.1:9092
 *
 * It reads the four context topics, skips redelivered events by event id, validates every value
 * against the JSON Schema of its type and version (libs/contracts/schemas) and prints one JSON
 * line per event. It depends only on kafkajs, ajv and the schema files, like an outside consumer.
 *
 * Options: --brokers a:9092,b:9092  --group <consumer group>  --topics t1,t2  --from-beginning
 *          --schemas <dir>  --idle-exit-ms <ms> (stop after that long without a message)
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';

interface Options {
  brokers: string[];
  groupId: string;
  topics: string[];
  fromBeginning: boolean;
  schemasDir: string;
  idleExitMs: number | null;
}

/** An event envelope as published: the fields this consumer relies on. */
interface EventEnvelope {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  occurredAt: string;
  data: { billingAccountId?: string } & Record<string, unknown>;
}

const defaultTopics = [
  'billing.invoicing.v1',
  'billing.payments.v1',
  'billing.collections.v1',
  'billing.disputes.v1',
];

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(name);
    return index === -1 ? undefined : argv[index + 1];
  };
  const list = (text: string | undefined): string[] | undefined =>
    text
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const idle = value('--idle-exit-ms');
  return {
    brokers: list(value('--brokers')) ?? ['127.0.0.1:9092'],
    groupId: value('--group') ?? 'sample-analytics',
    topics: list(value('--topics')) ?? defaultTopics,
    fromBeginning: argv.includes('--from-beginning'),
    schemasDir: path.resolve(
      value('--schemas') ?? path.join(__dirname, '../../libs/contracts/schemas'),
    ),
    idleExitMs: idle === undefined ? null : Number.parseInt(idle, 10),
  };
}

function log(fields: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
}

/** One validator per `<Type>.v<N>`, compiled on first use from `<schemas>/<context>/<Type>.v<N>.json`. */
function createValidators(
  schemasDir: string,
): (type: string, schemaVersion: number) => ValidateFunction | undefined {
  const files = new Map<string, string>();
  for (const context of readdirSync(schemasDir)) {
    for (const name of readdirSync(path.join(schemasDir, context))) {
      files.set(name.replace(/\.json$/, ''), path.join(schemasDir, context, name));
    }
  }
  const ajv = new Ajv2020({ allErrors: true });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();
  return (type, schemaVersion) => {
    const key = `${type}.v${schemaVersion}`;
    const file = files.get(key);
    if (file === undefined) return undefined;
    let validate = compiled.get(key);
    if (validate === undefined) {
      validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
      compiled.set(key, validate);
    }
    return validate;
  };
}

/**
 * Event ids already handled, bounded so memory stays flat. A real consumer stores them with its
 * effects in one transaction (e.g. a table keyed by event id) so de-duplication survives restarts;
 * redeliveries come soon after the original, so a bounded recent window is what matters here.
 */
class SeenEventIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}

  /** True the first time an id is offered. */
  firstTime(eventId: string): boolean {
    if (this.ids.has(eventId)) return false;
    this.ids.add(eventId);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }
}

function header(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first === undefined ? undefined : first.toString();
}

async function missingTopics(kafka: Kafka, topics: string[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    return topics.filter((topic) => !existing.has(topic));
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const validatorFor = createValidators(options.schemasDir);
  const seen = new SeenEventIds(100_000);
  const kafka = new Kafka({
    clientId: 'sample-analytics-consumer',
    brokers: options.brokers,
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: options.groupId });

  let idleTimer: NodeJS.Timeout | undefined;
  let stopping = false;
  const stop = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (idleTimer) clearTimeout(idleTimer);
    log({ msg: 'stopping', reason });
    await consumer.disconnect();
  };
  const armIdleTimer = (): void => {
    if (options.idleExitMs === null) return;
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => void stop('idle'), options.idleExitMs);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  const missing = await missingTopics(kafka, options.topics);
  if (missing.length > 0) {
    // The services create their topics when they start; subscribing to an absent one only fails
    // with "This server does not host this topic-partition".
    log({
      msg: 'failed',
      error: 'topics do not exist yet: start the billing services first',
      missing,
    });
    process.exitCode = 1;
    return;
  }

  // The idle clock starts once the group is joined: joining can take seconds on a busy broker.
  consumer.on(consumer.events.GROUP_JOIN, armIdleTimer);
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning });
  } catch (error) {
    await consumer.disconnect();
    throw error;
  }
  log({ msg: 'consuming', topics: options.topics, groupId: options.groupId });

  await consumer.run({
    // Offsets are committed after eachMessage returns: a crash before that redelivers the message,
    // which the event-id check then skips.
    eachMessage: async ({ topic, partition, message }) => {
      armIdleTimer();
      const where = { topic, partition, offset: message.offset };
      let event: EventEnvelope;
      try {
        event = JSON.parse(message.value?.toString() ?? '') as EventEnvelope;
      } catch {
        log({ msg: 'not JSON, skipped', ...where });
        return;
      }
      const eventId = header(message.headers, 'event-id') ?? event.eventId;
      if (!seen.firstTime(eventId)) {
        log({ msg: 'duplicate skipped', eventId, type: event.type, ...where });
        return;
      }
      const validate = validatorFor(event.type, event.schemaVersion);
      if (validate === undefined) {
        // A newer type or version than this consumer knows: keep going, update the schemas later.
        log({
          msg: 'unknown type or version, skipped',
          eventId,
          type: event.type,
          schemaVersion: event.schemaVersion,
          ...where,
        });
        return;
      }
      const { type } = event;
      if (!validate(event)) {
        log({ msg: 'invalid event', eventId, type, errors: validate.errors, ...where });
        return;
      }
      log({
        msg: 'event',
        eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        billingAccountId: event.data.billingAccountId ?? null,
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        occurredAt: event.occurredAt,
        ...where,
      });
    },
  });
}

main().catch((error: unknown) => {
  log({ msg: 'failed', error: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
});
