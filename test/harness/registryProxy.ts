// Loopback stand-ins in front of (or instead of) the real registry, for the cases Apicurio cannot show by
// itself: a registry that demands basic auth or a bearer token (a proxy that checks the header and then
// forwards to Apicurio), one that goes down and comes back on the same port, a port that accepts and stays
// silent, and a web server that answers HTML. Used by the integration and the extension-host suites.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Proxy {
  /** The proxy's base URL with the registry's path (…/apis/ccompat/v7). */
  url: string;
  /** Connections accepted so far (keep-alive reuses them). */
  connections(): number;
  /** Request headers as received, last first. */
  seen: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

function listen(server: net.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A throwaway self-signed certificate for 127.0.0.1 (Java's keytool, as the Kafka harness makes its own): PKCS12 and its PEM. */
export async function selfSignedCert(dir: string): Promise<{ pfx: Buffer; passphrase: string; caFile: string }> {
  const p12 = join(dir, 'registry.p12');
  const caFile = join(dir, 'registry-ca.pem');
  const passphrase = 'kafka-dev-test';
  await run('keytool', ['-genkeypair', '-alias', 'registry', '-keyalg', 'EC', '-groupname', 'secp256r1', '-validity', '2',
    '-dname', 'CN=kafka-dev-test-registry', '-ext', 'SAN=ip:127.0.0.1,dns:localhost',
    '-keystore', p12, '-storetype', 'PKCS12', '-storepass', passphrase, '-keypass', passphrase]);
  await run('keytool', ['-exportcert', '-alias', 'registry', '-rfc', '-keystore', p12, '-storepass', passphrase, '-file', caFile]);
  return { pfx: readFileSync(p12), passphrase, caFile };
}

/**
 * A proxy to `target` (a ccompat URL) that answers 401 unless the Authorization header equals `expected`
 * (undefined: no check); with `tls` it is an HTTPS server with that certificate. `port` 0 picks a free one.
 */
export async function authProxy(target: string, expected: string | undefined, tls?: { pfx: Buffer; passphrase: string }, port = 0): Promise<Proxy> {
  const t = new URL(target);
  let connections = 0;
  const seen: http.IncomingHttpHeaders[] = [];
  const handler: http.RequestListener = (req, res) => {
    seen.unshift(req.headers);
    if (expected !== undefined && req.headers.authorization !== expected) {
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
  };
  const server = tls ? https.createServer({ pfx: tls.pfx, passphrase: tls.passphrase }, handler) : http.createServer(handler);
  server.on(tls ? 'secureConnection' : 'connection', () => { connections++; });
  const bound = await listen(server, port);
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${bound}${t.pathname}`,
    connections: () => connections,
    seen,
    close: () => { server.closeAllConnections(); return closeServer(server); },
  };
}

/** The basic-auth header a proxy expects for `user` and `password`. */
export const basicAuth = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export interface RestartableProxy {
  /** The proxy's URL with the registry's path (…/apis/ccompat/v7); the same across stop/start. */
  readonly url: string;
  /** Listens (again) on the same port. */
  start(): Promise<void>;
  /** Stops listening and drops open keep-alive connections: requests are refused, as by a registry that is down. */
  stop(): Promise<void>;
}

/** An authProxy that can be stopped and started again on the same port (a registry that is down, then back). */
export async function restartableProxy(target: string, expected?: string): Promise<RestartableProxy> {
  let live: Proxy | undefined = await authProxy(target, expected);
  const url = live.url;
  const port = Number(new URL(url).port);
  return {
    url,
    async start() { live ??= await authProxy(target, expected, undefined, port); },
    async stop() { const p = live; live = undefined; await p?.close(); },
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
