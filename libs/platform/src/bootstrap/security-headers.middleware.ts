import type { HttpRequest, HttpResponse, NextFunction } from '../http.types';

/**
 * Set on every answer, errors included: a browser must not guess a content type (a JSON body
 * read as HTML), and no cache may keep an answer, which can carry personal and financial data.
 */
export function securityHeadersMiddleware() {
  return (_req: HttpRequest, res: HttpResponse, next: NextFunction): void => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
