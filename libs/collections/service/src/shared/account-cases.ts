import { loadAggregate } from '@billing/event-store';
import { collectionCaseStream } from '@billing/contracts';
import {
  accountInvoiceProblems,
  collectionCaseDecider,
  currencyOfCases,
  unusableInvoices,
  type CollectionCaseState,
} from '@billing/collections-domain';
import type { CollectionsCommands } from './collections-commands';
import { requireKnownAccount } from './known-account';

/** The cases of the invoices a request names, with the stream version each was read at. */
export interface AccountCases {
  cases: CollectionCaseState[];
  streamVersions: number[];
  currency: string;
}

/**
 * The cases of the invoices a request names, each checked to be an issued invoice of the account,
 * all in one currency (`accountInvoiceProblems`). Every problem is reported at once, naming
 * `invoices[i].invoiceId`.
 */
export async function accountCases(
  commands: CollectionsCommands,
  billingAccountId: string,
  invoiceIds: string[],
): Promise<AccountCases> {
  const cases: CollectionCaseState[] = [];
  const streamVersions: number[] = [];
  for (const invoiceId of invoiceIds) {
    const loaded = await loadAggregate(
      commands.deps.store,
      collectionCaseDecider,
      collectionCaseStream(invoiceId),
    );
    cases.push(loaded.state);
    streamVersions.push(loaded.streamVersion);
  }
  const problems = accountInvoiceProblems(billingAccountId, invoiceIds, cases);
  if (problems.length > 0) {
    // An unknown account is the client's real mistake, not each invoice: say so (404 naming
    // `id`). Checked only on refusal, so a known invoice never waits on the account's row.
    await requireKnownAccount(commands.deps.db, billingAccountId);
    throw unusableInvoices(problems);
  }
  return { cases, streamVersions, currency: currencyOfCases(cases) };
}
