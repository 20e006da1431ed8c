import type { AccountBalance, AsOf, AuditEntry, InvoiceBalance } from '@billing/ledger-domain';
import { formatTable } from '../../shared/table';

export interface ReplayReport {
  billingAccountId: string;
  asOf: AsOf | null;
  asOfDescription: string;
  /** Highest global position in the log at the moment (any account); null for an empty log. */
  computedAtPosition: number | null;
  eventsInLog: number;
  eventsOfAccount: number;
  timeline: AuditEntry[];
  balances: AccountBalance[];
  invoices: Array<Omit<InvoiceBalance, 'movements'>>;
}

export function formatReplay(report: ReplayReport): string {
  const computedAt =
    report.computedAtPosition === null
      ? 'the log was empty then'
      : `computed at global position ${report.computedAtPosition}`;
  const lines = [
    `Billing account ${report.billingAccountId} as of ${report.asOfDescription}: ${computedAt}`,
    `${report.eventsOfAccount} event(s) of this account were in the log then.`,
    '',
    'Timeline',
    report.timeline.length === 0
      ? '  (nothing yet)'
      : indent(
          formatTable(
            [
              'position',
              'recorded at',
              'business time',
              'type',
              'stream',
              'version',
              'actor',
              'service',
              'correlation',
              'causation',
            ],
            report.timeline.map((e) => [
              String(e.globalPosition),
              e.recordedAt,
              e.occurredAt,
              e.type,
              e.streamId,
              String(e.streamVersion),
              `${e.actorId} (${e.actorRoles.join(', ')})`,
              e.service,
              e.correlationId,
              e.causationId ?? '-',
            ]),
            ['right', 'left', 'left', 'left', 'left', 'right'],
          ),
        ),
    '',
    'Balances',
    report.balances.length === 0
      ? '  (none)'
      : indent(
          formatTable(
            [
              'currency',
              'invoiced',
              'voided',
              'credited',
              'paid',
              'written off',
              'received',
              'refunded',
              'reversed',
              'unapplied credit',
              'open receivable',
              'balance due',
            ],
            report.balances.map((b) => [
              b.currency,
              b.invoiced,
              b.voided,
              b.credited,
              b.paid,
              b.writtenOff,
              b.received,
              b.refunded,
              b.reversed,
              b.unappliedCredit,
              b.openReceivable,
              b.balanceDue,
            ]),
            ['left', ...Array<'right'>(11).fill('right')],
          ),
        ),
    '',
    'Invoices',
    report.invoices.length === 0
      ? '  (none)'
      : indent(
          formatTable(
            [
              'number',
              'issued',
              'due',
              'currency',
              'total',
              'credited',
              'paid',
              'written off',
              'open',
              'status',
            ],
            report.invoices.map((i) => [
              i.number,
              i.issueDate,
              i.dueDate,
              i.currency,
              i.total,
              i.credited,
              i.paid,
              i.writtenOff,
              i.amountOpen,
              i.voided ? 'voided' : i.status,
            ]),
            ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'right'],
          ),
        ),
  ];
  return lines.join('\n');
}

export function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((line) => by + line)
    .join('\n');
}
