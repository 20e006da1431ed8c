import { Money } from '@billing/money';
import { ConfigError } from '@billing/platform';

/** Above this (in the invoice's currency, at its minor units) a credit note needs a second manager. */
const DEFAULT_CREDIT_NOTE_APPROVAL_THRESHOLD = '10000.00';
const variable = 'INVOICING_CREDIT_NOTE_APPROVAL_THRESHOLD';

export interface CreditNoteApprovalSettings {
  default: string;
  perCurrency: Record<string, string>;
}

/**
 * `INVOICING_CREDIT_NOTE_APPROVAL_THRESHOLD`: `10000.00`, or `10000.00,JPY=1000000`: a default
 * and per-currency thresholds. A wrong value stops the service at start-up, naming the variable.
 */
export function creditNoteApprovalFromEnv(
  env: Record<string, string | undefined> = {},
): CreditNoteApprovalSettings {
  const value = env[variable]?.trim();
  if (!value) return { default: DEFAULT_CREDIT_NOTE_APPROVAL_THRESHOLD, perCurrency: {} };
  if (!/^\d+(\.\d+)?(,[A-Z]{3}=\d+(\.\d+)?){0,50}$/.test(value))
    throw new ConfigError([
      {
        variable,
        reason: 'must be an amount, then optional CUR=amount pairs, e.g. 10000.00,JPY=1000000',
      },
    ]);
  const [first, ...pairs] = value.split(',');
  const perCurrency: Record<string, string> = {};
  for (const pair of pairs) {
    const [currency = '', amount = ''] = pair.split('=');
    try {
      perCurrency[currency] = Money.of(amount, currency).amount;
    } catch (error) {
      throw new ConfigError([{ variable, reason: `${currency}: ${(error as Error).message}` }]);
    }
  }
  return { default: first ?? DEFAULT_CREDIT_NOTE_APPROVAL_THRESHOLD, perCurrency };
}

/** The threshold in `currency`: listed, or the default at the currency's minor units. */
export function creditNoteApprovalThresholdIn(
  settings: CreditNoteApprovalSettings,
  currency: string,
): string {
  return settings.perCurrency[currency] ?? Money.fromDecimal(settings.default, currency).amount;
}
