import { plainToInstance } from 'class-transformer';
import { IsIn, IsOptional, Matches, validateSync } from 'class-validator';
import type { Logger } from 'pino';
import {
  mintToken,
  RequestValidationError,
  sendProblem,
  type HttpRequest,
  type HttpResponse,
} from '@billing/platform';

/** The roles a person signs in with (not `service`, which is another service). */
const personRoles = ['auditor', 'billing-clerk', 'billing-manager', 'collections-agent'] as const;

class ConsoleSessionRequest {
  @IsIn(personRoles, { message: `must be one of ${personRoles.join(', ')}` })
  role!: (typeof personRoles)[number];

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/, {
    message: 'must be 1 to 64 lowercase letters, digits, dots, dashes or underscores',
  })
  subject?: string;
}

/** The answer to a sign-in request: 201 with a token, or the fields refused (400). */
export type SessionOutcome =
  | { ok: true; body: { token: string; subject: string; roles: string[]; expiresIn: number } }
  | { ok: false; error: RequestValidationError };

/** Validates a sign-in request and mints its token (shared by the embedded app and the gateway). */
export async function mintConsoleSession(
  body: unknown,
  jwtSecret: string,
): Promise<SessionOutcome> {
  const input = plainToInstance(ConsoleSessionRequest, body ?? {});
  const errors = validateSync(input, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const fields = errors.map((e) => ({
      field: e.property,
      reason: Object.values(e.constraints ?? {})[0] ?? 'is not allowed',
    }));
    return { ok: false, error: new RequestValidationError(fields) };
  }
  const sub = input.subject ?? `console-${input.role}`;
  const token = await mintToken({ sub, roles: [input.role], secret: jwtSecret, ttl: '8h' });
  return { ok: true, body: { token, subject: sub, roles: [input.role], expiresIn: 28_800 } };
}

/**
 * POST /console/session: a token for a chosen role, signed with the local secret the embedded
 * system verifies. For a person at this machine only: it is never mounted in production mode.
 */
export function consoleSessionHandler(options: { jwtSecret: string; logger: Logger }) {
  return (req: HttpRequest, res: HttpResponse): void => {
    mintConsoleSession(req.body, options.jwtSecret).then(
      (outcome) => {
        if (!outcome.ok) return sendProblem(req, res, outcome.error, options.logger);
        res.status(201).type('application/json').send(JSON.stringify(outcome.body));
      },
      (error: unknown) => sendProblem(req, res, error, options.logger),
    );
  };
}
