import {
  disputeDepartments,
  disputeReasonCategories,
  type DisputeDepartment,
  type DisputeSource,
} from '@billing/contracts';
import type { OpenDisputeRow } from '@billing/disputes-domain';
import { ViewField } from '@billing/platform';

const ageBuckets: readonly OpenDisputeRow['ageBucket'][] = ['0-7', '8-14', '15-30', '31+'];

/** One open dispute with its age as of the business date. */
export class OpenDisputeView {
  @ViewField.id() disputeId!: string;
  @ViewField.text({ nullable: true }) owner!: string | null;
  @ViewField.oneOf(disputeDepartments, { nullable: true }) department!: DisputeDepartment | null;
  @ViewField.id() billingAccountId!: string;
  @ViewField.id() invoiceId!: string;
  @ViewField.amount({ description: 'The disputed amount' }) amount!: string;
  @ViewField.currency() currency!: string;
  @ViewField.oneOf(disputeReasonCategories) reasonCategory!: string;
  @ViewField.oneOf(['manual', 'chargeback'], {
    description: '`chargeback` when payments reported one',
  })
  source!: DisputeSource;
  @ViewField.instant() openedAt!: string;
  @ViewField.integer({ description: 'Calendar days since the dispute was opened' })
  ageDays!: number;
  @ViewField.oneOf(ageBuckets) ageBucket!: OpenDisputeRow['ageBucket'];
  @ViewField.date() resolutionDueDate!: string;
  @ViewField.boolean({ description: 'Past its resolution due date' }) overdue!: boolean;
  @ViewField.boolean() escalated!: boolean;
}

/** The open disputes of one owner (null: nobody owns them yet), oldest first. */
export class OpenDisputesOfOwnerView {
  @ViewField.text({ nullable: true }) owner!: string | null;
  @ViewField.oneOf(disputeDepartments, { nullable: true }) department!: DisputeDepartment | null;
  @ViewField.list(() => OpenDisputeView) disputes!: OpenDisputeView[];
}

/** Open disputes (at most `limit`) as one list, oldest first, and grouped by owner. */
export class OpenDisputesView {
  @ViewField.date() asOf!: string;
  @ViewField.integer() count!: number;
  @ViewField.list(() => OpenDisputeView) disputes!: OpenDisputeView[];
  @ViewField.list(() => OpenDisputesOfOwnerView, { description: 'Unassigned first' })
  byOwner!: OpenDisputesOfOwnerView[];
}
