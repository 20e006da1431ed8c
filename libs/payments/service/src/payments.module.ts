import { Module, type Type } from '@nestjs/common';
import { DisputesEventsProcess } from './integration/disputes-events.process';
import { InvoicingEventsProcess } from './integration/invoicing-events.process';
import { AllocatePaymentHttpController } from './payments/commands/allocate-payment/allocate-payment.http.controller';
import { IssueConfirmationHttpController } from './payments/commands/issue-confirmation/issue-confirmation.http.controller';
import { RecordPaymentHandler } from './payments/commands/record-payment/record-payment.handler';
import { RecordPaymentHttpController } from './payments/commands/record-payment/record-payment.http.controller';
import { ReceiveChargebackHttpController } from './payments/commands/receive-chargeback/receive-chargeback.http.controller';
import { RefundUnappliedHttpController } from './payments/commands/refund-unapplied/refund-unapplied.http.controller';
import { ReversePaymentHttpController } from './payments/commands/reverse-payment/reverse-payment.http.controller';
import { AccountPaymentsHttpController } from './payments/queries/account-payments/account-payments.http.controller';
import { ListPaymentsHttpController } from './payments/queries/list-payments/list-payments.http.controller';
import { GetPaymentHttpController } from './payments/queries/get-payment/get-payment.http.controller';
import { PaymentsProjections } from './read-models/payments-projections';
import { PaymentsCommands } from './shared/payments-commands';
import { PAYMENTS_DEPS, type PaymentsDeps } from './shared/payments.deps';

/**
 * The payments service as one Nest module, mounted under `payments` alone (main.ts) or beside the
 * other services (embedded mode). A class per call, because RouterModule prefixes the controllers
 * of the mounted class itself.
 */
export function createPaymentsModule(deps: PaymentsDeps): Type<unknown> {
  @Module({
    controllers: [
      RecordPaymentHttpController,
      AllocatePaymentHttpController,
      ReversePaymentHttpController,
      RefundUnappliedHttpController,
      ReceiveChargebackHttpController,
      IssueConfirmationHttpController,
      ListPaymentsHttpController,
      GetPaymentHttpController,
      AccountPaymentsHttpController,
    ],
    providers: [
      { provide: PAYMENTS_DEPS, useValue: deps },
      PaymentsProjections,
      PaymentsCommands,
      RecordPaymentHandler,
      InvoicingEventsProcess,
      DisputesEventsProcess,
    ],
  })
  class PaymentsModule {}
  return PaymentsModule;
}
