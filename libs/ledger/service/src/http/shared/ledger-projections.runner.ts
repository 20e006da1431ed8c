import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  startLiveLedgerProjections,
  type LiveLedgerProjections,
} from '../../core/live/live-ledger-projections';
import { LEDGER_DEPS, type LedgerDeps } from './ledger.deps';

/** Runs the ledger's live projectors for as long as the module lives. */
@Injectable()
export class LedgerProjectionsRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private running: LiveLedgerProjections | undefined;

  constructor(@Inject(LEDGER_DEPS) private readonly deps: LedgerDeps) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.deps.runProjections === false) return;
    this.running = await startLiveLedgerProjections({
      store: this.deps.store,
      db: this.deps.db,
      tx: this.deps.tx,
      ...(this.deps.logger ? { logger: this.deps.logger } : {}),
    });
  }

  /** Resolves once every projection applied what was committed before the call. */
  caughtUp(): Promise<void> {
    return this.running?.caughtUp() ?? Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.stop();
  }
}
