import { Module, type Type } from '@nestjs/common';
import { AcceptDisputeHttpController } from './disputes/commands/accept-dispute/accept-dispute.http.controller';
import { AddEvidenceHttpController } from './disputes/commands/add-evidence/add-evidence.http.controller';
import { AddNoteHttpController } from './disputes/commands/add-note/add-note.http.controller';
import { AssignDisputeHttpController } from './disputes/commands/assign-dispute/assign-dispute.http.controller';
import { LogCommunicationHttpController } from './disputes/commands/log-communication/log-communication.http.controller';
import { OpenDisputeHttpController } from './disputes/commands/open-dispute/open-dispute.http.controller';
import { RejectDisputeHttpController } from './disputes/commands/reject-dispute/reject-dispute.http.controller';
import { WithdrawDisputeHttpController } from './disputes/commands/withdraw-dispute/withdraw-dispute.http.controller';
import { ListDisputesHttpController } from './disputes/queries/list-disputes/list-disputes.http.controller';
import { GetDisputeHttpController } from './disputes/queries/get-dispute/get-dispute.http.controller';
import { OpenDisputesHttpController } from './disputes/queries/open-disputes/open-disputes.http.controller';
import { RunEscalationsHttpController } from './escalations/commands/run-escalations/run-escalations.http.controller';
import { DisputeEscalations } from './escalations/dispute-escalations';
import { ChargebacksProcess } from './integration/chargebacks.process';
import { InvoicingEventsProcess } from './integration/invoicing-events.process';
import { GetInvoiceHttpController } from './invoices/queries/get-invoice/get-invoice.http.controller';
import { DisputesProjections } from './read-models/disputes-projections';
import { DisputesCommands } from './shared/disputes-commands';
import { DISPUTES_DEPS, type DisputesDeps } from './shared/disputes.deps';

/**
 * The disputes service as one Nest module, mounted under `disputes` alone (main.ts) or beside the
 * other services (embedded mode). Its read model, its consumers of invoicing's and payments'
 * events and (when `escalationIntervalMs` is set) its escalation timer run for the module's
 * lifetime. A class per call, because RouterModule prefixes the controllers of the mounted class.
 */
export function createDisputesModule(deps: DisputesDeps): Type<unknown> {
  @Module({
    controllers: [
      OpenDisputeHttpController,
      AssignDisputeHttpController,
      AddNoteHttpController,
      AddEvidenceHttpController,
      LogCommunicationHttpController,
      AcceptDisputeHttpController,
      RejectDisputeHttpController,
      WithdrawDisputeHttpController,
      ListDisputesHttpController,
      GetDisputeHttpController,
      OpenDisputesHttpController,
      RunEscalationsHttpController,
      GetInvoiceHttpController,
    ],
    providers: [
      { provide: DISPUTES_DEPS, useValue: deps },
      DisputesProjections,
      DisputesCommands,
      DisputeEscalations,
      InvoicingEventsProcess,
      ChargebacksProcess,
    ],
  })
  class DisputesModule {}
  return DisputesModule;
}
