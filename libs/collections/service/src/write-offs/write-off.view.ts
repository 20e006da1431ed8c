import { Inject, Injectable } from '@nestjs/common';
import type { WriteOffState } from '@billing/collections-domain';
import { DomainError } from '@billing/kernel';
import { ViewField } from '@billing/platform';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../shared/collections.deps';

export class WriteOffInvoiceView {
  @ViewField.id() invoiceId!: string;
  @ViewField.amount() amount!: string;
}

export class WriteOffApprovalView {
  @ViewField.text({ description: '`system` when auto-approved at or below the threshold' })
  approvedBy!: string;
  @ViewField.boolean() autoApproved!: boolean;
  @ViewField.instant() approvedAt!: string;
}

export class WriteOffRejectionView {
  @ViewField.text() rejectedBy!: string;
  @ViewField.text() reason!: string;
  @ViewField.instant() rejectedAt!: string;
}

/** A write-off: the request (as its WriteOffRequested event says), and its decision. */
export class WriteOffView {
  @ViewField.id() billingAccountId!: string;
  @ViewField.id() writeOffId!: string;
  @ViewField.currency() currency!: string;
  @ViewField.amount() amount!: string;
  @ViewField.list(() => WriteOffInvoiceView) invoices!: WriteOffInvoiceView[];
  @ViewField.text() reason!: string;
  @ViewField.text() requestedBy!: string;
  @ViewField.instant() requestedAt!: string;
  @ViewField.amount({ description: "Amounts above this need a billing manager's approval" })
  approvalThreshold!: string;
  @ViewField.boolean() approvalRequired!: boolean;
  @ViewField.oneOf(['pending', 'approved', 'rejected']) status!:
    'pending' | 'approved' | 'rejected';
  @ViewField.nested(() => WriteOffApprovalView, { nullable: true })
  approval!: WriteOffApprovalView | null;
  @ViewField.nested(() => WriteOffRejectionView, { nullable: true })
  rejection!: WriteOffRejectionView | null;
}

/**
 * A write-off as its folded stream has it: what the read model stores, and what a command answers
 * from the state it decided (never from the read model, which may lag or be stopped).
 */
export function writeOffView(state: WriteOffState): WriteOffView | undefined {
  if (state.status === 'none' || !state.requested) return undefined;
  const approval = state.approved
    ? {
        approvedBy: state.approved.approvedBy,
        autoApproved: state.approved.autoApproved,
        approvedAt: state.approved.approvedAt,
      }
    : null;
  const rejection = state.rejected
    ? {
        rejectedBy: state.rejected.rejectedBy,
        reason: state.rejected.reason,
        rejectedAt: state.rejected.rejectedAt,
      }
    : null;
  return { ...state.requested, status: state.status, approval, rejection };
}

/** writeOffView, for a state a command just decided: it always holds a request. */
export function decidedWriteOffView(state: WriteOffState): WriteOffView {
  const view = writeOffView(state);
  if (!view) throw new Error('A decided write-off holds its request');
  return view;
}

/** Write-offs as the read model has them (requests, approvals, rejections). */
@Injectable()
export class WriteOffViews {
  constructor(@Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps) {}

  async get(writeOffId: string): Promise<WriteOffView> {
    const { rows } = await this.deps.db.query<{ state: WriteOffView | string }>(
      'SELECT state FROM collections_rm.write_offs WHERE write_off_id = $1',
      [writeOffId],
    );
    const row = rows[0];
    if (!row)
      throw new DomainError(
        'WRITE_OFF_NOT_FOUND',
        `Write-off ${writeOffId} does not exist`,
        'not_found',
      );
    return typeof row.state === 'string' ? (JSON.parse(row.state) as WriteOffView) : row.state;
  }
}
