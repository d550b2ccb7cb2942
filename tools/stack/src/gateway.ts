import http from 'node:http';
import type { ErrorBody } from '@vplan/contracts';

/** Where the gateway sends `/<service>/…`; undefined: the service is not running in this stack. */
export type Routes = Record<string, number | undefined>;

export interface GatewayOptions {
  routes: Routes;
  /** Upstream host (default 127.0.0.1). */
  upstreamHost?: string;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function forwardable(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const listed = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase());
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

function sendError(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  code: ErrorBody['error']['code'],
  message: string,
): void {
  const correlationId = req.headers['x-correlation-id'];
  const body: ErrorBody = {
    error: {
      code,
      message,
      ...(typeof correlationId === 'string' ? { correlationId } : {}),
    },
  };
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

/**
 * The dev stack's reverse proxy: `/<service>/…` goes unchanged (path, query, method,
 * headers including Authorization and x-correlation-id, streamed body) to that service's
 * port; a service that is not running answers 502 with the error body of
 * @vplan/contracts. `GET /` lists the routes
 * (`{ services: { <name>: <port> | null } }`, null: not running).
 */
export function createGateway(options: GatewayOptions): http.Server {
  const host = options.upstreamHost ?? '127.0.0.1';
  const names = Object.keys(options.routes);
  return http.createServer((req, res) => {
    const url = req.url ?? '/';
    const service = url.split(/[/?#]/)[1] ?? '';
    if (service === '' && req.method === 'GET') {
      const services = Object.fromEntries(
        names.map((name) => [name, options.routes[name] ?? null]),
      );
      const json = JSON.stringify({ services });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(json);
      return;
    }
    if (!names.includes(service)) {
      sendError(
        req,
        res,
        404,
        'NOT_FOUND',
        `no service "${service}" here; the paths start with /${names.join(', /')}`,
      );
      return;
    }
    const port = options.routes[service];
    if (port === undefined) {
      sendError(req, res, 502, 'UNAVAILABLE', `service "${service}" is not running in this stack`);
      return;
    }
    const headers = forwardable(req.headers);
    const remote = req.socket.remoteAddress;
    headers['x-forwarded-for'] = [req.headers['x-forwarded-for'], remote]
      .filter(Boolean)
      .join(', ');
    headers['x-forwarded-host'] = req.headers.host ?? '';
    headers['x-forwarded-proto'] = 'http';
    const upstream = http.request({ host, port, method: req.method, path: url, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.statusMessage, forwardable(up.headers));
      up.pipe(res);
      up.on('error', () => res.destroy());
    });
    upstream.on('error', (error) => {
      if (res.headersSent) {
        res.destroy(error);
        return;
      }
      const reason = (error as NodeJS.ErrnoException).code ?? error.message;
      sendError(
        req,
        res,
        502,
        'UNAVAILABLE',
        `service "${service}" does not answer on port ${port} (${reason})`,
      );
    });
    // A client that goes away takes its upstream request with it.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
}
