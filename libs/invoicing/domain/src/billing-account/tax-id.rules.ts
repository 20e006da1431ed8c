/**
 * Tax id formats per country (ISO 3166-1 alpha-2). A format check only: whether the id is
 * registered is a question for the tax authority's service, outside the domain.
 */
interface TaxIdRule {
  pattern: RegExp;
  description: string;
}

const rules: Record<string, TaxIdRule> = {
  US: { pattern: /^\d{2}-\d{7}$/, description: 'an EIN: NN-NNNNNNN' },
  GB: { pattern: /^GB(\d{9}|\d{12})$/, description: 'a VAT number: GB followed by 9 or 12 digits' },
  DE: { pattern: /^DE\d{9}$/, description: 'a VAT number: DE followed by 9 digits' },
  FR: {
    pattern: /^FR[0-9A-Z]{2}\d{9}$/,
    description: 'a VAT number: FR, 2 letters or digits, then 9 digits',
  },
  NL: { pattern: /^NL\d{9}B\d{2}$/, description: 'a VAT number: NL, 9 digits, B, 2 digits' },
};

const fallback: TaxIdRule = {
  pattern: /^[A-Z0-9]{4,20}$/,
  description: '4 to 20 letters or digits',
};

/** Blanks and dots are how people group digits on paper; they carry no meaning. */
export function normalizeTaxId(taxId: string): string {
  return taxId.replace(/[\s.]/g, '').toUpperCase();
}

/** Null when the tax id fits the country's format, else what the format should be. */
export function taxIdFormatProblem(country: string, taxId: string): string | null {
  const rule = rules[country] ?? fallback;
  return rule.pattern.test(normalizeTaxId(taxId)) ? null : `must be ${rule.description}`;
}
