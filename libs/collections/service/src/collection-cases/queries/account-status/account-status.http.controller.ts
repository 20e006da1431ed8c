import { Controller, Get, Inject, Param } from '@nestjs/common';
import {
  amountHeld,
  chaseableAmount,
  daysBetween,
  dueDunningSteps,
  type CollectionCaseState,
} from '@billing/collections-domain';
import { DomainError } from '@billing/kernel';
import { Money } from '@billing/money';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { caseStatesOfAccount, segmentsOf } from '../../../read-models/case-rows';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../../../shared/collections.deps';
import { policyOf } from '../../../shared/collections.settings';
import { businessDate } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';

@Controller('billing-accounts')
export class AccountStatusHttpController {
  constructor(@Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps) {}

  /**
   * Where collection of the account stands today: each invoice followed, its open, disputed
   * (held), planned and chaseable amounts, promise and plan, the dunning steps taken and the next
   * one with its date (or why there is none), and totals per currency.
   */
  @ApiContract({
    operationId: 'getCollectionStatus',
    summary: "Read an account's collection status",
  })
  @Get(':id/status')
  @Roles('collections-agent', 'billing-manager', 'billing-clerk', 'auditor')
  @AuditedRead({ param: 'id' })
  async status(@Param() { id: billingAccountId }: IdParams) {
    const today = businessDate(this.deps.clock);
    const { cases, truncated } = await caseStatesOfAccount(this.deps.db, billingAccountId);
    const segment = (await segmentsOf(this.deps.db, [billingAccountId])).get(billingAccountId);
    if (cases.length === 0 && segment === undefined) {
      throw new DomainError(
        'ACCOUNT_NOT_FOUND',
        `Collections follows no invoice of billing account ${billingAccountId}`,
        'not_found',
      );
    }
    const policy = policyOf(this.deps.settings, segment ?? 'standard');
    const invoices = cases.map((state) => invoiceStatus(state, policy, today));
    return {
      billingAccountId,
      segment: segment ?? 'standard',
      asOf: today,
      totals: totalsPerCurrency(cases, today),
      invoices,
      truncated,
    };
  }
}

function invoiceStatus(
  state: CollectionCaseState,
  policy: ReturnType<typeof policyOf>,
  today: string,
) {
  const due = dueDunningSteps(state, policy, today);
  const underPlan = state.plan ? state.plan.amountUnderPlan : Money.zero(state.currency).amount;
  return {
    invoiceId: state.invoiceId,
    invoiceNumber: state.invoiceNumber,
    status: state.status,
    currency: state.currency,
    dueDate: state.dueDate,
    daysOverdue: Math.max(0, daysBetween(state.dueDate, today)),
    amountTotal: state.amountTotal,
    amountOpen: state.amountOpen,
    amountHeld: amountHeld(state).amount,
    amountUnderPlan: underPlan,
    amountChaseable: chaseableAmount(state).amount,
    holds: Object.entries(state.holds).map(([disputeId, amount]) => ({ disputeId, amount })),
    promise: state.promise,
    planId: state.plan?.planId ?? null,
    stepsTaken: state.stepsTaken,
    stepsSkipped: state.stepsSkipped,
    nextStep:
      state.status === 'open' && due.next
        ? { step: due.next.rule.step, channels: due.next.rule.channels, dueOn: due.next.dueOn }
        : null,
    /** Why no step is due today, when none is. */
    blockedBy: due.take ? null : due.blockedBy,
  };
}

function totalsPerCurrency(cases: CollectionCaseState[], today: string) {
  const byCurrency = new Map<string, CollectionCaseState[]>();
  for (const state of cases)
    byCurrency.set(state.currency, [...(byCurrency.get(state.currency) ?? []), state]);
  return [...byCurrency.entries()].map(([currency, members]) => {
    const sum = (amounts: Money[]) => Money.sum(amounts, currency).amount;
    const open = members.filter((state) => state.status === 'open');
    return {
      currency,
      amountOpen: sum(open.map((s) => Money.of(s.amountOpen, currency))),
      amountHeld: sum(open.map(amountHeld)),
      amountUnderPlan: sum(
        open.map((s) =>
          s.plan ? Money.of(s.plan.amountUnderPlan, currency) : Money.zero(currency),
        ),
      ),
      amountChaseable: sum(open.map(chaseableAmount)),
      amountOverdue: sum(
        open.filter((s) => daysBetween(s.dueDate, today) > 0).map(chaseableAmount),
      ),
    };
  });
}
