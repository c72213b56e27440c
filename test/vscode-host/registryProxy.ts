// A loopback HTTP proxy in front of a real registry, for the extension-host suites: it can demand basic
// auth (401 without the right Authorization, as a registry behind a gateway does), and be stopped and
// started again on the same port (a registry that is down, then back).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../harness/ports';

export interface RegistryProxy {
  /** The proxy's URL with the registry's path (…/apis/ccompat/v7). */
  readonly url: string;
  /** Starts listening (again) on the same port. */
  start(): Promise<void>;
  /** Stops listening and drops open keep-alive connections: requests are refused. */
  stop(): Promise<void>;
}

export async function registryProxy(target: string, basic?: { user: string; password: string }): Promise<RegistryProxy> {
  const t = new URL(target);
  const port = await freePort();
  const want = basic ? `Basic ${Buffer.from(`${basic.user}:${basic.password}`).toString('base64')}` : undefined;
  let server: http.Server | undefined;
  const handler: http.RequestListener = (req, res) => {
    if (want && req.headers.authorization !== want) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="registry"' });
      res.end(JSON.stringify({ error_code: 401, message: 'Unauthorized' }));
      return;
    }
    const headers = { ...req.headers, host: t.host };
    delete headers.authorization;
    const up = http.request({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
    req.pipe(up);
  };
  const proxy: RegistryProxy = {
    url: `http://127.0.0.1:${port}${t.pathname.replace(/\/$/, '')}`,
    async start() {
      if (server) return;
      const s = http.createServer(handler);
      await new Promise<void>((resolve, reject) => { s.once('error', reject); s.listen(port, '127.0.0.1', () => resolve()); });
      if ((s.address() as AddressInfo).port !== port) throw new Error('proxy bound another port');
      server = s;
    },
    async stop() {
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
  await proxy.start();
  return proxy;
}
