export { createDisputesModule } from './disputes.module';
export { disputesMigrations } from './disputes.migrations';
export type { DisputesDeps, DisputesSettings } from './shared/disputes.deps';
export { DisputesConfig, disputesSettingsFromEnv } from './shared/disputes.config';
export { InvoicingEventsProcess } from './integration/invoicing-events.process';
export {
  ChargebacksProcess,
  chargebackDisputeId,
  chargebackReceivedType,
} from './integration/chargebacks.process';
export { DisputeEscalations, type EscalationReport } from './escalations/dispute-escalations';
export { disputesStandaloneOptions } from './disputes.standalone';
