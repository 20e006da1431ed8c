import type { EventStore, RecordedEvent, SubscriptionOptions } from '@billing/event-store';
import type { Kafka } from 'kafkajs';
import { silentLogger } from '../logger';
import { createInProcessBus } from '../in-process/in-process-bus';
import { KafkaEventPublisher } from './kafka-event-publisher.adapter';
import { createRelay } from './relay';

const event = { eventId: 'e-1', type: 'InvoiceIssued', streamId: 'invoice-1' } as RecordedEvent;

describe('relay', () => {
  it('refuses batches above 50 events', () => {
    const store = {} as EventStore;
    expect(() =>
      createRelay({
        store,
        brokers: ['127.0.0.1:1'],
        service: 'invoicing',
        topic: 't',
        batchSizeMax: 51,
        logger: silentLogger,
      }),
    ).toThrow(/between 1 and 50/);
  });

  it('subscribes with its categories and bound, and lets the store move the checkpoint only after delivery', async () => {
    let options: SubscriptionOptions | undefined;
    const store = {
      subscribe: (o: SubscriptionOptions) => {
        options = o;
        return {
          stop: async () => undefined,
          done: new Promise<void>(() => undefined),
          caughtUp: async () => undefined,
        };
      },
    } as unknown as EventStore;
    const bus = createInProcessBus({ logger: silentLogger });
    const delivered: string[] = [];
    bus.subscribe({ groupId: 'g', handle: async (e) => void delivered.push(e.eventId) });
    const relay = createRelay({
      store,
      publisher: bus,
      service: 'invoicing',
      topic: 'billing.invoicing.v1',
      categories: ['invoice'],
      batchSizeMax: 20,
      logger: silentLogger,
    });
    await relay.start();
    await relay.caughtUp(); // connecting and subscribing happen in the background
    expect(options).toMatchObject({
      subscriptionId: 'relay-invoicing-billing.invoicing.v1',
      batchSizeMax: 20,
      filter: { categories: ['invoice'] },
    });
    await options!.handle([event], 'cp-1');
    expect(delivered).toEqual(['e-1']);
    await relay.stop();
  });
});

describe('Kafka event publisher', () => {
  it('refuses a send while another is in flight', async () => {
    let release!: () => void;
    const producer = {
      connect: async () => undefined,
      disconnect: async () => undefined,
      send: () => new Promise<void>((resolve) => (release = resolve)),
    };
    const kafka = { producer: () => producer } as unknown as Kafka;
    const publisher = new KafkaEventPublisher(kafka, 'billing.invoicing.v1');
    const ev = {
      ...event,
      metadata: { correlationId: 'c', causationId: null },
      data: {},
    } as unknown as RecordedEvent;
    await publisher.connect();
    const first = publisher.publish([ev]);
    await expect(publisher.publish([ev])).rejects.toThrow(/must not overlap/);
    release();
    await first;
    await expect(publisher.publish(Array.from({ length: 51 }, () => ev))).rejects.toThrow(
      /exceeds 50/,
    );
  });

  it('takes a new producer (a new producer id) on every connect, so a broker that lost the old one cannot refuse it forever', async () => {
    const made: Array<{ connected: boolean }> = [];
    const kafka = {
      producer: () => {
        const producer = {
          connected: false,
          connect: async () => void (producer.connected = true),
          disconnect: async () => void (producer.connected = false),
          send: async () => undefined,
        };
        made.push(producer);
        return producer;
      },
    } as unknown as Kafka;
    const publisher = new KafkaEventPublisher(kafka, 'billing.invoicing.v1');
    await publisher.connect();
    await publisher.disconnect();
    await publisher.connect();
    await publisher.connect(); // a reconnect without a disconnect closes the previous one
    expect(made.map((p) => p.connected)).toEqual([false, false, true]);
    await publisher.disconnect();
    expect(made.map((p) => p.connected)).toEqual([false, false, false]);
  });
});
