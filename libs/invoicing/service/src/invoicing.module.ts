import { Module, type Type } from '@nestjs/common';
import { ChangePaymentTermsHttpController } from './billing-accounts/commands/change-payment-terms/change-payment-terms.http.controller';
import { CorrectBillingDetailsHttpController } from './billing-accounts/commands/correct-billing-details/correct-billing-details.http.controller';
import { CloseBillingAccountHttpController } from './billing-accounts/commands/close-billing-account/close-billing-account.http.controller';
import { ErasePersonalDataHttpController } from './billing-accounts/commands/erase-personal-data/erase-personal-data.http.controller';
import { CreditHoldHttpController } from './billing-accounts/commands/credit-hold/credit-hold.http.controller';
import { OpenBillingAccountHttpController } from './billing-accounts/commands/open-billing-account/open-billing-account.http.controller';
import { VerifyBillingDetailsHttpController } from './billing-accounts/commands/verify-billing-details/verify-billing-details.http.controller';
import { GetBillingAccountHttpController } from './billing-accounts/queries/get-billing-account/get-billing-account.http.controller';
import { ListBillingAccountsHttpController } from './billing-accounts/queries/list-billing-accounts/list-billing-accounts.http.controller';
import { ListCreditNotesHttpController } from './invoices/queries/list-credit-notes/list-credit-notes.http.controller';
import { ListInvoicesHttpController } from './invoices/queries/list-invoices/list-invoices.http.controller';
import { ListAccountInvoicesHttpController } from './billing-accounts/queries/list-account-invoices/list-account-invoices.http.controller';
import { DisputeCreditsProcess } from './integration/dispute-credits.process';
import { PaymentAllocationsProcess } from './integration/payment-allocations.process';
import { WriteOffsProcess } from './integration/write-offs.process';
import { CorrectInvoiceHttpController } from './invoices/commands/correct-invoice/correct-invoice.http.controller';
import { DraftInvoiceHttpController } from './invoices/commands/draft-invoice/draft-invoice.http.controller';
import { IssueCreditNoteHttpController } from './invoices/commands/issue-credit-note/issue-credit-note.http.controller';
import { IssueInvoiceHttpController } from './invoices/commands/issue-invoice/issue-invoice.http.controller';
import { MarkInvoiceSentHttpController } from './invoices/commands/mark-invoice-sent/mark-invoice-sent.http.controller';
import { ReviewInvoiceHttpController } from './invoices/commands/review-invoice/review-invoice.http.controller';
import { UpdateDraftHttpController } from './invoices/commands/update-draft/update-draft.http.controller';
import { VoidInvoiceHttpController } from './invoices/commands/void-invoice/void-invoice.http.controller';
import { GetInvoiceHttpController } from './invoices/queries/get-invoice/get-invoice.http.controller';
import { InvoicePdfHttpController } from './invoices/queries/invoice-pdf/invoice-pdf.http.controller';
import { InvoicingProjections } from './read-models/invoicing-projections';
import { InvoicingCommands } from './shared/invoicing-commands';
import { INVOICING_DEPS, type InvoicingDeps } from './shared/invoicing.deps';
import { creditNoteApprovalFromEnv } from './shared/credit-note-approval.settings';
import { DecideCreditNoteHttpController } from './invoices/commands/decide-credit-note/decide-credit-note.http.controller';

/**
 * The invoicing service as one Nest module: mount it under `invoicing` with createServiceApp,
 * alone (main.ts) or beside the other services (embedded mode). Its read models and its consumers
 * of payments', collections' and disputes' events run for the module's lifetime. A class per call,
 * because RouterModule prefixes the controllers of the mounted class itself.
 */
export function createInvoicingModule(deps: InvoicingDeps): Type<unknown> {
  creditNoteApprovalFromEnv(deps.env); // a wrong threshold stops the start, naming the variable
  @Module({
    controllers: [
      OpenBillingAccountHttpController,
      VerifyBillingDetailsHttpController,
      CorrectBillingDetailsHttpController,
      ChangePaymentTermsHttpController,
      CreditHoldHttpController,
      CloseBillingAccountHttpController,
      ErasePersonalDataHttpController,
      ListBillingAccountsHttpController,
      GetBillingAccountHttpController,
      ListAccountInvoicesHttpController,
      DraftInvoiceHttpController,
      UpdateDraftHttpController,
      ReviewInvoiceHttpController,
      IssueInvoiceHttpController,
      MarkInvoiceSentHttpController,
      VoidInvoiceHttpController,
      IssueCreditNoteHttpController,
      DecideCreditNoteHttpController,
      CorrectInvoiceHttpController,
      ListInvoicesHttpController,
      ListCreditNotesHttpController,
      GetInvoiceHttpController,
      InvoicePdfHttpController,
    ],
    providers: [
      { provide: INVOICING_DEPS, useValue: deps },
      InvoicingProjections,
      InvoicingCommands,
      PaymentAllocationsProcess,
      WriteOffsProcess,
      DisputeCreditsProcess,
    ],
  })
  class InvoicingModule {}
  return InvoicingModule;
}
