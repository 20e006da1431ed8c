import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsAsOf, IsCalendarDate, IsWholeNumberText } from './ledger-query.validators';
import { IsRecordId } from '@billing/platform';

/** Every ledger query accepts `asOf`. */
export class AsOfQuery {
  @ApiPropertyOptional({
    description:
      'Replay from the log as it stood at this moment: a global position (e.g. 4711) or a commit time (ISO-8601 with a zone, e.g. 2026-03-31T23:59:59Z). Absent: the live read model.',
    example: '2026-03-31T23:59:59Z',
  })
  @IsOptional()
  @IsAsOf()
  asOf?: string;
}

/** A page of a list in global order. */
export class PagedQuery extends AsOfQuery {
  @ApiPropertyOptional({
    description: "Entries after this global position (the previous page's nextAfterPosition).",
    example: '0',
  })
  @IsOptional()
  @IsWholeNumberText(0, Number.MAX_SAFE_INTEGER)
  afterPosition?: string;

  @ApiPropertyOptional({ description: 'Entries per page, 1 to 1000.', default: '100' })
  @IsOptional()
  @IsWholeNumberText(1, 1_000)
  limit?: string;
}

export class JournalQuery extends PagedQuery {
  @ApiPropertyOptional({ description: "Only this billing account's entries.", format: 'uuid' })
  @IsOptional()
  @IsRecordId()
  billingAccountId?: string;
}

export class AuditTrailQuery extends PagedQuery {
  @ApiPropertyOptional({
    description: 'Only the events of this flow (one request or business process).',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, {
    message: 'must be 1 to 128 letters, digits or . _ : -',
  })
  correlationId?: string;
}

export class AgingQuery extends AsOfQuery {
  @ApiProperty({ description: 'Business date the receivables are aged at.', example: '2026-03-31' })
  @IsCalendarDate()
  date!: string;
}

export class TotalAgingQuery extends AgingQuery {
  @ApiPropertyOptional({ description: 'Only this billing account.', format: 'uuid' })
  @IsOptional()
  @IsRecordId()
  billingAccountId?: string;
}

export class PeriodQuery extends AsOfQuery {
  @ApiProperty({ description: 'First business date of the period.', example: '2026-03-01' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({
    description: 'Last business date of the period (inclusive).',
    example: '2026-03-31',
  })
  @IsCalendarDate()
  to!: string;
}

export class MetricsQuery extends PeriodQuery {
  @ApiPropertyOptional({ description: 'Only this billing account.', format: 'uuid' })
  @IsOptional()
  @IsRecordId()
  billingAccountId?: string;

  @ApiPropertyOptional({
    description: 'true: list the invoices behind every figure (to check each one by hand).',
    enum: ['true', 'false'],
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  explain?: string;
}

/** A page of an account's access log. */
export class AccessLogQuery {
  @ApiPropertyOptional({ description: "Entries after this access id (the previous page's next)." })
  @IsOptional()
  @IsWholeNumberText(0, Number.MAX_SAFE_INTEGER)
  after?: string;

  @ApiPropertyOptional({ description: 'Entries per page, 1 to 1000.', default: '100' })
  @IsOptional()
  @IsWholeNumberText(1, 1_000)
  limit?: string;
}

export class AccountParams {
  @ApiProperty({ description: 'Billing account id.', format: 'uuid' })
  @IsRecordId()
  id!: string;
}

export class PaymentParams {
  @ApiProperty({ description: 'Payment id.', format: 'uuid' })
  @IsRecordId()
  id!: string;
}

/** `limit` as a number (default 100). */
export function limitOf(query: PagedQuery): number {
  return query.limit === undefined ? 100 : Number(query.limit);
}

export function afterPositionOf(query: PagedQuery): number {
  return query.afterPosition === undefined ? 0 : Number(query.afterPosition);
}
