import type { CountedWriteOff } from './write-off-limits';

type Command<Type extends string, Data> = { type: Type; data: Data };

export type RequestWriteOff = Command<
  'RequestWriteOff',
  {
    writeOffId: string;
    billingAccountId: string;
    currency: string;
    amount: string;
    /** Each invoice with the part to write off and its open amount now (from the case). */
    invoices: Array<{ invoiceId: string; amount: string; amountOpen: string }>;
    reason: string;
    requestedBy: string;
    requestedAt: string;
    /** Above this amount a billing manager must approve; default 250 in the currency. */
    approvalThreshold?: string;
    /**
     * The account's earlier requests (its WriteOffCounted events): the threshold applies to their
     * sum with this one per invoice and over 30 days, not to this request alone.
     */
    counted?: CountedWriteOff[];
  }
>;

export type ApproveWriteOff = Command<
  'ApproveWriteOff',
  { approvedBy: string; approverRoles: string[]; approvedAt: string }
>;

export type RejectWriteOff = Command<
  'RejectWriteOff',
  { rejectedBy: string; rejectorRoles: string[]; reason: string; rejectedAt: string }
>;

export type WriteOffCommand = RequestWriteOff | ApproveWriteOff | RejectWriteOff;
