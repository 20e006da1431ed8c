/**
 * The few parts of Express's request and response the platform touches. Declared here because
 * the workspace does not carry @types/express; Nest's Express adapter hands us these objects.
 */
export interface HttpRequest {
  method: string;
  url: string;
  originalUrl: string;
  path: string;
  body?: unknown;
  /** Express 5's parsed query string (plain strings and arrays of them). */
  query?: unknown;
  headers: Record<string, string | string[] | undefined>;
  header(name: string): string | undefined;
}

export interface HttpResponse {
  statusCode: number;
  headersSent: boolean;
  status(code: number): HttpResponse;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  getHeader(name: string): string | number | string[] | undefined;
  getHeaders(): Record<string, string | number | string[] | undefined>;
  type(contentType: string): HttpResponse;
  send(body: unknown): HttpResponse;
  end(): unknown;
  on(event: 'finish' | 'close', listener: () => void): unknown;
}

export type NextFunction = (error?: unknown) => void;
