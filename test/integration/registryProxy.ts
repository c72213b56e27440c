// Loopback stand-ins in front of (or instead of) the real registry, for the cases Apicurio cannot show by
// itself: a registry that demands basic auth or a bearer token (a proxy that checks the header and then
// forwards to Apicurio), a port that accepts and stays silent, and a web server that answers HTML.
import * as http from 'node:http';
import * as net from 'node:net';

export interface Proxy {
  /** The proxy's base URL with the registry's path (…/apis/ccompat/v7). */
  url: string;
  /** Connections accepted so far (keep-alive reuses them). */
  connections(): number;
  /** Request headers as received, last first. */
  seen: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A proxy to `target` (a ccompat URL) that answers 401 unless the Authorization header equals `expected`. */
export async function authProxy(target: string, expected: string): Promise<Proxy> {
  const t = new URL(target);
  let connections = 0;
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.unshift(req.headers);
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="registry"' });
      res.end(JSON.stringify({ error_code: 401, message: 'Unauthorized' }));
      return;
    }
    const headers = { ...req.headers, host: t.host };
    delete headers.authorization;
    const up = http.request({ hostname: t.hostname, port: t.port, method: req.method, path: req.url, headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', (e) => { res.writeHead(502); res.end(e.message); });
    req.pipe(up);
  });
  server.on('connection', () => { connections++; });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}${t.pathname}`,
    connections: () => connections,
    seen,
    close: () => { server.closeAllConnections(); return closeServer(server); },
  };
}

/** A TCP port that accepts connections and never answers. */
export async function silentPort(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => { sockets.add(s); s.on('error', () => undefined); });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/apis/ccompat/v7`,
    close: () => { for (const s of sockets) s.destroy(); return closeServer(server); },
  };
}

/** A web server that answers every request with an HTML page (200 at /, 404 below it). */
export async function htmlServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.writeHead(req.url === '/' ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><body><h1>Welcome</h1></body></html>');
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, close: () => { server.closeAllConnections(); return closeServer(server); } };
}
