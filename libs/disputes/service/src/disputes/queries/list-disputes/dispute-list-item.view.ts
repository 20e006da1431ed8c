/** One dispute in a list; `GET /disputes/disputes/{id}` has its timeline and evidence. */
export class DisputeListItemView {
  disputeId!: string;
  billingAccountId!: string;
  invoiceId!: string;
  invoiceNumber!: string | null;
  status!: 'open' | 'accepted' | 'rejected' | 'withdrawn';
  /** Decimal string in the currency's minor units. */
  amount!: string;
  currency!: string;
  reasonCategory!: string;
  source!: string;
  /** Who works on it; null while unassigned. */
  assignee!: string | null;
  department!: string | null;
  openedAt!: string;
  resolutionDueDate!: string;
  escalated!: boolean;
  outcome!: string | null;
  acceptedAmount!: string | null;
  resolvedAt!: string | null;
}

export class DisputeListView {
  items!: DisputeListItemView[];
  /** The cursor of the next page; null on the last page. */
  next!: string | null;
}
