import {
  DependencyUnavailableError,
  errorCodeOf,
  isDependencyUnavailable,
} from './dependency-errors';
import { FollowerRegistry } from './follower-registry';

describe('follower registry', () => {
  it('holds a stuck follower until it is resumed, and names its failure without event data', async () => {
    const registry = new FollowerRegistry();
    const follower = registry.register('invoicing.invoices.v1', 'projection', {
      lag: async () => ({ count: 3, capped: false }),
    });
    follower.running('cp-1');
    const poison = Object.assign(new Error('value "4111 1111 1111 1111" violates check'), {
      code: '23514',
    });
    const resumed = follower.stuck(poison, 4, { eventId: 'e-9', eventType: 'InvoiceIssued' });
    const [listed] = await registry.list();
    expect(listed).toMatchObject({
      name: 'invoicing.invoices.v1',
      state: 'stuck',
      position: 'cp-1',
      lag: 3,
      failure: { errorCode: '23514', eventId: 'e-9', eventType: 'InvoiceIssued', attempt: 4 },
    });
    expect(JSON.stringify(listed)).not.toContain('4111');
    expect(registry.unhealthy().map((f) => f.name)).toEqual(['invoicing.invoices.v1']);
    expect(registry.resume('other')).toBe(0);
    expect(registry.resume('invoicing.invoices.v1')).toBe(1);
    await expect(resumed).resolves.toBe(true);
    follower.running('cp-2');
    expect(registry.unhealthy()).toEqual([]);
  });

  it('lets a stuck follower go when it is stopped', async () => {
    const registry = new FollowerRegistry();
    const follower = registry.register('relay-invoicing', 'relay');
    const waiting = follower.stuck(new Error('x'), 1);
    follower.close();
    await expect(waiting).resolves.toBe(false);
    expect(await registry.list()).toEqual([]);
  });
});

describe('dependency errors', () => {
  it('tells a dependency away from an event that cannot be applied', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const shutdown = Object.assign(new Error('terminating connection'), { code: '57P01' });
    const kafka = Object.assign(new Error('This server does not host this topic-partition'), {
      name: 'KafkaJSProtocolError',
    });
    const wrapped = Object.assign(new Error('apply failed'), { cause: refused });
    const check = Object.assign(new Error('violates check constraint'), { code: '23514' });
    const noLeader = new DependencyUnavailableError('Kafka topics have no leader yet');
    expect([refused, shutdown, kafka, wrapped, noLeader].map(isDependencyUnavailable)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([check, new TypeError('x is undefined')].map(isDependencyUnavailable)).toEqual([
      false,
      false,
    ]);
    expect([check, new TypeError('x'), 'text'].map(errorCodeOf)).toEqual([
      '23514',
      'TypeError',
      'unknown',
    ]);
  });
});
