import type { Logger } from 'pino';
import {
  readChainHead,
  startGlobalChainSealer,
  type ChainHead,
  type GlobalChainSealer,
  type SqlEventStore,
} from '@billing/event-store';
import { chainHeadMessage, type EventPublisher } from '@billing/messaging';
import type { ReadinessCheck } from '../health/readiness-check.port';
import { sealLagReadinessCheck } from '../health/readiness-checks';

export interface GlobalSealOptions {
  store: SqlEventStore;
  /** Publishes to billing.audit.v1: Kafka on the stack, the in-process bus when embedded. */
  auditPublisher: EventPublisher | null;
  /** Who publishes (SERVICE_NAME). */
  service: string;
  logger: Logger;
  anchorEveryMs: number;
  lagMaxMs: number;
  /** Pause between sealing rounds (default 500 ms, so an event is sealed within about 1 s). */
  idleMs?: number;
}

export interface GlobalSeal {
  sealer: GlobalChainSealer;
  /** `global-seal` on /ready: down when a committed event has waited longer than the bound. */
  readiness: ReadinessCheck;
  /** The chain head now (null while nothing is sealed). */
  head(): Promise<ChainHead | null>;
  stop(): Promise<void>;
}

/**
 * Runs the store's global sealer in this process (every service does; one at a time seals, see
 * sql/0025) and publishes the chain head to the audit topic. The publisher connects on first
 * use and again after a failure, so a broker that is away only delays a head.
 */
export function startGlobalSeal(options: GlobalSealOptions): GlobalSeal {
  const { logger, auditPublisher } = options;
  const log = logger.child({ component: 'global-seal' });
  let connected: Promise<void> | null = null;
  const publishHead = async (head: ChainHead): Promise<void> => {
    if (!auditPublisher) return;
    connected ??= auditPublisher.connect();
    try {
      await connected;
      await auditPublisher.publish([
        chainHeadMessage(head, options.service, new Date().toISOString()),
      ]);
    } catch (error) {
      connected = null;
      throw error;
    }
    log.info(
      { position: head.position, sequence: head.sequence, hash: head.hash },
      'chain head published',
    );
  };
  let lastErrorLogAt = 0;
  const sealer = startGlobalChainSealer(options.store, {
    idleMs: options.idleMs,
    anchorEveryMs: options.anchorEveryMs,
    publishHead,
    onError: (error) => {
      // A database away for a while fails every round: one line per 30 s is enough to see it.
      if (Date.now() - lastErrorLogAt < 30_000) return;
      lastErrorLogAt = Date.now();
      // The serializer summarizes it (type, code, cause), scrubbed of values; not just a message.
      log.warn({ err: error }, 'global seal round failed; retrying');
    },
  });
  return {
    sealer,
    readiness: sealLagReadinessCheck(() => sealer.lagMs(), options.lagMaxMs),
    head: () => readChainHead(options.store.backend),
    stop: async () => {
      await sealer.stop();
      if (auditPublisher && connected) await auditPublisher.disconnect().catch(() => undefined);
    },
  };
}
