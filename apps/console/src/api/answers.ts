import type { collections, disputes, invoicing, ledger, payments } from '@billing/api-types';

/**
 * The console's API types come from the services' OpenAPI documents (`@billing/api-types`, which
 * `npm run openapi:write` generates with openapi-typescript): an answer is named by its route, so
 * a changed answer fails the console's type check instead of a page.
 */
type AllPaths = invoicing.paths &
  payments.paths &
  collections.paths &
  disputes.paths &
  ledger.paths;

type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } }
  ? Body
  : never;

/** The JSON body of a route's success answer (200, else 201). */
export type Answer<Path extends keyof AllPaths, Method extends 'get' | 'post' = 'get'> =
  AllPaths[Path] extends Record<Method, { responses: infer Responses }>
    ? Responses extends { 200: infer Ok }
      ? JsonOf<Ok>
      : Responses extends { 201: infer Created }
        ? JsonOf<Created>
        : never
    : never;

/** One item of a list. */
export type Item<List> = List extends ReadonlyArray<infer Element> ? Element : never;
