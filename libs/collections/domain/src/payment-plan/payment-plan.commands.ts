type Command<Type extends string, Data> = { type: Type; data: Data };

export interface InstalmentInput {
  dueDate: string;
  amount: string;
}

export interface InstalmentScheduleInput {
  count: number;
  firstDueDate: string;
  intervalDays: number;
}

/** Give either `instalments` or `schedule` (generated with Money.split). */
export type AgreePaymentPlan = Command<
  'AgreePaymentPlan',
  {
    planId: string;
    billingAccountId: string;
    currency: string;
    /** The invoices and the part of each the plan covers, in the order plan payments settle them. */
    invoices: Array<{ invoiceId: string; amount: string }>;
    total: string;
    instalments?: InstalmentInput[];
    schedule?: InstalmentScheduleInput;
    today: string;
    agreedBy: string;
  }
>;

export type RecordPlanPayment = Command<
  'RecordPlanPayment',
  {
    paymentId: string;
    /** The payment's allocation to one invoice of the plan; a payment may pay several of them. */
    allocationId?: string;
    amount: string;
    date: string;
  }
>;

/** Payments reversed a payment (it bounced) that was recorded toward the plan. */
export type ReversePlanPayment = Command<
  'ReversePlanPayment',
  {
    paymentId: string;
    /** As given to RecordPlanPayment: the allocation when the payment was recorded per allocation. */
    allocationId?: string;
    reason: string;
    date: string;
  }
>;

export type EvaluatePlan = Command<'EvaluatePlan', { today: string; graceDays?: number }>;

export type PaymentPlanCommand =
  AgreePaymentPlan | RecordPlanPayment | ReversePlanPayment | EvaluatePlan;
