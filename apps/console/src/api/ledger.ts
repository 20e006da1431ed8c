import { getJson } from './client';
import type { AccountAging, AccountReplay, TimelineEvent } from './types';

/** The account replayed by the server from the log as of a moment (a global position or instant). */
export function replayAccount(accountId: string, asOf?: string) {
  return getJson<AccountReplay>(`/ledger/accounts/${encodeURIComponent(accountId)}/replay`, {
    asOf,
  });
}

/** The server's aging of the account's open items at a business date, as known at `asOf`. */
export function accountAging(accountId: string, date: string, asOf?: string) {
  return getJson<AccountAging>(`/ledger/accounts/${encodeURIComponent(accountId)}/aging`, {
    date,
    asOf,
  });
}

/** Every event of one flow (a correlation id) that touched the account, across services. */
export function correlationTrail(accountId: string, correlationId: string) {
  return getJson<{ items: TimelineEvent[] }>(
    `/ledger/accounts/${encodeURIComponent(accountId)}/audit-trail`,
    { correlationId, limit: '1000' },
  );
}

export interface AccessEntry {
  accessId?: string;
  accessedAt: string;
  subject: string;
  roles: string[];
  service: string;
  operation: string;
  correlationId: string | null;
}

/** Who read the account (auditors only): the platform's append-only access log. */
export function accessLog(accountId: string) {
  return getJson<{ entries: AccessEntry[]; next: string | null }>(
    `/ledger/accounts/${encodeURIComponent(accountId)}/access-log`,
    { limit: '50' },
  );
}

export interface StatementLine {
  kind: string;
  businessDate: string;
  globalPosition: number;
  eventId: string;
  reference: string;
  description: string;
  amount: string;
  runningBalance: string;
}

export interface Statement {
  billingAccountId: string;
  from: string;
  to: string;
  currencies: Array<{
    currency: string;
    openingBalance: string;
    lines: StatementLine[];
    charges: string;
    credits: string;
    closingBalance: string;
  }>;
}

export function statementPath(accountId: string): string {
  return `/ledger/accounts/${encodeURIComponent(accountId)}/statement`;
}

/** The customer statement of the account for a period of business dates, from the ledger. */
export function accountStatement(accountId: string, from: string, to: string) {
  return getJson<Statement>(statementPath(accountId), { from, to });
}
