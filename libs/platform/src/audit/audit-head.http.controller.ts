import { Controller, Get, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ChainHead } from '@billing/event-store';
import { Roles } from '../auth/auth.decorators';
import type { GlobalSeal } from '../bootstrap/global-seal';

export const GLOBAL_SEAL = Symbol('GlobalSeal');

interface HeadAnswer extends ChainHead {
  /** What an auditor keeps and later passes to `verify --expect-head`. */
  keep: string;
}

function answer(head: ChainHead | null): HeadAnswer {
  if (head === null) throw new NotFoundException('Nothing is sealed yet');
  return { ...head, keep: `${head.position}:${head.hash}` };
}

/**
 * The global chain head, outside every service prefix: GET for anyone signed in (auditors
 * included); POST publishes it to billing.audit.v1 now instead of at the next interval.
 */
@ApiExcludeController()
@Controller('audit/head')
export class AuditHeadController {
  constructor(@Inject(GLOBAL_SEAL) private readonly seal: GlobalSeal) {}

  @Get()
  async current(): Promise<HeadAnswer> {
    return answer(await this.seal.head());
  }

  @Post()
  @HttpCode(200)
  @Roles('billing-manager', 'service')
  async publish(): Promise<HeadAnswer> {
    return answer(await this.seal.sealer.anchorNow());
  }
}
