import { ViewField } from '@billing/platform';
/** One dispute in a list; `GET /disputes/disputes/{id}` has its timeline and evidence. */
export class DisputeListItemView {
  @ViewField.id()
  disputeId!: string;
  @ViewField.id()
  billingAccountId!: string;
  @ViewField.id()
  invoiceId!: string;
  @ViewField.text({ nullable: true })
  invoiceNumber!: string | null;
  @ViewField.text()
  status!: 'open' | 'accepted' | 'rejected' | 'withdrawn';
  /** Decimal string in the currency's minor units. */
  @ViewField.amount()
  amount!: string;
  @ViewField.currency()
  currency!: string;
  @ViewField.text()
  reasonCategory!: string;
  @ViewField.text()
  source!: string;
  /** Who works on it (its assignee); null while unassigned. */
  @ViewField.text({ nullable: true })
  owner!: string | null;
  @ViewField.text({ nullable: true })
  department!: string | null;
  @ViewField.instant()
  openedAt!: string;
  @ViewField.date()
  resolutionDueDate!: string;
  @ViewField.boolean()
  escalated!: boolean;
  @ViewField.text({ nullable: true })
  outcome!: string | null;
  @ViewField.amount({ nullable: true })
  acceptedAmount!: string | null;
  @ViewField.instant({ nullable: true })
  resolvedAt!: string | null;
}

export class DisputeListView {
  @ViewField.list(() => DisputeListItemView)
  items!: DisputeListItemView[];
  /** The cursor of the next page; null on the last page. */
  @ViewField.text({
    nullable: true,
    description: 'The cursor of the next page; null on the last page',
  })
  next!: string | null;
}
