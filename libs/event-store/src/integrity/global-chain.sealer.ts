import type { SqlEventStore } from '../sql/sql-event-store';
import { readChainHead, readSealLagMs, type ChainHead } from './chain-head';

export interface GlobalChainSealerOptions {
  /** Pause between rounds once the seal has reached the settled head. Default 500 ms. */
  idleMs?: number;
  /** Events sealed per transaction. */
  batchSizeMax?: number;
  /**
   * Where the chain head goes (the audit topic), every `anchorEveryMs` and on `anchorNow()`.
   * Absent: the sealer seals and publishes nothing.
   */
  publishHead?: (head: ChainHead) => Promise<void>;
  /** Default 60 s. Several sealers on one store publish once per interval between them. */
  anchorEveryMs?: number;
  onError?: (error: Error) => void;
}

/** Rounds a stopping sealer runs to seal what is left (bounded: stopping must not hang). */
const finalRoundCountMax = 20;

export interface GlobalChainSealer {
  /** Publishes the chain head now (on demand) and returns it; null while nothing is sealed. */
  anchorNow(): Promise<ChainHead | null>;
  /** Age of the oldest committed event not sealed yet (ms), for readiness. */
  lagMs(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Keeps the global hash chain sealed just behind the head, in rounds of its own transactions
 * (event_store.seal_global_chain), so appends never wait for it. Every service instance may run
 * one: a round that finds another session holding the seal lock does nothing, so one seals at a
 * time and another takes over when it stops. A failed round (the database away for a while) is
 * reported and retried on the next one; the sealer never gives up.
 */
export function startGlobalChainSealer(
  store: SqlEventStore,
  options: GlobalChainSealerOptions = {},
): GlobalChainSealer {
  const idleMs = options.idleMs ?? 500;
  const batchSizeMax = options.batchSizeMax ?? 1_000;
  const anchorEveryMs = options.publishHead ? (options.anchorEveryMs ?? 60_000) : null;
  const report = (error: unknown) => options.onError?.(error as Error);
  let stopping = false;
  let wake: (() => void) | undefined;
  const anchor = async (): Promise<ChainHead | null> => {
    const head = await readChainHead(store.backend);
    if (head !== null && options.publishHead) await options.publishHead(head);
    return head;
  };
  const round = async (): Promise<boolean> => {
    try {
      const result = await store.sealRound(batchSizeMax, anchorEveryMs);
      if (result.anchorDue) await anchor().catch(report);
      return result.sealed >= batchSizeMax;
    } catch (error) {
      report(error);
      return false;
    }
  };
  const loop = async (): Promise<void> => {
    while (!stopping) {
      if (await round()) continue;
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, idleMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  const done = loop();
  return {
    anchorNow: anchor,
    lagMs: () => readSealLagMs(store.backend),
    stop: async () => {
      stopping = true;
      wake?.();
      await done;
      // A clean stop leaves what committed before it sealed, so verify right after sees no tail.
      for (let round = 0; round < finalRoundCountMax; round++) {
        const result = await store.sealRound(batchSizeMax).catch(report);
        if (!result || result.sealed < batchSizeMax) break;
      }
    },
  };
}
