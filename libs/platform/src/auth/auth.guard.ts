import {
  ForbiddenException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { HttpRequest } from '../http.types';
import { RequestContext } from '../logging/request-context';
import { publicMetadata, rolesMetadata } from './auth.decorators';
import type { Role } from './roles';
import { tokenRefusal } from './token-refusal';
import { InvalidToken, type TokenVerifier } from './token-verifier';

const readMethods = new Set(['GET', 'HEAD']);
/** A header longer than this is not a token we issued; refuse before parsing it. */
const authorizationLengthMax = 8_192;

/**
 * Global guard: every route needs a valid bearer token unless marked `@Public()`. No or invalid
 * token -> 401; a role the route does not allow -> 403. The actor goes into RequestContext.
 */
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(publicMetadata, targets)) return true;

    const request = context.switchToHttp().getRequest<HttpRequest>();
    const actor = await this.verifier.verify(this.bearerToken(request)).catch((error: unknown) => {
      throw new UnauthorizedException(
        tokenRefusal(error instanceof InvalidToken ? error.message : ''),
      );
    });
    RequestContext.assign({ actor });

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(rolesMetadata, targets);
    const isRead = readMethods.has(request.method.toUpperCase());
    if (isRead && actor.roles.includes('auditor')) return true;
    // The auditor role never grants a change, whatever a route lists.
    const acting = actor.roles.filter((role) => role !== 'auditor');
    const permitted = allowed
      ? acting.some((role) => (allowed as string[]).includes(role))
      : acting.length > 0;
    if (!permitted) {
      const auditorOnly = actor.roles.includes('auditor') && acting.length === 0;
      throw new ForbiddenException(
        auditorOnly ? 'Auditors have read-only access.' : 'Your roles do not allow this operation.',
      );
    }
    return true;
  }

  private bearerToken(request: HttpRequest): string {
    const header = request.header('authorization');
    if (!header || header.length > authorizationLengthMax)
      throw new UnauthorizedException('A bearer token is required.');
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
    if (!match?.[1]) throw new UnauthorizedException('A bearer token is required.');
    return match[1];
  }
}
