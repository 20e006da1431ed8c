import type { DunningChannel, DunningStepName } from '@billing/contracts';

/**
 * A dunning notification as an email sender, a print shop or a call-task tool receives it. Its id
 * is the id of the DunningStepTaken event it announces, so a receiver de-duplicates redeliveries.
 */
export interface DunningNotificationMessage {
  notificationId: string;
  billingAccountId: string;
  invoiceId: string;
  invoiceNumber: string;
  step: DunningStepName;
  channels: DunningChannel[];
  recipient: { name: string; email?: string; postalAddress?: string };
  subject: string;
  /** Plain text: invoice number, amount, due date, days overdue and how to pay. */
  body: string;
  amountConcerned: string;
  currency: string;
  dueDate: string;
  daysOverdue: number;
  takenOn: string;
  /** Correlation id and id of the event that asked for the notification, for tracing. */
  correlationId: string;
  causationId: string;
  occurredAt: string;
}

/** The notification port: resolves once the batch is durably accepted (at least once). */
export interface NotificationSender {
  start(): Promise<void>;
  send(notifications: DunningNotificationMessage[]): Promise<void>;
  stop(): Promise<void>;
}

export const NOTIFICATION_SENDER = Symbol('NOTIFICATION_SENDER');
