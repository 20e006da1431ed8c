import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { localJwtSecret, mintToken } from '@billing/platform';
import { defaultDataDir } from '../../store/connection';
import { infrastructureError } from '../../shared/exit-codes';

/** A follower as `GET /operations/followers` lists it. */
export interface FollowerRow {
  name: string;
  kind: string;
  state: string;
  position: string | null;
  lag: number | null;
  lagCapped?: boolean;
  failure?: { errorCode: string; eventId?: string; eventType?: string; eventPosition?: string };
  deadLetteredCount?: number;
}

const requestTimeoutMs = 10_000;

/**
 * The token the CLI calls services with: `--token`, else `$BILLING_TOKEN`, else a five-minute
 * billing-manager token signed with the local secret (`$JWT_SECRET` or the one in the data dir).
 */
export async function operatorToken(flags: { token?: string; dataDir?: string }): Promise<string> {
  const given = flags.token ?? process.env['BILLING_TOKEN'];
  if (given) return given;
  const dataDir = path.resolve(flags.dataDir ?? (process.env['DATA_DIR'] || defaultDataDir));
  return mintToken({
    sub: 'cli-operator',
    roles: ['billing-manager'],
    secret: localJwtSecret(dataDir),
    ttl: 300,
  });
}

export async function listFollowers(url: string, token: string): Promise<FollowerRow[]> {
  const body = await call(url, 'GET', '/operations/followers', token);
  return (body as { followers: FollowerRow[] }).followers;
}

/** Resumes `name` at `url`: the number resumed, 0 when it is not stuck there, null when unknown. */
export async function resumeFollower(
  url: string,
  name: string,
  token: string,
): Promise<number | null> {
  const res = await send(
    url,
    'POST',
    `/operations/followers/${encodeURIComponent(name)}/resume`,
    token,
  );
  if (res.status === 404) return null;
  if (res.status === 409) return 0;
  const body = await readBody(url, res);
  return (body as { resumedCount: number }).resumedCount;
}

async function call(url: string, method: string, route: string, token: string): Promise<unknown> {
  return readBody(url, await send(url, method, route, token));
}

async function send(url: string, method: string, route: string, token: string): Promise<Response> {
  try {
    return await fetch(`${url.replace(/\/+$/, '')}${route}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(method === 'POST'
          ? { 'Idempotency-Key': randomUUID(), 'Content-Type': 'application/json' }
          : {}),
      },
      ...(method === 'POST' ? { body: '{}' } : {}),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
  } catch (error) {
    throw infrastructureError(`${url} did not answer: ${(error as Error).message}`);
  }
}

async function readBody(url: string, res: Response): Promise<unknown> {
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const detail = (body as { detail?: string } | undefined)?.detail ?? res.statusText;
    throw infrastructureError(`${url} answered ${res.status}: ${detail}`);
  }
  return body;
}
