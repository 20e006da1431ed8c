import { sealLagReadinessCheck, tcpReadinessCheck } from './readiness-checks';
import { ReadinessRegistry } from './readiness.registry';

describe('ReadinessRegistry', () => {
  it('reports each check, bounding a hung one by the timeout', async () => {
    const registry = new ReadinessRegistry(
      [
        { name: 'store', check: async () => undefined },
        { name: 'hung', check: () => new Promise<void>(() => undefined) },
        { name: 'broken', check: async () => Promise.reject(new Error('refused')) },
      ],
      50,
    );
    const results = await registry.run();
    expect(results.map((r) => [r.name, r.status, r.reason])).toEqual([
      ['store', 'up', undefined],
      ['hung', 'down', 'no answer within 50 ms'],
      ['broken', 'down', 'refused'],
    ]);
  });

  it('refuses two checks with one name', () => {
    const registry = new ReadinessRegistry([{ name: 'store', check: async () => undefined }]);
    expect(() => registry.register({ name: 'store', check: async () => undefined })).toThrow(
      /twice/,
    );
  });

  it('finds a listening broker address among unreachable ones', async () => {
    // PostgreSQL's port stands in for any listening TCP service, such as a Kafka broker.
    await expect(
      tcpReadinessCheck('kafka', ['127.0.0.1:1', '127.0.0.1:5432']).check(),
    ).resolves.toBeUndefined();
    await expect(tcpReadinessCheck('kafka', ['127.0.0.1:1']).check()).rejects.toThrow(/none of 1/);
  });
});

describe('the global seal readiness check', () => {
  it('is down, naming the wait, once an event has waited longer than the bound', async () => {
    await expect(sealLagReadinessCheck(async () => 900, 30_000).check()).resolves.toBeUndefined();
    await expect(sealLagReadinessCheck(async () => 45_000, 30_000).check()).rejects.toThrow(
      'a committed event has waited 45 s for the global seal (bound 30 s)',
    );
  });
});
