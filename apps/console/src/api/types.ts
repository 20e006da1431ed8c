/**
 * The shapes of the answers the console reads. Written by hand from the services' answers: the
 * OpenAPI documents on main describe no success bodies yet (issue #16); when they do, these come
 * from them instead.
 */
export interface TimelineEvent {
  eventId: string;
  type: string;
  actorId: string;
  actorRoles: string[];
  service: string;
  recordedAt: string;
  occurredAt: string;
  correlationId: string | null;
  causationId: string | null;
  streamId: string;
  streamVersion: number;
  globalPosition: number;
}

export interface Movement {
  kind: string;
  businessDate: string;
  amount: string;
  globalPosition: number;
  eventId: string;
  reference: string;
}

interface ReplayedInvoice {
  invoiceId: string;
  number: string | null;
  currency: string;
  issueDate: string | null;
  dueDate: string | null;
  total: string;
  status: string;
  paid: string;
  credited: string;
  amountOpen: string;
  movements: Movement[];
}

interface AccountBalance {
  currency: string;
  invoiced: string;
  credited: string;
  paid: string;
  writtenOff: string;
  received: string;
  unappliedCredit: string;
  openReceivable: string;
  balanceDue: string;
}

export interface AccountReplay {
  billingAccountId: string;
  computedAt: { source: string; asOf: unknown; position: number; eventsReplayed: number };
  balances: AccountBalance[];
  invoices: ReplayedInvoice[];
  timeline: TimelineEvent[];
}

export const bucketNames = ['current', 'days1To30', 'days31To60', 'days61To90', 'over90'] as const;
type BucketName = (typeof bucketNames)[number];

interface AgingInvoice {
  invoiceId: string;
  number: string | null;
  dueDate: string;
  daysPastDue: number;
  bucket: BucketName;
  amountOpen: string;
}

export interface AccountAging {
  asOf: string;
  accounts: Array<{
    billingAccountId: string;
    currency: string;
    buckets: Record<BucketName | 'total', string>;
    invoices: AgingInvoice[];
  }>;
}
