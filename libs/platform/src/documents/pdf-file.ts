import { StreamableFile } from '@nestjs/common';

/**
 * A PDF answer (`application/pdf`, shown inline under a file name), carrying the billing account
 * it shows so an `@AuditedRead({ responseField: 'billingAccountId' })` route records the read as
 * its JSON twin does.
 */
export class PdfFile extends StreamableFile {
  constructor(
    content: Buffer,
    fileName: string,
    readonly billingAccountId: string,
  ) {
    super(content, {
      type: 'application/pdf',
      disposition: `inline; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      length: content.length,
    });
  }
}
