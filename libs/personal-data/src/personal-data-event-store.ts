import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  PositionedEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  Subscription,
  SubscriptionOptions,
} from '@billing/event-store';
import type { PersonalDataCipher } from './personal-data.cipher';

/**
 * Any adapter, with the registered personal fields encrypted on append and decrypted on every
 * read (streams, all, subscriptions): deciders and projections see clear text (or `[erased]`),
 * while the stored events, their hash chains and the relay (which reads the inner store) hold
 * ciphertext. Like `UpcastingEventStore`, it wraps the port and nothing else.
 */
export class PersonalDataEventStore implements EventStore {
  constructor(
    readonly inner: EventStore,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async appendToStream(
    streamId: string,
    events: NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const sealed = await Promise.all(events.map((event) => this.cipher.encryptEvent(event)));
    return this.inner.appendToStream(streamId, sealed, options);
  }

  async appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    const sealed = await Promise.all(
      appends.map(async (append) => ({
        ...append,
        events: await Promise.all(append.events.map((event) => this.cipher.encryptEvent(event))),
      })),
    );
    return this.inner.appendToStreams(sealed);
  }

  async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    for await (const event of this.inner.readStream(streamId, options))
      yield await this.cipher.decryptEvent(event);
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<PositionedEvent> {
    for await (const item of this.inner.readAll(options))
      yield { ...item, event: await this.cipher.decryptEvent(item.event) };
  }

  subscribe(options: SubscriptionOptions): Subscription {
    return this.inner.subscribe({
      ...options,
      handle: async (events, checkpoint) =>
        options.handle(await this.decryptAll(events), checkpoint),
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async decryptAll(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const opened = new Array<RecordedEvent>(events.length);
    // In order, one at a time: an account's key is fetched once, then served from the cache.
    for (let i = 0; i < events.length; i++) opened[i] = await this.cipher.decryptEvent(events[i]!);
    return opened;
  }
}
