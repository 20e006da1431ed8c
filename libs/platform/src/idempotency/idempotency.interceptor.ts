import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Logger } from 'pino';
import { from, of, type Observable, catchError, mergeMap } from 'rxjs';
import { publicMetadata } from '../auth/auth.decorators';
import { problemType } from '../errors/problem';
import { ProblemException } from '../errors/problem.exception';
import type { HttpRequest, HttpResponse } from '../http.types';
import { RequestContext } from '../logging/request-context';
import type { IdempotencyKeyRef, IdempotencyStore, StoredResponse } from './idempotency-store.port';
import { requestFingerprint } from './request-fingerprint';

export const idempotencyKeyHeader = 'idempotency-key';
export const skipIdempotencyMetadata = 'billing:skip-idempotency';

const commandMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Printable ASCII, bounded: a UUID fits with room to spare. */
const acceptableKey = /^[\x21-\x7E]{1,255}$/;
/** Response headers worth replaying; the rest is recomputed by the route. */
const replayedHeaders = ['location', 'content-location', 'etag'];

export interface IdempotencyOptions {
  scope: string;
  ttlMs: number;
  leaseMs: number;
  /** Refuse commands without the header (400). Default true. */
  required: boolean;
}

/**
 * Makes every command safe to retry. The first request with a key runs the handler and its
 * response is stored; a retry with the same key and the same request gets that response again
 * (`Idempotent-Replayed: true`) without the handler running; the same key with another request
 * is 422; a retry while the first is still running is 409. A handler that fails releases the
 * key, so a retry runs it again (command handlers derive event ids from the key, so that retry
 * cannot write twice).
 */
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly store: IdempotencyStore,
    private readonly options: IdempotencyOptions,
    private readonly logger: Logger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<HttpRequest>();
    const res = context.switchToHttp().getResponse<HttpResponse>();
    if (!commandMethods.has(req.method.toUpperCase()) || this.isExempt(context))
      return next.handle();

    const key = req.header(idempotencyKeyHeader);
    if (key === undefined) {
      if (!this.options.required) return next.handle();
      throw new ProblemException({
        type: problemType('idempotency-key-missing'),
        title: 'Idempotency-Key required',
        status: 400,
        detail:
          'Send an Idempotency-Key header (e.g. a UUID) with every command, and the same one when you retry it.',
      });
    }
    if (!acceptableKey.test(key)) {
      throw new ProblemException({
        type: problemType('idempotency-key-invalid'),
        title: 'Invalid Idempotency-Key',
        status: 400,
        detail: 'Idempotency-Key must be 1 to 255 printable ASCII characters.',
      });
    }
    RequestContext.assign({ idempotencyKey: key });
    const ref: IdempotencyKeyRef = {
      scope: this.options.scope,
      key,
      fingerprint: requestFingerprint({
        method: req.method,
        path: req.originalUrl || req.url,
        body: req.body,
        actorId: RequestContext.actor()?.id,
      }),
    };

    return from(
      this.store.begin(ref, { ttlMs: this.options.ttlMs, leaseMs: this.options.leaseMs }),
    ).pipe(
      mergeMap((begun) => {
        switch (begun.outcome) {
          case 'started':
            return this.runOnce(ref, res, next);
          case 'replay':
            return of(this.replay(res, begun.response));
          case 'in_flight':
            throw new ProblemException(
              {
                type: problemType('idempotency-in-flight'),
                title: 'Request already in progress',
                status: 409,
                detail:
                  'A request with this Idempotency-Key is still being handled; retry shortly.',
              },
              { 'Retry-After': '1' },
            );
          case 'mismatch':
            throw new ProblemException({
              type: problemType('idempotency-key-reused'),
              title: 'Idempotency-Key reused',
              status: 422,
              detail:
                'This Idempotency-Key was already used for a different request; use a new key.',
            });
        }
      }),
    );
  }

  private runOnce(
    ref: IdempotencyKeyRef,
    res: HttpResponse,
    next: CallHandler,
  ): Observable<unknown> {
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const response: StoredResponse = {
          status: res.statusCode,
          headers: this.headersOf(res),
          body,
        };
        try {
          await this.store.complete(ref, response);
        } catch (error) {
          // The command is done; failing the response now would invite a retry of a success.
          // The claim's lease expires and a retry re-runs the handler, which repeats its event ids.
          this.logger.warn({ err: error }, 'idempotency record not completed');
        }
        return body;
      }),
      catchError(async (error: unknown) => {
        await this.store.release(ref).catch((releaseError: unknown) => {
          this.logger.warn({ err: releaseError }, 'idempotency claim not released');
        });
        throw error;
      }),
    );
  }

  private replay(res: HttpResponse, response: StoredResponse): unknown {
    res.status(response.status);
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    res.setHeader('Idempotent-Replayed', 'true');
    return response.body;
  }

  private headersOf(res: HttpResponse): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const name of replayedHeaders) {
      const value = res.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    return headers;
  }

  private isExempt(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    return Boolean(
      this.reflector.getAllAndOverride<boolean>(skipIdempotencyMetadata, targets) ||
      this.reflector.getAllAndOverride<boolean>(publicMetadata, targets),
    );
  }
}
