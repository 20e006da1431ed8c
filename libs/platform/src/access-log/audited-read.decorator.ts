import { SetMetadata } from '@nestjs/common';

export const auditedReadMetadata = 'billing:audited-read';

/**
 * Where a route finds the billing account it shows: a route parameter (`/accounts/:id/...`) or a
 * field of its answer (an invoice or payment read by its own id carries `billingAccountId`).
 */
export type AuditedAccount = { param: string } | { responseField: string };

/**
 * Marks a query route as a read of one billing account's data: each successful call by a person
 * is recorded in the access log (who, which account, this route, when, correlation id).
 */
export const AuditedRead = (account: AuditedAccount) => SetMetadata(auditedReadMetadata, account);
