import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { RequestValidationError } from '../errors/request-validation.error';

/**
 * "Unknown fields are refused" holds for operations that take no body too: the validation pipe
 * only sees bodies a handler declares with `@Body()`, so `POST /invoices/{id}/issue` with
 * `{"issueDate": "..."}` would run and silently ignore the field. A route without a body
 * parameter accepts no body or an empty object; anything else is a 400 naming each field.
 */
@Injectable()
export class BodylessRouteGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const body: unknown = context.switchToHttp().getRequest<{ body?: unknown }>().body;
    if (isEmptyBody(body) || declaresBody(context)) return true;
    const fields =
      typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body) : [];
    throw new RequestValidationError(
      fields.length > 0
        ? fields.map((field) => ({
            field,
            reason: 'is not expected: this operation takes no body',
          }))
        : [{ field: 'body', reason: 'must be empty: this operation takes no body' }],
    );
  }
}

function isEmptyBody(body: unknown): boolean {
  if (body === undefined || body === null) return true;
  if (typeof body !== 'object' || Array.isArray(body)) return false;
  return Object.keys(body).length === 0;
}

function declaresBody(context: ExecutionContext): boolean {
  const args = (Reflect.getMetadata(
    ROUTE_ARGS_METADATA,
    context.getClass(),
    context.getHandler().name,
  ) ?? {}) as Record<string, unknown>;
  return Object.keys(args).some((key) => Number(key.split(':')[0]) === RouteParamtypes.BODY);
}
