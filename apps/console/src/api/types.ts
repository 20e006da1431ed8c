import type { Answer, Item } from './answers';

/** The ledger's answers the auditor views read (see answers.ts). */
export type AccountReplay = Answer<'/ledger/accounts/{id}/replay'>;
export type TimelineEvent = Item<AccountReplay['timeline']>;
type ReplayedInvoice = Item<AccountReplay['invoices']>;
export type Movement = Item<ReplayedInvoice['movements']>;

export const bucketNames = ['current', 'days1To30', 'days31To60', 'days61To90', 'over90'] as const;

export type AccountAging = Answer<'/ledger/accounts/{id}/aging'>;

export type WorklistAnswer = Answer<'/collections/worklist'>;
