import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FollowerRegistry, FollowerStatus } from '@billing/messaging';
import { Roles } from '../auth/auth.decorators';
import { problemType } from '../errors/problem';
import { ProblemException } from '../errors/problem.exception';
import { FOLLOWER_REGISTRY } from '../bootstrap/platform.tokens';

const followerName = /^[A-Za-z0-9._-]{1,200}$/;

/**
 * The operators' view of this process's followers (projections, consumers, relays): position,
 * lag and state of each, and resuming one that is stuck after the cause was fixed. Outside every
 * service prefix, like /ready: in the embedded system one process answers for all services.
 */
@ApiTags('operations')
@Controller('operations/followers')
export class FollowersController {
  constructor(@Inject(FOLLOWER_REGISTRY) private readonly registry: FollowerRegistry) {}

  @Get()
  @Roles('billing-manager', 'service')
  @ApiOperation({ summary: 'Every follower of this process with its position, lag and state' })
  async list(): Promise<{ followers: FollowerStatus[] }> {
    return { followers: await this.registry.list() };
  }

  /** Resumes a stuck follower: it retries the event it stopped at (it never skips it). */
  @Post(':name/resume')
  @HttpCode(200)
  @Roles('billing-manager')
  @ApiOperation({ summary: 'Resume a stuck follower after its cause was fixed' })
  resume(@Param('name') name: string): { name: string; resumedCount: number } {
    if (!followerName.test(name)) {
      throw new ProblemException({
        type: problemType('validation'),
        title: 'Invalid request',
        status: 400,
        detail: 'name must be 1 to 200 letters, digits, dots, dashes or underscores.',
        errors: [{ field: 'name', reason: 'not a follower name' }],
      });
    }
    if (!this.registry.names().includes(name)) {
      throw new ProblemException({
        type: problemType('follower-not-found'),
        title: 'No such follower',
        status: 404,
        detail: `This process has no follower named ${name}.`,
      });
    }
    const resumedCount = this.registry.resume(name);
    if (resumedCount === 0) {
      throw new ProblemException({
        type: problemType('follower-not-stuck'),
        title: 'Follower is not stuck',
        status: 409,
        detail: `${name} is not stuck; there is nothing to resume.`,
      });
    }
    return { name, resumedCount };
  }
}
