import {
  Currency,
  Money,
  MoneyError,
  isValidAmountString,
  parseDecimal,
  taxOnAmount,
} from '@billing/money';
import { DomainError, type FieldProblem } from '@billing/kernel';
import type { InvoiceLine, InvoiceTotals, SupportingDocumentKind } from '@billing/contracts';
import { isIsoDate } from '../shared/business-date';

/** An invoice line as requested: the computed `net`, `tax` and `total` are left to the domain. */
export type InvoiceLineInput = Omit<InvoiceLine, 'net' | 'tax' | 'total'>;

/** Bound on one invoice's size: beyond it a request is refused, not paged. */
export const invoiceLinesMax = 500;

const supportingDocumentKinds: SupportingDocumentKind[] = [
  'contract',
  'purchase_order',
  'timesheet',
  'other',
];

/** Half-even (banker's) rounding for line amounts and tax: it does not drift up over many lines. */
const roundingMode = 'HALF_EVEN' as const;

function decimalOrNull(value: unknown) {
  if (typeof value !== 'string') return null;
  try {
    return parseDecimal(value);
  } catch {
    return null;
  }
}

function isAmount(value: unknown, currency: string): value is string {
  return typeof value === 'string' && isValidAmountString(value, currency);
}

function lineProblems(
  line: InvoiceLineInput,
  index: number,
  currency: string,
  seenIds: Set<string>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (field: string, reason: string) =>
    problems.push({ field: `lines[${index}].${field}`, reason });

  if (typeof line.lineId !== 'string' || line.lineId.trim() === '') at('lineId', 'is required');
  else if (seenIds.has(line.lineId)) at('lineId', 'must be unique within the invoice');
  else seenIds.add(line.lineId);

  if (typeof line.description !== 'string' || line.description.trim() === '')
    at('description', 'is required');

  const quantity = decimalOrNull(line.quantity);
  if (quantity === null || !quantity.gt(0))
    at('quantity', 'must be a decimal number greater than 0');

  if (!isAmount(line.unitPrice, currency) || Money.of(line.unitPrice, currency).isNegative()) {
    at(
      'unitPrice',
      `must be an amount >= 0 with at most ${Currency.of(currency).minorUnits} decimals`,
    );
  }

  const taxRate = decimalOrNull(line.taxRate);
  if (taxRate === null || taxRate.lt(0) || taxRate.gt(1))
    at('taxRate', 'must be a decimal fraction from 0 to 1');

  if (
    line.discount !== undefined &&
    (!isAmount(line.discount, currency) || Money.of(line.discount, currency).isNegative())
  ) {
    at('discount', 'must be an amount >= 0 in the invoice currency');
  }
  if (line.statedTotal !== undefined && !isAmount(line.statedTotal, currency)) {
    at('statedTotal', 'must be an amount in the invoice currency');
  }
  if (line.servicePeriod !== undefined) {
    const { from, to } = line.servicePeriod;
    if (!isIsoDate(from) || !isIsoDate(to) || from > to) {
      at('servicePeriod', 'must be two calendar dates YYYY-MM-DD with from <= to');
    }
  }
  if (line.supportingDocument !== undefined) {
    const { kind, reference } = line.supportingDocument;
    if (!supportingDocumentKinds.includes(kind))
      at('supportingDocument.kind', `must be one of ${supportingDocumentKinds.join(', ')}`);
    if (typeof reference !== 'string' || reference.trim() === '')
      at('supportingDocument.reference', 'is required');
  }
  return problems;
}

/** Money refuses products out of its range or precision; for the user that is a bad line, not a crash. */
function computeLineSafely(
  line: InvoiceLineInput,
  index: number,
  currency: string,
): { line: InvoiceLine; problems: FieldProblem[] } {
  try {
    return computeLine(line, index, currency);
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    return {
      line: { ...line, net: '', tax: '', total: '' },
      problems: [{ field: `lines[${index}]`, reason: error.message }],
    };
  }
}

function computeLine(
  line: InvoiceLineInput,
  index: number,
  currency: string,
): { line: InvoiceLine; problems: FieldProblem[] } {
  const gross = Money.of(line.unitPrice, currency).multiply(line.quantity, roundingMode);
  const discount =
    line.discount === undefined ? Money.zero(currency) : Money.of(line.discount, currency);
  if (discount.greaterThan(gross)) {
    return {
      line: { ...line, net: '', tax: '', total: '' },
      problems: [
        {
          field: `lines[${index}].discount`,
          reason: `must not exceed the line's gross amount ${gross.amount}`,
        },
      ],
    };
  }
  const net = gross.subtract(discount);
  const tax = taxOnAmount(net, line.taxRate, roundingMode);
  return {
    line: { ...line, net: net.amount, tax: tax.amount, total: net.add(tax).amount },
    problems: [],
  };
}

/**
 * Validates every line (all problems at once) and computes the amounts: net = round(quantity ×
 * unitPrice) − discount, tax = tax on net at the line's rate, total = net + tax; the invoice's
 * totals are the sums of the lines' amounts, so they always add up.
 */
export function computeInvoiceLines(
  inputs: InvoiceLineInput[],
  currency: string,
): { lines: InvoiceLine[]; totals: InvoiceTotals } {
  if (!Currency.isKnown(currency)) {
    throw new DomainError('UNKNOWN_CURRENCY', `Unknown currency ${currency}`, 'invalid', [
      { field: 'currency', reason: 'must be a known ISO 4217 currency code' },
    ]);
  }
  if (!Array.isArray(inputs) || inputs.length > invoiceLinesMax) {
    throw new DomainError('INVALID_INVOICE_LINES', 'Too many invoice lines', 'invalid', [
      { field: 'lines', reason: `must be a list of at most ${invoiceLinesMax} lines` },
    ]);
  }
  const seenIds = new Set<string>();
  const problems = inputs.flatMap((line, index) => lineProblems(line, index, currency, seenIds));
  if (problems.length > 0)
    throw new DomainError(
      'INVALID_INVOICE_LINES',
      'Some invoice lines are invalid',
      'invalid',
      problems,
    );

  const computed = inputs.map((line, index) => computeLineSafely(line, index, currency));
  const discountProblems = computed.flatMap((c) => c.problems);
  if (discountProblems.length > 0) {
    throw new DomainError(
      'INVALID_INVOICE_LINES',
      'Some invoice lines are invalid',
      'invalid',
      discountProblems,
    );
  }
  const lines = computed.map((c) => c.line);
  return { lines, totals: totalsOf(lines, currency) };
}

export function totalsOf(
  lines: Pick<InvoiceLine, 'net' | 'tax' | 'total'>[],
  currency: string,
): InvoiceTotals {
  const sum = (pick: (line: Pick<InvoiceLine, 'net' | 'tax' | 'total'>) => string) =>
    Money.sum(
      lines.map((line) => Money.of(pick(line), currency)),
      currency,
    ).amount;
  return { subtotal: sum((l) => l.net), taxTotal: sum((l) => l.tax), total: sum((l) => l.total) };
}

/** The span of the lines' service periods, or null when no line has one. */
export function servicePeriodOf(lines: InvoiceLine[]): { from: string; to: string } | null {
  const periods = lines.flatMap((line) => (line.servicePeriod ? [line.servicePeriod] : []));
  if (periods.length === 0) return null;
  return {
    from: periods.map((p) => p.from).reduce((a, b) => (a < b ? a : b)),
    to: periods.map((p) => p.to).reduce((a, b) => (a > b ? a : b)),
  };
}

/**
 * The lines as a comparable text, whatever their order or ids: each line's description (trimmed,
 * case folded) with its net and tax (decimal strings already at the currency's minor units).
 * Two invoices with the same fingerprint bill the same things for the same amounts.
 */
export function linesFingerprint(lines: InvoiceLine[]): string {
  return lines
    .map((line) => `${line.description.trim().toLowerCase()}|${line.net}|${line.tax}`)
    .sort()
    .join('\n');
}
