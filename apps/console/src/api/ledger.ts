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
