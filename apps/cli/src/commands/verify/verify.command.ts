import { InvalidArgumentError, type Command } from 'commander';
import {
  formatKeptHead,
  parseKeptHead,
  verify,
  type IntegrityProblem,
  type IntegrityReport,
  type KeptHead,
  type SqlEventStore,
} from '@billing/event-store';
import { checkFailed } from '../../shared/exit-codes';
import { printJson, printLines } from '../../shared/output';
import { startProgress, type Progress } from '../../shared/progress';
import { describeConnection } from '../../store/connection';
import { countEvents } from '../../store/read-log';
import { addStoreOptions, withStore, type StoreFlags } from '../../store/with-store';

interface VerifyFlags extends StoreFlags {
  json?: boolean;
  problemsMax: number;
  expectHead: KeptHead[];
}

export function registerVerifyCommand(program: Command): void {
  const command = program
    .command('verify')
    .summary('walk the hash chains and prove the log was not altered')
    .description(
      "Recomputes every event's content hash and every link of each stream's hash chain, then " +
        'walks the sealed global chain. Exits 0 when everything is intact and reports how far the ' +
        'global seal reaches (the newest events are sealed a moment after they commit). Exits 1 ' +
        'naming the first bad event (id, stream, version, global position and what is wrong: ' +
        'altered, missing, reordered, inserted) and listing the other problems found. With ' +
        '--expect-head, also proves the log still extends each head an auditor kept (from ' +
        '`head` or topic billing.audit.v1), and fails naming where it diverges: a superuser who ' +
        'rewrites history can recompute every hash, but not the heads kept elsewhere. Read-only.',
    )
    .option(
      '--expect-head <position:hash>',
      'a chain head kept earlier; repeat for several (the failure is then narrowed between them)',
      collectHead,
      [],
    )
    .option('--json', 'print the integrity report as JSON')
    .option('--problems-max <n>', 'list at most n problems', parseCount, 20);
  addStoreOptions(command).action(async (flags: VerifyFlags) => {
    const outcome = await withStore(flags, { readOnly: true }, async (store, connection) => ({
      report: await verifyWithProgress(store, flags),
      where: describeConnection(connection),
    }));
    const { report } = outcome;
    if (flags.json) printJson(report);
    else printLines(formatVerify(report, outcome.where));
    if (!report.ok && report.firstProblem !== null)
      throw checkFailed(`the log was altered: ${describeProblem(report.firstProblem)}`);
  });
}

function collectHead(value: string, previous: KeptHead[]): KeptHead[] {
  const head = parseKeptHead(value);
  if (head === null)
    throw new InvalidArgumentError(
      'Expected <position>:<hash>, e.g. 1234:9f86d08… (64 hex digits).',
    );
  return [...previous, head];
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('Expected a whole number of at least 1.');
  return n;
}

async function verifyWithProgress(
  store: SqlEventStore,
  flags: VerifyFlags,
): Promise<IntegrityReport> {
  const { rows } = flags.progress
    ? await store.backend.query<{ n: string }>(
        'SELECT count(*)::text AS n FROM event_store.global_chain',
      )
    : { rows: [] };
  const totals = {
    stream: flags.progress ? await countEvents(store) : null,
    global: rows[0] === undefined ? null : Number(rows[0].n),
  };
  const bars: Partial<Record<'stream' | 'global', Progress>> = {};
  const barOf = (chain: 'stream' | 'global'): Progress =>
    (bars[chain] ??= startProgress({
      label: chain === 'stream' ? 'verify stream chains' : 'verify global seal',
      total: totals[chain],
      unit: chain === 'stream' ? 'events' : 'seals',
      enabled: flags.progress,
    }));
  const report = await verify(store, {
    problemCountMax: Math.max(flags.problemsMax, 1),
    expectHeads: flags.expectHead,
    onProgress: ({ chain, checked }) => {
      if (chain === 'global') bars.stream?.finish();
      barOf(chain).update(checked);
    },
  });
  bars.stream?.finish();
  bars.global?.finish();
  return report;
}

function describeProblem(p: IntegrityProblem): string {
  const where = [
    p.eventId === null ? null : `event ${p.eventId}`,
    p.streamId === null ? null : `stream ${p.streamId}`,
    p.streamVersion === null ? null : `version ${p.streamVersion}`,
    p.globalPosition === null ? null : `global position ${p.globalPosition}`,
  ].filter((part): part is string => part !== null);
  return `${where.join(', ')}: ${p.fault} (${p.chain} chain) - ${p.detail}`;
}

function formatVerify(report: IntegrityReport, where: string): string {
  const seal =
    report.sealedCount === 0
      ? 'Global seal: nothing sealed yet.'
      : `Global seal: ${report.sealedCount} event(s) sealed, through global position ${report.sealedThroughPosition}; ` +
        `${report.unsealedCount} newer event(s) not sealed yet. Head: ${report.sealedThroughPosition}:${report.headHash}`;
  const kept = report.keptHeads.map(
    (head) =>
      `Kept head ${formatKeptHead(head)}: ${head.outcome === 'extended' ? 'the log extends it' : head.outcome}`,
  );
  if (report.ok)
    return [
      `Verified ${report.eventCount} event(s) in ${where}: every stream's hash chain is intact.`,
      seal,
      ...kept,
      'OK: the log is intact.',
    ].join('\n');
  const first = report.firstProblem as IntegrityProblem;
  return [
    `Verified ${report.eventCount} event(s) in ${where}.`,
    seal,
    ...kept,
    `TAMPERED: first bad ${describeProblem(first)}`,
    `${report.problems.length} problem(s) found:`,
    ...report.problems.map((p) => `  ${describeProblem(p)}`),
  ].join('\n');
}
