import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { EventMetadata } from '@billing/event-store';
import type { DisputeEscalated } from '@billing/contracts';
import { PLATFORM_LOGGER } from '@billing/platform';
import { businessDate } from '../shared/command-context';
import { DisputesCommands } from '../shared/disputes-commands';
import { DISPUTES_DEPS, service, type DisputesDeps } from '../shared/disputes.deps';
import { errorReason } from '@billing/kernel';

/** Disputes one run escalates at most; the next run takes the rest (`more: true` says so). */
const escalationBatchMax = 500;

export interface EscalationReport {
  /** The business date the run checked against. */
  asOf: string;
  /** Overdue disputes looked at. */
  checked: number;
  escalated: Array<
    Pick<DisputeEscalated, 'disputeId' | 'resolutionDueDate' | 'daysPastDue' | 'owner'>
  >;
  /** Disputes that could not be checked this time (logged); the next run tries again. */
  failed: string[];
  /** True when the batch bound was reached: run again for the rest. */
  more: boolean;
}

/** The part of the platform's pino logger this needs, so the library does not import pino. */
interface WarnLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * The SLA check: every open dispute past its resolution due date, as of the clock's business
 * date, is escalated to a billing manager once. The event ids derive from the dispute id alone
 * (idempotency key `escalation:<disputeId>`), so two runs, two replicas or a retried request
 * write the one DisputeEscalated the decider allows, and never a second. Runs on request
 * (`POST /disputes/escalations/run`) and, when `escalationIntervalMs` is set, on a timer.
 */
@Injectable()
export class DisputeEscalations implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<EscalationReport> | undefined;

  constructor(
    @Inject(DISPUTES_DEPS) private readonly deps: DisputesDeps,
    private readonly commands: DisputesCommands,
    @Optional() @Inject(PLATFORM_LOGGER) private readonly logger?: WarnLogger,
  ) {}

  onApplicationBootstrap(): void {
    const intervalMs = this.deps.escalationIntervalMs ?? 0;
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => {
      // One run at a time: a slow run is not stacked on by the next tick.
      if (this.inFlight) return;
      void this.run(systemMetadata()).catch((error: Error) =>
        this.logger?.warn({ reason: errorReason(error) }, 'dispute escalation run failed'),
      );
    }, intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.inFlight?.catch(() => undefined);
  }

  run(metadata: EventMetadata): Promise<EscalationReport> {
    const running = this.escalateOverdue(metadata).finally(() => {
      if (this.inFlight === running) this.inFlight = undefined;
    });
    this.inFlight = running;
    return running;
  }

  private async escalateOverdue(metadata: EventMetadata): Promise<EscalationReport> {
    const { clock, db } = this.deps;
    const today = businessDate(clock);
    const { rows } = await db.query<{ dispute_id: string }>(
      `SELECT dispute_id FROM disputes_rm.disputes
        WHERE status = 'open' AND NOT escalated AND resolution_due_date < $1
        ORDER BY resolution_due_date, dispute_id LIMIT $2`,
      [today, escalationBatchMax],
    );
    const report: EscalationReport = {
      asOf: today,
      checked: rows.length,
      escalated: [],
      failed: [],
      more: rows.length === escalationBatchMax,
    };
    for (const { dispute_id: disputeId } of rows) {
      try {
        const result = await this.commands.dispute(
          disputeId,
          { type: 'CheckDisputeSla', data: { today } },
          {
            idempotencyKey: `escalation:${disputeId}`,
            metadata,
            occurredAt: clock.now().toISOString(),
          },
        );
        for (const event of result.events) {
          if (event.type !== 'DisputeEscalated') continue;
          const { resolutionDueDate, daysPastDue, owner } = event.data;
          report.escalated.push({
            disputeId,
            resolutionDueDate,
            daysPastDue,
            ...(owner ? { owner } : {}),
          });
        }
      } catch (error) {
        // One broken dispute must not keep the others from being escalated.
        report.failed.push(disputeId);
        this.logger?.warn(
          { disputeId, reason: errorReason(error) },
          'dispute could not be checked for escalation',
        );
      }
    }
    await this.commands.settle();
    return report;
  }
}

/** Metadata of a run the service starts by itself: no user, its own correlation id. */
function systemMetadata(): EventMetadata {
  return {
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: `${service}-scheduler`, roles: ['service'] },
    service,
  };
}
