import { drawField, drawTable, renderPdf, type PdfDoc } from '@billing/platform';
import type { CurrencyStatementView, StatementView } from '../../../shared/ledger.views';

/**
 * The customer statement as a PDF: the figures of its JSON view
 * (`GET /ledger/accounts/{id}/statement`), amounts as the same decimal strings, dated by the
 * period's last day, so one statement always gives the same bytes.
 */
export function statementPdf(statement: StatementView, options: { compress?: boolean } = {}) {
  return renderPdf(
    {
      title: titleOf(statement),
      createdAt: new Date(`${statement.to}T00:00:00Z`),
      ...options,
    },
    (doc) => drawStatement(doc, statement),
  );
}

export function statementPdfFileName(statement: StatementView): string {
  return `statement-${statement.billingAccountId}-${statement.from}-${statement.to}.pdf`;
}

function titleOf(statement: StatementView): string {
  return `Statement ${statement.from} to ${statement.to}`;
}

function drawStatement(doc: PdfDoc, statement: StatementView): void {
  doc.font('Helvetica-Bold').fontSize(18).text(titleOf(statement));
  doc.moveDown(0.5);
  drawField(doc, 'Billing account', statement.billingAccountId);
  drawField(doc, 'Period', `${statement.from} to ${statement.to} (business dates, inclusive)`);
  drawField(doc, 'Computed from', computedFrom(statement.computedAt));
  for (const currency of statement.currencies) drawCurrency(doc, currency);
}

/** Which log the figures come from, so a printed statement can be tied back to it. */
function computedFrom(computedAt: object): string {
  const at = computedAt as { source?: string; position?: number };
  const source = at.source === 'replay' ? 'a replay of the log' : 'the live ledger';
  return at.position === undefined ? source : `${source} up to global position ${at.position}`;
}

function drawCurrency(doc: PdfDoc, statement: CurrencyStatementView): void {
  const { currency } = statement;
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(13).text(currency);
  drawField(doc, 'Opening balance', `${statement.openingBalance} ${currency}`);
  doc.moveDown(0.5);
  drawTable(
    doc,
    [
      { header: 'Date', width: 0.13 },
      { header: 'Reference', width: 0.2 },
      { header: 'Description', width: 0.37 },
      { header: 'Amount', width: 0.15, align: 'right' },
      { header: 'Balance', width: 0.15, align: 'right' },
    ],
    statement.lines.map((l) => [
      l.businessDate,
      l.reference,
      l.description,
      l.amount,
      l.runningBalance,
    ]),
  );
  doc.moveDown(0.5);
  drawField(doc, 'Charges', `${statement.charges} ${currency}`);
  drawField(doc, 'Credits', `${statement.credits} ${currency}`);
  drawField(doc, 'Closing balance', `${statement.closingBalance} ${currency}`);
}
