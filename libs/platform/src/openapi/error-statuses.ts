/** What each problem status means, as every operation's error response describes it. */
export const errorStatusDescriptions: Record<number, string> = {
  400: 'Invalid request (validation, malformed JSON, missing Idempotency-Key); names the field',
  401: 'Missing or invalid bearer token',
  403: 'Roles do not allow this operation',
  404: 'Not found',
  409: 'Conflict (concurrent change, request with this Idempotency-Key still in progress)',
  413: 'Request body too large',
  415: 'Body is not JSON',
  422: 'Refused by a business rule, or Idempotency-Key reused for another request',
  500: 'Unexpected error (quote the correlationId)',
};

export interface RouteShape {
  method: string;
  /** The route has path parameters (`:id`): an unknown one is a 404. */
  pathParameters: boolean;
  body: boolean;
  query: boolean;
}

/**
 * The problems a route can answer, from what the platform does in front of every handler: auth
 * (401, 403), validation of what it takes (400), lookups by path id (404), and for commands the
 * idempotency key (400, 409, 422) and business rules (409, 422); bodies can be too large or not
 * JSON. A route can narrow or extend this with `@ApiContract({ errors })`.
 */
export function errorStatusesOf(route: RouteShape): number[] {
  const command = !['get', 'head'].includes(route.method.toLowerCase());
  const statuses = new Set<number>([401, 403, 500]);
  if (command || route.body || route.query || route.pathParameters) statuses.add(400);
  if (route.pathParameters) statuses.add(404);
  if (command) {
    statuses.add(409);
    statuses.add(422);
  }
  if (route.body) {
    statuses.add(413);
    statuses.add(415);
  }
  return [...statuses].sort((a, b) => a - b);
}
