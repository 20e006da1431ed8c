import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ApiContract, Roles } from '@billing/platform';
import { LEDGER_DEPS, type LedgerDeps } from '../../../shared/ledger.deps';
import { IsWholeNumberText } from '../../../shared/ledger-query.validators';
import { chainEntries } from './chain-entries.query';
import { ChainPageView } from './chain-entries.view';

export class ChainEntriesQuery {
  @ApiPropertyOptional({
    description: "Entries after this seal sequence (the previous page's next).",
  })
  @IsOptional()
  @IsWholeNumberText(0, Number.MAX_SAFE_INTEGER)
  afterSequence?: string;

  @ApiPropertyOptional({ description: 'Entries per page, 1 to 1000.', default: '500' })
  @IsOptional()
  @IsWholeNumberText(1, 1_000)
  limit?: string;
}

@ApiTags('audit')
@Controller('chain')
export class ChainEntriesHttpController {
  constructor(@Inject(LEDGER_DEPS) private readonly deps: LedgerDeps) {}

  /**
   * The whole log's content in its stored form: for auditors (and billing managers), not the
   * other billing roles, who read accounts through the ledger's queries.
   */
  @ApiContract({
    operationId: 'getSealedChain',
    summary: 'Read the sealed hash chain with the events it seals',
    response: ChainPageView,
  })
  @Get()
  @Roles('billing-manager', 'auditor')
  @ApiOperation({
    summary: 'The sealed global hash chain, a page at a time, beside the events it seals',
    description:
      'Each entry: sequence, global position, transaction, commit time, stream, version, event id, content hash and link, with the stored event (type, schema version, business time, data and metadata) so a client recomputes the content hash from the canonical bytes and every link itself.',
  })
  chain(@Query() query: ChainEntriesQuery): Promise<ChainPageView> {
    return chainEntries(this.deps.db, Number(query.afterSequence ?? 0), Number(query.limit ?? 500));
  }
}
