import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import type { HttpResponse } from '../http.types';
import { ReadinessRegistry } from './readiness.registry';

/** Liveness and readiness probes, outside every service prefix and without a token. */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(private readonly registry: ReadinessRegistry) {}

  /** The process is up and serving HTTP; says nothing about its dependencies. */
  @Get('health')
  @HttpCode(200)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Every registered dependency answers; 503 names the ones that do not. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: HttpResponse) {
    const checks = await this.registry.run();
    const ready = checks.every((c) => c.status === 'up');
    res.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not_ready', checks };
  }
}
