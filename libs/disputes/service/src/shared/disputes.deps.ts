import type { ServiceDeps } from '@billing/platform';

/** How disputes runs its SLA; every field has a default, so plain ServiceDeps are enough. */
export interface DisputesSettings {
  /** Business days from opening to the resolution due date (default 10). */
  slaBusinessDays?: number;
  /** Dates (YYYY-MM-DD) that are not business days, besides weekends. */
  holidays?: string[];
  /**
   * How often the module runs the escalation check by itself; absent or 0: never (tests, and
   * deployments that call `POST /disputes/escalations/run` from a scheduler).
   */
  escalationIntervalMs?: number;
}

/** What the disputes module is given by whoever mounts it (standalone main, embedded app, tests). */
export interface DisputesDeps extends ServiceDeps, DisputesSettings {}

export const DISPUTES_DEPS = Symbol('DISPUTES_DEPS');
export const service = 'disputes';
