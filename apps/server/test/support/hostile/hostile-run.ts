import { randomUUID } from 'node:crypto';
import {
  hostileClasses,
  hostileCommandRequests,
  hostilePathValues,
  hostileQueryValues,
  suitePersonalData,
  type HostileClass,
  type HostileRequest,
  type KnownIds,
  urlFor,
} from './hostile-requests';
import { dtoSchemaOf } from './dto-schemas';
import { operationsOf, type OpenApiDocument } from './openapi-operations';

/** A running system the suite attacks: the embedded one, or standalone services on PG + Kafka. */
export interface HostileTarget {
  /** `http://127.0.0.1:<port>` serving `/<service>/...`. */
  baseUrlOf(service: string): string;
  /** How many events each correlation id appended, over the whole log. */
  appendedBy(correlationIds: string[]): Promise<Map<string, number>>;
  /** Every follower caught up (rejects when one cannot). */
  quiescent(): Promise<void>;
}

export interface HostileCounts {
  total: number;
  status5xx: number;
  hostileAccepted: number;
  refusedButAppended: number;
  /** 400, 404 and 422 answers whose problem document names no field (`errors[].field`). */
  refusedWithoutField: number;
  /** The first few of those, for the report. */
  unnamed: Array<{
    hostile: HostileClass;
    method: string;
    path: string;
    where: string;
    status: number;
  }>;
  byClass: Record<string, { total: number; status5xx: number; accepted: number }>;
  /** The first offenders, for the report: what was sent where, and the answer's status. */
  offenders: Array<{
    hostile: HostileClass;
    method: string;
    path: string;
    where: string;
    status: number;
  }>;
}

export interface HostileRunOptions {
  services: string[];
  token: string;
  ids: KnownIds;
  /** Fields per class and operation (the CI pass takes 1, the full run every field). */
  fieldsPerClass: number;
  /** Every value of each class (the full run), not only the first. */
  everyVariant?: boolean;
  /** Only the command operations (the smaller pass on PostgreSQL + Kafka). */
  commandsOnly?: boolean;
}

/** Every request of the suite for every documented operation. */
function suiteRequests(docs: Record<string, OpenApiDocument>, options: HostileRunOptions) {
  const requests: HostileRequest[] = [];
  for (const [service, doc] of Object.entries(docs)) {
    for (const op of operationsOf(service, doc, dtoSchemaOf)) {
      if (options.commandsOnly && op.kind === 'query') continue;
      const url = urlFor(op, options.ids);
      if (op.kind === 'command')
        requests.push(
          ...hostileCommandRequests(
            op,
            url,
            options.ids,
            options.fieldsPerClass,
            options.everyVariant,
          ),
        );
      for (const param of op.pathParams)
        for (const [hostile, value] of hostilePathValues)
          requests.push({
            hostile,
            method: op.method,
            url: urlFor(op, options.ids, { param, value }),
            ...(op.kind === 'command' ? { body: {} } : {}),
            where: `path {${param}}`,
          });
      for (const query of op.queryParams)
        for (const [hostile, value] of hostileQueryValues(query.name, query.schema))
          requests.push({
            hostile,
            method: op.method,
            url: `${url}?${query.name}=${value}`,
            where: `query ${query.name}`,
          });
    }
  }
  return requests;
}

async function send(
  target: HostileTarget,
  service: string,
  request: HostileRequest,
  token: string,
) {
  const correlationId = randomUUID();
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'idempotency-key': randomUUID(),
    'x-correlation-id': correlationId,
  };
  let body: string | Buffer | undefined;
  if (request.raw !== undefined) body = request.raw;
  else if (request.body !== undefined) body = JSON.stringify(request.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  let status: number;
  let fields: string[] = [];
  try {
    const response = await fetch(`${target.baseUrlOf(service)}${request.url}`, {
      method: request.method.toUpperCase(),
      headers,
      body,
    });
    status = response.status;
    fields = problemFields(await response.text());
  } catch {
    status = 599; // the connection broke: as bad as a 5xx
  }
  return { correlationId, status, fields };
}

/** The fields a problem document names; none when the body is not one. */
function problemFields(text: string): string[] {
  try {
    const errors = (JSON.parse(text) as { errors?: Array<{ field?: unknown }> }).errors ?? [];
    return errors.map((e) => e.field).filter((f): f is string => typeof f === 'string' && f !== '');
  } catch {
    return [];
  }
}

/** Refusals about the request's content, which must tell the client which field to change. */
const fieldStatuses = new Set([400, 404, 422]);

/**
 * Sends every request one after the other and counts: 5xx answers, hostile requests accepted
 * (2xx), and refused requests (4xx) that appended anything, attributed by correlation id after
 * every follower caught up, so an event a consumer appended later on its behalf counts too.
 */
export async function runHostileSuite(
  target: HostileTarget,
  docs: Record<string, OpenApiDocument>,
  options: HostileRunOptions,
): Promise<HostileCounts> {
  const counts: HostileCounts = {
    total: 0,
    status5xx: 0,
    hostileAccepted: 0,
    refusedButAppended: 0,
    refusedWithoutField: 0,
    unnamed: [],
    byClass: Object.fromEntries(
      hostileClasses.map((c) => [c, { total: 0, status5xx: 0, accepted: 0 }]),
    ),
    offenders: [],
  };
  const refused = new Map<string, HostileRequest>();
  const offend = (request: HostileRequest, status: number) => {
    if (counts.offenders.length < 60)
      counts.offenders.push({
        hostile: request.hostile,
        method: request.method,
        path: request.url.slice(0, 120),
        where: request.where,
        status,
      });
  };
  for (const request of suiteRequests(docs, options)) {
    const service = request.url.split('/')[1] ?? '';
    const { correlationId, status, fields } = await send(target, service, request, options.token);
    if (fieldStatuses.has(status) && fields.length === 0) {
      counts.refusedWithoutField += 1;
      if (counts.unnamed.length < 40)
        counts.unnamed.push({
          hostile: request.hostile,
          method: request.method,
          path: request.url.slice(0, 120),
          where: request.where,
          status,
        });
    }
    const byClass = counts.byClass[request.hostile]!;
    counts.total += 1;
    byClass.total += 1;
    if (status >= 500) {
      counts.status5xx += 1;
      byClass.status5xx += 1;
      offend(request, status);
    } else if (status < 300) {
      counts.hostileAccepted += 1;
      byClass.accepted += 1;
      offend(request, status);
    } else refused.set(correlationId, request);
  }
  await target.quiescent();
  const appended = await target.appendedBy([...refused.keys()]);
  for (const [correlationId, count] of appended) {
    if (count === 0) continue;
    counts.refusedButAppended += 1;
    offend(refused.get(correlationId)!, -count);
  }
  return counts;
}

/** Log lines that carry the suite's personal data (or the card number in any spacing). */
export function linesWithPersonalData(lines: string[]): string[] {
  const needles = [
    suitePersonalData.email,
    suitePersonalData.legalName,
    suitePersonalData.card,
    suitePersonalData.card.replace(/ /g, ''),
  ];
  return lines.filter((line) => needles.some((needle) => line.includes(needle)));
}
