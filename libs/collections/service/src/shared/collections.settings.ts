import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  DEFAULT_GRACE_DAYS,
  DEFAULT_WRITE_OFF_THRESHOLD,
  GRACE_DAYS_MAX,
  defaultDunningPolicy,
  requireSegment,
  validateDunningPolicy,
  type DunningPolicy,
} from '@billing/collections-domain';
import { DomainError } from '@billing/kernel';
import { Money } from '@billing/money';
import { ConfigError, loadConfig } from '@billing/platform';

/** What collections can be told by whoever runs it; every field has a default from the issue. */
export interface CollectionsSettings {
  /** Above this a write-off needs a billing manager: `default` in any currency unless listed. */
  writeOffThreshold: { default: string; perCurrency: Record<string, string> };
  /** Days an instalment may be late before the plan breaks. */
  planGraceDays: number;
  /** The in-process scheduler's period; 0 leaves it off (tests, or an external cron). */
  dunningIntervalMs: number;
  /** One policy per segment; a segment without one follows the default policy. */
  dunningPolicies: DunningPolicy[];
  /** Printed in every reminder under "How to pay". */
  howToPay: { bankAccount?: string; payUrl?: string };
  collectionsPhone?: string;
}

export const defaultCollectionsSettings: CollectionsSettings = {
  writeOffThreshold: { default: '250.00', perCurrency: {} },
  planGraceDays: DEFAULT_GRACE_DAYS,
  dunningIntervalMs: 0,
  dunningPolicies: [],
  howToPay: {},
};

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/** The environment variables collections reads; names are the variables, so errors name them. */
export class CollectionsConfig {
  /** `250.00`, or `250.00,JPY=30000,USD=300.00`: a default and per-currency thresholds. */
  @IsOptional()
  @Matches(/^\d+(\.\d+)?(,[A-Z]{3}=\d+(\.\d+)?){0,50}$/, {
    message: 'must be an amount, then optional CUR=amount pairs, e.g. 250.00,JPY=30000',
  })
  COLLECTIONS_WRITE_OFF_THRESHOLD?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of days' })
  @Min(0, { message: 'must be 0 or more' })
  @Max(GRACE_DAYS_MAX, { message: `must be at most ${GRACE_DAYS_MAX}` })
  COLLECTIONS_PLAN_GRACE_DAYS?: number;

  /** 0 or absent: no in-process timer. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(0, { message: 'must be 0 (off) or more' })
  @Max(86_400_000, { message: 'must be at most a day (86400000)' })
  COLLECTIONS_DUNNING_INTERVAL_MS?: number;

  /** JSON: `[{"segment":"enterprise","steps":[{"step":"first_reminder","daysAfterDue":14,"channels":["email"]}]}]`. */
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  COLLECTIONS_DUNNING_POLICIES?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  COLLECTIONS_PAY_BANK_ACCOUNT?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  COLLECTIONS_PAY_URL?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  COLLECTIONS_PHONE?: string;
}

/**
 * Settings from the environment over the defaults. A wrong value stops the service at start-up
 * with a ConfigError naming the variable, never at a customer's request.
 */
export function collectionsSettingsFromEnv(
  env: Record<string, string | undefined> = {},
): CollectionsSettings {
  const config = loadConfig(CollectionsConfig, env);
  const settings: CollectionsSettings = {
    ...defaultCollectionsSettings,
    writeOffThreshold: config.COLLECTIONS_WRITE_OFF_THRESHOLD
      ? parseThresholds(config.COLLECTIONS_WRITE_OFF_THRESHOLD)
      : defaultCollectionsSettings.writeOffThreshold,
    planGraceDays: config.COLLECTIONS_PLAN_GRACE_DAYS ?? DEFAULT_GRACE_DAYS,
    dunningIntervalMs: config.COLLECTIONS_DUNNING_INTERVAL_MS ?? 0,
    dunningPolicies: config.COLLECTIONS_DUNNING_POLICIES
      ? parsePolicies(config.COLLECTIONS_DUNNING_POLICIES)
      : [],
    howToPay: {
      ...(config.COLLECTIONS_PAY_BANK_ACCOUNT
        ? { bankAccount: config.COLLECTIONS_PAY_BANK_ACCOUNT }
        : {}),
      ...(config.COLLECTIONS_PAY_URL ? { payUrl: config.COLLECTIONS_PAY_URL } : {}),
    },
    ...(config.COLLECTIONS_PHONE ? { collectionsPhone: config.COLLECTIONS_PHONE } : {}),
  };
  return checkSettings(settings);
}

/** Refuses settings the domain would refuse later, at start-up, naming the setting. */
export function checkSettings(settings: CollectionsSettings): CollectionsSettings {
  const problems: Array<{ variable: string; reason: string }> = [];
  for (const [currency, amount] of Object.entries(settings.writeOffThreshold.perCurrency)) {
    try {
      Money.of(amount, currency);
    } catch (error) {
      problems.push({
        variable: 'COLLECTIONS_WRITE_OFF_THRESHOLD',
        reason: `${currency}: ${(error as Error).message}`,
      });
    }
  }
  const segments = new Set<string>();
  settings.dunningPolicies.forEach((policy, index) => {
    try {
      requireSegment(policy.segment, `[${index}].segment`);
      validateDunningPolicy(policy);
      if (segments.has(policy.segment)) {
        problems.push({
          variable: 'COLLECTIONS_DUNNING_POLICIES',
          reason: `[${index}].segment ${policy.segment} appears twice`,
        });
      }
      segments.add(policy.segment);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const details = error.problems.map((p) => `${p.field} ${p.reason}`).join('; ');
      problems.push({
        variable: 'COLLECTIONS_DUNNING_POLICIES',
        reason: `[${index}] ${details || error.message}`,
      });
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}

function parseThresholds(value: string): CollectionsSettings['writeOffThreshold'] {
  const [first = DEFAULT_WRITE_OFF_THRESHOLD, ...pairs] = value.split(',');
  const perCurrency: Record<string, string> = {};
  for (const pair of pairs) {
    const [currency = '', amount = ''] = pair.split('=');
    perCurrency[currency] = amount;
  }
  return { default: first, perCurrency };
}

function parsePolicies(value: string): DunningPolicy[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError([
      { variable: 'COLLECTIONS_DUNNING_POLICIES', reason: 'must be JSON: a list of policies' },
    ]);
  }
  if (!Array.isArray(parsed) || parsed.length > 100) {
    throw new ConfigError([
      {
        variable: 'COLLECTIONS_DUNNING_POLICIES',
        reason: 'must be a list of at most 100 policies',
      },
    ]);
  }
  return parsed as DunningPolicy[];
}

/** The write-off threshold in `currency`, at its minor units (a default of 250.00 is 250 JPY). */
export function writeOffThresholdIn(settings: CollectionsSettings, currency: string): string {
  const listed = settings.writeOffThreshold.perCurrency[currency];
  if (listed !== undefined) return listed;
  return Money.fromDecimal(settings.writeOffThreshold.default, currency).amount;
}

/** The policy of `segment`, or the default one. */
export function policyOf(settings: CollectionsSettings, segment: string): DunningPolicy {
  return settings.dunningPolicies.find((p) => p.segment === segment) ?? defaultDunningPolicy;
}
