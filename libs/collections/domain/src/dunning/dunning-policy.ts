import type { DunningChannel, DunningStepName } from '@billing/contracts';
import { DomainError } from '@billing/kernel';

export interface DunningStepRule {
  step: DunningStepName;
  /** Calendar days after the invoice's due date when the step becomes due. */
  daysAfterDue: number;
  channels: DunningChannel[];
}

/** Pure data: one policy per account segment, the steps in the order they are taken. */
export interface DunningPolicy {
  segment: string;
  steps: DunningStepRule[];
}

export const DUNNING_STEPS_MAX = 20;
/** A step later than this is no longer dunning but a forgotten receivable. */
export const DUNNING_DAYS_AFTER_DUE_MAX = 3650;

export const dunningStepNames: readonly DunningStepName[] = [
  'first_reminder',
  'second_reminder',
  'collections_call',
  'final_notice',
  'agency_referral',
];
export const dunningChannels: readonly DunningChannel[] = ['email', 'post', 'call_task', 'agency'];

/** Segment names: lowercase, so `Enterprise` and `enterprise` are never two policies. */
export const SEGMENT_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;
export const SEGMENT_RULE =
  'must be 1 to 40 lowercase letters, digits, _ or -, starting with a letter';

export const defaultDunningPolicy: DunningPolicy = Object.freeze({
  segment: 'standard',
  steps: [
    { step: 'first_reminder', daysAfterDue: 7, channels: ['email'] },
    { step: 'second_reminder', daysAfterDue: 21, channels: ['email'] },
    { step: 'collections_call', daysAfterDue: 30, channels: ['call_task'] },
    { step: 'final_notice', daysAfterDue: 45, channels: ['email', 'post'] },
    { step: 'agency_referral', daysAfterDue: 60, channels: ['agency'] },
  ],
}) as DunningPolicy;

/** The policy for an account segment, or the default when the segment has none. */
export function dunningPolicyFor(
  segment: string,
  policies: readonly DunningPolicy[],
): DunningPolicy {
  return policies.find((policy) => policy.segment === segment) ?? defaultDunningPolicy;
}

/**
 * Refuses a policy that could take a step twice or out of order: step names unique, days strictly
 * increasing and non-negative whole numbers, each step with at least one channel.
 */
export function validateDunningPolicy(policy: DunningPolicy): DunningPolicy {
  const problems: Array<{ field: string; reason: string }> = [];
  if (
    !Array.isArray(policy.steps) ||
    policy.steps.length === 0 ||
    policy.steps.length > DUNNING_STEPS_MAX
  ) {
    problems.push({ field: 'steps', reason: `must list 1 to ${DUNNING_STEPS_MAX} steps` });
  } else {
    const names = new Set<string>();
    policy.steps.forEach((rule, index) => {
      if (!dunningStepNames.includes(rule.step))
        problems.push({
          field: `steps[${index}].step`,
          reason: `must be one of ${dunningStepNames.join(', ')}`,
        });
      else if (names.has(rule.step))
        problems.push({ field: `steps[${index}].step`, reason: 'appears twice' });
      names.add(rule.step);
      if (
        !Number.isInteger(rule.daysAfterDue) ||
        rule.daysAfterDue < 0 ||
        rule.daysAfterDue > DUNNING_DAYS_AFTER_DUE_MAX
      ) {
        problems.push({
          field: `steps[${index}].daysAfterDue`,
          reason: `must be a whole number of days from 0 to ${DUNNING_DAYS_AFTER_DUE_MAX}`,
        });
      }
      const previous = policy.steps[index - 1];
      if (previous && rule.daysAfterDue <= previous.daysAfterDue) {
        problems.push({
          field: `steps[${index}].daysAfterDue`,
          reason: 'must be later than the previous step',
        });
      }
      if (!Array.isArray(rule.channels) || rule.channels.length === 0) {
        problems.push({
          field: `steps[${index}].channels`,
          reason: 'must name at least one channel',
        });
      } else if (rule.channels.some((channel) => !dunningChannels.includes(channel))) {
        problems.push({
          field: `steps[${index}].channels`,
          reason: `must each be one of ${dunningChannels.join(', ')}`,
        });
      } else if (new Set(rule.channels).size !== rule.channels.length) {
        problems.push({ field: `steps[${index}].channels`, reason: 'must not repeat a channel' });
      }
    });
  }
  if (problems.length > 0) {
    throw new DomainError(
      'INVALID_DUNNING_POLICY',
      'The dunning policy is not valid',
      'invalid',
      problems,
    );
  }
  return policy;
}
