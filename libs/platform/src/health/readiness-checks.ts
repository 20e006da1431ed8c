import { connect } from 'node:net';
import type { Queryable } from '../idempotency/postgres-idempotency-store.adapter';
import type { ReadinessCheck } from './readiness-check.port';

/** PostgreSQL answers a trivial query. */
export function postgresReadinessCheck(db: Queryable, name = 'postgres'): ReadinessCheck {
  return {
    name,
    check: async () => {
      await db.query('SELECT 1');
    },
  };
}

/**
 * At least one of `addresses` (`host:port`) accepts a TCP connection: enough to say Kafka's
 * bootstrap brokers are reachable without pulling a Kafka client into the platform.
 */
export function tcpReadinessCheck(
  name: string,
  addresses: string[],
  timeoutMs = 1_500,
): ReadinessCheck {
  return {
    name,
    check: async () => {
      const results = await Promise.allSettled(addresses.map((a) => probe(a, timeoutMs)));
      if (!results.some((r) => r.status === 'fulfilled')) {
        throw new Error(`none of ${addresses.length} address(es) reachable`);
      }
    },
  };
}

function probe(address: string, timeoutMs: number): Promise<void> {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs);
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error('timeout'));
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
  });
}

/**
 * The global seal keeps up: down when a committed event has waited longer than `lagMaxMs` to be
 * sealed (a sealer stopped everywhere, or a long transaction holding the settled position back).
 */
export function sealLagReadinessCheck(
  lagMs: () => Promise<number>,
  lagMaxMs: number,
): ReadinessCheck {
  return {
    name: 'global-seal',
    check: async () => {
      const lag = await lagMs();
      if (lag > lagMaxMs)
        throw new Error(
          `a committed event has waited ${Math.round(lag / 1_000)} s for the global seal (bound ${Math.round(lagMaxMs / 1_000)} s)`,
        );
    },
  };
}
