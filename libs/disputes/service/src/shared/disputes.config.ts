import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { SLA_BUSINESS_DAYS_MAX } from '@billing/disputes-domain';
import { loadConfig } from '@billing/platform';
import type { DisputesSettings } from './disputes.deps';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;

const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
    : value;

/** Holidays a deployment may list; a few years of public holidays fit easily. */
const holidaysMax = 400;
/** The shortest self-run interval: the check reads every overdue dispute, so not every second. */
const escalationIntervalMsMin = 60_000;

/** The disputes service's own environment variables (standalone main). */
export class DisputesConfig {
  /** Business days from opening to the resolution due date. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(SLA_BUSINESS_DAYS_MAX)
  DISPUTE_SLA_BUSINESS_DAYS = 10;

  /** Comma-separated YYYY-MM-DD dates that are not business days. */
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(holidaysMax)
  @IsISO8601({ strict: true }, { each: true, message: 'must list dates YYYY-MM-DD' })
  DISPUTE_HOLIDAYS?: string[];

  /** How often the service escalates overdue disputes by itself; 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DISPUTE_ESCALATION_INTERVAL_MS = 3_600_000;
}

/** The SLA settings from the environment; a bad value stops start-up naming the variable. */
export function disputesSettingsFromEnv(
  env: Record<string, string | undefined> = process.env,
): DisputesSettings {
  const config = loadConfig(DisputesConfig, env);
  const interval = config.DISPUTE_ESCALATION_INTERVAL_MS;
  return {
    slaBusinessDays: config.DISPUTE_SLA_BUSINESS_DAYS,
    holidays: config.DISPUTE_HOLIDAYS ?? [],
    escalationIntervalMs: interval === 0 ? 0 : Math.max(interval, escalationIntervalMsMin),
  };
}
