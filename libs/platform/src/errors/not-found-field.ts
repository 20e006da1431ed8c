import type { FieldProblem } from '@billing/kernel';
import type { HttpRequest } from '../http.types';
import type { ProblemInit } from './problem.exception';

/** One id the client sent: where (a path parameter, a body or query field) and its value. */
interface SentId {
  field: string;
  value: string;
  /** Lower-case letters naming what the id points at: `invoice` for `invoiceId` or `/invoices/:id`. */
  names: string;
  inPath: boolean;
}

const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A 404 tells the client which of the ids it sent names no record. The domain knows only what is
 * missing (`INVOICE_NOT_FOUND`), not where the client put it, so the field is found here, from
 * the request: the id quoted in the detail, else the one sent in a field or under a path segment
 * named for the missing thing, else the only path parameter. A field the request does not hold
 * (a loader's own name for a path id) is replaced the same way.
 */
export function withNotFoundField(problem: ProblemInit, req: HttpRequest): ProblemInit {
  if (problem.status !== 404) return problem;
  const sent = sentIds(req);
  const named = (problem.errors ?? []).filter((e) => sent.some((s) => s.field === e.field));
  if (named.length > 0 || sent.length === 0) return problem;
  const missing = missingThing(problem.code);
  const match =
    sent.find((s) => problem.detail?.includes(s.value)) ??
    (missing ? sent.find((s) => s.names.endsWith(missing)) : undefined) ??
    onlyPathParameter(sent);
  if (!match) return problem;
  const reason = problem.detail ?? 'names no record';
  const errors: FieldProblem[] = [{ field: match.field, reason }];
  return { ...problem, errors };
}

/** `CREDIT_NOTE_NOT_FOUND` -> `creditnote`. */
function missingThing(code: string | undefined): string | undefined {
  const match = /^([A-Z_]+)_NOT_FOUND$/.exec(code ?? '');
  return match ? (match[1] as string).replace(/_/g, '').toLowerCase() : undefined;
}

function onlyPathParameter(sent: SentId[]): SentId | undefined {
  const params = sent.filter((s) => s.inPath);
  return params.length === 1 ? params[0] : undefined;
}

function sentIds(req: HttpRequest): SentId[] {
  return [...pathIds(req), ...bodyIds(req.body, '')];
}

/** `/invoicing/invoices/:id/credit-notes/:creditNoteId` -> id (invoice), creditNoteId (creditnote). */
function pathIds(req: HttpRequest): SentId[] {
  const segments = req.path.split('/').map(safeDecode);
  return Object.entries(req.params ?? {})
    .filter(([, value]) => typeof value === 'string' && uuidLike.test(value))
    .map(([field, value]) => {
      const at = segments.indexOf(value);
      const segment = at > 0 ? (segments[at - 1] as string).replace(/s$/, '') : '';
      const names = letters(field === 'id' ? segment : field.replace(/Id$/, ''));
      return { field, value, names, inPath: true };
    });
}

/** Every uuid-valued `...Id` field of a body, with its path (`instructions[0].invoiceId`). */
function bodyIds(value: unknown, path: string, depth = 0): SentId[] {
  if (depth > 8 || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value))
    return value.slice(0, 100).flatMap((item, i) => bodyIds(item, `${path}[${i}]`, depth + 1));
  return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => {
    const field = path === '' ? key : `${path}.${key}`;
    if (typeof item === 'string' && uuidLike.test(item) && /Id$/.test(key))
      return [{ field, value: item, names: letters(key.replace(/Id$/, '')), inPath: false }];
    return bodyIds(item, field, depth + 1);
  });
}

const letters = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
