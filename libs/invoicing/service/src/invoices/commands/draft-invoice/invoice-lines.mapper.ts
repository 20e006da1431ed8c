import type { InvoiceLineInput } from '@billing/invoicing-domain';
import type { InvoiceLineDto } from './draft-invoice.dto';

/** Request lines to domain input; a line without an id is numbered by its position. */
export function toLineInputs(lines: InvoiceLineDto[]): InvoiceLineInput[] {
  return lines.map((line, index) => ({
    lineId: line.lineId ?? `line-${index + 1}`,
    description: line.description,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    taxRate: line.taxRate,
    ...(line.discount !== undefined ? { discount: line.discount } : {}),
    ...(line.servicePeriod
      ? { servicePeriod: { from: line.servicePeriod.from, to: line.servicePeriod.to } }
      : {}),
    ...(line.supportingDocument
      ? {
          supportingDocument: {
            kind: line.supportingDocument.kind,
            reference: line.supportingDocument.reference,
          },
        }
      : {}),
    ...(line.statedTotal !== undefined ? { statedTotal: line.statedTotal } : {}),
  }));
}
