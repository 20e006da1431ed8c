import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostileCounts } from './hostile-run';

const resultsFile = path.join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  'bench',
  'results',
  'hostile.json',
);

/**
 * With HOSTILE_FULL=1, merges this run's counts into bench/results/hostile.json under `target`
 * (the figures the closing note quotes); the CI pass writes nothing.
 */
export function writeHostileResults(target: string, counts: HostileCounts, full: boolean): void {
  if (!full) return;
  const previous = fs.existsSync(resultsFile)
    ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Record<string, unknown>)
    : {};
  const { offenders, unnamed, ...figures } = counts;
  const entry = {
    ...figures,
    offenders: offenders.slice(0, 20),
    unnamed: unnamed.slice(0, 20),
    measuredAt: new Date().toISOString(),
  };
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(resultsFile, `${JSON.stringify({ ...previous, [target]: entry }, null, 2)}\n`);
}

/** One readable block: the totals, then each class that failed, with where it failed first. */
export function hostileSummary(target: string, counts: HostileCounts): string {
  const failing = Object.entries(counts.byClass)
    .filter(([, c]) => c.status5xx > 0 || c.accepted > 0)
    .map(([name, c]) => `  ${name}: ${c.total} sent, ${c.status5xx} × 5xx, ${c.accepted} accepted`);
  const refused = counts.offenders
    .filter((o) => o.status < 0)
    .map((o) => `  refused but appended: ${o.method} ${o.path} ${o.where}`);
  const where = counts.offenders
    .filter((o) => o.status > 0)
    .map((o) => `  ${o.status} ${o.hostile} ${o.method.toUpperCase()} ${o.path} (${o.where})`);
  const unnamed = counts.unnamed.map(
    (o) => `  ${o.status} names no field: ${o.method.toUpperCase()} ${o.path} (${o.where})`,
  );
  return [
    `hostile suite (${target}): ${counts.total} requests, ${counts.status5xx} × 5xx, ${counts.hostileAccepted} hostile accepted, ${counts.refusedButAppended} refused but appended, ${counts.refusedWithoutField} refused without naming a field`,
    ...failing,
    ...unnamed,
    ...refused,
    ...where,
  ].join('\n');
}
