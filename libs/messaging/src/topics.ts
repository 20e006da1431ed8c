/**
 * Kafka topic names of the billing ledger. One topic per bounded context, versioned by the major
 * version of its event contracts (`billing.<context>.v<major>`), plus the dead-letter and
 * notification topics shared by every service.
 */
export const billingContexts = ['invoicing', 'payments', 'collections', 'disputes'] as const;
export type BillingContext = (typeof billingContexts)[number];

export const deadLetterTopic = 'billing.dlq.v1';
export const notificationsTopic = 'billing.notifications.v1';
/** Heads of the store's global hash chain, published by the sealer for auditors to keep. */
export const auditTopic = 'billing.audit.v1';

export function contextTopic(context: BillingContext): string {
  return `billing.${context}.v1`;
}

/** Every topic the ledger uses, for provisioning. */
export function billingTopics(): string[] {
  return [...billingContexts.map(contextTopic), deadLetterTopic, notificationsTopic, auditTopic];
}
