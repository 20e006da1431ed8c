import type { SqlExecutor } from '@billing/event-store';
import { replayAccountAsOf } from '@billing/ledger-service/core';

export interface ReplayTimes {
  /** Events the replay folded. */
  events: number;
  /** Wall-clock time of each counted run, ms. */
  wallMs: number[];
  /** Node CPU time of each counted run (all threads, garbage collection included), ms. */
  cpuMs: number[];
}

/** `replayAccountAsOf` of one account at `position`, `repeats` times after one warm-up run. */
export async function timeReplays(
  db: SqlExecutor,
  billingAccountId: string,
  position: number,
  repeats: number,
): Promise<ReplayTimes> {
  const times: ReplayTimes = { events: 0, wallMs: [], cpuMs: [] };
  for (let i = 0; i <= repeats; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const replay = await replayAccountAsOf({ db, billingAccountId, asOf: { position } });
    const cpu = process.cpuUsage(cpuStarted);
    // The first run warms caches and the JIT; it is not counted.
    if (i > 0) {
      times.wallMs.push(performance.now() - started);
      times.cpuMs.push((cpu.user + cpu.system) / 1000);
    }
    times.events = replay.computedAt.eventsReplayed;
  }
  return times;
}
