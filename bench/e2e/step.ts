import type { Histogram } from 'hdr-histogram-js';
import { latencyHistogram, recordMs, summarize, type LatencySummary } from '../shared/latency';
import { pickOperation, type Operation, type Traced, type Workload } from './workload';

/** In-flight commands beyond this are not sent but counted as dropped (the driver's own limit). */
const inFlightMax = 5_000;
/** After the step, commands still in flight get this long to finish. */
const drainMsMax = 60_000;

export interface StepRun {
  offeredRate: number;
  achievedRate: number;
  sent: number;
  dropped: number;
  /** Requests retried (same Idempotency-Key) after a connection failed before any answer. */
  connectionRetries: number;
  /** Requests retried (same Idempotency-Key) after a 503 with Retry-After. */
  unavailableRetries: number;
  /** Every command, from its scheduled time to its last answer. */
  commandMs: LatencySummary;
  byOperation: Record<string, LatencySummary>;
  statuses: Record<string, number>;
  traced: Traced[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Open loop: command i is due at start + i / rate whatever happened to the others, and its latency
 * counts from that scheduled time (a slow answer delays no later arrival, so none is omitted).
 */
export async function runStep(workload: Workload, rate: number, seconds: number): Promise<StepRun> {
  const total = Math.round(rate * seconds);
  const start = Date.now() + 20;
  const end = start + seconds * 1000;
  const all = latencyHistogram();
  const byOperation = new Map<Operation, Histogram>();
  const statuses: Record<string, number> = {};
  const traced: Traced[] = [];
  const inFlight = new Set<Promise<void>>();
  const visible: Array<Promise<void>> = [];
  let succeededInWindow = 0;
  const retriesBefore = workload.client.connectionRetries;
  const unavailableBefore = workload.client.unavailableRetries;
  let dropped = 0;

  const launch = (scheduledAt: number) => {
    if (inFlight.size >= inFlightMax) {
      dropped++;
      statuses['dropped'] = (statuses['dropped'] ?? 0) + 1;
      return;
    }
    const operation = pickOperation(Math.random());
    const running = workload.run(operation, scheduledAt).then(
      (outcome) => {
        const doneAt = Date.now();
        recordMs(all, doneAt - scheduledAt);
        if (!byOperation.has(operation)) byOperation.set(operation, latencyHistogram());
        recordMs(byOperation.get(operation)!, doneAt - scheduledAt);
        for (const status of outcome.statuses)
          statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
        const ok = outcome.statuses.every((s) => s > 0 && s < 500);
        if (ok && doneAt <= end) succeededInWindow++;
        if (outcome.traced) traced.push(outcome.traced);
        if (outcome.visible) visible.push(outcome.visible);
      },
      () => {
        statuses['driver-error'] = (statuses['driver-error'] ?? 0) + 1;
      },
    );
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
  };

  for (let i = 0; i < total;) {
    const due = start + (i * 1000) / rate;
    const now = Date.now();
    if (due > now) {
      await sleep(Math.min(due - now, 5));
      continue;
    }
    while (i < total && start + (i * 1000) / rate <= Date.now())
      launch(start + (i++ * 1000) / rate);
  }
  await Promise.race([Promise.all([...inFlight]), sleep(drainMsMax)]);
  await Promise.all(visible);
  return {
    offeredRate: rate,
    achievedRate: Math.round((succeededInWindow / seconds) * 10) / 10,
    sent: total - dropped,
    dropped,
    connectionRetries: workload.client.connectionRetries - retriesBefore,
    unavailableRetries: workload.client.unavailableRetries - unavailableBefore,
    commandMs: summarize(all),
    byOperation: Object.fromEntries([...byOperation].map(([op, h]) => [op, summarize(h)])),
    statuses,
    traced,
  };
}
