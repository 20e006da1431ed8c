import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { startProjection, type RunningProjection } from '@billing/read-models';
import { INVOICING_DEPS, type InvoicingDeps } from '../shared/invoicing.deps';
import { billingAccountsProjection } from './billing-accounts.projection';
import { creditNotesProjection } from './credit-notes.projection';
import { invoicesProjection } from './invoices.projection';

/** Runs invoicing's read models for as long as the module lives. */
@Injectable()
export class InvoicingProjections implements OnApplicationBootstrap, OnApplicationShutdown {
  private started: RunningProjection[] = [];

  constructor(@Inject(INVOICING_DEPS) private readonly deps: InvoicingDeps) {}

  onApplicationBootstrap(): void {
    const { store, tx, db } = this.deps;
    this.started = [billingAccountsProjection, invoicesProjection, creditNotesProjection].map((p) =>
      startProjection(store, tx, db, p),
    );
  }

  /** All read models as one: caught up when each is. */
  running(): RunningProjection {
    return {
      caughtUp: async () => {
        await Promise.all(this.started.map((p) => p.caughtUp()));
      },
      stop: async () => {
        await Promise.all(this.started.map((p) => p.stop()));
      },
      done: Promise.all(this.started.map((p) => p.done)).then(() => undefined),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running().stop();
  }
}
