import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Clock } from '@billing/kernel';
import { tap, type Observable } from 'rxjs';
import type { HttpRequest } from '../http.types';
import { RequestContext } from '../logging/request-context';
import type { AccessLog } from './access-log.port';
import { auditedReadMetadata, type AuditedAccount } from './audited-read.decorator';

/**
 * Records every successful call of an `@AuditedRead` route in the access log, after the handler
 * answered and without waiting for the write (BatchedAccessLog writes in batches). A call that
 * failed showed nothing and is not recorded; one whose account cannot be told is not either.
 */
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessLog: AccessLog,
    private readonly clock: Clock,
    private readonly service: string,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const account = this.reflector.get<AuditedAccount | undefined>(
      auditedReadMetadata,
      context.getHandler(),
    );
    if (!account) return next.handle();
    const req = context.switchToHttp().getRequest<HttpRequest>();
    return next.handle().pipe(tap((body) => this.recordRead(req, account, body)));
  }

  private recordRead(req: HttpRequest, account: AuditedAccount, body: unknown): void {
    const billingAccountId = accountOf(req, account, body);
    const actor = RequestContext.actor();
    if (!billingAccountId || !actor) return;
    this.accessLog.record({
      accessedAt: this.clock.now().toISOString(),
      billingAccountId,
      subject: actor.id,
      roles: [...actor.roles],
      service: this.service,
      operation: `${req.method.toUpperCase()} ${req.route?.path ?? req.path}`,
      correlationId: RequestContext.correlationId() ?? null,
    });
  }
}

function accountOf(req: HttpRequest, account: AuditedAccount, body: unknown): string | undefined {
  const value =
    'param' in account
      ? req.params?.[account.param]
      : (body as Record<string, unknown> | null | undefined)?.[account.responseField];
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}
