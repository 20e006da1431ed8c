import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { mapError, problemContentType } from '@billing/platform';
import { consoleDist } from './console-build';
import { mintConsoleSession } from './console-session';

export interface ConsoleGatewayOptions {
  /** Where each service answers, by its prefix: `{ invoicing: 'http://127.0.0.1:3001' }`. */
  upstreams: Record<string, string>;
  /** Given: POST /console/session mints tokens with it (local stacks only, never production). */
  localSignInSecret?: string;
  dist?: string;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * The console for the stack, where each service has its own port: one origin that serves the
 * built console at /console and passes /<service>/... to that service unchanged (headers, body,
 * status), so the browser calls one origin as it does in embedded mode.
 */
export function createConsoleGateway(options: ConsoleGatewayOptions): http.Server {
  const dist = options.dist ?? consoleDist;
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const prefix = url.pathname.split('/')[1] ?? '';
    if (url.pathname === '/console/session' && req.method === 'POST' && options.localSignInSecret)
      return void signIn(req, res, options.localSignInSecret);
    if (prefix === 'console') return serveStatic(dist, url.pathname, res);
    const upstream = options.upstreams[prefix];
    if (!upstream) return answer(res, 404, 'text/plain', 'Not found');
    proxy(req, res, new URL(url.pathname + url.search, upstream));
  });
}

function serveStatic(dist: string, pathname: string, res: http.ServerResponse): void {
  if (pathname === '/console') {
    res.writeHead(308, { Location: '/console/' }).end();
    return;
  }
  const relative = decodeURIComponent(pathname.slice('/console/'.length)) || 'index.html';
  const file = path.resolve(dist, relative);
  // Nothing outside the built folder, whatever the path says.
  if (
    !file.startsWith(path.resolve(dist) + path.sep) ||
    !fs.existsSync(file) ||
    !fs.statSync(file).isFile()
  )
    return answer(res, 404, 'text/plain', 'Not found');
  const type = types[path.extname(file)] ?? 'application/octet-stream';
  answer(res, 200, type, fs.readFileSync(file));
}

function proxy(req: http.IncomingMessage, res: http.ServerResponse, target: URL): void {
  const forwarded = http.request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(res);
    },
  );
  forwarded.on('error', () => answer(res, 502, 'text/plain', `${target.host} did not answer`));
  req.pipe(forwarded);
}

function signIn(req: http.IncomingMessage, res: http.ServerResponse, secret: string): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      body = undefined;
    }
    void mintConsoleSession(body, secret).then((outcome) =>
      outcome.ok
        ? answer(res, 201, 'application/json', JSON.stringify(outcome.body))
        : answer(res, 400, problemContentType, JSON.stringify(mapError(outcome.error).problem)),
    );
  });
}

function answer(
  res: http.ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}
