import type { SqlExecutor } from '@billing/event-store';
import { BillingTraffic } from '@billing/ledger-domain/testing';
import { appendInBulk, type StreamEvent } from '@billing/ledger-service/testing';

export interface LogOptions {
  eventCount: number;
  accounts: number;
  /** Share of the traffic given to the first account (the as-of replay's account). */
  hotAccountShare: number;
  seed: number;
  onProgress: (appended: number, eventsPerSecond: number) => void;
}

/** Events generated and appended per round (one append statement per 5,000 of them). */
const roundSize = 20_000;
/**
 * Concurrent writers, each appending the events of its own share of the accounts in their order:
 * accounts are independent, so every account's (and every stream's) order is kept.
 */
const writerCount = 2;

/**
 * Builds the benchmark's log: steady billing traffic over many accounts (drafts, reviews, issues,
 * sends, payments and their allocations, bounces, refunds, credits, voids, write-offs, disputes),
 * appended through the store's own append function in big batches by two writers, each for half
 * of the accounts. The next round is generated while this one is appended. Statistics are
 * refreshed as the tables grow: the append function's cached plans were made when they were
 * empty, and without it appends slowed down with every round (120 events/s after 100,000).
 */
export async function buildLog(
  db: SqlExecutor,
  options: LogOptions,
): Promise<{ appended: number; hotAccountId: string }> {
  const traffic = new BillingTraffic({
    accounts: options.accounts,
    seed: options.seed,
    hotAccountShare: options.hotAccountShare,
    namespace: `ledger-bench-${options.seed}`,
  });
  const started = performance.now();
  let appended = 0;
  let pending: Promise<number> | undefined;
  while (appended + (pending ? roundSize : 0) < options.eventCount) {
    const round = traffic.take(roundSize).map((e) => traffic.forStore(e));
    if (pending) appended += await pending;
    if (appended < 200_000 || appended % 200_000 < roundSize)
      await db.query('ANALYZE event_store.events, event_store.streams');
    pending = appendByAccount(db, round);
    options.onProgress(appended, Math.round((appended * 1000) / (performance.now() - started)));
  }
  if (pending) appended += await pending;
  const rest = traffic.settleAll().map((e) => traffic.forStore(e));
  appended += await appendInBulk(db, rest);
  options.onProgress(appended, Math.round((appended * 1000) / (performance.now() - started)));
  return {
    appended,
    hotAccountId: (traffic.accounts[0] as { billingAccountId: string }).billingAccountId,
  };
}

async function appendByAccount(db: SqlExecutor, events: StreamEvent[]): Promise<number> {
  const shares: StreamEvent[][] = Array.from({ length: writerCount }, () => []);
  for (const event of events) {
    const accountId = (event.data as { billingAccountId: string }).billingAccountId;
    (shares[shareOf(accountId)] as StreamEvent[]).push(event);
  }
  const counts = await Promise.all(shares.map((share) => appendInBulk(db, share)));
  return counts.reduce((a, b) => a + b, 0);
}

function shareOf(accountId: string): number {
  let hash = 0;
  for (let i = 0; i < accountId.length; i++) hash = (hash * 31 + accountId.charCodeAt(i)) >>> 0;
  return hash % writerCount;
}
