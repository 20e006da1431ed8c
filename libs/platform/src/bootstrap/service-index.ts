import type { INestApplication } from '@nestjs/common';
import type { HttpRequest, HttpResponse } from '../http.types';

export interface ServiceIndexEntry {
  prefix: string;
  title: string;
  description?: string;
}

/**
 * `GET /<prefix>` answers a short index of the service (what it is, where its docs, contract
 * and probes are), so a newcomer who types the service's address gets a map instead of a 404.
 * It names no data, so it needs no token, like the docs it links to.
 */
export function mountServiceIndex(app: INestApplication, entry: ServiceIndexEntry): void {
  const base = entry.prefix === '' ? '' : `/${entry.prefix}`;
  const body = {
    service: entry.prefix === '' ? entry.title.toLowerCase() : entry.prefix,
    title: entry.title,
    ...(entry.description ? { description: entry.description } : {}),
    links: {
      self: base === '' ? '/' : base,
      docs: `${base}/docs`,
      openapi: `${base}/docs-json`,
      health: '/health',
      ready: '/ready',
    },
  };
  app.getHttpAdapter().get(base === '' ? '/' : base, (_req: HttpRequest, res: HttpResponse) => {
    res.status(200).type('application/json').send(JSON.stringify(body));
  });
}
