import { Controller, Get, Param, Query } from '@nestjs/common';
import { DomainError } from '@billing/kernel';
import { ApiContract, AuditedRead, PdfFile, Roles } from '@billing/platform';
import { LedgerQueryContext } from '../../../../core/queries/ledger-query-context';
import { accountStatementQuery } from '../account-statement/account-statement.query';
import { AccountParams, PeriodQuery } from '../../../shared/ledger-query.dto';
import { requirePeriod } from '../../../shared/ledger-query.validators';
import { ledgerReaders } from '../../../shared/ledger-read-roles';
import { withAsOf } from '../account-aging/account-aging.http.controller';
import { statementPdf, statementPdfFileName } from './statement.pdf';

@Controller('accounts')
export class AccountStatementPdfHttpController {
  constructor(private readonly ledger: LedgerQueryContext) {}

  /** The printable statement, produced by the server from the same query as its JSON view. */
  @ApiContract({
    operationId: 'getAccountStatementPdf',
    summary: "Read an account's statement for a period as a PDF",
    description:
      'The opening balance, movements with running balance, and closing balance per currency of `GET /ledger/accounts/{id}/statement` (same period and `asOf`), amounts as the same decimal strings. Dated by the last day of the period: the same statement gives the same bytes. 404 when the ledger has no movement of the account at all.',
    media: 'application/pdf',
  })
  @Get(':id/statement/pdf')
  @Roles(...ledgerReaders)
  @AuditedRead({ param: 'id' })
  async statementPdf(
    @Param() { id }: AccountParams,
    @Query() query: PeriodQuery,
  ): Promise<PdfFile> {
    requirePeriod(query.from, query.to);
    const statement = await accountStatementQuery(this.ledger, {
      billingAccountId: id,
      from: query.from,
      to: query.to,
      ...withAsOf(query.asOf),
    });
    // The JSON view of an account the ledger never saw is an empty statement; a document saying
    // nothing about an unknown account would only mislead, so the PDF is a not-found instead.
    if (statement.currencies.length === 0)
      throw new DomainError(
        'ACCOUNT_NOT_FOUND',
        `The ledger has no movement of billing account ${id}`,
        'not_found',
      );
    return new PdfFile(await statementPdf(statement), statementPdfFileName(statement), id);
  }
}
