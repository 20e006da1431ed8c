import type { DisputeDepartment, DisputeSource } from '@billing/contracts';
import type { DisputeState } from '../dispute/dispute.state';
import { daysBetween } from '@billing/kernel';

/** What the open-disputes list needs of a dispute: its state, or a read-model row of it. */
export type OpenDisputeFacts = Pick<
  DisputeState,
  | 'status'
  | 'disputeId'
  | 'billingAccountId'
  | 'invoiceId'
  | 'amount'
  | 'currency'
  | 'reasonCategory'
  | 'source'
  | 'openedAt'
  | 'resolutionDueDate'
  | 'owner'
  | 'department'
  | 'escalated'
>;

export interface OpenDisputeRow {
  disputeId: string;
  owner: string | null;
  department: DisputeDepartment | null;
  billingAccountId: string;
  invoiceId: string;
  amount: string;
  currency: string;
  reasonCategory: string;
  /** `chargeback` when payments reported one, so whoever triages sees which the card network started. */
  source: DisputeSource;
  openedAt: string;
  /** Calendar days since the dispute was opened. */
  ageDays: number;
  ageBucket: '0-7' | '8-14' | '15-30' | '31+';
  resolutionDueDate: string;
  overdue: boolean;
  escalated: boolean;
}

export interface OpenDisputesByOwner {
  /** null: nobody owns these yet. */
  owner: string | null;
  department: DisputeDepartment | null;
  disputes: OpenDisputeRow[];
}

function ageBucketOf(ageDays: number): OpenDisputeRow['ageBucket'] {
  if (ageDays <= 7) return '0-7';
  if (ageDays <= 14) return '8-14';
  if (ageDays <= 30) return '15-30';
  return '31+';
}

/**
 * Open disputes grouped by owner, oldest first in each group; unassigned disputes come first,
 * then owners with the oldest dispute first.
 */
export function openDisputesByAgeAndOwner(
  disputes: readonly OpenDisputeFacts[],
  today: string,
): OpenDisputesByOwner[] {
  const groups = new Map<string, OpenDisputesByOwner>();
  for (const dispute of disputes) {
    if (dispute.status !== 'open') continue;
    const key = dispute.owner === null ? '' : `${dispute.owner}\u001f${dispute.department ?? ''}`;
    const group = groups.get(key) ?? {
      owner: dispute.owner,
      department: dispute.department,
      disputes: [],
    };
    const ageDays = daysBetween(dispute.openedAt, today);
    group.disputes.push({
      disputeId: dispute.disputeId,
      owner: dispute.owner,
      department: dispute.department,
      billingAccountId: dispute.billingAccountId,
      invoiceId: dispute.invoiceId,
      amount: dispute.amount,
      currency: dispute.currency,
      reasonCategory: dispute.reasonCategory ?? 'other',
      source: dispute.source ?? 'manual',
      openedAt: dispute.openedAt,
      ageDays,
      ageBucket: ageBucketOf(ageDays),
      resolutionDueDate: dispute.resolutionDueDate,
      overdue: daysBetween(dispute.resolutionDueDate, today) > 0,
      escalated: dispute.escalated,
    });
    groups.set(key, group);
  }
  const result = [...groups.values()];
  for (const group of result) {
    group.disputes.sort(
      (a, b) =>
        b.ageDays - a.ageDays ||
        a.openedAt.localeCompare(b.openedAt) ||
        a.disputeId.localeCompare(b.disputeId),
    );
  }
  const oldest = (group: OpenDisputesByOwner) => group.disputes[0]?.ageDays ?? 0;
  return result.sort(
    (a, b) =>
      Number(a.owner !== null) - Number(b.owner !== null) ||
      oldest(b) - oldest(a) ||
      (a.owner ?? '').localeCompare(b.owner ?? ''),
  );
}

/** The same open disputes as one list, oldest first (ties by opening instant, then id). */
export function openDisputesByAge(
  disputes: readonly OpenDisputeFacts[],
  today: string,
): OpenDisputeRow[] {
  return openDisputesByAgeAndOwner(disputes, today)
    .flatMap((group) => group.disputes)
    .sort(
      (a, b) =>
        b.ageDays - a.ageDays ||
        a.openedAt.localeCompare(b.openedAt) ||
        a.disputeId.localeCompare(b.disputeId),
    );
}
