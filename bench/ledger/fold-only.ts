/**
 * Not a test: the ledger's folds with the old arithmetic (decimal.js through Money) and the new
 * one (bigint minor units), in memory, nothing else. Two rows:
 *
 * - `amounts`: N decimal strings summed, as the micro-benchmark did (1M amounts);
 * - `ledger_fold`: N synthetic events (`BillingTraffic`) folded by every ledger projection.
 *
 * Runs alternate old/new so a change in the machine's load hits both; the median counts.
 * Usage: npm run bench:fold [-- --events N --amounts N --runs R]. Results: bench/results/fold-only.json
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseMinorUnits, formatMinorUnits, Money } from '@billing/money';
import {
  balancesProjection,
  foldAll,
  ledgerProjection,
  serialize,
  type LedgerEvent,
  type Projection,
} from '@billing/ledger-domain';
import { BillingTraffic, decimalArithmetic, withArithmetic } from '@billing/ledger-domain/testing';
import { machineContext } from '../shared/latency';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Each arithmetic timed `runs` times, alternating, after one warm-up of each; `fingerprint` (not
 * timed) turns a result into text to check both gave the same.
 */
function compare<T>(
  runs: number,
  decimal: () => T,
  integer: () => T,
  fingerprint: (result: T) => string,
) {
  const times = { decimal: [] as number[], integer: [] as number[] };
  let same = true;
  for (let i = 0; i <= runs; i++) {
    let started = performance.now();
    const a = decimal();
    const decimalMs = performance.now() - started;
    started = performance.now();
    const b = integer();
    const integerMs = performance.now() - started;
    same &&= fingerprint(a) === fingerprint(b);
    if (i === 0) continue;
    times.decimal.push(decimalMs);
    times.integer.push(integerMs);
  }
  const decimalMs = median(times.decimal);
  const integerMs = median(times.integer);
  return {
    decimal_ms: round(decimalMs),
    integer_ms: round(integerMs),
    speedup: round(decimalMs / integerMs),
    runs_ms: { decimal: times.decimal.map(round), integer: times.integer.map(round) },
    results_identical: same,
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Amounts of the micro-benchmark: cents, up to 1,000,000.00, some negative. */
function amounts(count: number): string[] {
  const out: string[] = [];
  let x = 18;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const cents = (x % 100_000_000) - (i % 7 === 0 ? 50_000_000 : 0);
    out.push(formatMinorUnits(BigInt(cents), 'USD'));
  }
  return out;
}

function amountsRow(count: number, runs: number) {
  const texts = amounts(count);
  const row = compare(
    runs,
    () => {
      let total = Money.zero('USD');
      for (const t of texts) total = total.add(Money.of(t, 'USD'));
      return total.amount;
    },
    () => {
      let total = 0n;
      for (const t of texts) total += parseMinorUnits(t, 'USD');
      return formatMinorUnits(total, 'USD');
    },
    (total) => total,
  );
  return { amounts: count, ...row };
}

function foldRow<S>(projection: Projection<S>, events: LedgerEvent[], runs: number) {
  const fold = () => foldAll(projection, events);
  const row = compare(runs, () => withArithmetic(decimalArithmetic, fold), fold, serialize);
  return {
    events: events.length,
    ...row,
    decimal_events_per_s: Math.round(events.length / (row.decimal_ms / 1000)),
    integer_events_per_s: Math.round(events.length / (row.integer_ms / 1000)),
  };
}

async function main(): Promise<void> {
  const eventCount = option('events', 30_000);
  const amountCount = option('amounts', 1_000_000);
  const runs = option('runs', 3);
  const started = performance.now();
  const events = new BillingTraffic({ accounts: 500, seed: 18 }).take(eventCount);
  const amountFigures = amountsRow(amountCount, runs);
  process.stderr.write(`${JSON.stringify({ amounts: amountFigures })}\n`);
  const foldFigures = foldRow(ledgerProjection, events, runs);
  process.stderr.write(`${JSON.stringify({ ledger_fold: foldFigures })}\n`);
  const balancesFigures = foldRow(balancesProjection, events, runs);
  process.stderr.write(`${JSON.stringify({ balances_fold: balancesFigures })}\n`);
  const result = {
    note: 'under load: shared 2-core machine with other agents running; medians of alternating runs',
    amounts: amountFigures,
    ledger_fold: {
      ...foldFigures,
      what: 'every ledger projection (journal, balances, statement, audit trail, metrics) folded in memory; most of these events are drafts, sends and disputes that carry no arithmetic',
    },
    balances_fold: {
      ...balancesFigures,
      what: 'the balances projection alone, the most arithmetic per event',
    },
    wall_s: round((performance.now() - started) / 1000),
    ...machineContext(),
  };
  const file = path.join(__dirname, '..', 'results', 'fold-only.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

void main();
