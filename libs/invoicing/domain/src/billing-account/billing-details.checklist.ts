import { Currency } from '@billing/money';
import type { BillingDetails, VerificationProblem } from '@billing/contracts';
import { taxIdFormatProblem } from './tax-id.rules';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const countryPattern = /^[A-Z]{2}$/;

function blank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

/** Every problem with the billing details, all at once, so the coordinator fixes them in one go. */
export function billingDetailsProblems(
  details: Omit<BillingDetails, 'paymentTermsDays'>,
): VerificationProblem[] {
  const problems: VerificationProblem[] = [];
  const add = (field: string, code: string, reason: string) =>
    problems.push({ field, code, reason });

  if (blank(details.legalName)) add('legalName', 'LEGAL_NAME_MISSING', 'is required');
  if (blank(details.billingContactName))
    add('billingContactName', 'CONTACT_MISSING', 'is required');
  if (!emailPattern.test(details.email ?? ''))
    add('email', 'EMAIL_FORMAT', 'must be an email address');

  const address = details.address ?? ({} as BillingDetails['address']);
  for (const part of ['line1', 'city', 'postalCode'] as const) {
    if (blank(address[part])) add(`address.${part}`, 'ADDRESS_INCOMPLETE', 'is required');
  }
  if (!countryPattern.test(address.country ?? '')) {
    add('address.country', 'ADDRESS_INCOMPLETE', 'must be an ISO 3166-1 alpha-2 country code');
  }
  if (address.country === 'US' && blank(address.region)) {
    add('address.region', 'ADDRESS_INCOMPLETE', 'is required for US addresses (the state)');
  }

  if (!countryPattern.test(details.country ?? '')) {
    add('country', 'COUNTRY_FORMAT', 'must be an ISO 3166-1 alpha-2 country code');
  } else if (blank(details.taxId)) {
    add('taxId', 'TAX_ID_MISSING', 'is required');
  } else {
    const problem = taxIdFormatProblem(details.country, details.taxId);
    if (problem) add('taxId', 'TAX_ID_FORMAT', `for ${details.country} ${problem}`);
  }

  if (!Currency.isKnown(details.currency ?? '')) {
    add('currency', 'UNKNOWN_CURRENCY', 'must be a known ISO 4217 currency code');
  }
  return problems;
}
