import type { Answer } from './answers';
import { getJson } from './client';
import type { AccountAging, AccountReplay } from './types';

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
  return getJson<Answer<'/ledger/accounts/{id}/audit-trail'>>(
    `/ledger/accounts/${encodeURIComponent(accountId)}/audit-trail`,
    { correlationId, limit: '1000' },
  );
}

type AccessLogPage = Answer<'/ledger/accounts/{id}/access-log'>;

/** Who read the account (auditors only): the platform's append-only access log. */
export function accessLog(accountId: string) {
  return getJson<AccessLogPage>(`/ledger/accounts/${encodeURIComponent(accountId)}/access-log`, {
    limit: '50',
  });
}

export type Statement = Answer<'/ledger/accounts/{id}/statement'>;

export function statementPath(accountId: string): string {
  return `/ledger/accounts/${encodeURIComponent(accountId)}/statement`;
}

/** The customer statement of the account for a period of business dates, from the ledger. */
export function accountStatement(accountId: string, from: string, to: string) {
  return getJson<Statement>(statementPath(accountId), { from, to });
}
