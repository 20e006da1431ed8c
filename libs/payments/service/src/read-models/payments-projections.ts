import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { startProjection, type RunningProjection } from '@billing/read-models';
import { PAYMENTS_DEPS, type PaymentsDeps } from '../shared/payments.deps';
import { paymentsProjection } from './payments.projection';

/** Runs payments' own read model for as long as the module lives. */
@Injectable()
export class PaymentsProjections implements OnApplicationBootstrap, OnApplicationShutdown {
  private started: RunningProjection | undefined;

  constructor(@Inject(PAYMENTS_DEPS) private readonly deps: PaymentsDeps) {}

  onApplicationBootstrap(): void {
    const { store, tx, db } = this.deps;
    this.started = startProjection(store, tx, db, paymentsProjection(store));
  }

  caughtUp(): Promise<void> {
    return this.started?.caughtUp() ?? Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.started?.stop();
  }
}
