import { streamCategory, type RecordedEvent, type SqlExecutor } from '@billing/event-store';
import { faultPoint, keyOf, type EventPublisher } from '@billing/messaging';
import type { IntegrationEventsFactory, IntegrationSubscription } from '@billing/read-models';
import type { Prng } from './prng';
import { SimCrash, type SimTrace } from './sim-trace';

interface SimRecord {
  key: string;
  event: RecordedEvent;
}

/** How often the simulated broker misbehaves on a publish (shares of the remaining chance). */
export interface PublishFaultWeights {
  ok: number;
  /** Refused before anything is stored: the relay fails and resends after its restart. */
  refused: number;
  /** Stored, but the acknowledgement is lost: the relay resends a batch Kafka already has. */
  ackLost: number;
  /** Stored twice (a producer retry without idempotence). */
  duplicated: number;
  /** Held back and stored later; the relay waits for it (one batch in flight per relay). */
  delayed: number;
}

/** A consumer group of the simulation: one member that crashes and rejoins at will. */
interface SimGroup {
  subscription: IntegrationSubscription;
  topics: string[];
  /** Next offset to commit / to read, per `topic/partition`. */
  committed: Map<string, number>;
  position: Map<string, number>;
  /** Ids whose effect is recorded as done (the inbox). */
  inbox: Set<string>;
  /** Last applied global position per `topic/key`: per-account order within a topic. */
  lastApplied: Map<string, number>;
  /** Failures per event id: a handler that fails forever on a valid event is a bug. */
  failures: Map<string, number>;
}

const handlerFailureCountMax = 25;

/**
 * Kafka as the billing services use it, in memory: topics of N partitions keyed like the real
 * publisher (`keyOf`), per-partition order kept, consumer groups with committed offsets that
 * rewind on a crash. Every misbehaviour is drawn from the simulation's PRNG.
 */
export class SimKafka {
  private readonly topics = new Map<string, SimRecord[][]>();
  private readonly groups: SimGroup[] = [];
  private readonly held: Array<() => void> = [];
  faultsOn = true;

  constructor(
    private readonly prng: Prng,
    private readonly trace: SimTrace,
    private readonly db: SqlExecutor,
    private readonly weights: PublishFaultWeights,
    private readonly partitionCount = 3,
  ) {}

  /** The relay's publisher for one topic. */
  publisher(topic: string): EventPublisher {
    return {
      connect: () => Promise.resolve(),
      disconnect: () => Promise.resolve(),
      publish: (events) => this.publish(topic, events),
    };
  }

  /** The services' source of other contexts' events (the `integrationEvents` dependency). */
  integrationEvents(topicOf: (context: string) => string): IntegrationEventsFactory {
    return (subscription) => {
      const group: SimGroup = {
        subscription,
        topics: subscription.contexts.map(topicOf),
        committed: new Map(),
        position: new Map(),
        inbox: new Set(),
        lastApplied: new Map(),
        failures: new Map(),
      };
      return {
        start: async () => {
          this.groups.push(group);
        },
        stop: async () => {
          this.groups.splice(this.groups.indexOf(group), 1);
        },
        caughtUp: () => Promise.resolve(),
      };
    };
  }

  /** Publishes held back so far are stored now, in the order they were sent. */
  releaseHeld(): number {
    const released = this.held.splice(0);
    for (const release of released) release();
    return released.length;
  }

  heldCount(): number {
    return this.held.length;
  }

  /** Event ids on a topic (duplicates once). */
  idsOn(topic: string): Set<string> {
    return new Set((this.topics.get(topic) ?? []).flat().map((r) => r.event.eventId));
  }

  groupNames(): string[] {
    return this.groups.map((g) => g.subscription.name);
  }

  /** What a group marked as handled, and the ids on its topics. */
  groupCoverage(name: string): { handled: Set<string>; offered: Set<string> } {
    const group = this.groups.find((g) => g.subscription.name === name);
    if (!group) throw new Error(`no group ${name}`);
    const offered = new Set<string>();
    for (const topic of group.topics) for (const id of this.idsOn(topic)) offered.add(id);
    return { handled: group.inbox, offered };
  }

  /** True when some group has records it has not read. */
  hasBacklog(): boolean {
    return this.groups.some((g) => this.behind(g).length > 0);
  }

  /**
   * One delivery to one group, drawn by the PRNG: which group, which partition (partitions
   * interleave freely, records of one partition never), and whether the member crashes before,
   * inside or after the handler. Returns false when no group had anything to read.
   */
  async deliverOne(): Promise<boolean> {
    const ready = this.groups.filter((g) => this.behind(g).length > 0);
    if (ready.length === 0) return false;
    const group = this.prng.pick(ready);
    const slot = this.prng.pick(this.behind(group));
    const [topic, partitionText] = slot.split('/') as [string, string];
    const offset = group.position.get(slot) ?? 0;
    const record = this.topics.get(topic)![Number(partitionText)]![offset]!;
    const name = group.subscription.name;
    try {
      await this.handleRecord(group, topic, record);
    } catch (error) {
      if (!(error instanceof SimCrash)) throw error;
      this.trace.fault(
        `${name}: crash (${error.point}) at ${slot}@${offset}; rewinds to committed`,
      );
      this.rewind(group);
      return true;
    }
    group.position.set(slot, offset + 1);
    if (!this.faultsOn || this.prng.chance(0.5)) group.committed.set(slot, offset + 1);
    return true;
  }

  private async handleRecord(group: SimGroup, topic: string, record: SimRecord): Promise<void> {
    const { event } = record;
    if (group.inbox.has(event.eventId)) return;
    const { subscription } = group;
    if (subscription.categories.includes(streamCategory(event.streamId))) {
      try {
        await subscription.handle(event, this.db);
      } catch (error) {
        const failures = (group.failures.get(event.eventId) ?? 0) + 1;
        group.failures.set(event.eventId, failures);
        if (failures > handlerFailureCountMax)
          throw new Error(
            `${subscription.name} failed ${failures} times on ${event.type} ${event.eventId}: ${(error as Error).message}`,
          );
        throw new SimCrash(`handler failed: ${(error as Error).message}`);
      }
    }
    // Effect written (autocommit, as embedded): a crash here leaves it without its inbox row.
    await faultPoint('consumer.after-effect');
    const orderKey = `${topic}/${record.key}`;
    const last = group.lastApplied.get(orderKey) ?? 0;
    if (event.globalPosition <= last)
      throw new Error(
        `${subscription.name} applied ${event.type} at position ${event.globalPosition} after position ${last} of the same account on ${topic}: per-account order broken`,
      );
    group.lastApplied.set(orderKey, event.globalPosition);
    group.inbox.add(event.eventId);
    // Inbox committed, offset not yet: a crash here redelivers a handled record.
    await faultPoint('consumer.after-commit');
  }

  private behind(group: SimGroup): string[] {
    const slots: string[] = [];
    for (const topic of group.topics) {
      const partitions = this.topics.get(topic) ?? [];
      partitions.forEach((records, p) => {
        if ((group.position.get(`${topic}/${p}`) ?? 0) < records.length)
          slots.push(`${topic}/${p}`);
      });
    }
    return slots;
  }

  private rewind(group: SimGroup): void {
    group.position = new Map(group.committed);
  }

  private publish(topic: string, events: RecordedEvent[]): Promise<void> {
    const fault = this.faultsOn ? this.prng.weighted({ ...this.weights }) : 'ok';
    const first = events[0]?.globalPosition;
    const what = `${topic} batch of ${events.length} from position ${first}`;
    switch (fault) {
      case 'refused':
        this.trace.fault(`broker refuses ${what}`);
        return Promise.reject(new Error('sim broker: not enough replicas'));
      case 'ackLost':
        this.append(topic, events);
        this.trace.fault(`broker stores ${what}, acknowledgement lost`);
        return Promise.reject(new Error('sim broker: request timed out'));
      case 'duplicated':
        this.append(topic, events);
        this.append(topic, events);
        this.trace.fault(`broker stores ${what} twice`);
        return Promise.resolve();
      case 'delayed':
        this.trace.fault(`broker holds ${what}`);
        return new Promise((resolve) => {
          this.held.push(() => {
            this.append(topic, events);
            resolve();
          });
        });
      default:
        this.append(topic, events);
        return Promise.resolve();
    }
  }

  private append(topic: string, events: RecordedEvent[]): void {
    let partitions = this.topics.get(topic);
    if (!partitions) {
      partitions = Array.from({ length: this.partitionCount }, () => []);
      this.topics.set(topic, partitions);
    }
    for (const event of events) {
      const key = keyOf(event);
      partitions[partitionOf(key, this.partitionCount)]!.push({
        key,
        event: structuredClone(event),
      });
    }
  }
}

/** FNV-1a: a stable key -> partition mapping (Kafka's murmur2 is not needed for the properties). */
function partitionOf(key: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}
