import { ConfigError } from '@billing/platform';
import { disputesSettingsFromEnv } from './disputes.config';

describe('disputes settings from the environment', () => {
  it('defaults to ten business days, no holidays and an hourly escalation check', () => {
    expect(disputesSettingsFromEnv({})).toEqual({
      slaBusinessDays: 10,
      holidays: [],
      escalationIntervalMs: 3_600_000,
    });
  });

  it('reads the SLA, the holidays, and 0 as "never escalate by myself"', () => {
    expect(
      disputesSettingsFromEnv({
        DISPUTE_SLA_BUSINESS_DAYS: '15',
        DISPUTE_HOLIDAYS: '2026-12-25, 2026-12-26',
        DISPUTE_ESCALATION_INTERVAL_MS: '0',
      }),
    ).toEqual({
      slaBusinessDays: 15,
      holidays: ['2026-12-25', '2026-12-26'],
      escalationIntervalMs: 0,
    });
  });

  it('refuses bad values naming each variable', () => {
    let error: unknown;
    try {
      disputesSettingsFromEnv({
        DISPUTE_SLA_BUSINESS_DAYS: 'ten',
        DISPUTE_HOLIDAYS: '2026-13-01',
        DISPUTE_ESCALATION_INTERVAL_MS: '-5',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect([...new Set((error as ConfigError).problems.map((p) => p.variable))].sort()).toEqual([
      'DISPUTE_ESCALATION_INTERVAL_MS',
      'DISPUTE_HOLIDAYS',
      'DISPUTE_SLA_BUSINESS_DAYS',
    ]);
  });
});
