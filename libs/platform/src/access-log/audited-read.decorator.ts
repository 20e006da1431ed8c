import { SetMetadata } from '@nestjs/common';

export const auditedReadMetadata = 'billing:audited-read';

/**
 * Where a route finds the billing account it shows: a route parameter (`/accounts/:id/...`), a
 * field of its answer (an invoice or payment read by its own id carries `billingAccountId`), or
 * a field of each item of a list in its answer (a list showing several accounts' personal data:
 * one access-log row per account shown).
 */
export type AuditedAccount =
  { param: string } | { responseField: string } | { responseList: string; itemField: string };

/**
 * Marks a query route as a read of one billing account's data: each successful call by a person
 * is recorded in the access log (who, which account, this route, when, correlation id).
 */
export const AuditedRead = (account: AuditedAccount) => SetMetadata(auditedReadMetadata, account);
