import type { CollectionCaseEvent } from '@billing/contracts';
import { fold } from '@billing/kernel';
import { collectionCaseDecider } from '../collection-case/collection-case.decider';
import { stream } from '../shared/decider-spec';
import {
  type DunningPolicy,
  defaultDunningPolicy,
  dunningPolicyFor,
  validateDunningPolicy,
} from './dunning-policy';
import { dueDunningSteps } from './due-dunning-steps';

const tracked: CollectionCaseEvent = {
  type: 'InvoiceTracked',
  data: {
    billingAccountId: 'a',
    invoiceId: 'i',
    invoiceNumber: 'N',
    currency: 'EUR',
    amountTotal: '100.00',
    amountOpen: '100.00',
    dueDate: '2026-01-31',
    segment: 'enterprise',
  },
};

const enterprise: DunningPolicy = {
  segment: 'enterprise',
  steps: [
    { step: 'first_reminder', daysAfterDue: 14, channels: ['email'] },
    { step: 'collections_call', daysAfterDue: 30, channels: ['call_task'] },
  ],
};

describe('dueDunningSteps', () => {
  it('says why nothing is due: not overdue yet, no step due yet, paused by a promise', () => {
    const state = fold(collectionCaseDecider, [tracked]);
    expect(dueDunningSteps(state, defaultDunningPolicy, '2026-01-31')).toMatchObject({
      take: null,
      blockedBy: 'not_overdue',
      daysOverdue: 0,
    });
    expect(dueDunningSteps(state, defaultDunningPolicy, '2026-02-03')).toMatchObject({
      take: null,
      blockedBy: 'no_step_due',
      next: { rule: { step: 'first_reminder' }, dueOn: '2026-02-07' },
    });
    const promised = fold(collectionCaseDecider, [
      tracked,
      {
        type: 'PromiseToPayMade',
        data: {
          billingAccountId: 'a',
          invoiceId: 'i',
          promiseId: 'p',
          amount: '100.00',
          currency: 'EUR',
          promisedDate: '2026-03-01',
          madeOn: '2026-02-01',
          madeBy: 'x',
        },
      },
    ]);
    expect(dueDunningSteps(promised, defaultDunningPolicy, '2026-02-20')).toMatchObject({
      take: null,
      blockedBy: 'promise_to_pay',
    });
  });

  it("follows the account segment's own policy", () => {
    const policy = dunningPolicyFor('enterprise', [enterprise]);
    const invoice = stream(collectionCaseDecider, [tracked]);
    expect(invoice.handle({ type: 'RunDunning', data: { today: '2026-02-07', policy } })).toEqual(
      [],
    );
    expect(invoice.handle({ type: 'RunDunning', data: { today: '2026-02-14', policy } })).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ step: 'first_reminder', daysOverdue: 14 }),
      }),
    ]);
    expect(dunningPolicyFor('unknown', [enterprise])).toBe(defaultDunningPolicy);
  });

  it('refuses a policy whose steps repeat or go backwards', () => {
    expect(() =>
      validateDunningPolicy({
        segment: 's',
        steps: [
          { step: 'first_reminder', daysAfterDue: 10, channels: ['email'] },
          { step: 'first_reminder', daysAfterDue: 5, channels: [] },
        ],
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_DUNNING_POLICY',
        problems: [
          { field: 'steps[1].step', reason: 'appears twice' },
          { field: 'steps[1].daysAfterDue', reason: 'must be later than the previous step' },
          { field: 'steps[1].channels', reason: 'must name at least one channel' },
        ],
      }),
    );
  });
});
