import { isUtf8 } from 'node:buffer';
import { problemType } from '../errors/problem';
import { ProblemException } from '../errors/problem.exception';
import { RequestValidationError } from '../errors/request-validation.error';
import type { HttpRequest, HttpResponse, NextFunction } from '../http.types';
import { inspectRequestValue } from './request-value-inspection';

/** Set on a request whose body bytes were not valid UTF-8 (the parser then decodes them as U+FFFD). */
const invalidUtf8Marker = Symbol('billing:invalid-utf8');

type MarkedRequest = HttpRequest & { [invalidUtf8Marker]?: boolean };

/**
 * The JSON body parser's `verify` hook: sees the raw bytes before they are decoded. A body in
 * another charset is refused (415); bytes that are not UTF-8 mark the request, so the strict edge
 * can name the field that held them once the body is parsed (the decoder turns them into U+FFFD,
 * which would otherwise be stored as if the client had sent it).
 */
export function verifyUtf8Body(
  req: HttpRequest,
  _res: HttpResponse,
  body: Buffer,
  encoding: string | null,
): void {
  if (encoding !== null && encoding.toLowerCase() !== 'utf-8' && encoding.toLowerCase() !== 'utf8')
    throw new ProblemException({
      type: problemType('unsupported-media-type'),
      title: 'Unsupported media type',
      status: 415,
      detail: 'Send the request body as UTF-8 encoded application/json.',
    });
  if (!isUtf8(body)) (req as MarkedRequest)[invalidUtf8Marker] = true;
}

/**
 * One check for every route, after the body is parsed and before auth, idempotency fingerprints,
 * class-transformer or any handler touches the values: bounds (depth, array, object and string
 * sizes), prototype keys and unstorable text in the body and the query. Refusals are 400
 * `validation` problems naming each field, as the validation pipe's are.
 */
export function strictEdgeMiddleware() {
  return (req: HttpRequest, _res: HttpResponse, next: NextFunction): void => {
    const invalidUtf8 = (req as MarkedRequest)[invalidUtf8Marker] === true;
    const problems = [
      ...inspectRequestValue(req.query ?? {}, { invalidUtf8: queryHasInvalidUtf8(req) }),
      ...(req.body === undefined ? [] : inspectRequestValue(req.body, { invalidUtf8 })),
    ];
    if (problems.length === 0 && invalidUtf8) {
      // Invalid bytes the parser accepted yet no string shows: refuse the body as a whole.
      problems.push({ field: 'body', reason: 'must be valid UTF-8' });
    }
    next(problems.length > 0 ? new RequestValidationError(problems) : undefined);
  };
}

/** `?owner=%FF`: percent-escapes that are not UTF-8, which the query parser turns into U+FFFD. */
function queryHasInvalidUtf8(req: HttpRequest): boolean {
  const url = req.originalUrl || req.url;
  const start = url.indexOf('?');
  return start !== -1 && !isUtf8(percentDecodedBytes(url.slice(start + 1)));
}

/** The bytes a percent-encoded text stands for (`%C3%A9` -> 0xC3 0xA9), without decoding them. */
function percentDecodedBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const hex = text[i] === '%' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i] as string, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}
