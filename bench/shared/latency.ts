import * as os from 'node:os';
import { execFileSync } from 'node:child_process';
import { build, type Histogram } from 'hdr-histogram-js';

/** Microsecond resolution, up to 10 minutes, 3 significant digits. */
export function latencyHistogram(): Histogram {
  return build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/** Percentiles in milliseconds (two decimals). */
export function summarize(histogram: Histogram): LatencySummary {
  const ms = (us: number) => Math.round(us / 10) / 100;
  return {
    count: histogram.totalCount,
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p999: ms(histogram.getValueAtPercentile(99.9)),
    max: ms(histogram.maxValue),
  };
}

/** What a reader of the figures needs to judge them: the machine and how busy it was. */
export function machineContext(): { machine: string; load: string; node: string; date: string } {
  let load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  try {
    load = execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    // uptime missing: the load averages from os.loadavg() stand in.
  }
  return {
    machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    load,
    node: process.version,
    date: new Date().toISOString(),
  };
}
