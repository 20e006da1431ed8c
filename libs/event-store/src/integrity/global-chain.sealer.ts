import type { SqlEventStore } from '../sql/sql-event-store';

export interface GlobalChainSealerOptions {
  /** Pause between rounds once the seal has reached the safe head. */
  idleMs?: number;
  /** Events sealed per transaction. */
  batchSizeMax?: number;
  onError?: (error: Error) => void;
}

export interface GlobalChainSealer {
  stop(): Promise<void>;
}

/**
 * Keeps the global hash chain sealed just behind the head. Sealing runs in its own transactions
 * (event_store.seal_global_chain), so appends never wait for it; several sealers simply take turns.
 */
export function startGlobalChainSealer(
  store: SqlEventStore,
  options: GlobalChainSealerOptions = {},
): GlobalChainSealer {
  const idleMs = options.idleMs ?? 1_000;
  const batchSizeMax = options.batchSizeMax ?? 1_000;
  let stopping = false;
  let wake: (() => void) | undefined;
  const loop = async (): Promise<void> => {
    while (!stopping) {
      let sealed = 0;
      try {
        sealed = await store.sealGlobalChain(batchSizeMax);
      } catch (error) {
        options.onError?.(error as Error);
      }
      if (sealed >= batchSizeMax) continue;
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
    stop: async () => {
      stopping = true;
      wake?.();
      await done;
    },
  };
}
