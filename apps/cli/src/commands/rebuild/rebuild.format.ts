import type { ProjectionRebuild, RebuildLedgerResult } from '@billing/ledger-service/core';
import { formatTable } from '../../shared/table';
import { indent } from '../replay/replay.format';

export function formatRebuild(result: RebuildLedgerResult): string {
  const seconds = (result.loadMs / 1000).toFixed(1);
  const lines = [
    `Rebuilt from position 0: ${result.events.toLocaleString('en-US')} event(s) read through ` +
      `global position ${result.position} in ${seconds} s ` +
      `(${result.eventsPerSecond.toLocaleString('en-US')} events/s); ${(result.durationMs / 1000).toFixed(1)} s in all.`,
  ];
  for (const projection of result.projections) lines.push('', ...formatProjection(projection));
  lines.push('', summary(result.projections));
  return lines.join('\n');
}

function formatProjection(p: ProjectionRebuild): string[] {
  const live = p.liveVersion === null ? 'none' : `version ${p.liveVersion}`;
  return [
    `${p.projection}: rebuilt version ${p.version}, live was ${live}, compared at global position ${p.position}`,
    indent(
      formatTable(
        ['table', 'live rows', 'live md5', 'rebuilt rows', 'rebuilt md5', 'match'],
        p.checksums.map((c) => [
          c.table,
          c.live === null ? '-' : String(c.live.rows),
          c.live?.md5 ?? '-',
          String(c.rebuilt.rows),
          c.rebuilt.md5,
          c.live === null ? 'no live version' : c.match ? 'yes' : 'NO',
        ]),
        ['left', 'right', 'left', 'right'],
      ),
    ),
    `  ${outcome(p)}`,
  ];
}

function outcome(p: ProjectionRebuild): string {
  if (p.liveVersion === null)
    return p.switched
      ? `switched: version ${p.version} is live (there was none)`
      : `not switched (--switch never): version ${p.version} kept as building`;
  if (p.matched)
    return p.switched
      ? `matches the live version: switched, version ${p.version} is live`
      : `matches the live version; not switched (--switch never), version ${p.liveVersion} stays live`;
  return p.switched
    ? `DIFFERS from the live version: switched anyway (--switch always), version ${p.version} is live`
    : `DIFFERS from the live version: version ${p.liveVersion} stays live, version ${p.version} kept as rejected`;
}

function summary(projections: readonly ProjectionRebuild[]): string {
  const compared = projections.filter((p) => p.liveVersion !== null);
  const differing = compared.filter((p) => !p.matched);
  const first = projections.length - compared.length;
  const parts = [
    differing.length === 0
      ? `${compared.length} projection(s) match their live read models`
      : `${differing.length} of ${compared.length} projection(s) differ from their live read models`,
  ];
  if (first > 0) parts.push(`${first} had no live version before`);
  return `${parts.join('; ')}.`;
}
