import { ConfigError } from '@billing/platform';
import { collectionsSettingsFromEnv, policyOf, writeOffThresholdIn } from './collections.settings';

describe('collections settings', () => {
  it('default to the issue: 250.00 in any currency, 5 grace days, no timer, the standard policy', () => {
    const settings = collectionsSettingsFromEnv({});
    expect(writeOffThresholdIn(settings, 'EUR')).toBe('250.00');
    expect(writeOffThresholdIn(settings, 'JPY')).toBe('250');
    expect(writeOffThresholdIn(settings, 'BHD')).toBe('250.000');
    expect(settings.planGraceDays).toBe(5);
    expect(settings.dunningIntervalMs).toBe(0);
    expect(policyOf(settings, 'enterprise').steps.map((s) => [s.step, s.daysAfterDue])).toEqual([
      ['first_reminder', 7],
      ['second_reminder', 21],
      ['collections_call', 30],
      ['final_notice', 45],
      ['agency_referral', 60],
    ]);
  });

  it('read thresholds per currency, grace days and a policy per segment from the environment', () => {
    const settings = collectionsSettingsFromEnv({
      COLLECTIONS_WRITE_OFF_THRESHOLD: '100.00,JPY=30000,USD=300.00',
      COLLECTIONS_PLAN_GRACE_DAYS: '10',
      COLLECTIONS_DUNNING_INTERVAL_MS: '60000',
      COLLECTIONS_DUNNING_POLICIES: JSON.stringify([
        {
          segment: 'enterprise',
          steps: [
            { step: 'first_reminder', daysAfterDue: 14, channels: ['email'] },
            { step: 'collections_call', daysAfterDue: 30, channels: ['call_task'] },
          ],
        },
      ]),
    });
    expect(writeOffThresholdIn(settings, 'EUR')).toBe('100.00');
    expect(writeOffThresholdIn(settings, 'USD')).toBe('300.00');
    expect(writeOffThresholdIn(settings, 'JPY')).toBe('30000');
    expect(settings.planGraceDays).toBe(10);
    expect(settings.dunningIntervalMs).toBe(60_000);
    expect(policyOf(settings, 'enterprise').steps).toHaveLength(2);
    expect(policyOf(settings, 'standard').steps).toHaveLength(5);
  });

  it('stop the service at start-up naming the variable when a value is wrong', () => {
    const problemsOf = (env: Record<string, string>) => {
      try {
        collectionsSettingsFromEnv(env);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems.map((p) => p.variable);
        throw error;
      }
      return [];
    };
    expect(problemsOf({ COLLECTIONS_WRITE_OFF_THRESHOLD: 'lots' })).toEqual([
      'COLLECTIONS_WRITE_OFF_THRESHOLD',
    ]);
    expect(problemsOf({ COLLECTIONS_WRITE_OFF_THRESHOLD: '250,JPY=1.5' })).toEqual([
      'COLLECTIONS_WRITE_OFF_THRESHOLD',
    ]);
    expect(problemsOf({ COLLECTIONS_PLAN_GRACE_DAYS: '-1' })).toEqual([
      'COLLECTIONS_PLAN_GRACE_DAYS',
    ]);
    expect(problemsOf({ COLLECTIONS_DUNNING_POLICIES: '{not json' })).toEqual([
      'COLLECTIONS_DUNNING_POLICIES',
    ]);
    expect(
      problemsOf({
        COLLECTIONS_DUNNING_POLICIES: JSON.stringify([
          { segment: 'vip', steps: [{ step: 'first_reminder', daysAfterDue: 7, channels: [] }] },
        ]),
      }),
    ).toEqual(['COLLECTIONS_DUNNING_POLICIES']);
  });
});
