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
    const actor = RequestContext.actor();
    if (!actor) return;
    for (const billingAccountId of accountsOf(req, account, body)) {
      this.recordOne(req, actor, billingAccountId);
    }
  }

  private recordOne(
    req: HttpRequest,
    actor: NonNullable<ReturnType<typeof RequestContext.actor>>,
    billingAccountId: string,
  ): void {
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

function accountsOf(req: HttpRequest, account: AuditedAccount, body: unknown): string[] {
  const answer = body as Record<string, unknown> | null | undefined;
  if ('responseList' in account) {
    const items = answer?.[account.responseList];
    if (!Array.isArray(items)) return [];
    const ids = items.map((item) => (item as Record<string, unknown> | null)?.[account.itemField]);
    // One row per account, however often a page shows it.
    return [...new Set(ids.filter(isAccountId))];
  }
  const value = 'param' in account ? req.params?.[account.param] : answer?.[account.responseField];
  return isAccountId(value) ? [value] : [];
}

function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}
