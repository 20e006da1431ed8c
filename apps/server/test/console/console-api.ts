import { randomUUID } from 'node:crypto';

/** A small HTTP client for the console tests: JSON in, JSON out, a bearer token, fresh keys. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async get<T = Record<string, unknown>>(path: string): Promise<T> {
    return (await this.call('GET', path)) as T;
  }

  async post<T = Record<string, unknown>>(path: string, body: object): Promise<T> {
    return (await this.call('POST', path, body)) as T;
  }

  /** The raw answer of a GET (a PDF, or a refusal to look at), with this client's token or none. */
  raw(path: string, options: { anonymous?: boolean } = {}): Promise<Response> {
    return fetch(this.baseUrl + path, {
      headers: options.anonymous ? {} : { authorization: `Bearer ${this.token}` },
    });
  }

  private async call(method: string, path: string, body?: object): Promise<unknown> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': 'application/json',
        ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
}
