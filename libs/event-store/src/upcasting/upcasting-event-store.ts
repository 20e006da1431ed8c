import type { NewEvent, RecordedEvent } from '../port/envelope';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  PositionedEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StreamAppend,
  Subscription,
  SubscriptionOptions,
} from '../port/event-store.port';
import type { UpcasterRegistry } from './upcaster-registry';

/** Any adapter, with every read (streams, all, subscriptions) upcast to the newest schema. */
export class UpcastingEventStore implements EventStore {
  constructor(
    readonly inner: EventStore,
    private readonly registry: UpcasterRegistry,
  ) {}

  appendToStream(
    streamId: string,
    events: NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    return this.inner.appendToStream(streamId, events, options);
  }

  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    return this.inner.appendToStreams(appends);
  }

  async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    for await (const event of this.inner.readStream(streamId, options))
      yield this.registry.upcast(event);
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<PositionedEvent> {
    for await (const item of this.inner.readAll(options))
      yield { ...item, event: this.registry.upcast(item.event) };
  }

  subscribe(options: SubscriptionOptions): Subscription {
    return this.inner.subscribe({
      ...options,
      handle: (events, checkpoint) =>
        options.handle(
          // No upcasters registered: hand the batch on as it is, with no copy.
          this.registry.isEmpty ? events : events.map((e) => this.registry.upcast(e)),
          checkpoint,
        ),
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export function withUpcasters(store: EventStore, registry: UpcasterRegistry): UpcastingEventStore {
  return new UpcastingEventStore(store, registry);
}
